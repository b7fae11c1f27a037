#include "extract/picture_reader.h"

#include "extract/heif_reader.h"

#include <csetjmp>
#include <cstdint>
#include <cstdio>
#include <vector>

// After <cstdio>: jpeglib.h needs FILE and size_t declared.
#include <jpeglib.h>
#include <png.h>

namespace leakscan {

namespace {

struct QuietJpegError {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
};

[[noreturn]] void jpeg_fail(j_common_ptr info) { std::longjmp(reinterpret_cast<QuietJpegError*>(info->err)->jump, 1); }
void jpeg_quiet(j_common_ptr) {}

// No object with a destructor lives between setjmp and a longjmp out of
// libjpeg: the row is libjpeg's own memory, the picture a raw pointer.
PIX* read_jpeg(const unsigned char* data, std::size_t size) {
  jpeg_decompress_struct info{};
  QuietJpegError error{};
  info.err = jpeg_std_error(&error.manager);
  error.manager.error_exit = jpeg_fail;
  error.manager.output_message = jpeg_quiet;
  PIX* volatile pix = nullptr;
  if (setjmp(error.jump) != 0) {
    jpeg_destroy_decompress(&info);
    PIX* made = pix;
    if (made != nullptr) pixDestroy(&made);
    return nullptr;
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, data, static_cast<unsigned long>(size));
  jpeg_read_header(&info, TRUE);
  if (static_cast<std::uint64_t>(info.image_width) * info.image_height > kMaxPicturePixels) {
    jpeg_destroy_decompress(&info);
    return nullptr;
  }
  info.out_color_space = JCS_GRAYSCALE;
  jpeg_start_decompress(&info);
  pix = pixCreate(static_cast<l_int32>(info.output_width), static_cast<l_int32>(info.output_height), 8);
  if (pix == nullptr) {
    jpeg_destroy_decompress(&info);
    return nullptr;
  }
  JSAMPARRAY row = (*info.mem->alloc_sarray)(reinterpret_cast<j_common_ptr>(&info), JPOOL_IMAGE, info.output_width, 1);
  l_uint32* lines = pixGetData(pix);
  l_int32 words_per_line = pixGetWpl(pix);
  while (info.output_scanline < info.output_height) {
    JDIMENSION y = info.output_scanline;
    jpeg_read_scanlines(&info, row, 1);
    l_uint32* line = lines + static_cast<std::ptrdiff_t>(y) * words_per_line;
    for (JDIMENSION x = 0; x < info.output_width; ++x) SET_DATA_BYTE(line, x, row[0][x]);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  return pix;
}

// libpng's simplified API keeps its errors and warnings in image.message.
PIX* read_png(const unsigned char* data, std::size_t size) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (png_image_begin_read_from_memory(&image, data, size) == 0) return nullptr;
  if (static_cast<std::uint64_t>(image.width) * image.height > kMaxPicturePixels) {
    png_image_free(&image);
    return nullptr;
  }
  image.format = PNG_FORMAT_GRAY;
  std::vector<png_byte> gray(PNG_IMAGE_SIZE(image));
  if (png_image_finish_read(&image, nullptr, gray.data(), 0, nullptr) == 0) {
    png_image_free(&image);
    return nullptr;
  }
  PIX* pix = pixCreate(static_cast<l_int32>(image.width), static_cast<l_int32>(image.height), 8);
  if (pix == nullptr) return nullptr;
  l_uint32* lines = pixGetData(pix);
  l_int32 words_per_line = pixGetWpl(pix);
  for (std::uint32_t y = 0; y < image.height; ++y) {
    l_uint32* line = lines + static_cast<std::ptrdiff_t>(y) * words_per_line;
    const png_byte* from = gray.data() + static_cast<std::size_t>(y) * image.width;
    for (std::uint32_t x = 0; x < image.width; ++x) SET_DATA_BYTE(line, x, from[x]);
  }
  return pix;
}

}  // namespace

PixPtr read_picture(std::string_view bytes) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  if (bytes.size() >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) {
    return PixPtr(read_jpeg(data, bytes.size()));
  }
  if (bytes.size() >= 8 && bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) {
    return PixPtr(read_png(data, bytes.size()));
  }
  if (bytes.size() >= 12 && bytes.substr(4, 4) == "ftyp") {
    GrayPixels gray;
    if (!decode_heif_gray(bytes, kMaxPicturePixels, gray)) return nullptr;
    PixPtr pix(pixCreate(gray.width, gray.height, 8));
    if (!pix) return nullptr;
    l_uint32* lines = pixGetData(pix.get());
    l_int32 words_per_line = pixGetWpl(pix.get());
    for (int y = 0; y < gray.height; ++y) {
      l_uint32* line = lines + static_cast<std::ptrdiff_t>(y) * words_per_line;
      const unsigned char* from = gray.rows.data() + static_cast<std::ptrdiff_t>(y) * gray.width;
      for (int x = 0; x < gray.width; ++x) SET_DATA_BYTE(line, x, from[x]);
    }
    return pix;
  }
  return PixPtr(pixReadMem(data, bytes.size()));
}

}  // namespace leakscan
