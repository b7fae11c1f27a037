// Rule files (rules/*.yaml) to checked rule specifications. Every problem
// is a ConfigError "FILE:LINE: FIELD: what is wrong"; nothing in a file that
// is refused is used. See rules/README.md for the format.
#pragma once

#include <string>
#include <vector>

namespace leakscan {

struct RuleSpec {
  std::string file;
  int line = 0;
  std::string id;
  std::string item;
  std::vector<std::string> patterns;  // RE2 syntax; group "value" (or 1) is the value
  std::string validator;              // "" for none
  double confidence = 0.5;            // before context
  double threshold = 0.5;             // reported when confidence >= threshold
  struct Context {
    int window = 20;  // characters on each side
    std::vector<std::string> either, before, after;
    bool required = false;  // no keyword, no finding
    double boost = 0.3;
  } context;
  struct Negative {
    int window = 20;
    std::vector<std::string> either, before, after;
    double penalty = 1.0;
  } negative;
  std::vector<std::string> must_match, must_not_match;
  // Where the rule looks (a bit set of TextScope).
  unsigned scopes = 0;
};

// The kinds of text a message offers the detectors. A rule lists the ones
// it applies to (default: text, subject).
enum TextScope : unsigned {
  kScopeText = 1,         // a part's decoded text
  kScopeSubject = 2,      // the Subject of a message or enclosed message
  kScopeDisplayName = 8,  // one display name of an address header
  kScopeFilename = 16,    // an attachment's file name
  kScopeImage = 32,       // an image attachment: its name, then the message's subject and text
};

// Scope names as rule files write them, in the order of Detector::Scope.
struct ScopeName {
  const char* name;
  unsigned bit;
};
inline constexpr ScopeName kScopeNames[] = {{"text", kScopeText},
                                            {"subject", kScopeSubject},
                                            {"display_name", kScopeDisplayName},
                                            {"filename", kScopeFilename},
                                            {"image", kScopeImage}};

// The item ids of SPEC §5.
const std::vector<std::string>& known_items();

// Parses one file. Throws ConfigError.
std::vector<RuleSpec> read_rule_file(const std::string& path);

}  // namespace leakscan
