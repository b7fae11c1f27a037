// PDF text through poppler-cpp: every page's text in poppler's reading
// order, pages in order, each page a span ("page 3"). Encrypted files that
// need a password, files poppler cannot load, and pages without any text
// (scans) are reported, never a crash; with a recognizer (OCR), a page
// without text is rendered in grey at 300 dpi (less when the page would
// exceed the pixel budget) and its recognized text stands for the page. Not thread-safe per call
// object; calls may run in parallel (one poppler document each).
#pragma once

#include <libscan/message.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

struct PdfText {
  std::string text;  // UTF-8, LF line ends, a blank line between pages
  std::vector<TextSpan> spans;
  std::size_t pages = 0;
  std::size_t pages_without_text = 0;  // after OCR, when it ran
  std::size_t pages_recognized = 0;    // read by OCR
  bool locked = false;                 // needs a password
  bool unreadable = false;             // poppler could not load it
  bool truncated = false;              // stopped at `max_bytes` of text
};

// The text of 8-bit grey pixels, `width` bytes a row, at `dpi`.
using PageRecognizer = std::function<std::string(const std::uint8_t* pixels, int width, int height, int dpi)>;

PdfText read_pdf(std::string_view bytes, std::size_t max_bytes, const PageRecognizer* recognizer = nullptr,
                 std::uint64_t max_pixels = 0);

}  // namespace leakscan
