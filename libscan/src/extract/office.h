// The text of office documents, which are zip archives of XML: Word
// (.docx), Excel (.xlsx), PowerPoint (.pptx) and OpenDocument (.odt, .ods,
// .odp). Every paragraph, table cell, sheet cell, header, footer, footnote,
// comment, slide and note is read, deleted text of tracked changes too
// (it is still in the file that leaked). Sheets become tab-separated rows
// so that each row can be one person's record; every cell, paragraph and
// slide keeps its location. Stateless functions; thread-safe.
#pragma once

#include <libscan/message.h>

#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

struct DocumentText {
  std::string entry;            // the archive entry it was read from
  std::string text;             // UTF-8, LF line ends
  std::vector<TextSpan> spans;  // "Sheet1!B3", "word/document.xml ¶4", "slide 2"
  bool table = false;           // tab-separated rows (a sheet), header row first
};

// The archive as a reader sees it: entry names, and an entry's bytes within
// the extractor's budget (false when it is missing, encrypted, over a limit
// or damaged; the extractor has recorded why).
class EntrySource {
 public:
  virtual ~EntrySource() = default;
  virtual std::vector<std::string> names() = 0;
  virtual bool read(const std::string& name, std::string& out) = 0;
};

enum class OfficeFormat { kWord, kSpreadsheet, kPresentation, kOpenDocument };

// Appends the texts of the document to `out`. `problems` receives one line
// per entry that does not parse ("word/document.xml: line 3: not
// well-formed"); what was read before the damage is kept.
void read_office_document(OfficeFormat format, EntrySource& entries, std::vector<DocumentText>& out,
                          std::vector<std::string>& problems);

// "B3" -> column 1 (from 0), row 3; false when it is not a cell reference.
bool parse_cell_reference(std::string_view reference, std::size_t& column, std::size_t& row);
// Column 0 -> "A", 27 -> "AB".
std::string column_name(std::size_t column);
// An Excel date serial (1900 system) as YYYY/MM/DD, "" when out of range.
std::string excel_serial_date(double serial);

}  // namespace leakscan
