#include "extract/pdf.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <climits>
#include <memory>
#include <mutex>

namespace leakscan {

namespace {

// poppler writes its complaints about damaged files to standard error;
// they become defects here instead. Set once for the process: it is
// poppler's own setting, not ours.
void quiet_poppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

}  // namespace

PdfText read_pdf(std::string_view bytes, std::size_t max_bytes) {
  quiet_poppler();
  PdfText out;
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    out.unreadable = true;
    return out;
  }
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) {
    out.unreadable = true;
    return out;
  }
  if (doc->is_locked()) {
    out.locked = true;
    return out;
  }
  int pages = doc->pages();
  out.pages = pages > 0 ? static_cast<std::size_t>(pages) : 0;
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) continue;
    poppler::byte_array utf8 = page->text().to_utf8();
    std::string text(utf8.begin(), utf8.end());
    std::string clean;
    clean.reserve(text.size());
    for (std::size_t k = 0; k < text.size(); ++k) {
      char c = text[k];
      if (c == '\r') {
        if (k + 1 < text.size() && text[k + 1] == '\n') continue;
        c = '\n';
      }
      if (c == '\f') c = '\n';
      clean.push_back(c);
    }
    bool blank = clean.find_first_not_of(" \t\n") == std::string::npos;
    if (blank) {
      ++out.pages_without_text;
      continue;
    }
    if (!out.text.empty()) out.text += "\n";
    out.spans.push_back({out.text.size(), "page " + std::to_string(i + 1)});
    if (out.text.size() + clean.size() > max_bytes) {
      std::size_t room = max_bytes > out.text.size() ? max_bytes - out.text.size() : 0;
      while (room > 0 && (static_cast<unsigned char>(clean[room]) & 0xC0) == 0x80) --room;  // whole characters
      out.text.append(clean, 0, room);
      out.truncated = true;
      break;
    }
    out.text += clean;
    if (out.text.back() != '\n') out.text.push_back('\n');
  }
  return out;
}

}  // namespace leakscan
