#include "read/byte_source.h"

#include <libscan/error.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

namespace leakscan {

FileSource::FileSource(const std::string& path) : path_(path) {
  if (path == "-") {
    fd_ = STDIN_FILENO;
    owns_fd_ = false;
    return;
  }
  // O_NOATIME keeps reading from touching the evidence's access time; the
  // kernel allows it only to the file's owner, so fall back without it.
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOATIME);
  if (fd_ < 0 && errno == EPERM) fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd_ < 0) throw InputError(path, std::strerror(errno));
  struct stat st {};
  if (::fstat(fd_, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd_);
    throw InputError(path, "is a directory");
  }
#ifdef POSIX_FADV_SEQUENTIAL
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
}

FileSource::~FileSource() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
}

std::string_view FileSource::peek(std::size_t n) {
  while (pending_.size() < n) {
    std::size_t old = pending_.size();
    pending_.resize(n);
    std::size_t got = raw_read(pending_.data() + old, n - old);
    pending_.resize(old + got);
    if (got == 0) break;
  }
  return std::string_view(pending_).substr(0, n);
}

std::size_t FileSource::read(char* out, std::size_t capacity) {
  if (!pending_.empty()) {
    std::size_t n = std::min(capacity, pending_.size());
    std::copy_n(pending_.data(), n, out);
    pending_.erase(0, n);
    return n;
  }
  return raw_read(out, capacity);
}

std::size_t FileSource::raw_read(char* out, std::size_t capacity) {
  for (;;) {
    ssize_t n = ::read(fd_, out, capacity);
    if (n >= 0) {
      hash_.update(std::string_view(out, static_cast<std::size_t>(n)));
      position_ += static_cast<std::uint64_t>(n);
      return static_cast<std::size_t>(n);
    }
    if (errno != EINTR) throw InputError(path_, std::strerror(errno));
  }
}

std::string FileSource::finish() {
  constexpr std::size_t kScratch = 1 << 16;
  std::unique_ptr<char[]> scratch(new char[kScratch]);
  while (read(scratch.get(), kScratch) > 0) {
  }
  return hash_.finish_hex();
}

struct GzipSource::State {
  z_stream zs{};
  std::string input = std::string(1 << 16, '\0');
  bool initialised = false;
};

GzipSource::GzipSource(ByteSource& stored) : stored_(stored), state_(std::make_unique<State>()) {
  // 16 + MAX_WBITS: expect a gzip wrapper, check its CRC and length.
  if (inflateInit2(&state_->zs, 16 + MAX_WBITS) != Z_OK) throw std::runtime_error("zlib init");
  state_->initialised = true;
}

GzipSource::~GzipSource() {
  if (state_->initialised) inflateEnd(&state_->zs);
}

std::size_t GzipSource::read(char* out, std::size_t capacity) {
  z_stream& zs = state_->zs;
  while (!done_) {
    if (zs.avail_in == 0) {
      std::size_t n = stored_.read(state_->input.data(), state_->input.size());
      if (n == 0) {
        done_ = true;
        if (zs.total_in != 0) {
          defects_.push_back({"gzip.truncated", "input",
                              "compressed stream ends inside a member after " + std::to_string(produced_) + " bytes"});
        }
        break;
      }
      zs.next_in = reinterpret_cast<Bytef*>(state_->input.data());
      zs.avail_in = static_cast<uInt>(n);
    }
    zs.next_out = reinterpret_cast<Bytef*>(out);
    zs.avail_out = static_cast<uInt>(capacity);
    int rc = inflate(&zs, Z_NO_FLUSH);
    std::size_t produced = capacity - zs.avail_out;
    produced_ += produced;
    if (rc == Z_STREAM_END) {
      // Another member may follow (concatenated gzip files); total_in is 0
      // right after a reset, which tells a clean end from a cut member.
      inflateReset(&zs);
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      done_ = true;
      defects_.push_back(
          {"gzip.corrupt", "input",
           std::string(zs.msg ? zs.msg : "inflate failed") + " after " + std::to_string(produced_) + " bytes"});
    }
    if (produced > 0) return produced;
  }
  return 0;
}

}  // namespace leakscan
