#include "extract/xml_reader.h"

#include <expat.h>

namespace leakscan {

namespace {

void XMLCALL on_start(void* data, const XML_Char* name, const XML_Char** attributes) {
  static_cast<XmlHandler*>(data)->start(name, attributes);
}
void XMLCALL on_end(void* data, const XML_Char* name) { static_cast<XmlHandler*>(data)->end(name); }
void XMLCALL on_text(void* data, const XML_Char* s, int len) {
  static_cast<XmlHandler*>(data)->text(std::string_view(s, static_cast<std::size_t>(len)));
}

}  // namespace

bool read_xml(std::string_view xml, XmlHandler& handler, std::string& error) {
  XML_Parser parser = XML_ParserCreate("UTF-8");
  if (parser == nullptr) {
    error = "expat: out of memory";
    return false;
  }
  XML_SetUserData(parser, &handler);
  XML_SetElementHandler(parser, on_start, on_end);
  XML_SetCharacterDataHandler(parser, on_text);
  bool ok = true;
  // In chunks: expat's length is an int.
  constexpr std::size_t kChunk = 1 << 20;
  for (std::size_t pos = 0; ok && pos <= xml.size(); pos += kChunk) {
    std::size_t n = std::min(kChunk, xml.size() - pos);
    bool last = pos + n >= xml.size();
    if (XML_Parse(parser, xml.data() + pos, static_cast<int>(n), last ? 1 : 0) == XML_STATUS_ERROR) {
      error =
          "line " + std::to_string(XML_GetCurrentLineNumber(parser)) + ": " + XML_ErrorString(XML_GetErrorCode(parser));
      ok = false;
    }
    if (last) break;
  }
  XML_ParserFree(parser);
  return ok;
}

const char* xml_attribute(const char** attributes, std::string_view name) {
  for (const char** a = attributes; a != nullptr && *a != nullptr; a += 2) {
    if (name == a[0]) return a[1];
  }
  return nullptr;
}

}  // namespace leakscan
