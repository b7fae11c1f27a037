// The real-world corpus (../shared/corpus/real): 3,035 files from 27 mail
// projects' test suites, with the decoding Python's email package gives in
// reference.jsonl. Every file must be read without a crash; the number of
// messages per file, the decoded Subject and From, and the decoded text of
// every text part must agree with the reference, except where
// REFERENCE-NOTES.md flags the reference as wrong (python_suspect) or
// tests/corpus/known-differences.tsv explains the difference. A listed
// difference that no longer occurs fails too, so the list stays short and
// true.
//
// Exit codes: 0 agree, 1 differences, 77 corpus not present (CTest: skipped).
#include <libscan/decoder.h>
#include <libscan/mailbox.h>
#include <libscan/rules.h>
#include <libscan/scanner.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Json = nlohmann::json;
using namespace leakscan;

// Line endings as LF, and no white space at line ends: leakscan removes
// what RFC 2045 says transport added to quoted-printable lines, Python
// keeps it; neither carries content.
std::string normalize_newlines(std::string s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' || s[i] == '\n') {
      while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
      out.push_back('\n');
      if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string rstrip(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  return s;
}

std::string collapse_ws(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// Code points of a UTF-8 string (Python counts text in code points).
std::size_t code_points(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string first_code_points(const std::string& s, std::size_t n) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((s[i] & 0xC0) != 0x80) {
      if (count == n) return s.substr(0, i);
      ++count;
    }
  }
  return s;
}

std::string str(const Json& j) { return j.is_string() ? j.get<std::string>() : std::string(); }

struct Difference {
  std::string file;
  std::string index;
  std::string field;
  std::string detail;
  std::string key() const { return file + "\t" + index + "\t" + field; }
};

// python_suspect entries name a message-wide problem or "kind:WHERE:...".
bool excused(const std::vector<std::string>& suspects, const std::string& where) {
  static const char* kMessageWide[] = {"obsolete-wsp-before-colon-header", "utf8-bom-before-headers",
                                       "header-parse-exception", "cr-only-line-endings", "mbox-split"};
  for (const std::string& s : suspects) {
    for (const char* wide : kMessageWide) {
      if (s.rfind(wide, 0) == 0) return true;
    }
    std::size_t colon = s.find(':');
    if (colon == std::string::npos) continue;
    std::string rest = s.substr(colon + 1);
    if (rest.rfind(where + ":", 0) == 0 || rest == where) return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path corpus = argc > 1 ? argv[1] : "";
  if (const char* env = std::getenv("LEAKSCAN_CORPUS")) corpus = env;
  std::filesystem::path known_path = argc > 2 ? argv[2] : "";
  std::string rules_dir = argc > 3 ? argv[3] : "";
  if (corpus.empty() || !std::filesystem::exists(corpus / "reference.jsonl")) {
    std::printf("corpus not found at '%s': skipped\n", corpus.string().c_str());
    return 77;
  }

  std::map<std::string, std::vector<Json>> reference;
  {
    std::ifstream in(corpus / "reference.jsonl");
    std::string line;
    while (std::getline(in, line)) {
      Json r = Json::parse(line);
      reference[r["file"].get<std::string>()].push_back(std::move(r));
    }
  }
  std::map<std::string, std::string> known;  // key -> reason
  {
    std::ifstream in(known_path);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string> cols;
      std::stringstream ss(line);
      std::string col;
      while (std::getline(ss, col, '\t')) cols.push_back(col);
      if (cols.size() >= 4) known[cols[0] + "\t" + cols[1] + "\t" + cols[2]] = cols[3];
    }
  }

  DecodeOptions options;
  options.render_html = false;  // the reference holds HTML source
  MessageDecoder decoder(options);
  // The whole scan runs over every message too (detectors, records, and at
  // the end persons and categories, with the shipped default case): real
  // mail is the input they must survive (under the sanitizers) whatever
  // they find.
  std::unique_ptr<Scanner> scanner;
  std::unique_ptr<Scan> scan;
  if (!rules_dir.empty()) {
    scanner = std::make_unique<Scanner>(
        RuleSet::load_directory(rules_dir),
        load_case_file(rules_dir + "/case/default.yaml", CaseLists::load(rules_dir + "/lists")));
    scan = std::make_unique<Scan>(*scanner);
  }
  std::vector<Finding> findings;
  std::size_t findings_total = 0;
  std::vector<Difference> differences;
  std::size_t files = 0, messages = 0, parts_compared = 0, excused_count = 0;
  std::size_t files_agreeing = 0, subjects_agreeing = 0, froms_agreeing = 0, texts_agreeing = 0;

  for (const auto& [file, records] : reference) {
    ++files;
    std::vector<Message> ours;
    try {
      auto reader = open_reader({(corpus / file).string()}, 0, options.limits);
      RawMessage raw;
      while (reader->next(raw)) {
        ours.push_back(decoder.decode(raw));
        if (scan) {
          scan->add(ours.back(), findings);
          findings_total += findings.size();
        }
      }
    } catch (const std::exception& e) {
      differences.push_back({file, "-", "read", e.what()});
      continue;
    }
    if (ours.size() != records.size()) {
      std::vector<std::string> suspects;
      for (const Json& r : records) {
        for (const Json& s : r.value("python_suspect", Json::array())) suspects.push_back(s.get<std::string>());
      }
      if (excused(suspects, "-")) {
        ++excused_count;
      } else {
        differences.push_back({file, "-", "count",
                               std::to_string(ours.size()) + " messages, reference " + std::to_string(records.size())});
      }
      continue;
    }
    ++files_agreeing;
    for (std::size_t i = 0; i < ours.size(); ++i) {
      const Json& r = records[i];
      const Message& m = ours[i];
      ++messages;
      std::vector<std::string> suspects;
      for (const Json& s : r.value("python_suspect", Json::array())) suspects.push_back(s.get<std::string>());
      std::string index = std::to_string(i);
      auto report = [&](const std::string& field, const std::string& where, const std::string& detail) {
        if (excused(suspects, where)) {
          ++excused_count;
          return;
        }
        differences.push_back({file, index, field, detail});
      };

      std::string ref_subject = str(r["headers"]["Subject"]);
      if (r.contains("alt_headers") && r["alt_headers"].contains("Subject")) {
        ref_subject = str(r["alt_headers"]["Subject"]["text"]);
      }
      if (collapse_ws(ref_subject) != collapse_ws(m.envelope.subject)) {
        report("subject", "header:Subject", "'" + m.envelope.subject + "' vs '" + ref_subject + "'");
      } else {
        ++subjects_agreeing;
      }

      std::vector<std::string> ref_from, our_from;
      for (const Json& a : r["addresses"].value("From", Json::array())) {
        std::string addr = str(a[1]);
        if (!addr.empty() && addr != "<>") ref_from.push_back(addr);
      }
      for (const Address& a : m.envelope.from) {
        if (!a.address.empty()) our_from.push_back(a.address);
      }
      if (!std::equal(ref_from.begin(), ref_from.end(), our_from.begin(), our_from.end()) &&
          !(our_from.size() > ref_from.size() && std::equal(ref_from.begin(), ref_from.end(), our_from.begin()))) {
        std::string a = our_from.empty() ? "" : our_from[0];
        std::string b = ref_from.empty() ? "" : ref_from[0];
        report("from", "header:From", "'" + a + "' vs '" + b + "'");
      } else {
        ++froms_agreeing;
      }

      for (const Json& rp : r["parts"]) {
        if (!rp.contains("text_head")) continue;
        std::string path = str(rp["path"]);
        std::string head = rp.contains("alt_text_head") ? str(rp["alt_text_head"]) : str(rp["text_head"]);
        std::size_t length = rp.contains("alt_text_length") ? rp["alt_text_length"].get<std::size_t>()
                                                            : rp.value("text_length", std::size_t{0});
        auto it = std::find_if(m.parts.begin(), m.parts.end(), [&](const Part& p) { return p.path == path; });
        if (it == m.parts.end() || !it->is_text) {
          if (rstrip(head).empty()) continue;
          report("part:" + path, path, it == m.parts.end() ? "missing" : "not text: " + it->content_type);
          continue;
        }
        ++parts_compared;
        std::string ref_text = normalize_newlines(head);
        if (length > 200) ref_text = rstrip(ref_text);  // cut mid-line: its end may be trailing space
        std::string our_text = normalize_newlines(it->text);
        bool complete = length <= 200;
        bool same = complete ? rstrip(our_text) == rstrip(ref_text)
                             : first_code_points(our_text, code_points(ref_text) - 2) ==
                                   first_code_points(ref_text, code_points(ref_text) - 2);
        if (!same) {
          report("text:" + path, path,
                 "'" + first_code_points(our_text, 60) + "' vs '" + first_code_points(ref_text, 60) + "'");
        } else {
          ++texts_agreeing;
        }
      }
    }
  }

  std::size_t unexplained = 0, explained = 0;
  std::set<std::string> seen;
  for (const Difference& d : differences) {
    seen.insert(d.key());
    if (known.count(d.key())) {
      ++explained;
      continue;
    }
    ++unexplained;
    std::printf("DIFFERENT %s\t%s\t%s\t%s\n", d.file.c_str(), d.index.c_str(), d.field.c_str(), d.detail.c_str());
  }
  std::size_t stale = 0;
  for (const auto& [key, reason] : known) {
    if (seen.count(key)) continue;
    ++stale;
    std::printf("NO LONGER DIFFERENT (remove from the list) %s\n", key.c_str());
  }
  if (scan) {
    ScanResult result = scan->finish();
    std::printf("scan: %zu findings, %llu records, %llu persons (%llu internal) in the corpus\n", findings_total,
                static_cast<unsigned long long>(result.records), static_cast<unsigned long long>(result.persons_total),
                static_cast<unsigned long long>(result.internal.persons));
  }
  std::printf(
      "agree: message count in %zu of %zu files; Subject in %zu, From in %zu of %zu messages; text in %zu of %zu "
      "parts\n",
      files_agreeing, files, subjects_agreeing, froms_agreeing, messages, texts_agreeing, parts_compared);
  std::printf(
      "corpus: %zu files, %zu messages, %zu text parts compared; %zu differences excused by the reference notes, "
      "%zu explained in known-differences.tsv, %zu unexplained, %zu stale entries\n",
      files, messages, parts_compared, excused_count, explained, unexplained, stale);
  return unexplained == 0 && stale == 0 ? 0 : 1;
}
