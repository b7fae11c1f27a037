// What an image attachment says about itself before any pixel is decoded:
// its format and size from its header (JPEG, PNG, GIF, BMP, TIFF, WebP,
// HEIF), and its EXIF metadata through libexif: the camera and the time
// (a scan or a phone picture), GPS position, and the free-text fields
// where people write names (Artist, ImageDescription, UserComment,
// Copyright, Windows' XPAuthor/XPComment/XPSubject/XPTitle). The picture
// itself is examined elsewhere (extract/face_detector.h, extract/ocr.h).
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leakscan {

class CharsetDecoder;

struct ImageFacts {
  std::string format;                   // "jpeg", "png", "gif", "bmp", "tiff", "webp", "heif"; "" when not an image
  std::uint32_t width = 0, height = 0;  // 0 when the header does not say (HEIF) or is cut
  // EXIF as (tag title, value as stored, in any charset): ("Make", "Canon"), ("Artist", "山田 太郎"),
  // ("GPS", "35, 40, 41.00 N 139, 46, 12.00 E"), in a fixed order.
  std::vector<std::pair<std::string, std::string>> exif;
  bool exif_damaged = false;  // an EXIF block libexif could not read whole
  // Why the pixels must not be handed to a decoder, or "": a PNG chunk that
  // declares more bytes than the file holds (libpng allocates what a chunk
  // declares before reading it: 163 bytes asked it for 1.6 GB).
  std::string undecodable;
};

ImageFacts probe_image(std::string_view bytes);

// The EXIF fields that can name or place a person, as "Title: value"
// lines for the rules to read, in UTF-8 (a value in another charset decoded
// by `charsets`); "" when there are none.
std::string exif_person_text(const ImageFacts& facts, CharsetDecoder& charsets);

}  // namespace leakscan
