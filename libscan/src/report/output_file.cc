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

OutputFile::OutputFile(const std::string& dir, const std::string& name) : path_(dir + "/" + name) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) fail("cannot create directory", dir);
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    errno = ENOTDIR;
    fail("not a directory", dir);
  }
  temporary_ = dir + "/." + name + ".XXXXXX";
  fd_ = ::mkstemp(temporary_.data());  // creates with mode 0600
  if (fd_ < 0) fail("cannot create", temporary_);
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(temporary_.c_str());
  }
}

void OutputFile::write(std::string_view bytes) {
  buffer_.append(bytes);
  if (buffer_.size() >= (1u << 20)) flush();
}

void OutputFile::flush() {
  std::size_t written = 0;
  while (written < buffer_.size()) {
    ssize_t n = ::write(fd_, buffer_.data() + written, buffer_.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write", temporary_);
    }
    written += static_cast<std::size_t>(n);
  }
  buffer_.clear();
}

void OutputFile::commit() {
  flush();
  if (::fsync(fd_) != 0) fail("cannot write", temporary_);
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    ::unlink(temporary_.c_str());
    fail("cannot write", temporary_);
  }
  if (::rename(temporary_.c_str(), path_.c_str()) != 0) {
    ::unlink(temporary_.c_str());
    fail("cannot rename to", path_);
  }
}

void write_output_file(const std::string& dir, const std::string& name, const std::string& contents) {
  OutputFile file(dir, name);
  file.write(contents);
  file.commit();
}

}  // namespace leakscan
