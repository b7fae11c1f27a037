#include "mime/header_text.h"

#include "util/ascii.h"

#include <array>
#include <cstdint>

namespace leakscan {

namespace {

std::string decode_q(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '_') {
      out.push_back(' ');
    } else if (c == '=' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

struct EncodedWord {
  std::size_t begin = 0;  // of "=?"
  std::size_t end = 0;    // past "?="
  std::string_view charset;
  char encoding = 0;
  std::string_view text;
};

bool is_token_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7f && c != '?' && c != '(' && c != ')' && c != '<' && c != '>' && c != '"';
}

// Finds the next encoded-word at or after `from`. Loose: the encoded text
// runs to the next "?=" and may contain spaces (broken Q encoders).
bool find_encoded_word(std::string_view s, std::size_t from, EncodedWord& w) {
  for (std::size_t start = s.find("=?", from); start != std::string_view::npos; start = s.find("=?", start + 1)) {
    std::size_t p = start + 2;
    std::size_t cs_begin = p;
    // Charset names are short; the bound keeps "=?a=?a=?a..." linear.
    while (p < s.size() && p - cs_begin < 64 && is_token_char(s[p])) ++p;
    if (p == cs_begin || p + 3 > s.size() || s[p] != '?') continue;
    char enc = s[p + 1];
    if (!(enc == 'B' || enc == 'b' || enc == 'Q' || enc == 'q') || s[p + 2] != '?') continue;
    std::size_t text_begin = p + 3;
    std::size_t close = s.find("?=", text_begin);
    if (close == std::string_view::npos) return false;
    w.begin = start;
    w.end = close + 2;
    w.charset = s.substr(cs_begin, p - cs_begin);
    if (std::size_t star = w.charset.find('*'); star != std::string_view::npos) {
      w.charset = w.charset.substr(0, star);  // RFC 2231 language suffix
    }
    w.encoding = static_cast<char>(enc == 'b' ? 'B' : enc == 'q' ? 'Q' : enc);
    w.text = s.substr(text_begin, close - text_begin);
    return true;
  }
  return false;
}

bool only_whitespace(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

bool has_8bit(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

}  // namespace

std::string decode_base64_lenient(std::string_view text) {
  static const std::array<int8_t, 256> kTable = [] {
    std::array<int8_t, 256> t{};
    t.fill(-1);
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(alphabet[i])] = static_cast<int8_t>(i);
    // URL-safe variants turn up in broken generators.
    t[static_cast<unsigned char>('-')] = 62;
    t[static_cast<unsigned char>('_')] = 63;
    return t;
  }();
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    int8_t v = kTable[static_cast<unsigned char>(c)];
    if (v < 0) continue;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

std::string unfold_header(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (char c : raw) {
    if (c != '\r' && c != '\n') out.push_back(c);
  }
  // The value starts after "Name:"; GMime keeps the space that follows.
  std::size_t first = out.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  std::size_t last = out.find_last_not_of(" \t");
  return out.substr(first, last - first + 1);
}

HeaderTextResult HeaderTextDecoder::decode(std::string_view value, std::string& out) {
  HeaderTextResult result;
  std::size_t pos = 0;
  // Decoded bytes of consecutive encoded-words in one charset are converted
  // together, so a character split across two words survives.
  std::string pending_bytes;
  std::string pending_charset;
  auto flush = [&] {
    if (pending_charset.empty()) return;
    TextDecodeResult r = charsets_.decode(pending_bytes, pending_charset, out);
    if (r.label_unknown) result.unknown_charset = true;
    if (r.replacements > 0) result.replacements = true;
    pending_bytes.clear();
    pending_charset.clear();
  };
  auto literal = [&](std::string_view text) {
    if (text.empty()) return;
    flush();
    if (has_8bit(text)) {
      result.raw_8bit = true;
      TextDecodeResult r = charsets_.decode(text, fallback_, out);
      if (r.replacements > 0) result.replacements = true;
    } else {
      out.append(text);
    }
  };
  bool previous_was_word = false;
  EncodedWord word;
  while (pos < value.size() && find_encoded_word(value, pos, word)) {
    std::string_view between = value.substr(pos, word.begin - pos);
    // Whitespace between two encoded-words is not part of the text.
    if (!(previous_was_word && only_whitespace(between))) literal(between);
    std::string bytes = word.encoding == 'B' ? decode_base64_lenient(word.text) : decode_q(word.text);
    std::string charset = normalize_charset_label(word.charset);
    if (charset != pending_charset) flush();
    pending_charset = charset.empty() ? "us-ascii" : charset;
    pending_bytes += bytes;
    result.encoded_words = true;
    previous_was_word = true;
    pos = word.end;
  }
  literal(value.substr(pos));
  flush();
  return result;
}

}  // namespace leakscan
