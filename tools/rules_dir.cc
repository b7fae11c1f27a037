#include "cli.h"

#include <cstdlib>
#include <filesystem>

namespace leakscan::cli {

std::string find_rules_directory(const std::string& option) {
  namespace fs = std::filesystem;
  if (!option.empty()) return option;
  if (const char* env = std::getenv("LEAKSCAN_RULES")) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share" / "leakscan" / "rules";
    if (fs::is_directory(installed, ec)) return installed.string();
  }
  return LEAKSCAN_SOURCE_RULES_DIR;  // a build tree: the rules of the source tree
}

}  // namespace leakscan::cli
