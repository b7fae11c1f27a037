// Byte streams under the mailbox readers: a file or standard input (hashed
// as it is read) and a gzip decompressor over either. Not thread-safe.
#pragma once

#include <libscan/message.h>

#include "read/sha256.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `capacity` bytes; returns 0 at the end of the stream.
  // Throws InputError on an I/O error.
  virtual std::size_t read(char* out, std::size_t capacity) = 0;
  // Stored (on-disk) bytes consumed so far.
  virtual std::uint64_t stored_position() const = 0;
};

// A file opened read-only (or standard input for "-"), hashed as read.
class FileSource final : public ByteSource {
 public:
  // Throws InputError when the file cannot be opened or is a directory.
  explicit FileSource(const std::string& path);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;  // owns a file descriptor
  FileSource& operator=(const FileSource&) = delete;

  std::size_t read(char* out, std::size_t capacity) override;
  std::uint64_t stored_position() const override { return position_ - pending_.size(); }

  // The first bytes of the file without consuming them (format detection).
  std::string_view peek(std::size_t n);

  // Reads and hashes whatever the consumer left unread, so that the digest
  // always covers the whole file; returns the hex SHA-256.
  std::string finish();

 private:
  std::string path_;
  int fd_ = -1;
  bool owns_fd_ = true;
  std::size_t raw_read(char* out, std::size_t capacity);

  std::uint64_t position_ = 0;  // bytes read from the descriptor
  std::string pending_;         // peeked, not yet consumed
  Sha256 hash_;
};

// gzip (RFC 1952, also concatenated members) over another source. Damage
// ends the stream early and is reported through defects().
class GzipSource final : public ByteSource {
 public:
  explicit GzipSource(ByteSource& stored);
  ~GzipSource() override;
  GzipSource(const GzipSource&) = delete;  // owns zlib state
  GzipSource& operator=(const GzipSource&) = delete;

  std::size_t read(char* out, std::size_t capacity) override;
  std::uint64_t stored_position() const override { return stored_.stored_position(); }
  const std::vector<Defect>& defects() const { return defects_; }

 private:
  struct State;
  ByteSource& stored_;
  std::unique_ptr<State> state_;
  std::vector<Defect> defects_;
  std::uint64_t produced_ = 0;
  bool done_ = false;
};

inline bool starts_with_gzip_magic(const char* data, std::size_t size) {
  return size >= 2 && static_cast<unsigned char>(data[0]) == 0x1f && static_cast<unsigned char>(data[1]) == 0x8b;
}

}  // namespace leakscan
