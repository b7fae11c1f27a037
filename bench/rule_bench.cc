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

#ifdef LEAKSCAN_BENCH_VECTORSCAN
#include <hs/hs.h>
#endif

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
  for (const std::string& text : texts) bytes += text.size();
  double mb = static_cast<double>(bytes) / 1e6;
  std::printf("decoded text: %.1f MB in %zu texts, %zu rules\n", mb, texts.size(), rules.rules().size());

  // Each measurement reports the first run, where RE2 still builds its DFA
  // states (what a scan of a new mailbox pays), and the best of three runs
  // (this machine is shared).
  struct Timing {
    double first;
    double best;
  };
  auto best_of_three = [](auto&& run) {
    Timing t{0, 1e9};
    for (int i = 0; i < 3; ++i) {
      auto start = std::chrono::steady_clock::now();
      run();
      double s = seconds_since(start);
      if (i == 0) t.first = s;
      t.best = std::min(t.best, s);
    }
    return t;
  };
  auto row = [&](const char* what, Timing t, std::size_t count, const char* counted) {
    std::printf("| %s | %.2f s | %.1f MB/s | %.2f s | %.1f MB/s | %zu %s |\n", what, t.first, mb / t.first, t.best,
                mb / t.best, count, counted);
  };
  std::printf("| what | first run | MB/s | best of 3 | MB/s | found |\n|---|---|---|---|---|---|\n");
  leakscan::Detector detector(rules);
  std::vector<leakscan::TextFinding> found;
  std::size_t findings = 0;
  Timing t = best_of_three([&] {
    findings = 0;
    for (const std::string& text : texts) {
      found.clear();
      detector.scan_text(text, found);
      findings += found.size();
    }
  });
  row("leakscan Detector, all rules (prefilter, validators, context)", t, findings, "findings");

  // Baseline: each pattern separately over every text, with captures.
  std::vector<std::unique_ptr<RE2>> patterns;
  for (const leakscan::RuleInfo& rule : rules.rules()) {
    for (const std::string& p : rule.patterns) patterns.push_back(std::make_unique<RE2>(p));
  }
  std::size_t matches = 0;
  re2::StringPiece groups[2];
  t = best_of_three([&] {
    matches = 0;
    for (const std::string& text : texts) {
      for (const auto& re : patterns) {
        std::size_t pos = 0;
        while (pos <= text.size() && re->Match(text, pos, text.size(), RE2::UNANCHORED, groups, 2)) {
          ++matches;
          std::size_t end = static_cast<std::size_t>(groups[0].data() - text.data()) + groups[0].size();
          pos = end > pos ? end : pos + 1;
        }
      }
    }
  });
  std::string what = "each RE2 pattern separately (" + std::to_string(patterns.size()) + " patterns, no validation)";
  row(what.c_str(), t, matches, "matches");

  // The prefilter alone: one RE2::Set over the patterns of the rules for
  // texts, as the Detector builds it for that scope (the Detector also
  // normalises the text first).
  auto for_texts = [](const leakscan::RuleInfo& rule) {
    return std::find(rule.scopes.begin(), rule.scopes.end(), "text") != rule.scopes.end();
  };
  RE2::Options set_options;
  set_options.set_max_mem(int64_t{512} << 20);
  RE2::Set set(set_options, RE2::UNANCHORED);
  for (const leakscan::RuleInfo& rule : rules.rules()) {
    if (!for_texts(rule)) continue;
    for (const std::string& p : rule.patterns) set.Add(p, nullptr);
  }
  set.Compile();
  std::vector<int> hits;
  std::size_t texts_with_hits = 0;
  t = best_of_three([&] {
    texts_with_hits = 0;
    for (const std::string& text : texts) {
      hits.clear();
      if (set.Match(text, &hits)) ++texts_with_hits;
    }
  });
  row("RE2::Set prefilter alone", t, texts_with_hits, "texts with a candidate");

  // What the prefilter leaves: each pattern it lets through scans the whole
  // text again. Bytes scanned per byte of text, and the patterns that
  // account for most of them.
  {
    std::vector<std::string> sources;
    for (const leakscan::RuleInfo& rule : rules.rules()) {
      if (!for_texts(rule)) continue;
      for (const std::string& p : rule.patterns) sources.push_back(rule.id + "  " + p.substr(0, 50));
    }
    std::vector<double> candidate_bytes(sources.size(), 0);
    double rescanned = 0;
    for (const std::string& text : texts) {
      hits.clear();
      set.Match(text, &hits);
      for (int h : hits) candidate_bytes[static_cast<std::size_t>(h)] += static_cast<double>(text.size());
      rescanned += static_cast<double>(hits.size() * text.size());
    }
    std::printf("patterns let through: %.2f full scans per byte of text; by pattern (MB of text it rescans):\n",
                rescanned / static_cast<double>(bytes));
    std::vector<std::size_t> order(sources.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return candidate_bytes[a] > candidate_bytes[b]; });
    for (std::size_t i = 0; i < std::min<std::size_t>(12, order.size()); ++i) {
      std::printf("  %8.1f MB  %s\n", candidate_bytes[order[i]] / 1e6, sources[order[i]].c_str());
    }
  }

#ifdef LEAKSCAN_BENCH_VECTORSCAN
  // The same prefilter as one Vectorscan database in prefilter mode (a
  // superset of the patterns that match, never fewer: checked against the
  // RE2::Set below). Patterns it cannot compile count as a candidate in
  // every text.
  {
    std::vector<std::string> sources;
    for (const leakscan::RuleInfo& rule : rules.rules()) {
      if (!for_texts(rule)) continue;
      for (const std::string& p : rule.patterns) sources.push_back(p);
    }
    const unsigned flags = HS_FLAG_PREFILTER | HS_FLAG_UTF8 | HS_FLAG_UCP | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY;
    std::vector<const char*> expressions;
    std::vector<unsigned> ids, all_flags;
    std::size_t refused = 0;
    for (std::size_t i = 0; i < sources.size(); ++i) {
      hs_database_t* one = nullptr;
      hs_compile_error_t* error = nullptr;
      if (hs_compile(sources[i].c_str(), flags, HS_MODE_BLOCK, nullptr, &one, &error) != HS_SUCCESS) {
        ++refused;
        hs_free_compile_error(error);
        continue;
      }
      hs_free_database(one);
      expressions.push_back(sources[i].c_str());
      ids.push_back(static_cast<unsigned>(i));
      all_flags.push_back(flags);
    }
    hs_database_t* database = nullptr;
    hs_compile_error_t* error = nullptr;
    auto start = std::chrono::steady_clock::now();
    if (hs_compile_multi(expressions.data(), all_flags.data(), ids.data(), static_cast<unsigned>(expressions.size()),
                         HS_MODE_BLOCK, nullptr, &database, &error) != HS_SUCCESS) {
      std::printf("Vectorscan: %s\n", error->message);
      hs_free_compile_error(error);
      return 1;
    }
    double compile_seconds = seconds_since(start);
    hs_scratch_t* scratch = nullptr;
    hs_alloc_scratch(database, &scratch);
    std::vector<std::vector<unsigned>> candidates(texts.size());
    auto collect = [](unsigned id, unsigned long long, unsigned long long, unsigned, void* context) {
      static_cast<std::vector<unsigned>*>(context)->push_back(id);
      return 0;
    };
    std::size_t texts_with_candidates = 0;
    t = best_of_three([&] {
      texts_with_candidates = 0;
      for (std::size_t i = 0; i < texts.size(); ++i) {
        candidates[i].clear();
        hs_scan(database, texts[i].data(), static_cast<unsigned>(texts[i].size()), 0, scratch, collect, &candidates[i]);
        texts_with_candidates += !candidates[i].empty() || refused > 0;
      }
    });
    std::string vs_row = "Vectorscan prefilter alone (" + std::to_string(expressions.size()) + " of " +
                         std::to_string(sources.size()) + " patterns; compiled in " +
                         std::to_string(compile_seconds).substr(0, 4) + " s)";
    row(vs_row.c_str(), t, texts_with_candidates, "texts with a candidate");
    std::size_t missed = 0, extra = 0;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      hits.clear();
      set.Match(texts[i], &hits);
      for (int h : hits) {
        bool refused_pattern = std::find(ids.begin(), ids.end(), static_cast<unsigned>(h)) == ids.end();
        bool candidate =
            std::find(candidates[i].begin(), candidates[i].end(), static_cast<unsigned>(h)) != candidates[i].end();
        missed += !candidate && !refused_pattern;
      }
      extra += candidates[i].size() > hits.size() ? candidates[i].size() - hits.size() : 0;
    }
    std::printf("Vectorscan against RE2::Set: %zu candidates missed (must be 0), %zu more candidates\n", missed, extra);
    hs_free_scratch(scratch);
    hs_free_database(database);
  }
#endif

  if (per_rule) {
    for (const leakscan::RuleInfo& rule : rules.rules()) {
      auto start = std::chrono::steady_clock::now();
      std::size_t n = 0;
      for (const std::string& text : texts) {
        found.clear();
        detector.scan_text(text, found, leakscan::Detector::Scope::kText, rule.id);
        n += found.size();
      }
      double s = seconds_since(start);
      std::printf("  %-36s %7.3f s %8.1f MB/s %7zu findings\n", rule.id.c_str(), s, mb / s, n);
    }
  }
  return 0;
}
