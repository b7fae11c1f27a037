// MIME parsing and decoding: Japanese charsets, headers, parameters,
// transfer encodings, HTML, nesting, defects and limits.
#include "test_util.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace leakscan;
using test::decode_bytes;
using test::find_part;
using test::has_defect;
using namespace std::string_literals;

TEST_CASE("ISO-2022-JP subject and body, NEC row 13 included", "[mime][japanese]") {
  Message m = decode_bytes(
      "From: =?ISO-2022-JP?B?GyRCRURDZkJATzokRyQ5GyhC?= <taro@example.jp>\n"
      "Subject: =?ISO-2022-JP?B?GyRCRURDZkJATzokRyQ5GyhC?=\n"
      "Content-Type: text/plain; charset=ISO-2022-JP\n\n"
      "\x1b$BEDCfB@O:\x1b(B \x1b$B-!\x1b(B\n");
  CHECK(m.envelope.subject == "田中太郎です");
  REQUIRE(m.envelope.from.size() == 1);
  CHECK(m.envelope.from[0].name == "田中太郎です");
  CHECK(m.envelope.from[0].address == "taro@example.jp");
  const Part* p = find_part(m, "root");
  REQUIRE(p != nullptr);
  CHECK(p->text == "田中太郎 ①\n");
  CHECK(p->decoded_charset == "iso-2022-jp");
  CHECK(m.defects.empty());
}

TEST_CASE("Shift_JIS decodes as CP932: ① ㈱ ～ survive", "[mime][japanese]") {
  Message m = decode_bytes(
      "Subject: =?Shift_JIS?B?h0CHig==?=\n"
      "Content-Type: text/plain; charset=Shift_JIS\n"
      "Content-Transfer-Encoding: 8bit\n\n"
      "\x87\x40\x87\x8a\x81\x60\x8a\x94\x8e\xae\x89\xef\x8e\xd0\n");
  CHECK(m.envelope.subject == "①㈱");
  CHECK(find_part(m, "root")->text == "①㈱～株式会社\n");
  CHECK(find_part(m, "root")->decoded_charset == "windows-31j");
}

TEST_CASE("EUC-JP and half-width katakana via ESC ( I", "[mime][japanese]") {
  Message m = decode_bytes(
      "Content-Type: multipart/mixed; boundary=b\n\n"
      "--b\nContent-Type: text/plain; charset=euc-jp\n\n\xbb\xb3\xc5\xc4\xb2\xd6\xbb\xd2\n"
      "--b\nContent-Type: text/plain; charset=iso-2022-jp\n\n\x1b(I12\x1b(B\n"
      "--b--\n");
  // The line break before a boundary belongs to the boundary (RFC 2046).
  CHECK(find_part(m, "1")->text == "山田花子");
  CHECK(find_part(m, "2")->text == "ｱｲ");
}

TEST_CASE("mislabelled and missing charsets are sniffed and recorded", "[mime][charset]") {
  SECTION("ISO-2022-JP label on UTF-8 bytes") {
    Message m = decode_bytes("Content-Type: text/plain; charset=iso-2022-jp\n\n\xe5\xb1\xb1\xe7\x94\xb0\n");
    CHECK(find_part(m, "root")->text == "山田\n");
    CHECK(find_part(m, "root")->decoded_charset == "utf-8");
    CHECK(has_defect(m, "charset.sniffed"));
  }
  SECTION("no label on CP932 bytes") {
    Message m = decode_bytes("Content-Type: text/plain\n\n\x8a\x94\x8e\xae\x89\xef\x8e\xd0\n");
    CHECK(find_part(m, "root")->text == "株式会社\n");
    CHECK(find_part(m, "root")->decoded_charset == "windows-31j");
  }
  SECTION("no label on EUC-JP bytes") {
    Message m = decode_bytes("Content-Type: text/plain\n\n\xbb\xb3\xc5\xc4\xb2\xd6\xbb\xd2\n");
    CHECK(find_part(m, "root")->text == "山田花子\n");
  }
  SECTION("undeclared ISO-2022-JP") {
    Message m = decode_bytes("Subject: x\n\n\x1b$BEDCfB@O:\x1b(B\n");
    CHECK(find_part(m, "root")->text == "田中太郎\n");
  }
  SECTION("an unknown label") {
    Message m = decode_bytes("Content-Type: text/plain; charset=x-no-such-charset\n\ncaf\xc3\xa9\n");
    CHECK(find_part(m, "root")->text == "café\n");
    CHECK(has_defect(m, "charset.unknown"));
  }
  SECTION("latin-1 label, latin-1 bytes") {
    Message m = decode_bytes("Content-Type: text/plain; charset=iso-8859-1\n\ncaf\xe9\n");
    CHECK(find_part(m, "root")->text == "café\n");
    CHECK(m.defects.empty());
  }
}

TEST_CASE("other charsets go through ICU", "[mime][charset]") {
  Message m = decode_bytes(
      "Content-Type: multipart/mixed; boundary=b\n\n"
      "--b\nContent-Type: text/plain; charset=ks_c_5601-1987\n\n\xc7\xd1\n"
      "--b\nContent-Type: text/plain; charset=gb2312\n\n\xd6\xd0\n"
      "--b\nContent-Type: text/plain; charset=big5\n\n\xa4\xa4\n"
      "--b\nContent-Type: text/plain; charset=koi8-r\n\n\xf0\xd2\xc9\xd7\xc5\xd4\n"
      "--b\nContent-Type: text/plain; charset=utf-16\n\n\xfe\xff\x00\x41\x00\x42\n"s
      "--b--\n");
  CHECK(find_part(m, "1")->text == "한");
  CHECK(find_part(m, "2")->text == "中");
  CHECK(find_part(m, "3")->text == "中");
  CHECK(find_part(m, "4")->text == "Привет");
  CHECK(find_part(m, "5")->text == "AB");
}

TEST_CASE("RFC 2047 in all its forms", "[mime][header]") {
  SECTION("adjacent words join without the space between them") {
    Message m = decode_bytes("Subject: =?UTF-8?Q?caf=C3=A9?= =?UTF-8?B?IOWxseeUsA==?=\n\n");
    CHECK(m.envelope.subject == "café 山田");
  }
  SECTION("a character split across two words") {
    Message m = decode_bytes("Subject: =?UTF-8?B?5bE=?= =?UTF-8?B?sQ==?=\n\n");
    CHECK(m.envelope.subject == "山");
  }
  SECTION("mid-word and without spaces") {
    Message m = decode_bytes("Subject: abc=?UTF-8?Q?=C3=A9?=def=?UTF-8?Q?x?=\n\n");
    CHECK(m.envelope.subject == "abcédefx");
  }
  SECTION("spaces inside Q text and a language tag") {
    Message m = decode_bytes("Subject: =?utf-8*ja?Q?hello world_again?=\n\n");
    CHECK(m.envelope.subject == "hello world again");
  }
  SECTION("folded header") {
    Message m = decode_bytes("Subject: =?UTF-8?B?5bGx?=\n =?UTF-8?B?55Sw?=\n tail\n\n");
    CHECK(m.envelope.subject == "山田 tail");
  }
  SECTION("raw 8-bit UTF-8 and CP932 headers") {
    Message m = decode_bytes("Subject: \xe5\xb1\xb1\xe7\x94\xb0\nX-Other: \x8a\x94\x8e\xae\x89\xef\x8e\xd0\n\n");
    CHECK(m.envelope.subject == "山田");
    REQUIRE(m.envelope.headers.size() == 2);
    CHECK(m.envelope.headers[1].value == "株式会社");
    CHECK(has_defect(m, "header.8bit"));
  }
  SECTION("an unclosed encoded-word is literal text") {
    Message m = decode_bytes("Subject: =?UTF-8?B?5bGx\n\n");
    CHECK(m.envelope.subject == "=?UTF-8?B?5bGx");
  }
}

TEST_CASE("address lists", "[mime][address]") {
  Message m = decode_bytes(
      "From: bbb@ddd.com (John X. Doe)\n"
      "To: \"=?UTF-8?B?5bGx55Sw?=\" <yamada@example.jp>, Tanaka, Taro <taro@example.jp>,\n"
      " team: a@example.com, b@example.com;, <@route.example:c@example.com>, undisclosed-recipients:;\n"
      "Cc: Plain Name plain@example.com, \"Quoted, Name\" <q@example.com>, localonly\n\n");
  REQUIRE(m.envelope.from.size() == 1);
  CHECK(m.envelope.from[0] == Address{"John X. Doe", "bbb@ddd.com"});
  REQUIRE(m.envelope.to.size() == 5);
  CHECK(m.envelope.to[0] == Address{"山田", "yamada@example.jp"});
  CHECK(m.envelope.to[1] == Address{"Tanaka, Taro", "taro@example.jp"});
  CHECK(m.envelope.to[2] == Address{"", "a@example.com"});
  CHECK(m.envelope.to[3] == Address{"", "b@example.com"});
  CHECK(m.envelope.to[4] == Address{"", "c@example.com"});
  REQUIRE(m.envelope.cc.size() == 3);
  CHECK(m.envelope.cc[0] == Address{"Plain Name", "plain@example.com"});
  CHECK(m.envelope.cc[1] == Address{"Quoted, Name", "q@example.com"});
  CHECK(m.envelope.cc[2] == Address{"", "localonly"});
}

TEST_CASE("Date, Message-ID and unparseable dates", "[mime][header]") {
  Message m = decode_bytes("Date: Fri, 04 May 2001 14:05:44 -0400\nMessage-ID: <abc@example.com>\n\n");
  REQUIRE(m.envelope.date.has_value());
  CHECK(*m.envelope.date == "2001-05-04T14:05:44-04:00");
  CHECK(m.envelope.date_unix == 988999544);
  CHECK(m.envelope.message_id == "abc@example.com");
  Message bad = decode_bytes("Date: the day after tomorrow\n\n");
  CHECK_FALSE(bad.envelope.date.has_value());
  CHECK(has_defect(bad, "header.date-unparseable"));
}

TEST_CASE("RFC 2231 and RFC 2047 file names", "[mime][params]") {
  Message m = decode_bytes(
      "Content-Type: multipart/mixed; boundary=\"x;y\"\n\n"
      "--x;y\nContent-Type: application/pdf\n"
      "Content-Disposition: attachment;\n filename*0*=UTF-8''%E5%B1%B1%E7%94%B0;\n filename*1=\"_resume.pdf\"\n\n"
      "%PDF\n"
      "--x;y\nContent-Type: application/octet-stream; name=\"=?ISO-2022-JP?B?GyRCRURDZkJATzobKEI=?=.xlsx\"\n\n"
      "data\n"
      "--x;y\nContent-Type: text/plain; name=plain name.txt\n\nhello\n"
      "--x;y--\n");
  REQUIRE(m.parts.size() == 3);
  CHECK(find_part(m, "1")->filename == "山田_resume.pdf");
  CHECK(find_part(m, "1")->disposition == "attachment");
  CHECK(find_part(m, "2")->filename == "田中太郎.xlsx");
  CHECK(find_part(m, "3")->filename == "plain name.txt");
}

TEST_CASE("transfer encodings", "[mime][transfer]") {
  SECTION("quoted-printable with LF, soft breaks and =XX") {
    Message m = decode_bytes(
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
        "caf=C3=A9 soft=\nbreak\nline two\n");
    CHECK(find_part(m, "root")->text == "café softbreak\nline two\n");
  }
  SECTION("base64 with junk and odd line lengths") {
    Message m = decode_bytes(
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        "5bGx|55Sw\n6Iqx!5a2Q\n");
    CHECK(find_part(m, "root")->text == "山田花子");
  }
  SECTION("broken labels still decode") {
    Message m = decode_bytes("Content-Type: text/plain\nContent-Transfer-Encoding: Quoted Printable\n\nx=3Dy\n");
    CHECK(find_part(m, "root")->text == "x=y\n");
  }
  SECTION("an unknown label is kept as is and recorded") {
    Message m = decode_bytes("Content-Type: text/plain\nContent-Transfer-Encoding: x-fancy\n\nplain\n");
    CHECK(find_part(m, "root")->text == "plain\n");
    CHECK(has_defect(m, "cte.unknown"));
  }
  SECTION("uuencode") {
    Message m = decode_bytes(
        "Content-Type: text/plain\nContent-Transfer-Encoding: x-uuencode\n\n"
        "begin 644 a.txt\n%:&5L;&\\ \n`\nend\n");
    CHECK(find_part(m, "root")->text == "hello");
  }
}

TEST_CASE("HTML becomes the text a reader sees", "[mime][html]") {
  Message m = decode_bytes(
      "Content-Type: text/html; charset=utf-8\n\n"
      "<html><head><style>p{color:red}</style><script>var x='<p>';</script></head>"
      "<body><p>Tel:&nbsp;03&#x2d;1234&#45;5678</p><p>A &amp; B&lt;C&gt; &eacute;&hellip;<br>next</p>"
      "<!-- comment <p>hidden</p> --><table><tr><td>a</td><td>b</td></tr></table></body></html>");
  CHECK(find_part(m, "root")->text == "Tel: 03-1234-5678\n\nA & B<C> é…\nnext\n\na b\n\n");
}

TEST_CASE("HTML without a MIME charset uses its <meta> charset", "[mime][html]") {
  Message m = decode_bytes(
      "Content-Type: text/html\n\n"
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"></head>"
      "<body>\x8a\x94\x8e\xae\x89\xef\x8e\xd0</body></html>");
  CHECK(find_part(m, "root")->text == "株式会社");
}

TEST_CASE("alternatives, nesting, preamble and epilogue are all read", "[mime][structure]") {
  Message m = decode_bytes(
      "From: outer@example.com\nContent-Type: multipart/mixed; boundary=outer\n\n"
      "preamble text\n"
      "--outer\nContent-Type: multipart/alternative; boundary=alt\n\n"
      "--alt\nContent-Type: text/plain\n\nplain version\n"
      "--alt\nContent-Type: text/html\n\n<p>html version</p>\n"
      "--alt--\n"
      "--outer\nContent-Type: message/rfc822\n\n"
      "From: Inner Person <inner@example.com>\nSubject: inner subject\n"
      "Content-Type: multipart/mixed; boundary=in\n\n"
      "--in\nContent-Type: text/plain\n\ninner body\n--in--\n"
      "--outer--\n"
      "epilogue text\n");
  std::vector<std::string> paths;
  for (const Part& p : m.parts) paths.push_back(p.path);
  CHECK(paths == std::vector<std::string>{"root#preamble", "1.1", "1.2", "2.1.1", "root#epilogue"});
  CHECK(find_part(m, "1.1")->text == "plain version");
  CHECK(find_part(m, "1.2")->text == "html version\n");
  CHECK(find_part(m, "2.1.1")->text == "inner body");
  CHECK(find_part(m, "root#preamble")->text == "preamble text");
  CHECK(find_part(m, "root#epilogue")->text.starts_with("epilogue text"));
  REQUIRE(m.enclosed.size() == 1);
  CHECK(m.enclosed[0].path == "2");
  CHECK(m.enclosed[0].envelope.subject == "inner subject");
  CHECK(m.enclosed[0].envelope.from[0] == Address{"Inner Person", "inner@example.com"});
}

TEST_CASE("broken structure still yields the text, with defects", "[mime][structure]") {
  SECTION("multipart without a boundary parameter") {
    Message m = decode_bytes("Content-Type: multipart/mixed\n\nsome text that must be scanned\n");
    bool found = std::any_of(m.parts.begin(), m.parts.end(),
                             [](const Part& p) { return p.text.find("must be scanned") != std::string::npos; });
    CHECK(found);
  }
  SECTION("a missing closing boundary") {
    Message m = decode_bytes("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\ncut off");
    REQUIRE(find_part(m, "1") != nullptr);
    CHECK(find_part(m, "1")->text.starts_with("cut off"));
  }
  SECTION("NUL bytes in a body") {
    std::string msg = "Content-Type: text/plain\n\nbefore";
    msg.push_back('\0');
    msg += "after\n";
    Message m = decode_bytes(msg);
    CHECK(find_part(m, "root")->text.find("after") != std::string::npos);
  }
}

TEST_CASE("limits turn into defects", "[mime][limits]") {
  SECTION("parts") {
    std::string msg = "Content-Type: multipart/mixed; boundary=b\n\n";
    for (int i = 0; i < 20; ++i) msg += "--b\nContent-Type: text/plain\n\npart\n";
    msg += "--b--\n";
    DecodeOptions options;
    options.limits.max_parts = 5;
    Message m = decode_bytes(msg, options);
    // GMime sees the first five boundary lines (five parts); from the
    // sixth on the message is kept as plain text, so nothing goes unscanned.
    REQUIRE(m.parts.size() == 6);
    CHECK(m.parts[4].path == "5");
    CHECK(m.parts[5].path == "#unparsed");
    CHECK(m.parts[5].text.find("--b--") != std::string::npos);
    CHECK(has_defect(m, "mime.parts-limit"));
  }
  SECTION("depth") {
    std::string msg;
    for (int i = 0; i < 10; ++i)
      msg += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\n\n--b" + std::to_string(i) + "\n";
    msg += "Content-Type: text/plain\n\ndeep\n";
    DecodeOptions options;
    options.limits.max_depth = 4;
    Message m = decode_bytes(msg, options);
    CHECK(has_defect(m, "mime.depth-limit"));
  }
  SECTION("decoded bytes per part") {
    DecodeOptions options;
    options.limits.max_part_bytes = 10;
    Message m = decode_bytes("Content-Type: text/plain\n\n0123456789abcdefghij\n", options);
    CHECK(find_part(m, "root")->text == "0123456789");
    CHECK(find_part(m, "root")->bytes == 21);
    CHECK(has_defect(m, "part.truncated-at-limit"));
  }
}

TEST_CASE("attachments: size always, content only on request", "[mime][attachment]") {
  std::string msg =
      "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n"
      "Content-Disposition: attachment; filename=face.png\n\niVBORw0KGgo=\n--b--\n";
  Message without = decode_bytes(msg);
  CHECK(find_part(without, "1")->bytes == 8);
  CHECK(find_part(without, "1")->content.empty());
  CHECK_FALSE(find_part(without, "1")->is_text);
  DecodeOptions options;
  options.keep_attachment_content = true;
  Message with = decode_bytes(msg, options);
  CHECK(find_part(with, "1")->content == "\x89PNG\r\n\x1a\n");
  CHECK(find_part(with, "1")->filename == "face.png");
}

// A message is parsed as one MIME entity (faster than GMime's message
// object); its warnings and envelope must be those of a message (the
// expected defects are what the decoder gave when it parsed messages).
TEST_CASE("repeated top-level headers are reported as for a message, Content- fields are the body's",
          "[mime][defects]") {
  Message m = decode_bytes(
      "Received: from a\nReceived: from b\nDelivered-To: x@example.jp\nDelivered-To: y@example.jp\n"
      "Content-Disposition: inline\nFrom: taro@example.jp\nContent-Disposition: attachment\n"
      "To: hanako@example.jp\nTo: jiro@example.jp\nSubject: s\nSubject: s\n\nbody\n");
  std::vector<std::string> seen;
  for (const Defect& d : m.defects) seen.push_back(d.kind + " " + d.detail);
  // Received and Delivered-To may repeat; the single fields first, then the
  // body's Content- fields, as GMime reports a message.
  CHECK(seen == std::vector<std::string>{"mime.conflicting-header To", "mime.duplicated-header Subject",
                                         "mime.conflicting-header Content-Disposition"});
  for (const Header& h : m.envelope.headers) CHECK(h.name.rfind("Content-", 0) != 0);
  CHECK(m.envelope.headers.size() == 9);
  const Part* p = find_part(m, "root");
  REQUIRE(p != nullptr);
  CHECK(p->text == "body\n");

  // Damage beyond repeated fields: read as GMime reads a message, with its
  // warning that the message is malformed.
  Message cut = decode_bytes(
      "Content-Type: multipart/mixed; boundary=\"1\"\nMIME-Version: 1.0\n\n--1\nContent-Type: text/plain\n\n"
      "hello, world\n--1\nContent-Type: multipart/mixed; boundary=\"1\"\nMIME-Version: 2.0\n\n--1\n"
      "Content-Type: text/plain\n\nhello, world\n--1\n");
  seen.clear();
  for (const Defect& d : cut.defects) seen.push_back(d.kind);
  CHECK(seen == std::vector<std::string>{"mime.truncated", "mime.truncated", "mime.malformed"});
}
