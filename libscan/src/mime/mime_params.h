// Content-Type and Content-Disposition values with their parameters:
// quoted and unquoted values (also unquoted ones with spaces), RFC 2231
// continuations and charsets (name*0*=utf-8''%E6%97%A5...), and the RFC 2047
// encoded-words that many mailers put in quoted file names. Parameter
// values come out as UTF-8, decoded through ICU.
#pragma once

#include "mime/header_text.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leakscan {

struct ContentField {
  std::string value;                                        // "type/subtype" or the disposition, lower case
  std::vector<std::pair<std::string, std::string>> params;  // lower-case name, decoded value

  // The value of parameter `name`, or "" when absent.
  std::string param(std::string_view name) const;
  bool has_param(std::string_view name) const;
};

// `raw` is the unfolded header value.
ContentField parse_content_field(std::string_view raw, HeaderTextDecoder& text, CharsetDecoder& charsets);

}  // namespace leakscan
