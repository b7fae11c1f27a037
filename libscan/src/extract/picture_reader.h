// Pictures as Leptonica images for face detection and OCR, read without a
// word on stderr: Leptonica hands JPEG and PNG to libjpeg and libpng with
// their default handlers, which print "Premature end of JPEG file" and
// "libpng error: ..." for every damaged attachment (the damage is reported
// as a defect instead). JPEG and PNG are therefore decoded here with quiet
// handlers, to 8-bit grey; other formats go to Leptonica, whose own
// messages are silenced. Thread-safe.
#pragma once

#include <leptonica/allheaders.h>

#include <memory>
#include <string_view>

namespace leakscan {

struct PixDeleter {
  void operator()(PIX* pix) const { pixDestroy(&pix); }
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

// Null when the bytes cannot be read as a picture or it is larger than
// kMaxPicturePixels.
PixPtr read_picture(std::string_view bytes);

// 10,000 x 10,000: a 1,200 dpi scan of an A4 page is 10,000 x 14,000.
inline constexpr std::uint64_t kMaxPicturePixels = std::uint64_t{200} << 20;

}  // namespace leakscan
