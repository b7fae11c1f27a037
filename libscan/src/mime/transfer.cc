#include "mime/transfer.h"

#include "util/ascii.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <array>

namespace leakscan {

namespace {

// Byte classes for the base64 scans, which run over every attachment.
enum : uint8_t { kForeign = 0, kAlphabet = 1, kPad = 2, kSpace = 3, kLineEnd = 4 };
constexpr std::array<uint8_t, 256> kBase64Class = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = kAlphabet;
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = kAlphabet;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = kAlphabet;
  t['+'] = kAlphabet;
  t['/'] = kAlphabet;
  t['='] = kPad;
  t[' '] = kSpace;
  t['\t'] = kSpace;
  t['\r'] = kLineEnd;
  t['\n'] = kLineEnd;
  return t;
}();

uint8_t base64_class(char c) { return kBase64Class[static_cast<unsigned char>(c)]; }

// Sextet values; kPadValue for '=', kSkipValue for every byte base64 skips.
constexpr uint8_t kPadValue = 0x40, kSkipValue = 0x80;
constexpr std::array<uint8_t, 256> kBase64Value = [] {
  std::array<uint8_t, 256> t{};
  t.fill(kSkipValue);
  const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (uint8_t i = 0; i < 64; ++i) t[static_cast<unsigned char>(alphabet[i])] = i;
  t['='] = kPadValue;
  return t;
}();

// Base64 bodies at memory speed: four alphabet bytes at a time while there
// are (a 76-byte line is 19 such quartets), byte by byte around line ends,
// junk and padding. Bytes outside the alphabet are skipped; a quartet with
// '=' in it gives one byte fewer per '=' and decoding goes on after it
// (concatenated bodies); an unpadded tail of 2 or 3 sextets gives 1 or 2
// bytes. Appends at most `max_keep` bytes to `out`; returns the full size.
std::uint64_t decode_base64(std::string_view encoded, std::size_t max_keep, std::string& out) {
  const auto* p = reinterpret_cast<const unsigned char*>(encoded.data());
  const unsigned char* end = p + encoded.size();
  std::size_t start = out.size();
  // Decoded bytes never exceed 3/4 of the input: write in place, trim after.
  std::size_t capacity = std::min(max_keep, encoded.size() / 4 * 3 + 3);
  out.resize(start + capacity);
  auto* dst = reinterpret_cast<unsigned char*>(out.data() + start);
  std::size_t kept = 0;
  std::uint64_t total = 0;
  auto emit = [&](std::uint32_t bits, int bytes) {
    total += static_cast<unsigned>(bytes);
    for (int i = 0; i < bytes && kept < capacity; ++i) dst[kept++] = static_cast<unsigned char>(bits >> (16 - 8 * i));
  };
  std::uint32_t acc = 0;
  int sextets = 0, pads = 0;
  while (p < end) {
    if (sextets == 0) {
      while (end - p >= 4) {
        std::uint32_t a = kBase64Value[p[0]], b = kBase64Value[p[1]], c = kBase64Value[p[2]], d = kBase64Value[p[3]];
        if (((a | b | c | d) & (kPadValue | kSkipValue)) != 0) break;
        std::uint32_t bits = a << 18 | b << 12 | c << 6 | d;
        if (capacity - kept >= 3) {
          dst[kept] = static_cast<unsigned char>(bits >> 16);
          dst[kept + 1] = static_cast<unsigned char>(bits >> 8);
          dst[kept + 2] = static_cast<unsigned char>(bits);
          kept += 3;
          total += 3;
        } else {
          emit(bits, 3);
        }
        p += 4;
      }
      if (p == end) break;
    }
    std::uint8_t v = kBase64Value[*p++];
    if (v == kSkipValue) continue;
    acc = acc << 6 | (v == kPadValue ? 0 : v);
    pads += v == kPadValue;
    if (++sextets == 4) {
      int data = 4 - pads;
      emit(acc & 0xFFFFFF, data >= 2 ? data - 1 : 0);
      acc = 0;
      sextets = pads = 0;
    }
  }
  int data = sextets - pads;
  if (data >= 2) emit((acc << (6 * (4 - sextets))) & 0xFFFFFF, data - 1);
  out.resize(start + kept);
  return total;
}

std::string squeeze(std::string_view label) {
  std::string out;
  for (char c : label) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
  }
  return out;
}

// decode_base64's size without its bytes. Without '=' that is 6 bits per
// alphabet byte; padding inside the body (concatenated bodies) ends a
// quartet early, so then the quartets are followed as decode_base64 does.
std::uint64_t base64_size(std::string_view encoded) {
  if (encoded.find('=') == std::string_view::npos) {
    // Every attachment that is not read is sized here: arithmetic rather
    // than a table, in blocks whose byte counters cannot overflow, so that
    // the compiler can count 16 or 32 bytes at a time.
    std::uint64_t sextets = 0;
    const auto* p = reinterpret_cast<const unsigned char*>(encoded.data());
    std::size_t left = encoded.size();
    while (left > 0) {
      std::size_t block = std::min<std::size_t>(left, 255);
      unsigned char in_block = 0;
      for (std::size_t i = 0; i < block; ++i) {
        unsigned char c = p[i];
        auto letter = static_cast<unsigned char>(static_cast<unsigned char>((c | 0x20) - 'a') < 26);
        auto digit = static_cast<unsigned char>(static_cast<unsigned char>(c - '0') < 10);
        in_block = static_cast<unsigned char>(in_block + (letter | digit | (c == '+') | (c == '/')));
      }
      sextets += in_block;
      p += block;
      left -= block;
    }
    return sextets * 6 / 8;
  }
  std::uint64_t total = 0;
  int sextets = 0, pads = 0;
  for (char c : encoded) {
    std::uint8_t k = base64_class(c);
    if (k != kAlphabet && k != kPad) continue;
    pads += k == kPad;
    if (++sextets == 4) {
      int data = 4 - pads;
      total += static_cast<unsigned>(data >= 2 ? data - 1 : 0);
      sextets = pads = 0;
    }
  }
  int data = sextets - pads;
  if (data >= 2) total += static_cast<unsigned>(data - 1);
  return total;
}

}  // namespace

TransferLabel classify_transfer_encoding(std::string_view label) {
  std::string s = squeeze(label);
  if (s.empty() || s == "7bit" || s == "8bit" || s == "binary" || s == "8bits" || s == "7bits") {
    return {TransferEncoding::kIdentity, false};
  }
  if (s.find("base64") != std::string::npos || s == "b64") return {TransferEncoding::kBase64, false};
  if (s.find("quoted") != std::string::npos || s == "qp") return {TransferEncoding::kQuotedPrintable, false};
  if (s == "uuencode" || s == "xuuencode" || s == "xuue" || s == "uue") return {TransferEncoding::kUuencode, false};
  return {TransferEncoding::kIdentity, true};
}

Base64Extent find_base64_extent(std::string_view encoded) {
  Base64Extent extent;
  extent.end = encoded.size();
  bool seen_data = false;
  bool padded = false;
  std::size_t pos = 0;
  while (pos < encoded.size()) {
    // Nearly every line is alphabet bytes and its line end: such a line is
    // data whatever came before it, and needs no closer look.
    std::size_t run = pos;
    while (run < encoded.size() && base64_class(encoded[run]) == kAlphabet) ++run;
    if (run > pos) {
      if (run == encoded.size() || encoded[run] == '\n') {
        seen_data = true;
        pos = run + 1;
        continue;
      }
      if (encoded[run] == '\r' && run + 1 < encoded.size() && encoded[run + 1] == '\n') {
        seen_data = true;
        pos = run + 2;
        continue;
      }
    }
    std::size_t eol = encoded.find('\n', pos);
    std::size_t next = eol == std::string_view::npos ? encoded.size() : eol + 1;
    std::string_view line = encoded.substr(pos, next - pos);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (!line.empty()) {
      std::size_t foreign = 0;
      bool inner_space = false;
      for (char c : line) {
        uint8_t k = base64_class(c);
        inner_space |= k == kSpace;
        foreign += k != kAlphabet && k != kPad;
      }
      // "...Cg== ignored": the data ends at its padding, junk follows.
      std::size_t pad = line.find("= ");
      if (pad == std::string_view::npos) pad = line.find("=\t");
      if (pad != std::string_view::npos && pad >= 3) {
        extent.end = static_cast<std::size_t>(line.data() - encoded.data()) + pad + 1;
        return extent;
      }
      // Base64 lines never hold spaces; junk is a stray byte or two.
      bool base64_line = !inner_space && foreign <= std::max<std::size_t>(2, line.size() / 10);
      if (!seen_data) {
        if (!base64_line) {
          extent.plausible = false;
          return extent;
        }
        seen_data = true;
      } else if (inner_space || (padded && foreign > 0)) {
        extent.end = pos;
        return extent;
      }
      if (line.back() == '=') padded = true;
    }
    pos = next;
  }
  return extent;
}

namespace {

// Quoted-printable by RFC 2045 6.7: white space at the end of a line was
// added in transport and goes (also after a soft-break '='), a bad '='
// sequence is kept as it is, LF and CRLF lines both work.
TransferResult quoted_printable_decode(std::string_view encoded, std::size_t max_keep, std::string* out) {
  TransferResult result;
  std::string line_out;
  std::size_t pos = 0;
  auto emit = [&](std::string_view bytes) {
    result.decoded_size += bytes.size();
    if (out == nullptr) return;
    std::size_t room = max_keep > out->size() ? max_keep - out->size() : 0;
    out->append(bytes.substr(0, room));
  };
  std::size_t start_size = out != nullptr ? out->size() : 0;
  max_keep += start_size;
  while (pos < encoded.size()) {
    std::size_t eol = encoded.find('\n', pos);
    bool has_eol = eol != std::string_view::npos;
    std::size_t end = has_eol ? eol : encoded.size();
    std::string_view line = encoded.substr(pos, end - pos);
    bool crlf = !line.empty() && line.back() == '\r';
    if (crlf) line.remove_suffix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    bool soft = !line.empty() && line.back() == '=';
    if (soft) line.remove_suffix(1);
    line_out.clear();
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '=' && i + 2 < line.size() && hex_value(line[i + 1]) >= 0 && hex_value(line[i + 2]) >= 0) {
        line_out.push_back(static_cast<char>(hex_value(line[i + 1]) * 16 + hex_value(line[i + 2])));
        i += 2;
      } else {
        line_out.push_back(line[i]);
      }
    }
    if (has_eol && !soft) line_out += crlf ? "\r\n" : "\n";
    emit(line_out);
    pos = has_eol ? eol + 1 : encoded.size();
  }
  result.truncated = result.decoded_size > max_keep - start_size;
  return result;
}

}  // namespace

TransferResult transfer_decode(std::string_view encoded, TransferEncoding encoding, std::size_t max_keep,
                               std::string* out) {
  if (encoding == TransferEncoding::kQuotedPrintable) return quoted_printable_decode(encoded, max_keep, out);
  TransferResult result;
  if (encoding == TransferEncoding::kIdentity) {
    result.decoded_size = encoded.size();
    if (out != nullptr) out->append(encoded.substr(0, max_keep));
    result.truncated = encoded.size() > max_keep;
    return result;
  }
  if (encoding == TransferEncoding::kBase64) {
    result.decoded_size = out != nullptr ? decode_base64(encoded, max_keep, *out) : base64_size(encoded);
    result.truncated = result.decoded_size > max_keep;
    return result;
  }
  GMimeEncoding state;
  g_mime_encoding_init_decode(&state, GMIME_CONTENT_ENCODING_UUENCODE);
  // GMime's step function decodes data lines only: skip the "begin mode
  // name" line ourselves (some senders omit it; decode from the top then).
  std::size_t begin = encoded.starts_with("begin ") ? 0 : encoded.find("\nbegin ");
  if (begin != std::string_view::npos) {
    std::size_t eol = encoded.find('\n', begin + 1);
    encoded = eol == std::string_view::npos ? std::string_view() : encoded.substr(eol + 1);
  }
  state.state |= GMIME_UUDECODE_STATE_BEGIN;
  // uudecoding never produces more than its input (+ a little state); feed
  // in blocks so the scratch buffer stays small.
  constexpr std::size_t kBlock = std::size_t{64} * 1024;
  std::array<char, kBlock + 1024> scratch;
  std::size_t pos = 0;
  std::size_t kept = 0;
  auto keep = [&](std::size_t n) {
    result.decoded_size += n;
    if (out != nullptr && kept < max_keep) {
      std::size_t take = std::min(n, max_keep - kept);
      out->append(scratch.data(), take);
      kept += take;
    }
  };
  while (pos < encoded.size()) {
    std::size_t n = std::min(kBlock, encoded.size() - pos);
    keep(g_mime_encoding_step(&state, encoded.data() + pos, n, scratch.data()));
    pos += n;
  }
  keep(g_mime_encoding_flush(&state, nullptr, 0, scratch.data()));
  result.truncated = result.decoded_size > max_keep;
  return result;
}

}  // namespace leakscan
