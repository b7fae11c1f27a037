// The rule engine alone on decoded text: every message of the inputs is
// decoded first (not timed), then
//   - the Detector with every shipped rule runs over all texts (timed),
//   - the same rules' RE2 patterns run one by one with captures over the
//     same texts, the obvious way to write it (timed, the baseline),
//   - with --per-rule, each rule alone, to find the expensive ones.
// Prints MB/s for each.
//
//   rule_bench [--per-rule] RULES_DIR INPUT...
#include <libscan/decoder.h>
#include <libscan/mailbox.h>
#include <libscan/rules.h>

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  bool per_rule = false;
  int arg = 1;
  if (arg < argc && std::strcmp(argv[arg], "--per-rule") == 0) {
    per_rule = true;
    ++arg;
  }
  if (argc - arg < 2) {
    std::fprintf(stderr, "usage: rule_bench [--per-rule] RULES_DIR INPUT...\n");
    return 2;
  }
  leakscan::RuleSet rules = leakscan::RuleSet::load_directory(argv[arg++]);
  std::vector<std::string> texts;
  std::size_t bytes = 0;
  leakscan::MessageDecoder decoder;
  std::vector<std::string> args(argv + arg, argv + argc);
  for (const leakscan::InputFile& file : leakscan::expand_inputs(args)) {
    auto reader = leakscan::open_reader(file, 0, {});
    leakscan::RawMessage raw;
    while (reader->next(raw)) {
      leakscan::Message m = decoder.decode(raw);
      texts.push_back(m.envelope.subject);
      for (const leakscan::Part& p : m.parts) {
        if (p.is_text) texts.push_back(p.text);
      }
    }
  }
  for (const std::string& t : texts) bytes += t.size();
  double mb = static_cast<double>(bytes) / 1e6;
  std::printf("decoded text: %.1f MB in %zu texts, %zu rules\n", mb, texts.size(), rules.rules().size());

  // Each measurement is the best of three runs: this machine is shared.
  auto best_of_three = [](auto&& run) {
    double best = 1e9;
    for (int i = 0; i < 3; ++i) {
      auto start = std::chrono::steady_clock::now();
      run();
      best = std::min(best, seconds_since(start));
    }
    return best;
  };
  leakscan::Detector detector(rules);
  std::vector<leakscan::TextFinding> found;
  std::size_t findings = 0;
  double s = best_of_three([&] {
    findings = 0;
    for (const std::string& t : texts) {
      found.clear();
      detector.scan_text(t, found);
      findings += found.size();
    }
  });
  std::printf("| leakscan Detector, all rules (prefilter, validators, context) | %.2f s | %.1f MB/s | %zu findings |\n",
              s, mb / s, findings);

  // Baseline: each pattern separately over every text, with captures.
  std::vector<std::unique_ptr<RE2>> patterns;
  for (const leakscan::RuleInfo& rule : rules.rules()) {
    for (const std::string& p : rule.patterns) patterns.push_back(std::make_unique<RE2>(p));
  }
  std::size_t matches = 0;
  re2::StringPiece groups[2];
  s = best_of_three([&] {
    matches = 0;
    for (const std::string& t : texts) {
      for (const auto& re : patterns) {
        std::size_t pos = 0;
        while (pos <= t.size() && re->Match(t, pos, t.size(), RE2::UNANCHORED, groups, 2)) {
          ++matches;
          std::size_t end = static_cast<std::size_t>(groups[0].data() - t.data()) + groups[0].size();
          pos = end > pos ? end : pos + 1;
        }
      }
    }
  });
  std::printf("| each RE2 pattern separately (%zu patterns, no validation) | %.2f s | %.1f MB/s | %zu matches |\n",
              patterns.size(), s, mb / s, matches);

  // The prefilter alone: one RE2::Set over every pattern, as the Detector
  // builds it (the Detector also normalises the text first).
  RE2::Options set_options;
  set_options.set_max_mem(64 << 20);
  RE2::Set set(set_options, RE2::UNANCHORED);
  for (const leakscan::RuleInfo& rule : rules.rules()) {
    for (const std::string& p : rule.patterns) set.Add(p, nullptr);
  }
  set.Compile();
  std::vector<int> hits;
  std::size_t texts_with_hits = 0;
  s = best_of_three([&] {
    texts_with_hits = 0;
    for (const std::string& t : texts) {
      hits.clear();
      if (set.Match(t, &hits)) ++texts_with_hits;
    }
  });
  std::printf("| RE2::Set prefilter alone | %.2f s | %.1f MB/s | %zu texts with a candidate |\n", s, mb / s,
              texts_with_hits);

  if (per_rule) {
    for (const leakscan::RuleInfo& rule : rules.rules()) {
      auto start = std::chrono::steady_clock::now();
      std::size_t n = 0;
      for (const std::string& t : texts) {
        found.clear();
        detector.scan_text(t, found, leakscan::Detector::Scope::kText, rule.id);
        n += found.size();
      }
      s = seconds_since(start);
      std::printf("  %-36s %7.3f s %8.1f MB/s %7zu findings\n", rule.id.c_str(), s, mb / s, n);
    }
  }
  return 0;
}
