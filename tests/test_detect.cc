// The detection stage: normalisation with its offset map, validators, the
// rule-file checker (bad files and their exact errors), every rule's own
// examples, and masking.
#include <libscan/error.h>
#include <libscan/rules.h>

#include "detect/normalize.h"
#include "detect/pattern_bounds.h"
#include "detect/validators.h"

#include <phonenumbers/phonenumberutil.h>
#include <re2/re2.h>
#include <catch2/catch.hpp>

#include <fstream>
#include <random>
#include <sstream>

using namespace leakscan;

namespace {

const RuleSet& shipped_rules() {
  static const RuleSet rules = RuleSet::load_directory(LEAKSCAN_RULES_DIR);
  return rules;
}

std::vector<TextFinding> scan(std::string_view text, std::string_view only_rule = {},
                              Detector::Scope scope = Detector::Scope::kText) {
  static Detector detector(shipped_rules());
  std::vector<TextFinding> out;
  detector.scan_text(text, out, scope, only_rule);
  return out;
}

// Examples run in the first scope their rule applies to.
Detector::Scope example_scope(const RuleInfo& rule) {
  if (rule.scopes.empty()) return Detector::Scope::kText;
  const std::string& s = rule.scopes.front();
  if (s == "subject") return Detector::Scope::kSubject;
  if (s == "display_name") return Detector::Scope::kDisplayName;
  if (s == "filename") return Detector::Scope::kFilename;
  if (s == "image") return Detector::Scope::kImage;
  return Detector::Scope::kText;
}

}  // namespace

TEST_CASE("normalisation: NFKC, dash fold, offsets back to the decoded text", "[detect][normalize]") {
  TextNormalizer normalizer;
  NormalizedText n;
  std::string decoded = "電話：０３－１２３４－５６７８ です";
  normalizer.normalize(decoded, n);
  CHECK(n.text == "電話:03-1234-5678 です");
  std::size_t begin = n.text.find("03");
  std::size_t end = n.text.find(" です");
  CHECK(decoded.substr(n.original_begin(begin), n.original_end(end) - n.original_begin(begin)) ==
        "０３－１２３４－５６７８");

  normalizer.normalize("090ー1234ー5678 とメール", n);
  CHECK(n.text == "090-1234-5678 とメール");  // ー folds beside digits only
  normalizer.normalize("①番 ｶﾀｶﾅ ㈱", n);
  CHECK(n.text == "1番 カタカナ (株)");
  normalizer.normalize("ascii only — stays", n);
  CHECK(n.text == "ascii only - stays");
  CHECK(n.original_end(n.text.size()) == std::string("ascii only — stays").size());
}

// The dash fold copies text in runs; a byte-at-a-time fold of the same
// rules is the reference (on characters NFKC leaves as they are).
TEST_CASE("normalisation: the dash fold agrees with a byte-at-a-time fold", "[detect][normalize]") {
  const std::vector<std::string> pieces = {"a",
                                           "7",
                                           "0",
                                           " ",
                                           "\n",
                                           ">",
                                           "\xE2\x80\x90",
                                           "\xE2\x80\x93",
                                           "\xE2\x80\x95",
                                           "\xE2\x88\x92",
                                           "\xE3\x83\xBC",
                                           "\xE3\x82\xAB",
                                           "\xE6\xBC\xA2",
                                           "\xE2\x80\x9C",
                                           "\xEF\xBF\xBD",
                                           "\xE3\x83\xBB",
                                           "\xE3\x81\x82",
                                           "\xE2\x97\x8F",
                                           "\t"};
  auto reference = [](const std::string& in) {
    std::string out;
    for (std::size_t i = 0; i < in.size();) {
      std::string_view rest = std::string_view(in).substr(i);
      bool always = rest.rfind("\xE2\x80\x90", 0) == 0 || rest.rfind("\xE2\x80\x93", 0) == 0 ||
                    rest.rfind("\xE2\x80\x95", 0) == 0 || rest.rfind("\xE2\x88\x92", 0) == 0;
      bool beside_digit = rest.rfind("\xE3\x83\xBC", 0) == 0;
      auto digit = [](char c) { return c >= '0' && c <= '9'; };
      if (always ||
          (beside_digit && ((!out.empty() && digit(out.back())) || (i + 3 < in.size() && digit(in[i + 3]))))) {
        out.push_back('-');
        i += 3;
      } else {
        out.push_back(in[i++]);
      }
    }
    bool line_start = true;
    for (char& c : out) {
      if (line_start && c == '>') c = ' ';
      line_start = c == '\n' || (line_start && (c == ' ' || c == '\t'));
    }
    return out;
  };
  std::mt19937 random(7);
  TextNormalizer normalizer;
  NormalizedText n;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    int count = static_cast<int>(random() % 40);  // long enough for the 16-byte blocks
    for (int k = 0; k < count; ++k) text += pieces[random() % pieces.size()];
    normalizer.normalize(text, n);
    INFO(text);
    REQUIRE(n.text == reference(text));
    REQUIRE(n.original_end(n.text.size()) == text.size());
  }
}

TEST_CASE("validators: check digits and existing dates", "[detect][validators]") {
  ValidatorContext context;
  auto validate = [&](const char* name, std::string_view value) { return find_validator(name)(value, context); };
  CHECK(my_number_check("123456789018"));
  CHECK_FALSE(my_number_check("123456789012"));
  CHECK(corporate_number_check("7000012050002"));
  CHECK_FALSE(corporate_number_check("8000012050002"));
  CHECK(luhn_check("4111111111111111"));
  CHECK_FALSE(luhn_check("4111111111111112"));
  CHECK(validate("iban", "GB82 WEST 1234 5698 7654 32").valid);
  CHECK_FALSE(validate("iban", "GB82 WEST 1234 5698 7654 33").valid);
  CHECK(validate("bic", "DEUTDEFF500").valid);
  CHECK(validate("phone", "03-1234-5678").valid);
  CHECK(validate("phone", "090-1234-5678").valid);
  CHECK(validate("phone", "+1 415 555 2671").valid);
  CHECK_FALSE(validate("phone", "03-1234-567890").valid);
  CHECK(validate("email", "taro@example.co.jp").valid);
  CHECK_FALSE(validate("email", "taro@localhost").valid);
  CHECK(validate("age", "42").valid);
  CHECK_FALSE(validate("age", "420").valid);

  auto date = [](std::string_view s) {
    auto d = parse_date(s);
    return d ? std::to_string(d->year) + "-" + std::to_string(d->month) + "-" + std::to_string(d->day) : "none";
  };
  CHECK(date("1985年4月1日") == "1985-4-1");
  CHECK(date("昭和60年4月1日") == "1985-4-1");
  CHECK(date("S60.4.1") == "1985-4-1");
  CHECK(date("平成元年1月8日") == "1989-1-8");
  CHECK(date("H1.1.8") == "1989-1-8");
  CHECK(date("令和5年12月31日") == "2023-12-31");
  CHECK(date("1985/04/01") == "1985-4-1");
  CHECK(date("April 1, 1985") == "1985-4-1");
  CHECK(date("1 Apr 1985") == "1985-4-1");
  CHECK(date("25/12/1990") == "1990-12-25");
  CHECK(date("2023/2/29") == "none");
  CHECK(date("2024/2/29") == "2024-2-29");
}

// The phone validator builds national-form numbers itself instead of
// asking libphonenumber to parse them; its verdicts must be Parse's.
TEST_CASE("phone verdicts of national-form and +81 numbers are libphonenumber's Parse and IsValidNumber",
          "[detect][validators]") {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  ValidatorContext context;
  ValidatorFn phone = find_validator("phone");
  std::mt19937_64 random(20261206);
  constexpr char kSeparators[] = "-() ";
  int valid = 0, compared = 0;
  for (int i = 0; i < 60000; ++i) {
    std::string value = "0";
    int digits = 9 + static_cast<int>(random() % 3);
    // plain, hyphens, any separator, 00/010 prefixes, +81 with any separator
    int style = static_cast<int>(random() % 5);
    if (style == 3) value += random() % 2 ? "0" : "10";
    if (style == 4) value = random() % 2 ? "+81" : "+81 ";
    for (int k = 0; k < digits; ++k) {
      value.push_back(static_cast<char>('0' + (k == 0 && random() % 4 ? 1 + random() % 9 : random() % 10)));
      if (style == 1 && random() % 5 == 0) value.push_back('-');
      if ((style == 2 || style == 4) && random() % 6 == 0) value.push_back(kSeparators[random() % 4]);
    }
    PhoneNumber number;
    bool expected =
        util->Parse(value, "JP", &number) == PhoneNumberUtil::NO_PARSING_ERROR && util->IsValidNumber(number);
    INFO(value);
    REQUIRE(phone(value, context).valid == expected);
    valid += expected ? 1 : 0;
    ++compared;
  }
  CHECK(valid > compared / 10);                // the inputs include many real-looking numbers
  CHECK(phone("01049340504", context).valid);  // 010: Japan's international prefix, +49 340504
  CHECK_FALSE(phone("0000000000", context).valid);
}

TEST_CASE("pattern bounds: the longest match and whether a digit is needed", "[detect][bounds]") {
  auto bounds = [](const char* p) {
    PatternBounds b = pattern_bounds(p);
    if (!b.bounded) return std::string(b.needs_digit ? "unbounded digit" : "unbounded");
    return std::to_string(b.max_bytes) + (b.needs_digit ? " digit" : "");
  };
  CHECK(bounds(R"(\d{3}-\d{4})") == "8 digit");
  CHECK(bounds(R"((?:^|[^0-9+\-])(?P<value>0\d{1,4}-\d{1,4}-\d{3,4})(?:[^0-9\-]|$))") == "23 digit");
  CHECK(bounds(R"([0-9]{2}x?)") == "3 digit");
  CHECK(bounds("〒\\d{3}") == "6 digit");     // a three-byte character
  CHECK(bounds(R"((?i:k)\d)") == "5 digit");  // k folds to U+212A, three bytes
  CHECK(bounds(R"((?i)[a-z]\d)") == "5 digit");
  CHECK(bounds(R"([\p{Han}]{1,3})") == "12");
  CHECK(bounds(R"(\d|x)") == "1");
  CHECK(bounds(R"((?:\d)?)") == "1");
  CHECK(bounds(R"(\d{2,})") == "unbounded digit");
  CHECK(bounds(R"(a+\d)") == "unbounded digit");
  CHECK(bounds(R"(\s*\d)") == "unbounded digit");
  CHECK(bounds(R"(\x41\d)") == "unbounded");  // not read: taken as unbounded
  CHECK(bounds(R"((\d)\1)") == "unbounded");
  CHECK(bounds(R"([^\n]{1,3}\d)") == "13 digit");
  CHECK(bounds(R"(x{2}\d{1,2})") == "4 digit");
  CHECK(bounds(R"(x{,2}\d)") == "6 digit");  // '{' not a repetition here: a literal
  CHECK(bounds(R"((\d)") == "unbounded");
  // The shipped phone rules are searched near digits.
  RuleSet rules = RuleSet::load_directory(LEAKSCAN_RULES_DIR);
  int windowed = 0;
  for (const RuleInfo& rule : rules.rules()) {
    for (const std::string& p : rule.patterns) windowed += pattern_bounds(p).windowed() ? 1 : 0;
    if (rule.id == "phone.national" || rule.id == "phone.international" || rule.id == "credit_card.plain") {
      for (const std::string& p : rule.patterns) CHECK(pattern_bounds(p).windowed());
    }
  }
  CHECK(windowed >= 8);
}

// Windows around digits must find exactly the matches a search of the whole
// text finds, for every shipped pattern they are used for.
TEST_CASE("windows around digits find what the whole text gives, for every windowed rule pattern", "[detect][bounds]") {
  const std::vector<std::string> pieces = {"0",
                                           "1",
                                           "3",
                                           "9",
                                           "12",
                                           "090",
                                           "-",
                                           " ",
                                           "  ",
                                           "\n",
                                           "(",
                                           ")",
                                           "+",
                                           "+81",
                                           "a",
                                           "Z",
                                           "AB",
                                           "x",
                                           ".",
                                           ",",
                                           ":",
                                           "\u3000",
                                           "\u5C71",
                                           "\u3042",
                                           "\u30FC",
                                           "\uFF11",
                                           "\u2212",
                                           "Tel",
                                           "\u96FB\u8A71",
                                           "\u53E3\u5EA7",
                                           "\u3012",
                                           "#",
                                           "03-1234-5678",
                                           "090 1234 5678",
                                           "4111 1111 1111 1111",
                                           "1234",
                                           "5678",
                                           "+81 3",
                                           "TK1234567",
                                           "123456789012",
                                           "GB82",
                                           "0120"};
  RE2::Options options;
  options.set_max_mem(int64_t{64} << 20);
  std::mt19937 random(11);
  RuleSet rules = RuleSet::load_directory(LEAKSCAN_RULES_DIR);
  std::vector<TextWindow> windows;
  int patterns = 0, matches = 0;
  for (const RuleInfo& rule : rules.rules()) {
    for (const std::string& p : rule.patterns) {
      PatternBounds b = pattern_bounds(p);
      if (!b.windowed()) continue;
      ++patterns;
      RE2 re(p, options);
      REQUIRE(re.ok());
      for (int i = 0; i < 1500; ++i) {
        std::string text;
        int count = 5 + static_cast<int>(random() % 120);
        for (int k = 0; k < count; ++k) text += pieces[random() % pieces.size()];
        auto search = [&](const std::vector<TextWindow>& in) {
          std::vector<std::pair<std::size_t, std::size_t>> found;
          re2::StringPiece whole;
          std::size_t pos = 0;
          for (const TextWindow& w : in) {
            pos = std::max(pos, w.begin);
            while (pos <= w.end && re.Match(text, pos, w.end, RE2::UNANCHORED, &whole, 1)) {
              std::size_t begin = static_cast<std::size_t>(whole.data() - text.data());
              found.emplace_back(begin, begin + whole.size());
              pos = begin + whole.size() > pos ? begin + whole.size() : pos + 1;
            }
          }
          return found;
        };
        digit_windows(text, b.max_bytes, windows);
        auto expected = search({TextWindow{0, text.size()}});
        INFO(rule.id << " " << text);
        REQUIRE(search(windows) == expected);
        matches += static_cast<int>(expected.size());
      }
    }
  }
  CHECK(patterns >= 8);
  CHECK(matches > 1000);  // the texts do hold numbers the patterns take
}

TEST_CASE("bad rule files are refused with file, line and field", "[detect][rules]") {
  std::ifstream table(std::string(LEAKSCAN_BAD_RULES_DIR) + "/expected-errors.tsv");
  std::string line;
  int checked = 0;
  while (std::getline(table, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::size_t tab = line.find('\t');
    std::string file = std::string(LEAKSCAN_BAD_RULES_DIR) + "/" + line.substr(0, tab);
    std::string expected = line.substr(tab + 1);
    expected.replace(expected.find("FILE"), 4, file);
    INFO(file);
    try {
      RuleSet::load({file});
      FAIL("accepted");
    } catch (const ConfigError& e) {
      CHECK(std::string(e.what()) == expected);
    }
    ++checked;
  }
  CHECK(checked == 10);
}

TEST_CASE("every shipped rule finds its match examples and none of its no_match ones", "[detect][rules]") {
  const RuleSet& rules = shipped_rules();
  REQUIRE(!rules.rules().empty());
  for (const RuleInfo& rule : rules.rules()) {
    for (const std::string& example : rule.must_match) {
      INFO(rule.id << " must match: " << example);
      CHECK(!scan(example, rule.id, example_scope(rule)).empty());
    }
    for (const std::string& example : rule.must_not_match) {
      INFO(rule.id << " must not match: " << example);
      CHECK(scan(example, rule.id, example_scope(rule)).empty());
    }
  }
}

TEST_CASE("findings carry the value and offsets in the decoded text", "[detect]") {
  std::string text = "山田様\nＴＥＬ：０９０－１２３４－５６７８\nmail: taro@example.co.jp";
  auto found = scan(text);
  REQUIRE(found.size() == 3);
  CHECK(found[0].item == "name");
  CHECK(found[0].value == "山田");
  CHECK(found[1].item == "phone");
  CHECK(found[1].value == "090-1234-5678");
  CHECK(text.substr(found[1].begin, found[1].end - found[1].begin) == "０９０－１２３４－５６７８");
  CHECK(found[1].confidence > 0.9);
  CHECK(found[2].item == "email");
  CHECK(text.substr(found[2].begin, found[2].end - found[2].begin) == "taro@example.co.jp");
}

TEST_CASE("masking keeps what lets the owner recognise the value", "[detect][mask]") {
  CHECK(mask_value("phone", "090-1234-5678") == "090-****-5678");
  CHECK(mask_value("phone", "+81 3-1234-5678") == "+81 *-****-5678");
  CHECK(mask_value("phone", "09012345678") == "*******5678");
  CHECK(mask_value("email", "taro@example.co.jp") == "t***@example.co.jp");
  CHECK(mask_value("my_number", "1234 5678 9018") == "**** **** 9018");
  CHECK(mask_value("name", "山田太郎") == "山***");
  CHECK(mask_value("passport_number", "TK1234567") == "*****4567");
  CHECK(mask_value("address", "〒100-0001 東京都千代田区千代田1-1") == "〒***-**** 東京都千代田区****-*");
}

TEST_CASE("a finding inside a longer one of the same item is dropped", "[detect]") {
  auto found = scan("住所：〒100-0001 東京都千代田区千代田1-1");
  REQUIRE(found.size() == 1);
  CHECK(found[0].item == "address");
  CHECK(found[0].value == "〒100-0001 東京都千代田区千代田1-1");
}

TEST_CASE("Japanese personal names by MeCab", "[detect][validators]") {
  ValidatorContext context;
  CHECK(japanese_person_name("山田", context));
  CHECK(japanese_person_name("山田太郎", context));
  CHECK(japanese_person_name("佐藤 花子", context));
  CHECK_FALSE(japanese_person_name("皆", context));
  CHECK_FALSE(japanese_person_name("営業部", context));
  CHECK_FALSE(japanese_person_name("会社", context));
  CHECK_FALSE(japanese_person_name("東京都", context));
  // A spaced surname and a short given name MeCab reads as a word.
  CHECK(japanese_person_name("林 学", context));
  CHECK_FALSE(japanese_person_name("林学", context));  // forestry
  CHECK_FALSE(japanese_person_name("営業 部", context));
  CHECK_FALSE(japanese_person_name("会議 室", context));
  CHECK(japanese_person_name("千葉 勝", context));  // 千葉 is a prefecture and a surname
  CHECK(japanese_person_name("中野 学", context));
  CHECK_FALSE(japanese_person_name("大阪 支店", context));
  CHECK_FALSE(japanese_person_name("東京 本社", context));
}
