// Writing the synthetic attachments of the samples and the tests: zip
// archives (libzip, in memory), and minimal but valid Office Open XML and
// OpenDocument files: a .docx of paragraphs and a table, an .xlsx of rows
// (shared strings, inline strings, numbers and dates), a .pptx of slides,
// an .odt and an .ods. Only for our own synthetic data.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace leakscan::sample {

struct ZipFile {
  std::string name;  // as stored: UTF-8, or raw bytes (a CP932 name) when `raw_name`
  std::string data;
  bool raw_name = false;
  bool stored = false;  // no compression
};

// The bytes of a zip archive holding `files`.
std::string make_zip(const std::vector<ZipFile>& files);

using Rows = std::vector<std::vector<std::string>>;

// A .docx: each paragraph a line; `table` (if any) after them, first row a
// header; `media` stored under word/media/ (a photo in a résumé).
std::string make_docx(const std::vector<std::string>& paragraphs, const Rows& table = {},
                      const std::vector<ZipFile>& media = {});
// An .xlsx with one sheet per (name, rows); a cell written as "=DATE:1985-04-01"
// is a date cell (a serial number with a date format), digits only a
// number, anything else a shared string.
std::string make_xlsx(const std::vector<std::pair<std::string, Rows>>& sheets);
// A .pptx, one slide per list of paragraphs.
std::string make_pptx(const std::vector<std::vector<std::string>>& slides);
std::string make_odt(const std::vector<std::string>& paragraphs);
// A PDF, one page per list of lines (ASCII, in Helvetica or another of
// the standard 14 fonts); an empty list is a page without text, as a scan is.
std::string make_pdf(const std::vector<std::vector<std::string>>& pages, const std::string& font = "Helvetica");
std::string make_ods(const std::vector<std::pair<std::string, Rows>>& sheets);

}  // namespace leakscan::sample
