// The leakscan command line: one function per subcommand, no scanning logic
// (that lives in libscan).
#pragma once

#include <libscan/pipeline.h>

#include <chrono>
#include <string>
#include <vector>

namespace leakscan::cli {

// SPEC §8 exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFiguresDiffer = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInput = 3;

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
