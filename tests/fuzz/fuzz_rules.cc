// The rule engine with every shipped rule on arbitrary text: NFKC
// normalisation and its offset map, the RE2::Set prefilter, captures,
// validators (check digits, dates, libphonenumber, MeCab), keyword windows.
// The first byte picks the scope. Every finding must point inside the text.
#include "fuzz_support.h"

#include <libscan/rules.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace leakscan;
  if (size == 0) return 0;
  static const RuleSet* rules = new RuleSet(RuleSet::load_directory(LEAKSCAN_SOURCE_DIR "/rules"));
  static Detector* detector = new Detector(*rules);
  static const Detector::Scope scopes[] = {Detector::Scope::kText,     Detector::Scope::kText,
                                           Detector::Scope::kSubject,  Detector::Scope::kDisplayName,
                                           Detector::Scope::kFilename, Detector::Scope::kImage};
  const std::string_view text = fuzz::as_view(data + 1, size - 1);
  std::vector<TextFinding> findings;
  detector->scan_text(text, findings, scopes[data[0] % std::size(scopes)]);
  for (const TextFinding& f : findings) {
    if (f.begin > f.end || f.end > text.size()) fuzz::fail("finding outside the text");
    if (f.item.empty() || f.rule.empty()) fuzz::fail("finding without item or rule");
    if (!(f.confidence >= 0 && f.confidence <= 1)) fuzz::fail("confidence outside 0..1");
  }
  return 0;
}
