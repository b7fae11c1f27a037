#include "cli.h"

#include <unistd.h>
#include <cstdio>

namespace leakscan::cli {

ProgressLine::ProgressLine(bool enabled)
    : enabled_(enabled && ::isatty(STDERR_FILENO) == 1), start_(std::chrono::steady_clock::now()), last_(start_) {}

void ProgressLine::update(const Progress& p) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(250)) return;
  last_ = now;
  double seconds = std::chrono::duration<double>(now - start_).count();
  double mb = static_cast<double>(p.stored_bytes_done) / 1e6;
  double rate = seconds > 0 ? mb / seconds : 0;
  char eta[32] = "--:--";
  if (p.stored_bytes_total > p.stored_bytes_done && rate > 0) {
    double left = (static_cast<double>(p.stored_bytes_total - p.stored_bytes_done) / 1e6) / rate;
    std::snprintf(eta, sizeof eta, "%d:%02d", static_cast<int>(left) / 60, static_cast<int>(left) % 60);
  } else if (p.stored_bytes_total > 0) {
    std::snprintf(eta, sizeof eta, "0:00");
  }
  std::fprintf(stderr, "\r%10.1f MB  %10llu messages  %8.1f MB/s  ETA %s   ", mb,
               static_cast<unsigned long long>(p.messages), rate, eta);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressLine::finish() {
  if (enabled_ && drawn_) std::fputc('\n', stderr);
  drawn_ = false;
}

}  // namespace leakscan::cli
