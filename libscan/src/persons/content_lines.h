// Content lines as vCard (RFC 6350 §3.3) and iCalendar (RFC 5545 §3.1)
// write them: folded lines unfolded (also vCard 2.1's quoted-printable soft
// breaks), each split into its name (after an optional group), parameters
// (quoted values may hold ':' and ';') and value, with the byte range of
// the value in the text, so that what is read from it can be pointed at.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leakscan {

struct ContentLine {
  std::string name;                                         // upper case: FN, TEL, ATTENDEE, BEGIN...
  std::vector<std::pair<std::string, std::string>> params;  // names upper case, values unquoted
  std::string value;                                        // as written (unfolded), not unescaped
  std::size_t begin = 0, end = 0;                           // the line's bytes in the text
  std::size_t value_begin = 0;                              // where its value starts in the text

  // A parameter's value ("" when absent); `name` in upper case.
  std::string param(std::string_view name) const;
};

std::vector<ContentLine> parse_content_lines(std::string_view text);

// Backslash escapes of a text value: "\n" as a space, "\," as ",", ...
std::string unescape_text_value(std::string_view value);

}  // namespace leakscan
