// A streaming (SAX) reading of XML through expat, for the parts of office
// documents. Element names are as written, prefix included ("w:t"); no
// external entity is ever loaded, and expat's protection against entity
// expansion ("billion laughs") stays on. Not thread-safe per call; any
// number of calls may run in parallel.
#pragma once

#include <string>
#include <string_view>

namespace leakscan {

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  // `attributes` alternate names and values, null-terminated (expat's form).
  virtual void start(std::string_view name, const char** attributes) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view characters) = 0;
};

// Parses `xml` into `handler`. False, with `error` ("line 3: not
// well-formed"), when it stops early; what was read before stays read.
bool read_xml(std::string_view xml, XmlHandler& handler, std::string& error);

// The value of attribute `name` in expat's attribute list, or null.
const char* xml_attribute(const char** attributes, std::string_view name);

}  // namespace leakscan
