// A compact binary encoding for working files (the scan journal): LEB128
// integers and length-prefixed strings. The reader never reads past its
// input; a damaged encoding turns ok() false and yields zeros and empty
// strings from then on. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace leakscan {

class ByteWriter {
 public:
  explicit ByteWriter(std::string& out) : out_(out) {}

  void number(std::uint64_t value) {
    while (value >= 0x80) {
      out_.push_back(static_cast<char>((value & 0x7f) | 0x80));
      value >>= 7;
    }
    out_.push_back(static_cast<char>(value));
  }
  void text(std::string_view value) {
    number(value.size());
    out_.append(value);
  }

 private:
  std::string& out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}

  std::uint64_t number() {
    std::uint64_t value = 0;
    for (int shift = 0; ok_; shift += 7) {
      if (pos_ >= in_.size() || shift > 63) {
        ok_ = false;
        break;
      }
      auto byte = static_cast<unsigned char>(in_[pos_++]);
      value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return value;
    }
    return 0;
  }
  // A count of things each taking at least one byte: larger than what is
  // left is damage, and must not size an allocation.
  std::size_t count() {
    std::uint64_t n = number();
    if (n > in_.size() - pos_) ok_ = false;
    return ok_ ? static_cast<std::size_t>(n) : 0;
  }
  std::string text() { return std::string(text_view()); }
  // The same, as a view into the input.
  std::string_view text_view() {
    std::size_t n = count();
    if (!ok_) return {};
    std::string_view value = in_.substr(pos_, n);
    pos_ += n;
    return value;
  }
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == in_.size(); }
  std::size_t position() const { return pos_; }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace leakscan
