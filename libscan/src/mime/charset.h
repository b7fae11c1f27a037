// Bytes in a declared (or missing, or wrong) charset to UTF-8, through ICU
// only. GMime's own conversion goes through iconv, whose Shift_JIS has no
// CP932 table and silently drops characters such as ① and ㈱.
//
// Japanese first: Shift_JIS labels decode as CP932, ISO-2022-JP as ICU's
// "ISO_2022,locale=ja,version=3" (NEC row 13, ESC ( I and SO/SI half-width
// katakana), EUC-JP as ICU's euc-jp-2007 (eucJP-ms extensions). A missing,
// unknown or contradicted label is sniffed: ISO-2022-JP escapes, UTF-8,
// CP932, EUC-JP, then windows-1252.
//
// A CharsetDecoder caches ICU converters; it is not thread-safe, use one per
// thread.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>

struct UConverter;

namespace leakscan {

struct TextDecodeResult {
  std::string charset;           // what was used: "utf-8", "windows-31j", ...
  bool sniffed = false;          // the label was missing, unknown or wrong
  bool label_unknown = false;    // a label was given that ICU cannot open
  std::size_t replacements = 0;  // U+FFFD written for undecodable bytes
};

class CharsetDecoder {
 public:
  CharsetDecoder();
  ~CharsetDecoder();
  CharsetDecoder(const CharsetDecoder&) = delete;  // owns ICU converters
  CharsetDecoder& operator=(const CharsetDecoder&) = delete;

  // Appends the UTF-8 decoding of `bytes` to `out`. `label` is the declared
  // charset as written ("" when none). A UTF-8 or UTF-16 byte order mark is
  // dropped. Never fails: undecodable bytes become U+FFFD.
  TextDecodeResult decode(std::string_view bytes, std::string_view label, std::string& out);

  // True when `bytes` decode without any error in `charset` (an ICU name).
  bool decodes_cleanly(std::string_view bytes, const char* charset);

 private:
  struct ConverterDeleter {
    void operator()(UConverter* c) const;
  };
  using ConverterPtr = std::unique_ptr<UConverter, ConverterDeleter>;

  UConverter* converter(const std::string& icu_name, bool strict);
  std::size_t convert(std::string_view bytes, const std::string& icu_name, std::string& out);
  TextDecodeResult sniff(std::string_view bytes, std::string& out);

  std::map<std::string, ConverterPtr> lenient_;
  std::map<std::string, ConverterPtr> strict_;
  std::map<std::string, bool> unknown_;
};

// Lower case, quotes and spaces trimmed: how labels are compared and shown.
std::string normalize_charset_label(std::string_view label);

// UTF-8 validity (ICU's definition: no surrogates, no overlongs).
bool is_valid_utf8(std::string_view bytes);

// Appends `bytes` to `out` with each ill-formed sequence replaced by U+FFFD;
// returns the number of replacements.
std::size_t append_utf8_lossy(std::string_view bytes, std::string& out);

}  // namespace leakscan
