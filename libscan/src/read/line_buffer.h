// Line-at-a-time access to a byte stream with absolute offsets, lookahead
// for format detection, and push-back for the mboxcl splitter. Long lines are
// returned in fragments so that one line never needs unbounded memory.
// Not thread-safe.
#pragma once

#include "read/byte_source.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace leakscan {

class LineBuffer {
 public:
  struct Line {
    std::string_view bytes;     // with its line ending, if any
    std::uint64_t offset = 0;   // in the stream
    bool at_line_start = true;  // false for the continuation of a long line
  };

  explicit LineBuffer(ByteSource& source, std::size_t max_fragment = 1 << 20);

  // At least `n` bytes from the current position if the stream has them.
  std::string_view peek(std::size_t n);

  // The next line or fragment; false at the end of the stream. The view is
  // valid until the next call on this object.
  bool next_line(Line& line);

  // Skips `n` bytes (n <= what peek() returned).
  void skip(std::size_t n);

  // Puts back `bytes`, which must be exactly the bytes that preceded the
  // current position, starting at stream offset `offset`.
  void unread(std::string_view bytes, std::uint64_t offset);

  std::uint64_t offset() const { return offset_; }

  // Classic Mac OS files end lines with CR alone: read every CR as LF from
  // here on (same length, so offsets stay true).
  void translate_cr_to_lf();

 private:
  bool fill();

  char* data() { return storage_.get(); }
  std::size_t available() const { return size_ - head_; }
  void reserve_tail(std::size_t bytes);

  ByteSource& source_;
  std::size_t max_fragment_;
  // Not a std::string: growing one zero-fills it, and a scan opens
  // thousands of small files with a 1 MiB buffer each.
  std::unique_ptr<char[]> storage_;
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;  // bytes held in storage_
  std::size_t head_ = 0;  // first unconsumed byte
  std::uint64_t offset_ = 0;
  bool eof_ = false;
  bool mid_line_ = false;
  bool translate_cr_ = false;
};

}  // namespace leakscan
