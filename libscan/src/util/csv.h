// RFC 4180 CSV as spreadsheets export it: quoted fields with doubled quotes,
// line breaks inside quotes, CRLF or LF rows, a comma or a tab between
// fields. Records keep the byte range they came from, so that what is found
// in a row can be pointed at. Stateless; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

struct CsvRow {
  std::size_t begin = 0, end = 0;  // bytes of the row in the text, line end excluded
  std::size_t line = 1;            // 1-based line where the row starts
  std::vector<std::string> fields;
  std::vector<std::size_t> field_begin;  // byte offset of each field's first byte
};

// Every row of `text`; `separator` is ',' or '\t'. A UTF-8 BOM is skipped.
// Blank lines are not rows.
std::vector<CsvRow> parse_csv(std::string_view text, char separator = ',');

// ',' unless the first line has more tabs than commas.
char guess_csv_separator(std::string_view text);

}  // namespace leakscan
