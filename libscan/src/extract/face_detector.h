// Faces in a picture, for telling a face photo (a résumé's, an ID's) from
// a chart or a scanned invoice: OpenCV's frontal-face Haar cascade (Debian's
// opencv-data), run on the picture reduced to at most 640 pixels a side.
// OpenCV is optional at build time: without it, or without the model,
// open() says why and images are judged by their names, metadata and the
// mail around them. Decoding is bounded by a pixel budget checked on the
// header before any pixel is decoded. A FaceDetector is not thread-safe
// (OpenCV's cascade keeps per-call buffers); use one per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace leakscan {

struct FaceCount {
  int faces = 0;
  // The largest face's share of the picture's area, 0-1: an ID photo's
  // face fills a fifth of it, a face in a group picture a hundredth.
  double largest_share = 0;
};

class FaceDetector {
 public:
  // Whether this build has OpenCV.
  static bool built_in();
  // The cascade shipped by opencv-data, found when leakscan was configured.
  static std::string default_model();
  // Null, with the reason in `error`, when there is no OpenCV or the model
  // cannot be loaded.
  static std::unique_ptr<FaceDetector> open(const std::string& model_path, std::string& error);

  ~FaceDetector();
  FaceDetector(const FaceDetector&) = delete;
  FaceDetector& operator=(const FaceDetector&) = delete;

  // The faces in an encoded image (JPEG, PNG, TIFF, BMP, WebP...); nullopt
  // when OpenCV cannot decode it. The caller checks the pixel budget.
  std::optional<FaceCount> detect(std::string_view image_bytes);

 private:
  FaceDetector();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace leakscan
