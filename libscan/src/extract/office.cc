#include "extract/office.h"

#include "extract/sheet_text.h"
#include "extract/xml_reader.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>

namespace leakscan {

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// The number in "word/header2.xml", "ppt/slides/slide10.xml": for ordering.
int number_in(std::string_view name) {
  std::size_t end = name.rfind('.');
  std::size_t begin = end;
  while (begin > 0 && name[begin - 1] >= '0' && name[begin - 1] <= '9') --begin;
  return begin < end ? std::atoi(std::string(name.substr(begin, end - begin)).c_str()) : 0;
}

std::vector<std::string> entries_like(EntrySource& entries, std::string_view prefix, std::string_view suffix) {
  std::vector<std::string> out;
  for (const std::string& n : entries.names()) {
    if (starts_with(n, prefix) && ends_with(n, suffix)) out.push_back(n);
  }
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
    return std::make_pair(number_in(a), a) < std::make_pair(number_in(b), b);
  });
  return out;
}

// The text of running documents: paragraphs are lines; inside a table a
// row is a line and its cells are separated by tabs.
class FlowText {
 public:
  explicit FlowText(std::string location_prefix) : prefix_(std::move(location_prefix)) {}

  void paragraph_start() {
    if (cell_depth_ == 0) out_.spans.push_back({out_.text.size(), prefix_ + " ¶" + std::to_string(++paragraphs_)});
  }
  void paragraph_end() {
    if (cell_depth_ > 0) {
      if (!out_.text.empty() && out_.text.back() != '\t' && out_.text.back() != ' ') out_.text.push_back(' ');
    } else {
      out_.text.push_back('\n');
    }
  }
  void row_start() { out_.spans.push_back({out_.text.size(), prefix_ + " table row " + std::to_string(++rows_)}); }
  void cell_start() { ++cell_depth_; }
  void cell_end() {
    if (cell_depth_ > 0) --cell_depth_;
    while (!out_.text.empty() && out_.text.back() == ' ') out_.text.pop_back();
    out_.text.push_back('\t');
  }
  void row_end() {
    while (!out_.text.empty() && (out_.text.back() == '\t' || out_.text.back() == ' ')) out_.text.pop_back();
    out_.text.push_back('\n');
  }
  void add(std::string_view s) {
    if (cell_depth_ > 0) {
      append_cell_text(out_.text, s);
    } else {
      out_.text.append(s);
    }
  }
  DocumentText take(std::string entry) {
    out_.entry = std::move(entry);
    return std::move(out_);
  }

 private:
  std::string prefix_;
  DocumentText out_;
  int cell_depth_ = 0;
  int paragraphs_ = 0, rows_ = 0;
};

// WordprocessingML and DrawingML lay text out the same way under different
// element names, so one handler reads both from a table of names.
struct FlowVocabulary {
  std::string_view paragraph, row, cell;
  std::array<std::string_view, 2> text, breaks;  // unused slots stay empty
  std::string_view tab;                          // empty when the vocabulary has none
};

constexpr FlowVocabulary kWordVocabulary{"w:p", "w:tr", "w:tc", {"w:t", "w:delText"}, {"w:br", "w:cr"}, "w:tab"};
constexpr FlowVocabulary kSlideVocabulary{"a:p", "a:tr", "a:tc", {"a:t", ""}, {"a:br", ""}, ""};

bool contains(const std::array<std::string_view, 2>& names, std::string_view name) {
  return !name.empty() && std::find(names.begin(), names.end(), name) != names.end();
}

class FlowHandler final : public XmlHandler {
 public:
  FlowHandler(const FlowVocabulary& vocabulary, FlowText& flow) : names_(vocabulary), flow_(flow) {}
  void start(std::string_view name, const char**) override {
    if (name == names_.paragraph) flow_.paragraph_start();
    if (contains(names_.text, name)) in_text_ = true;
    if (!names_.tab.empty() && name == names_.tab) flow_.add("\t");
    if (contains(names_.breaks, name)) flow_.add("\n");
    if (name == names_.row) flow_.row_start();
    if (name == names_.cell) flow_.cell_start();
  }
  void end(std::string_view name) override {
    if (contains(names_.text, name)) in_text_ = false;
    if (name == names_.paragraph) flow_.paragraph_end();
    if (name == names_.cell) flow_.cell_end();
    if (name == names_.row) flow_.row_end();
  }
  void text(std::string_view s) override {
    if (in_text_) flow_.add(s);
  }

 private:
  const FlowVocabulary& names_;
  FlowText& flow_;
  bool in_text_ = false;
};

void read_word(EntrySource& entries, std::vector<DocumentText>& out, std::vector<std::string>& problems) {
  std::vector<std::string> names = {"word/document.xml"};
  for (const char* kind : {"word/header", "word/footer"}) {
    for (const std::string& n : entries_like(entries, kind, ".xml")) names.push_back(n);
  }
  for (const char* n : {"word/footnotes.xml", "word/endnotes.xml", "word/comments.xml"}) names.emplace_back(n);
  std::string xml, error;
  for (const std::string& name : names) {
    if (!entries.read(name, xml)) continue;
    FlowText flow(name);
    FlowHandler handler(kWordVocabulary, flow);
    if (!read_xml(xml, handler, error)) problems.push_back(name + ": " + error);
    DocumentText t = flow.take(name);
    if (!t.text.empty()) out.push_back(std::move(t));
  }
}

void read_presentation(EntrySource& entries, std::vector<DocumentText>& out, std::vector<std::string>& problems) {
  std::string xml, error;
  for (const char* kind : {"ppt/slides/slide", "ppt/notesSlides/notesSlide"}) {
    for (const std::string& name : entries_like(entries, kind, ".xml")) {
      if (!entries.read(name, xml)) continue;
      std::string location = std::string(starts_with(name, "ppt/slides/") ? "slide " : "notes of slide ") +
                             std::to_string(number_in(name));
      FlowText flow(location);
      FlowHandler handler(kSlideVocabulary, flow);
      if (!read_xml(xml, handler, error)) problems.push_back(name + ": " + error);
      DocumentText t = flow.take(name);
      if (!t.text.empty()) out.push_back(std::move(t));
    }
  }
}

class SharedStringsHandler final : public XmlHandler {
 public:
  explicit SharedStringsHandler(std::vector<std::string>& strings) : strings_(strings) {}
  void start(std::string_view name, const char**) override {
    if (name == "si") strings_.emplace_back();
    if (name == "rPh") ++phonetic_;  // furigana: the reading, kept out of the cell
    if (name == "t") in_text_ = true;
  }
  void end(std::string_view name) override {
    if (name == "rPh" && phonetic_ > 0) --phonetic_;
    if (name == "t") in_text_ = false;
  }
  void text(std::string_view s) override {
    if (in_text_ && phonetic_ == 0 && !strings_.empty()) strings_.back().append(s);
  }

 private:
  std::vector<std::string>& strings_;
  bool in_text_ = false;
  int phonetic_ = 0;
};

// The cell formats (xl/styles.xml cellXfs) that show numbers as dates.
class StylesHandler final : public XmlHandler {
 public:
  void start(std::string_view name, const char** attributes) override {
    if (name == "numFmt") {
      const char* id = xml_attribute(attributes, "numFmtId");
      const char* code = xml_attribute(attributes, "formatCode");
      if (id != nullptr && code != nullptr) custom_[std::atoi(id)] = excel_date_format_code(code);
    }
    if (name == "cellXfs") in_xfs_ = true;
    if (name == "xf" && in_xfs_) {
      const char* id = xml_attribute(attributes, "numFmtId");
      int format = id != nullptr ? std::atoi(id) : 0;
      bool builtin_date = excel_builtin_date_format(format);
      auto it = custom_.find(format);
      date_styles.push_back(builtin_date || (it != custom_.end() && it->second));
    }
  }
  void end(std::string_view name) override {
    if (name == "cellXfs") in_xfs_ = false;
  }
  void text(std::string_view) override {}

  std::vector<bool> date_styles;

 private:
  std::map<int, bool> custom_;
  bool in_xfs_ = false;
};

class WorksheetHandler final : public XmlHandler {
 public:
  WorksheetHandler(SheetText& sheet, const std::vector<std::string>& strings, const std::vector<bool>& date_styles)
      : sheet_(sheet), strings_(strings), date_styles_(date_styles) {}
  void start(std::string_view name, const char** attributes) override {
    if (name == "row") {
      const char* r = xml_attribute(attributes, "r");
      row_ = r != nullptr ? static_cast<std::size_t>(std::atol(r)) : row_ + 1;
      column_ = 0;
    } else if (name == "c") {
      const char* r = xml_attribute(attributes, "r");
      std::size_t column = column_, row = row_;
      if (r == nullptr || !parse_cell_reference(r, column, row)) column = column_;
      cell_column_ = column;
      column_ = column + 1;
      const char* t = xml_attribute(attributes, "t");
      type_ = t != nullptr ? t : "n";
      const char* s = xml_attribute(attributes, "s");
      std::size_t style = s != nullptr ? static_cast<std::size_t>(std::atol(s)) : 0;
      date_ = style < date_styles_.size() && date_styles_[style];
      value_.clear();
      in_cell_ = true;
    } else if (name == "v" || (name == "t" && in_cell_)) {
      in_value_ = true;
    }
  }
  void end(std::string_view name) override {
    if (name == "v" || name == "t") {
      in_value_ = false;
    } else if (name == "c") {
      in_cell_ = false;
      sheet_.set(row_, cell_column_, cell_value());
    }
  }
  void text(std::string_view s) override {
    if (in_value_) value_.append(s);
  }

 private:
  std::string cell_value() const {
    if (type_ == "s") {
      std::size_t index = static_cast<std::size_t>(std::atol(value_.c_str()));
      return index < strings_.size() ? strings_[index] : "";
    }
    if (type_ == "b") return value_ == "1" ? "TRUE" : "FALSE";
    if (type_ == "n" && date_ && !value_.empty()) {
      std::string date = excel_serial_date(std::atof(value_.c_str()));
      if (!date.empty()) return date;
    }
    return value_;
  }

  SheetText& sheet_;
  const std::vector<std::string>& strings_;
  const std::vector<bool>& date_styles_;
  std::size_t row_ = 0, column_ = 0, cell_column_ = 0;
  std::string type_, value_;
  bool date_ = false, in_cell_ = false, in_value_ = false;
};

// workbook.xml: sheet names with their relationship ids.
class WorkbookHandler final : public XmlHandler {
 public:
  void start(std::string_view name, const char** attributes) override {
    if (name != "sheet") return;
    const char* sheet = xml_attribute(attributes, "name");
    const char* id = xml_attribute(attributes, "r:id");
    if (sheet != nullptr && id != nullptr) sheets.emplace_back(sheet, id);
  }
  void end(std::string_view) override {}
  void text(std::string_view) override {}
  std::vector<std::pair<std::string, std::string>> sheets;  // (name, relationship id)
};

class RelationshipsHandler final : public XmlHandler {
 public:
  void start(std::string_view name, const char** attributes) override {
    if (name != "Relationship") return;
    const char* id = xml_attribute(attributes, "Id");
    const char* target = xml_attribute(attributes, "Target");
    if (id != nullptr && target != nullptr) targets[id] = target;
  }
  void end(std::string_view) override {}
  void text(std::string_view) override {}
  std::map<std::string, std::string> targets;
};

void read_spreadsheet(EntrySource& entries, std::vector<DocumentText>& out, std::vector<std::string>& problems) {
  std::string xml, error;
  std::vector<std::string> strings;
  if (entries.read("xl/sharedStrings.xml", xml)) {
    SharedStringsHandler handler(strings);
    if (!read_xml(xml, handler, error)) problems.push_back("xl/sharedStrings.xml: " + error);
  }
  StylesHandler styles;
  if (entries.read("xl/styles.xml", xml) && !read_xml(xml, styles, error)) {
    problems.push_back("xl/styles.xml: " + error);
  }
  // Sheets by their names, in the workbook's order; without a workbook,
  // every worksheet by number.
  std::vector<std::pair<std::string, std::string>> sheets;  // (name, entry)
  WorkbookHandler workbook;
  RelationshipsHandler relationships;
  if (entries.read("xl/workbook.xml", xml) && read_xml(xml, workbook, error) &&
      entries.read("xl/_rels/workbook.xml.rels", xml) && read_xml(xml, relationships, error)) {
    for (const auto& [name, id] : workbook.sheets) {
      auto it = relationships.targets.find(id);
      if (it == relationships.targets.end()) continue;
      std::string target = it->second;
      if (starts_with(target, "/")) {
        target = target.substr(1);
      } else {
        target = "xl/" + target;
      }
      sheets.emplace_back(name, target);
    }
  }
  if (sheets.empty()) {
    for (const std::string& n : entries_like(entries, "xl/worksheets/sheet", ".xml")) {
      sheets.emplace_back("Sheet" + std::to_string(number_in(n)), n);
    }
  }
  for (const auto& [name, entry] : sheets) {
    if (!entries.read(entry, xml)) continue;
    SheetText sheet(name);
    WorksheetHandler handler(sheet, strings, styles.date_styles);
    if (!read_xml(xml, handler, error)) problems.push_back(entry + ": " + error);
    if (!sheet.empty()) out.push_back(sheet.take(entry));
  }
}

// OpenDocument content.xml: text documents as running text; spreadsheets
// as sheets of rows (repeated empty cells and rows are not expanded).
class OpenDocumentHandler final : public XmlHandler {
 public:
  OpenDocumentHandler(bool spreadsheet, std::vector<DocumentText>& out) : spreadsheet_(spreadsheet), out_(out) {}

  void start(std::string_view name, const char** attributes) override {
    if (spreadsheet_) {
      start_sheet(name, attributes);
      return;
    }
    if (name == "text:p" || name == "text:h") flow_.paragraph_start();
    if (name == "text:tab") flow_.add("\t");
    if (name == "text:line-break") flow_.add("\n");
    if (name == "text:s") spaces(attributes, [&](std::string_view s) { flow_.add(s); });
    if (name == "table:table-row") flow_.row_start();
    if (name == "table:table-cell") flow_.cell_start();
  }
  void end(std::string_view name) override {
    if (spreadsheet_) {
      end_sheet(name);
      return;
    }
    if (name == "text:p" || name == "text:h") flow_.paragraph_end();
    if (name == "table:table-cell") flow_.cell_end();
    if (name == "table:table-row") flow_.row_end();
  }
  void text(std::string_view s) override {
    if (!spreadsheet_) {
      flow_.add(s);
    } else if (in_cell_) {
      cell_.append(s);
    }
  }
  void finish() {
    if (spreadsheet_) return;
    DocumentText t = flow_.take("content.xml");
    if (!t.text.empty()) out_.push_back(std::move(t));
  }

 private:
  template <typename F>
  static void spaces(const char** attributes, F add) {
    const char* c = xml_attribute(attributes, "text:c");
    int n = c != nullptr ? std::clamp(std::atoi(c), 1, 64) : 1;
    add(std::string(static_cast<std::size_t>(n), ' '));
  }

  void start_sheet(std::string_view name, const char** attributes) {
    if (name == "table:table") {
      const char* sheet = xml_attribute(attributes, "table:name");
      sheet_ = std::make_unique<SheetText>(sheet != nullptr ? sheet : "Sheet" + std::to_string(out_.size() + 1));
      row_ = 0;
    } else if (name == "table:table-row") {
      const char* repeated = xml_attribute(attributes, "table:number-rows-repeated");
      row_repeat_ = repeated != nullptr ? std::max(1, std::atoi(repeated)) : 1;
      ++row_;
      column_ = 0;
    } else if (name == "table:table-cell" || name == "table:covered-table-cell") {
      const char* repeated = xml_attribute(attributes, "table:number-columns-repeated");
      column_repeat_ = repeated != nullptr ? std::max(1, std::atoi(repeated)) : 1;
      in_cell_ = true;
      cell_.clear();
      const char* value = xml_attribute(attributes, "office:date-value");
      if (value != nullptr) date_value_ = value;
    } else if (in_cell_ && name == "text:p" && !cell_.empty()) {
      cell_.push_back(' ');
    } else if (in_cell_ && name == "text:s") {
      spaces(attributes, [&](std::string_view s) { cell_.append(s); });
    }
  }
  void end_sheet(std::string_view name) {
    if (name == "table:table-cell" || name == "table:covered-table-cell") {
      in_cell_ = false;
      if (!date_value_.empty() && cell_.empty()) cell_ = date_value_;
      date_value_.clear();
      if (sheet_ && !cell_.empty()) {
        // A value repeated across columns is written once per column, up
        // to a bound: a sheet padded to column XFD is not 16,384 copies.
        for (int i = 0; i < std::min(column_repeat_, 64); ++i) {
          sheet_->set(row_, column_ + static_cast<std::size_t>(i), cell_);
        }
      }
      column_ += static_cast<std::size_t>(column_repeat_);
    } else if (name == "table:table-row") {
      row_ += static_cast<std::size_t>(row_repeat_ - 1);
    } else if (name == "table:table" && sheet_) {
      if (!sheet_->empty()) out_.push_back(sheet_->take("content.xml"));
      sheet_.reset();
    }
  }

  bool spreadsheet_;
  std::vector<DocumentText>& out_;
  FlowText flow_{"content.xml"};
  std::unique_ptr<SheetText> sheet_;
  std::size_t row_ = 0, column_ = 0;
  int row_repeat_ = 1, column_repeat_ = 1;
  bool in_cell_ = false;
  std::string cell_, date_value_;
};

void read_opendocument(EntrySource& entries, std::vector<DocumentText>& out, std::vector<std::string>& problems) {
  std::string mimetype, xml, error;
  entries.read("mimetype", mimetype);
  bool spreadsheet = mimetype.find("spreadsheet") != std::string::npos;
  if (!entries.read("content.xml", xml)) return;
  OpenDocumentHandler handler(spreadsheet, out);
  if (!read_xml(xml, handler, error)) problems.push_back("content.xml: " + error);
  handler.finish();
}

}  // namespace

bool parse_cell_reference(std::string_view reference, std::size_t& column, std::size_t& row) {
  std::size_t i = 0, col = 0;
  while (i < reference.size() && reference[i] >= 'A' && reference[i] <= 'Z') {
    col = col * 26 + static_cast<std::size_t>(reference[i] - 'A' + 1);
    ++i;
  }
  if (i == 0 || i == reference.size() || col > 16384) return false;
  std::size_t r = 0;
  for (; i < reference.size(); ++i) {
    if (reference[i] < '0' || reference[i] > '9') return false;
    r = r * 10 + static_cast<std::size_t>(reference[i] - '0');
  }
  column = col - 1;
  row = r;
  return r > 0;
}

std::string column_name(std::size_t column) {
  std::string name;
  for (std::size_t c = column + 1; c > 0; c = (c - 1) / 26)
    name.insert(name.begin(), static_cast<char>('A' + (c - 1) % 26));
  return name;
}

std::string excel_serial_date(double serial) {
  if (!(serial >= 1 && serial < 2958466)) return "";  // 1900-01-01 .. 9999-12-31
  // Serial 60 is Excel's 1900-02-29 that never was; 1899-12-30 is day 0
  // for every later serial.
  long days = static_cast<long>(std::floor(serial));
  if (days < 60) ++days;
  long z = days - 25569 + 719468;  // days since 1970-01-01, shifted to 0000-03-01
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  long d = doy - (153 * mp + 2) / 5 + 1;
  long m = mp < 10 ? mp + 3 : mp - 9;
  long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d/%02d/%02d", static_cast<int>(y), static_cast<int>(m), static_cast<int>(d));
  return buf;
}

void read_office_document(OfficeFormat format, EntrySource& entries, std::vector<DocumentText>& out,
                          std::vector<std::string>& problems) {
  switch (format) {
    case OfficeFormat::kWord:
      read_word(entries, out, problems);
      break;
    case OfficeFormat::kSpreadsheet:
      read_spreadsheet(entries, out, problems);
      break;
    case OfficeFormat::kPresentation:
      read_presentation(entries, out, problems);
      break;
    case OfficeFormat::kOpenDocument:
      read_opendocument(entries, out, problems);
      break;
  }
}

}  // namespace leakscan
