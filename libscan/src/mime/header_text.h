// Header field values to UTF-8: unfolding, RFC 2047 encoded-words (also the
// malformed kinds real mail carries: inside quoted strings, in the middle of
// a word, without separating space, with spaces inside Q text, a multi-byte
// character split across two words) and raw 8-bit bytes, whose charset is
// sniffed. Every charset goes through CharsetDecoder (ICU). Linear time in
// the input. Not thread-safe (shares the caller's CharsetDecoder).
#pragma once

#include "mime/charset.h"

#include <string>
#include <string_view>

namespace leakscan {

struct HeaderTextResult {
  bool encoded_words = false;    // at least one encoded-word was decoded
  bool raw_8bit = false;         // unencoded 8-bit bytes were met
  bool unknown_charset = false;  // an encoded-word named a charset ICU lacks
  bool replacements = false;     // some bytes could not be decoded
};

// Removes CR and LF (folding), keeping the whitespace that follows them.
std::string unfold_header(std::string_view raw);

class HeaderTextDecoder {
 public:
  explicit HeaderTextDecoder(CharsetDecoder& charsets) : charsets_(charsets) {}

  // Decodes an unstructured value (Subject, a display name, a comment) that
  // is already unfolded. Appends UTF-8 to `out`.
  HeaderTextResult decode(std::string_view value, std::string& out);

  std::string decode(std::string_view value) {
    std::string out;
    decode(value, out);
    return out;
  }

  // The charset raw 8-bit header bytes are tried in first (after UTF-8):
  // the message body's, since mailers write both alike. "" to sniff only.
  void set_fallback_charset(std::string label) { fallback_ = std::move(label); }

 private:
  CharsetDecoder& charsets_;
  std::string fallback_;
};

// Base64 as found in encoded-words and bodies: characters outside the
// alphabet are skipped, missing padding is tolerated.
std::string decode_base64_lenient(std::string_view text);

}  // namespace leakscan
