// How well `--ocr` reads scanned passports: synthetic TD3 pages (random
// names, numbers and dates, their check digits computed) set in Courier,
// rendered by poppler and degraded the way scans and phone photos are
// (resolution, rotation, noise, uneven light, JPEG), each attached to a
// message and read by the product's own path: MessageDecoder with OCR,
// then the Detector with every shipped rule. Per condition it counts the
// pages whose zone was found with valid check digits and each item read
// right. Deterministic for a seed.
//
//   ocr_accuracy RULES_DIR [PAGES_PER_CONDITION] [SEED]
#include <libscan/decoder.h>
#include <libscan/rules.h>

#include "encoding.h"
#include "extract/ocr.h"
#include "office_writer.h"
#include "picture_writer.h"
#include "scanned_page.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace leakscan;

namespace {

struct Condition {
  const char* name;
  int dpi;
  double degrees;  // rotation
  double noise;    // sigma of Gaussian noise, grey levels
  double shade;    // darkening from left to right, 0-1
  int quality;     // JPEG
};

// Rotation about the centre (bilinear), light falling off across the page,
// sensor noise.
sample::GrayPage degrade(const sample::GrayPage& in, const Condition& c, std::mt19937_64& rng) {
  sample::GrayPage out = in;
  double a = c.degrees * M_PI / 180, cs = std::cos(a), sn = std::sin(a);
  double cx = in.width / 2.0, cy = in.height / 2.0;
  std::normal_distribution<double> noise(0, c.noise > 0 ? c.noise : 1);
  for (int y = 0; y < in.height; ++y) {
    for (int x = 0; x < in.width; ++x) {
      double sx = cs * (x - cx) + sn * (y - cy) + cx, sy = -sn * (x - cx) + cs * (y - cy) + cy;
      int x0 = static_cast<int>(std::floor(sx)), y0 = static_cast<int>(std::floor(sy));
      double fx = sx - x0, fy = sy - y0;
      double v = (1 - fx) * (1 - fy) * in.at(x0, y0) + fx * (1 - fy) * in.at(x0 + 1, y0) +
                 (1 - fx) * fy * in.at(x0, y0 + 1) + fx * fy * in.at(x0 + 1, y0 + 1);
      v *= 1 - c.shade * x / in.width;
      if (c.noise > 0) v += noise(rng);
      out.pixels[static_cast<std::size_t>(y) * in.width + x] =
          static_cast<unsigned char>(std::clamp(std::lround(v), 0L, 255L));
    }
  }
  return out;
}

std::string with_attachment(const std::string& filename, const std::string& bytes) {
  return "From: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <yamada@example-admin.com>\nTo: t.tanaka@example-am.co.jp\n"
         "Subject: =?UTF-8?B?6LOH5paZ?=\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\n"
         "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
         "本人確認書類です。\n--b\nContent-Type: image/jpeg\nContent-Disposition: attachment; filename=\"" +
         filename + "\"\nContent-Transfer-Encoding: base64\n\n" + sample::base64(bytes) + "--b--\n";
}

std::string title_case(const std::string& upper) {
  std::string s = upper;
  for (std::size_t i = 1; i < s.size(); ++i) s[i] = static_cast<char>(s[i] - 'A' + 'a');
  return s;
}

bool found(const std::vector<Finding>& findings, const std::string& item, const std::string& value) {
  return std::any_of(findings.begin(), findings.end(),
                     [&](const Finding& f) { return f.item == item && f.value == value; });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: ocr_accuracy RULES_DIR [PAGES_PER_CONDITION] [SEED]\n");
    return 2;
  }
  if (!OcrEngine::built_in()) {
    std::fprintf(stderr, "ocr_accuracy: built without Tesseract\n");
    return 2;
  }
  int pages = argc > 2 ? std::atoi(argv[2]) : 20;
  bool show = std::getenv("OCR_ACCURACY_SHOW") != nullptr;  // what was read of each page not read whole
  std::string error;
  std::unique_ptr<OcrEngine> zone_engine = show ? OcrEngine::open("eng", error) : nullptr;
  std::mt19937_64 rng(argc > 3 ? std::stoull(argv[3]) : 1);
  RuleSet rules = RuleSet::load_directory(argv[1]);
  Detector detector(rules);
  DecodeOptions options;
  options.ocr = true;
  MessageDecoder decoder(options);
  const Condition conditions[] = {
      {"flatbed 300 dpi, upright", 300, 0, 0, 0, 92},
      {"flatbed 200 dpi, 1.5 deg", 200, 1.5, 4, 0, 85},
      {"flatbed 150 dpi, 3 deg, noise", 150, 3, 10, 0, 80},
      {"phone-like 150 dpi, 5 deg, noise, shade", 150, 5, 14, 0.35, 70},
  };
  std::printf(
      "| condition | pages | zone valid | passport_number | birth_date | nationality | gender | name | s/page |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|\n");
  for (const Condition& c : conditions) {
    int zone = 0, number = 0, birth = 0, nationality = 0, gender = 0, name = 0;
    double seconds = 0;
    for (int i = 0; i < pages; ++i) {
      sample::Passport p = sample::random_passport(rng);
      auto lines = p.zone();
      sample::GrayPage page =
          degrade(sample::render_page(sample::make_pdf({p.page_lines()}, "Courier"), c.dpi), c, rng);
      std::string jpeg = sample::gray_jpeg(page.pixels.data(), page.width, page.height, c.quality);
      RawMessage raw;
      raw.bytes = with_attachment("scan" + std::to_string(i) + ".jpg", jpeg);
      auto start = std::chrono::steady_clock::now();
      Message m = decoder.decode(raw);
      std::vector<Finding> findings;
      detector.scan_message(m, findings);
      seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      bool valid = !m.attachments.empty() && m.attachments[0].facts.find("mrz=TD3") != std::string::npos;
      bool all_items = found(findings, "passport_number", p.number) && found(findings, "birth_date", p.birth_iso()) &&
                       found(findings, "nationality", "JPN") && found(findings, "gender", p.sex) &&
                       found(findings, "name", title_case(p.surname) + " " + title_case(p.given));
      zone += valid;
      if (!all_items && show) {
        std::fprintf(stderr, "-- %s page %d: expected\n%s\n%s\n", c.name, i, lines[0].c_str(), lines[1].c_str());
        for (const Part& part : m.parts) {
          if (part.path.size() > 4 && part.path.compare(part.path.size() - 4, 4, "#ocr") == 0)
            std::fprintf(stderr, "read:\n%s\n", part.text.c_str());
        }
        for (const Defect& d : m.defects) std::fprintf(stderr, "defect %s: %s\n", d.kind.c_str(), d.detail.c_str());
        if (!m.attachments.empty()) std::fprintf(stderr, "facts: %s\n", m.attachments[0].facts.c_str());
        zone_engine->recognize_image(jpeg);
        if (std::optional<std::string> zone_read = zone_engine->recognize_last_image_zone())
          std::fprintf(stderr, "zone pass:\n%s\n", zone_read->c_str());
      }
      number += found(findings, "passport_number", p.number);
      birth += found(findings, "birth_date", p.birth_iso());
      nationality += found(findings, "nationality", "JPN");
      gender += found(findings, "gender", p.sex);
      name += found(findings, "name", title_case(p.surname) + " " + title_case(p.given));
    }
    auto pct = [&](int n) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%d (%.0f %%)", n, 100.0 * n / pages);
      return std::string(buf);
    };
    std::printf("| %s | %d | %s | %s | %s | %s | %s | %s | %.2f |\n", c.name, pages, pct(zone).c_str(),
                pct(number).c_str(), pct(birth).c_str(), pct(nationality).c_str(), pct(gender).c_str(),
                pct(name).c_str(), seconds / pages);
    std::fflush(stdout);
  }
  return 0;
}
