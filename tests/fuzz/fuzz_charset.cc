// Charset conversion through ICU: the input is "LABEL\n" followed by the
// bytes, so that labels (Japanese ones above all, broken and unknown ones)
// and contents both vary. The output must always be UTF-8, also from
// invalid sequences and lone UTF-16 surrogate halves.
#include "fuzz_support.h"

#include "mime/charset.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace leakscan;
  static CharsetDecoder* charsets = new CharsetDecoder;
  std::string_view input = fuzz::as_view(data, size);
  std::string_view label, bytes = input;
  if (auto eol = input.find('\n'); eol != std::string_view::npos && eol <= 64) {
    label = input.substr(0, eol);
    bytes = input.substr(eol + 1);
  }
  std::string out;
  TextDecodeResult result = charsets->decode(bytes, label, out);
  if (!is_valid_utf8(out)) fuzz::fail("conversion output is not UTF-8");
  if (result.charset.empty()) fuzz::fail("no charset reported");
  std::string lossy;
  append_utf8_lossy(bytes, lossy);
  if (!is_valid_utf8(lossy)) fuzz::fail("append_utf8_lossy output is not UTF-8");
  return 0;
}
