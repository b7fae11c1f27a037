// Precision and recall of the shipped rules, per item, on the generated
// labelled corpus (tests/accuracy/labelled_corpus.cc). A finding counts as
// correct when the same message has that item with a value one of them
// contains (after NFKC, without spaces and dashes); a recorded item counts
// as found the same way. Prints the table the README carries and fails
// below 0.95 (identifiers) or 0.90 (attributes).
#include <libscan/decoder.h>
#include <libscan/rules.h>

#include "accuracy/labelled_corpus.h"
#include "detect/normalize.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

using namespace leakscan;

namespace {

std::string comparable(std::string_view value, TextNormalizer& normalizer) {
  NormalizedText n;
  normalizer.normalize(value, n);
  std::string out;
  for (char c : n.text) {
    if (c == ' ' || c == '-' || c == '\n') continue;
    out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  }
  return out;
}

bool related(const std::string& a, const std::string& b) {
  return !a.empty() && !b.empty() && (a.find(b) != std::string::npos || b.find(a) != std::string::npos);
}

struct Counts {
  std::size_t truth = 0, found = 0, findings = 0, correct = 0;
};

}  // namespace

TEST_CASE("precision and recall per item on the labelled corpus", "[accuracy]") {
  accuracy::LabelledCorpus corpus = accuracy::make_labelled_corpus(1600, 20261125);
  RuleSet rules = RuleSet::load_directory(LEAKSCAN_RULES_DIR);
  Detector detector(rules);
  MessageDecoder decoder;
  TextNormalizer normalizer;

  // (message, item) -> values
  std::map<std::pair<std::size_t, std::string>, std::set<std::string>> truth, found;
  for (const accuracy::Truth& t : corpus.truth) truth[{t.message, t.item}].insert(comparable(t.value, normalizer));
  std::vector<Finding> findings;
  // LEAKSCAN_ACCURACY_SHOW=N prints message N, to see why a finding is false.
  if (const char* show = std::getenv("LEAKSCAN_ACCURACY_SHOW")) {
    std::printf("%s\n", corpus.messages.at(std::stoul(show)).c_str());
  }
  for (std::size_t i = 0; i < corpus.messages.size(); ++i) {
    RawMessage raw;
    raw.index = i;
    raw.bytes = corpus.messages[i];
    Message m = decoder.decode(raw);
    findings.clear();
    detector.scan_message(m, findings);
    for (const Finding& f : findings) found[{i, f.item}].insert(comparable(f.value, normalizer));
  }

  std::map<std::string, Counts> per_item;
  for (const auto& [key, values] : truth) {
    Counts& c = per_item[key.second];
    const auto it = found.find(key);
    for (const std::string& v : values) {
      ++c.truth;
      bool hit = it != found.end() &&
                 std::any_of(it->second.begin(), it->second.end(), [&](const std::string& f) { return related(f, v); });
      if (hit) ++c.found;
    }
  }
  for (const auto& [key, values] : found) {
    Counts& c = per_item[key.second];
    const auto it = truth.find(key);
    for (const std::string& v : values) {
      ++c.findings;
      bool hit = it != truth.end() &&
                 std::any_of(it->second.begin(), it->second.end(), [&](const std::string& t) { return related(t, v); });
      if (hit) {
        ++c.correct;
      } else {
        std::printf("  false: message %zu %s '%s'\n", key.first, key.second.c_str(), v.c_str());
      }
    }
  }

  static const std::set<std::string> kIdentifiers = {"my_number",
                                                     "passport_number",
                                                     "drivers_license_number",
                                                     "bank_account",
                                                     "credit_card",
                                                     "accountant_number",
                                                     "phone",
                                                     "email"};
  std::printf("| item | recorded | found | findings | precision | recall |\n|---|---|---|---|---|---|\n");
  for (const auto& [item, c] : per_item) {
    double precision = c.findings ? static_cast<double>(c.correct) / static_cast<double>(c.findings) : 1.0;
    double recall = c.truth ? static_cast<double>(c.found) / static_cast<double>(c.truth) : 1.0;
    std::printf("| %s | %zu | %zu | %zu | %.3f | %.3f |\n", item.c_str(), c.truth, c.found, c.findings, precision,
                recall);
    double floor = kIdentifiers.count(item) ? 0.95 : 0.90;
    INFO(item);
    CHECK(precision >= floor);
    CHECK(recall >= floor);
  }
}
