#include "util/csv.h"

#include <algorithm>

namespace leakscan {

std::vector<CsvRow> parse_csv(std::string_view text, char separator) {
  std::vector<CsvRow> rows;
  std::size_t i = 0, line = 1;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < text.size()) {
    CsvRow row;
    row.begin = i;
    row.line = line;
    std::string field;
    std::size_t field_begin = i;
    bool quoted = false, in_quotes = false, row_done = false;
    while (i < text.size() && !row_done) {
      char c = text[i];
      if (in_quotes) {
        if (c == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          in_quotes = false;
        } else {
          if (c == '\n') ++line;
          field.push_back(c);
        }
        ++i;
        continue;
      }
      if (c == '"' && !quoted && field.empty()) {
        quoted = in_quotes = true;
        field_begin = i + 1;
        ++i;
      } else if (c == separator) {
        row.fields.push_back(std::move(field));
        row.field_begin.push_back(field_begin);
        field.clear();
        quoted = false;
        field_begin = ++i;
      } else if (c == '\n' || c == '\r') {
        row.end = i;
        if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        ++i;
        ++line;
        row_done = true;
      } else {
        field.push_back(c);
        ++i;
      }
    }
    if (!row_done) row.end = i;
    row.fields.push_back(std::move(field));
    row.field_begin.push_back(field_begin);
    bool blank = row.fields.size() == 1 && row.fields[0].find_first_not_of(" \t") == std::string::npos;
    if (!blank) rows.push_back(std::move(row));
  }
  return rows;
}

char guess_csv_separator(std::string_view text) {
  std::string_view first = text.substr(0, text.find('\n'));
  auto tabs = std::count(first.begin(), first.end(), '\t');
  auto commas = std::count(first.begin(), first.end(), ',');
  return tabs > commas ? '\t' : ',';
}

}  // namespace leakscan
