// The case stage: case files and their lists (bad files and their exact
// errors), the keys names and organizations are compared under, and the
// classifier's order of matchers.
#include <libscan/case.h>
#include <libscan/error.h>

#include "classify/classifier.h"
#include "persons/keys.h"
#include "test_util.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace leakscan;
using leakscan::test::TempDir;

namespace {

const CaseLists& shipped_lists() {
  static const CaseLists lists = CaseLists::load(std::string(LEAKSCAN_RULES_DIR) + "/lists");
  return lists;
}

CaseDefinition load_text(const TempDir& dir, const std::string& yaml) {
  return load_case_file(dir.write("case.yaml", yaml), shipped_lists());
}

Placement place(const CaseDefinition& def, PersonFacts facts) { return Classifier(def).place(facts); }

}  // namespace

TEST_CASE("bad case files are refused with file, line and field", "[case]") {
  std::string dir = LEAKSCAN_BAD_CASES_DIR;
  std::ifstream table(dir + "/expected-errors.tsv");
  std::string line;
  int checked = 0;
  while (std::getline(table, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::size_t tab = line.find('\t');
    std::string file = dir + "/" + line.substr(0, tab);
    std::string expected = line.substr(tab + 1);
    if (std::size_t at = expected.find("FILE"); at != std::string::npos) expected.replace(at, 4, file);
    if (std::size_t at = expected.find("DIR"); at != std::string::npos) expected.replace(at, 3, dir);
    INFO(file);
    try {
      load_case_file(file, shipped_lists());
      FAIL("accepted");
    } catch (const ConfigError& e) {
      CHECK(std::string(e.what()) == expected);
    }
    ++checked;
  }
  CHECK(checked == 16);
}

TEST_CASE("the shipped default case and the sample's case load", "[case]") {
  CaseDefinition def = load_case_file(std::string(LEAKSCAN_RULES_DIR) + "/case/default.yaml", shipped_lists());
  REQUIRE(def.categories.size() == 10);
  CHECK(def.categories[def.default_category()].id == "3-5");
  CHECK(def.categories.back().id == "3-6");  // listed after the default, as in the reference report
  CaseDefinition sample =
      load_case_file(std::string(LEAKSCAN_SOURCE_DIR) + "/samples/basic/case.yaml", shipped_lists());
  CHECK(sample.mailbox_owner == "t.tanaka@example-am.co.jp");
  CHECK(sample.internal_domains == std::vector<std::string>{"example-am.co.jp"});
  CHECK(sample.since == "2022-04-28");
  CHECK(sample.until == "2024-05-13");
}

TEST_CASE("list files: CSV by column with a BOM and CRLF, plain files with comments", "[case]") {
  TempDir dir;
  dir.write("lists/customers.csv",
            "\xEF\xBB\xBF"
            "氏名,メールアドレス,会社名\r\n山田 太郎,Yamada@Example-Trading.co.jp,株式会社サンプル商事\r\n"
            "\"Smith, John\",,Example Fund LP\r\n");
  dir.write("lists/domains.txt", "# administrators\n\nexample-admin.com\n@example-law.jp\n");
  dir.write("lists/orgs.txt", "サンプル法律事務所\n㈱テスト物産\n");
  CaseDefinition def = load_text(dir, R"(
categories:
  - id: "1"
    label: customers
    match:
      emails_file: lists/customers.csv
  - id: "3-1"
    label: administrators
    match:
      domains_file: lists/domains.txt
      organizations_file: lists/orgs.txt
  - id: "3-5"
    label: other
    default: true
)");
  const CategoryMatch& customers = def.categories[0].match;
  REQUIRE(customers.emails.size() == 1);
  CHECK(customers.emails[0].value == "yamada@example-trading.co.jp");
  CHECK(customers.emails[0].source == "emails_file lists/customers.csv");
  REQUIRE(customers.named_people.size() == 2);
  CHECK(customers.named_people[0].name_key == "山田太郎");
  CHECK(customers.named_people[0].organization_key == "サンプル商事");
  CHECK(customers.named_people[1].name_key == "john smith");
  const CategoryMatch& admins = def.categories[1].match;
  REQUIRE(admins.domains.size() == 2);
  CHECK(admins.domains[1].value == "example-law.jp");
  REQUIRE(admins.organizations.size() == 2);
  CHECK(admins.organizations[1].value == "テスト物産");
}

TEST_CASE("keys: names, organizations, addresses and phones meet in one spelling", "[case][keys]") {
  CHECK(name_key("山田 太郎") == name_key("山田太郎"));
  CHECK(name_key("山田　太郎様") == "山田太郎");
  CHECK(name_key("Taro Yamada") == name_key("YAMADA Taro"));
  CHECK(name_key("Yamada, Taro") == "taro yamada");
  CHECK(name_key("Mr. John A. Smith") == "john smith");
  const auto& forms = shipped_lists().legal_forms;
  CHECK(organization_key("株式会社サンプル商事", forms) == "サンプル商事");
  CHECK(organization_key("サンプル商事株式会社", forms) == "サンプル商事");
  CHECK(organization_key("㈱サンプル商事", forms) == "サンプル商事");
  CHECK(organization_key("Sample Capital Partners, Inc.", forms) == "samplecapitalpartners");
  CHECK(organization_key("Test Trading Co., Ltd.", forms) == "testtrading");
  CHECK(organization_key("Alpha Partners LP", forms) == "alphapartners");  // "lp" only as a word
  CHECK(organization_key("サンプル法律事務所", forms) == "サンプル法律事務所");
  CHECK(email_key(" <Taro.Yamada@Example.CO.JP> ") == "taro.yamada@example.co.jp");
  CHECK(email_key("not an address").empty());
  CHECK(domain_within("mail.example.co.jp", "example.co.jp"));
  CHECK(!domain_within("badexample.co.jp", "example.co.jp"));
  CHECK(phone_key("03-1234-5678") == "81312345678");
  CHECK(phone_key("+81 3-1234-5678") == "81312345678");
  CHECK(phone_key("090-1234-5678") == "819012345678");
  CHECK(katakana_romaji("サイトウ") == "saitou");
  CHECK(katakana_romaji("ジュンイチ") == "junichi");
  CHECK(katakana_romaji("キョウコ") == "kyouko");
  CHECK(katakana_romaji("シュンスケ") == "shunsuke");
  CHECK(katakana_romaji("ハットリ") == "hattori");
  CHECK(katakana_romaji("サトー") == "sato");
  CHECK(katakana_romaji("abc").empty());
  CHECK(romaji_key("saitou junichi") == "junichi saito");
  CHECK(romaji_key("junichi saitoh") == "junichi saito");
  CHECK(romaji_key("kyouko oono") == "kyoko ono");
}

TEST_CASE("classifier: internal first, then categories in order, the default last wherever it stands", "[case]") {
  TempDir dir;
  CaseDefinition def = load_text(dir, R"(
mailbox_owner: owner@example-private.jp
internal_domains: [example-am.co.jp]
free_mail_domains: [example-isp.ne.jp]
categories:
  - id: "1"
    label: customers
    match:
      emails: [vip@gmail.com]
  - id: "3-1"
    label: administrators
    match:
      domains: [example-admin.com]
      organizations: [サンプル法律事務所]
  - id: "3-5"
    label: other
    default: true
  - id: "3-6"
    label: regulators
    match:
      domain_suffixes: [go.jp]
  - id: "3-4"
    label: free mail
    match:
      free_mail: true
      keywords: [履歴書]
)");
  CHECK(place(def, {{"a@example-am.co.jp"}, {}, {}, {}, {}}).internal);
  CHECK(place(def, {{"owner@example-private.jp"}, {}, {}, {}, {}}).internal);
  Placement vip = place(def, {{"vip@gmail.com"}, {}, {}, {}, {}});
  CHECK(def.categories[vip.category].id == "1");
  CHECK(vip.matcher == "emails");
  Placement sub = place(def, {{"x@tokyo.example-admin.com"}, {}, {}, {}, {}});
  CHECK(def.categories[sub.category].id == "3-1");
  CHECK(sub.value == "tokyo.example-admin.com");
  Placement law = place(def, {{}, {}, {organization_key("株式会社サンプル法律事務所", def.lists.legal_forms)}, {}, {}});
  CHECK(def.categories[law.category].id == "3-1");
  CHECK(def.categories[place(def, {{"x@fsa.go.jp"}, {}, {}, {}, {}}).category].id == "3-6");
  Placement gmail = place(def, {{"someone@gmail.com"}, {}, {}, {}, {}});
  CHECK(def.categories[gmail.category].id == "3-4");
  CHECK(gmail.matcher == "free_mail");
  CHECK(def.categories[place(def, {{"x@mail.example-isp.ne.jp"}, {}, {}, {}, {}}).category].id == "3-4");
  Placement other = place(def, {{"x@example.com"}, {}, {}, {}, {}});
  CHECK(def.categories[other.category].id == "3-5");
  CHECK(other.matcher == "default");
  // Keywords count in mail the person sent or was the subject of.
  Classifier classifier(def);
  std::vector<std::uint16_t> found;
  classifier.find_keywords(nfkc_lower("【履歴書】応募書類の送付"), found);
  REQUIRE(found.size() == 1);
  Placement applicant = classifier.place({{"x@example.com"}, {}, {}, {}, found});
  CHECK(def.categories[applicant.category].id == "3-4");
  CHECK(applicant.value == "履歴書");
}
