// Header field values: unfolding, RFC 2047 encoded-words (well-formed and
// the broken kinds), raw 8-bit bytes, Content-Type/Content-Disposition
// parameters with RFC 2231 continuations and charsets, address lists. The
// input is one raw (folded) value; every decoded string must be UTF-8.
#include "fuzz_support.h"

#include "mime/address_list.h"
#include "mime/charset.h"
#include "mime/header_text.h"
#include "mime/mime_params.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace leakscan;
  static CharsetDecoder* charsets = new CharsetDecoder;
  static HeaderTextDecoder* text = new HeaderTextDecoder(*charsets);
  const std::string value = unfold_header(fuzz::as_view(data, size));
  if (value.find_first_of("\r\n") != std::string::npos) fuzz::fail("unfolded value holds a line break");

  // The first byte picks the body charset raw 8-bit bytes are tried in, as
  // the decoder sets it per message.
  static const char* const fallbacks[] = {"", "iso-2022-jp", "shift_jis", "euc-jp", "utf-8", "koi8-r", "x-unknown"};
  text->set_fallback_charset(size ? fallbacks[data[0] % std::size(fallbacks)] : "");

  fuzz::require_utf8(text->decode(value), "decoded unstructured value is not UTF-8");
  ContentField field = parse_content_field(value, *text, *charsets);
  for (const auto& [name, param] : field.params) fuzz::require_utf8(param, "parameter value is not UTF-8");
  for (const Address& address : parse_address_list(value, *text)) {
    fuzz::require_utf8(address.name, "display name is not UTF-8");
    fuzz::require_utf8(address.address, "address is not UTF-8");
  }
  return 0;
}
