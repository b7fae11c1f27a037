// The leakscan command line: one function per subcommand, no scanning logic
// (that lives in libscan).
#pragma once

#include <libscan/pipeline.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace leakscan::cli {

// SPEC §8 exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFiguresDiffer = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInput = 3;

// The bytes of a small file named on the command line (a summary.json),
// nullopt when it is not a regular file that opens: a directory opens as a
// stream and would throw std::ios_base::failure on the first read.
inline std::optional<std::string> read_small_file(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

int run_scan(const std::vector<std::string>& args);
int run_dump(const std::vector<std::string>& args);
int run_verify(const std::vector<std::string>& args);

// The rule directory: --rules, else $LEAKSCAN_RULES, else the installed
// share/leakscan/rules next to the binary, else the source tree's rules/.
std::string find_rules_directory(const std::string& option);

// The progress line on standard error: bytes, messages, MB/s, ETA. Silent
// unless standard error is a terminal (or `force`), at most 4 updates/s.
class ProgressLine {
 public:
  explicit ProgressLine(bool enabled);
  void update(const Progress& p);
  void finish();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace leakscan::cli
