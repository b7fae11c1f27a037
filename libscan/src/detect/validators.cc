#include "detect/validators.h"

#include <mecab.h>
#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

namespace leakscan {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Validation verdict(bool ok) { return {ok, 0}; }

// My Number (個人番号): 11 digits and a check digit. With Pn the n-th digit
// from the right before the check digit and Qn = n+1 (n <= 6) or n-5
// (n >= 7), the check digit is 11 - (sum Pn*Qn mod 11), or 0 when that
// remainder is 0 or 1.
Validation validate_my_number(std::string_view value, ValidatorContext&) {
  std::string d = digits_of(value);
  return verdict(d.size() == 12 && my_number_check(d));
}

Validation validate_corporate_number(std::string_view value, ValidatorContext&) {
  std::string d = digits_of(value);
  return verdict(d.size() == 13 && corporate_number_check(d));
}

// Card numbers: Luhn, a length the issuer uses, and a known issuer prefix.
Validation validate_card(std::string_view value, ValidatorContext&) {
  std::string d = digits_of(value);
  if (d.size() < 13 || d.size() > 19 || !luhn_check(d)) return verdict(false);
  auto prefix = [&](int n) { return std::stoi(d.substr(0, static_cast<std::size_t>(n))); };
  int p2 = prefix(2), p4 = prefix(4), p6 = prefix(6);
  bool visa = d[0] == '4' && (d.size() == 13 || d.size() == 16 || d.size() == 19);
  bool mastercard = d.size() == 16 && ((p2 >= 51 && p2 <= 55) || (p6 >= 222100 && p6 <= 272099));
  bool amex = d.size() == 15 && (p2 == 34 || p2 == 37);
  bool jcb = d.size() >= 16 && p4 >= 3528 && p4 <= 3589;
  bool diners = (d.size() == 14 || d.size() == 16) && (p2 == 36 || p2 == 38 || p2 == 39 || (p4 >= 3000 && p4 <= 3059));
  bool discover = d.size() == 16 && (p4 == 6011 || p2 == 65 || (p4 / 10 >= 644 && p4 / 10 <= 649));
  bool unionpay = d.size() >= 16 && p2 == 62;
  return verdict(visa || mastercard || amex || jcb || diners || discover || unionpay);
}

// IBAN: country, two check digits, the national number; mod 97 == 1 over
// the rearranged number, and the length the country uses.
Validation validate_iban(std::string_view value, ValidatorContext&) {
  std::string s;
  for (char c : value) {
    if (c == ' ' || c == '-') continue;
    s.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  static const std::array<std::pair<const char*, int>, 40> kLengths = {{
      {"AD", 24}, {"AE", 23}, {"AT", 20}, {"BE", 16}, {"BG", 22}, {"BH", 22}, {"BR", 29}, {"CH", 21},
      {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DK", 18}, {"EE", 20}, {"ES", 24}, {"FI", 18}, {"FR", 27},
      {"GB", 22}, {"GR", 27}, {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IS", 26}, {"IT", 27},
      {"KW", 30}, {"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21}, {"MC", 27}, {"MT", 31}, {"NL", 18},
      {"NO", 15}, {"PL", 28}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"SA", 24}, {"SE", 24}, {"SK", 24},
  }};
  if (s.size() < 15 || s.size() > 34 || !std::isalpha(static_cast<unsigned char>(s[0])) ||
      !std::isalpha(static_cast<unsigned char>(s[1])) || !std::isdigit(static_cast<unsigned char>(s[2])) ||
      !std::isdigit(static_cast<unsigned char>(s[3]))) {
    return verdict(false);
  }
  for (const auto& [country, length] : kLengths) {
    if (s.compare(0, 2, country) == 0 && static_cast<int>(s.size()) != length) return verdict(false);
  }
  std::string rearranged = s.substr(4) + s.substr(0, 4);
  int remainder = 0;
  for (char c : rearranged) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      remainder = (remainder * 10 + (c - '0')) % 97;
    } else if (std::isalpha(static_cast<unsigned char>(c))) {
      int v = c - 'A' + 10;
      remainder = (remainder * 100 + v) % 97;
    } else {
      return verdict(false);
    }
  }
  return verdict(remainder == 1);
}

// SWIFT/BIC: bank code (4 letters), country (2 letters), location (2
// alphanumerics), optional branch (3 alphanumerics).
Validation validate_bic(std::string_view value, ValidatorContext&) {
  if (value.size() != 8 && value.size() != 11) return verdict(false);
  for (std::size_t i = 0; i < value.size(); ++i) {
    auto c = static_cast<unsigned char>(value[i]);
    bool ok = i < 6 ? (c >= 'A' && c <= 'Z') : (std::isupper(c) || std::isdigit(c));
    if (!ok) return verdict(false);
  }
  return verdict(true);
}

// Japanese driving licence number: 12 digits. The first two are the
// issuing public-safety commission (10-97), then the year of first issue
// (two digits), a six-digit serial, a check digit and the reissue count.
// The check digit's formula is not official: a match raises confidence, a
// miss does not reject.
Validation validate_drivers_license(std::string_view value, ValidatorContext&) {
  std::string d = digits_of(value);
  if (d.size() != 12) return verdict(false);
  int commission = (d[0] - '0') * 10 + (d[1] - '0');
  if (commission < 10 || commission > 97) return verdict(false);
  static constexpr int kWeights[10] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
  int sum = 0;
  for (int i = 0; i < 10; ++i) sum += (d[static_cast<std::size_t>(i)] - '0') * kWeights[i];
  int check = (11 - sum % 11) % 10;
  return {true, check == d[10] - '0' ? 0.1 : -0.05};
}

// Japanese passport: two letters and seven digits.
Validation validate_passport_jp(std::string_view value, ValidatorContext&) {
  if (value.size() != 9) return verdict(false);
  bool ok = std::isupper(static_cast<unsigned char>(value[0])) && std::isupper(static_cast<unsigned char>(value[1])) &&
            all_digits(value.substr(2));
  return verdict(ok);
}

Validation validate_date(std::string_view value, ValidatorContext&) {
  auto date = parse_date(value);
  return verdict(date.has_value() && date->year >= 1900 && date->year <= 2035);
}

// Phone numbers through libphonenumber: Japanese numbers in national form,
// every country's in international form.
Validation validate_phone(std::string_view value, ValidatorContext&) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  // Placeholders in forms and examples: 0123456789, 000-0000-0000.
  std::string d = digits_of(value);
  bool ascending = d.size() >= 8, same = d.size() >= 8;
  for (std::size_t i = 1; i < d.size(); ++i) {
    ascending = ascending && (d[i] - '0') == (d[i - 1] - '0' + 1) % 10;
    same = same && d[i] == d[i - 1];
  }
  if (ascending || same || (d.size() >= 8 && d.find_first_not_of('0', 1) == std::string::npos)) return verdict(false);
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  // A Japanese number in national form (0 and 9-10 digits) or behind +81:
  // what Parse would make of it (the prefix dropped) is built directly,
  // Parse costing six times the validity check. Not for 00 and 010, which
  // Parse reads as international call prefixes, nor for +81 0..., nor for
  // other lengths or characters.
  auto separators_only = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return (c >= '0' && c <= '9') || c == '-' || c == '(' || c == ')' || c == ' '; });
  };
  std::size_t prefix = 0;
  if ((d.size() == 10 || d.size() == 11) && d[0] == '0' && d[1] != '0' && d.compare(0, 3, "010") != 0 &&
      value.front() == '0' && separators_only(value)) {
    prefix = 1;
  } else if ((d.size() == 11 || d.size() == 12) && value.substr(0, 3) == "+81" && d[2] != '0' &&
             separators_only(value.substr(1))) {
    prefix = 2;
  }
  if (prefix > 0) {
    number.set_country_code(81);
    number.set_national_number(std::stoull(d.substr(prefix)));
    return verdict(util->IsValidNumber(number));
  }
  std::string text(value);
  if (util->Parse(text, "JP", &number) != PhoneNumberUtil::NO_PARSING_ERROR) return verdict(false);
  return verdict(util->IsValidNumber(number));
}

// E-mail addresses: a local part and a domain with a dot; IDN domains pass.
Validation validate_email(std::string_view value, ValidatorContext&) {
  std::size_t at = value.rfind('@');
  if (at == 0 || at == std::string_view::npos || at + 1 >= value.size()) return verdict(false);
  std::string_view domain = value.substr(at + 1);
  if (at > 64 || domain.size() > 253) return verdict(false);  // RFC 5321 limits
  std::size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 2 > domain.size()) return verdict(false);
  if (domain.find("..") != std::string_view::npos) return verdict(false);
  return verdict(true);
}

Validation validate_age(std::string_view value, ValidatorContext&) {
  std::string d = digits_of(value);
  if (d.empty() || d.size() > 3) return verdict(false);
  int age = std::stoi(d);
  return verdict(age > 0 && age <= 120);
}

// A Japanese personal name (山田, 山田太郎, 山田 太郎) by MeCab/IPAdic.
Validation validate_person_name_ja(std::string_view value, ValidatorContext& context) {
  return verdict(japanese_person_name(value, context));
}

// An English personal name: capitalised words that are not the words
// salutations and signatures use for groups, roles and courtesy.
Validation validate_person_name_en(std::string_view value, ValidatorContext&) {
  static constexpr std::string_view kNotNames[] = {
      "sir", "sirs", "madam", "madams", "customer", "customers", "all", "team", "colleague", "colleagues", "member",
      "members", "friend", "friends", "valued", "client", "clients", "partner", "partners", "everyone", "shareholder",
      "shareholders", "user", "users", "subscriber", "reader", "readers", "investor", "investors", "applicant",
      "candidate", "best", "kind", "warm", "regards", "thanks", "thank", "you", "sincerely", "cheers", "hello", "hi",
      "dear", "the", "and", "support", "sales", "info", "admin", "office", "department", "manager", "director",
      "general", "hiring", "human", "resources", "accounts", "payable", "receivable", "new", "please", "attention",
      "news", "newsletter", "service", "services", "notification", "notifications", "alert", "alerts", "bank", "fund",
      "capital", "group", "company", "corp", "inc", "ltd", "desk", "staff", "center", "centre", "club", "store", "shop",
      "online", "mail", "mailer", "daemon", "postmaster", "system", "billing", "marketing", "recruiting", "careers",
      "report", "quarterly", "weekly", "daily", "monthly", "annual", "meeting", "update", "updates", "digest", "board",
      "committee", "council", "office", "agency", "senior", "analyst", "associate", "executive", "chief", "vice",
      "officer", "counsel", "head", "managing", "homeowner", "maintainer", "maintainers", "chairman", "president",
      "editor", "editors", "webmaster", "author", "owner", "recipient", "sender", "engineer", "software", "from", "to",
      "for", "with", "last", "first", "middle", "street", "address", "full", "your", "our", "my", "reverse", "aging",
      "mortgage", "free", "click", "here",
      // Words of firms' names, which signatures put on a line of their own.
      "limited", "industries", "industry", "corporation", "holdings", "technologies", "technology", "systems",
      "solutions", "partners", "consulting", "international", "enterprises", "trading", "securities", "insurance",
      "foundation", "university", "institute", "association", "llc", "llp", "plc", "gmbh", "co", "incorporated",
      "ventures", "investments", "advisors", "advisers", "management", "communications", "networks", "labs", "media"};
  std::size_t start = 0;
  int words = 0;
  while (start < value.size()) {
    std::size_t end = value.find_first_of(" -", start);
    if (end == std::string_view::npos) end = value.size();
    std::string word;
    for (char c : value.substr(start, end - start)) {
      word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    if (!word.empty()) {
      ++words;
      for (std::string_view bad : kNotNames) {
        if (word == bad) return verdict(false);
      }
    }
    start = end + 1;
  }
  return verdict(words >= 1 && words <= 4);
}

// A name a form labels as one: English values must not be form words
// ("Last Name"), Japanese ones are taken at the label's word.
Validation validate_labelled_name(std::string_view value, ValidatorContext& context) {
  bool ascii = std::all_of(value.begin(), value.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  return ascii ? validate_person_name_en(value, context) : verdict(true);
}

// A Japanese department: not a room (会議室 ends in 室 like 秘書室 does)
// and not a word that only ends like one (一部, 全部).
Validation validate_department_jp(std::string_view value, ValidatorContext& context) {
  // 阿部, 岡部, 服部 are surnames (and places), not departments: MeCab reads
  // them as one proper noun, where 営業部 is a word and a suffix.
  std::string head(value.substr(0, value.find(' ')));
  const auto& tokens = context.tokenize(head);
  if (tokens.size() == 1 && tokens[0].feature.rfind("名詞,固有名詞", 0) == 0) return verdict(false);
  static constexpr std::string_view kNotDepartments[] = {"会議室", "応接室", "控室", "和室",   "洋室",   "教室",
                                                         "浴室",   "寝室",   "個室", "待合室", "更衣室", "一部",
                                                         "全部",   "内部",   "外部", "細部",   "幹部",   "学部"};
  for (std::string_view word : kNotDepartments) {
    if (value.size() >= word.size() && value.find(word) != std::string_view::npos) return verdict(false);
  }
  return verdict(true);
}

std::string_view trim_ascii_spaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// A Japanese organization: not a legal form followed by a department
// ("株式会社 法務部" is where "サンプル株式会社 法務部" was cut).
Validation validate_organization_jp(std::string_view value, ValidatorContext&) {
  static constexpr std::string_view kForms[] = {"株式会社", "有限会社", "合同会社", "(株)", "(有)"};
  static constexpr std::string_view kDepartmentEnds[] = {"部", "課", "室", "グループ", "チーム", "センター"};
  for (std::string_view form : kForms) {
    if (value.substr(0, form.size()) != form) continue;
    std::string_view rest = trim_ascii_spaces(value.substr(form.size()));
    if (rest.empty()) return verdict(false);
    for (std::string_view end : kDepartmentEnds) {
      if (rest.size() >= end.size() && rest.substr(rest.size() - end.size()) == end) return verdict(false);
    }
  }
  return verdict(true);
}

struct Named {
  std::string_view name;
  ValidatorFn fn;
  bool costly = false;  // libphonenumber or MeCab: worth remembering per value
};

constexpr Named kValidators[] = {
    {"my_number", validate_my_number},
    {"corporate_number", validate_corporate_number},
    {"card", validate_card},
    {"iban", validate_iban},
    {"bic", validate_bic},
    {"drivers_license_jp", validate_drivers_license},
    {"passport_jp", validate_passport_jp},
    {"date", validate_date},
    {"phone", validate_phone, true},
    {"email", validate_email},
    {"age", validate_age},
    {"person_name_ja", validate_person_name_ja, true},
    {"person_name_en", validate_person_name_en},
    {"department_jp", validate_department_jp, true},
    {"organization_jp", validate_organization_jp},
    {"labelled_name", validate_labelled_name, true},
};

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
  return kDays[month - 1];
}

std::optional<CalendarDate> checked(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
  return CalendarDate{year, month, day};
}

int month_from_name(std::string_view word) {
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  if (word.size() < 3) return 0;
  std::string lower;
  for (char c : word.substr(0, 3)) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (int i = 0; i < 12; ++i) {
    if (lower == kMonths[i]) return i + 1;
  }
  return 0;
}

}  // namespace

struct ValidatorContext::Impl {
  std::unique_ptr<MeCab::Tagger> tagger;
  bool tried = false;
  std::vector<Token> tokens;
};

ValidatorContext::ValidatorContext() : impl_(std::make_unique<Impl>()) {}
ValidatorContext::~ValidatorContext() = default;

const std::vector<ValidatorContext::Token>& ValidatorContext::tokenize(std::string_view text) {
  impl_->tokens.clear();
  if (!impl_->tried) {
    impl_->tried = true;
    impl_->tagger.reset(MeCab::createTagger(""));  // the system IPAdic (mecab-ipadic-utf8)
  }
  if (!impl_->tagger) return impl_->tokens;
  std::string sentence(text);
  for (const MeCab::Node* n = impl_->tagger->parseToNode(sentence.c_str()); n != nullptr; n = n->next) {
    if (n->stat == MECAB_BOS_NODE || n->stat == MECAB_EOS_NODE) continue;
    impl_->tokens.push_back({std::string(n->surface, n->length), n->feature != nullptr ? n->feature : ""});
  }
  return impl_->tokens;
}

// "林 学": written with a space, a surname MeCab knows and a short given name
// it reads as a word (学 is 'study', 林学 'forestry') are still a name.
bool spaced_japanese_name(std::string_view value, ValidatorContext& context) {
  std::size_t space = value.find(' ');
  if (space == std::string_view::npos || value.find(' ', space + 1) != std::string_view::npos) return false;
  std::string family(value.substr(0, space)), given(value.substr(space + 1));
  const auto& family_tokens = context.tokenize(family);
  if (family_tokens.size() != 1) return false;
  // Many surnames are places too (千葉, 中野, 宮崎): MeCab tags them 地域 alone.
  bool surname = family_tokens[0].feature.find("人名") != std::string::npos;
  bool place = family_tokens[0].feature.find("地域") != std::string::npos;
  if (!surname && !place) return false;
  static constexpr std::string_view kPlaceWords[] = {
      "支店", "本店", "本社", "支社", "工場", "営業", "事務", "駅",   "空港", "港",   "市",   "区",  "町",
      "村",   "県",   "都",   "府",   "道",   "地方", "周辺", "近郊", "出張", "拠点", "大学", "銀行"};
  if (place && std::find(std::begin(kPlaceWords), std::end(kPlaceWords), given) != std::end(kPlaceWords)) {
    return false;
  }
  std::size_t given_chars = 0;
  for (std::size_t i = 0; i < given.size(); ++i) {
    if ((static_cast<unsigned char>(given[i]) & 0xC0) != 0x80) ++given_chars;
  }
  const auto& given_tokens = context.tokenize(given);
  if (given_tokens.empty()) return false;
  bool named = given_tokens.size() == 1 && given_tokens[0].feature.find("人名") != std::string::npos &&
               given_tokens[0].feature.find("接尾") == std::string::npos;
  bool short_word = given_chars <= 2 && given_tokens.size() == 1 && given_tokens[0].feature.rfind("名詞", 0) == 0 &&
                    given_tokens[0].feature.find("接尾") == std::string::npos;
  return named || short_word;
}

bool japanese_person_name(std::string_view value, ValidatorContext& context) {
  std::string compact;
  for (char c : value) {
    if (c != ' ') compact.push_back(c);
  }
  if (spaced_japanese_name(value, context)) return true;
  const auto& tokens = context.tokenize(compact);
  if (tokens.empty() || tokens.size() > 3) return false;
  if (tokens[0].feature.find("人名") == std::string::npos) return false;
  for (std::size_t i = 1; i < tokens.size(); ++i) {
    // After the surname: name parts, or a proper noun the dictionary does
    // not know as a name (rare given names).
    bool name_part = tokens[i].feature.find("人名") != std::string::npos &&
                     tokens[i].feature.find("接尾") == std::string::npos;  // 様, さん
    bool proper = tokens[i].feature.rfind("名詞,固有名詞", 0) == 0;
    if (!name_part && !proper) return false;
  }
  return true;
}

std::string digits_of(std::string_view value) {
  std::string d;
  for (char c : value) {
    if (c >= '0' && c <= '9') d.push_back(c);
  }
  return d;
}

bool my_number_check(std::string_view d) {
  if (d.size() != 12 || !all_digits(d)) return false;
  int sum = 0;
  for (int n = 1; n <= 11; ++n) {
    int p = d[static_cast<std::size_t>(11 - n)] - '0';
    int q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  int remainder = sum % 11;
  int check = remainder <= 1 ? 0 : 11 - remainder;
  return check == d[11] - '0';
}

bool corporate_number_check(std::string_view d) {
  if (d.size() != 13 || !all_digits(d)) return false;
  int sum = 0;
  for (int n = 1; n <= 12; ++n) {
    int p = d[static_cast<std::size_t>(13 - n)] - '0';
    sum += p * (n % 2 == 1 ? 1 : 2);
  }
  return 9 - sum % 9 == d[0] - '0';
}

bool luhn_check(std::string_view d) {
  if (d.empty() || !all_digits(d)) return false;
  int sum = 0;
  bool twice = false;
  for (std::size_t i = d.size(); i-- > 0;) {
    int v = d[i] - '0';
    if (twice && (v *= 2) > 9) v -= 9;
    sum += v;
    twice = !twice;
  }
  return sum % 10 == 0;
}

std::optional<CalendarDate> parse_date(std::string_view v) {
  // Split into numbers and words; remember an era in front.
  struct Era {
    std::string_view name;
    int first_year;
  };
  static constexpr Era kEras[] = {{"明治", 1868}, {"大正", 1912}, {"昭和", 1926}, {"平成", 1989}, {"令和", 2019},
                                  {"M", 1868},    {"T", 1912},    {"S", 1926},    {"H", 1989},    {"R", 2019}};
  int era_base = 0;
  std::size_t pos = 0;
  while (pos < v.size() && v[pos] == ' ') ++pos;
  for (const Era& e : kEras) {
    if (v.substr(pos).starts_with(e.name)) {
      std::size_t after = pos + e.name.size();
      bool number_follows =
          after < v.size() && (std::isdigit(static_cast<unsigned char>(v[after])) || v.substr(after).starts_with("元"));
      if (number_follows) {
        era_base = e.first_year - 1;
        pos = after;
        break;
      }
    }
  }
  std::vector<int> numbers;
  int month_word = 0;
  while (pos < v.size() && numbers.size() < 4) {
    if (v.substr(pos).starts_with("元")) {  // 元年: the era's first year
      numbers.push_back(1);
      pos += std::string_view("元").size();
    } else if (std::isdigit(static_cast<unsigned char>(v[pos]))) {
      int n = 0, digits = 0;
      while (pos < v.size() && std::isdigit(static_cast<unsigned char>(v[pos])) && digits < 5) {
        n = n * 10 + (v[pos++] - '0');
        ++digits;
      }
      numbers.push_back(n);
    } else if (std::isalpha(static_cast<unsigned char>(v[pos]))) {
      std::size_t start = pos;
      while (pos < v.size() && std::isalpha(static_cast<unsigned char>(v[pos]))) ++pos;
      if (int m = month_from_name(v.substr(start, pos - start))) month_word = m;
    } else {
      ++pos;
    }
  }
  if (era_base > 0) {
    if (numbers.size() != 3 || numbers[0] < 1 || numbers[0] > 64) return std::nullopt;
    return checked(era_base + numbers[0], numbers[1], numbers[2]);
  }
  if (month_word > 0 && numbers.size() == 2) {
    // "April 1, 1985" or "1 April 1985"
    int day = numbers[0] <= 31 ? numbers[0] : numbers[1];
    int year = numbers[0] <= 31 ? numbers[1] : numbers[0];
    return checked(year, month_word, day);
  }
  if (numbers.size() != 3) return std::nullopt;
  if (numbers[0] >= 1000) return checked(numbers[0], numbers[1], numbers[2]);  // Y M D
  if (numbers[2] >= 1000) {
    // D/M/Y or M/D/Y: read as the one that can be a date (D/M/Y first).
    if (auto d = checked(numbers[2], numbers[1], numbers[0]); d && numbers[0] > 12) return d;
    if (auto d = checked(numbers[2], numbers[0], numbers[1])) return d;
    return checked(numbers[2], numbers[1], numbers[0]);
  }
  return std::nullopt;
}

ValidatorFn find_validator(std::string_view name) {
  for (const Named& v : kValidators) {
    if (v.name == name) return v.fn;
  }
  return nullptr;
}

bool validator_is_costly(std::string_view name) {
  for (const Named& v : kValidators) {
    if (v.name == name) return v.costly;
  }
  return false;
}

std::vector<std::string> validator_names() {
  std::vector<std::string> names;
  for (const Named& v : kValidators) names.emplace_back(v.name);
  return names;
}

}  // namespace leakscan
