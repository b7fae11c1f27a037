// PDF text through poppler-cpp: every page's text in poppler's reading
// order, pages in order, each page a span ("page 3"). Encrypted files that
// need a password, files poppler cannot load, and pages without any text
// (scans, for OCR) are reported, never a crash. Not thread-safe per call
// object; calls may run in parallel (one poppler document each).
#pragma once

#include <libscan/message.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

struct PdfText {
  std::string text;  // UTF-8, LF line ends, a blank line between pages
  std::vector<TextSpan> spans;
  std::size_t pages = 0;
  std::size_t pages_without_text = 0;
  bool locked = false;      // needs a password
  bool unreadable = false;  // poppler could not load it
  bool truncated = false;   // stopped at `max_bytes` of text
};

PdfText read_pdf(std::string_view bytes, std::size_t max_bytes);

}  // namespace leakscan
