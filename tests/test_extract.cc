// The extraction stage: attachments to text. Office documents, archives and
// text attached as binary, each built here with known personal data, read
// through the decoder, checked item by item with the shipped rules, and the
// archives that must stop at the limits.
#include <libscan/case.h>
#include <libscan/rules.h>
#include <libscan/scanner.h>

#include "extract/extractor.h"
#include "extract/office.h"
#include "extract/rtf.h"
#include "extract/tnef.h"
#include "legacy_office_writer.h"
#include "mime/charset.h"
#include "office_writer.h"
#include "ole_writer.h"
#include "outlook_writer.h"
#include "test_util.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace leakscan;
using leakscan::test::decode_bytes;
using leakscan::test::find_part;
using leakscan::test::has_defect;
using leakscan::test::TempDir;
using leakscan::test::with_attachment;
namespace sample = leakscan::sample;

namespace {

const RuleSet& shipped_rules() {
  static const RuleSet rules = RuleSet::load_directory(LEAKSCAN_RULES_DIR);
  return rules;
}

std::vector<Finding> findings_of(const Message& m) {
  static Detector detector(shipped_rules());
  std::vector<Finding> out;
  detector.scan_message(m, out);
  return out;
}

const Finding* finding(const std::vector<Finding>& findings, const std::string& item, const std::string& value) {
  for (const Finding& f : findings) {
    if (f.item == item && f.value == value) return &f;
  }
  return nullptr;
}

const AttachmentStatus* status_of(const Message& m, const std::string& path) {
  for (const AttachmentStatus& a : m.attachments) {
    if (a.path == path) return &a;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("attachment kinds by their bytes, then their type and name", "[extract]") {
  CHECK(attachment_kind("application/octet-stream", "a.docx", "PK\x03\x04") == "docx");
  CHECK(attachment_kind("application/octet-stream", "", "PK\x03\x04") == "zip");
  CHECK(attachment_kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "x", "PK\x03\x04") ==
        "xlsx");
  CHECK(attachment_kind("application/pdf", "a.pdf", "%PDF-1.4") == "pdf");
  CHECK(attachment_kind("application/octet-stream", "list.csv", "name,email") == "text");
  CHECK(attachment_kind("application/octet-stream", "winmail.dat", "") == "tnef");
  CHECK(attachment_kind("image/jpeg", "IMG_0001.JPG", "\xFF\xD8\xFF") == "image");
  CHECK(attachment_kind("application/octet-stream", "old.doc", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") == "doc");
  CHECK(attachment_kind("application/octet-stream", "setup.exe", "MZ") == "");
  std::size_t column = 0, row = 0;
  CHECK(parse_cell_reference("AB12", column, row));
  CHECK(column == 27);
  CHECK(row == 12);
  CHECK_FALSE(parse_cell_reference("12", column, row));
  CHECK(column_name(0) == "A");
  CHECK(column_name(27) == "AB");
  CHECK(excel_serial_date(31138) == "1985/04/01");
  CHECK(excel_serial_date(1) == "1900/01/01");
}

TEST_CASE("a .docx: paragraphs, table rows with tab-separated cells, locations", "[extract][office]") {
  std::string docx =
      sample::make_docx({"口座開設申込書", "氏名：佐藤 花子", "生年月日：1985年4月1日", "パスポート番号：TK1234567"},
                        {{"氏名", "電話番号"}, {"佐藤 花子", "090-1234-5678"}});
  Message m = decode_bytes(with_attachment("申込書.docx", "application/octet-stream", docx));
  const Part* text = find_part(m, "2#word/document.xml");
  REQUIRE(text != nullptr);
  CHECK(text->is_text);
  CHECK(text->origin == "申込書.docx");
  CHECK(text->text ==
        "口座開設申込書\n氏名：佐藤 花子\n生年月日：1985年4月1日\nパスポート番号：TK1234567\n氏名\t電話番号\n"
        "佐藤 花子\t090-1234-5678\n");
  CHECK(text->decode_chain == "base64/docx");
  REQUIRE(status_of(m, "2") != nullptr);
  CHECK(status_of(m, "2")->kind == "docx");
  CHECK(status_of(m, "2")->read);
  std::vector<Finding> found = findings_of(m);
  const Finding* passport = finding(found, "passport_number", "TK1234567");
  REQUIRE(passport != nullptr);
  CHECK(passport->part == "2#word/document.xml");
  CHECK(passport->filename == "申込書.docx");
  CHECK(passport->location == "word/document.xml ¶4");
  CHECK(finding(found, "birth_date", "1985年4月1日") != nullptr);
  CHECK(finding(found, "phone", "090-1234-5678") != nullptr);
}

TEST_CASE("an .xlsx: every sheet as rows, shared strings, dates, cell references in the location",
          "[extract][office]") {
  std::string xlsx =
      sample::make_xlsx({{"顧客一覧",
                          {{"氏名", "メールアドレス", "生年月日", "電話番号"},
                           {"高橋 美咲", "misaki.takahashi@example-fund.com", "=DATE:1985-04-01", "03-3456-7890"},
                           {"伊藤 翔太", "shota.ito@example-bank.co.jp", "=DATE:1990-12-31", "090-2345-6789"}}},
                         {"メモ", {{"備考"}, {"特になし"}}}});
  Message m = decode_bytes(with_attachment("顧客一覧.xlsx", "application/vnd.ms-excel", xlsx));
  const Part* sheet = find_part(m, "2#xl/worksheets/sheet1.xml");
  REQUIRE(sheet != nullptr);
  CHECK(sheet->content_type == "text/tab-separated-values");
  CHECK(sheet->text ==
        "氏名\tメールアドレス\t生年月日\t電話番号\n高橋 "
        "美咲\tmisaki.takahashi@example-fund.com\t1985/04/01\t03-3456-7890\n"
        "伊藤 翔太\tshota.ito@example-bank.co.jp\t1990/12/31\t090-2345-6789\n");
  REQUIRE(find_part(m, "2#xl/worksheets/sheet2.xml") != nullptr);
  std::vector<Finding> found = findings_of(m);
  const Finding* email = finding(found, "email", "shota.ito@example-bank.co.jp");
  REQUIRE(email != nullptr);
  CHECK(email->location == "顧客一覧!B3");

  // Each row is a person: the sheet feeds the table records.
  TempDir dir;
  CaseDefinition def =
      load_case_file(dir.write("case.yaml", "categories:\n  - id: \"3-5\"\n    label: other\n    default: true\n"),
                     CaseLists::load(std::string(LEAKSCAN_RULES_DIR) + "/lists"));
  Scanner scanner(shipped_rules(), std::move(def));
  Scan scan(scanner);
  std::vector<Finding> fs;
  scan.add(m, fs);
  ScanResult r = scan.finish();
  auto person = [&](const std::string& email_address) -> const Person* {
    for (const Person& p : r.persons) {
      if (std::find(p.emails.begin(), p.emails.end(), email_address) != p.emails.end()) return &p;
    }
    return nullptr;
  };
  const Person* takahashi = person("misaki.takahashi@example-fund.com");
  REQUIRE(takahashi != nullptr);
  CHECK(takahashi->name == "高橋 美咲");
  CHECK(std::find(takahashi->items.begin(), takahashi->items.end(), "birth_date") != takahashi->items.end());
  CHECK(std::find(takahashi->items.begin(), takahashi->items.end(), "phone") != takahashi->items.end());
}

TEST_CASE("a .pptx, an .odt and an .ods", "[extract][office]") {
  Message pptx = decode_bytes(
      with_attachment("deck.pptx", "application/octet-stream",
                      sample::make_pptx({{"Fund overview"}, {"Contact: 山田 太郎", "TEL: 03-1234-5678"}})));
  const Part* slide = find_part(pptx, "2#ppt/slides/slide2.xml");
  REQUIRE(slide != nullptr);
  CHECK(slide->text == "Contact: 山田 太郎\nTEL: 03-1234-5678\n");
  std::vector<Finding> pptx_found = findings_of(pptx);
  const Finding* phone = finding(pptx_found, "phone", "03-1234-5678");
  REQUIRE(phone != nullptr);
  CHECK(phone->location == "slide 2 ¶2");

  Message odt = decode_bytes(with_attachment("履歴書.odt", "application/vnd.oasis.opendocument.text",
                                             sample::make_odt({"氏名：鈴木 一郎", "住所：東京都千代田区丸の内1-2-3"})));
  const Part* content = find_part(odt, "2#content.xml");
  REQUIRE(content != nullptr);
  CHECK(content->text == "氏名：鈴木 一郎\n住所：東京都千代田区丸の内1-2-3\n");
  std::vector<Finding> odt_found = findings_of(odt);
  CHECK(finding(odt_found, "address", "東京都千代田区丸の内1-2-3") != nullptr);

  Message ods = decode_bytes(
      with_attachment("list.ods", "application/octet-stream",
                      sample::make_ods({{"名簿", {{"氏名", "電話番号"}, {"中村 健一", "06-6123-4567"}}}})));
  const Part* sheet = find_part(ods, "2#content.xml");
  REQUIRE(sheet != nullptr);
  CHECK(sheet->text == "氏名\t電話番号\n中村 健一\t06-6123-4567\n");  // the padding rows are not expanded
  std::vector<Finding> ods_found = findings_of(ods);
  const Finding* ods_phone = finding(ods_found, "phone", "06-6123-4567");
  REQUIRE(ods_phone != nullptr);
  CHECK(ods_phone->location == "名簿!B2");
}

TEST_CASE("a zip: every file is a part of its own, read in turn, with CP932 names and nested archives",
          "[extract][archive]") {
  CharsetDecoder charsets;
  std::string cp932_name;
  {
    // 顧客.csv in CP932 bytes, as a Japanese archiver writes it without the UTF-8 flag.
    cp932_name = "\x8c\xda\x8b\x71.csv";
  }
  std::string inner = sample::make_zip(
      {{"nested/名簿.xlsx", sample::make_xlsx({{"Sheet1", {{"氏名", "電話"}, {"林 学", "03-5555-1234"}}}})}});
  std::string zip =
      sample::make_zip({{cp932_name, "氏名,メール\r\n山本 花子,hanako.yamamoto@example-trading.co.jp\r\n", true},
                        {"photos/顔写真.jpg", "\xFF\xD8\xFF\xE0JFIF"},
                        {"more.zip", inner},
                        {"readme.txt", "担当：小林 誠 TEL 03-4444-5555\n"}});
  Message m = decode_bytes(with_attachment("資料一式.zip", "application/zip", zip));
  const Part* csv_entry = find_part(m, "2#顧客.csv");
  REQUIRE(csv_entry != nullptr);
  CHECK(csv_entry->filename == "顧客.csv");
  const Part* csv = find_part(m, "2#顧客.csv#text");
  REQUIRE(csv != nullptr);
  CHECK(csv->content_type == "text/csv");
  CHECK(csv->text == "氏名,メール\n山本 花子,hanako.yamamoto@example-trading.co.jp\n");
  const Part* photo = find_part(m, "2#photos/顔写真.jpg");
  REQUIRE(photo != nullptr);
  CHECK(photo->filename == "顔写真.jpg");
  REQUIRE(find_part(m, "2#more.zip#nested/名簿.xlsx#xl/worksheets/sheet1.xml") != nullptr);
  CHECK(status_of(m, "2")->kind == "zip");
  CHECK(!status_of(m, "2#photos/顔写真.jpg")->read);
  CHECK(status_of(m, "2#photos/顔写真.jpg")->reason == "corrupt");  // a header cut before its size
  std::vector<Finding> found = findings_of(m);
  CHECK(finding(found, "photo", "顔写真.jpg") != nullptr);
  CHECK(finding(found, "email", "hanako.yamamoto@example-trading.co.jp") != nullptr);
  CHECK(finding(found, "phone", "03-5555-1234") != nullptr);
  CHECK(finding(found, "phone", "03-4444-5555") != nullptr);
}

TEST_CASE("CSV attached as binary in CP932, UTF-8 with a BOM, UTF-16", "[extract][text]") {
  std::string cp932 =
      "\x8e\x81\x96\xbc,\x93\x64\x98\x62\r\n\x8d\xb2\x93\xa1 \x89\xd4\x8e\x71,03-1234-5678\r\n";  // 氏名,電話 / 佐藤
                                                                                                  // 花子
  Message a = decode_bytes(with_attachment("list.csv", "application/octet-stream", cp932));
  const Part* t = find_part(a, "2#text");
  REQUIRE(t != nullptr);
  CHECK(t->text == "氏名,電話\n佐藤 花子,03-1234-5678\n");
  Message b = decode_bytes(
      with_attachment("list.csv", "application/vnd.ms-excel", "\xEF\xBB\xBF名前,mail\n鈴木,a@example.com\n"));
  REQUIRE(find_part(b, "2#text") != nullptr);
  CHECK(find_part(b, "2#text")->text == "名前,mail\n鈴木,a@example.com\n");
  std::string utf16 = std::string("\xFF\xFE", 2);
  for (char c : std::string("name,tel\n")) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  Message c = decode_bytes(with_attachment("x.csv", "application/octet-stream", utf16));
  REQUIRE(find_part(c, "2#text") != nullptr);
  CHECK(find_part(c, "2#text")->text == "name,tel\n");
}

TEST_CASE("a PDF: every page's text with its page, scans and damage reported", "[extract][pdf]") {
  std::string pdf = sample::make_pdf(
      {{"Account application"}, {}, {"Name: John Smith", "Passport No. TK1234567", "Tel: +81 3-1234-5678"}});
  Message m = decode_bytes(with_attachment("KYC.pdf", "application/pdf", pdf));
  const Part* text = find_part(m, "2#pdf");
  REQUIRE(text != nullptr);
  CHECK(text->text.find("Passport No. TK1234567") != std::string::npos);
  CHECK(status_of(m, "2")->read);
  CHECK(has_defect(m, "pdf.no-text"));  // page 2 is empty, as a scanned page is
  std::vector<Finding> found = findings_of(m);
  const Finding* passport = finding(found, "passport_number", "TK1234567");
  REQUIRE(passport != nullptr);
  CHECK(passport->location == "page 3");
  CHECK(passport->filename == "KYC.pdf");
  Message broken = decode_bytes(with_attachment("bad.pdf", "application/pdf", "%PDF-1.4\n garbage \n"));
  CHECK(status_of(broken, "2")->reason == "corrupt");
  CHECK(has_defect(broken, "pdf.corrupt"));
  Message scan = decode_bytes(with_attachment("scan.pdf", "application/pdf", sample::make_pdf({{}, {}})));
  CHECK(status_of(scan, "2")->reason == "no text");
}

TEST_CASE("attached messages: an .eml as binary, in a zip, gzipped, one inside another", "[extract][message]") {
  const std::string eml =
      "From: =?ISO-2022-JP?B?GyRCOzNLXBsoQiAbJEIyVjtSGyhC?= <hanako.yamamoto@example-trading.co.jp>\n"
      "To: tanaka@example-am.co.jp\nSubject: =?UTF-8?B?5Y+j5bqn?=\nDate: Tue, 5 May 2020 10:00:00 +0900\n"
      "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
      "振込先：みずほ銀行 渋谷支店 普通 1234567\n携帯 090-1111-2222\n";
  Message m = decode_bytes(with_attachment("転送.eml", "application/octet-stream", eml));
  REQUIRE(status_of(m, "2") != nullptr);
  CHECK(status_of(m, "2")->kind == "message");
  CHECK(status_of(m, "2")->read);
  REQUIRE(m.enclosed.size() == 1);
  CHECK(m.enclosed[0].path == "2");
  REQUIRE(m.enclosed[0].envelope.from.size() == 1);
  CHECK(m.enclosed[0].envelope.from[0].address == "hanako.yamamoto@example-trading.co.jp");
  CHECK(m.enclosed[0].envelope.from[0].name == "山本 花子");
  CHECK(m.enclosed[0].envelope.subject == "口座");
  const Part* body = find_part(m, "2.1");
  REQUIRE(body != nullptr);
  CHECK(body->text.find("090-1111-2222") != std::string::npos);
  std::vector<Finding> found = findings_of(m);
  CHECK(finding(found, "phone", "090-1111-2222") != nullptr);

  // A nameless octet-stream is a message when it starts as one.
  Message nameless =
      decode_bytes(with_attachment("", "application/octet-stream", "Return-Path: <x@example.com>\n" + eml));
  CHECK(status_of(nameless, "2")->kind == "message");
  CHECK(find_part(nameless, "2.1") != nullptr);

  Message zipped = decode_bytes(
      with_attachment("mails.zip", "application/zip",
                      sample::make_zip({{"inbox/1.eml", eml}, {"inbox/2.eml.gz", leakscan::test::gzip(eml)}})));
  CHECK(find_part(zipped, "2#inbox/1.eml.1") != nullptr);
  CHECK(find_part(zipped, "2#inbox/2.eml.gz#gunzip.1") != nullptr);
  CHECK(zipped.enclosed.size() == 2);

  // A forward of a forward, each attached as a file.
  std::string outer = with_attachment("fwd.eml", "application/octet-stream", eml);
  Message twice = decode_bytes(with_attachment("fwd2.eml", "application/octet-stream", outer));
  CHECK(twice.enclosed.size() == 2);
  CHECK(find_part(twice, "2.1.2.1") != nullptr);

  Message junk = decode_bytes(with_attachment("broken.eml", "application/octet-stream", std::string("\0\0\0", 3)));
  CHECK(!status_of(junk, "2")->read);
}

TEST_CASE("RTF: CP932 pairs by the font's charset, \\uN and its fallback, skipped destinations, encapsulated HTML",
          "[extract][rtf]") {
  CharsetDecoder charsets;
  // 山田 太郎 as CP932 pairs in a \fcharset128 font; 電話 as \u with '?' fallbacks.
  std::string rtf =
      "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}{\\f1\\fcharset128 MS Mincho;}}"
      "{\\colortbl;\\red0\\green0\\blue0;}{\\*\\generator Msftedit 5.41;}{\\info{\\author Someone Else}}"
      "\\pard\\f1 \\'8e\\'81\\'96\\'bc\\'81\\'46\\'8e\\'52\\'93\\'63 \\'91\\'be\\'98\\'59\\par"
      "\\f0\\uc1\\u38651?\\u35441?: 03-1234-5678\\par"
      "{\\field{\\*\\fldinst HYPERLINK \"mailto:hidden@example.com\"}{\\fldrslt taro@example.com}}\\par"
      "{\\pict\\pngblip 89504e47}caf\\'e9\\tab end}";
  RtfText t = rtf_to_text(rtf, charsets, 1 << 20);
  CHECK(t.text == "氏名：山田 太郎\n電話: 03-1234-5678\ntaro@example.com\ncafé\tend");
  CHECK(!t.not_rtf);
  // HTML encapsulated by Outlook: tags skipped, their line breaks kept.
  std::string html =
      "{\\rtf1\\ansi\\fbidis\\ansicpg932\\deff0{\\fonttbl{\\f0\\fcharset128 MS UI Gothic;}}\\fromhtml1 "
      "{\\*\\htmltag19 <html>}{\\*\\htmltag34 <body>}\\htmlrtf {\\htmlrtf0 "
      "\\'8c\\'67\\'91\\'d1 090-1111-2222{\\*\\htmltag116 <br>}\\htmlrtf \\line\\htmlrtf0 "
      "Mail: a@example.com{\\*\\htmltag8 </body>}\\htmlrtf }\\htmlrtf0 }";
  CHECK(rtf_to_text(html, charsets, 1 << 20).text == "携帯 090-1111-2222\nMail: a@example.com");
  CHECK(rtf_to_text("not rtf", charsets, 100).not_rtf);
  Message attached = decode_bytes(with_attachment("letter.rtf", "application/rtf", rtf));
  REQUIRE(find_part(attached, "2#rtf") != nullptr);
  CHECK(find_part(attached, "2#rtf")->decode_chain == "base64/rtf");
  CHECK(finding(findings_of(attached), "phone", "03-1234-5678") != nullptr);
  CHECK(status_of(attached, "2")->read);
  RtfText cut = rtf_to_text("{\\rtf1 " + std::string(1000, 'x') + "}", charsets, 100);
  CHECK(cut.truncated);
  CHECK(cut.text.size() <= 100);
  std::string deep = "{\\rtf1 ";
  for (int i = 0; i < 100000; ++i) deep += "{";
  deep += "deep";
  CHECK(rtf_to_text(deep, charsets, 1 << 20).text == "deep");
}

TEST_CASE("compressed RTF: literals, references into the dictionary, damage", "[extract][rtf]") {
  std::string error;
  std::string rtf = "{\\rtf1\\ansi\\ansicpg932 hello}";
  CHECK(decompress_rtf(sample::compress_rtf_literals(rtf), 1 << 20, error) == rtf);
  CHECK(error.empty());
  // A reference to the first 11 bytes of the dictionary ("{\rtf1\ansi"),
  // then literals, then the end marker at write position 207 + 11 + 2.
  std::string payload;
  payload.push_back('\x09');  // bit 0: a reference; bits 1-2: literals; bit 3: a reference
  payload += std::string("\x00\x09", 2);
  payload += " x";
  unsigned end = (207 + 11 + 2) << 4;
  payload.push_back(static_cast<char>(end >> 8));
  payload.push_back(static_cast<char>(end & 0xFF));
  std::string header;
  for (std::uint32_t v : {static_cast<std::uint32_t>(payload.size() + 12), 13u}) {
    for (int i = 0; i < 4; ++i) header.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  }
  std::string stream = header + "LZFu" + std::string(4, '\0') + payload;
  CHECK(decompress_rtf(stream, 1 << 20, error) == "{\\rtf1\\ansi x");
  std::string stored = header + "MELA" + std::string(4, '\0') + "{\\rtf1 stored}";
  CHECK(decompress_rtf(stored, 1 << 20, error) == "{\\rtf1 stored");  // raw size 13
  error.clear();
  decompress_rtf(sample::compress_rtf_literals(rtf).substr(0, 20), 1 << 20, error);
  CHECK(!error.empty());
}

TEST_CASE("TNEF (winmail.dat): the body, RTF-only bodies in CP932, files read in turn, attached Outlook items",
          "[extract][tnef]") {
  sample::OutlookItem forwarded;
  forwarded.subject = "口座のご案内";
  forwarded.sender_name = "山本 花子";
  forwarded.sender_email = "hanako.yamamoto@example-trading.co.jp";
  forwarded.to = {{"田中 太郎", "t.tanaka@example-am.co.jp"}};
  forwarded.body = "田中様\n\n振込先：みずほ銀行 渋谷支店 普通 1234567\n\n山本 花子\n携帯 090-1111-2222\n";
  sample::OutlookItem spec;
  spec.subject = "資料";
  spec.body = "お世話になります。\r\n資料を送付します。\r\n";
  spec.files = {{"名簿.xlsx", sample::make_xlsx({{"名簿", {{"氏名", "電話"}, {"林 学", "03-5555-1234"}}}}), ""},
                {"memo.txt", "担当：小林 誠 TEL 03-4444-5555\n", "text/plain"}};
  spec.messages = {forwarded};
  Message m = decode_bytes(with_attachment("winmail.dat", "application/ms-tnef", sample::make_tnef(spec)));
  REQUIRE(status_of(m, "2") != nullptr);
  CHECK(status_of(m, "2")->kind == "tnef");
  CHECK(status_of(m, "2")->read);
  const Part* body = find_part(m, "2#body");
  REQUIRE(body != nullptr);
  CHECK(body->text == "お世話になります。\n資料を送付します。\n");
  CHECK(body->decode_chain == "base64/tnef");
  REQUIRE(find_part(m, "2#名簿.xlsx") != nullptr);
  REQUIRE(find_part(m, "2#名簿.xlsx#xl/worksheets/sheet1.xml") != nullptr);
  REQUIRE(find_part(m, "2#memo.txt#text") != nullptr);
  REQUIRE(m.enclosed.size() == 1);
  CHECK(m.enclosed[0].path == "2#口座のご案内.msg");
  REQUIRE(m.enclosed[0].envelope.from.size() == 1);
  CHECK(m.enclosed[0].envelope.from[0].address == "hanako.yamamoto@example-trading.co.jp");
  CHECK(m.enclosed[0].envelope.subject == "口座のご案内");
  REQUIRE(m.enclosed[0].envelope.to.size() == 1);
  CHECK(m.enclosed[0].envelope.to[0].name == "田中 太郎");
  REQUIRE(find_part(m, "2#口座のご案内.msg.1#body") != nullptr);
  std::vector<Finding> found = findings_of(m);
  const Finding* row = finding(found, "phone", "03-5555-1234");
  REQUIRE(row != nullptr);
  CHECK(row->location == "名簿!B2");
  CHECK(finding(found, "phone", "03-4444-5555") != nullptr);
  CHECK(finding(found, "phone", "090-1111-2222") != nullptr);

  // Japanese Outlook without a plain body: RTF with CP932 pairs, 8-bit strings.
  sample::OutlookItem rtf_only;
  rtf_only.rtf =
      "{\\rtf1\\ansi\\ansicpg932\\deff0{\\fonttbl{\\f0\\fcharset128 MS PGothic;}}\\f0 "
      "\\'8c\\'67\\'91\\'d1 080-3333-4444\\par}";
  Message r = decode_bytes(with_attachment("winmail.dat", "application/octet-stream", sample::make_tnef(rtf_only)));
  REQUIRE(find_part(r, "2#body") != nullptr);
  CHECK(find_part(r, "2#body")->text == "携帯 080-3333-4444\n");
  CHECK(find_part(r, "2#body")->decode_chain == "base64/tnef/rtf");
  sample::OutlookItem eight_bit;
  eight_bit.body_8bit = "\x8e\x81\x96\xbc\x81\x46\x8d\xb2\x93\xa1 \x89\xd4\x8e\x71";  // 氏名：佐藤 花子
  Message e = decode_bytes(with_attachment("winmail.dat", "application/ms-tnef", sample::make_tnef(eight_bit)));
  REQUIRE(find_part(e, "2#body") != nullptr);
  CHECK(find_part(e, "2#body")->text == "氏名：佐藤 花子");

  // Damage: a cut stream keeps what came before; no signature is corrupt.
  std::string whole = sample::make_tnef(spec);
  Message cut = decode_bytes(with_attachment("winmail.dat", "application/ms-tnef", whole.substr(0, whole.size() / 2)));
  CHECK(has_defect(cut, "tnef.damaged"));
  CHECK(find_part(cut, "2#body") != nullptr);
  Message junk = decode_bytes(with_attachment("winmail.dat", "application/ms-tnef", "not a tnef stream"));
  CHECK(has_defect(junk, "tnef.corrupt"));
  CHECK(status_of(junk, "2")->reason == "corrupt");
}

TEST_CASE("Word 97 .doc: UTF-16 and 8-bit pieces, a table, a field's result, the footnotes", "[extract][legacy]") {
  std::string doc = sample::make_doc(
      {"本人確認書類", "氏名：山田 太郎", "=LINK:mailto:hidden@example.com|taro@example.com", "Tel 03-1234-5678"}, {},
      "");
  Message m = decode_bytes(with_attachment("申込書.doc", "application/msword", doc));
  REQUIRE(status_of(m, "2") != nullptr);
  CHECK(status_of(m, "2")->kind == "doc");
  CHECK(status_of(m, "2")->read);
  const Part* text = find_part(m, "2#WordDocument");
  REQUIRE(text != nullptr);
  CHECK(text->text == "本人確認書類\n氏名：山田 太郎\ntaro@example.com\nTel 03-1234-5678\n");
  CHECK(text->decode_chain == "base64/doc");
  std::vector<Finding> found = findings_of(m);
  const Finding* phone = finding(found, "phone", "03-1234-5678");
  REQUIRE(phone != nullptr);
  CHECK(phone->location == "¶4");
  CHECK(finding(found, "email", "hidden@example.com") == nullptr);  // a field's instruction is not text

  std::string with_table =
      sample::make_doc({"社員名簿"}, {{"氏名", "電話"}, {"林 学", "03-5555-1234"}}, "注：社外秘 佐藤 090-2222-3333");
  Message t = decode_bytes(with_attachment("名簿.doc", "application/octet-stream", with_table));
  REQUIRE(find_part(t, "2#WordDocument") != nullptr);
  CHECK(find_part(t, "2#WordDocument")->text == "社員名簿\n氏名\t電話\n林 学\t03-5555-1234\n");
  REQUIRE(find_part(t, "2#WordDocument/footnotes") != nullptr);
  CHECK(find_part(t, "2#WordDocument/footnotes")->text == "注：社外秘 佐藤 090-2222-3333\n");
}

TEST_CASE("Excel 97 .xls: sheets, shared strings over CONTINUE records, numbers, dates, formula text",
          "[extract][legacy]") {
  std::string xls =
      sample::make_xls({{"顧客一覧",
                         {{"氏名", "生年月日", "電話", "備考"},
                          {"山本 花子", "=DATE:1985-04-01", "0312345678", "=STR:要確認"},
                          {"John Smith", "=DATE:1990-12-31", "8131234567", "passport TK1234567 at the desk"}}},
                        {"Sheet2", {{"林 学", "", "42"}}}},
                       40);
  Message m = decode_bytes(with_attachment("顧客.xls", "application/vnd.ms-excel", xls));
  REQUIRE(status_of(m, "2") != nullptr);
  CHECK(status_of(m, "2")->kind == "xls");
  const Part* first = find_part(m, "2#Workbook/顧客一覧");
  REQUIRE(first != nullptr);
  CHECK(first->content_type == "text/tab-separated-values");
  CHECK(first->text ==
        "氏名\t生年月日\t電話\t備考\n山本 花子\t1985/04/01\t0312345678\t要確認\nJohn Smith\t1990/12/31\t8131234567\t"
        "passport TK1234567 at the desk\n");
  const Part* second = find_part(m, "2#Workbook/Sheet2");
  REQUIRE(second != nullptr);
  CHECK(second->text == "林 学\t\t42\n");
  std::vector<Finding> found = findings_of(m);
  const Finding* passport = finding(found, "passport_number", "TK1234567");
  REQUIRE(passport != nullptr);
  CHECK(passport->location == "顧客一覧!D3");
}

TEST_CASE("PowerPoint 97 .ppt: the text of every slide with its number", "[extract][legacy]") {
  std::string ppt = sample::make_ppt({{"Project kickoff"}, {"担当：小林 誠", "TEL 03-4444-5555"}});
  Message m = decode_bytes(with_attachment("deck.ppt", "application/vnd.ms-powerpoint", ppt));
  REQUIRE(status_of(m, "2") != nullptr);
  CHECK(status_of(m, "2")->kind == "ppt");
  const Part* text = find_part(m, "2#PowerPoint Document");
  REQUIRE(text != nullptr);
  CHECK(text->text == "Project kickoff\n担当：小林 誠\nTEL 03-4444-5555\n");
  std::vector<Finding> found = findings_of(m);
  const Finding* phone = finding(found, "phone", "03-4444-5555");
  REQUIRE(phone != nullptr);
  CHECK(phone->location == "slide 2");
}

TEST_CASE("Outlook .msg: sender, recipients, body, files, an attached item", "[extract][msg]") {
  sample::OutlookItem item;
  item.subject = "口座のご案内";
  item.sender_name = "山本 花子";
  item.sender_email = "hanako.yamamoto@example-trading.co.jp";
  item.body = "振込先：みずほ銀行 渋谷支店 普通 1234567\n携帯 090-1111-2222\n";
  sample::OutlookItem msg;
  msg.subject = "FW: 資料";
  msg.sender_name = "田中 太郎";
  msg.sender_email = "t.tanaka@example-am.co.jp";
  msg.to = {{"鈴木 一郎", "ichiro.suzuki@example-bank.co.jp"}};
  msg.body_8bit = "\x8e\x81\x96\xbc\x81\x46\x8d\xb2\x93\xa1 \x89\xd4\x8e\x71";  // 氏名：佐藤 花子
  msg.files = {{"list.csv", "氏名,電話\n林 学,03-5555-1234\n", "text/csv"}};
  msg.messages = {item};
  Message m = decode_bytes(with_attachment("FW 資料.msg", "application/vnd.ms-outlook", sample::make_msg(msg)));
  REQUIRE(status_of(m, "2") != nullptr);
  CHECK(status_of(m, "2")->kind == "msg");
  CHECK(status_of(m, "2")->read);
  REQUIRE(find_part(m, "2#body") != nullptr);
  CHECK(find_part(m, "2#body")->text == "氏名：佐藤 花子");
  REQUIRE(find_part(m, "2#list.csv#text") != nullptr);
  // The .msg file itself, then the item attached to it.
  REQUIRE(m.enclosed.size() == 2);
  CHECK(m.enclosed[0].path == "2");
  REQUIRE(m.enclosed[0].envelope.from.size() == 1);
  CHECK(m.enclosed[0].envelope.from[0].address == "t.tanaka@example-am.co.jp");
  REQUIRE(m.enclosed[0].envelope.to.size() == 1);
  CHECK(m.enclosed[0].envelope.to[0].address == "ichiro.suzuki@example-bank.co.jp");
  CHECK(m.enclosed[1].path == "2#口座のご案内");  // an item is named by its subject
  REQUIRE(m.enclosed[1].envelope.from.size() == 1);
  CHECK(m.enclosed[1].envelope.from[0].address == "hanako.yamamoto@example-trading.co.jp");
  REQUIRE(find_part(m, "2#口座のご案内.1#body") != nullptr);
  std::vector<Finding> found = findings_of(m);
  CHECK(finding(found, "phone", "03-5555-1234") != nullptr);
  CHECK(finding(found, "phone", "090-1111-2222") != nullptr);
}

TEST_CASE("an Outlook contact becomes a vCard part with its birthday on the right day", "[extract][msg]") {
  sample::OutlookContact contact;
  contact.surname = "佐藤";
  contact.given_name = "一郎";
  contact.company = "株式会社例示銀行";
  contact.email = "ichiro.sato@example-bank.co.jp";
  contact.business_phone = "03-5555-1234";
  contact.birthday = "1962-01-01";  // before 1970, and the day before in UTC
  Message m = decode_bytes(
      with_attachment("佐藤.msg", "application/vnd.ms-outlook", sample::make_msg(sample::outlook_contact(contact))));
  const Part* card = find_part(m, "2#contact.vcf");
  REQUIRE(card != nullptr);
  CHECK(card->content_type == "text/vcard");
  CHECK(card->decode_chain.size() >= 12);
  CHECK(card->decode_chain.compare(card->decode_chain.size() - 12, 12, "/msg/contact") == 0);
  CHECK(card->text ==
        "BEGIN:VCARD\nVERSION:3.0\nN:佐藤;一郎;;;\nFN:佐藤 一郎\nORG:株式会社例示銀行\nTEL;TYPE=WORK,VOICE:03-5555-"
        "1234\nEMAIL;TYPE=INTERNET:ichiro.sato@example-bank.co.jp\nBDAY:1962-01-01\nEND:VCARD\n");
  // A mail item's properties are no contact.
  sample::OutlookItem note;
  note.subject = "資料";
  note.properties = {{0x3A08, "03-5555-1234"}};
  Message plain = decode_bytes(with_attachment("資料.msg", "application/vnd.ms-outlook", sample::make_msg(note)));
  CHECK(find_part(plain, "2#contact.vcf") == nullptr);
}

TEST_CASE("an Outlook appointment or meeting request gives its place and time, as .msg and in TNEF",
          "[extract][msg][tnef]") {
  sample::OutlookAppointment visit;
  visit.subject = "ご自宅訪問（保険のご相談）";
  visit.location = "東京都世田谷区桜新町1-2-3";
  visit.start = 1711933200;  // 2024-04-01T01:00:00Z
  visit.end = 1711936800;
  visit.organizer_name = "鈴木 一郎";
  visit.organizer_email = "ichiro.suzuki@example-bank.co.jp";
  visit.attendees = {{"山田 太郎", "taro.yamada@example.jp"}};
  visit.body = "ご自宅に伺います。";
  const std::string expected =
      "Location: 東京都世田谷区桜新町1-2-3\nStart: 2024-04-01T01:00:00Z\nEnd: "
      "2024-04-01T02:00:00Z\n";
  for (bool request : {false, true}) {
    visit.meeting_request = request;
    sample::OutlookItem item = sample::outlook_appointment(visit);
    Message msg = decode_bytes(with_attachment("訪問.msg", "application/vnd.ms-outlook", sample::make_msg(item)));
    const Part* when = find_part(msg, "2#appointment");
    REQUIRE(when != nullptr);
    CHECK(when->text == expected);
    CHECK(when->decode_chain.compare(when->decode_chain.size() - 16, 16, "/msg/appointment") == 0);
    CHECK(find_part(msg, "2#body") != nullptr);
    Message tnef = decode_bytes(with_attachment("winmail.dat", "application/ms-tnef", sample::make_tnef(item)));
    const Part* tnef_when = find_part(tnef, "2#appointment");
    REQUIRE(tnef_when != nullptr);
    CHECK(tnef_when->text == expected);
    // Inside a mail item, as Outlook forwards an invitation.
    sample::OutlookItem note;
    note.subject = "FW: 訪問";
    note.messages = {item};
    Message nested = decode_bytes(with_attachment("FW.msg", "application/vnd.ms-outlook", sample::make_msg(note)));
    bool found = false;
    for (const Part& p : nested.parts)
      found |= p.path.size() > 12 && p.path.rfind("#appointment") == p.path.size() - 12;
    CHECK(found);
  }
  // A mail item's named properties are no appointment.
  sample::OutlookItem note;
  note.subject = "資料";
  note.appointment_properties = {{0x8208, "東京都世田谷区桜新町1-2-3"}};
  Message plain = decode_bytes(with_attachment("資料.msg", "application/vnd.ms-outlook", sample::make_msg(note)));
  CHECK(find_part(plain, "2#appointment") == nullptr);
}

TEST_CASE("what cannot be read is a defect and an unread status, never silence", "[extract]") {
  Message doc = decode_bytes(with_attachment("old.doc", "application/msword", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1..."));
  REQUIRE(status_of(doc, "2") != nullptr);
  CHECK(!status_of(doc, "2")->read);
  CHECK(status_of(doc, "2")->reason == "corrupt");
  CHECK(has_defect(doc, "ole.corrupt"));
  // A password-protected .xlsx is a compound file with an EncryptedPackage.
  std::string locked = sample::make_ole({{"EncryptionInfo", std::string(64, '\1')}, {"EncryptedPackage", "xx"}});
  Message enc = decode_bytes(with_attachment("給与.xlsx", "application/octet-stream", locked));
  CHECK(has_defect(enc, "office.encrypted"));
  CHECK(status_of(enc, "2")->reason == "encrypted");
  Message other =
      decode_bytes(with_attachment("thumbs.db", "application/octet-stream", sample::make_ole({{"Catalog", "x"}})));
  CHECK(has_defect(other, "attachment.unread"));
  CHECK(status_of(other, "2")->reason == "unsupported");
  Message broken = decode_bytes(
      with_attachment("cut.docx", "application/octet-stream", sample::make_docx({"氏名：山田 太郎"}).substr(0, 60)));
  CHECK(has_defect(broken, "archive.corrupt"));
  CHECK(status_of(broken, "2")->reason == "corrupt");
  Message image = decode_bytes(with_attachment("IMG_0001.jpg", "image/jpeg", "\xFF\xD8\xFF\xE0JFIF"));
  CHECK(status_of(image, "2")->facts == "jpeg");
  CHECK(!has_defect(image, "attachment.unread"));
}

TEST_CASE("archives stop at the limits: ratio, expansion, files, depth", "[extract][archive][limits]") {
  DecodeOptions options;
  options.limits.max_archive_entries = 50;
  options.limits.max_archive_depth = 3;
  options.limits.max_archive_expansion = 4u << 20;
  // A bomb: 64 MB of zeros in 64 KB.
  Message bomb = decode_bytes(
      with_attachment("bomb.zip", "application/zip", sample::make_zip({{"zeros.txt", std::string(64u << 20, '\0')}})),
      options);
  CHECK(has_defect(bomb, "archive.ratio-limit"));
  // Many files.
  std::vector<sample::ZipFile> many;
  for (int i = 0; i < 80; ++i) many.push_back({"f" + std::to_string(i) + ".txt", "x"});
  Message lots = decode_bytes(with_attachment("many.zip", "application/zip", sample::make_zip(many)), options);
  CHECK(has_defect(lots, "archive.entries-limit"));
  // Archives inside archives.
  std::string nested = sample::make_zip({{"deep.txt", "山田"}});
  for (int i = 0; i < 6; ++i) nested = sample::make_zip({{"level" + std::to_string(i) + ".zip", nested}});
  Message deep = decode_bytes(with_attachment("deep.zip", "application/zip", nested), options);
  CHECK(has_defect(deep, "archive.depth-limit"));
  // Compressible but within the ratio: stopped by the expansion budget.
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "row " + std::to_string(i) + ",山田 太郎\n";
  Message big =
      decode_bytes(with_attachment("big.zip", "application/zip", sample::make_zip({{"big.csv", text}})), options);
  CHECK(has_defect(big, "archive.expansion-limit"));
  const Part* csv = find_part(big, "2#big.csv#text");
  REQUIRE(csv != nullptr);
  CHECK(csv->text.size() <= (4u << 20));
}
