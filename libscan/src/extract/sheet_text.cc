#include "extract/sheet_text.h"

#include <algorithm>

namespace leakscan {

void append_cell_text(std::string& out, std::string_view text) {
  for (char c : text) out.push_back(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
}

void SheetText::set(std::size_t row, std::size_t column, std::string value) {
  if (value.empty()) return;
  if (row != row_) flush();
  row_ = row;
  cells_.emplace_back(column, std::move(value));
}

DocumentText SheetText::take(std::string entry) {
  flush();
  out_.entry = std::move(entry);
  return std::move(out_);
}

void SheetText::flush() {
  if (cells_.empty()) return;
  std::stable_sort(cells_.begin(), cells_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::size_t column = 0;
  bool written = false;
  for (auto& [c, value] : cells_) {
    if (written && c <= column) continue;                    // a cell given twice: the first stays
    for (; column < c; ++column) out_.text.push_back('\t');  // one tab between neighbours
    out_.spans.push_back({out_.text.size(), sheet_ + "!" + column_name(c) + std::to_string(row_)});
    append_cell_text(out_.text, value);
    written = true;
  }
  out_.text.push_back('\n');
  cells_.clear();
}

bool excel_builtin_date_format(int format) {
  return (format >= 14 && format <= 22) || (format >= 27 && format <= 36) || (format >= 45 && format <= 47) ||
         (format >= 50 && format <= 58);
}

bool excel_date_format_code(std::string_view code) {
  bool quoted = false;
  bool bracket = false;  // [Red], [$-411]: not a date part
  for (char c : code) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '[') bracket = true;
    if (c == ']') bracket = false;
    if (!bracket && (c == 'y' || c == 'Y' || c == 'd' || c == 'D' || c == 'e')) return true;
  }
  return false;
}

}  // namespace leakscan
