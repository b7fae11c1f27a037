// An Outlook message as its MAPI properties describe it, from a TNEF stream
// (extract/tnef.h) or a .msg file (extract/outlook_msg.h): who sent it to
// whom, its body in whichever forms it has, its files, and the Outlook
// items attached to it, each a message of its own.
#pragma once

#include <libscan/message.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

class CharsetDecoder;
struct MapiMessage;

struct MapiAttachment {
  std::string filename;   // the long name, else the short one
  std::string mime_type;  // PR_ATTACH_MIME_TAG, when given
  std::string data;
  std::shared_ptr<MapiMessage> message;  // an attached Outlook item, already read
  bool too_deep = false;                 // an item past the nesting limit, not read
};

// What an Outlook contact item (IPM.Contact) says of its human.
struct MapiContact {
  std::string display_name, given_name, surname, company, department, title;
  std::string birthday;                                        // YYYY-MM-DD
  std::vector<std::string> emails;                             // Email1-3
  std::vector<std::pair<std::string, std::string>> phones;     // (vCard type, number)
  std::vector<std::pair<std::string, std::string>> addresses;  // (vCard type, address as written)

  bool empty() const {
    return display_name.empty() && given_name.empty() && surname.empty() && emails.empty() && phones.empty() &&
           addresses.empty();
  }
};

// Where and when an appointment or a meeting request (IPM.Appointment,
// IPM.Schedule.Meeting.*) takes place: a visit's place is often a client's
// home address.
struct MapiAppointment {
  std::string location;
  std::string start, end;  // ISO 8601 UTC, "" when absent

  bool empty() const { return location.empty() && start.empty() && end.empty(); }
};

struct MapiMessage {
  bool valid = false;  // the container was recognised
  std::string message_class;
  std::string subject;
  Address sender;
  std::vector<Address> to, cc;
  std::string date;       // ISO 8601 without a zone, when known
  std::string body;       // plain text, UTF-8
  std::string rtf;        // the decompressed RTF body
  std::string html_text;  // the HTML body as text, UTF-8
  int codepage = 0;
  std::vector<MapiAttachment> attachments;
  MapiContact contact;                // of an IPM.Contact item
  MapiAppointment appointment;        // of an appointment or meeting item
  std::vector<std::string> problems;  // damage met, in reading order
};

// Property types ([MS-OXCDATA] 2.11.1) and ids ([MS-OXPROPS]) both
// containers use.
namespace mapi {

// How a container gives its properties to read_contact: a string property
// by its tag id, a named string property of PSETID_Address by its LID, a
// time property in seconds since 1970 ("" or nullopt when absent).
struct ContactProperties {
  std::function<std::string(unsigned id)> text;
  std::function<std::string(unsigned lid)> address_text;
  std::function<std::optional<std::int64_t>(unsigned id)> time;
};

// A FILETIME (100 ns ticks since 1601) in seconds since 1970.
std::int64_t filetime_seconds(std::uint64_t ticks);

// Seconds since 1970 as 2024-04-01T09:00:00Z ("" when out of range).
std::string iso_utc(std::int64_t seconds);

// Whether `message_class` is a contact's ("IPM.Contact", "IPM.Contact.Custom").
bool is_contact_class(std::string_view message_class);

// Whether `message_class` is an appointment's or a meeting message's
// ("IPM.Appointment", "IPM.Schedule.Meeting.Request", ...).
bool is_appointment_class(std::string_view message_class);

constexpr unsigned kTypeLong = 0x0003;
constexpr unsigned kTypeObject = 0x000D;
constexpr unsigned kTypeString8 = 0x001E;
constexpr unsigned kTypeUnicode = 0x001F;
constexpr unsigned kTypeTime = 0x0040;
constexpr unsigned kTypeBinary = 0x0102;
constexpr unsigned kMultiValued = 0x1000;

constexpr unsigned kSubject = 0x0037;
constexpr unsigned kClientSubmitTime = 0x0039;
constexpr unsigned kSentRepresentingName = 0x0042;
constexpr unsigned kSentRepresentingEmail = 0x0065;
constexpr unsigned kMessageClass = 0x001A;
constexpr unsigned kRecipientType = 0x0C15;
constexpr unsigned kSenderName = 0x0C1A;
constexpr unsigned kSenderEmail = 0x0C1F;
constexpr unsigned kBody = 0x1000;
constexpr unsigned kRtfCompressed = 0x1009;
constexpr unsigned kBodyHtml = 0x1013;
constexpr unsigned kDisplayName = 0x3001;
constexpr unsigned kEmailAddress = 0x3003;
constexpr unsigned kAttachData = 0x3701;
constexpr unsigned kAttachFilename = 0x3704;
constexpr unsigned kAttachMethod = 0x3705;
constexpr unsigned kAttachLongFilename = 0x3707;
constexpr unsigned kAttachMimeTag = 0x370E;
constexpr unsigned kSmtpAddress = 0x39FE;
constexpr unsigned kInternetCodepage = 0x3FDE;
constexpr unsigned kMessageCodepage = 0x3FFD;
constexpr unsigned kSenderSmtpAddress = 0x5D01;
constexpr unsigned kSentRepresentingSmtpAddress = 0x5D02;
constexpr unsigned kAttachEmbeddedMessage = 5;  // PR_ATTACH_METHOD of an attached item

// An Exchange address ("/O=EXAMPLE/OU=...") is no e-mail address: "" then.
std::string smtp_only(std::string address);

// A string property's bytes as UTF-8: UTF-16LE, or 8 bits in the Windows
// code page `codepage` (windows-1252 when unknown); trailing NULs dropped.
std::string property_text(std::string_view bytes, bool utf16, int codepage, CharsetDecoder& charsets);

// PSETID_Address {00062004-0000-0000-C000-000000000046} as stored.
inline constexpr char kPsetidAddress[] = "\x04\x20\x06\x00\x00\x00\x00\x00\xC0\x00\x00\x00\x00\x00\x00\x46";

// PSETID_Appointment {00062002-0000-0000-C000-000000000046} as stored.
inline constexpr char kPsetidAppointment[] = "\x02\x20\x06\x00\x00\x00\x00\x00\xC0\x00\x00\x00\x00\x00\x00\x46";

MapiContact read_contact(const ContactProperties& properties);

// How a container gives the named properties of PSETID_Appointment: a
// string and a time (seconds since 1970) by LID.
struct AppointmentProperties {
  std::function<std::string(unsigned lid)> text;
  std::function<std::optional<std::int64_t>(unsigned lid)> time;
};

MapiAppointment read_appointment(const AppointmentProperties& properties);

// The appointment as labelled lines ("Location: ...", "Start: ..."), read
// by the rules and the persons stage like any text of the item.
std::string appointment_text(const MapiAppointment& appointment);

// The contact as a vCard 3.0, so that the contact-card records read it as
// they read an attached .vcf.
std::string contact_vcard(const MapiContact& contact);
}  // namespace mapi

}  // namespace leakscan
