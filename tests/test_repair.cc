// Messages that break the rules in ways real mail does, and how the decoder
// recovers their text (header blocks, conflicting fields, encodings).
#include "test_util.h"

#include <catch2/catch.hpp>

#include "mime/transfer.h"

#include <algorithm>

using namespace leakscan;
using test::decode_bytes;
using test::find_part;
using test::has_defect;
using namespace std::string_literals;

TEST_CASE("a body that starts without the blank line is still the body", "[repair]") {
  Message m = decode_bytes("Subject: x\nFrom: a@example.com\nDear Tanaka, call 03-1234-5678.\nSecond line\n");
  CHECK(m.envelope.subject == "x");
  CHECK(find_part(m, "root")->text == "Dear Tanaka, call 03-1234-5678.\nSecond line\n");
  CHECK(has_defect(m, "mime.missing-header-separator"));
}

TEST_CASE("white space: a separator before the body, folding before a header", "[repair]") {
  Message sep = decode_bytes("Subject: x\n \nWelcome to the service\n");
  CHECK(find_part(sep, "root")->text == "Welcome to the service\n");
  Message fold = decode_bytes("Subject: a\n \n\tcontinued\nTo: b@example.com\n\nbody\n");
  CHECK(fold.envelope.to.size() == 1);
  CHECK(find_part(fold, "root")->text == "body\n");
}

TEST_CASE("white space before the first header is dropped, an indented first header kept", "[repair]") {
  Message m = decode_bytes("      \n From: James <james@example.com>\nSubject: s\n\nbody\n");
  REQUIRE(m.envelope.from.size() == 1);
  CHECK(m.envelope.from[0].address == "james@example.com");
  CHECK(m.envelope.subject == "s");
}

TEST_CASE("a MIME part or an enclosed message without headers keeps its text", "[repair]") {
  Message m = decode_bytes(
      "Content-Type: multipart/mixed; boundary=b\n\n"
      "--b\nI am a part without headers\n\n"
      "--b\nContent-Type: message/rfc822\n\n[original message goes here]\n"
      "--b\nContent-Type: text/plain\n\nlast part\n"
      "--b--\n");
  CHECK(find_part(m, "1")->text.starts_with("I am a part without headers"));
  CHECK(find_part(m, "2.1")->text == "[original message goes here]");
  CHECK(find_part(m, "3")->text == "last part");
}

TEST_CASE("two Content-Type fields: the multipart whose boundary occurs wins", "[repair]") {
  Message m = decode_bytes(
      "Content-Type: multipart/mixed;\n\tboundary=\"xyz\"\nSubject: s\nContent-Type: text/plain\n\n"
      "--xyz\nContent-Type: text/plain\n\nfirst\n--xyz\nContent-Type: text/plain\n\nsecond\n--xyz--\n");
  REQUIRE(m.parts.size() == 2);
  CHECK(find_part(m, "2")->text == "second");
  CHECK(has_defect(m, "mime.conflicting-content-type"));
}

TEST_CASE("a Content-Type that does not parse means text/plain", "[repair]") {
  Message m = decode_bytes("Content-Type: BINARY;name=\"x\"\n\nreadable text\n");
  CHECK(find_part(m, "root")->content_type == "text/plain");
  CHECK(find_part(m, "root")->text == "readable text\n");
}

TEST_CASE("base64: a list footer after the data, junk after padding, missing padding", "[repair][transfer]") {
  Message footer = decode_bytes(
      "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
      "5bGx55Sw6Iqx5a2Q\n\n_______________\nList mailing list\nhttps://lists.example.org/list\n");
  CHECK(find_part(footer, "root")->text == "山田花子");
  REQUIRE(find_part(footer, "root#trailer") != nullptr);
  CHECK(find_part(footer, "root#trailer")->text.find("List mailing list") != std::string::npos);
  CHECK(has_defect(footer, "cte.text-after-base64"));

  Message junk = decode_bytes(
      "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\necO2dMOkIHZhYW4uCg== ignored\n");
  CHECK(find_part(junk, "root")->text == "yötä vaan.\n");

  DecodeOptions keep;
  keep.keep_attachment_content = true;
  Message unpadded =
      decode_bytes("Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\nAAAAAA\n", keep);
  CHECK(find_part(unpadded, "root")->content == std::string(4, '\0'));

  Message text = decode_bytes(
      "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\nthis is plainly not base64 at all\n");
  CHECK(find_part(text, "root")->text == "this is plainly not base64 at all\n");
  CHECK(has_defect(text, "cte.not-base64"));
}

namespace {

// `plain` in base64, `columns` characters a line, each line ended by `eol`;
// without `pad` the last quartet loses its '='.
std::string base64_lines(const std::string& plain, std::size_t columns, const std::string& eol, bool pad) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t column = 0;
  for (std::size_t i = 0; i < plain.size(); i += 3) {
    uint32_t v = static_cast<unsigned char>(plain[i]) << 16;
    if (i + 1 < plain.size()) v |= static_cast<unsigned char>(plain[i + 1]) << 8;
    if (i + 2 < plain.size()) v |= static_cast<unsigned char>(plain[i + 2]);
    std::string quartet{kAlphabet[(v >> 18) & 63], kAlphabet[(v >> 12) & 63],
                        i + 1 < plain.size() ? kAlphabet[(v >> 6) & 63] : '=',
                        i + 2 < plain.size() ? kAlphabet[v & 63] : '='};
    if (!pad) quartet.erase(quartet.find_last_not_of('=') + 1);
    for (char c : quartet) {
      out += c;
      if (++column == columns) {
        out += eol;
        column = 0;
      }
    }
  }
  return out + eol;
}

}  // namespace

TEST_CASE("a 200 KB base64 body in CRLF lines decodes exactly", "[transfer]") {
  std::string plain;
  for (int i = 0; plain.size() < 200000; ++i) plain += "行" + std::to_string(i) + " ";
  std::string encoded = base64_lines(plain, 76, "\r\n", true);
  Message m =
      decode_bytes("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" + encoded + "\n");
  CHECK(find_part(m, "root")->text == plain);
}

TEST_CASE("base64: every length and alignment, junk, limits and concatenated bodies", "[transfer]") {
  std::string plain;
  for (int i = 0; i < 300; ++i) plain.push_back(static_cast<char>((i * 37 + 11) & 0xFF));
  for (std::size_t n = 0; n <= 300; n += (n < 20 ? 1 : 17)) {
    std::string bytes = plain.substr(0, n);
    for (std::size_t columns : {76, 61, 4, 3}) {
      for (bool pad : {true, false}) {
        INFO("length " << n << " columns " << columns << " padded " << pad);
        std::string encoded = base64_lines(bytes, columns, columns == 3 ? " \r\n" : "\n", pad);
        std::string out = "kept:";
        TransferResult r = transfer_decode(encoded, TransferEncoding::kBase64, 1 << 20, &out);
        CHECK(out == "kept:" + bytes);
        CHECK(r.decoded_size == n);
        CHECK_FALSE(r.truncated);
        CHECK(transfer_decode(encoded, TransferEncoding::kBase64, 1 << 20, nullptr).decoded_size == n);
        std::string head;
        TransferResult cut = transfer_decode(encoded, TransferEncoding::kBase64, 7, &head);
        CHECK(head == bytes.substr(0, 7));
        CHECK(cut.decoded_size == n);
        CHECK(cut.truncated == (n > 7));
      }
    }
  }
  std::string out;
  transfer_decode("QU!J\tD*\nR A==\n", TransferEncoding::kBase64, 100, &out);
  CHECK(out == "ABCD");  // bytes outside the alphabet are skipped
  out.clear();
  transfer_decode("QQ==\nQUJD\n", TransferEncoding::kBase64, 100, &out);
  CHECK(out == "AABC");  // a second body after the first one's padding
  // Sizing without decoding agrees, also where padding ends a quartet early
  // (found by fuzz_transfer: the size counted every sextet).
  for (std::string_view body : {"QQ==\nQUJD\n", "QQ=\nQUJD", "Q=Q=QUJD", "=QUJD", "QUJD=Q", "QU=JD=="}) {
    INFO(body);
    std::string kept;
    std::uint64_t decoded = transfer_decode(body, TransferEncoding::kBase64, 100, &kept).decoded_size;
    CHECK(decoded == kept.size());
    CHECK(transfer_decode(body, TransferEncoding::kBase64, 100, nullptr).decoded_size == decoded);
  }
  out.clear();
  transfer_decode("Q\n", TransferEncoding::kBase64, 100, &out);
  CHECK(out.empty());  // one sextet is no byte
}

TEST_CASE("quoted-printable: transport white space at line ends goes, also after a soft break", "[transfer]") {
  Message m = decode_bytes(
      "Content-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\n"
      "line with trailing   \nsoft=  \nbreak\r\nkept=3D=20\nbad =ZZ sequence\n");
  CHECK(find_part(m, "root")->text == "line with trailing\nsoftbreak\nkept= \nbad =ZZ sequence\n");
}

TEST_CASE("a transfer-encoded message/rfc822 and a first message/partial are parsed", "[repair][structure]") {
  Message m = decode_bytes(
      "Content-Type: multipart/mixed; boundary=b\n\n"
      "--b\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n"
      "U3ViamVjdDogaW5uZXIKRnJvbTogSW5uZXIgPGlubmVyQGV4YW1wbGUuY29tPgoKaW5uZXIgYm9keQo=\n"
      "--b\nContent-Type: message/partial; number=1; total=2; id=\"x@example\"\n\n"
      "Subject: fragment\nContent-Type: text/plain\n\nfirst fragment\n"
      "--b--\n");
  REQUIRE(m.enclosed.size() == 2);
  CHECK(m.enclosed[0].envelope.subject == "inner");
  CHECK(m.enclosed[0].envelope.from[0].address == "inner@example.com");
  CHECK(find_part(m, "1.1")->text == "inner body\n");
  CHECK(m.enclosed[1].envelope.subject == "fragment");
  CHECK(find_part(m, "2.1")->text == "first fragment");
  CHECK(has_defect(m, "mime.encoded-message"));
}

TEST_CASE("raw 8-bit headers are read in the body's charset", "[header][charset]") {
  // EUC-KR "광고" in a raw Subject: as EUC-JP it would decode to kanji.
  Message m = decode_bytes("Subject: [\xb1\xa4\xb0\xed] sale\nContent-Type: text/plain; charset=euc-kr\n\nx\n");
  CHECK(m.envelope.subject == "[광고] sale");
}

TEST_CASE("UTF-16 without a byte order mark: the zero bytes tell the order", "[charset]") {
  Message m = decode_bytes("Subject: =?utf-16?B?RABlAHMAaQBnAG4A?=\n\n");
  CHECK(m.envelope.subject == "Design");
}

TEST_CASE("Latin-1 art is not read as Japanese, Shift_JIS with a stray bad byte is", "[charset]") {
  Message art = decode_bytes(
      "Subject: x\n\n\xb7\xb8\xb8\xb7\xb4\xaf`\xb7\xb8\xb8\xb7\xb4\xaf`\xb7\xb8\xb8\xb7\xb4\xaf`"
      "\xb7\xb8\xb8\xb7\xb4\xaf`\xb7\xb8\xb8\xb7\n");
  CHECK(find_part(art, "root")->decoded_charset == "windows-1252");
  Message sjis = decode_bytes("Subject: x\n\n\x83\x81\x81\x5b\x83\x8b\x82\xcc\x8a\x6d\x94\x46\xff\n");
  CHECK(find_part(sjis, "root")->decoded_charset == "windows-31j");
  CHECK(find_part(sjis, "root")->text.starts_with("メールの確認"));
}

TEST_CASE("addresses: two without a comma, encoded words with specials, comments, quoted local parts", "[address]") {
  Message m = decode_bytes(
      "From: Bob Dunite <bob@extern> Bobby Dunite <bobby@extern>\n"
      "To: =?utf-8?Q?=D0=92=D0=B5=D1=81=D1=82=D0=BD=D0=B8=D0=BA=C2=AE=20:)?= <news@example.ru>\n"
      "Cc: Pete(A wonderful \\) chap) <pete(his account)@silly.test(his host)>, \"a@b\"@example.org, test1@local>\n\n");
  REQUIRE(m.envelope.from.size() == 2);
  CHECK(m.envelope.from[0] == Address{"Bob Dunite", "bob@extern"});
  CHECK(m.envelope.from[1] == Address{"Bobby Dunite", "bobby@extern"});
  REQUIRE(m.envelope.to.size() == 1);
  CHECK(m.envelope.to[0] == Address{"Вестник® :)", "news@example.ru"});
  REQUIRE(m.envelope.cc.size() == 3);
  CHECK(m.envelope.cc[0].address == "pete@silly.test");
  CHECK(m.envelope.cc[1].address == "\"a@b\"@example.org");
  CHECK(m.envelope.cc[2].address == "test1@local");
}

TEST_CASE("uuencoded and yEnc files inside a text body become parts", "[transfer][structure]") {
  DecodeOptions options;
  options.keep_attachment_content = true;
  Message m = decode_bytes(
      "Content-Type: text/plain\n\nhere is the file\nbegin 644 hello.txt\n%:&5L;&\\ \n`\nend\n"
      "and a yEnc one\n=ybegin line=128 size=5 name=y.txt\n\x92\x8f\x96\x96\x99\n=yend size=5\nbye\n"
      "begin again is just a word here\n",
      options);
  CHECK(find_part(m, "root")->text == "here is the file\nand a yEnc one\nbye\nbegin again is just a word here\n");
  REQUIRE(find_part(m, "root#uu1") != nullptr);
  CHECK(find_part(m, "root#uu1")->filename == "hello.txt");
  CHECK(find_part(m, "root#uu1")->content == "hello");
  REQUIRE(find_part(m, "root#yenc1") != nullptr);
  CHECK(find_part(m, "root#yenc1")->filename == "y.txt");
  CHECK(find_part(m, "root#yenc1")->content == "hello");
}
