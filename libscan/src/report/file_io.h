// Low-level writing for the files of --out: every failure is an OutputError
// naming the file and the system's reason.
#pragma once

#include <libscan/report.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstdint>
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

// Opens (creating it 0600) a file a checkpoint continues: cut back to the
// `keep_bytes` its last mark counted, positioned at the end of them. What an
// interrupted run wrote after its mark is not part of the scan. A file
// shorter than `keep_bytes` is an OutputError: it is not the one marked.
inline int open_at_mark(const std::string& path, std::uint64_t keep_bytes) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | (keep_bytes == 0 ? O_TRUNC : 0), 0600);
  if (fd < 0) fail_output("cannot create", path);
  struct stat st {};
  if (::fchmod(fd, 0600) != 0 || ::fstat(fd, &st) != 0) {
    ::close(fd);
    fail_output("cannot set the mode of", path);
  }
  if (static_cast<std::uint64_t>(st.st_size) < keep_bytes) {
    ::close(fd);
    errno = EINVAL;
    fail_output("shorter than its checkpoint says", path);
  }
  if (::ftruncate(fd, static_cast<off_t>(keep_bytes)) != 0 ||
      ::lseek(fd, static_cast<off_t>(keep_bytes), SEEK_SET) < 0) {
    ::close(fd);
    fail_output("cannot cut back to its checkpoint", path);
  }
  return fd;
}

}  // namespace leakscan
