// The rule-file parser and compiler on arbitrary YAML: fields, patterns
// (RE2 syntax errors), validators, keywords, examples. A bad file must be a
// ConfigError, never another exception or a crash; a file that loads must
// give a Detector that runs.
#include "fuzz_support.h"

#include <libscan/error.h>
#include <libscan/rules.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace leakscan;
  fuzz::MemoryFile file(fuzz::as_view(data, size), "rules.yaml");
  try {
    RuleSet rules = RuleSet::load({file.path()});
    Detector detector(rules);
    std::vector<TextFinding> findings;
    detector.scan_text("山田太郎 090-1234-5678 taro@example.jp 1980-01-01 〒100-0001", findings);
  } catch (const ConfigError&) {
  }
  return 0;
}
