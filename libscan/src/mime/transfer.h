// Content-Transfer-Encoding: naming (also the broken labels real mail
// carries: "7-bit", "8bits", "quoted printable", "base-64", "x-uue") and
// decoding, bounded by a byte budget: base64 by a table decoder at memory
// speed that skips junk, quoted-printable by RFC 2045 (LF line breaks
// kept), uuencode by GMime's incremental decoder. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace leakscan {

enum class TransferEncoding { kIdentity, kBase64, kQuotedPrintable, kUuencode };

struct TransferLabel {
  TransferEncoding encoding = TransferEncoding::kIdentity;
  bool unknown = false;  // a label that is none of the known ones
};

TransferLabel classify_transfer_encoding(std::string_view label);

// Where base64 content really is. Content labelled base64 may be plain text
// (then `plausible` is false and it is read as it is), or be followed by
// text a list server or a broken mailer appended (a footer, a stray
// boundary): `end` is where the base64 stops and that text starts.
struct Base64Extent {
  bool plausible = true;
  std::size_t end = 0;
};
Base64Extent find_base64_extent(std::string_view encoded);

struct TransferResult {
  std::uint64_t decoded_size = 0;  // the full decoded size, also past the budget
  bool truncated = false;          // `out` holds only the first max_keep bytes
};

// Appends at most `max_keep` decoded bytes to `out` (when `out` is null,
// only the size is computed, cheaply for base64).
TransferResult transfer_decode(std::string_view encoded, TransferEncoding encoding, std::size_t max_keep,
                               std::string* out);

}  // namespace leakscan
