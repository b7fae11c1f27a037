// iCalendar (RFC 5545) as meeting invitations arrive in mail (text/calendar
// parts, .ics files): each event's organizer and attendees with their
// names (CN) and addresses (mailto:), and where its summary, location and
// description stand. Every value keeps its byte range in the text. Pure
// functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

struct CalendarParticipant {
  bool organizer = false;
  std::string name;                // CN, unquoted
  std::string email;               // from mailto:, "" when the value is no address
  std::size_t begin = 0, end = 0;  // the line in the text
};

struct CalendarEvent {
  std::size_t begin = 0, end = 0;  // BEGIN:VEVENT (or VTODO) .. END
  std::string summary;
  std::vector<CalendarParticipant> participants;
};

std::vector<CalendarEvent> parse_icalendar(std::string_view text);

// Whether a part is iCalendar by its type or name (text/calendar,
// application/ics, *.ics, *.vcs).
bool is_icalendar(std::string_view content_type, std::string_view filename);

}  // namespace leakscan
