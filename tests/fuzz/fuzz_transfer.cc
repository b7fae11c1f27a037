// Content-Transfer-Encoding decoding: base64 (with junk, missing padding,
// appended footers), quoted-printable, uuencode. The first byte picks the
// encoding and the byte budget. Keeping the bytes and only sizing them must
// agree, and the budget must hold.
#include "fuzz_support.h"

#include "mime/transfer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace leakscan;
  if (size == 0) return 0;
  static const TransferEncoding encodings[] = {TransferEncoding::kIdentity, TransferEncoding::kBase64,
                                               TransferEncoding::kQuotedPrintable, TransferEncoding::kUuencode};
  const TransferEncoding encoding = encodings[data[0] % 4];
  const std::size_t max_keep = (data[0] & 0x80) ? 17 : std::size_t{1} << 20;
  const std::string_view encoded = fuzz::as_view(data + 1, size - 1);

  std::string out;
  TransferResult kept = transfer_decode(encoded, encoding, max_keep, &out);
  if (out.size() > max_keep) fuzz::fail("more than max_keep bytes kept");
  if (!kept.truncated && out.size() != kept.decoded_size) fuzz::fail("decoded_size differs from the bytes kept");
  if (kept.truncated && kept.decoded_size <= max_keep) fuzz::fail("truncated below the budget");
  TransferResult sized = transfer_decode(encoded, encoding, max_keep, nullptr);
  if (sized.decoded_size != kept.decoded_size) fuzz::fail("sizing and decoding disagree on the size");

  if (encoding == TransferEncoding::kBase64) {
    Base64Extent extent = find_base64_extent(encoded);
    if (extent.end > encoded.size()) fuzz::fail("base64 extent past the end");
  }
  return 0;
}
