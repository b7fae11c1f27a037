#include "extract/mapi_message.h"

#include "extract/rtf.h"
#include "mime/charset.h"

namespace leakscan::mapi {

std::string smtp_only(std::string address) {
  return !address.empty() && address.find('@') != std::string::npos && address.front() != '/' ? address : std::string();
}

std::string property_text(std::string_view bytes, bool utf16, int codepage, CharsetDecoder& charsets) {
  std::string out;
  if (utf16) {
    charsets.decode(bytes, "utf-16le", out);
  } else {
    std::string label = codepage_charset(codepage);
    charsets.decode(bytes, label.empty() ? "windows-1252" : label, out);
  }
  while (!out.empty() && out.back() == '\0') out.pop_back();
  return out;
}

}  // namespace leakscan::mapi
