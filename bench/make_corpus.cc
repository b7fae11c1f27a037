// Generates a synthetic Japanese/English business mbox for benchmarks: the
// mix the issue describes (55 % plain text, 15 % text+HTML alternatives,
// 30 % with base64 attachments, so that about a tenth of the bytes decode to
// text), in the charsets Japanese business mail uses (ISO-2022-JP,
// Shift_JIS, UTF-8, US-ASCII), with RFC 2047 names and subjects. Every name,
// address and number is synthetic. Deterministic for a given seed.
// `--mix text` is the issue's text-heavy mix: longer bodies, few and small
// attachments, about half of the bytes text.
//
//   make_corpus --bytes 1000000000 [--seed 1] [--mix attachments|text] OUT.mbox
#include <unicode/ucnv.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

const char* kFamily[] = {"山田", "佐藤", "鈴木", "高橋", "田中", "伊藤",
                         "渡辺", "中村", "小林", "加藤", "吉田", "山本"};
const char* kGiven[] = {"太郎", "花子", "一郎", "次郎", "美咲", "翔太", "陽子", "健一", "直美", "大輔"};
const char* kFamilyRomaji[] = {"yamada",   "sato",     "suzuki",    "takahashi", "tanaka",  "ito",
                               "watanabe", "nakamura", "kobayashi", "kato",      "yoshida", "yamamoto"};
const char* kGivenRomaji[] = {"taro",  "hanako", "ichiro",  "jiro",  "misaki",
                              "shota", "yoko",   "kenichi", "naomi", "daisuke"};
const char* kDomains[] = {"example-trading.co.jp", "example-fund.com", "example-bank.co.jp", "example-law.jp",
                          "example-admin.com",     "example.ne.jp",    "example-am.co.jp"};
const char* kSubjectsJa[] = {"資料送付の件", "面談日程のご相談", "契約書ドラフトのご確認", "請求書の件",
                             "ご挨拶",       "会議議事録",       "口座開設書類について",   "ファンド説明会のご案内"};
const char* kSubjectsEn[] = {"Quarterly report", "Meeting next week", "Draft agreement", "Invoice attached",
                             "Fund update",      "KYC documents",     "Follow-up",       "Board minutes"};
const char* kBodyJa[] = {"いつもお世話になっております。\n",
                         "先日はお忙しいところお時間をいただき、誠にありがとうございました。\n",
                         "ご依頼の資料を添付にてお送りいたします。ご査収のほどよろしくお願いいたします。\n",
                         "来週の会議の日程につきまして、下記の候補日でご都合はいかがでしょうか。\n",
                         "①４月１０日（水）１４時～　②４月１１日（木）１０時～\n",
                         "ご不明な点がございましたら、お気軽にお問い合わせください。\n",
                         "引き続きよろしくお願い申し上げます。\n"};
const char* kBodyEn[] = {
    "Thank you for your time yesterday.\n", "Please find the documents attached for your review.\n",
    "Could we move the call to Thursday afternoon?\n", "The figures for the quarter are in the spreadsheet.\n",
    "Let me know if anything needs to change before we sign.\n"};

class Encoder {
 public:
  std::string encode(std::string_view utf8, const char* charset) {
    UErrorCode st = U_ZERO_ERROR;
    std::string out(utf8.size() * 4 + 16, '\0');
    int32_t n = ucnv_convert(charset, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                             static_cast<int32_t>(utf8.size()), &st);
    if (U_FAILURE(st)) {
      std::fprintf(stderr, "ICU: %s\n", u_errorName(st));
      std::exit(1);
    }
    out.resize(static_cast<std::size_t>(n));
    return out;
  }
};

std::string base64(std::string_view in) {
  static const char* a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve(in.size() * 4 / 3 + in.size() / 57 + 8);
  std::size_t col = 0;
  for (std::size_t i = 0; i < in.size(); i += 3) {
    uint32_t v = static_cast<uint8_t>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<uint8_t>(in[i + 1]) << 8;
    if (i + 2 < in.size()) v |= static_cast<uint8_t>(in[i + 2]);
    out += a[(v >> 18) & 63];
    out += a[(v >> 12) & 63];
    out += i + 1 < in.size() ? a[(v >> 6) & 63] : '=';
    out += i + 2 < in.size() ? a[v & 63] : '=';
    if ((col += 4) >= 76) {
      out += '\n';
      col = 0;
    }
  }
  if (col) out += '\n';
  return out;
}

std::string encoded_word(Encoder& enc, std::string_view utf8, const char* charset) {
  return std::string("=?") + charset + "?B?" + [&] {
    std::string b = base64(enc.encode(utf8, charset));
    b.erase(std::remove(b.begin(), b.end(), '\n'), b.end());
    return b;
  }() + "?=";
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t target = 100'000'000;
  unsigned seed = 1;
  const char* out_path = nullptr;
  bool text_mix = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--bytes") && i + 1 < argc)
      target = std::strtoull(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--mix") && i + 1 < argc)
      text_mix = !std::strcmp(argv[++i], "text");
    else if (!std::strcmp(argv[i], "--seed") && i + 1 < argc)
      seed = static_cast<unsigned>(std::atoi(argv[++i]));
    else if (argv[i][0] == '-' && argv[i][1] != '\0') {  // an unknown option, never an output named "--help"
      out_path = nullptr;
      break;
    } else
      out_path = argv[i];
  }
  if (out_path == nullptr) {
    std::fprintf(stderr, "usage: make_corpus [--bytes N] [--seed S] [--mix attachments|text] OUT.mbox\n");
    return 2;
  }
  FILE* out = std::fopen(out_path, "wb");
  if (out == nullptr) {
    std::perror(out_path);
    return 1;
  }
  std::mt19937_64 rng(seed);
  auto pick = [&](auto& array) { return array[rng() % (sizeof(array) / sizeof(array[0]))]; };
  Encoder enc;
  std::uint64_t written = 0, messages = 0, text_bytes = 0;
  // Percentages of plain messages, then of text+HTML alternatives; the rest
  // carry an attachment of 5 KB + up to attachment_spread bytes.
  const unsigned plain_share = text_mix ? 60 : 55, alternative_share = text_mix ? 75 : 70;
  const std::size_t attachment_min = 5'000, attachment_spread = text_mix ? 15'000 : 60'000;
  const int min_lines = text_mix ? 20 : 5, line_spread = text_mix ? 100 : 36;
  std::string attachment;
  while (written < target) {
    std::size_t fi = rng() % 12, gi = rng() % 10, fj = rng() % 12, gj = rng() % 10;
    std::string from_name = std::string(kFamily[fi]) + " " + kGiven[gi];
    std::string from_addr = std::string(kGivenRomaji[gi]) + "." + kFamilyRomaji[fi] + "@" + pick(kDomains);
    std::string to_name = std::string(kFamily[fj]) + " " + kGiven[gj];
    std::string to_addr = std::string(kGivenRomaji[gj]) + "." + kFamilyRomaji[fj] + "@" + pick(kDomains);
    bool japanese = rng() % 100 < 70;
    const char* charset = !japanese ? "us-ascii" : (rng() % 3 == 0 ? "Shift_JIS" : rng() % 2 ? "ISO-2022-JP" : "UTF-8");
    std::string body;
    int lines = min_lines + static_cast<int>(rng() % static_cast<unsigned>(line_spread));
    for (int l = 0; l < lines; ++l) body += japanese ? pick(kBodyJa) : pick(kBodyEn);
    body += "\n--\n" + from_name + "\n" + (japanese ? "TEL: 03-" : "Tel: +81 3-") +
            std::to_string(1000 + rng() % 9000) + "-" + std::to_string(1000 + rng() % 9000) + "\n";
    std::string subject = japanese ? encoded_word(enc, pick(kSubjectsJa), "ISO-2022-JP") : pick(kSubjectsEn);
    char date[64];
    std::snprintf(date, sizeof date, "Mon, %d Apr 2024 %02d:%02d:00 +0900", 1 + static_cast<int>(rng() % 28),
                  static_cast<int>(rng() % 24), static_cast<int>(rng() % 60));
    std::string m = "From " + from_addr + " Mon Apr  1 09:00:00 2024\n";
    m += "Received: from mail.example.net (mail.example.net [192.0.2.1])\n\tby mx.example.jp with ESMTPS id " +
         std::to_string(rng()) + "\n";
    m += "From: " + encoded_word(enc, from_name, "ISO-2022-JP") + " <" + from_addr + ">\n";
    m += "To: " + encoded_word(enc, to_name, "UTF-8") + " <" + to_addr + ">\n";
    m += "Subject: " + subject + "\nDate: " + date + "\nMessage-ID: <" + std::to_string(rng()) +
         "@bench.example>\nMIME-Version: 1.0\n";
    std::string text_part_body = enc.encode(body, charset);
    bool eight_bit = std::string_view(charset) != "ISO-2022-JP" && std::string_view(charset) != "us-ascii";
    std::string text_headers = std::string("Content-Type: text/plain; charset=") + charset +
                               "\nContent-Transfer-Encoding: " + (eight_bit ? "base64" : "7bit") + "\n";
    std::string text_content = eight_bit ? base64(text_part_body) : text_part_body;
    unsigned kind = static_cast<unsigned>(rng() % 100);
    text_bytes += body.size() + subject.size();
    if (kind < plain_share) {
      m += text_headers + "\n" + text_content;
    } else if (kind < alternative_share) {
      std::string html = "<html><body>";
      for (std::size_t p = 0, q; p < body.size(); p = q + 1) {
        q = body.find('\n', p);
        if (q == std::string::npos) q = body.size();
        html += "<p>" + body.substr(p, q - p) + "</p>";
      }
      html += "</body></html>\n";
      text_bytes += body.size();
      m += "Content-Type: multipart/alternative; boundary=\"alt\"\n\n--alt\n" + text_headers + "\n" + text_content +
           "\n--alt\nContent-Type: text/html; charset=UTF-8\nContent-Transfer-Encoding: base64\n\n" + base64(html) +
           "--alt--\n";
    } else {
      std::size_t size = attachment_min + rng() % attachment_spread;
      attachment.resize(size);
      for (std::size_t i = 0; i < size; i += 8) {
        std::uint64_t r = rng();
        std::memcpy(attachment.data() + i, &r, std::min<std::size_t>(8, size - i));
      }
      m += "Content-Type: multipart/mixed; boundary=\"mix\"\n\n--mix\n" + text_headers + "\n" + text_content +
           "\n--mix\nContent-Type: application/pdf; name=\"document.pdf\"\nContent-Disposition: attachment; "
           "filename=\"document.pdf\"\nContent-Transfer-Encoding: base64\n\n" +
           base64(attachment) + "--mix--\n";
    }
    m += "\n";
    std::fwrite(m.data(), 1, m.size(), out);
    written += m.size();
    ++messages;
  }
  std::fclose(out);
  std::fprintf(stderr, "%s: %llu messages, %llu bytes, %.0f %% of them decoding to text\n", out_path,
               static_cast<unsigned long long>(messages), static_cast<unsigned long long>(written),
               written ? 100.0 * static_cast<double>(text_bytes) / static_cast<double>(written) : 0.0);
  return 0;
}
