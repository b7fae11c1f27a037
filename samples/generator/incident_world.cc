// The people and organizations of the reconstructed incident.
#include "incident.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace leakscan::sample {

namespace {

// Common surnames and given names (IPAdic knows them as 人名), with romaji.
constexpr std::array<std::pair<const char*, const char*>, 90> kSurnames = {{
    {"山田", "yamada"},    {"佐藤", "sato"},      {"鈴木", "suzuki"},    {"高橋", "takahashi"}, {"伊藤", "ito"},
    {"渡辺", "watanabe"},  {"中村", "nakamura"},  {"小林", "kobayashi"}, {"加藤", "kato"},      {"吉田", "yoshida"},
    {"山本", "yamamoto"},  {"松本", "matsumoto"}, {"井上", "inoue"},     {"木村", "kimura"},    {"林", "hayashi"},
    {"清水", "shimizu"},   {"斎藤", "saito"},     {"山口", "yamaguchi"}, {"森", "mori"},        {"池田", "ikeda"},
    {"橋本", "hashimoto"}, {"阿部", "abe"},       {"石川", "ishikawa"},  {"山下", "yamashita"}, {"中島", "nakajima"},
    {"石井", "ishii"},     {"小川", "ogawa"},     {"前田", "maeda"},     {"岡田", "okada"},     {"長谷川", "hasegawa"},
    {"藤田", "fujita"},    {"後藤", "goto"},      {"近藤", "kondo"},     {"村上", "murakami"},  {"遠藤", "endo"},
    {"青木", "aoki"},      {"坂本", "sakamoto"},  {"福田", "fukuda"},    {"太田", "ota"},       {"西村", "nishimura"},
    {"藤井", "fujii"},     {"金子", "kaneko"},    {"岡本", "okamoto"},   {"藤原", "fujiwara"},  {"中野", "nakano"},
    {"三浦", "miura"},     {"原田", "harada"},    {"中川", "nakagawa"},  {"松田", "matsuda"},   {"竹内", "takeuchi"},
    {"小野", "ono"},       {"田村", "tamura"},    {"中山", "nakayama"},  {"和田", "wada"},      {"石田", "ishida"},
    {"森田", "morita"},    {"上田", "ueda"},      {"原", "hara"},        {"柴田", "shibata"},   {"酒井", "sakai"},
    {"工藤", "kudo"},      {"横山", "yokoyama"},  {"宮崎", "miyazaki"},  {"宮本", "miyamoto"},  {"内田", "uchida"},
    {"高木", "takagi"},    {"安藤", "ando"},      {"島田", "shimada"},   {"谷口", "taniguchi"}, {"大野", "ono"},
    {"丸山", "maruyama"},  {"今井", "imai"},      {"河野", "kono"},      {"藤本", "fujimoto"},  {"村田", "murata"},
    {"武田", "takeda"},    {"上野", "ueno"},      {"杉山", "sugiyama"},  {"増田", "masuda"},    {"小山", "koyama"},
    {"大塚", "otsuka"},    {"平野", "hirano"},    {"菅原", "sugawara"},  {"久保", "kubo"},      {"千葉", "chiba"},
    {"松井", "matsui"},    {"岩崎", "iwasaki"},   {"野口", "noguchi"},   {"田中", "tanaka"},    {"菊地", "kikuchi"},
}};
constexpr std::array<std::pair<const char*, const char*>, 70> kGivenNames = {{
    {"太郎", "taro"},     {"花子", "hanako"},  {"一郎", "ichiro"},   {"次郎", "jiro"},    {"美咲", "misaki"},
    {"翔太", "shota"},    {"陽子", "yoko"},    {"健一", "kenichi"},  {"直美", "naomi"},   {"大輔", "daisuke"},
    {"明美", "akemi"},    {"誠", "makoto"},    {"恵子", "keiko"},    {"浩二", "koji"},    {"由美", "yumi"},
    {"拓也", "takuya"},   {"裕子", "yuko"},    {"和也", "kazuya"},   {"智子", "tomoko"},  {"隆", "takashi"},
    {"真理子", "mariko"}, {"達也", "tatsuya"}, {"久美子", "kumiko"}, {"哲也", "tetsuya"}, {"京子", "kyoko"},
    {"健太", "kenta"},    {"聡", "satoshi"},   {"典子", "noriko"},   {"修", "osamu"},     {"幸子", "sachiko"},
    {"亮", "ryo"},        {"由紀", "yuki"},    {"剛", "tsuyoshi"},   {"香織", "kaori"},   {"学", "manabu"},
    {"博", "hiroshi"},    {"千尋", "chihiro"}, {"淳", "jun"},        {"綾", "aya"},       {"大介", "daisuke"},
    {"雅子", "masako"},   {"浩", "hiroshi"},   {"麻衣", "mai"},      {"進", "susumu"},    {"美穂", "miho"},
    {"健二", "kenji"},    {"正樹", "masaki"},  {"直樹", "naoki"},    {"秀樹", "hideki"},  {"和子", "kazuko"},
    {"洋子", "yoko"},     {"明", "akira"},     {"大樹", "daiki"},    {"翼", "tsubasa"},   {"優子", "yuko"},
    {"純一", "junichi"},  {"孝", "takashi"},   {"勝", "masaru"},     {"亜紀", "aki"},     {"彩香", "ayaka"},
    {"蓮", "ren"},        {"葵", "aoi"},       {"結衣", "yui"},      {"誠一", "seiichi"}, {"信也", "shinya"},
    {"康弘", "yasuhiro"}, {"美紀", "miki"},    {"理恵", "rie"},      {"智也", "tomoya"},  {"豊", "yutaka"},
}};
constexpr std::array kFirstEn = {"John",    "Mary",   "David",   "Sarah",  "Michael", "Emma",   "James",
                                 "Laura",   "Robert", "Anna",    "Thomas", "Emily",   "Daniel", "Olivia",
                                 "William", "Sophie", "Richard", "Claire", "Peter",   "Helen",  "Andrew",
                                 "Grace",   "Mark",   "Lucy",    "Simon",  "Alice",   "Paul",   "Rachel"};
constexpr std::array kLastEn = {"Smith",   "Johnson", "Brown",    "Taylor", "Wilson", "Clark",   "Walker",
                                "Hall",    "Young",   "King",     "Wright", "Green",  "Baker",   "Adams",
                                "Nelson",  "Carter",  "Mitchell", "Turner", "Parker", "Collins", "Edwards",
                                "Stewart", "Morris",  "Cooper",   "Reed",   "Bailey", "Bell",    "Murphy"};

// Organization names: fictional stems, a business word, a legal form.
constexpr std::array kStems = {"サンプル", "テスト", "架空", "例示", "ダミー", "模擬", "仮想", "試作", "見本", "想定"};
constexpr std::array kStemsRomaji = {"sample", "test", "kaku",    "reiji", "dummy",
                                     "mogi",   "kaso", "shisaku", "mihon", "sotei"};
constexpr std::array kMiddles = {"キャピタル",
                                 "パートナーズ",
                                 "インベストメント",
                                 "トラスト",
                                 "ファイナンス",
                                 "リサーチ",
                                 "コンサルティング",
                                 "ソリューションズ",
                                 "アセット",
                                 "商事",
                                 "物産",
                                 "産業",
                                 "興業",
                                 "精機",
                                 "工業",
                                 "電機",
                                 "不動産",
                                 "開発",
                                 "システムズ",
                                 "ホールディングス"};
constexpr std::array kMiddlesRomaji = {"capital",   "partners", "invest",  "trust",    "finance", "research", "consult",
                                       "solutions", "asset",    "shoji",   "bussan",   "sangyo",  "kogyo",    "seiki",
                                       "kogyo2",    "denki",    "fudosan", "kaihatsu", "systems", "hd"};
constexpr std::array kRegions = {"", "ジャパン", "東京", "アジア", "第一", "日本"};
constexpr std::array kRegionsRomaji = {"", "jp", "tokyo", "asia", "daiichi", "nihon"};
constexpr std::array kEnStems = {"Sample", "Test", "Placeholder", "Example", "Dummy", "Fictional", "Mock", "Specimen"};
constexpr std::array kEnMiddles = {"Capital",     "Partners", "Advisors",         "Fund Services", "Securities",
                                   "Investments", "Holdings", "Asset Management", "Trustees",      "Research"};
constexpr std::array kEnForms = {"LP", "LLC", "Inc.", "Ltd.", "LLP", "Pte. Ltd."};

constexpr std::array kPrefCities = {
    "東京都千代田区",       "東京都港区",         "東京都中央区",       "大阪府大阪市北区",   "神奈川県横浜市中区",
    "愛知県名古屋市中村区", "福岡県福岡市中央区", "北海道札幌市中央区", "京都府京都市下京区", "兵庫県神戸市中央区"};
constexpr std::array kTowns = {"丸の内", "六本木", "日本橋",   "梅田",   "山下町",
                               "名駅",   "天神",   "北一条西", "四条通", "三宮町"};

}  // namespace

std::string Human::romaji() const {
  auto cap = [](std::string s) {
    if (!s.empty()) s[0] = static_cast<char>(s[0] - 32);
    return s;
  };
  return english ? first + " " + last : cap(given_romaji) + " " + cap(family_romaji);
}

std::vector<CategorySpec> reference_categories() {
  auto items = [](std::initializer_list<const char*> extra) {
    std::set<std::string> s = {"name", "email", "organization", "department_title"};
    for (const char* e : extra) s.insert(e);
    return s;
  };
  return {
      {"1", "金融商品取引業者としての弊社の顧客等", 94,
       items({"address", "birth_date", "phone", "nationality", "gender", "photo", "passport_number", "career",
              "bank_account", "drivers_license_number"})},
      {"2-1", "ファンドの投資家等として今回調査を行った顧客に準じる取引先", 135, items({"phone"})},
      {"2-2-1", "弊社が金融商品取引契約の顧客となっている取引先", 36, items({"phone"})},
      {"2-2-2", "②-1以外の弊社が金融商品取引契約の顧客であり業務委託を受けている取引先とその関係先", 48,
       items(
           {"address", "phone", "family_name", "family_birth_date", "family_phone", "relationship", "family_address"})},
      {"3-1", "ファンドを運営する関係者で弊社もしくはファンドの顧客等", 689, items({"phone", "accountant_number"})},
      {"3-2", "投資家候補、同業者、投資先、投資先関係者等", 1103,
       items({"phone", "passport_number", "address", "age"})},
      {"3-3", "物販業者、情報ベンダー、人材紹介会社等弊社が利用している業者等", 178,
       items({"phone", "address", "bank_account"})},
      {"3-4", "プロバイダーのドメインや知人、採用申込者等", 148,
       items({"phone", "gender", "address", "birth_date", "age", "career", "photo", "hobby"})},
      {"3-5", "その他（上記に分類出来ないもの）", 47, items({"phone", "career", "photo"})},
      {"3-6", "監督省庁、行政機関、協会等", 62, items({"address"})},
  };
}

Incident::Incident(std::uint64_t seed, double scale) : rng_(seed), scale_(scale) {
  categories_ = reference_categories();
  for (CategorySpec& c : categories_) {
    c.persons = std::max(3, static_cast<int>(std::lround(c.persons * scale)));
  }
  free_mail_ = {"example-isp.ne.jp", "mail.example-net.jp", "example-mobile.ne.jp", "example-freemail.com"};
  window_first_ = day_number(2022, 4, 28);
  window_last_ = day_number(2024, 5, 13);
}

std::string Incident::landline() {
  // Ten digits in all: 03-XXXX-XXXX, 045-XXX-XXXX.
  std::string area = rng_.pick(std::array{"03", "03", "03", "06", "045", "052"});
  std::string exchange = area.size() == 2 ? std::to_string(rng_.num(3000, 6999)) : std::to_string(rng_.num(200, 899));
  return area + "-" + exchange + "-" + rng_.digits(4);
}

std::string Incident::mobile_number() {
  return "0" + std::to_string(rng_.num(7, 9)) + "0-" + std::to_string(rng_.num(1, 9)) + rng_.digits(3) + "-" +
         rng_.digits(4);
}

std::string Incident::japanese_address() {
  return "〒" + std::to_string(rng_.num(100, 999)) + "-" + rng_.digits(4) + " " + rng_.pick(kPrefCities) +
         rng_.pick(kTowns) + std::to_string(rng_.num(1, 9)) + "-" + std::to_string(rng_.num(1, 20)) + "-" +
         std::to_string(rng_.num(1, 30));
}

std::string Incident::date_ja(int from_year, int to_year) {
  int y = rng_.num(from_year, to_year), m = rng_.num(1, 12), d = rng_.num(1, 28);
  if (y >= 1926 && y <= 1988 && rng_.chance(35)) {
    return "昭和" + std::to_string(y - 1925) + "年" + std::to_string(m) + "月" + std::to_string(d) + "日";
  }
  return std::to_string(y) + "年" + std::to_string(m) + "月" + std::to_string(d) + "日";
}

std::string Incident::my_number() {
  std::string d = rng_.digits(11);
  if (d[0] == '0') d[0] = '1';
  int sum = 0;
  for (int n = 1; n <= 11; ++n) sum += (d[static_cast<std::size_t>(11 - n)] - '0') * (n <= 6 ? n + 1 : n - 5);
  int r = sum % 11;
  d.push_back(static_cast<char>('0' + (r <= 1 ? 0 : 11 - r)));
  return d.substr(0, 4) + " " + d.substr(4, 4) + " " + d.substr(8, 4);
}

std::string Incident::license_number() {
  return std::string(rng_.pick(std::array{"30", "45", "50", "60", "62", "73", "80", "87"})) + rng_.digits(10);
}

std::string Incident::org_name(const std::string& category, bool english) {
  for (int attempt = 0; attempt < 1000; ++attempt) {
    std::string name;
    std::string core;  // the name without its legal form: distinct firms have distinct ones
    if (english) {
      core = std::string(rng_.pick(kEnStems)) + " " + rng_.pick(kEnMiddles);
      name = core + " " + rng_.pick(kEnForms);
    } else {
      core = std::string(rng_.pick(kStems)) + rng_.pick(kRegions) + rng_.pick(kMiddles);
      if (category == "3-1") {
        core = std::string(rng_.pick(kStems)) + rng_.pick(kRegions) +
               rng_.pick(std::array{"証券", "信託銀行", "法律事務所", "監査法人", "アドミニストレーション"});
      } else if (category == "3-6") {
        core = std::string(rng_.pick(kStems)) +
               rng_.pick(std::array{"金融協会", "投資顧問業協会", "証券業協会", "地方財務局", "市役所"});
      }
      bool suffix_form = core.find("法律事務所") != std::string::npos || core.find("監査法人") != std::string::npos ||
                         core.find("信託銀行") != std::string::npos || core.find("証券") != std::string::npos;
      if (category == "3-6") {
        name = core.find("協会") != std::string::npos ? "一般社団法人" + core : core;
      } else if (suffix_form) {
        name = core.find("証券") != std::string::npos ? core + "株式会社" : core;
      } else {
        name = rng_.chance(70) ? "株式会社" + core : core + "株式会社";
      }
    }
    if (used_org_names_.insert(core).second) return name;
  }
  return "株式会社サンプル" + std::to_string(orgs_.size());
}

int Incident::add_org(const std::string& category, bool english) {
  Org o;
  o.category = category;
  o.english = english;
  o.name = org_name(category, english);
  std::string stem = english ? "ex" : "example";
  std::string domain;
  do {
    std::string core = std::string(rng_.pick(kStemsRomaji)) + rng_.pick(kRegionsRomaji) + rng_.pick(kMiddlesRomaji) +
                       std::to_string(rng_.num(1, 99));
    if (category == "3-6") {
      domain = core.find("shi") != std::string::npos ? "example-" + core + ".lg.jp" : "example-" + core + ".go.jp";
      if (o.name.find("協会") != std::string::npos) domain = "example-" + core + ".or.jp";
    } else {
      domain = english ? stem + "-" + core + ".com" : stem + "-" + core + ".co.jp";
    }
  } while (used_emails_.count("@" + domain) != 0);
  used_emails_.insert("@" + domain);
  o.domain = domain;
  o.address = japanese_address();
  o.phone = landline();
  orgs_.push_back(std::move(o));
  return static_cast<int>(orgs_.size()) - 1;
}

void Incident::name_human(Human& h) {
  // One full name per organization: two humans of one name in one firm
  // are one person to anyone reading the mail.
  for (int attempt = 0; attempt < 200; ++attempt) {
    if (h.english) {
      h.first = rng_.pick(kFirstEn);
      h.last = rng_.pick(kLastEn);
    } else {
      const auto& s = rng_.pick(kSurnames);
      const auto& g = rng_.pick(kGivenNames);
      h.family = s.first;
      h.family_romaji = s.second;
      h.given = g.first;
      h.given_romaji = g.second;
    }
    std::string key = h.full_name() + "|" + std::to_string(h.org);
    if (used_names_in_org_.emplace(key, h.id).second) return;
  }
}

void Incident::make_address(Human& h, const std::string& domain) {
  std::string first = h.english ? h.first : h.given_romaji, last = h.english ? h.last : h.family_romaji;
  for (char& c : first) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (char& c : last) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string local;
  switch (rng_.num(0, 4)) {
    case 0:
      local = first + "." + last;
      break;
    case 1:
      local = last;
      break;
    case 2:
      local = first.substr(0, 1) + "." + last;
      break;
    case 3:
      local = last + "-" + first.substr(0, 1);
      break;
    default:
      local = last + "." + first;
      break;
  }
  std::string email = local + "@" + domain;
  for (int n = 2; used_emails_.count(email) != 0; ++n) email = local + std::to_string(n) + "@" + domain;
  used_emails_.insert(email);
  h.email = email;
}

int Incident::add_human(const std::string& category, int org, bool english) {
  Human h;
  h.id = static_cast<int>(people_.size());
  h.category = category;
  h.org = org;
  h.english = english;
  name_human(h);
  static constexpr std::array kDepts = {
      "営業部", "投資運用部",     "経営企画部", "総務部", "法務部", "財務部", "審査部",
      "業務部", "ファンド管理部", "事業開発部", "人事部", "経理部", "IR室",   "コンプライアンス部"};
  static constexpr std::array kTitles = {"部長", "課長", "次長", "主任", "マネージャー", "担当", ""};
  static constexpr std::array kTitlesEn = {"Managing Director", "Vice President", "Director", "Senior Analyst",
                                           "Associate",         "Partner",        "Counsel",  "Head of Operations"};
  if (english) {
    h.title = rng_.pick(kTitlesEn);
  } else {
    h.dept = rng_.pick(kDepts);
    h.title = rng_.pick(kTitles);
  }
  h.phone = org >= 0 ? orgs_[static_cast<std::size_t>(org)].phone.substr(
                           0, orgs_[static_cast<std::size_t>(org)].phone.rfind('-') + 1) +
                           rng_.digits(4)
                     : mobile_number();
  h.mobile = mobile_number();
  if (org >= 0) make_address(h, orgs_[static_cast<std::size_t>(org)].domain);
  h.birth_date = date_ja(1950, 2000);
  h.gender = rng_.chance(50) ? "男" : "女";
  h.nationality = english ? "アメリカ合衆国" : "日本";
  h.home_address = japanese_address();
  h.passport = std::string(rng_.pick(std::array{"TK", "TZ", "MZ", "TR", "TH", "MU"})) + rng_.digits(7);
  h.license = license_number();
  h.bank = rng_.digits(7);
  h.hobby = rng_.pick(std::array{"ゴルフ、読書", "テニス", "旅行と写真", "釣り", "ピアノ", "登山"});
  h.age = rng_.num(24, 68);
  h.accountant = std::to_string(rng_.num(10000, 39999));
  people_.push_back(std::move(h));
  if (org >= 0) orgs_[static_cast<std::size_t>(org)].people.push_back(people_.back().id);
  return people_.back().id;
}

void Incident::build_world() {
  // The firm: the mailbox owner and the staff.
  Org firm;
  firm.name = "サンプルアセットマネジメント株式会社";
  firm.domain = "example-am.co.jp";
  firm.category = "internal";
  firm.address = "〒100-0005 東京都千代田区丸の内1-1-1 サンプルビル12階";
  firm.phone = "03-5000-1000";
  orgs_.push_back(firm);
  used_org_names_.insert("サンプルアセットマネジメント");
  owner_ = add_human("internal", 0, false);
  Human& owner = people_[static_cast<std::size_t>(owner_)];
  owner.family = "田中";
  owner.given = "一郎";
  owner.family_romaji = "tanaka";
  owner.given_romaji = "ichiro";
  owner.email = "t.tanaka@example-am.co.jp";
  owner.dept = "投資運用部";
  owner.title = "部長";
  used_emails_.insert(owner.email);
  for (int i = 0; i < std::max(6, static_cast<int>(std::lround(20 * std::max(scale_, 0.3)))); ++i) {
    staff_.push_back(add_human("internal", 0, false));
  }

  for (const CategorySpec& c : categories_) {
    int remaining = c.persons;
    if (c.id == "1") {
      // Private customers with their own addresses, and customers' firms.
      int individuals = remaining * 6 / 10;
      for (int i = 0; i < individuals; ++i) {
        int h = add_human(c.id, -1, false);
        make_address(people_[static_cast<std::size_t>(h)], rng_.pick(free_mail_));
      }
      remaining -= individuals;
    } else if (c.id == "3-4") {
      for (int i = 0; i < remaining; ++i) {
        int h = add_human(c.id, -1, false);
        Human& p = people_[static_cast<std::size_t>(h)];
        make_address(p, rng_.pick(free_mail_));
        p.applicant = i % 5 < 2;
        if (!p.applicant && rng_.chance(40)) {
          // An acquaintance who writes from home with the signature of a firm no list names.
          int org = add_org("3-4", false);
          p.org = org;
          orgs_[static_cast<std::size_t>(org)].people.push_back(h);
        }
      }
      continue;
    }
    int per_org = c.id == "3-6" ? 6 : c.id == "2-2-2" ? 12 : c.id == "3-2" ? 7 : 9;
    bool english_share = c.id == "2-1" || c.id == "3-1" || c.id == "3-2";
    while (remaining > 0) {
      bool english = english_share && rng_.chance(25);
      int org = add_org(c.id, english);
      int n = std::min(remaining, rng_.num(std::max(1, per_org / 2), per_org + per_org / 2));
      for (int i = 0; i < n; ++i) {
        int h = add_human(c.id, org, english && rng_.chance(80));
        Human& p = people_[static_cast<std::size_t>(h)];
        if (c.id == "2-2-2" && i >= 3) {
          p.employee = true;  // known from the forms and lists their employer sends
          used_emails_.erase(p.email);
          p.email.clear();
        }
        if (c.id == "3-3" && i == 0 && rng_.chance(60)) {
          p.via_role = "support@" + orgs_[static_cast<std::size_t>(org)].domain;
          used_emails_.erase(p.email);
          p.email.clear();
        }
      }
      remaining -= n;
    }
  }
  // Some people also write from a private address.
  for (Human& h : people_) {
    // Not where a free-mail address would change the category the case gives them.
    // 3-4 people write from a free-mail address already.
    if (h.category == "internal" || h.category == "3-4" || h.category == "3-5" || h.category == "3-6" ||
        h.email.empty() || h.org < 0 || h.english) {
      continue;
    }
    if (rng_.chance(6)) {
      std::string company = h.email;
      make_address(h, rng_.pick(free_mail_));
      h.private_email = h.email;
      h.email = company;
    }
  }
}

}  // namespace leakscan::sample
