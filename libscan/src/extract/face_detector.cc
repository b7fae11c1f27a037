#include "extract/face_detector.h"

#ifdef LEAKSCAN_HAVE_OPENCV
// Pictures are decoded by Leptonica, not OpenCV's imgcodecs: imgcodecs
// brings in GDAL and ~110 more shared libraries (0.1 s and ~40 MB at every
// start) and writes decoding errors to std::cerr, which no setting stops.
#include "extract/picture_reader.h"

#include <opencv2/core.hpp>
#include <opencv2/core/ocl.hpp>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>
#endif

#include <algorithm>
#include <mutex>
#include <vector>

namespace leakscan {

#ifdef LEAKSCAN_HAVE_OPENCV

struct FaceDetector::Impl {
  cv::CascadeClassifier cascade;
};

bool FaceDetector::built_in() { return true; }

namespace {

// The picture as 8-bit grey (empty when it cannot be read).
cv::Mat decode_gray(std::string_view bytes) {
  PixPtr pix = read_picture(bytes);
  if (!pix) return {};
  PixPtr gray(pixConvertTo8(pix.get(), 0));
  if (!gray) return {};
  int width = static_cast<int>(pixGetWidth(gray.get())), height = static_cast<int>(pixGetHeight(gray.get()));
  l_uint32* data = pixGetData(gray.get());
  int words_per_line = static_cast<int>(pixGetWpl(gray.get()));
  cv::Mat out(height, width, CV_8U);
  for (int y = 0; y < height; ++y) {
    const l_uint32* line = data + static_cast<std::ptrdiff_t>(y) * words_per_line;
    auto* row = out.ptr<unsigned char>(y);
    // Leptonica packs pixels into 32-bit words, most significant byte first.
    for (int x = 0; x < width; ++x) row[x] = static_cast<unsigned char>(GET_DATA_BYTE(line, x));
  }
  return out;
}

}  // namespace

std::unique_ptr<FaceDetector> FaceDetector::open(const std::string& model_path, std::string& error) {
  // OpenCV and Leptonica log to stderr, process-wide settings; hostile
  // attachments are reported as defects instead.
  static std::once_flag once;
  std::call_once(once, [] {
    cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
    setMsgSeverity(L_SEVERITY_NONE);
    // The scan's workers are the parallelism: OpenCV's own pool would put
    // more threads than cores on a picture. No OpenCL either: probing for
    // it dlopens the OpenCL loader, whose thread-local block made
    // LeakSanitizer's exit-time tracer crash (ASan incident test), and a
    // forensic scan has no business with the GPU.
    cv::setNumThreads(0);
    cv::ocl::setUseOpenCL(false);
  });
  std::unique_ptr<FaceDetector> detector(new FaceDetector());
  try {
    if (model_path.empty() || !detector->impl_->cascade.load(model_path)) {
      error = "cannot load the face model '" + model_path + "'";
      return nullptr;
    }
  } catch (const cv::Exception& e) {
    error = "cannot load the face model '" + model_path + "': " + e.what();
    return nullptr;
  }
  return detector;
}

std::optional<FaceCount> FaceDetector::detect(std::string_view image_bytes) {
  try {
    cv::Mat gray = decode_gray(image_bytes);
    if (gray.empty()) return std::nullopt;
    double scale = 640.0 / std::max(gray.cols, gray.rows);
    if (scale < 1) cv::resize(gray, gray, cv::Size(), scale, scale, cv::INTER_AREA);
    cv::equalizeHist(gray, gray);
    int min_side = std::max(24, std::min(gray.cols, gray.rows) / 12);
    std::vector<cv::Rect> faces;
    impl_->cascade.detectMultiScale(gray, faces, 1.1, 5, 0, cv::Size(min_side, min_side));
    FaceCount count;
    count.faces = static_cast<int>(faces.size());
    double area = static_cast<double>(gray.cols) * gray.rows;
    for (const cv::Rect& f : faces) count.largest_share = std::max(count.largest_share, f.area() / area);
    return count;
  } catch (const cv::Exception&) {
    return std::nullopt;  // a picture OpenCV refuses is a picture not examined
  }
}

#else

struct FaceDetector::Impl {};

bool FaceDetector::built_in() { return false; }

std::unique_ptr<FaceDetector> FaceDetector::open(const std::string&, std::string& error) {
  error = "leakscan was built without OpenCV (libopencv-dev, opencv-data)";
  return nullptr;
}

std::optional<FaceCount> FaceDetector::detect(std::string_view) { return std::nullopt; }

#endif

std::string FaceDetector::default_model() {
#ifdef LEAKSCAN_FACE_MODEL
  return LEAKSCAN_FACE_MODEL;
#else
  return "";
#endif
}

FaceDetector::FaceDetector() : impl_(std::make_unique<Impl>()) {}
FaceDetector::~FaceDetector() = default;

}  // namespace leakscan
