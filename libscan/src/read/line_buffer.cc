#include "read/line_buffer.h"

#include <algorithm>
#include <cstring>

namespace leakscan {

namespace {
constexpr std::size_t kReadChunk = 1 << 20;
}

LineBuffer::LineBuffer(ByteSource& source, std::size_t max_fragment) : source_(source), max_fragment_(max_fragment) {}

void LineBuffer::reserve_tail(std::size_t bytes) {
  // Drop consumed bytes first, so the buffer stays near max_fragment +
  // kReadChunk whatever the stream size.
  if (head_ > 0 && head_ >= size_ / 2) {
    std::memmove(data(), data() + head_, size_ - head_);
    size_ -= head_;
    head_ = 0;
  }
  if (size_ + bytes <= capacity_) return;
  std::size_t capacity = std::max(size_ + bytes, capacity_ * 2);
  std::unique_ptr<char[]> grown(new char[capacity]);
  if (size_ > head_) std::memcpy(grown.get(), data() + head_, size_ - head_);
  size_ -= head_;
  head_ = 0;
  storage_ = std::move(grown);
  capacity_ = capacity;
}

bool LineBuffer::fill() {
  if (eof_) return false;
  reserve_tail(kReadChunk);
  std::size_t n = source_.read(data() + size_, kReadChunk);
  if (translate_cr_) std::replace(data() + size_, data() + size_ + n, '\r', '\n');
  size_ += n;
  if (n == 0) eof_ = true;
  return n > 0;
}

std::string_view LineBuffer::peek(std::size_t n) {
  while (available() < n && fill()) {
  }
  return std::string_view(data() + head_, std::min(n, available()));
}

void LineBuffer::skip(std::size_t n) {
  head_ += n;
  offset_ += n;
}

bool LineBuffer::next_line(Line& line) {
  std::size_t searched = 0;
  for (;;) {
    const char* begin = data() + head_;
    std::size_t avail = available();
    const void* nl = avail > searched ? std::memchr(begin + searched, '\n', avail - searched) : nullptr;
    std::size_t length = 0;
    bool complete = false;
    if (nl != nullptr) {
      length = static_cast<std::size_t>(static_cast<const char*>(nl) - begin) + 1;
      complete = true;
    } else if (avail >= max_fragment_) {
      length = max_fragment_;
    } else {
      searched = avail;
      if (fill()) continue;
      if (avail == 0) return false;
      length = avail;  // last line without a line ending
    }
    if (length > max_fragment_) {
      length = max_fragment_;
      complete = false;
    }
    line.bytes = std::string_view(data() + head_, length);
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
  std::replace(data() + head_, data() + size_, '\r', '\n');
}

void LineBuffer::unread(std::string_view bytes, std::uint64_t offset) {
  std::size_t rest = available();
  std::size_t capacity = std::max(capacity_, bytes.size() + rest + kReadChunk);
  std::unique_ptr<char[]> fresh(new char[capacity]);
  if (!bytes.empty()) std::memcpy(fresh.get(), bytes.data(), bytes.size());
  if (rest > 0) std::memcpy(fresh.get() + bytes.size(), data() + head_, rest);
  storage_ = std::move(fresh);
  capacity_ = capacity;
  head_ = 0;
  size_ = bytes.size() + rest;
  offset_ = offset;
  mid_line_ = false;
}

}  // namespace leakscan
