#include "extract/heif_reader.h"

#ifdef LEAKSCAN_HAVE_HEIF
#include <libheif/heif.h>

#include <algorithm>
#include <cstring>
#include <memory>
#endif

namespace leakscan {

#ifdef LEAKSCAN_HAVE_HEIF

namespace {

struct ContextDeleter {
  void operator()(heif_context* c) const { heif_context_free(c); }
};
struct HandleDeleter {
  void operator()(heif_image_handle* h) const { heif_image_handle_release(h); }
};
struct ImageDeleter {
  void operator()(heif_image* i) const { heif_image_release(i); }
};
struct OptionsDeleter {
  void operator()(heif_decoding_options* o) const { heif_decoding_options_free(o); }
};
using ContextPtr = std::unique_ptr<heif_context, ContextDeleter>;
using HandlePtr = std::unique_ptr<heif_image_handle, HandleDeleter>;

// The bytes stay the caller's: libheif reads them without a copy.
HandlePtr primary_image(std::string_view bytes, ContextPtr& context, std::string& problem) {
  context.reset(heif_context_alloc());
  if (!context) {
    problem = "libheif: out of memory";
    return nullptr;
  }
  heif_error e = heif_context_read_from_memory_without_copy(context.get(), bytes.data(), bytes.size(), nullptr);
  if (e.code != heif_error_Ok) {
    problem = std::string("libheif: ") + (e.message != nullptr ? e.message : "cannot read");
    return nullptr;
  }
  heif_image_handle* handle = nullptr;
  e = heif_context_get_primary_image_handle(context.get(), &handle);
  if (e.code != heif_error_Ok || handle == nullptr) {
    problem = std::string("libheif: ") + (e.message != nullptr ? e.message : "no primary image");
    return nullptr;
  }
  return HandlePtr(handle);
}

}  // namespace

bool heif_built_in() { return true; }

HeifPicture probe_heif(std::string_view bytes) {
  HeifPicture p;
  ContextPtr context;
  HandlePtr handle = primary_image(bytes, context, p.problem);
  if (!handle) return p;
  int width = heif_image_handle_get_width(handle.get()), height = heif_image_handle_get_height(handle.get());
  if (width <= 0 || height <= 0) {
    p.problem = "libheif: the primary image has no size";
    return p;
  }
  p.readable = true;
  p.width = static_cast<std::uint32_t>(width);
  p.height = static_cast<std::uint32_t>(height);
  heif_item_id id = 0;
  if (heif_image_handle_get_list_of_metadata_block_IDs(handle.get(), "Exif", &id, 1) == 1) {
    std::size_t size = heif_image_handle_get_metadata_size(handle.get(), id);
    std::string block(size, '\0');
    if (size > 4 && heif_image_handle_get_metadata(handle.get(), id, block.data()).code == heif_error_Ok) {
      // ISO/IEC 23008-12 A.2.1: a 32-bit offset from the block's fifth byte
      // to the TIFF header (after "Exif\0\0", which most writers keep).
      std::uint32_t offset = static_cast<std::uint32_t>(static_cast<unsigned char>(block[0])) << 24 |
                             static_cast<std::uint32_t>(static_cast<unsigned char>(block[1])) << 16 |
                             static_cast<std::uint32_t>(static_cast<unsigned char>(block[2])) << 8 |
                             static_cast<unsigned char>(block[3]);
      if (offset < size - 4) p.exif = std::string("Exif\0\0", 6) + block.substr(4 + offset);
    }
  }
  return p;
}

bool decode_heif_gray(std::string_view bytes, std::uint64_t max_pixels, GrayPixels& out) {
  ContextPtr context;
  std::string problem;
  HandlePtr handle = primary_image(bytes, context, problem);
  if (!handle) return false;
  int width = heif_image_handle_get_width(handle.get()), height = heif_image_handle_get_height(handle.get());
  if (width <= 0 || height <= 0 || static_cast<std::uint64_t>(width) * static_cast<std::uint64_t>(height) > max_pixels)
    return false;
  std::unique_ptr<heif_decoding_options, OptionsDeleter> options(heif_decoding_options_alloc());
  // The luma plane is the grey picture. libheif 1.15 converts to RGB
  // unless asked for YCbCr (and not from colour to grey): 4:2:0 first, the
  // coding of nearly every HEIC, then grey for a picture coded in grey.
  heif_image* decoded = nullptr;
  heif_error e = heif_decode_image(handle.get(), &decoded, heif_colorspace_YCbCr, heif_chroma_420, options.get());
  if (e.code != heif_error_Ok) {
    decoded = nullptr;
    e = heif_decode_image(handle.get(), &decoded, heif_colorspace_monochrome, heif_chroma_monochrome, options.get());
  }
  std::unique_ptr<heif_image, ImageDeleter> image(decoded);
  if (e.code != heif_error_Ok || !image || !heif_image_has_channel(image.get(), heif_channel_Y)) return false;
  int stride = 0;
  const std::uint8_t* plane = heif_image_get_plane_readonly(image.get(), heif_channel_Y, &stride);
  int plane_width = heif_image_get_width(image.get(), heif_channel_Y);
  int plane_height = heif_image_get_height(image.get(), heif_channel_Y);
  int bits = heif_image_get_bits_per_pixel_range(image.get(), heif_channel_Y);
  // 8 bits a sample, or 9-16 in two bytes (10-bit HEIC photos).
  int sample_bytes = bits <= 8 ? 1 : 2;
  if (plane == nullptr || plane_width <= 0 || plane_height <= 0 || bits < 1 || bits > 16 ||
      stride < plane_width * sample_bytes)
    return false;
  out.width = plane_width;
  out.height = plane_height;
  out.rows.resize(static_cast<std::size_t>(plane_width) * static_cast<std::size_t>(plane_height));
  for (int y = 0; y < plane_height; ++y) {
    const std::uint8_t* row = plane + static_cast<std::ptrdiff_t>(y) * stride;
    unsigned char* to = out.rows.data() + static_cast<std::ptrdiff_t>(y) * plane_width;
    for (int x = 0; x < plane_width; ++x) {
      unsigned value = row[x];
      if (sample_bytes == 2) {
        std::uint16_t wide = 0;  // libheif keeps wide samples in the host's order
        std::memcpy(&wide, row + std::ptrdiff_t{2} * x, 2);
        value = wide;
      }
      to[x] = static_cast<unsigned char>(bits >= 8 ? value >> (bits - 8) : value << (8 - bits));
    }
  }
  return true;
}

#else

bool heif_built_in() { return false; }

HeifPicture probe_heif(std::string_view) {
  HeifPicture p;
  p.problem = "built without libheif";
  return p;
}

bool decode_heif_gray(std::string_view, std::uint64_t, GrayPixels&) { return false; }

#endif

}  // namespace leakscan
