// Text as the detectors see it: NFKC (full-width digits and letters become
// ASCII, half-width katakana full-width, ① becomes 1), then the dash-like
// characters NFKC leaves alone folded to '-' (U+2010-2015 and U+2212
// always; U+30FC and U+FF70, the katakana prolonged sound mark people type
// for a hyphen, only next to a digit, so that メール stays a word), and the
// '>' marks that quote a reply blanked at line starts. Every
// byte offset in the normalised text maps back to the decoded text, so
// evidence points at what the mail said.
//
// A TextNormalizer is cheap and stateless apart from its scratch buffers;
// not thread-safe, use one per thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

// Byte offsets from a transformed string back to its source. Spans that
// changed map as a whole: a position inside one maps to its start (or, for
// an end position, to its end).
class OffsetMap {
 public:
  struct Span {
    std::size_t dst = 0, src = 0, dst_len = 0, src_len = 0;
  };
  void clear() { changes_.clear(); }
  void add_change(Span span) { changes_.push_back(span); }
  bool identity() const { return changes_.empty(); }
  std::size_t to_source_begin(std::size_t dst) const;
  std::size_t to_source_end(std::size_t dst) const;

 private:
  std::vector<Span> changes_;  // in order; unchanged text lies between them
};

struct NormalizedText {
  std::string text;
  OffsetMap nfkc;  // nfkc text -> decoded text
  OffsetMap fold;  // text -> nfkc text
  // The decoded-text range of text[begin, end).
  std::size_t original_begin(std::size_t begin) const { return nfkc.to_source_begin(fold.to_source_begin(begin)); }
  std::size_t original_end(std::size_t end) const { return nfkc.to_source_end(fold.to_source_end(end)); }
};

class TextNormalizer {
 public:
  // Replaces `out` with the normalised form of `decoded` (valid UTF-8).
  void normalize(std::string_view decoded, NormalizedText& out);
  // The normalised form, ASCII lower-cased: what keyword lists are
  // compared with (keywords are put in this form too).
  std::string lowered(std::string_view decoded);

 private:
  std::string nfkc_;
  NormalizedText lowered_scratch_;
};

}  // namespace leakscan
