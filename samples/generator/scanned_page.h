// Scanned documents for the OCR benchmarks: a page of text typeset as a PDF
// (office_writer.h) and rendered by poppler, as a flatbed scanner would give
// it; and synthetic Japanese passports whose machine-readable zone (ICAO
// 9303 TD3) carries correct check digits. Computed here, not by libscan's
// MRZ reader, so that the benchmark does not grade that code against its
// own arithmetic. Stateless; thread-safe.
#pragma once

#include <array>
#include <random>
#include <string>
#include <vector>

namespace leakscan::sample {

struct GrayPage {
  int width = 0, height = 0;
  std::vector<unsigned char> pixels;  // 8-bit, row by row
  unsigned char at(int x, int y) const {
    if (x < 0 || y < 0 || x >= width || y >= height) return 255;  // paper beyond the page
    return pixels[static_cast<std::size_t>(y) * width + x];
  }
};

// The first page of `pdf` at `dpi`, antialiased, in grey.
GrayPage render_page(const std::string& pdf, int dpi);

// Lines of Courier text on an A4 page, rendered at `dpi`, as a JPEG.
std::string scanned_page_jpeg(const std::vector<std::string>& lines, int dpi, int quality = 85);

// ICAO 9303 check digit (weights 7, 3, 1; '<' counts 0, letters 10-35).
int mrz_check_digit(const std::string& field);

struct Passport {
  std::string surname, given;  // upper case, as the zone has them
  std::string number;          // two letters and seven digits
  std::string birth, expiry;   // YYMMDD
  std::string sex;             // "F" or "M"

  std::string birth_iso() const;            // 1985-04-01
  std::array<std::string, 2> zone() const;  // the two 44-character lines
  // The page as scanned: the visual zone's labels, then the machine zone.
  std::vector<std::string> page_lines() const;
};

Passport random_passport(std::mt19937_64& rng);

}  // namespace leakscan::sample
