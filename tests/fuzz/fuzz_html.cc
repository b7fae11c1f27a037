// HTML to text on arbitrary markup: tags, comments, script and style,
// character references, <meta> charsets. UTF-8 in must give UTF-8 out.
#include "fuzz_support.h"

#include "mime/charset.h"
#include "mime/html_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace leakscan;
  const std::string_view html = fuzz::as_view(data, size);
  std::string text;
  html_to_text(html, text);
  if (is_valid_utf8(html) && !is_valid_utf8(text)) fuzz::fail("text of UTF-8 HTML is not UTF-8");
  const std::string charset = html_meta_charset(html);
  if (charset.size() > html.size()) fuzz::fail("meta charset longer than the document");
  return 0;
}
