// Sheets as text: rows of cells written as tab-separated lines, each cell
// with its location ("名簿!B3"), a row at a time, for every spreadsheet
// format (.xlsx, .ods, .xls). And what Excel's number formats say about
// dates. Not thread-safe per object.
#pragma once

#include "extract/office.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leakscan {

// Cell text on one line of a table: tabs and line breaks become spaces.
void append_cell_text(std::string& out, std::string_view text);

// Rows of cells with their positions, written out as tab-separated lines as
// they come (sheets store rows in order; one that comes back to an earlier
// row is written where it comes), so a sheet of a million rows holds one
// row at a time.
class SheetText {
 public:
  explicit SheetText(std::string sheet) : sheet_(std::move(sheet)) { out_.table = true; }
  // `row` counts from 1, `column` from 0, as Excel shows them.
  void set(std::size_t row, std::size_t column, std::string value);
  DocumentText take(std::string entry);
  bool empty() const { return out_.text.empty() && cells_.empty(); }

 private:
  void flush();

  std::string sheet_;
  DocumentText out_;
  std::size_t row_ = 0;
  std::vector<std::pair<std::size_t, std::string>> cells_;
};

// Built-in number formats that show a date (14-22, and the Japanese
// built-ins 27-36, 50-58).
bool excel_builtin_date_format(int format);
// A custom format code that shows a date: y, d or e outside quotes.
bool excel_date_format_code(std::string_view code);

}  // namespace leakscan
