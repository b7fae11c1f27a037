// Writing Office 97-2003 documents for the tests and the sample incident:
// a Word 97 .doc (a piece table over UTF-16 and 8-bit pieces, tables,
// fields), an Excel 97 .xls (BIFF8: shared strings split over CONTINUE
// records, numbers, dates, formula results) and a PowerPoint 97 .ppt (text
// atoms per slide), each a compound file (ole_writer.h). Only for our own
// synthetic data.
#pragma once

#include "office_writer.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace leakscan::sample {

// Paragraphs, then `table` (cells in tab-free text), then `footnote` as the
// footnote story. A paragraph written as "=LINK:url|text" is a hyperlink
// field. The last paragraph, when ASCII, is stored as an 8-bit piece.
std::string make_doc(const std::vector<std::string>& paragraphs, const Rows& table = {},
                     const std::string& footnote = "");

// Sheets as make_xlsx takes them ("=DATE:1985-04-01" a date, digits a
// number, "=STR:text" a formula with a text result, anything else a shared
// string). `max_record` splits the shared strings into CONTINUE records.
std::string make_xls(const std::vector<std::pair<std::string, Rows>>& sheets, std::size_t max_record = 8224);

std::string make_ppt(const std::vector<std::vector<std::string>>& slides);

}  // namespace leakscan::sample
