// Writing Outlook's containers for the tests and the sample incident: TNEF
// (winmail.dat, after [MS-OXTNEF]) and .msg files (compound files, after
// [MS-OXMSG]). Each holds a message's properties (subject, sender,
// recipients, a plain-text and/or an RTF body, compressed as [MS-OXRTFCP]
// "LZFu" with literals only), its files, and attached Outlook items. Only
// for our own synthetic data.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace leakscan::sample {

struct OutlookFile {
  std::string name;  // UTF-8
  std::string data;
  std::string mime_type;
};

struct OutlookItem {
  int codepage = 932;
  std::string subject;  // UTF-8, written as UTF-16
  std::string sender_name, sender_email;
  std::vector<std::pair<std::string, std::string>> to;       // display name, address
  std::string body;                                          // UTF-8, written as UTF-16 (PR_BODY)
  std::string body_8bit;                                     // raw bytes in `codepage`, written as PR_BODY in 8 bits
  std::string rtf;                                           // RTF source, written compressed (PR_RTF_COMPRESSED)
  std::string message_class;                                 // "" for IPM.Note
  std::vector<std::pair<unsigned, std::string>> properties;  // more strings by tag id, as UTF-16
  std::vector<std::pair<unsigned, std::string>> address_properties;      // PSETID_Address strings by LID
  std::vector<std::pair<unsigned, std::uint64_t>> times;                 // PT_SYSTIME by tag id, FILETIME ticks
  std::vector<std::pair<unsigned, std::string>> appointment_properties;  // PSETID_Appointment strings by LID
  std::vector<std::pair<unsigned, std::uint64_t>> appointment_times;     // PSETID_Appointment times by LID
  std::vector<OutlookFile> files;
  std::vector<OutlookItem> messages;  // attached Outlook items
};

// An Outlook contact (IPM.Contact) as Outlook in Japan saves one: the
// birthday is the local (+09:00) midnight of the day, in UTC.
struct OutlookContact {
  std::string surname, given_name, display_name, company, department, title;
  std::string email, business_phone, mobile_phone;
  std::string home_postal_code, home_state, home_city, home_street;
  std::string birthday;  // YYYY-MM-DD
};
OutlookItem outlook_contact(const OutlookContact& contact);

// An appointment (IPM.Appointment) or, with `meeting_request`, the request
// sent to its attendees (IPM.Schedule.Meeting.Request): where and when
// (seconds since 1970, UTC), from its organizer.
struct OutlookAppointment {
  std::string subject, location, body;
  std::int64_t start = 0, end = 0;
  std::string organizer_name, organizer_email;
  std::vector<std::pair<std::string, std::string>> attendees;  // display name, address
  bool meeting_request = false;
};
OutlookItem outlook_appointment(const OutlookAppointment& appointment);

std::string make_tnef(const OutlookItem& spec);
std::string make_msg(const OutlookItem& spec);

// [MS-OXRTFCP] compressed RTF holding `rtf`: literal runs only, then the
// end marker.
std::string compress_rtf_literals(const std::string& rtf);

}  // namespace leakscan::sample
