#include "scanned_page.h"

#include "office_writer.h"
#include "picture_writer.h"

#include <poppler-document.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <memory>

namespace leakscan::sample {

GrayPage render_page(const std::string& pdf, int dpi) {
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
  GrayPage g;
  if (doc == nullptr || doc->pages() < 1) return g;
  std::unique_ptr<poppler::page> page(doc->create_page(0));
  poppler::page_renderer renderer;
  renderer.set_image_format(poppler::image::format_gray8);
  renderer.set_render_hints(poppler::page_renderer::antialiasing | poppler::page_renderer::text_antialiasing);
  poppler::image image = renderer.render_page(page.get(), dpi, dpi);
  g.width = image.width();
  g.height = image.height();
  g.pixels.resize(static_cast<std::size_t>(g.width) * g.height);
  for (int y = 0; y < g.height; ++y) {
    const char* row = image.const_data() + static_cast<std::size_t>(y) * image.bytes_per_row();
    std::copy(row, row + g.width, g.pixels.begin() + static_cast<std::ptrdiff_t>(y) * g.width);
  }
  return g;
}

std::string scanned_page_jpeg(const std::vector<std::string>& lines, int dpi, int quality) {
  GrayPage page = render_page(make_pdf({lines}, "Courier"), dpi);
  return gray_jpeg(page.pixels.data(), page.width, page.height, quality);
}

int mrz_check_digit(const std::string& field) {
  static constexpr int kWeights[] = {7, 3, 1};
  int sum = 0;
  for (std::size_t i = 0; i < field.size(); ++i) {
    char c = field[i];
    int value = 0;
    if (c >= '0' && c <= '9') value = c - '0';
    if (c >= 'A' && c <= 'Z') value = c - 'A' + 10;
    sum += value * kWeights[i % 3];
  }
  return sum % 10;
}

std::string Passport::birth_iso() const {
  int yy = std::stoi(birth.substr(0, 2));
  return (yy > 30 ? "19" : "20") + birth.substr(0, 2) + "-" + birth.substr(2, 2) + "-" + birth.substr(4, 2);
}

std::array<std::string, 2> Passport::zone() const {
  auto check = [](const std::string& field) { return std::to_string(mrz_check_digit(field)); };
  std::string names = surname + "<<" + given;
  std::string line1 = "P<JPN" + names + std::string(39 - names.size(), '<');
  std::string line2 =
      number + check(number) + "JPN" + birth + check(birth) + sex + expiry + check(expiry) + std::string(14, '<') + "0";
  line2 += check(line2.substr(0, 10) + line2.substr(13, 7) + line2.substr(21, 22));
  return {line1, line2};
}

std::vector<std::string> Passport::page_lines() const {
  auto lines = zone();
  return {"PASSPORT", "Type P  Country JPN", "Surname " + surname, "Given name " + given, "", lines[0], lines[1]};
}

Passport random_passport(std::mt19937_64& rng) {
  static const char* surnames[] = {"YAMADA",   "SATO",      "SUZUKI",   "TAKAHASHI", "TANAKA",
                                   "WATANABE", "ITO",       "NAKAMURA", "KOBAYASHI", "KATO",
                                   "YOSHIDA",  "MATSUMOTO", "INOUE",    "KIMURA",    "HAYASHI"};
  static const char* given[] = {"HANAKO",  "TARO",  "YOKO",    "ICHIRO", "MISAKI", "KENICHI", "NAOMI",
                                "HIROSHI", "AYUMI", "DAISUKE", "YUKI",   "SHOTA",  "MEGUMI",  "TAKUYA"};
  auto pick = [&](const auto& a) { return std::string(a[rng() % std::size(a)]); };
  auto digits = [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng() % 10));
    return s;
  };
  auto date = [&](int from, int to) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d%02d%02d", static_cast<int>(from + rng() % (to - from + 1)) % 100,
                  static_cast<int>(1 + rng() % 12), static_cast<int>(1 + rng() % 28));
    return std::string(buf);
  };
  Passport p;
  p.surname = pick(surnames);
  p.given = pick(given);
  p.number = std::string(1, static_cast<char>('A' + rng() % 26)) + static_cast<char>('A' + rng() % 26) + digits(7);
  p.birth = date(1940, 2005);
  p.sex = std::string(1, rng() % 2 ? 'F' : 'M');
  p.expiry = date(2026, 2035);
  return p;
}

}  // namespace leakscan::sample
