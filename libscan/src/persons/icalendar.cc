#include "persons/icalendar.h"

#include "persons/content_lines.h"
#include "util/ascii.h"

namespace leakscan {

bool is_icalendar(std::string_view content_type, std::string_view filename) {
  std::string name = ascii_lower(filename);
  auto ends = [&](std::string_view suffix) {
    return name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return content_type == "text/calendar" || content_type == "application/ics" || ends(".ics") || ends(".vcs");
}

std::vector<CalendarEvent> parse_icalendar(std::string_view text) {
  std::vector<CalendarEvent> events;
  int open = 0;  // nesting inside the current event (VALARM inside VEVENT)
  for (const ContentLine& line : parse_content_lines(text)) {
    std::string value = ascii_lower(line.value);
    if (line.name == "BEGIN") {
      if (open == 0 && (value == "vevent" || value == "vtodo")) {
        events.push_back({line.begin, line.end, "", {}});
        open = 1;
      } else if (open > 0) {
        ++open;
      }
      continue;
    }
    if (open == 0) continue;
    if (line.name == "END") {
      if (--open == 0) events.back().end = line.end;
      continue;
    }
    if (open != 1) continue;  // an alarm's attendees are where it is sent, not who meets
    if (line.name == "SUMMARY") {
      events.back().summary = unescape_text_value(line.value);
    } else if (line.name == "ORGANIZER" || line.name == "ATTENDEE") {
      CalendarParticipant p;
      p.organizer = line.name == "ORGANIZER";
      p.name = std::string(trim_blanks(line.param("CN")));
      std::string_view v = trim_blanks(line.value);
      if (v.size() > 7 && ascii_lower(v.substr(0, 7)) == "mailto:") v.remove_prefix(7);
      if (v.find('@') != std::string_view::npos && v.find(' ') == std::string_view::npos) p.email = std::string(v);
      p.begin = line.begin;
      p.end = line.end;
      if (!p.name.empty() || !p.email.empty()) events.back().participants.push_back(std::move(p));
    }
  }
  return events;
}

}  // namespace leakscan
