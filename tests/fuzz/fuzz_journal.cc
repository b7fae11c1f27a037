// Scan::replay on arbitrary bytes: a checkpoint journal damaged on disk
// must be refused or replayed, never read past its end, and the scan it
// fed must still finish.
#include "fuzz_support.h"

#include <libscan/scanner.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace leakscan;
  static const Scanner* scanner = new Scanner(RuleSet::load_directory(LEAKSCAN_SOURCE_DIR "/rules"),
                                              load_case_file(LEAKSCAN_SOURCE_DIR "/samples/basic/case.yaml",
                                                             CaseLists::load(LEAKSCAN_SOURCE_DIR "/rules/lists")));
  Scan scan(*scanner);
  if (scan.replay(fuzz::as_view(data, size))) scan.finish();
  return 0;
}
