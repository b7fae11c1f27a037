// The parsers that cut a text into what one person wrote or is: vCards,
// iCalendar events, CSV rows, content lines, the layout of a message body
// (quote levels, attributions, header blocks, signatures), and passports'
// machine-readable zones in OCR text. Every byte range they return must lie
// inside the text.
#include "fuzz_support.h"

#include "extract/mrz.h"
#include "persons/content_lines.h"
#include "persons/icalendar.h"
#include "persons/text_layout.h"
#include "persons/vcard.h"
#include "util/csv.h"

namespace {

void check_range(std::size_t begin, std::size_t end, std::size_t size, const char* what) {
  if (begin > end || end > size) leakscan::fuzz::fail(what);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace leakscan;
  const std::string_view text = fuzz::as_view(data, size);
  for (const VCard& card : parse_vcards(text)) {
    check_range(card.begin, card.end, size, "vCard outside the text");
    for (const VCardField& field : card.fields) check_range(field.begin, field.end, size, "vCard field outside");
  }
  for (const CalendarEvent& event : parse_icalendar(text)) check_range(event.begin, event.end, size, "event outside");
  for (char separator : {',', '\t'}) {
    std::size_t previous_end = 0;
    for (const CsvRow& row : parse_csv(text, separator)) {
      check_range(row.begin, row.end, size, "CSV row outside the text");
      if (row.begin < previous_end) fuzz::fail("CSV rows overlap");
      previous_end = row.end;
      if (row.field_begin.size() != row.fields.size()) fuzz::fail("CSV field offsets and fields differ in number");
      for (std::size_t b : row.field_begin) check_range(row.begin, b, row.end, "CSV field outside its row");
    }
  }
  parse_content_lines(text);
  TextLayout layout = analyse_layout(text);
  for (const LayoutLine& line : layout.lines) {
    check_range(line.begin, line.end, size, "layout line outside the text");
    check_range(line.begin, line.content, line.end, "layout content outside its line");
  }
  for (const LayoutZone& zone : layout.zones) {
    if (zone.first_line > zone.last_line || zone.last_line >= layout.lines.size()) fuzz::fail("zone outside lines");
    if (zone.author >= static_cast<int>(layout.authors.size())) fuzz::fail("zone author out of range");
  }
  for (const MachineReadableZone& zone : find_machine_readable_zones(text)) {
    check_range(zone.begin, zone.end, size, "machine-readable zone outside the text");
    machine_readable_zone_text(zone);
  }
  if (size > 0) {
    std::size_t line = layout.line_of(size / 2);
    if (line >= layout.lines.size()) fuzz::fail("line_of out of range");
  }
  return 0;
}
