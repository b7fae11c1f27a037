// Mailbox readers: mbox dialects, gzip, .eml, Maildir, directory trees.
#include "test_util.h"

#include <libscan/error.h>
#include <libscan/provenance.h>

#include "read/opened_input.h"

#include <catch2/catch.hpp>

#include <random>

using namespace leakscan;
using leakscan::test::TempDir;

namespace {

const std::string kThree =
    "From alice@example.com Mon Jan  1 00:00:00 2024\n"
    "From: alice@example.com\n"
    "Subject: one\n"
    "\n"
    "first body\n"
    ">From the quoted line\n"
    "\n"
    "From bob@example.com Tue Jan  2 00:00:00 2024\n"
    "Subject: two\n"
    "\n"
    "From time to time a body says this.\n"
    ">>From doubly quoted\n"
    "\n"
    "From - Wed Jan  3 00:00:00 2024\n"
    "Subject: three\n"
    "\n"
    "last\n";

}  // namespace

TEST_CASE("mbox splits on From_ lines and undoes >From quoting", "[reader]") {
  TempDir dir;
  auto messages = test::read_all(dir.write("a.mbox", kThree));
  REQUIRE(messages.size() == 3);
  CHECK(messages[0].index == 0);
  CHECK(messages[0].offset == 0);
  CHECK(messages[0].envelope == "alice@example.com Mon Jan  1 00:00:00 2024");
  CHECK(messages[0].bytes == "From: alice@example.com\nSubject: one\n\nfirst body\nFrom the quoted line\n");
  CHECK(messages[1].offset == kThree.find("From bob"));
  CHECK(messages[1].bytes == "Subject: two\n\nFrom time to time a body says this.\n>From doubly quoted\n");
  CHECK(messages[2].index == 2);
  CHECK(messages[2].offset == kThree.find("From - Wed"));
  CHECK(messages[2].bytes == "Subject: three\n\nlast\n");
}

// The unquoting moves text in blocks between quoted From_ lines; a line by
// line reference says what each message must read.
TEST_CASE("mbox: >From quoting undone in bodies of every shape", "[reader]") {
  const std::vector<std::string> lines = {">From a\n", ">>From b\n", ">>>From c\n", "> From d\n", ">Fro\n",
                                          ">\n",       "text\n",     "\n",          "\r\n",       ">From \r\n",
                                          "x>From\n",  "From\n",     ">> quoted\n", ">From"};
  std::mt19937 random(3);
  std::string mbox, expected_all;
  std::vector<std::string> expected;
  for (int m = 0; m < 300; ++m) {
    std::string body;
    int count = static_cast<int>(random() % 12);
    for (int k = 0; k < count; ++k) {
      const std::string& line = lines[random() % (lines.size() - 1)];  // the last only at the end
      body += line;
    }
    if (random() % 5 == 0) body += lines.back();
    std::string unquoted;
    for (std::size_t i = 0; i < body.size();) {
      std::size_t end = body.find('\n', i);
      end = end == std::string::npos ? body.size() : end + 1;
      std::string line = body.substr(i, end - i);
      std::size_t marks = line.find_first_not_of('>');
      if (marks != std::string::npos && marks > 0 && line.compare(marks, 5, "From ") == 0) line.erase(0, 1);
      unquoted += line;
      i = end;
    }
    std::string message = "Subject: m" + std::to_string(m) + "\n\n" + body;
    if (!message.ends_with('\n')) message += '\n';
    mbox += "From a@example.com Mon Jan  1 00:00:00 2024\n" + message + "\n";
    std::string want = "Subject: m" + std::to_string(m) + "\n\n" + unquoted;
    if (!want.ends_with('\n')) want += '\n';
    expected.push_back(want);
  }
  TempDir dir;
  auto messages = test::read_all(dir.write("quoted.mbox", mbox));
  REQUIRE(messages.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO(i);
    CHECK(messages[i].bytes == expected[i]);
  }
}

TEST_CASE("mbox with CRLF line endings", "[reader]") {
  TempDir dir;
  std::string crlf;
  for (char c : kThree) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  auto messages = test::read_all(dir.write("crlf.mbox", crlf));
  REQUIRE(messages.size() == 3);
  CHECK(messages[0].bytes.starts_with("From: alice@example.com\r\n"));
  CHECK(messages[0].bytes.ends_with("From the quoted line\r\n"));
  CHECK(messages[2].offset == crlf.find("From - Wed"));
}

TEST_CASE("mboxcl: a true Content-Length keeps unquoted From_ lines in the body", "[reader]") {
  std::string body = "line\nFrom someone@example.com Mon Jan  1 00:00:00 2024\nmore\n";
  std::string mbox = "From a@example.com Mon Jan  1 00:00:00 2024\nContent-Length: " + std::to_string(body.size()) +
                     "\n\n" + body + "\nFrom b@example.com Mon Jan  1 00:00:00 2024\nSubject: b\n\nb\n";
  TempDir dir;
  auto messages = test::read_all(dir.write("cl.mbox", mbox));
  REQUIRE(messages.size() == 2);
  CHECK(messages[0].bytes.ends_with(body));
  CHECK(messages[1].bytes == "Subject: b\n\nb\n");
}

TEST_CASE("mboxcl: a wrong Content-Length falls back to From_ lines", "[reader]") {
  std::string mbox =
      "From a@example.com Mon Jan  1 00:00:00 2024\nContent-Length: 500\n\nshort\n\n"
      "From b@example.com Mon Jan  1 00:00:00 2024\nSubject: b\n\nb\n\n"
      "From c@example.com Mon Jan  1 00:00:00 2024\nSubject: c\n\nc\n";
  TempDir dir;
  std::string path = dir.write("wrong.mbox", mbox);
  auto messages = test::read_all(path);
  REQUIRE(messages.size() == 3);
  CHECK(messages[0].bytes == "Content-Length: 500\n\nshort\n");
  CHECK(messages[1].bytes == "Subject: b\n\nb\n");
  CHECK(messages[1].offset == mbox.find("From b@"));
  CHECK(messages[2].bytes == "Subject: c\n\nc\n");
  InputRecord record = test::read_record(path);
  REQUIRE(record.defects.size() == 1);
  CHECK(record.defects[0].kind == "mbox.content-length-wrong");
}

TEST_CASE("gzip mbox yields the same messages and hashes the stored bytes", "[reader]") {
  TempDir dir;
  std::string compressed = test::gzip(kThree);
  std::string path = dir.write("a.mbox.gz", compressed);
  auto plain = test::read_all(dir.write("a.mbox", kThree));
  auto gz = test::read_all(path);
  REQUIRE(gz.size() == plain.size());
  for (std::size_t i = 0; i < gz.size(); ++i) {
    CHECK(gz[i].bytes == plain[i].bytes);
    CHECK(gz[i].offset == plain[i].offset);
  }
  InputRecord record = test::read_record(path);
  CHECK(record.format == "mbox+gzip");
  CHECK(record.bytes == compressed.size());
  CHECK(record.messages == 3);
  CHECK(record.defects.empty());
}

TEST_CASE("a truncated gzip keeps the messages before the cut and records a defect", "[reader]") {
  TempDir dir;
  std::string big = kThree;
  for (int i = 0; i < 200; ++i)
    big += "\nFrom x@example.com Mon Jan  1 00:00:00 2024\nSubject: n\n\nbody " + std::to_string(i) + "\n";
  std::string compressed = test::gzip(big);
  std::string path = dir.write("cut.mbox.gz", compressed.substr(0, compressed.size() / 2));
  InputRecord record = test::read_record(path);
  CHECK(record.messages > 3);
  CHECK(record.messages < 203);
  REQUIRE(!record.defects.empty());
  CHECK(record.defects.back().kind == "gzip.truncated");
  CHECK(record.error.empty());
}

TEST_CASE("SHA-256 covers the whole file", "[reader]") {
  TempDir dir;
  InputRecord record = test::read_record(dir.write("abc.eml", "abc"));
  CHECK(record.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(record.bytes == 3);
  CHECK(record.format == "eml");
}

TEST_CASE("a single .eml is one message at offset 0, a BOM is dropped as a defect", "[reader]") {
  TempDir dir;
  auto messages = test::read_all(dir.write("m.eml", "\xEF\xBB\xBFSubject: x\r\n\r\nbody\r\n"));
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].offset == 0);
  CHECK(messages[0].bytes == "Subject: x\r\n\r\nbody\r\n");
  REQUIRE(messages[0].defects.size() == 1);
  CHECK(messages[0].defects[0].kind == "input.bom");
}

TEST_CASE("Maildir: cur/ and new/ sorted, tmp/ and index files skipped", "[reader]") {
  TempDir dir;
  dir.write("box/cur/2.host:2,S", "Subject: b\n\nb\n");
  dir.write("box/cur/1.host:2,S", "Subject: a\n\na\n");
  dir.write("box/new/3.host", "Subject: c\n\nc\n");
  dir.write("box/tmp/4.host", "Subject: partial\n\n");
  dir.write("box/dovecot-uidlist", "3 V1 N4\n");
  dir.write("box/.Sent/cur/5.host:2,S", "Subject: sent\n\ns\n");
  dir.write("box/.Sent/new/.hidden", "x");
  std::string root = (dir.path() / "box").string();
  auto files = expand_inputs({root});
  std::vector<std::string> got;
  for (const InputFile& f : files) got.push_back(f.path.substr(root.size()));
  CHECK(got == std::vector<std::string>{"/.Sent/cur/5.host:2,S", "/cur/1.host:2,S", "/cur/2.host:2,S", "/new/3.host"});
}

TEST_CASE("a directory tree of .eml files is read in byte-wise sorted order", "[reader]") {
  TempDir dir;
  dir.write("tree/b/2.eml", "Subject: 2\n\n");
  dir.write("tree/a.eml", "Subject: a\n\n");
  dir.write("tree/B.eml", "Subject: B\n\n");
  dir.write("tree/.DS_Store", "junk");
  std::string root = (dir.path() / "tree").string();
  auto files = expand_inputs({root + "/"});
  std::vector<std::string> got;
  for (const InputFile& f : files) got.push_back(f.path.substr(root.size()));
  CHECK(got == std::vector<std::string>{"/B.eml", "/a.eml", "/b/2.eml"});
}

TEST_CASE("a missing input is an InputError naming it", "[reader]") {
  CHECK_THROWS_AS(expand_inputs({"/nonexistent/leakscan/mail.mbox"}), InputError);
  CHECK_THROWS_WITH(open_reader({"/nonexistent/leakscan/mail.mbox"}, 0, {}),
                    Catch::Contains("/nonexistent/leakscan/mail.mbox"));
}

TEST_CASE("a line longer than the read buffer does not hide the next From_ line", "[reader]") {
  std::string mbox = "From a@example.com Mon Jan  1 00:00:00 2024\nSubject: long\n\n" + std::string(3 << 20, 'x') +
                     "\n\nFrom b@example.com Mon Jan  1 00:00:00 2024\nSubject: b\n\nb\n";
  TempDir dir;
  auto messages = test::read_all(dir.write("long.mbox", mbox));
  REQUIRE(messages.size() == 2);
  CHECK(messages[0].bytes.size() == std::string("Subject: long\n\n").size() + (3 << 20) + 1);
  CHECK(messages[1].bytes == "Subject: b\n\nb\n");
}

TEST_CASE("a message over the size limit is cut with a defect and the next one is read", "[reader]") {
  std::string mbox = "From a@example.com Mon Jan  1 00:00:00 2024\nSubject: big\n\n";
  for (int i = 0; i < 1000; ++i) mbox += "0123456789012345678901234567890123456789\n";
  mbox += "\nFrom b@example.com Mon Jan  1 00:00:00 2024\nSubject: b\n\nb\n";
  Limits limits;
  limits.max_message_bytes = 4096;
  TempDir dir;
  auto messages = test::read_all(dir.write("big.mbox", mbox), limits);
  REQUIRE(messages.size() == 2);
  CHECK(messages[0].bytes.size() <= 4096);
  REQUIRE(messages[0].defects.size() == 1);
  CHECK(messages[0].defects[0].kind == "message.truncated-at-limit");
  CHECK(messages[1].bytes == "Subject: b\n\nb\n");
}

TEST_CASE("dateless From_ lines split after a blank line when headers follow", "[reader]") {
  std::string mbox =
      "From - \nX-Mozilla-Status: 0001\nSubject: a\n\nbody a\n\n"
      "From 1844347792267117879@xxx\nX-GM-THRID: 1\nSubject: b\n\nbody b\n"
      "From here on, this is body text of b.\n\n"
      "From here on\nthis is too.\n";
  TempDir dir;
  auto messages = test::read_all(dir.write("takeout.mbox", mbox));
  REQUIRE(messages.size() == 2);
  CHECK(messages[0].envelope == "-");  // trailing space dropped
  CHECK(messages[1].envelope == "1844347792267117879@xxx");
  CHECK(messages[1].bytes.ends_with("this is too.\n"));
}

TEST_CASE("From_ line plausibility", "[reader]") {
  CHECK(is_mbox_from_line("From alice@example.com Mon Jan  1 00:00:00 2024\n"));
  CHECK(is_mbox_from_line("From - Sat Jan  3 01:05:34 1996\r\n"));
  CHECK(is_mbox_from_line("From 1787654321234567890@xxx Wed Jan 03 12:34:56 +0000 2024\n"));
  CHECK_FALSE(is_mbox_from_line("From time to time\n"));
  CHECK_FALSE(is_mbox_from_line("From here on, we go\n"));
  CHECK_FALSE(is_mbox_from_line("From: alice@example.com\n"));
}

TEST_CASE("CR-only files (classic Mac OS) are read with CR as the line end", "[reader]") {
  TempDir dir;
  auto messages =
      test::read_all(dir.write("mac.mbox", "From a@example.com Mon Jan  1 00:00:00 2024\rSubject: mac\r\rbody\r"));
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].bytes == "Subject: mac\n\nbody\n");
  InputRecord record = test::read_record(dir.write("mac.eml", "Subject: mac\r\rbody\r"));
  REQUIRE(record.defects.size() == 1);
  CHECK(record.defects[0].kind == "input.cr-line-endings");
}

TEST_CASE("the rules' digest changes with any file's bytes or name, not with hidden files", "[read][provenance]") {
  leakscan::test::TempDir dir;
  dir.write("rules/a.yaml", "abc");
  dir.write("rules/lists/b.txt", "def");
  std::string root = (dir.path() / "rules").string();
  std::string digest = leakscan::directory_sha256(root);
  CHECK(digest.size() == 64);
  dir.write("rules/.a.yaml.swp", "editor state");
  dir.write("rules/.git/HEAD", "ref");
  CHECK(leakscan::directory_sha256(root) == digest);
  dir.write("rules/a.yaml", "abcd");
  dir.write("rules/lists/b.txt", "ef");  // the same bytes in all, split otherwise
  CHECK(leakscan::directory_sha256(root) != digest);
  dir.write("rules/a.yaml", "abc");
  dir.write("rules/lists/b.txt", "def");
  CHECK(leakscan::directory_sha256(root) == digest);
  std::filesystem::rename(dir.path() / "rules/a.yaml", dir.path() / "rules/c.yaml");
  CHECK(leakscan::directory_sha256(root) != digest);
  CHECK(leakscan::file_sha256(dir.write("empty", "")) ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK_THROWS_AS(leakscan::directory_sha256((dir.path() / "none").string()), leakscan::InputError);
}
