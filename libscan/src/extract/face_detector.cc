#include "extract/face_detector.h"

#ifdef LEAKSCAN_HAVE_OPENCV
#include <opencv2/core.hpp>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgcodecs.hpp>
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

std::unique_ptr<FaceDetector> FaceDetector::open(const std::string& model_path, std::string& error) {
  // OpenCV logs every undecodable picture on stderr, a process-wide
  // setting; hostile attachments are reported as defects instead.
  static std::once_flag once;
  std::call_once(once, [] { cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT); });
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
    cv::Mat encoded(1, static_cast<int>(image_bytes.size()), CV_8U,
                    const_cast<char*>(image_bytes.data()));  // imdecode only reads
    cv::Mat gray = cv::imdecode(encoded, cv::IMREAD_GRAYSCALE);
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
