#include "extract/ocr.h"

#ifdef LEAKSCAN_HAVE_TESSERACT
#include "extract/picture_reader.h"

#include <tesseract/baseapi.h>
#endif

#include <algorithm>
#include <mutex>

namespace leakscan {

#ifdef LEAKSCAN_HAVE_TESSERACT

namespace {

// Leptonica reports every undecodable picture on stderr, a process-wide
// setting; hostile attachments are reported as defects instead.
void quiet_leptonica() {
  static std::once_flag once;
  std::call_once(once, [] { setMsgSeverity(L_SEVERITY_NONE); });
}

std::string take_text(tesseract::TessBaseAPI& api) {
  std::unique_ptr<char[]> text(api.GetUTF8Text());
  std::string out = text ? std::string(text.get()) : std::string();
  api.Clear();
  return out;
}

// A photo taken under a lamp is darker on one side, and one threshold for
// the page loses the dark side's text. The background of each of 4 x 4
// tiles (its 90th-percentile grey) tells: the darkest below 80 % of the
// brightest is uneven light (a page shaded by 35 % across gives ~70 %; a
// flatbed scan ~100 %, whatever its text).
bool unevenly_lit(Pix* gray) {
  int width = pixGetWidth(gray), height = pixGetHeight(gray);
  if (width < 64 || height < 64) return false;
  float brightest = 0, darkest = 255;
  for (int ty = 0; ty < 4; ++ty) {
    for (int tx = 0; tx < 4; ++tx) {
      BOX* box = boxCreate(tx * width / 4, ty * height / 4, width / 4, height / 4);
      PixPtr tile(pixClipRectangle(gray, box, nullptr));
      boxDestroy(&box);
      l_uint32 background = 0;
      if (!tile || pixGetRankValue(tile.get(), 4, 0.9f, &background) != 0) continue;
      brightest = std::max(brightest, static_cast<float>(background));
      darkest = std::min(darkest, static_cast<float>(background));
    }
  }
  return brightest > 0 && darkest < 0.8f * brightest;
}

// Tesseract reads best from a level page at about 300 dpi: small pictures
// (a 150 dpi scan, a cropped card) are enlarged to ~3,000 pixels on their
// longer side, at most three times, and every picture is deskewed
// (Leptonica's skew search, up to 7 degrees either way). Measured by
// bench/ocr_accuracy: a 150 dpi scan turned 3 degrees gave its zone in 5 of
// 10 pages as read, 9 of 10 so prepared. An unevenly lit picture has its
// background evened (`evened`). Null when it cannot be decoded.
PixPtr prepared_picture(std::string_view image_bytes, bool& evened) {
  evened = false;
  PixPtr pix = read_picture(image_bytes);
  if (!pix) return nullptr;
  PixPtr gray(pixConvertTo8(pix.get(), 0));
  if (!gray) return nullptr;
  int longer = std::max(pixGetWidth(gray.get()), pixGetHeight(gray.get()));
  if (longer > 0 && longer < 2500) {
    float factor = std::min(3.0f, 3000.0f / static_cast<float>(longer));
    if (PixPtr larger(pixScaleGrayLI(gray.get(), factor, factor)); larger) gray = std::move(larger);
  }
  if (PixPtr level(pixDeskew(gray.get(), 0)); level) gray = std::move(level);
  if (unevenly_lit(gray.get())) {
    if (PixPtr even(pixBackgroundNormSimple(gray.get(), nullptr, nullptr)); even) {
      gray = std::move(even);
      evened = true;
    }
  }
  return gray;
}

std::string recognize(tesseract::TessBaseAPI& api, Pix* picture) {
  api.SetImage(picture);
  api.SetSourceResolution(300);
  return take_text(api);
}

}  // namespace

struct OcrEngine::Impl {
  tesseract::TessBaseAPI api;
  std::unique_ptr<tesseract::TessBaseAPI> zone_api;
  bool zone_tried = false;
  // As recognize_image prepared it, for the zone pass; kept until the zone
  // pass or the next picture (one picture per thread, as during the read).
  PixPtr last_picture;
  bool last_evened = false;  // its background was evened already
};

bool OcrEngine::built_in() { return true; }

std::unique_ptr<OcrEngine> OcrEngine::open(const std::string& languages, std::string& error) {
  quiet_leptonica();
  std::unique_ptr<OcrEngine> engine(new OcrEngine());
  tesseract::TessBaseAPI& api = engine->impl_->api;
  api.SetVariable("debug_file", "/dev/null");
  if (api.Init(nullptr, languages.c_str(), tesseract::OEM_DEFAULT) != 0) {
    error = "Tesseract cannot load the models '" + languages + "' (tesseract-ocr-jpn, tesseract-ocr-eng)";
    return nullptr;
  }
  // Its warnings ("Invalid resolution 0 dpi") would go to stderr.
  api.SetVariable("debug_file", "/dev/null");
  api.SetPageSegMode(tesseract::PSM_AUTO);
  return engine;
}

std::optional<std::string> OcrEngine::recognize_image(std::string_view image_bytes) {
  impl_->last_picture = prepared_picture(image_bytes, impl_->last_evened);
  if (!impl_->last_picture) return std::nullopt;
  return recognize(impl_->api, impl_->last_picture.get());
}

std::optional<std::string> OcrEngine::recognize_last_image_zone(bool even_light) {
  if (!impl_->last_picture) return std::nullopt;
  if (!impl_->zone_tried) {
    impl_->zone_tried = true;
    auto api = std::make_unique<tesseract::TessBaseAPI>();
    api->SetVariable("debug_file", "/dev/null");
    if (api->Init(nullptr, "eng", tesseract::OEM_DEFAULT) == 0) {
      api->SetVariable("debug_file", "/dev/null");
      api->SetVariable("tessedit_char_whitelist", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<");
      api->SetPageSegMode(tesseract::PSM_AUTO);
      impl_->zone_api = std::move(api);
    }
  }
  if (!impl_->zone_api) return std::nullopt;
  if (!even_light) return recognize(*impl_->zone_api, impl_->last_picture.get());
  if (impl_->last_evened) return std::nullopt;  // read so already
  PixPtr evened(pixBackgroundNormSimple(impl_->last_picture.get(), nullptr, nullptr));
  if (!evened) return std::nullopt;
  return recognize(*impl_->zone_api, evened.get());
}

void OcrEngine::forget_last_image() { impl_->last_picture.reset(); }

std::string OcrEngine::recognize_gray(const std::uint8_t* pixels, int width, int height, int dpi) {
  tesseract::TessBaseAPI& api = impl_->api;
  api.SetImage(pixels, width, height, 1, width);
  api.SetSourceResolution(dpi);
  return take_text(api);
}

#else

struct OcrEngine::Impl {};

bool OcrEngine::built_in() { return false; }

std::unique_ptr<OcrEngine> OcrEngine::open(const std::string&, std::string& error) {
  error = "leakscan was built without Tesseract (libtesseract-dev, tesseract-ocr-jpn, tesseract-ocr-eng)";
  return nullptr;
}

std::optional<std::string> OcrEngine::recognize_image(std::string_view) { return std::nullopt; }
std::optional<std::string> OcrEngine::recognize_last_image_zone(bool) { return std::nullopt; }
void OcrEngine::forget_last_image() {}
std::string OcrEngine::recognize_gray(const std::uint8_t*, int, int, int) { return ""; }

#endif

OcrEngine::OcrEngine() : impl_(std::make_unique<Impl>()) {}
OcrEngine::~OcrEngine() = default;

}  // namespace leakscan
