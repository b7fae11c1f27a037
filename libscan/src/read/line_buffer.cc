#include "read/line_buffer.h"

#include <algorithm>
#include <cstring>

namespace leakscan {

namespace {
constexpr std::size_t kReadChunk = 1 << 20;
}

LineBuffer::LineBuffer(ByteSource& source, std::size_t max_fragment)
    : source_(source), max_fragment_(max_fragment) {}

bool LineBuffer::fill() {
  if (eof_) return false;
  // Drop consumed bytes before growing, so the buffer stays near
  // max_fragment + kReadChunk whatever the stream size.
  if (head_ > 0 && head_ >= buffer_.size() / 2) {
    buffer_.erase(0, head_);
    head_ = 0;
  }
  std::size_t old = buffer_.size();
  buffer_.resize(old + kReadChunk);
  std::size_t n = source_.read(buffer_.data() + old, kReadChunk);
  buffer_.resize(old + n);
  if (translate_cr_) std::replace(buffer_.begin() + static_cast<std::ptrdiff_t>(old), buffer_.end(), '\r', '\n');
  if (n == 0) eof_ = true;
  return n > 0;
}

std::string_view LineBuffer::peek(std::size_t n) {
  while (buffer_.size() - head_ < n && fill()) {
  }
  return std::string_view(buffer_).substr(head_, n);
}

void LineBuffer::skip(std::size_t n) {
  head_ += n;
  offset_ += n;
}

bool LineBuffer::next_line(Line& line) {
  std::size_t searched = 0;
  for (;;) {
    const char* begin = buffer_.data() + head_;
    std::size_t available = buffer_.size() - head_;
    const void* nl = available > searched
                         ? std::memchr(begin + searched, '\n', available - searched)
                         : nullptr;
    std::size_t length = 0;
    bool complete = false;
    if (nl != nullptr) {
      length = static_cast<std::size_t>(static_cast<const char*>(nl) - begin) + 1;
      complete = true;
    } else if (available >= max_fragment_) {
      length = max_fragment_;
    } else {
      searched = available;
      if (fill()) continue;
      if (available == 0) return false;
      length = available;  // last line without a line ending
    }
    if (length > max_fragment_) {
      length = max_fragment_;
      complete = false;
    }
    line.bytes = std::string_view(buffer_.data() + head_, length);
    line.offset = offset_;
    line.at_line_start = !mid_line_;
    mid_line_ = !complete;
    head_ += length;
    offset_ += length;
    return true;
  }
}

void LineBuffer::translate_cr_to_lf() {
  translate_cr_ = true;
  std::replace(buffer_.begin() + static_cast<std::ptrdiff_t>(head_), buffer_.end(), '\r', '\n');
}

void LineBuffer::unread(std::string_view bytes, std::uint64_t offset) {
  buffer_.replace(0, head_, bytes);
  head_ = 0;
  offset_ = offset;
  mid_line_ = false;
}

}  // namespace leakscan
