#include "accuracy/labelled_corpus.h"

#include "encoding.h"

#include <unicode/ucnv.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <random>
#include <string_view>

namespace leakscan::accuracy {

namespace {

constexpr std::array kFamily = {"山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤",
                                "吉田", "山本", "松本", "井上", "木村", "林",   "清水", "斎藤", "山口", "森"};
constexpr std::array kFamilyRomaji = {
    "yamada",  "sato",     "suzuki",    "takahashi", "tanaka", "ito",     "watanabe", "nakamura", "kobayashi", "kato",
    "yoshida", "yamamoto", "matsumoto", "inoue",     "kimura", "hayashi", "shimizu",  "saito",    "yamaguchi", "mori"};
constexpr std::array kGiven = {"太郎", "花子", "一郎", "次郎", "美咲", "翔太", "陽子", "健一",
                               "直美", "大輔", "明美", "誠",   "恵子", "浩二", "由美"};
constexpr std::array kGivenRomaji = {"taro",  "hanako",  "ichiro", "jiro",   "misaki", "shota", "yoko", "kenichi",
                                     "naomi", "daisuke", "akemi",  "makoto", "keiko",  "koji",  "yumi"};
constexpr std::array kFirstEn = {"John", "Mary",  "David", "Sarah",  "Michael",
                                 "Emma", "James", "Laura", "Robert", "Anna"};
constexpr std::array kLastEn = {"Smith", "Johnson", "Brown", "Taylor", "Wilson",
                                "Clark", "Walker",  "Hall",  "Young",  "King"};
constexpr std::array kCompaniesJa = {"株式会社サンプル商事", "サンプル投資顧問株式会社",
                                     "株式会社テスト物産",   "サンプル法律事務所",
                                     "架空監査法人",         "株式会社例示ホールディングス"};
constexpr std::array kCompaniesEn = {"Example Fund LP", "Sample Capital Partners, Inc.", "Test Trading Ltd.",
                                     "Placeholder Advisors LLC"};
constexpr std::array kDepartments = {"営業部 部長", "経理部 課長",   "法務部", "投資運用部 マネージャー",
                                     "総務課 主任", "代表取締役社長"};
constexpr std::array kTitlesEn = {"Managing Director", "Senior Analyst", "Vice President", "Director"};
constexpr std::array kPrefCities = {"東京都千代田区",     "東京都港区",           "大阪府大阪市北区",
                                    "神奈川県横浜市中区", "愛知県名古屋市中村区", "福岡県福岡市中央区",
                                    "北海道札幌市中央区"};
constexpr std::array kTowns = {"丸の内", "六本木", "梅田", "日本大通", "名駅", "天神", "北一条西"};
constexpr std::array kHobbies = {"ゴルフ、読書", "テニス", "旅行と写真", "釣り", "ピアノ"};
constexpr std::array kNationalities = {"日本", "アメリカ合衆国", "中国", "韓国", "英国"};
constexpr std::array kRelations = {"妻", "夫", "長男", "長女", "次男"};
constexpr std::array kDomains = {"example-trading.co.jp", "example-fund.com", "example-bank.co.jp", "example.ne.jp",
                                 "example-law.jp"};

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : rng_(seed) {}

  LabelledCorpus make(std::size_t n) {
    LabelledCorpus corpus;
    for (std::size_t i = 0; i < n; ++i) {
      truth_ = &corpus.truth;
      index_ = i;
      switch (i % 8) {
        case 0:
          corpus.messages.push_back(kyc_form_ja());
          break;
        case 1:
          corpus.messages.push_back(resume_ja());
          break;
        case 2:
          corpus.messages.push_back(family_form_ja());
          break;
        case 3:
          corpus.messages.push_back(business_ja());
          break;
        case 4:
          corpus.messages.push_back(business_en());
          break;
        case 5:
          corpus.messages.push_back(payment_mail());
          break;
        case 6:
          corpus.messages.push_back(noise_ja());
          break;
        default:
          corpus.messages.push_back(noise_en());
          break;
      }
    }
    return corpus;
  }

 private:
  template <typename A>
  auto pick(const A& a) {
    return a[rng_() % a.size()];
  }
  int num(int lo, int hi) { return lo + static_cast<int>(rng_() % static_cast<std::uint64_t>(hi - lo + 1)); }
  bool chance(int percent) { return static_cast<int>(rng_() % 100) < percent; }
  std::string digits(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng_() % 10));
    return s;
  }

  // Records a personal item written in message index_, and returns it.
  std::string truth(const std::string& item, const std::string& value) {
    truth_->push_back({index_, item, value});
    return value;
  }

  // Sometimes the full-width form people type in Japanese mail.
  std::string maybe_fullwidth(const std::string& s) {
    if (!chance(25)) return s;
    std::string out;
    for (char c : s) {
      if (c >= '0' && c <= '9') {
        out += "\xEF\xBC";
        out.push_back(static_cast<char>(0x90 + (c - '0')));
      } else if (c == '-') {
        out += "－";
      } else {
        out.push_back(c);
      }
    }
    return out;
  }

  struct Person {
    std::string family, given, family_romaji, given_romaji;
    std::string full() const { return family + " " + given; }
    std::string email(const std::string& domain) const { return given_romaji + "." + family_romaji + "@" + domain; }
  };
  Person person() {
    std::size_t f = rng_() % kFamily.size(), g = rng_() % kGiven.size();
    return {kFamily[f], kGiven[g], kFamilyRomaji[f], kGivenRomaji[g]};
  }

  std::string my_number() {
    std::string d = digits(11);
    int sum = 0;
    for (int n = 1; n <= 11; ++n) sum += (d[static_cast<std::size_t>(11 - n)] - '0') * (n <= 6 ? n + 1 : n - 5);
    int r = sum % 11;
    d.push_back(static_cast<char>('0' + (r <= 1 ? 0 : 11 - r)));
    return d.substr(0, 4) + " " + d.substr(4, 4) + " " + d.substr(8, 4);
  }
  std::string card() {
    std::string d = "4" + digits(14);
    int sum = 0;
    for (std::size_t i = 0; i < d.size(); ++i) {
      int v = d[d.size() - 1 - i] - '0';
      if (i % 2 == 0 && (v *= 2) > 9) v -= 9;
      sum += v;
    }
    d.push_back(static_cast<char>('0' + (10 - sum % 10) % 10));
    return d.substr(0, 4) + " " + d.substr(4, 4) + " " + d.substr(8, 4) + " " + d.substr(12, 4);
  }
  // The numbering plan: 070/080/090 numbers continue with 1-9.
  std::string mobile() {
    return "0" + std::to_string(num(7, 9)) + "0-" + std::to_string(num(1, 9)) + digits(3) + "-" + digits(4);
  }
  std::string landline() { return "03-" + std::to_string(num(3000, 6999)) + "-" + digits(4); }
  std::string date_ja() {
    int y = num(1955, 2000), m = num(1, 12), d = num(1, 28);
    if (chance(40)) {
      int showa = y - 1925;
      if (y <= 1988) return "昭和" + std::to_string(showa) + "年" + std::to_string(m) + "月" + std::to_string(d) + "日";
      return "平成" + std::to_string(y - 1988) + "年" + std::to_string(m) + "月" + std::to_string(d) + "日";
    }
    return std::to_string(y) + "年" + std::to_string(m) + "月" + std::to_string(d) + "日";
  }
  std::string address() {
    return "〒" + std::to_string(num(100, 999)) + "-" + digits(4) + " " + pick(kPrefCities) + pick(kTowns) +
           std::to_string(num(1, 9)) + "-" + std::to_string(num(1, 20)) + "-" + std::to_string(num(1, 30));
  }
  std::string passport() {
    static constexpr std::array kSeries = {"TK", "TZ", "MZ", "TR", "TH", "MU"};
    return std::string(pick(kSeries)) + digits(7);
  }
  std::string license() {
    static constexpr std::array kCommissions = {"10", "30", "45", "50", "60", "73", "80", "87"};
    return std::string(pick(kCommissions)) + digits(10);
  }

  // Order, invoice, tracking numbers and friends: what must not be found.
  std::string hard_negatives_ja() {
    std::string s;
    s += "注文番号：" + digits(12) + "\n";
    s += "お問い合わせ番号 " + digits(12) + "\n";
    s += "製品コード " + std::string(pick(std::array{"AB", "XC", "TK"})) + digits(7) + "\n";
    s += "会議日：2024年" + std::to_string(num(1, 12)) + "月" + std::to_string(num(1, 28)) + "日 14:00\n";
    s += "金額：" + std::to_string(num(1, 999)) + "," + digits(3) + "," + digits(3) + "円\n";
    s += "FAX：03-" + std::to_string(num(3000, 6999)) + "-" + digits(4) + "\n";
    s += "旧番号 03-1234-567890（現在使われておりません）\n";
    s += "郵便番号 〒" + std::to_string(num(100, 999)) + "-" + digits(4) + " のみご記入ください\n";
    s += "バージョン 2." + std::to_string(num(0, 9)) + "." + std::to_string(num(0, 20)) + "\n";
    s += "請求書番号 INV-" + digits(8) + "\n";
    s += "20歳未満の方はお申し込みいただけません。\n";
    return s;
  }

  std::string mail(const std::string& from_name, const std::string& from_addr, const std::string& to_name,
                   const std::string& to_addr, const std::string& subject, const std::string& body,
                   const std::string& attachment = "") {
    std::string m = "From: " + encoded(from_name) + " <" + from_addr + ">\n";
    m += "To: " + encoded(to_name) + " <" + to_addr + ">\n";
    m += "Subject: " + encoded(subject) + "\nDate: Mon, 1 Apr 2024 09:00:00 +0900\nMIME-Version: 1.0\n";
    bool sjis = chance(30);
    std::string charset = sjis ? "Shift_JIS" : "UTF-8";
    std::string bytes = sjis ? to_sjis(body) : body;
    if (attachment.empty()) {
      m += "Content-Type: text/plain; charset=" + charset + "\nContent-Transfer-Encoding: 8bit\n\n" + bytes;
      return m;
    }
    m += "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain; charset=" + charset +
         "\nContent-Transfer-Encoding: 8bit\n\n" + bytes + "\n--b\nContent-Type: application/octet-stream\n" +
         "Content-Disposition: attachment; filename*=UTF-8''" + leakscan::sample::percent_encode(attachment) +
         "\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--b--\n";
    return m;
  }

  std::string encoded(const std::string& text) {
    bool ascii = true;
    for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) return text;
    static const char* a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out = "=?UTF-8?B?";
    for (std::size_t i = 0; i < text.size(); i += 3) {
      uint32_t v = static_cast<uint8_t>(text[i]) << 16;
      if (i + 1 < text.size()) v |= static_cast<uint8_t>(text[i + 1]) << 8;
      if (i + 2 < text.size()) v |= static_cast<uint8_t>(text[i + 2]);
      out += a[(v >> 18) & 63];
      out += a[(v >> 12) & 63];
      out += i + 1 < text.size() ? a[(v >> 6) & 63] : '=';
      out += i + 2 < text.size() ? a[v & 63] : '=';
    }
    return out + "?=";
  }
  static std::string to_sjis(const std::string& utf8) {
    UErrorCode st = U_ZERO_ERROR;
    std::string out(utf8.size() * 2 + 16, '\0');
    int32_t n = ucnv_convert("windows-31j", "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                             static_cast<int32_t>(utf8.size()), &st);
    if (U_FAILURE(st)) return utf8;
    out.resize(static_cast<std::size_t>(n));
    return out;
  }

  std::string signature_ja(const Person& p, const std::string& company, const std::string& domain) {
    std::string s = "\n--\n" + truth("organization", company) + "\n" + truth("department_title", pick(kDepartments)) +
                    "\n" + truth("name", p.full()) + "\n";
    s += "TEL: " + truth("phone", maybe_fullwidth(landline())) + "\n";
    s += "FAX: 03-" + std::to_string(num(3000, 6999)) + "-" + digits(4) + "\n";
    s += "携帯: " + truth("phone", maybe_fullwidth(mobile())) + "\n";
    s += "Mail: " + truth("email", p.email(domain)) + "\n";
    return s;
  }

  std::string kyc_form_ja() {
    Person sender = person(), client = person();
    std::string domain = pick(kDomains);
    std::string body = truth("name", client.family) +
                       "様\n\nいつもお世話になっております。\n口座開設書類の内容を確認いたしました。\n\n";
    body += "氏名：" + truth("name", client.full()) + "\n";
    body += "生年月日：" + truth("birth_date", date_ja()) + "\n";
    body += "性別：" + truth("gender", chance(50) ? "男" : "女") + "\n";
    body += "国籍：" + truth("nationality", pick(kNationalities)) + "\n";
    body += "住所：" + truth("address", address()) + "\n";
    body += "電話番号：" + truth("phone", maybe_fullwidth(mobile())) + "\n";
    if (chance(60)) body += "パスポート番号：" + truth("passport_number", passport()) + "\n";
    if (chance(60)) body += "運転免許証番号：第" + truth("drivers_license_number", license()) + "号\n";
    if (chance(50)) body += "個人番号（マイナンバー）：" + truth("my_number", maybe_fullwidth(my_number())) + "\n";
    body += "振込先：" + truth("organization", "サンプル銀行") + " 本店営業部 普通預金 " +
            truth("bank_account", digits(7)) + "\n\n";
    body += hard_negatives_ja();
    body += signature_ja(sender, pick(kCompaniesJa), "example-am.co.jp");
    truth("email", client.email(domain));
    truth("name", client.full());
    truth("email", sender.email("example-am.co.jp"));
    truth("name", sender.full());
    return mail(sender.full(), sender.email("example-am.co.jp"), client.full(), client.email(domain),
                "口座開設書類の件", body);
  }

  std::string resume_ja() {
    Person applicant = person(), recruiter = person();
    std::string body = truth("name", recruiter.family) + "様\n\n求人に応募いたします。履歴書を添付いたします。\n\n";
    body += "氏名：" + truth("name", applicant.full()) + "\n";
    body += "年齢：満" + truth("age", std::to_string(num(22, 60))) + "歳\n";
    body += "趣味：" + truth("hobby", pick(kHobbies)) + "\n\n";
    body += truth("career", "学歴・職歴") + "\n";
    body += truth("career", "2004年3月 サンプル大学経済学部 卒業") + "\n";
    body += truth("career", "2004年4月 株式会社テスト物産 入社") + "\n\n";
    truth("organization", "株式会社テスト物産");
    body += "ご確認のほどよろしくお願いいたします。\n" + truth("name", applicant.full()) + "\n";
    // A photo named as one, a camera file name the résumé explains, or none.
    int kind = num(0, 3);
    std::string photo = kind == 0   ? truth("photo", "顔写真.jpg")
                        : kind == 1 ? truth("photo", "IMG_" + digits(4) + ".jpg")
                                    : "";
    std::string file = truth("name", applicant.full().substr(0, applicant.family.size())) + "_履歴書.pdf";
    truth("email", applicant.email("example.ne.jp"));
    truth("email", recruiter.email("example-am.co.jp"));
    truth("name", recruiter.full());
    return mail(applicant.full(), applicant.email("example.ne.jp"), recruiter.full(),
                recruiter.email("example-am.co.jp"), "応募書類の送付", body, photo.empty() ? file : photo);
  }

  std::string family_form_ja() {
    Person staff = person(), hr = person();
    Person spouse{staff.family, pick(kGiven), "", ""};
    std::string body = "扶養控除等申告書の内容です。\n\n";
    body += "氏名：" + truth("name", staff.full()) + "\n";
    body += "配偶者氏名：" + truth("family_name", spouse.full()) + "\n";
    body += "続柄：" + truth("relationship", pick(kRelations)) + "\n";
    body += "配偶者生年月日：" + truth("family_birth_date", date_ja()) + "\n";
    body += "緊急連絡先：" + truth("family_phone", mobile()) + "\n";
    body += "実家住所：" + truth("family_address", "福岡県福岡市中央区天神" + std::to_string(num(1, 5)) + "-1") + "\n";
    truth("email", staff.email("example-am.co.jp"));
    truth("name", staff.full());
    truth("email", hr.email("example-am.co.jp"));
    truth("name", hr.full());
    return mail(staff.full(), staff.email("example-am.co.jp"), hr.full(), hr.email("example-am.co.jp"),
                "扶養控除等申告書", body);
  }

  std::string business_ja() {
    Person sender = person(), receiver = person();
    std::string domain = pick(kDomains);
    std::string body =
        truth("name", receiver.family) + "様\n\nいつもお世話になっております。\n来週の会議の件でご連絡いたしました。\n";
    body += "会議日：2024年" + std::to_string(num(1, 12)) + "月" + std::to_string(num(1, 28)) + "日\n";
    body += "場所：弊社会議室\n";
    body += signature_ja(sender, pick(kCompaniesJa), domain);
    body += truth("address", address()) + "\n";
    truth("email", sender.email(domain));
    truth("name", sender.full());
    truth("email", receiver.email("example-am.co.jp"));
    truth("name", receiver.full());
    return mail(sender.full(), sender.email(domain), receiver.full(), receiver.email("example-am.co.jp"), "会議の件",
                body);
  }

  std::string business_en() {
    std::string first = pick(kFirstEn), last = pick(kLastEn), to_first = pick(kFirstEn), to_last = pick(kLastEn);
    std::string from = first + " " + last, to = to_first + " " + to_last;
    std::string from_addr = truth("email", ascii_lower(first) + "." + ascii_lower(last) + "@example-fund.com");
    std::string to_addr = truth("email", ascii_lower(to_first) + "@example-admin.com");
    truth("name", from);
    truth("name", to);
    std::string body = "Dear " + truth("name", to_first) + ",\n\nPlease find the KYC details below.\n\n";
    body += "Date of Birth: " +
            truth("birth_date", "April " + std::to_string(num(1, 28)) + ", " + std::to_string(num(1950, 1999))) + "\n";
    body += "Passport No. " + truth("passport_number", passport()) + "\n";
    body += "Nationality: " + truth("nationality", "Japanese") + "\n\n";
    body += "Order number: " + digits(12) + ", invoice " + digits(10) + ", tracking " + digits(12) + ".\n";
    body += "Version 3." + std::to_string(num(0, 9)) + " of the report is attached.\n\n";
    body += "Best regards,\n" + truth("name", from) + "\n" + truth("department_title", pick(kTitlesEn)) + "\n" +
            truth("organization", pick(kCompaniesEn)) + "\n";
    body += "Tel: " + truth("phone", "+81 3-" + std::to_string(num(3000, 6999)) + "-" + digits(4)) + "\n";
    body += "Fax: +81 3-" + std::to_string(num(3000, 6999)) + "-" + digits(4) + "\n";
    return mail(from, from_addr, to, to_addr, "KYC details", body);
  }

  std::string payment_mail() {
    Person client = person(), sender = person();
    std::string body = truth("name", client.family) + "様\n\nお支払い情報を承りました。\n";
    body += "カード番号：" + truth("credit_card", card()) + "\n";
    body += "有効期限：12/28\n";
    body += "注文番号：" + digits(16) + "\n";
    if (chance(50)) {
      body += "監査担当：公認会計士 " + truth("name", sender.full()) + "（登録番号 第" +
              truth("accountant_number", digits(5)) + "号）\n";
    }
    body += "IBAN: " + truth("bank_account", "GB82 WEST 1234 5698 7654 32") + "\n";
    truth("email", client.email("example.ne.jp"));
    truth("name", client.full());
    truth("email", sender.email("example-am.co.jp"));
    truth("name", sender.full());
    return mail(sender.full(), sender.email("example-am.co.jp"), client.full(), client.email("example.ne.jp"),
                "お支払い情報", body);
  }

  std::string noise_ja() {
    std::string body = "サンプル通信 第" + std::to_string(num(1, 300)) + "号\n\n新製品のお知らせです。\n";
    body += hard_negatives_ja();
    body += "配信停止はこちら: https://example.com/unsubscribe\n";
    truth("email", "news@example-news.jp");
    truth("email", "t.tanaka@example-am.co.jp");
    return mail("サンプル通信", "news@example-news.jp", "購読者", "t.tanaka@example-am.co.jp", "サンプル通信", body);
  }

  std::string noise_en() {
    std::string body = "Weekly market letter\n\nRates held steady. Order #" + digits(12) + " shipped, tracking " +
                       digits(18) + ".\nProduct code AB" + digits(7) + ", version 1." + std::to_string(num(0, 9)) +
                       ".2, amount $" + std::to_string(num(1, 99)) + "," + digits(3) + ".\nMeeting on 2024-" +
                       std::to_string(num(10, 12)) + "-" + std::to_string(num(10, 28)) + ".\nFax: +1 212 555 0" +
                       digits(3) + "\nCall 1-800-" + digits(3) + "-" + digits(4) + " toll free.\n";
    truth("email", "letter@example-news.com");
    truth("email", "reader@example-am.co.jp");
    return mail("Example News", "letter@example-news.com", "Reader", "reader@example-am.co.jp", "Weekly letter", body,
                "chart_" + digits(3) + ".png");
  }

  static std::string ascii_lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

  std::mt19937_64 rng_;
  std::vector<Truth>* truth_ = nullptr;
  std::size_t index_ = 0;
};

}  // namespace

LabelledCorpus make_labelled_corpus(std::size_t messages, std::uint64_t seed) { return Generator(seed).make(messages); }

}  // namespace leakscan::accuracy
