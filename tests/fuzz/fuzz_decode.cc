// The MIME decoder on one arbitrary message: GMime's parse and our repairs,
// the walk of multiparts and enclosed messages, RFC 2047/2231, transfer
// decoding, every charset through ICU, HTML to text, and the attachment
// extractors for whatever the parts turn out to be. Every text it yields
// must be valid UTF-8 and the parts must respect the Limits.
#include "fuzz_support.h"

#include <libscan/decoder.h>

#include "mime/charset.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace leakscan;
  static MessageDecoder* decoder = fuzz::new_decoder(true);
  RawMessage raw;
  raw.bytes.assign(fuzz::as_view(data, size));
  Message message;
  decoder->decode(raw, message);

  const Limits limits = fuzz::fuzz_limits();
  // Text read out of attachments adds parts beyond max_parts (each archive
  // entry is one), bounded by the archive entry limit.
  if (message.parts.size() > limits.max_parts + 2 * limits.max_archive_entries + 16) fuzz::fail("too many parts");
  fuzz::require_utf8(message.envelope.subject, "subject is not UTF-8");
  for (const Address& a : message.envelope.from) {
    fuzz::require_utf8(a.name, "From display name is not UTF-8");
    fuzz::require_utf8(a.address, "From address is not UTF-8");
  }
  for (const Header& header : message.envelope.headers) fuzz::require_utf8(header.value, "header value is not UTF-8");
  for (const Part& part : message.parts) {
    if (part.is_text) fuzz::require_utf8(part.text, "part text is not UTF-8");
    fuzz::require_utf8(part.filename, "file name is not UTF-8");
  }
  return 0;
}
