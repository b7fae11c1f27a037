// Optical character recognition of scans (`--ocr`): Tesseract
// (libtesseract-dev) with Debian's Japanese and English models
// (tesseract-ocr-jpn, tesseract-ocr-eng), on image attachments decoded by
// Leptonica and on PDF pages that carry no text, rendered by poppler.
// Optional at build time: without Tesseract, open() says so and scans stay
// unread (`pdf.no-text`, images judged by name and context). Loading the
// models takes a second, so an engine is opened once per thread and kept.
// An OcrEngine is not thread-safe; use one per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace leakscan {

class OcrEngine {
 public:
  static bool built_in();
  // `languages` as Tesseract names them ("jpn+eng"). Null, with the
  // reason in `error`, without Tesseract or its models.
  static std::unique_ptr<OcrEngine> open(const std::string& languages, std::string& error);

  ~OcrEngine();
  OcrEngine(const OcrEngine&) = delete;
  OcrEngine& operator=(const OcrEngine&) = delete;

  // The text of an encoded image (JPEG, PNG, TIFF, BMP, GIF, WebP); nullopt
  // when it cannot be decoded. The caller checks the pixel budget.
  std::optional<std::string> recognize_image(std::string_view image_bytes);
  // The picture the last recognize_image read (as it was prepared:
  // enlarged, deskewed, its background evened when the light was uneven),
  // read again for a machine-readable zone: English
  // model, only A-Z, 0-9 and '<' (the Japanese model reads "<<<" as
  // "こここ"). The second model is loaded on first use. With `even_light`
  // the picture's background is first brought to one level (a photo
  // taken under a lamp is darker on one side, and one threshold for the
  // page loses the dark half of the zone). nullopt when there is no such
  // picture, or with `even_light` when recognize_image found the light
  // uneven and evened it already. The picture is kept until the next recognize_image or
  // forget_last_image.
  std::optional<std::string> recognize_last_image_zone(bool even_light = false);
  void forget_last_image();
  // The text of 8-bit grey pixels, `width` a row, scanned at `dpi`.
  std::string recognize_gray(const std::uint8_t* pixels, int width, int height, int dpi);

 private:
  OcrEngine();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace leakscan
