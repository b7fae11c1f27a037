// Low-level writing for the files of --out: every failure is an OutputError
// naming the file and the system's reason.
#pragma once

#include <libscan/report.h>

#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>

namespace leakscan {

[[noreturn]] inline void fail_output(const std::string& what, const std::string& path) {
  throw OutputError(path + ": " + what + ": " + std::strerror(errno));
}

// Writes all of `bytes` to `fd`, through short writes and interruptions.
inline void write_all(int fd, std::string_view bytes, const char* what, const std::string& path) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_output(what, path);
    }
    written += static_cast<std::size_t>(n);
  }
}

}  // namespace leakscan
