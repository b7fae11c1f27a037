// HEIF/HEIC pictures (iPhone photos) through libheif: the primary image's
// size, its EXIF block, and its pixels in grey for faces and OCR. In a
// build without libheif (LEAKSCAN_HAVE_HEIF off) nothing here reads them
// and a HEIF is known by its header alone. Thread-safe: a libheif context
// per call, and libheif's plugins are not loaded (heif_init is not
// called), so the decoders are the ones built into the library.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

bool heif_built_in();

struct HeifPicture {
  bool readable = false;  // a primary image was found
  std::uint32_t width = 0, height = 0;
  std::string exif;     // "Exif\0\0" and the TIFF structure, as a JPEG's APP1 holds them; "" when none
  std::string problem;  // why it is not readable
};

HeifPicture probe_heif(std::string_view bytes);

struct GrayPixels {
  int width = 0, height = 0;
  std::vector<unsigned char> rows;  // width bytes per row
};

// The primary image in 8-bit grey; false when it cannot be decoded or has
// more than `max_pixels` pixels (checked before decoding).
bool decode_heif_gray(std::string_view bytes, std::uint64_t max_pixels, GrayPixels& out);

}  // namespace leakscan
