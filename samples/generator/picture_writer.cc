#include "picture_writer.h"

#include <jpeglib.h>
#include <cstdio>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <vector>

namespace leakscan::sample {

namespace {

class Canvas {
 public:
  // The drawing's 400 x 400 grid covers `share` of the canvas, centred.
  Canvas(int width, int height, int level, double share = 1)
      : width_(width),
        height_(height),
        scale_x_(width * share / 400),
        scale_y_(height * share / 400),
        left_(width * (1 - share) / 2),
        top_(height * (1 - share) / 2),
        pixels_(static_cast<std::size_t>(width) * height, clamp(level)) {}

  enum class Half { kWhole, kUpper, kLower };

  // The drawing is laid out on a 400 x 400 grid and scaled to the canvas.
  void ellipse(double cx, double cy, double ax, double ay, int level, Half half = Half::kWhole) {
    cx = left_ + cx * scale_x_, ax *= scale_x_, cy = top_ + cy * scale_y_, ay *= scale_y_;
    int y0 = std::max(0, static_cast<int>(cy - ay)), y1 = std::min(height_ - 1, static_cast<int>(cy + ay));
    int x0 = std::max(0, static_cast<int>(cx - ax)), x1 = std::min(width_ - 1, static_cast<int>(cx + ax));
    for (int y = y0; y <= y1; ++y) {
      if ((half == Half::kUpper && y > cy) || (half == Half::kLower && y < cy)) continue;
      for (int x = x0; x <= x1; ++x) {
        double dx = (x - cx) / ax, dy = (y - cy) / ay;
        if (dx * dx + dy * dy <= 1) at(x, y) = clamp(level);
      }
    }
  }

  void line(double x0, double y0, double x1, double y1, double thickness, int level) {
    for (int step = 0; step <= 100; ++step) {
      double t = step / 100.0;
      ellipse(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, thickness / 2, thickness / 2, level);
    }
  }

  // A Gaussian blur (sigma in grid units): drawn edges are softened as a
  // lens softens them, which the cascade's features expect.
  void blur(double grid_sigma) {
    double sigma = grid_sigma * scale_x_;
    int r = std::max(1, static_cast<int>(std::ceil(sigma * 3)));
    std::vector<double> kernel(static_cast<std::size_t>(2 * r + 1));
    double sum = 0;
    for (int i = -r; i <= r; ++i)
      sum += kernel[static_cast<std::size_t>(i + r)] = std::exp(-i * i / (2 * sigma * sigma));
    for (double& k : kernel) k /= sum;
    std::vector<unsigned char> pass(pixels_.size());
    for (int direction = 0; direction < 2; ++direction) {
      for (int y = 0; y < height_; ++y) {
        for (int x = 0; x < width_; ++x) {
          double v = 0;
          for (int i = -r; i <= r; ++i) {
            int sx = direction == 0 ? std::clamp(x + i, 0, width_ - 1) : x;
            int sy = direction == 1 ? std::clamp(y + i, 0, height_ - 1) : y;
            v += kernel[static_cast<std::size_t>(i + r)] * at(sx, sy);
          }
          pass[static_cast<std::size_t>(y) * width_ + x] = clamp(static_cast<int>(std::lround(v)));
        }
      }
      pixels_.swap(pass);
    }
  }

  std::string jpeg(int quality) const { return gray_jpeg(pixels_.data(), width_, height_, quality); }
  const std::vector<unsigned char>& pixels() const { return pixels_; }

 private:
  static unsigned char clamp(int level) { return static_cast<unsigned char>(std::clamp(level, 0, 255)); }
  unsigned char& at(int x, int y) { return pixels_[static_cast<std::size_t>(y) * width_ + x]; }
  unsigned char at(int x, int y) const { return pixels_[static_cast<std::size_t>(y) * width_ + x]; }

  int width_, height_;
  double scale_x_, scale_y_, left_, top_;
  std::vector<unsigned char> pixels_;
};

}  // namespace

std::string gray_jpeg(const unsigned char* pixels, int width, int height, int quality) {
  jpeg_compress_struct info{};
  jpeg_error_mgr errors{};
  info.err = jpeg_std_error(&errors);  // only our own pixels: libjpeg's errors cannot occur
  jpeg_create_compress(&info);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&info, &buffer, &size);
  info.image_width = static_cast<JDIMENSION>(width);
  info.image_height = static_cast<JDIMENSION>(height);
  info.input_components = 1;
  info.in_color_space = JCS_GRAYSCALE;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, quality, TRUE);
  jpeg_start_compress(&info, TRUE);
  while (info.next_scanline < info.image_height) {
    JSAMPROW row = const_cast<unsigned char*>(pixels + static_cast<std::size_t>(info.next_scanline) * width);
    jpeg_write_scanlines(&info, &row, 1);
  }
  jpeg_finish_compress(&info);
  std::string out(reinterpret_cast<const char*>(buffer), size);
  jpeg_destroy_compress(&info);
  std::free(buffer);
  return out;
}

std::vector<unsigned char> drawn_face_pixels(const FaceDrawing& d) {
  using Half = Canvas::Half;
  Canvas c(d.width, d.height, d.background, d.share);
  int skin = d.skin, dark = d.features;
  c.ellipse(200, 150, 135, 120, d.hair, Half::kUpper);
  c.ellipse(200, 215, 115, 150, skin);
  for (double x : {150.0, 250.0}) {
    c.ellipse(x, 168, 38, 9, dark + 20);                 // brow
    c.ellipse(x, 200, 30, 13, 235);                      // white of the eye
    c.ellipse(x, 200, 11, 11, dark);                     // iris
    c.ellipse(x, 222, 34, 10, skin - 35, Half::kLower);  // shadow under the eye
  }
  c.line(200, 200, 190, 265, 4, skin - 40);  // nose
  c.ellipse(200, 270, 22, 8, skin - 60, Half::kLower);
  c.ellipse(200, 310, 48, 14, dark + 40);  // mouth
  c.ellipse(95, 260, 20, 80, skin - 30);   // the cheeks turning away
  c.ellipse(305, 260, 20, 80, skin - 30);
  c.blur(d.softness);
  return c.pixels();
}

std::string drawn_face_jpeg(const FaceDrawing& d, int quality) {
  return gray_jpeg(drawn_face_pixels(d).data(), d.width, d.height, quality);
}

std::string plain_jpeg(int width, int height, int level, int quality) {
  return Canvas(width, height, level).jpeg(quality);
}

}  // namespace leakscan::sample
