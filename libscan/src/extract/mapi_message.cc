#include "extract/mapi_message.h"

#include "extract/rtf.h"
#include "mime/charset.h"
#include "util/ascii.h"

#include <ctime>

namespace leakscan::mapi {

std::string smtp_only(std::string address) {
  return !address.empty() && address.find('@') != std::string::npos && address.front() != '/' ? address : std::string();
}

std::string property_text(std::string_view bytes, bool utf16, int codepage, CharsetDecoder& charsets) {
  std::string out;
  if (utf16) {
    charsets.decode(bytes, "utf-16le", out);
  } else {
    std::string label = codepage_charset(codepage);
    charsets.decode(bytes, label.empty() ? "windows-1252" : label, out);
  }
  while (!out.empty() && out.back() == '\0') out.pop_back();
  return out;
}

std::int64_t filetime_seconds(std::uint64_t ticks) {
  return static_cast<std::int64_t>(ticks / 10'000'000) - 11'644'473'600LL;
}

bool is_contact_class(std::string_view message_class) {
  std::string lower = ascii_lower(message_class);
  return lower == "ipm.contact" || lower.rfind("ipm.contact.", 0) == 0;
}

bool is_appointment_class(std::string_view message_class) {
  std::string lower = ascii_lower(message_class);
  return lower == "ipm.appointment" || lower.rfind("ipm.appointment.", 0) == 0 ||
         lower.rfind("ipm.schedule.meeting.", 0) == 0;
}

std::string iso_utc(std::int64_t seconds) {
  auto t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  char iso[32];
  if (gmtime_r(&t, &tm) == nullptr || tm.tm_year + 1900 < 1 || tm.tm_year + 1900 > 9999) return "";
  std::strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return iso;
}

namespace {

// [MS-OXOCNTC] and [MS-OXPROPS] tags of a contact.
constexpr unsigned kGivenName = 0x3A06;
constexpr unsigned kSurname = 0x3A11;
constexpr unsigned kCompanyName = 0x3A16;
constexpr unsigned kTitle = 0x3A17;
constexpr unsigned kDepartmentName = 0x3A18;
constexpr unsigned kBusinessTelephone = 0x3A08;
constexpr unsigned kHomeTelephone = 0x3A09;
constexpr unsigned kMobileTelephone = 0x3A1C;
constexpr unsigned kBusinessFax = 0x3A24;
constexpr unsigned kPostalAddress = 0x3A15;
constexpr unsigned kHomeAddressCity = 0x3A59;
constexpr unsigned kHomeAddressCountry = 0x3A5A;
constexpr unsigned kHomeAddressPostalCode = 0x3A5B;
constexpr unsigned kHomeAddressState = 0x3A5C;
constexpr unsigned kHomeAddressStreet = 0x3A5D;
constexpr unsigned kBirthday = 0x3A42;
// Named properties of PSETID_Address, by LID.
constexpr unsigned kWorkAddress = 0x801B;
constexpr unsigned kEmail1Address = 0x8083;
constexpr unsigned kEmail2Address = 0x8093;
constexpr unsigned kEmail3Address = 0x80A3;

// A vCard value: its special characters escaped, on one line.
std::string escaped(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == ';' || c == ',') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c != '\r') {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

MapiContact read_contact(const ContactProperties& properties) {
  MapiContact c;
  c.display_name = properties.text(kDisplayName);
  c.given_name = properties.text(kGivenName);
  c.surname = properties.text(kSurname);
  c.company = properties.text(kCompanyName);
  c.department = properties.text(kDepartmentName);
  c.title = properties.text(kTitle);
  // Outlook stores the local midnight of the day in UTC: the nearest
  // midnight is the day in every zone within 12 hours of UTC.
  if (std::optional<std::int64_t> t = properties.time(kBirthday)) {
    std::int64_t shifted = *t + 43200, days = shifted / 86400;
    if (shifted % 86400 < 0) --days;  // before 1970: round down, not toward zero
    std::time_t day = static_cast<std::time_t>(days * 86400);
    std::tm tm{};
    char iso[16];
    if (gmtime_r(&day, &tm) != nullptr && std::strftime(iso, sizeof iso, "%Y-%m-%d", &tm) == 10) c.birthday = iso;
  }
  for (unsigned lid : {kEmail1Address, kEmail2Address, kEmail3Address}) {
    std::string email = smtp_only(properties.address_text(lid));
    if (!email.empty()) c.emails.push_back(std::move(email));
  }
  for (auto [id, type] : {std::pair{kBusinessTelephone, "WORK,VOICE"}, std::pair{kHomeTelephone, "HOME,VOICE"},
                          std::pair{kMobileTelephone, "CELL"}, std::pair{kBusinessFax, "WORK,FAX"}}) {
    std::string number = properties.text(id);
    if (!number.empty()) c.phones.emplace_back(type, std::move(number));
  }
  std::string work = properties.address_text(kWorkAddress);
  if (work.empty()) work = properties.text(kPostalAddress);
  if (!work.empty()) c.addresses.emplace_back("WORK", std::move(work));
  std::string home;
  // Japanese order: postal code, prefecture, city, street.
  for (unsigned id :
       {kHomeAddressPostalCode, kHomeAddressState, kHomeAddressCity, kHomeAddressStreet, kHomeAddressCountry}) {
    std::string piece = properties.text(id);
    if (!piece.empty()) home += (home.empty() ? "" : " ") + piece;
  }
  if (!home.empty()) c.addresses.emplace_back("HOME", std::move(home));
  return c;
}

namespace {

// [MS-OXOCAL] 2.2.1: PidLidLocation, PidLidAppointmentStartWhole, PidLidAppointmentEndWhole.
constexpr unsigned kLocation = 0x8208;
constexpr unsigned kAppointmentStartWhole = 0x820D;
constexpr unsigned kAppointmentEndWhole = 0x820E;

}  // namespace

MapiAppointment read_appointment(const AppointmentProperties& properties) {
  MapiAppointment a;
  a.location = properties.text(kLocation);
  if (std::optional<std::int64_t> t = properties.time(kAppointmentStartWhole)) a.start = iso_utc(*t);
  if (std::optional<std::int64_t> t = properties.time(kAppointmentEndWhole)) a.end = iso_utc(*t);
  return a;
}

std::string appointment_text(const MapiAppointment& a) {
  std::string text;
  auto line = [&](const char* label, const std::string& value) {
    if (value.empty()) return;
    text.append(label).append(": ");
    for (char c : value) text.push_back(c == '\r' || c == '\n' ? ' ' : c);
    text.push_back('\n');
  };
  line("Location", a.location);
  line("Start", a.start);
  line("End", a.end);
  return text;
}

std::string contact_vcard(const MapiContact& c) {
  std::string card = "BEGIN:VCARD\nVERSION:3.0\n";
  if (!c.surname.empty() || !c.given_name.empty())
    card += "N:" + escaped(c.surname) + ";" + escaped(c.given_name) + ";;;\n";
  std::string full = c.display_name;
  if (full.empty()) full = c.surname + (c.surname.empty() || c.given_name.empty() ? "" : " ") + c.given_name;
  if (!full.empty()) card += "FN:" + escaped(full) + "\n";
  if (!c.company.empty() || !c.department.empty()) {
    card += "ORG:" + escaped(c.company) + (c.department.empty() ? "" : ";" + escaped(c.department)) + "\n";
  }
  if (!c.title.empty()) card += "TITLE:" + escaped(c.title) + "\n";
  for (const auto& [type, number] : c.phones) card += "TEL;TYPE=" + type + ":" + escaped(number) + "\n";
  for (const std::string& email : c.emails) card += "EMAIL;TYPE=INTERNET:" + escaped(email) + "\n";
  // The whole address in the street component, as written.
  for (const auto& [type, address] : c.addresses) card += "ADR;TYPE=" + type + ":;;" + escaped(address) + ";;;;\n";
  if (!c.birthday.empty()) card += "BDAY:" + c.birthday + "\n";
  return card + "END:VCARD\n";
}

}  // namespace leakscan::mapi
