#include "mime/transfer.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <array>

namespace leakscan {

namespace {

std::string squeeze(std::string_view label) {
  std::string out;
  for (char c : label) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
  }
  return out;
}

std::uint64_t base64_size(std::string_view encoded) {
  std::uint64_t sextets = 0;
  for (char c : encoded) {
    if (c == '=') break;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/') {
      ++sextets;
    }
  }
  return sextets * 6 / 8;
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

TransferResult transfer_decode(std::string_view encoded, TransferEncoding encoding, std::size_t max_keep,
                               std::string* out) {
  TransferResult result;
  if (encoding == TransferEncoding::kIdentity) {
    result.decoded_size = encoded.size();
    if (out != nullptr) out->append(encoded.substr(0, max_keep));
    result.truncated = encoded.size() > max_keep;
    return result;
  }
  if (encoding == TransferEncoding::kBase64 && out == nullptr) {
    result.decoded_size = base64_size(encoded);
    result.truncated = result.decoded_size > max_keep;
    return result;
  }
  GMimeContentEncoding gmime_encoding = encoding == TransferEncoding::kBase64 ? GMIME_CONTENT_ENCODING_BASE64
                                        : encoding == TransferEncoding::kQuotedPrintable
                                            ? GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE
                                            : GMIME_CONTENT_ENCODING_UUENCODE;
  GMimeEncoding state;
  g_mime_encoding_init_decode(&state, gmime_encoding);
  if (encoding == TransferEncoding::kUuencode) {
    // GMime's step function decodes data lines only: skip the "begin mode
    // name" line ourselves (some senders omit it; decode from the top then).
    std::size_t begin = encoded.starts_with("begin ") ? 0 : encoded.find("\nbegin ");
    if (begin != std::string_view::npos) {
      std::size_t eol = encoded.find('\n', begin + 1);
      encoded = eol == std::string_view::npos ? std::string_view() : encoded.substr(eol + 1);
    }
    state.state |= GMIME_UUDECODE_STATE_BEGIN;
  }
  // Decoders never produce more than their input (+ a little for QP/uu
  // state); feed in blocks so the scratch buffer stays small.
  constexpr std::size_t kBlock = 64 * 1024;
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
