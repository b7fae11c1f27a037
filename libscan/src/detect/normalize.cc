#include "detect/normalize.h"

#include "util/ascii.h"

#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>

#include <algorithm>

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdexcept>

namespace leakscan {

namespace {

bool is_ascii(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// UTF-8 of the dash-like code points folded to '-': U+2010..U+2015 and
// U+2212 always, U+30FC / U+FF70 (ー, ｰ) only beside a digit.
std::size_t dash_length(std::string_view s, std::size_t i, bool& needs_digit) {
  if (i + 3 > s.size()) return 0;
  auto b0 = static_cast<unsigned char>(s[i]), b1 = static_cast<unsigned char>(s[i + 1]),
       b2 = static_cast<unsigned char>(s[i + 2]);
  needs_digit = false;
  if (b0 == 0xE2 && b1 == 0x80 && b2 >= 0x90 && b2 <= 0x95) return 3;  // U+2010..2015
  if (b0 == 0xE2 && b1 == 0x88 && b2 == 0x92) return 3;                // U+2212
  if ((b0 == 0xE3 && b1 == 0x83 && b2 == 0xBC) || (b0 == 0xEF && b1 == 0xBD && b2 == 0xB0)) {
    needs_digit = true;  // U+30FC, U+FF70
    return 3;
  }
  return 0;
}

// A start position inside a changed span maps to the span's start; an end
// position inside (or at the end of) one maps to its end.
std::size_t map_begin(const std::vector<OffsetMap::Span>& changes, std::size_t dst) {
  auto it = std::upper_bound(changes.begin(), changes.end(), dst,
                             [](std::size_t d, const OffsetMap::Span& s) { return d < s.dst; });
  if (it == changes.begin()) return dst;
  const OffsetMap::Span& s = *(it - 1);
  if (dst < s.dst + s.dst_len) return s.src;
  return s.src + s.src_len + (dst - s.dst - s.dst_len);
}

std::size_t map_end(const std::vector<OffsetMap::Span>& changes, std::size_t dst) {
  auto it = std::lower_bound(changes.begin(), changes.end(), dst,
                             [](const OffsetMap::Span& s, std::size_t d) { return s.dst < d; });
  if (it == changes.begin()) return dst;
  const OffsetMap::Span& s = *(it - 1);
  if (dst <= s.dst + s.dst_len) return s.src + s.src_len;
  return s.src + s.src_len + (dst - s.dst - s.dst_len);
}

// The '>' marks that quote a reply become spaces (one byte for one, so no
// offset moves): a signature or a form quoted in a reply reads as it did in
// the original mail, for rules anchored at line starts.
void blank_quote_marks(std::string& text) {
  for (std::size_t line = 0; line < text.size();) {
    std::size_t i = line;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '>')) {
      if (text[i] == '>') text[i] = ' ';
      ++i;
    }
    std::size_t end = text.find('\n', i);
    if (end == std::string::npos) break;
    line = end + 1;
  }
}

// The first position at or after `from` where a dash dash_length knows may
// start: a byte E2 or EF, or ー (E3 83 BC). Japanese text is mostly other
// three-byte characters, so blocks of 16 bytes are skipped at once.
std::size_t next_dash_candidate(std::string_view s, std::size_t from) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t i = from;
#ifdef __SSE2__
  const __m128i e2 = _mm_set1_epi8(static_cast<char>(0xE2)), ef = _mm_set1_epi8(static_cast<char>(0xEF));
  const __m128i e3 = _mm_set1_epi8(static_cast<char>(0xE3)), b83 = _mm_set1_epi8(static_cast<char>(0x83));
  const __m128i bbc = _mm_set1_epi8(static_cast<char>(0xBC));
  for (; i + 18 <= s.size(); i += 16) {
    __m128i v0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    __m128i v1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 1));
    __m128i v2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 2));
    __m128i long_mark =
        _mm_and_si128(_mm_cmpeq_epi8(v0, e3), _mm_and_si128(_mm_cmpeq_epi8(v1, b83), _mm_cmpeq_epi8(v2, bbc)));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v0, e2), _mm_cmpeq_epi8(v0, ef)), long_mark);
    if (int mask = _mm_movemask_epi8(hit); mask != 0)
      return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < s.size(); ++i) {
    if (p[i] == 0xE2 || p[i] == 0xEF) return i;
    if (p[i] == 0xE3 && i + 2 < s.size() && p[i + 1] == 0x83 && p[i + 2] == 0xBC) return i;
  }
  return s.size();
}

}  // namespace

std::string TextNormalizer::lowered(std::string_view decoded) {
  normalize(decoded, lowered_scratch_);
  return ascii_lower(lowered_scratch_.text);
}

std::size_t OffsetMap::to_source_begin(std::size_t dst) const { return map_begin(changes_, dst); }
std::size_t OffsetMap::to_source_end(std::size_t dst) const { return map_end(changes_, dst); }

void TextNormalizer::normalize(std::string_view decoded, NormalizedText& out) {
  out.nfkc.clear();
  out.fold.clear();
  out.text.clear();
  std::string_view nfkc = decoded;
  if (!is_ascii(decoded)) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU: no NFKC data");
    nfkc_.clear();
    icu::StringByteSink<std::string> sink(&nfkc_);
    icu::Edits edits;
    normalizer->normalizeUTF8(0, icu::StringPiece(decoded.data(), static_cast<int32_t>(decoded.size())), sink, &edits,
                              status);
    if (U_FAILURE(status)) {
      nfkc_.assign(decoded);  // invalid input cannot happen (decoded is UTF-8); keep going regardless
    } else {
      icu::Edits::Iterator it = edits.getFineChangesIterator();
      while (it.next(status)) {
        out.nfkc.add_change({static_cast<std::size_t>(it.destinationIndex()),
                             static_cast<std::size_t>(it.sourceIndex()), static_cast<std::size_t>(it.newLength()),
                             static_cast<std::size_t>(it.oldLength())});
      }
    }
    nfkc = nfkc_;
  }
  // Dash fold, tracked the same way. Text between dashes is copied in runs.
  out.text.reserve(nfkc.size());
  bool needs_digit = false;
  std::size_t copied = 0;
  for (std::size_t i = next_dash_candidate(nfkc, 0); i < nfkc.size(); i = next_dash_candidate(nfkc, i)) {
    std::size_t len = dash_length(nfkc, i, needs_digit);
    if (len > 0) {
      // A folded dash before this one left '-', never a digit, and so does
      // its last byte here.
      bool digit_before = i > 0 && is_digit(nfkc[i - 1]);
      bool digit_after = i + len < nfkc.size() && is_digit(nfkc[i + len]);
      if (!needs_digit || digit_before || digit_after) {
        out.text.append(nfkc.substr(copied, i - copied));
        out.fold.add_change({out.text.size(), i, 1, len});
        out.text.push_back('-');
        i += len;
        copied = i;
        continue;
      }
    }
    ++i;
  }
  out.text.append(nfkc.substr(copied));
  blank_quote_marks(out.text);
}

}  // namespace leakscan
