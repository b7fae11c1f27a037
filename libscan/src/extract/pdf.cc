#include "extract/pdf.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <climits>
#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

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

namespace {

std::string recognize_page(const poppler::page& page, const PageRecognizer& recognizer, std::uint64_t max_pixels) {
  poppler::rectf box = page.page_rect();
  double width_in = box.width() / 72.0, height_in = box.height() / 72.0;
  if (width_in <= 0 || height_in <= 0) return "";
  double dpi = 300;
  double pixels = width_in * dpi * height_in * dpi;
  if (max_pixels > 0 && pixels > static_cast<double>(max_pixels)) {
    dpi *= std::sqrt(static_cast<double>(max_pixels) / pixels);
  }
  if (dpi < 50) return "";  // a page so large that its text would be illegible
  poppler::page_renderer renderer;
  renderer.set_image_format(poppler::image::format_gray8);
  renderer.set_render_hints(poppler::page_renderer::antialiasing | poppler::page_renderer::text_antialiasing);
  poppler::image image = renderer.render_page(&page, dpi, dpi);
  if (!image.is_valid() || image.format() != poppler::image::format_gray8) return "";
  // Rows are padded; the recognizer wants them packed.
  int w = image.width(), h = image.height();
  std::vector<std::uint8_t> packed(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
  for (int y = 0; y < h; ++y) {
    const char* row = image.const_data() + static_cast<std::ptrdiff_t>(y) * image.bytes_per_row();
    std::memcpy(packed.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(w), row,
                static_cast<std::size_t>(w));
  }
  return recognizer(packed.data(), w, h, static_cast<int>(dpi));
}

}  // namespace

PdfText read_pdf(std::string_view bytes, std::size_t max_bytes, const PageRecognizer* recognizer,
                 std::uint64_t max_pixels) {
  quiet_poppler();
  PdfText out;
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    out.unreadable = true;
    return out;
  }
  // Readers accept a header anywhere in the first kilobyte; without one,
  // poppler would scan the whole file rebuilding a cross-reference table
  // that cannot exist (random bytes named .pdf cost 1.6 ms each).
  if (bytes.substr(0, 1024).find("%PDF-") == std::string_view::npos) {
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
    bool recognized = false;
    if (blank && recognizer != nullptr) {
      clean = recognize_page(*page, *recognizer, max_pixels);
      blank = clean.find_first_not_of(" \t\n") == std::string::npos;
      recognized = !blank;
    }
    if (blank) {
      ++out.pages_without_text;
      continue;
    }
    if (recognized) ++out.pages_recognized;
    if (!out.text.empty()) out.text += "\n";
    out.spans.push_back({out.text.size(), "page " + std::to_string(i + 1) + (recognized ? " (OCR)" : "")});
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
