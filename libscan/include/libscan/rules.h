// Detection rules as data (rules/*.yaml), compiled once into an immutable
// RuleSet that any number of threads share, and a per-thread Detector that
// runs them over decoded text.
//
// How a text is scanned: it is normalised (NFKC, dash fold; see
// src/detect/normalize.h), an RE2::Set over every rule's patterns says which
// patterns can match, only those run with captures, each candidate value is
// checked by its rule's validator (check digits, dates that exist, phone
// numbering plans) and weighed by keywords in a character window before and
// after it, and what reaches the rule's threshold is a finding with its
// offsets mapped back to the decoded text. The prefilter may report a
// pattern that then finds nothing; it never misses one that would match.
#pragma once

#include <libscan/finding.h>
#include <libscan/message.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

// What a rule file says about one rule, for tests and for `--list-rules`.
struct RuleInfo {
  std::string id;
  std::string item;
  std::string file;
  std::vector<std::string> must_match;      // examples the rule must find
  std::vector<std::string> must_not_match;  // examples it must not
  std::vector<std::string> scopes;          // where it looks ("text", "filename", ...)
  std::vector<std::string> patterns;        // as written
};

class RuleSet {
 public:
  // Loads and compiles every rule in `files` (YAML). Throws ConfigError
  // naming the file, line and field of the first problem.
  static RuleSet load(const std::vector<std::string>& files);
  // Every *.yaml in `directory`, sorted by name.
  static RuleSet load_directory(const std::string& directory);

  const std::vector<RuleInfo>& rules() const;

  struct Compiled;
  const Compiled& compiled() const { return *compiled_; }

 private:
  std::shared_ptr<const Compiled> compiled_;
};

// A match in one text, offsets into that text (not normalised).
struct TextFinding {
  std::string item;
  std::string rule;
  std::string value;
  double confidence = 0;
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Runs a RuleSet; holds the per-thread scratch. Not thread-safe: one per
// thread, all sharing one RuleSet.
class Detector {
 public:
  explicit Detector(const RuleSet& rules);
  ~Detector();
  Detector(const Detector&) = delete;  // owns scratch buffers
  Detector& operator=(const Detector&) = delete;

  // Where a text comes from: the rules that apply to it differ (see
  // rules/README.md, "scope").
  enum class Scope { kText, kSubject, kDisplayName, kFilename, kImage };

  // Findings in `text` (UTF-8), ordered by offset then item then rule.
  // `only_rule` restricts the run to one rule id (the examples test).
  void scan_text(std::string_view text, std::vector<TextFinding>& out, Scope scope = Scope::kText,
                 std::string_view only_rule = {});

  // Findings in every text of a message: the Subject, addresses and
  // display names of the message and of every enclosed message, each
  // attachment's file name (and an image's surroundings), each part's text.
  // Appended to `out` in a deterministic order.
  // `on_part_text`, when given, is called with each text part after its
  // scan and the part's text as lowered_text() gives it.
  void scan_message(const Message& message, std::vector<Finding>& out,
                    const std::function<void(const Part&, std::string_view)>& on_part_text = {});

  // The text of the last scan_text call as the rules saw it (NFKC, dashes
  // folded, quote marks blanked), ASCII lower-cased; valid until the next
  // call. Case keywords are matched in it, so a text is normalised once.
  std::string_view lowered_text();

 private:
  struct Scratch;
  const RuleSet& rules_;
  std::unique_ptr<Scratch> scratch_;
};

}  // namespace leakscan
