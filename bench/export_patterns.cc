// Prints the patterns of a rule directory that message text is scanned with
// (rules whose scope includes "text"), one per line, as the rule files write
// them (RE2 syntax): the pattern list the baselines (ripgrep, the Python
// email + re loop) run, so that they look for what leakscan looks for.
// --unnamed drops the group names, for tools that join the patterns with |.
//
//   export_patterns [--unnamed] RULES_DIR > patterns.txt
#include <libscan/error.h>
#include <libscan/rules.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iostream>

int main(int argc, char** argv) {
  bool unnamed = argc == 3 && std::strcmp(argv[1], "--unnamed") == 0;
  if (argc != 2 && !unnamed) {
    std::fprintf(stderr, "usage: export_patterns [--unnamed] RULES_DIR\n");
    return 2;
  }
  try {
    leakscan::RuleSet rules = leakscan::RuleSet::load_directory(argv[argc - 1]);
    for (const leakscan::RuleInfo& rule : rules.rules()) {
      if (std::find(rule.scopes.begin(), rule.scopes.end(), "text") == rule.scopes.end()) continue;
      for (std::string pattern : rule.patterns) {
        if (pattern.find('\n') != std::string::npos) continue;  // one per line
        for (std::size_t at; unnamed && (at = pattern.find("(?P<")) != std::string::npos;) {
          pattern.erase(at + 1, pattern.find('>', at) - at);
        }
        std::cout << pattern << "\n";
      }
    }
  } catch (const leakscan::ConfigError& e) {
    std::fprintf(stderr, "export_patterns: %s\n", e.what());
    return 2;
  }
  return 0;
}
