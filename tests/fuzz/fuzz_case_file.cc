// The case-file parser (YAML) on arbitrary text, in a directory where the
// sample's list files exist, so that references to them resolve. A bad file
// must be a ConfigError, never another exception or a crash.
#include "fuzz_support.h"

#include <libscan/case.h>
#include <libscan/error.h>

#include <filesystem>
#include <fstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace leakscan;
  namespace fs = std::filesystem;
  static const CaseLists* lists = new CaseLists(CaseLists::load(LEAKSCAN_SOURCE_DIR "/rules/lists"));
  static const fs::path* directory = [] {
    std::string pattern = (fs::temp_directory_path() / "leakscan-fuzz-case-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) fuzz::fail("mkdtemp");
    fs::create_directory_symlink(LEAKSCAN_SOURCE_DIR "/samples/basic/lists", fs::path(pattern) / "lists");
    return new fs::path(pattern);
  }();
  const fs::path file = *directory / "case.yaml";
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    load_case_file(file.string(), *lists);
  } catch (const ConfigError&) {
  }
  return 0;
}
