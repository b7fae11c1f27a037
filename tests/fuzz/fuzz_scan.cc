// One arbitrary message through the whole scan: decoding, detection with
// every shipped rule, cutting the message into records (headers,
// signatures, forms, tables, quoted replies), resolving persons and placing
// them in the sample case's categories. The journal the scan writes for a
// checkpoint must replay into the same result.
#include "fuzz_support.h"

#include <libscan/decoder.h>
#include <libscan/scanner.h>

namespace {

bool same_result(const leakscan::ScanResult& a, const leakscan::ScanResult& b) {
  if (a.persons.size() != b.persons.size() || a.records != b.records || a.persons_total != b.persons_total ||
      a.messages_in_window != b.messages_in_window || a.categories.size() != b.categories.size() ||
      a.specific_personal_information != b.specific_personal_information)
    return false;
  for (std::size_t i = 0; i < a.persons.size(); ++i) {
    if (a.persons[i].category != b.persons[i].category || a.persons[i].items != b.persons[i].items ||
        a.persons[i].emails != b.persons[i].emails || a.persons[i].name != b.persons[i].name)
      return false;
  }
  for (std::size_t i = 0; i < a.categories.size(); ++i) {
    if (a.categories[i].persons != b.categories[i].persons) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace leakscan;
  static MessageDecoder* decoder = fuzz::new_decoder(false);
  static const Scanner* scanner = new Scanner(RuleSet::load_directory(LEAKSCAN_SOURCE_DIR "/rules"),
                                              load_case_file(LEAKSCAN_SOURCE_DIR "/samples/basic/case.yaml",
                                                             CaseLists::load(LEAKSCAN_SOURCE_DIR "/rules/lists")));

  RawMessage raw;
  raw.bytes.assign(fuzz::as_view(data, size));
  Message message;
  decoder->decode(raw, message);

  Scan scan(*scanner);
  std::string journal;
  {
    ScanWorker worker(scan);
    MessageDetection detection;
    worker.detect(message, detection);
    scan.add(message, detection, journal);
    for (const Finding& f : detection.findings()) {
      if (f.record < -1) fuzz::fail("finding attributed to a negative record");
    }
  }
  ScanResult result = scan.finish();
  if (result.person_of_record.size() != result.records) fuzz::fail("person_of_record does not cover every record");
  for (std::int64_t p : result.person_of_record) {
    if (p < -1 || p >= static_cast<std::int64_t>(result.persons.size())) fuzz::fail("record mapped outside persons");
  }

  Scan replayed(*scanner);
  if (!replayed.replay(journal)) fuzz::fail("the scan's own journal does not replay");
  if (!same_result(result, replayed.finish())) fuzz::fail("replaying the journal gives another result");
  return 0;
}
