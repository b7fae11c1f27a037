// Runs a fuzz target once over each file named on the command line (or
// each file of a named directory), as libFuzzer does with file arguments:
// the regression inputs of fuzzing become tests of every build. As under
// libFuzzer, an input that takes too long or makes the process too large
// fails too (bounds looser than fuzzing's, for the -O0 sanitizer build).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

constexpr double kMaxSeconds = 30;
constexpr long kMaxRssMb = 1024;

bool run_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto start = std::chrono::steady_clock::now();
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  struct rusage usage {};
  ::getrusage(RUSAGE_SELF, &usage);
  long rss_mb = usage.ru_maxrss / 1024;
  std::printf("%s (%zu bytes): %.3f s, peak RSS %ld MB\n", path.c_str(), bytes.size(), seconds, rss_mb);
  if (seconds > kMaxSeconds || rss_mb > kMaxRssMb) {
    std::printf("FAILED: over %.0f s or %ld MB\n", kMaxSeconds, kMaxRssMb);
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::size_t runs = 0;
  for (int i = 1; i < argc; ++i) {
    std::vector<fs::path> files;
    if (fs::is_directory(argv[i])) {
      for (const auto& entry : fs::recursive_directory_iterator(argv[i]))
        if (entry.is_regular_file()) files.push_back(entry.path());
    } else {
      files.emplace_back(argv[i]);
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
      if (!run_file(f)) return 1;
      ++runs;
    }
  }
  std::printf("%zu inputs passed\n", runs);
  return 0;
}
