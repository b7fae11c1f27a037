#include "extract/ocr.h"

#ifdef LEAKSCAN_HAVE_TESSERACT
#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#endif

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

struct PixDeleter {
  void operator()(Pix* p) const { pixDestroy(&p); }
};

std::string take_text(tesseract::TessBaseAPI& api) {
  std::unique_ptr<char[]> text(api.GetUTF8Text());
  std::string out = text ? std::string(text.get()) : std::string();
  api.Clear();
  return out;
}

std::optional<std::string> recognize_encoded(tesseract::TessBaseAPI& api, std::string_view image_bytes) {
  std::unique_ptr<Pix, PixDeleter> pix(
      pixReadMem(reinterpret_cast<const l_uint8*>(image_bytes.data()), image_bytes.size()));
  if (!pix) return std::nullopt;
  api.SetImage(pix.get());
  // Scans without a resolution are taken as office scanners make them.
  if (pixGetXRes(pix.get()) < 70) api.SetSourceResolution(300);
  return take_text(api);
}

}  // namespace

struct OcrEngine::Impl {
  tesseract::TessBaseAPI api;
  std::unique_ptr<tesseract::TessBaseAPI> zone_api;
  bool zone_tried = false;
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
  return recognize_encoded(impl_->api, image_bytes);
}

std::optional<std::string> OcrEngine::recognize_image_zone(std::string_view image_bytes) {
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
  return recognize_encoded(*impl_->zone_api, image_bytes);
}

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
std::optional<std::string> OcrEngine::recognize_image_zone(std::string_view) { return std::nullopt; }
std::string OcrEngine::recognize_gray(const std::uint8_t*, int, int, int) { return ""; }

#endif

OcrEngine::OcrEngine() : impl_(std::make_unique<Impl>()) {}
OcrEngine::~OcrEngine() = default;

}  // namespace leakscan
