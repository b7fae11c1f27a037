// Generates an attachment-heavy synthetic mbox for benchmarks: every
// message carries one to three attachments in the formats a business
// mailbox holds (KYC forms as .docx and .doc, client lists as .xlsx, .xls
// and CSV, PDF invoices, zipped document sets, Outlook's winmail.dat and
// .msg, résumé photos), each holding synthetic personal data, in base64.
// Deterministic for a given seed. With --scans the pictures are scanned
// pages with text (passports with their machine-readable zone, customer
// forms in English), so that `--ocr` has text to read; without it they are
// grey bands and JPEG-named noise.
//
//   make_attachment_corpus --bytes 200000000 --seed 1 [--scans] OUT.mbox
#include "encoding.h"
#include "legacy_office_writer.h"
#include "office_writer.h"
#include "outlook_writer.h"
#include "scanned_page.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

namespace sample = leakscan::sample;

const char* kFamily[] = {"山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤"};
const char* kGiven[] = {"太郎", "花子", "一郎", "美咲", "翔太", "陽子", "健一", "直美"};
const char* kRomaji[] = {"yamada", "sato",     "suzuki",   "takahashi", "tanaka",
                         "ito",    "watanabe", "nakamura", "kobayashi", "kato"};

class Generator {
 public:
  Generator(unsigned seed, bool scans) : rng_(seed), scans_(scans), page_rng_(seed) {}

  int scanned_pages() const { return scanned_pages_; }

  int pick(int n) { return static_cast<int>(rng_() % static_cast<unsigned>(n)); }
  std::string name() { return std::string(kFamily[pick(10)]) + " " + kGiven[pick(8)]; }
  std::string phone() {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0%d0-%04d-%04d", 7 + pick(3), pick(10000), pick(10000));
    return buf;
  }
  std::string email() { return std::string(kRomaji[pick(10)]) + std::to_string(pick(1000)) + "@example-trading.co.jp"; }
  std::string date() {
    char buf[32];
    std::snprintf(buf, sizeof buf, "=DATE:%04d-%02d-%02d", 1950 + pick(50), 1 + pick(12), 1 + pick(28));
    return buf;
  }

  sample::Rows client_rows(int n) {
    sample::Rows rows{{"氏名", "生年月日", "電話番号", "メールアドレス", "住所"}};
    for (int i = 0; i < n; ++i) {
      rows.push_back({name(), date(), phone(), email(),
                      "東京都千代田区丸の内" + std::to_string(1 + pick(3)) + "-" + std::to_string(1 + pick(9))});
    }
    return rows;
  }

  std::vector<std::string> kyc_form() {
    return {"口座開設申込書",
            "氏名：" + name(),
            "生年月日：19" + std::to_string(50 + pick(50)) + "年4月1日",
            "電話：" + phone(),
            "旅券番号：TK" + std::to_string(1000000 + pick(8999999)),
            "住所：東京都港区芝公園4-2-8"};
  }

  struct File {
    std::string name, type, bytes;
  };

  File attachment() {
    switch (pick(10)) {
      case 0:
        return {"申込書.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                sample::make_docx(kyc_form())};
      case 1:
        return {"顧客一覧.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                sample::make_xlsx({{"顧客一覧", client_rows(50 + pick(450))}})};
      case 2: {
        std::vector<std::string> lines = {"INVOICE", "Bill to: John Smith", "Tel: +81 3-1234-5678", "Account 1234567"};
        return {"invoice.pdf", "application/pdf", sample::make_pdf({lines, lines})};
      }
      case 3: {
        std::string csv;
        for (const auto& row : client_rows(100 + pick(400))) {
          for (std::size_t i = 0; i < row.size(); ++i) csv += (i ? "," : "") + row[i];
          csv += "\r\n";
        }
        return {"list.csv", "application/octet-stream", csv};
      }
      case 4:
        return {"書類一式.zip", "application/zip",
                sample::make_zip({{"申込書.docx", sample::make_docx(kyc_form())},
                                  {"名簿.xlsx", sample::make_xlsx({{"名簿", client_rows(100)}})}})};
      case 5:
        return {"申込書.doc", "application/msword", sample::make_doc(kyc_form())};
      case 6:
        return {"顧客.xls", "application/vnd.ms-excel", sample::make_xls({{"顧客", client_rows(50 + pick(300))}})};
      case 7: {
        sample::OutlookItem item;
        item.body = "お世話になります。\n" + name() + "\n携帯 " + phone() + "\n";
        item.files = {{"名簿.xlsx", sample::make_xlsx({{"名簿", client_rows(50)}}), ""}};
        return {"winmail.dat", "application/ms-tnef", sample::make_tnef(item)};
      }
      case 8: {
        sample::OutlookItem item;
        item.subject = "FW: 口座";
        item.sender_name = name();
        item.sender_email = email();
        item.body = "振込先：みずほ銀行 渋谷支店 普通 " + std::to_string(1000000 + pick(8999999)) + "\n";
        return {"FW 口座.msg", "application/vnd.ms-outlook", sample::make_msg(item)};
      }
      default: {
        if (scans_) return scanned_page();
        if (pick(2) == 0) return {"scan.bmp", "image/bmp", scan_bmp(240, 180)};
        std::string jpeg = "\xFF\xD8\xFF\xE0";
        jpeg.resize(20000 + static_cast<std::size_t>(pick(60000)));
        for (std::size_t i = 4; i < jpeg.size(); ++i) jpeg[i] = static_cast<char>(rng_());
        return {"顔写真.jpg", "image/jpeg", jpeg};
      }
    }
  }

  // A flatbed scan at 200 dpi: a passport's data page or a customer form.
  File scanned_page() {
    ++scanned_pages_;
    if (pick(2) == 0) {
      sample::Passport p = sample::random_passport(page_rng_);
      return {"passport_scan.jpg", "image/jpeg", sample::scanned_page_jpeg(p.page_lines(), 200)};
    }
    static const char* kGivenLatin[] = {"Taro", "Hanako", "Ichiro", "Misaki", "Shota", "Yoko", "Kenichi", "Naomi"};
    static const char* kFamilyLatin[] = {"Yamada", "Sato",     "Suzuki",   "Takahashi", "Tanaka",
                                         "Ito",    "Watanabe", "Nakamura", "Kobayashi", "Kato"};
    char birth[16];
    std::snprintf(birth, sizeof birth, "%04d-%02d-%02d", 1950 + pick(50), 1 + pick(12), 1 + pick(28));
    int family = pick(10);
    std::vector<std::string> lines = {
        "CUSTOMER REGISTRATION FORM",
        "",
        std::string("Name: ") + kGivenLatin[pick(8)] + " " + kFamilyLatin[family],
        std::string("Date of birth: ") + birth,
        "Phone: " + phone(),
        "Email: " + std::string(kRomaji[family]) + std::to_string(pick(1000)) + "@example-trading.co.jp",
        "Address: 2-" + std::to_string(1 + pick(9)) + "-" + std::to_string(1 + pick(20)) +
            " Marunouchi, Chiyoda-ku, Tokyo",
        "",
        "Signature ____________________"};
    return {"registration_scan.jpg", "image/jpeg", sample::scanned_page_jpeg(lines, 200)};
  }

  // A decodable picture (uncompressed BMP: pale paper with dark bands, as
  // a scanned page looks), so that face detection and OCR have pixels.
  std::string scan_bmp(std::uint32_t width, std::uint32_t height) {
    std::uint32_t row = (width * 3 + 3) / 4 * 4;
    std::string b = "BM";
    sample::put32(b, 54 + row * height);
    sample::put32(b, 0);
    sample::put32(b, 54);
    sample::put32(b, 40);
    sample::put32(b, width);
    sample::put32(b, height);
    sample::put16(b, 1);
    sample::put16(b, 24);
    for (int i = 0; i < 6; ++i) sample::put32(b, i == 1 ? row * height : 0);
    for (std::uint32_t y = 0; y < height; ++y) {
      bool band = (y / 12) % 3 == 0 && pick(4) != 0;
      for (std::uint32_t x = 0; x < row; ++x) b.push_back(static_cast<char>(band && x % 7 < 5 ? 40 : 235));
    }
    return b;
  }

  std::string message(int index) {
    std::string boundary = "b" + std::to_string(index);
    std::string m = "From sender@example-trading.co.jp Mon Apr  1 09:00:00 2024\n";
    m += "From: " + email() + "\nTo: t.tanaka@example-am.co.jp\nSubject: =?UTF-8?B?" +
         strip(sample::base64("資料の送付 " + std::to_string(index), 0)) +
         "?=\nDate: Mon, 1 Apr 2024 09:00:00 +0900\nMessage-ID: <a" + std::to_string(index) +
         "@example-trading.co.jp>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"" + boundary +
         "\"\n\n--" + boundary +
         "\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n"
         "田中様\n\nいつもお世話になっております。資料を添付いたします。\n\n" +
         name() + "\nTEL " + phone() + "\n";
    int files = 1 + pick(3);
    for (int i = 0; i < files; ++i) {
      File f = attachment();
      m += "--" + boundary + "\nContent-Type: " + f.type + "\nContent-Disposition: attachment; filename*=UTF-8''" +
           sample::percent_encode(f.name) + "\nContent-Transfer-Encoding: base64\n\n" + sample::base64(f.bytes);
    }
    m += "--" + boundary + "--\n\n";
    return m;
  }

 private:
  static std::string strip(std::string s) {
    while (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
  }

  std::mt19937 rng_;
  bool scans_;
  std::mt19937_64 page_rng_;  // the passports' own, so that the mix stays as it was without --scans
  int scanned_pages_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::size_t bytes = 100'000'000;
  unsigned seed = 1;
  bool scans = false;
  const char* out = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--bytes") == 0 && i + 1 < argc) {
      bytes = std::strtoull(argv[++i], nullptr, 10);
    } else if (std::strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
      seed = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
    } else if (std::strcmp(argv[i], "--scans") == 0) {
      scans = true;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {  // an unknown option, never an output named "--help"
      out = nullptr;
      break;
    } else {
      out = argv[i];
    }
  }
  if (out == nullptr) {
    std::fprintf(stderr, "usage: make_attachment_corpus [--bytes N] [--seed S] [--scans] OUT.mbox\n");
    return 2;
  }
  std::ofstream file(out, std::ios::binary);
  Generator g(seed, scans);
  std::size_t written = 0;
  int messages = 0;
  while (written < bytes) {
    std::string m = g.message(messages++);
    file << m;
    written += m.size();
  }
  std::fprintf(stderr, "%d messages, %zu bytes, %d scanned pages\n", messages, written, g.scanned_pages());
  return file ? 0 : 1;
}
