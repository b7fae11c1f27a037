// End-to-end: the leakscan binary on the bundled samples and on files made
// here, compared with expected outputs.
#include "test_util.h"

#include <libscan/provenance.h>

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <array>
#include <cstdio>
#include <filesystem>

using leakscan::test::TempDir;

namespace {

struct Run {
  int exit_code = -1;
  std::string out;
};

// Runs `args` (shell words) with the leakscan binary, from the source tree,
// after the shell commands `before` ("umask 077; ").
Run run_cli(const std::string& args, const std::string& before = "") {
  std::string command = std::string("cd '") + LEAKSCAN_SOURCE_DIR + "' && " + before + "'" + LEAKSCAN_BIN + "' " + args;
  Run run;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 65536> buffer;
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) run.out.append(buffer.data(), n);
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string source(const std::string& relative) { return std::string(LEAKSCAN_SOURCE_DIR) + "/" + relative; }

// summary.json without its provenance block: the rules' digest moves with
// every rule edit, the figures must not.
std::string without_provenance(std::string summary) {
  std::size_t begin = summary.find("  \"provenance\": {");
  if (begin == std::string::npos) return summary;
  std::size_t end = summary.find("  },\n", begin);
  return summary.erase(begin, end + 5 - begin);
}

// The value of a "key": "value" pair of a pretty-printed JSON document.
std::string json_string(const std::string& text, const std::string& key) {
  std::size_t at = text.find("\"" + key + "\": \"");
  if (at == std::string::npos) return "";
  at += key.size() + 5;
  return text.substr(at, text.find('"', at) - at);
}

// The dump lines without their "input" field, for comparing formats.
std::vector<std::string> without_input(const std::string& dump) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < dump.size()) {
    std::size_t end = dump.find('\n', pos);
    std::string line = dump.substr(pos, end - pos);
    std::size_t index = line.find(",\"index\"");
    lines.push_back(line.substr(index));
    pos = end + 1;
  }
  return lines;
}

}  // namespace

TEST_CASE("version and help exit 0, no command exits 2", "[cli]") {
  Run v = run_cli("--version");
  CHECK(v.exit_code == 0);
  CHECK(v.out.starts_with("leakscan "));
  CHECK(v.out.find("\nOCR: ") != std::string::npos);  // what this build can do with pictures
  CHECK(v.out.find("\nallocator: ") != std::string::npos);
  CHECK(run_cli("--help").exit_code == 0);
  CHECK(run_cli("2>/dev/null").exit_code == 2);
  CHECK(run_cli("frobnicate 2>/dev/null").exit_code == 2);
  CHECK(run_cli("scan --no-such-option x 2>/dev/null").exit_code == 2);
}

TEST_CASE("a missing input exits 3 and names the file", "[cli]") {
  Run r = run_cli("scan --quiet --out /tmp/leakscan-never /no/such/mailbox.mbox 2>&1");
  CHECK(r.exit_code == 3);
  CHECK(r.out.find("/no/such/mailbox.mbox") != std::string::npos);
}

TEST_CASE("scan of the sample with its case writes the expected outputs, 0600 in a 0700 directory", "[cli][sample]") {
  TempDir dir;
  std::string out = (dir.path() / "out").string();
  Run r = run_cli("scan --quiet --case samples/basic/case.yaml --out '" + out + "' samples/basic/mailbox.mbox");
  REQUIRE(r.exit_code == 0);
  for (const char* name : {"summary.json", "findings.jsonl", "persons.csv", "report.md"}) {
    INFO(name);
    CHECK(without_provenance(slurp(out + "/" + name)) == slurp(source(std::string("samples/basic/expected/") + name)));
  }
  std::string summary = slurp(out + "/summary.json");
  CHECK(json_string(summary, "case_sha256") == leakscan::file_sha256(source("samples/basic/case.yaml")));
  CHECK(json_string(summary, "rules_sha256") == leakscan::directory_sha256(source("rules")));
  struct stat st {};
  REQUIRE(::stat(out.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(out)) {
    ++files;
    REQUIRE(::stat(entry.path().c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
  }
  CHECK(files == 5);  // the four above and persons.jsonl; no spool or temporary left
}

TEST_CASE("scan without --case uses the shipped template and lists all its categories", "[cli][sample]") {
  TempDir dir;
  std::string out = (dir.path() / "out").string();
  Run r = run_cli("scan --out '" + out + "' samples/basic/mailbox.mbox");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("3-6 ") != std::string::npos);
  CHECK(r.out.find("total") != std::string::npos);
  std::string summary = slurp(out + "/summary.json");
  CHECK(summary.find("\"id\": \"2-2-2\"") != std::string::npos);
  CHECK(summary.find("\"persons_total\": 6") != std::string::npos);  // no internal domains in the template
}

TEST_CASE("scan --expect passes on the same figures and exits 1 with the differences otherwise", "[cli][sample]") {
  TempDir dir;
  std::string out = (dir.path() / "out").string();
  std::string scan = "scan --quiet --case samples/basic/case.yaml --out '" + out + "' ";
  CHECK(run_cli(scan + "--expect samples/basic/expected/summary.json samples/basic/mailbox.mbox").exit_code == 0);
  std::string changed = slurp(source("samples/basic/expected/summary.json"));
  changed.replace(changed.find("\"persons_total\": 5"), 18, "\"persons_total\": 7");
  std::string expected = dir.write("expected.json", changed);
  Run differ = run_cli(scan + "--expect '" + expected + "' samples/basic/mailbox.mbox 2>&1");
  CHECK(differ.exit_code == 1);
  CHECK(differ.out.find("persons_total: expected 7, got 5") != std::string::npos);
  std::string bad = dir.write("bad.json", "{}");
  CHECK(run_cli(scan + "--expect '" + bad + "' samples/basic/mailbox.mbox 2>/dev/null").exit_code == 2);
  // A directory opens as a stream; reading it must not abort the CLI.
  Run directory = run_cli(scan + "--expect '" + dir.path().string() + "' samples/basic/mailbox.mbox 2>&1");
  CHECK(directory.exit_code == 2);
  CHECK(directory.out.find("not a readable regular file") != std::string::npos);
}

TEST_CASE("scan --since and --until select messages by their Date", "[cli][sample]") {
  TempDir dir;
  std::string out = (dir.path() / "out").string();
  Run r = run_cli("scan --quiet --case samples/basic/case.yaml --since 2024-04-03 --until 2024-04-04 --out '" + out +
                  "' samples/basic/mailbox.mbox");
  REQUIRE(r.exit_code == 0);
  std::string summary = slurp(out + "/summary.json");
  // Messages of 3 and 4 April, and the one without a parseable Date.
  CHECK(summary.find("\"in_window\": 3") != std::string::npos);
  CHECK(summary.find("\"total\": 6") != std::string::npos);
  CHECK(
      run_cli("scan --quiet --since 2024-13-01 --out '" + out + "' samples/basic/mailbox.mbox 2>/dev/null").exit_code ==
      2);
}

TEST_CASE("a bad case file exits 2 naming the file, line and field", "[cli]") {
  TempDir dir;
  Run r = run_cli("scan --quiet --case tests/cases-bad/unknown-matcher.yaml --out '" + (dir.path() / "out").string() +
                  "' samples/basic/mailbox.mbox 2>&1");
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("unknown-matcher.yaml:5: categories[0].match.domain: unknown matcher") != std::string::npos);
}

TEST_CASE("dump --text of the sample matches the expected decoding", "[cli][sample]") {
  Run r = run_cli("dump --text samples/basic/mailbox.mbox");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == slurp(source("samples/basic/expected/dump.jsonl")));
}

TEST_CASE("one mailbox read as mbox, gzip, stdin, .eml files and Maildir decodes the same", "[cli][reader]") {
  TempDir dir;
  Run mbox = run_cli("dump --text samples/basic/mailbox.mbox");
  REQUIRE(mbox.exit_code == 0);
  Run stdin_run = run_cli("dump --text - < samples/basic/mailbox.mbox");
  CHECK(without_input(stdin_run.out) == without_input(mbox.out));

  std::string gz = dir.write("mailbox.mbox.gz", leakscan::test::gzip(slurp(source("samples/basic/mailbox.mbox"))));
  Run gz_run = run_cli("dump --text '" + gz + "'");
  CHECK(without_input(gz_run.out) == without_input(mbox.out));

  // Split into one file per message: as .eml files and as a Maildir. Their
  // offsets are 0 and their indexes restart, so compare the parts only.
  auto messages = leakscan::test::read_all(source("samples/basic/mailbox.mbox"));
  for (std::size_t i = 0; i < messages.size(); ++i) {
    dir.write("eml/" + std::to_string(i) + ".eml", messages[i].bytes);
    dir.write("maildir/cur/" + std::to_string(i) + ".host:2,S", messages[i].bytes);
  }
  dir.write("maildir/new/.keep", "");
  auto parts_of = [](const std::string& dump) {
    std::vector<std::string> parts;
    for (const std::string& line : without_input(dump)) parts.push_back(line.substr(line.find("\"message_id\"")));
    return parts;
  };
  Run eml = run_cli("dump --text '" + (dir.path() / "eml").string() + "'");
  Run maildir = run_cli("dump --text '" + (dir.path() / "maildir").string() + "'");
  CHECK(parts_of(eml.out) == parts_of(mbox.out));
  CHECK(parts_of(maildir.out) == parts_of(mbox.out));
}

TEST_CASE("findings are masked unless --reveal, in scan and in dump", "[cli][sample]") {
  TempDir dir;
  std::string out = (dir.path() / "out").string();
  REQUIRE(run_cli("scan --quiet --reveal --out '" + out + "' samples/basic/mailbox.mbox 2>/dev/null").exit_code == 0);
  std::string revealed = slurp(out + "/findings.jsonl");
  CHECK(revealed.find("\"value\":\"03-1234-5678\"") != std::string::npos);
  CHECK(slurp(out + "/persons.csv").find("yamada@example-trading.co.jp") != std::string::npos);
  // Without --reveal no output holds a value the sample's mail holds in clear.
  std::string masked_out = (dir.path() / "masked").string();
  REQUIRE(run_cli("scan --quiet --out '" + masked_out + "' samples/basic/mailbox.mbox").exit_code == 0);
  for (const char* name : {"findings.jsonl", "persons.csv", "persons.jsonl", "report.md", "summary.json"}) {
    std::string text = slurp(masked_out + "/" + name);
    for (const char* value :
         {"03-1234-5678", "yamada@example-trading.co.jp", "山田 太郎", "1234567", "Hanako Suzuki"}) {
      INFO(name << " holds " << value);
      CHECK(text.find(value) == std::string::npos);
    }
  }
  Run masked = run_cli("dump --findings samples/basic/mailbox.mbox");
  REQUIRE(masked.exit_code == 0);
  CHECK(masked.out.find("\"findings\":[{\"item\":\"email\"") != std::string::npos);
  CHECK(masked.out.find("03-1234-5678") == std::string::npos);
  CHECK(masked.out.find("03-****-5678") != std::string::npos);
  Run shown = run_cli("dump --findings --reveal samples/basic/mailbox.mbox");
  CHECK(shown.out.find("03-1234-5678") != std::string::npos);
}

TEST_CASE("a broken rule directory exits 2 naming the file", "[cli]") {
  TempDir dir;
  dir.write("rules/bad.yaml", "rules:\n  - id: x\n    item: nothing\n");
  Run r = run_cli("scan --quiet --rules '" + (dir.path() / "rules").string() + "' --out '" +
                  (dir.path() / "out").string() + "' samples/basic/mailbox.mbox 2>&1");
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("bad.yaml:3: x.item") != std::string::npos);
}

TEST_CASE("outputs are 0600 in a 0700 directory whatever the umask; an open directory is warned about",
          "[cli][sample]") {
  TempDir dir;
  for (const char* umask : {"000", "022", "777"}) {
    INFO("umask " << umask);
    std::string out = (dir.path() / (std::string("out-") + umask)).string();
    Run r =
        run_cli("scan --quiet --out '" + out + "' samples/basic/mailbox.mbox", std::string("umask ") + umask + "; ");
    REQUIRE(r.exit_code == 0);
    struct stat st {};
    REQUIRE(::stat(out.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0700);
    for (const auto& entry : std::filesystem::directory_iterator(out)) {
      INFO(entry.path());
      REQUIRE(::stat(entry.path().c_str(), &st) == 0);
      CHECK((st.st_mode & 07777) == 0600);
    }
  }
  std::string open_dir = (dir.path() / "open").string();
  std::filesystem::create_directory(open_dir);
  ::chmod(open_dir.c_str(), 0755);
  Run r = run_cli("scan --quiet --out '" + open_dir + "' samples/basic/mailbox.mbox 2>&1");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("is open to other users (mode 0755)") != std::string::npos);
}

TEST_CASE("verify re-hashes the inputs of a finished scan and tells changed and missing ones", "[cli]") {
  TempDir dir;
  std::string mailbox = slurp(source("samples/basic/mailbox.mbox"));
  std::string input = dir.write("evidence/mail.mbox", mailbox);
  std::string out = (dir.path() / "out").string();
  REQUIRE(run_cli("scan --quiet --out '" + out + "' '" + input + "'").exit_code == 0);
  struct stat before {};
  REQUIRE(::stat(input.c_str(), &before) == 0);

  Run same = run_cli("verify --out '" + out + "'");
  CHECK(same.exit_code == 0);
  CHECK(same.out.find("same        " + input) != std::string::npos);
  CHECK(same.out.find("all are the bytes scanned") != std::string::npos);
  struct stat after {};
  REQUIRE(::stat(input.c_str(), &after) == 0);
  CHECK(after.st_mtim.tv_sec == before.st_mtim.tv_sec);  // the evidence is not written
  CHECK(after.st_mtim.tv_nsec == before.st_mtim.tv_nsec);

  std::string changed = mailbox;
  changed[changed.size() / 2] ^= 1;  // one bit, same size
  dir.write("evidence/mail.mbox", changed);
  Run differ = run_cli("verify --out '" + out + "'");
  CHECK(differ.exit_code == 1);
  CHECK(differ.out.find("CHANGED     " + input) != std::string::npos);

  std::filesystem::remove(input);
  Run missing = run_cli("verify --out '" + out + "'");
  CHECK(missing.exit_code == 3);
  CHECK(missing.out.find("UNREADABLE  " + input) != std::string::npos);

  CHECK(run_cli("verify --out '" + (dir.path() / "nothing").string() + "' 2>/dev/null").exit_code == 2);
  dir.write("bad/summary.json", "{\"schema\": \"other\"}");
  CHECK(run_cli("verify --out '" + (dir.path() / "bad").string() + "' 2>/dev/null").exit_code == 2);
  std::filesystem::create_directories(dir.path() / "directory/summary.json");
  Run directory = run_cli("verify --out '" + (dir.path() / "directory").string() + "' 2>&1");
  CHECK(directory.exit_code == 2);
  CHECK(directory.out.find("not a readable regular file") != std::string::npos);
  CHECK(run_cli("verify 2>/dev/null").exit_code == 2);
}

TEST_CASE("a scan removes the temporaries a killed scan left in --out, nothing else", "[cli]") {
  TempDir dir;
  std::string out = (dir.path() / "out").string();
  dir.write("out/.summary.json.Ab3xYz", "half a summary");
  dir.write("out/.report.md.123456", "half a report");
  dir.write("out/.notes.txt.123456", "the analyst's");
  dir.write("out/notes.txt", "the analyst's");
  REQUIRE(run_cli("scan --quiet --out '" + out + "' samples/basic/mailbox.mbox").exit_code == 0);
  CHECK(!std::filesystem::exists(out + "/.summary.json.Ab3xYz"));
  CHECK(!std::filesystem::exists(out + "/.report.md.123456"));
  CHECK(std::filesystem::exists(out + "/.notes.txt.123456"));
  CHECK(std::filesystem::exists(out + "/notes.txt"));
}
