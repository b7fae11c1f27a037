// The persons stage: the layout of texts (quotes, attributions, forwarded
// header blocks), records and their attribution, and the resolver's merges
// and refusals, through Scan on small inline messages.
#include <libscan/case.h>
#include <libscan/report.h>
#include <libscan/rules.h>
#include <libscan/scanner.h>

#include "outlook_writer.h"
#include "persons/record_store.h"
#include "persons/text_layout.h"
#include "persons/vcard.h"
#include "test_util.h"
#include "util/distinct_strings.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>

using namespace leakscan;
namespace sample = leakscan::sample;
using leakscan::test::TempDir;

namespace {

const RuleSet& shipped_rules() {
  static const RuleSet rules = RuleSet::load_directory(LEAKSCAN_RULES_DIR);
  return rules;
}

constexpr const char* kCase = R"(
case: test
mailbox_owner: t.tanaka@example-am.co.jp
internal_domains: [example-am.co.jp]
role_addresses: [accounting]
categories:
  - id: "3-1"
    label: administrators
    match:
      domains: [example-admin.com]
  - id: "3-5"
    label: other
    default: true
)";

// Scans `messages` (RFC 5322 text each) with the shipped rules and kCase.
ScanResult scan_messages(const std::vector<std::string>& messages, std::vector<Finding>* all_findings = nullptr,
                         const char* case_text = kCase) {
  TempDir dir;
  CaseDefinition def =
      load_case_file(dir.write("case.yaml", case_text), CaseLists::load(std::string(LEAKSCAN_RULES_DIR) + "/lists"));
  Scanner scanner(shipped_rules(), std::move(def));
  Scan scan(scanner);
  std::vector<Finding> findings;
  std::uint64_t index = 0;
  for (const std::string& text : messages) {
    RawMessage raw;
    raw.index = index++;
    raw.bytes = text;
    Message m = MessageDecoder().decode(raw);
    scan.add(m, findings);
    if (all_findings != nullptr) all_findings->insert(all_findings->end(), findings.begin(), findings.end());
  }
  return scan.finish();
}

const Person* with_email(const ScanResult& r, const std::string& email) {
  for (const Person& p : r.persons) {
    if (std::find(p.emails.begin(), p.emails.end(), email) != p.emails.end()) return &p;
  }
  return nullptr;
}

const Person* named(const ScanResult& r, const std::string& name) {
  for (const Person& p : r.persons) {
    if (std::find(p.names.begin(), p.names.end(), name) != p.names.end()) return &p;
  }
  return nullptr;
}

bool has_item(const Person* p, const std::string& item) {
  return p != nullptr && std::find(p->items.begin(), p->items.end(), item) != p->items.end();
}

// A forward of 山本 花子's mail (her bank account and mobile in it) by
// yamada@example-admin.com: the items are hers, not the forwarder's.
void check_forwarded_items(const ScanResult& r) {
  const Person* yamamoto = with_email(r, "hanako.yamamoto@example-trading.co.jp");
  REQUIRE(yamamoto != nullptr);
  CHECK(yamamoto->name == "山本 花子");
  CHECK(has_item(yamamoto, "phone"));
  CHECK(has_item(yamamoto, "bank_account"));
  const Person* forwarder = with_email(r, "yamada@example-admin.com");
  REQUIRE(forwarder != nullptr);
  CHECK(!has_item(forwarder, "phone"));
  CHECK(!has_item(forwarder, "bank_account"));
}

std::string mail(const std::string& headers, const std::string& body) {
  return headers + "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n" +
         body;
}

}  // namespace

TEST_CASE("layout: quote levels, attribution lines and their authors", "[persons][layout]") {
  TextLayout l = analyse_layout(
      "Thanks, see below.\n\nOn Mon, Apr 1, 2024 at 9:00 AM Taro Yamada <taro@example.com> wrote:\n> Hello,\n> "
      "\n> 2024年3月31日(日) 10:00 佐藤花子 <hanako@example.jp>:\n> > 元の文\n> back\n");
  REQUIRE(l.authors.size() == 2);
  CHECK(l.authors[0].name == "Taro Yamada");
  CHECK(l.authors[0].email == "taro@example.com");
  CHECK(l.authors[1].name == "佐藤花子");
  CHECK(l.authors[1].email == "hanako@example.jp");
  CHECK(l.lines[2].attribution);
  CHECK(l.lines[3].depth == 1);
  CHECK(l.zones[static_cast<std::size_t>(l.lines[3].zone)].author == 0);
  CHECK(l.lines[6].depth == 2);
  CHECK(l.zones[static_cast<std::size_t>(l.lines[6].zone)].author == 1);
  CHECK(l.zones[static_cast<std::size_t>(l.lines[7].zone)].author == 0);  // back at depth 1
  CHECK(l.zones[static_cast<std::size_t>(l.lines[0].zone)].author == LayoutZone::kMessageAuthor);
}

TEST_CASE("layout: Outlook and forward header blocks name the author of what follows", "[persons][layout]") {
  TextLayout l = analyse_layout(
      "FYI\n\n-----Original Message-----\nFrom: 鈴木 一郎 [mailto:suzuki@example-bank.co.jp]\nSent: Monday, April 1, "
      "2024 9:00 AM\nTo: t.tanaka@example-am.co.jp\nSubject: 口座\n\n本文\n");
  REQUIRE(l.authors.size() == 1);
  CHECK(l.authors[0].name == "鈴木 一郎");
  CHECK(l.authors[0].email == "suzuki@example-bank.co.jp");
  CHECK(l.lines[3].header);
  REQUIRE(l.lines.size() == 9);
  CHECK(l.zones[static_cast<std::size_t>(l.lines[8].zone)].author == 0);
  CHECK(l.zones[static_cast<std::size_t>(l.lines[0].zone)].author == LayoutZone::kMessageAuthor);
  // Without a marker, three header lines are needed: a form's "From:" is not a block.
  TextLayout form = analyse_layout("From: Tokyo\nTo: Osaka\n");
  CHECK(form.authors.empty());
}

TEST_CASE("a signature belongs to the sender; staff are internal", "[persons]") {
  ScanResult r = scan_messages(
      {mail("From: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <yamada@example-trading.co.jp>\nTo: t.tanaka@example-am.co.jp\n"
            "Subject: test\nDate: Mon, 1 Apr 2024 09:00:00 +0900\n",
            "田中様\n\nいつもお世話になっております。\n資料を送付します。\n\n--\n株式会社サンプル商事 営業部 "
            "部長\n山田 太郎\n"
            "TEL: 03-1234-5678\n")});
  const Person* yamada = with_email(r, "yamada@example-trading.co.jp");
  REQUIRE(yamada != nullptr);
  CHECK(yamada->name == "山田 太郎");
  CHECK(has_item(yamada, "phone"));
  CHECK(has_item(yamada, "organization"));
  CHECK(has_item(yamada, "department_title"));
  CHECK(yamada->category == "3-5");
  const Person* tanaka = with_email(r, "t.tanaka@example-am.co.jp");
  REQUIRE(tanaka != nullptr);
  CHECK(tanaka->category == "internal");
  CHECK(r.persons_total == 1);
  CHECK(r.internal.persons == 1);
}

TEST_CASE("items in a quoted reply belong to the quoted sender, not to the replier", "[persons]") {
  ScanResult r = scan_messages(
      {mail("From: John Smith <john.smith@example-admin.com>\nTo: t.tanaka@example-am.co.jp\nSubject: Re: KYC\n"
            "Date: Tue, 2 Apr 2024 09:00:00 +0900\n",
            "Noted, thanks.\n\nJohn\n\nOn Mon, Apr 1, 2024 at 9:00 AM Mary Brown <mary.brown@example-fund.com> wrote:\n"
            "> Dear John,\n>\n> Please call me.\n>\n> Best regards,\n> Mary Brown\n> Example Fund LP\n> Tel: +81 "
            "3-4567-8901\n")});
  const Person* mary = with_email(r, "mary.brown@example-fund.com");
  REQUIRE(mary != nullptr);
  CHECK(has_item(mary, "phone"));
  CHECK(has_item(mary, "organization"));
  const Person* john = with_email(r, "john.smith@example-admin.com");
  REQUIRE(john != nullptr);
  CHECK(!has_item(john, "phone"));
  CHECK(john->category == "3-1");
}

TEST_CASE("a form's family lines become family items of its subject; every My Number counts", "[persons]") {
  ScanResult r = scan_messages({mail(
      "From: =?UTF-8?B?55Sw5LitIOS4gOmDjg==?= <t.tanaka@example-am.co.jp>\nTo: hr@example-am.co.jp\n"
      "Subject: 扶養控除等申告書\n"
      "Date: Wed, 3 Apr 2024 09:00:00 +0900\n",
      "扶養控除等申告書の内容です。\n\n氏名：田中 一郎\n個人番号：1234 5678 9018\n配偶者氏名：田中 花子\n続柄：妻\n"
      "配偶者生年月日：昭和62年5月6日\n配偶者の個人番号：2345 6789 0121\n")});
  const Person* tanaka = with_email(r, "t.tanaka@example-am.co.jp");
  REQUIRE(tanaka != nullptr);
  CHECK(tanaka->category == "internal");
  CHECK(has_item(tanaka, "family_name"));
  CHECK(has_item(tanaka, "family_birth_date"));
  CHECK(has_item(tanaka, "relationship"));
  CHECK(has_item(tanaka, "my_number"));
  CHECK(named(r, "田中 花子") == nullptr);  // the spouse is not a person of her own
  CHECK(r.specific_personal_information == 2);
  CHECK(r.persons_total == 0);
}

TEST_CASE("role addresses and bulk senders are not persons", "[persons]") {
  ScanResult r = scan_messages(
      {mail("From: Example News <news@example-news.jp>\nTo: t.tanaka@example-am.co.jp\nList-Id: <w.example-news.jp>\n"
            "Subject: letter\n",
            "This week.\n\n--\n編集部 山田 太郎\nTEL 03-1234-5678\n"),
       mail("From: Support <support@example-vendor.co.jp>\nTo: t.tanaka@example-am.co.jp\nSubject: ticket\n", "ok\n"),
       mail("From: Ichiro Tanaka <t.tanaka@example-am.co.jp>\nTo: accounting@example-am.co.jp, "
            "newsletter@example.com\nSubject: fwd\n",
            "see attached\n")});
  CHECK(r.persons_total == 0);
  CHECK(with_email(r, "news@example-news.jp") == nullptr);
  CHECK(with_email(r, "support@example-vendor.co.jp") == nullptr);
  CHECK(named(r, "山田 太郎") == nullptr);
}

TEST_CASE("one human under a company and a private address is one person", "[persons]") {
  ScanResult r = scan_messages(
      {mail("From: =?UTF-8?B?5L2Q6JekIOiKseWtkA==?= <sato.hanako@example-fund.com>\nTo: t.tanaka@example-am.co.jp\n"
            "Subject: a\n",
            "ご確認ください。\n\n--\n株式会社サンプルファンド\n佐藤 花子\nTEL: 03-2345-6789\n"),
       mail("From: hanako.private@example-isp.ne.jp\nTo: t.tanaka@example-am.co.jp\nSubject: b\n",
            "私用アドレスから失礼します。\n\n--\n株式会社サンプルファンド\n佐藤 花子\n")});
  const Person* company = with_email(r, "sato.hanako@example-fund.com");
  REQUIRE(company != nullptr);
  CHECK(company == with_email(r, "hanako.private@example-isp.ne.jp"));
  CHECK(r.persons_total == 1);
  PersonEvidence evidence = r.evidence(static_cast<std::size_t>(company - r.persons.data()));
  bool reasoned = std::any_of(evidence.merges.begin(), evidence.merges.end(), [](const MergeEvidence& m) {
    return m.reason == "same full name and organization, phone or firm domain";
  });
  CHECK(reasoned);
}

TEST_CASE("two humans with one name at two firms stay two; conflicting My Numbers are never merged", "[persons]") {
  ScanResult r = scan_messages(
      {mail("From: a@example-one.co.jp\nTo: t.tanaka@example-am.co.jp\nSubject: a\n",
            "よろしくお願いします。\n\n--\n株式会社ワン\n佐藤 健一\n"),
       mail("From: b@example-two.co.jp\nTo: t.tanaka@example-am.co.jp\nSubject: b\n",
            "よろしくお願いします。\n\n--\n株式会社ツー\n佐藤 健一\n"),
       mail("From: t.tanaka@example-am.co.jp\nTo: c@example-three.co.jp\nSubject: c\n",
            "書類です。\n\n氏名：鈴木 次郎\n生年月日：1980年1月2日\n個人番号：1234 5678 9018\n会社名：株式会社スリー\n"
            "\n別件です。\n\n氏名：鈴木 次郎\n生年月日：1975年3月4日\n個人番号：2345 6789 "
            "0121\n会社名：株式会社スリー\n")});
  CHECK(with_email(r, "a@example-one.co.jp") != with_email(r, "b@example-two.co.jp"));
  int suzuki = 0;
  for (const Person& p : r.persons) suzuki += std::count(p.names.begin(), p.names.end(), "鈴木 次郎") > 0;
  CHECK(suzuki == 2);
}

TEST_CASE("rows of an attached CSV are persons without an address of their own", "[persons]") {
  std::string m =
      "From: t.tanaka@example-am.co.jp\nTo: j.smith@example-admin.com\nSubject: list\nMIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nAttached.\n--b\n"
      "Content-Type: text/csv; charset=utf-8\nContent-Disposition: attachment; filename=list.csv\n\n"
      "氏名,会社名,電話番号\n高橋 美咲,株式会社サンプル商事,03-3456-7890\n伊藤 "
      "翔太,株式会社テスト物産,090-1234-5678\n--b--\n";
  std::vector<Finding> findings;
  ScanResult r = scan_messages({m}, &findings);
  const Person* takahashi = named(r, "高橋 美咲");
  REQUIRE(takahashi != nullptr);
  CHECK(takahashi->emails.empty());
  CHECK(has_item(takahashi, "phone"));
  CHECK(has_item(takahashi, "organization"));
  CHECK(named(r, "伊藤 翔太") != nullptr);
  CHECK(r.persons_total == 3);  // the two rows and j.smith
  bool table_name = std::any_of(findings.begin(), findings.end(), [](const Finding& f) {
    return f.rule == "record.table_column" && f.item == "name" && f.value == "高橋 美咲";
  });
  CHECK(table_name);
  for (const Finding& f : findings) {
    if (f.value == "高橋 美咲") CHECK(r.persons[static_cast<std::size_t>(r.person_of(f))].name == "高橋 美咲");
  }
}

TEST_CASE("a salutation's name joins the recipient it greets", "[persons]") {
  ScanResult r = scan_messages({mail("From: t.tanaka@example-am.co.jp\nTo: k.ito@example-admin.com\nSubject: a\n",
                                     "株式会社サンプル管理\n伊藤 健一様\n\nいつもお世話になっております。\n")});
  const Person* ito = with_email(r, "k.ito@example-admin.com");
  REQUIRE(ito != nullptr);
  CHECK(ito->name == "伊藤 健一");
  CHECK(has_item(ito, "organization"));
}

TEST_CASE("a scan gives the same persons, ids and attributions every time", "[persons]") {
  std::vector<std::string> messages = {
      mail("From: B <b@example-b.co.jp>\nTo: t.tanaka@example-am.co.jp\nSubject: x\n", "x\n"),
      mail("From: A <a@example-admin.com>\nTo: t.tanaka@example-am.co.jp, b@example-b.co.jp\nSubject: y\n", "y\n")};
  ScanResult one = scan_messages(messages), two = scan_messages(messages);
  REQUIRE(one.persons.size() == two.persons.size());
  for (std::size_t i = 0; i < one.persons.size(); ++i) {
    CHECK(one.persons[i].id == two.persons[i].id);
    CHECK(one.persons[i].emails == two.persons[i].emails);
  }
  // Case order first: the administrator (3-1) is P0001 though seen second.
  CHECK(one.persons[0].emails == std::vector<std::string>{"a@example-admin.com"});
  CHECK(one.persons[0].id == "P0001");
}

TEST_CASE("vCard: folded lines, parameters, quoted-printable, components", "[persons][vcard]") {
  std::string text =
      "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8:山田;太郎;;;\r\nFN:山田 太郎\r\n"
      "ORG:株式会社サンプル商事;営業部\r\nTITLE:部長\r\nTEL;TYPE=WORK:03-1234-\r\n 5678\r\n"
      "item1.EMAIL;TYPE=INTERNET:yamada@example-trading.co.jp\r\n"
      "ADR;ENCODING=QUOTED-PRINTABLE:;;=E4=B8=B8=E3=81=AE=E5=86=851-1;=E5=8D=83=E4=BB=A3=E7=94=B0=E5=8C=BA;=\r\n"
      "=E6=9D=B1=E4=BA=AC=E9=83=BD;100-0005;Japan\r\nEND:VCARD\r\n";
  std::vector<VCard> cards = parse_vcards(text);
  REQUIRE(cards.size() == 1);
  std::map<std::string, std::string> fields;
  for (const VCardField& f : cards[0].fields) fields[f.name] = f.value;
  CHECK(fields["N"] == "山田 太郎");
  CHECK(fields["FN"] == "山田 太郎");
  CHECK(fields["ORG"] == "株式会社サンプル商事 営業部");
  CHECK(fields["TEL"] == "03-1234-5678");
  CHECK(fields["EMAIL"] == "yamada@example-trading.co.jp");
  CHECK(fields["ADR"] == "丸の内1-1 千代田区 東京都 100-0005 Japan");
  CHECK(is_vcard("text/x-vcard", ""));
  CHECK(is_vcard("application/octet-stream", "Taro Yamada.VCF"));
}

TEST_CASE("an attached vCard is a record of its person, tied to the sender it names", "[persons][vcard]") {
  std::string m =
      "From: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <yamada@example-admin.com>\nTo: t.tanaka@example-am.co.jp\nSubject: "
      "card\n"
      "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nMy card.\n--b\n"
      "Content-Type: text/vcard; charset=utf-8\nContent-Disposition: attachment; filename=yamada.vcf\n\n"
      "BEGIN:VCARD\nVERSION:3.0\nFN:山田 太郎\nORG:株式会社サンプル商事\nTITLE:営業部長\nTEL:03-1234-5678\n"
      "EMAIL:taro.private@example-isp.ne.jp\nEND:VCARD\n--b--\n";
  ScanResult r = scan_messages({m});
  const Person* yamada = with_email(r, "yamada@example-admin.com");
  REQUIRE(yamada != nullptr);
  CHECK(yamada == with_email(r, "taro.private@example-isp.ne.jp"));
  CHECK(has_item(yamada, "organization"));
  CHECK(has_item(yamada, "department_title"));
  CHECK(has_item(yamada, "phone"));
  CHECK(r.persons_total == 1);
}

TEST_CASE("an out-of-office answer is a person's; a message marked as spam is nobody's", "[persons]") {
  ScanResult r = scan_messages(
      {mail("From: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <yamada@example-admin.com>\nTo: t.tanaka@example-am.co.jp\n"
            "Auto-Submitted: auto-replied\nSubject: =?UTF-8?B?5LiN5Zyo?=\n",
            "ただいま不在にしております。\n"),
       mail("From: Lucky Winner <winner@example-prize.com>\nTo: t.tanaka@example-am.co.jp\nX-Spam-Flag: YES\n"
            "Subject: You won\n",
            "Claim now.\n\nBest regards,\nJohn Smith\nTel: +1 212 555 0100\n")});
  CHECK(with_email(r, "yamada@example-admin.com") != nullptr);
  CHECK(with_email(r, "winner@example-prize.com") == nullptr);
  CHECK(r.persons_total == 1);
}

TEST_CASE("a message attached as an .eml file is read as its sender's, not the forwarder's", "[persons][message]") {
  std::string attached = mail(
      "From: =?UTF-8?B?5bGx5pysIOiKseWtkA==?= <hanako.yamamoto@example-trading.co.jp>\nTo: "
      "t.tanaka@example-am.co.jp\nSubject: info\nDate: Tue, 5 May 2020 10:00:00 +0900\n",
      "田中様\n\n振込先をお知らせします。\nみずほ銀行 渋谷支店 普通 1234567\n\n山本 花子\n携帯 090-1111-2222\n");
  ScanResult r = scan_messages(
      {leakscan::test::with_attachment("fwd.eml", "application/octet-stream", attached, "転送します。\n")});
  check_forwarded_items(r);
}

TEST_CASE("an Outlook item attached inside a winmail.dat is its sender's", "[persons][tnef]") {
  sample::OutlookItem item;
  item.subject = "口座";
  item.sender_name = "山本 花子";
  item.sender_email = "hanako.yamamoto@example-trading.co.jp";
  item.body = "田中様\n\n振込先：みずほ銀行 渋谷支店 普通 1234567\n\n山本 花子\n携帯 090-1111-2222\n";
  sample::OutlookItem wrapper;
  wrapper.body = "転送します。\n";
  wrapper.messages = {item};
  ScanResult r = scan_messages({leakscan::test::with_attachment("winmail.dat", "application/ms-tnef",
                                                                sample::make_tnef(wrapper), "転送します。\n")});
  check_forwarded_items(r);
}

TEST_CASE("a forwarded Outlook .msg file is its sender's", "[persons][msg]") {
  sample::OutlookItem item;
  item.subject = "口座";
  item.sender_name = "山本 花子";
  item.sender_email = "hanako.yamamoto@example-trading.co.jp";
  item.to = {{"田中 太郎", "t.tanaka@example-am.co.jp"}};
  item.body = "田中様\n\n振込先：みずほ銀行 渋谷支店 普通 1234567\n\n山本 花子\n携帯 090-1111-2222\n";
  ScanResult r = scan_messages({leakscan::test::with_attachment("口座.msg", "application/vnd.ms-outlook",
                                                                sample::make_msg(item), "転送します。\n")});
  check_forwarded_items(r);
}

TEST_CASE("an Outlook contact, as a .msg file or in a winmail.dat, is a contact card", "[persons][msg][tnef]") {
  sample::OutlookContact contact;
  contact.surname = "山本";
  contact.given_name = "花子";
  contact.display_name = "山本 花子";
  contact.company = "株式会社例示商事";
  contact.department = "営業部";
  contact.title = "課長";
  contact.email = "hanako.yamamoto@example-trading.co.jp";
  contact.mobile_phone = "090-1111-2222";
  contact.home_postal_code = "150-0002";
  contact.home_state = "東京都";
  contact.home_city = "渋谷区";
  contact.home_street = "渋谷2-1-1";
  contact.birthday = "1985-04-01";
  sample::OutlookItem item = sample::outlook_contact(contact);
  sample::OutlookItem wrapper;
  wrapper.body = "連絡先を送ります。\n";
  wrapper.messages = {item};
  for (const std::string& message : {leakscan::test::with_attachment("山本 花子.msg", "application/vnd.ms-outlook",
                                                                     sample::make_msg(item), "連絡先です。\n"),
                                     leakscan::test::with_attachment("winmail.dat", "application/ms-tnef",
                                                                     sample::make_tnef(item), "連絡先です。\n"),
                                     leakscan::test::with_attachment("winmail.dat", "application/ms-tnef",
                                                                     sample::make_tnef(wrapper), "連絡先です。\n")}) {
    ScanResult r = scan_messages({message});
    const Person* yamamoto = with_email(r, "hanako.yamamoto@example-trading.co.jp");
    REQUIRE(yamamoto != nullptr);
    CHECK(yamamoto->name == "山本 花子");
    for (const char* item_id : {"name", "email", "organization", "department_title", "phone", "address", "birth_date"})
      CHECK(has_item(yamamoto, item_id));
    PersonEvidence evidence = r.evidence(static_cast<std::size_t>(yamamoto - r.persons.data()));
    REQUIRE(!evidence.records.empty());
    CHECK(yamamoto->records == evidence.records.size());
    CHECK(evidence.records.front().kind == "vcard");
    const Person* sender = with_email(r, "yamada@example-admin.com");
    REQUIRE(sender != nullptr);
    CHECK(!has_item(sender, "phone"));
    CHECK(!has_item(sender, "birth_date"));
  }
}

TEST_CASE("an Outlook appointment's place is found and is its organizer's, as an invitation's is", "[persons][msg]") {
  sample::OutlookAppointment visit;
  visit.subject = "ご自宅訪問";
  visit.location = "東京都世田谷区桜新町1-2-3";
  visit.start = 1711933200;
  visit.organizer_name = "鈴木 一郎";
  visit.organizer_email = "ichiro.suzuki@example-bank.co.jp";
  visit.attendees = {{"山田 太郎", "taro.yamada@example.jp"}};
  visit.meeting_request = true;
  std::vector<Finding> findings;
  ScanResult r = scan_messages(
      {leakscan::test::with_attachment("訪問.msg", "application/vnd.ms-outlook",
                                       sample::make_msg(sample::outlook_appointment(visit)), "予定を転送します。\n")},
      &findings);
  CHECK(std::any_of(findings.begin(), findings.end(), [](const Finding& f) {
    return f.item == "address" && f.part == "2#appointment" && f.value.find("世田谷区") != std::string::npos;
  }));
  const Person* suzuki = with_email(r, "ichiro.suzuki@example-bank.co.jp");
  REQUIRE(suzuki != nullptr);
  CHECK(has_item(suzuki, "address"));
}

TEST_CASE("an invitation's organizer and attendees are records; its description is the organizer's",
          "[persons][calendar]") {
  std::string ics =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
      "ORGANIZER;CN=\"鈴木 一郎\":mailto:ichiro.suzuki@example-bank.co.jp\r\n"
      "ATTENDEE;ROLE=REQ-PARTICIPANT;CN=\"山田 太郎\";RSVP=TRUE:mailto:taro.ya\r\n"
      " mada@example-trading.co.jp\r\n"
      "ATTENDEE;CUTYPE=RESOURCE;CN=会議室A:mailto:accounting@example-am.co.jp\r\n"
      "SUMMARY:口座開設のご相談\r\nLOCATION:本店 5F\r\n"
      "DESCRIPTION:当日の連絡先：鈴木 090-7777-8888\\n持ち物：本人確認書類\r\n"
      "BEGIN:VALARM\r\nACTION:EMAIL\r\nATTENDEE:mailto:alarm@example.com\r\nEND:VALARM\r\n"
      "END:VEVENT\r\nEND:VCALENDAR\r\n";
  std::string message =
      "From: =?UTF-8?B?6Yi05pyoIOS4gOmDjg==?= <ichiro.suzuki@example-bank.co.jp>\nTo: t.tanaka@example-am.co.jp\n"
      "Subject: invitation\nDate: Mon, 1 Apr 2024 09:00:00 +0900\nMIME-Version: 1.0\n"
      "Content-Type: text/calendar; charset=UTF-8; method=REQUEST\nContent-Transfer-Encoding: 8bit\n\n" +
      ics;
  ScanResult r = scan_messages({message});
  const Person* yamada = with_email(r, "taro.yamada@example-trading.co.jp");
  REQUIRE(yamada != nullptr);
  CHECK(yamada->name == "山田 太郎");
  CHECK(!has_item(yamada, "phone"));
  const Person* suzuki = with_email(r, "ichiro.suzuki@example-bank.co.jp");
  REQUIRE(suzuki != nullptr);
  CHECK(has_item(suzuki, "phone"));
  CHECK(with_email(r, "accounting@example-am.co.jp") == nullptr);  // a room's role address
  CHECK(with_email(r, "alarm@example.com") == nullptr);            // an alarm's recipient is no participant

  // The same invitation attached as a file sent as binary.
  ScanResult attached = scan_messages({leakscan::test::with_attachment("invite.ics", "application/octet-stream", ics)});
  CHECK(with_email(attached, "taro.yamada@example-trading.co.jp") != nullptr);
}

namespace {

RecordDraft signature_draft(std::string name, std::string phone) {
  RecordDraft d;
  d.kind = RecordKind::kSignature;
  d.where = "1@10-40";
  d.emails = {"y.takeda@example-bank.co.jp"};
  d.names = {{name, "takeda yoko", true, "takeda yoko"}};
  d.organizations = {"Example Bank"};
  d.phones = {std::move(phone)};
  d.identifiers = {{"passport_number", "TK1234567"}};
  d.items = 0x15;
  return d;
}

Message message_at(std::uint64_t index, std::uint64_t offset, std::string id) {
  Message m;
  m.input = 1;
  m.index = index;
  m.offset = offset;
  m.envelope.message_id = std::move(id);
  return m;
}

}  // namespace

TEST_CASE("the record store keeps one record per distinct draft, with where it was first seen", "[persons][store]") {
  RecordStore store;
  RecordDraft sig = signature_draft("竹田 陽子", "+81312345678");
  RecordDraft sender;
  sender.kind = RecordKind::kHeader;
  sender.where = "header:From";
  sender.emails = {"y.takeda@example-bank.co.jp"};
  sender.about = true;
  sig.tie = 0;
  sig.tie_reason = "signature of the sender";
  std::vector<std::int64_t> first = store.add(message_at(0, 0, "a@x"), 0, {sender, sig});
  // The same two drafts again, the signature's name read another way: the
  // text is what makes it the same record.
  RecordDraft again = sig;
  again.names[0].reading = "takeda youko";
  again.where = "2@0-30";
  std::vector<std::int64_t> second = store.add(message_at(5, 900, "b@x"), 1, {sender, again});
  REQUIRE(first == second);
  REQUIRE(store.size() == 2);
  REQUIRE(store.occurrences(0) == 2);
  REQUIRE(store.occurrences(1) == 2);
  Record r = store.record(1);
  CHECK(r.kind == RecordKind::kSignature);
  CHECK(r.names.size() == 1);
  CHECK(r.names[0].text == "竹田 陽子");
  CHECK(r.names[0].key == "takeda yoko");
  CHECK(r.names[0].reading == "takeda yoko");
  CHECK(r.names[0].full);
  CHECK(r.emails == std::vector<std::string>{"y.takeda@example-bank.co.jp"});
  CHECK(r.organizations == std::vector<std::string>{"Example Bank"});
  CHECK(r.phones == std::vector<std::string>{"+81312345678"});
  CHECK(r.identifiers == std::vector<std::pair<std::string, std::string>>{{"passport_number", "TK1234567"}});
  CHECK(r.items == 0x15);
  CHECK_FALSE(r.not_person);
  CHECK(r.input == 1);
  CHECK(r.message == 0);
  CHECK(r.message_offset == 0);
  CHECK(r.message_id == "a@x");
  CHECK(r.where == "1@10-40");
  REQUIRE(store.ties().size() == 1);
  CHECK(store.ties()[0].from == 1);
  CHECK(store.ties()[0].to == 0);
  CHECK(store.tie_reason(store.ties()[0]) == "signature of the sender");
  // Seen in messages 0 and 1, the sender's header about them both times.
  std::vector<Occurrence> seen;
  store.for_each_occurrence([&](const Occurrence& o) { seen.push_back(o); });
  REQUIRE(seen.size() == 4);
  CHECK(seen[0].record == 0);
  CHECK(seen[0].message == 0);
  CHECK(seen[1].record == 1);
  CHECK_FALSE(seen[1].about);
  CHECK(seen[2].record == 0);
  CHECK(seen[2].message == 1);
  CHECK(seen[2].about);

  SECTION("a different phone is a different record") {
    std::vector<std::int64_t> ids =
        store.add(message_at(6, 1000, "c@x"), 2, {signature_draft("竹田 陽子", "+81399999999")});
    CHECK(ids == std::vector<std::int64_t>{2});
  }
  SECTION("a per-message draft is never shared across messages, but is within one") {
    RecordDraft alone;
    alone.names = {{"中山 陽子", "nakayama yoko", true, ""}};
    alone.per_message = true;
    alone.where = "1@0-9";
    std::vector<std::int64_t> a = store.add(message_at(7, 1100, "d@x"), 2, {alone, alone});
    std::vector<std::int64_t> b = store.add(message_at(8, 1200, "e@x"), 3, {alone});
    CHECK(a == std::vector<std::int64_t>{2, 2});
    CHECK(b == std::vector<std::int64_t>{3});
    CHECK(store.occurrences(2) == 1);
  }
  SECTION("a draft that differs only in the tie is another record") {
    RecordDraft untied = sig;
    untied.tie = -1;
    untied.tie_reason.clear();
    std::vector<std::int64_t> ids = store.add(message_at(9, 1300, "f@x"), 2, {untied});
    CHECK(ids == std::vector<std::int64_t>{2});
    CHECK(store.ties().size() == 1);
  }
}

TEST_CASE("the record store reads back every record across chunks, large ones too", "[persons][store]") {
  TempDir dir;
  bool spilled = GENERATE(false, true);
  INFO("chunks written to a file: " << spilled);
  RecordStore store(spilled ? dir.path().string() : "");
  std::vector<RecordDraft> drafts;
  for (int i = 0; i < 20000; ++i) {
    RecordDraft d = signature_draft("Yoko Takeda", "+8131234" + std::to_string(i));
    d.where = "1@" + std::to_string(i);
    if (i == 7000) d.organizations.push_back(std::string(3 << 20, 'x'));  // larger than a chunk
    drafts.push_back(std::move(d));
  }
  std::vector<std::int64_t> ids = store.add(message_at(0, 0, "big@x"), 0, drafts);
  REQUIRE(store.size() == 20000);
  Record r;
  for (std::uint32_t i = 0; i < 20000; ++i) {
    REQUIRE(ids[i] == static_cast<std::int64_t>(i));
    store.read(i, r);
    REQUIRE(r.phones == std::vector<std::string>{"+8131234" + std::to_string(i)});
    REQUIRE(r.where == "1@" + std::to_string(i));
    REQUIRE(r.organizations.size() == (i == 7000 ? 2u : 1u));
  }
  CHECK(store.record(7000).organizations[1].size() == (3u << 20));
  std::uint32_t visited = 0;
  store.for_each([&](std::uint32_t id, const Record& rec) {
    REQUIRE(id == visited++);
    REQUIRE(rec.where == "1@" + std::to_string(id));
  });
  CHECK(visited == 20000);
  // Each found again, not added again: the match is confirmed on bytes read back.
  CHECK(store.add(message_at(1, 10, "again@x"), 1, drafts) == ids);
  CHECK(store.size() == 20000);
  // The file is unlinked at once: nothing is left in the directory.
  CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("a record store that cannot make its file is an OutputError", "[persons][store]") {
  CHECK_THROWS_AS(RecordStore("/nonexistent-directory-of-leakscan"), OutputError);
}

TEST_CASE("distinct strings keep first-added order and find every string, short lists and long", "[persons][store]") {
  DistinctStrings phones;
  std::vector<std::string> expected;
  for (int i = 0; i < 5000; ++i) {
    std::string phone = "+813" + std::to_string(i * 7919 % 100000);
    CHECK(phones.add(phone) == (std::find(expected.begin(), expected.end(), phone) == expected.end()));
    if (expected.empty() || std::find(expected.begin(), expected.end(), phone) == expected.end()) {
      expected.push_back(phone);
    }
    CHECK_FALSE(phones.add(phone));                  // the second time
    if (i == 10) CHECK(phones.items() == expected);  // still a list scanned in order
  }
  CHECK(phones.items() == expected);
  for (const std::string& p : expected) REQUIRE(phones.contains(p));
  CHECK_FALSE(phones.contains("+81x"));
  CHECK_FALSE(phones.contains(""));
  DistinctStrings copy = phones;
  CHECK(copy.add("+81x"));
  CHECK_FALSE(phones.contains("+81x"));
  DistinctStrings other;
  other.add("+81y");
  CHECK(phones.disjoint(other));
  other.add(expected[4321]);
  CHECK_FALSE(phones.disjoint(other));
  CHECK_FALSE(other.disjoint(phones));
  phones.clear();
  CHECK(phones.empty());
  CHECK(phones.add(expected[0]));
}

// Keywords are matched in the text the rules see, and put in that form
// themselves: full-width letters, dash-like characters and quote marks read
// alike in the case file and in the mail.
TEST_CASE("case keywords match the normalised text: full-width letters, dashes, quoted replies", "[persons][case]") {
  constexpr const char* kKeywordCase = R"(
case: keywords
internal_domains: [example-am.co.jp]
categories:
  - id: "kyc"
    label: account opening
    match:
      keywords: ["口座-開設", "ＫＹＣ"]
  - id: "other"
    label: other
    default: true
)";
  auto message = [](const std::string& from, const std::string& body) {
    return "From: " + from + "\nTo: t.tanaka@example-am.co.jp\nSubject: s\n" +
           "Content-Type: text/plain; charset=utf-8\n\n" + body;
  };
  ScanResult r = scan_messages(
      {message("a@example.com", "口座\u2010開設のご案内です。\n"),
       message("b@example.com", "> 先日の件\n> kyc の書類\n"), message("c@example.com", "口座のご案内です。\n")},
      nullptr, kKeywordCase);
  const Person* a = with_email(r, "a@example.com");
  const Person* b = with_email(r, "b@example.com");
  const Person* c = with_email(r, "c@example.com");
  REQUIRE(a != nullptr);
  REQUIRE(b != nullptr);
  REQUIRE(c != nullptr);
  CHECK(a->category == "kyc");
  CHECK(b->category == "kyc");
  CHECK(c->category == "other");
}
