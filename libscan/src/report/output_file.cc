#include <libscan/report.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace leakscan {

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw OutputError(path + ": " + what + ": " + std::strerror(errno));
}

}  // namespace

void write_output_file(const std::string& dir, const std::string& name, const std::string& contents) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) fail("cannot create directory", dir);
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    errno = ENOTDIR;
    fail("not a directory", dir);
  }
  std::string path = dir + "/" + name;
  std::string temporary = dir + "/." + name + ".XXXXXX";
  int fd = ::mkstemp(temporary.data());  // creates with mode 0600
  if (fd < 0) fail("cannot create", temporary);
  std::size_t written = 0;
  while (written < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      ::unlink(temporary.c_str());
      fail("cannot write", temporary);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(temporary.c_str());
    fail("cannot write", temporary);
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    ::unlink(temporary.c_str());
    fail("cannot rename to", path);
  }
}

}  // namespace leakscan
