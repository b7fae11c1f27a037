#include "outlook_writer.h"

#include "encoding.h"
#include "ole_writer.h"

#include <cstdio>

#include <cstdint>
#include <string>
#include <string_view>

namespace leakscan::sample {

namespace {

// One TNEF attribute: level, id, length, data, checksum.
void attribute(std::string& out, int level, std::uint32_t id, const std::string& data) {
  out.push_back(static_cast<char>(level));
  put32(out, id);
  put32(out, static_cast<std::uint32_t>(data.size()));
  out += data;
  std::uint32_t sum = 0;
  for (char c : data) sum += static_cast<unsigned char>(c);
  put16(out, sum & 0xFFFF);
}

// PSETID_Address {00062004-0000-0000-C000-000000000046} and
// PSETID_Appointment {00062002-...} as stored.
constexpr std::string_view kPsetidAddress("\x04\x20\x06\x00\x00\x00\x00\x00\xC0\x00\x00\x00\x00\x00\x00\x46", 16);
constexpr std::string_view kPsetidAppointment("\x02\x20\x06\x00\x00\x00\x00\x00\xC0\x00\x00\x00\x00\x00\x00\x46", 16);

struct Properties {
  std::string bytes;
  std::uint32_t count = 0;

  void variable(std::uint16_t type, std::uint16_t id, const std::string& value) {
    put16(bytes, type);
    put16(bytes, id);
    one_value(value);
  }
  void unicode(std::uint16_t id, const std::string& utf8) {
    variable(0x001F, id, utf16le(utf8) + std::string(2, '\0'));
  }
  void string8(std::uint16_t id, const std::string& raw) { variable(0x001E, id, raw + std::string(1, '\0')); }
  void binary(std::uint16_t id, const std::string& data) { variable(0x0102, id, data); }
  // A string named by `guid` and `lid`, under the id `id` (>= 0x8000).
  void named_unicode(std::uint16_t id, std::string_view guid, std::uint32_t lid, const std::string& utf8) {
    named_tag(0x001F, id, guid, lid);
    one_value(utf16le(utf8) + std::string(2, '\0'));
  }
  void named_time(std::uint16_t id, std::string_view guid, std::uint32_t lid, std::uint64_t ticks) {
    named_tag(0x0040, id, guid, lid);
    put32(bytes, static_cast<std::uint32_t>(ticks));
    put32(bytes, static_cast<std::uint32_t>(ticks >> 32));
    ++count;
  }
  void named_tag(std::uint16_t type, std::uint16_t id, std::string_view guid, std::uint32_t lid) {
    put16(bytes, type);
    put16(bytes, id);
    bytes += guid;
    put32(bytes, 0);  // named by a number
    put32(bytes, lid);
  }
  void time(std::uint16_t id, std::uint64_t ticks) {
    put16(bytes, 0x0040);
    put16(bytes, id);
    put32(bytes, static_cast<std::uint32_t>(ticks));
    put32(bytes, static_cast<std::uint32_t>(ticks >> 32));
    ++count;
  }
  void integer(std::uint16_t id, std::uint32_t v) {
    put16(bytes, 0x0003);
    put16(bytes, id);
    put32(bytes, v);
    ++count;
  }
  // A variable-size property's count, length, bytes and padding.
  void one_value(const std::string& value) {
    put32(bytes, 1);
    put32(bytes, static_cast<std::uint32_t>(value.size()));
    bytes += value;
    bytes.append((4 - value.size() % 4) % 4, '\0');
    ++count;
  }
  std::string list() const {
    std::string out;
    put32(out, count);
    return out + bytes;
  }
};

std::string rend_data(std::uint16_t kind) {
  std::string out;
  put16(out, kind);
  put32(out, 0xFFFFFFFF);
  put16(out, 0);
  put16(out, 0);
  put32(out, 0);
  return out;
}

}  // namespace

std::string compress_rtf_literals(const std::string& rtf) {
  constexpr std::size_t kPrebufferSize = 207;
  std::string payload;
  std::size_t i = 0;
  std::size_t write = kPrebufferSize;
  bool ended = false;
  while (!ended) {
    std::uint8_t control = 0;
    std::string group;
    for (int bit = 0; bit < 8; ++bit) {
      if (i < rtf.size()) {
        group.push_back(rtf[i++]);
        write = (write + 1) & 0xFFF;
      } else {
        control |= static_cast<std::uint8_t>(1u << bit);
        std::uint32_t reference = static_cast<std::uint32_t>(write) << 4;
        group.push_back(static_cast<char>(reference >> 8));
        group.push_back(static_cast<char>(reference & 0xFF));
        ended = true;
        break;
      }
    }
    payload.push_back(static_cast<char>(control));
    payload += group;
  }
  std::string out;
  put32(out, static_cast<std::uint32_t>(payload.size() + 12));
  put32(out, static_cast<std::uint32_t>(rtf.size()));
  out += "LZFu";
  put32(out, 0);  // the CRC, which readers need not check
  return out + payload;
}

std::string make_tnef(const OutlookItem& spec) {
  std::string out;
  put32(out, 0x223E9F78);
  put16(out, 0x0001);
  std::string version;
  put32(version, 0x00010000);
  attribute(out, 1, 0x00089006, version);
  std::string codepage;
  put32(codepage, static_cast<std::uint32_t>(spec.codepage));
  put32(codepage, 0);
  attribute(out, 1, 0x00069007, codepage);
  attribute(out, 1, 0x00078008,
            (spec.message_class.empty() ? std::string("IPM.Microsoft Mail.Note") : spec.message_class) + '\0');

  Properties message;
  if (!spec.message_class.empty()) message.unicode(0x001A, spec.message_class);
  for (const auto& [id, value] : spec.properties) message.unicode(static_cast<std::uint16_t>(id), value);
  for (const auto& [id, ticks] : spec.times) message.time(static_cast<std::uint16_t>(id), ticks);
  std::uint16_t named = 0x8000;
  for (const auto& [lid, value] : spec.address_properties) message.named_unicode(named++, kPsetidAddress, lid, value);
  for (const auto& [lid, value] : spec.appointment_properties) {
    message.named_unicode(named++, kPsetidAppointment, lid, value);
  }
  for (const auto& [lid, ticks] : spec.appointment_times) message.named_time(named++, kPsetidAppointment, lid, ticks);
  if (!spec.subject.empty()) message.unicode(0x0037, spec.subject);
  if (!spec.sender_name.empty()) message.unicode(0x0C1A, spec.sender_name);
  if (!spec.sender_email.empty()) message.unicode(0x5D01, spec.sender_email);
  if (!spec.body.empty()) message.unicode(0x1000, spec.body);
  if (!spec.body_8bit.empty()) message.string8(0x1000, spec.body_8bit);
  if (!spec.rtf.empty()) message.binary(0x1009, compress_rtf_literals(spec.rtf));
  message.integer(0x3FDE, static_cast<std::uint32_t>(spec.codepage));
  attribute(out, 1, 0x00069003, message.list());

  if (!spec.to.empty()) {
    std::string table;
    put32(table, static_cast<std::uint32_t>(spec.to.size()));
    for (const auto& [name, address] : spec.to) {
      Properties row;
      row.unicode(0x3001, name);
      row.unicode(0x39FE, address);
      row.integer(0x0C15, 1);
      table += row.list();
    }
    attribute(out, 1, 0x00069004, table);
  }

  for (const OutlookFile& f : spec.files) {
    attribute(out, 2, 0x00069002, rend_data(1));
    attribute(out, 2, 0x00018010, std::string("FILE~1.DAT") + '\0');
    attribute(out, 2, 0x0006800F, f.data);
    Properties props;
    props.unicode(0x3707, f.name);
    props.integer(0x3705, 1);
    if (!f.mime_type.empty()) props.string8(0x370E, f.mime_type);
    attribute(out, 2, 0x00069005, props.list());
  }
  for (const OutlookItem& inner : spec.messages) {
    attribute(out, 2, 0x00069002, rend_data(2));
    Properties props;
    props.unicode(0x3001, inner.subject + ".msg");
    props.integer(0x3705, 5);
    // PT_OBJECT: the interface id of IMessage, then the message.
    props.variable(0x000D, 0x3701, std::string(16, '\x07') + make_tnef(inner));
    attribute(out, 2, 0x00069005, props.list());
  }
  return out;
}

namespace {

std::string hex4(unsigned v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04X", v & 0xFFFF);
  return buf;
}

// [MS-OXMSG] 2.4: the fixed-size properties of an object, after a header
// of `header` bytes (32 for the message, 24 for an attached item, 8 for a
// recipient or an attachment).
std::string property_stream(std::size_t header, const std::vector<std::pair<std::uint32_t, std::uint64_t>>& longs,
                            std::uint32_t recipients = 0, std::uint32_t attachments = 0) {
  std::string out(8, '\0');
  if (header >= 24) {
    put32(out, recipients);
    put32(out, attachments);
    put32(out, recipients);
    put32(out, attachments);
  }
  out.resize(header, '\0');
  for (const auto& [tag, value] : longs) {
    put32(out, tag);
    put32(out, 6);  // readable, writable
    put32(out, static_cast<std::uint32_t>(value));
    put32(out, static_cast<std::uint32_t>(value >> 32));
  }
  return out;
}

// The root's named-property ids ([MS-OXMSG] 2.2.3): (GUID, LID) pairs
// numbered from 0x8000 in the order first used anywhere in the item tree;
// the GUID stream holds PSETID_Address, then PSETID_Appointment.
using NamedIds = std::vector<std::pair<std::string_view, unsigned>>;

unsigned named_id(NamedIds& ids, std::string_view guid, unsigned lid) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i].first == guid && ids[i].second == lid) return 0x8000 + static_cast<unsigned>(i);
  }
  ids.emplace_back(guid, lid);
  return 0x8000 + static_cast<unsigned>(ids.size() - 1);
}

void add_named_id_streams(const NamedIds& ids, std::vector<OleStream>& out) {
  if (ids.empty()) return;
  std::string guids = std::string(kPsetidAddress) + std::string(kPsetidAppointment), entries;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    std::uint32_t guid_index = ids[i].first == kPsetidAddress ? 3 : 4;  // 3 is the stream's first GUID
    put32(entries, ids[i].second);
    put32(entries, static_cast<std::uint32_t>(i) << 16 | guid_index << 1);  // property index, GUID, numeric
  }
  out.push_back({"__nameid_version1.0/__substg1.0_00020102", guids});
  out.push_back({"__nameid_version1.0/__substg1.0_00030102", entries});
  out.push_back({"__nameid_version1.0/__substg1.0_00040102", ""});
}

void add_msg_streams(const OutlookItem& item, const std::string& prefix, std::size_t header, NamedIds& named,
                     std::vector<OleStream>& out) {
  auto unicode = [&](unsigned id, const std::string& utf8) {
    if (!utf8.empty()) out.push_back({prefix + "__substg1.0_" + hex4(id) + "001F", utf16le(utf8)});
  };
  unicode(0x001A, item.message_class.empty() ? "IPM.Note" : item.message_class);
  for (const auto& [id, value] : item.properties) unicode(id, value);
  for (const auto& [lid, value] : item.address_properties) unicode(named_id(named, kPsetidAddress, lid), value);
  for (const auto& [lid, value] : item.appointment_properties) {
    unicode(named_id(named, kPsetidAppointment, lid), value);
  }
  std::vector<std::pair<std::uint32_t, std::uint64_t>> fixed = {
      {0x3FDE0003, static_cast<std::uint32_t>(item.codepage)}, {0x3FFD0003, static_cast<std::uint32_t>(item.codepage)}};
  for (const auto& [id, ticks] : item.times) fixed.emplace_back(id << 16 | 0x0040, ticks);
  for (const auto& [lid, ticks] : item.appointment_times) {
    fixed.emplace_back(named_id(named, kPsetidAppointment, lid) << 16 | 0x0040, ticks);
  }
  unicode(0x0037, item.subject);
  unicode(0x0C1A, item.sender_name);
  unicode(0x5D01, item.sender_email);
  unicode(0x1000, item.body);
  if (!item.body_8bit.empty()) out.push_back({prefix + "__substg1.0_1000001E", item.body_8bit});
  if (!item.rtf.empty()) out.push_back({prefix + "__substg1.0_10090102", compress_rtf_literals(item.rtf)});
  out.push_back({prefix + "__properties_version1.0",
                 property_stream(header, fixed, static_cast<std::uint32_t>(item.to.size()),
                                 static_cast<std::uint32_t>(item.files.size() + item.messages.size()))});
  char name[64];
  for (std::size_t i = 0; i < item.to.size(); ++i) {
    std::snprintf(name, sizeof name, "__recip_version1.0_#%08X/", static_cast<unsigned>(i));
    std::string r = prefix + name;
    out.push_back({r + "__substg1.0_3001001F", utf16le(item.to[i].first)});
    out.push_back({r + "__substg1.0_39FE001F", utf16le(item.to[i].second)});
    out.push_back({r + "__properties_version1.0", property_stream(8, {{0x0C150003, 1}})});
  }
  std::size_t index = 0;
  for (const OutlookFile& f : item.files) {
    std::snprintf(name, sizeof name, "__attach_version1.0_#%08X/", static_cast<unsigned>(index++));
    std::string a = prefix + name;
    out.push_back({a + "__substg1.0_3707001F", utf16le(f.name)});
    out.push_back({a + "__substg1.0_37010102", f.data});
    if (!f.mime_type.empty()) out.push_back({a + "__substg1.0_370E001F", utf16le(f.mime_type)});
    out.push_back({a + "__properties_version1.0", property_stream(8, {{0x37050003, 1}})});
  }
  for (const OutlookItem& inner : item.messages) {
    std::snprintf(name, sizeof name, "__attach_version1.0_#%08X/", static_cast<unsigned>(index++));
    std::string a = prefix + name;
    out.push_back({a + "__substg1.0_3001001F", utf16le(inner.subject)});
    out.push_back({a + "__properties_version1.0", property_stream(8, {{0x37050003, 5}})});
    add_msg_streams(inner, a + "__substg1.0_3701000D/", 24, named, out);
  }
}

}  // namespace

OutlookItem outlook_contact(const OutlookContact& c) {
  OutlookItem item;
  item.message_class = "IPM.Contact";
  item.subject = c.display_name;
  for (auto [id, value] :
       {std::pair{0x3001u, &c.display_name}, std::pair{0x3A11u, &c.surname}, std::pair{0x3A06u, &c.given_name},
        std::pair{0x3A16u, &c.company}, std::pair{0x3A18u, &c.department}, std::pair{0x3A17u, &c.title},
        std::pair{0x3A08u, &c.business_phone}, std::pair{0x3A1Cu, &c.mobile_phone},
        std::pair{0x3A5Bu, &c.home_postal_code}, std::pair{0x3A5Cu, &c.home_state}, std::pair{0x3A59u, &c.home_city},
        std::pair{0x3A5Du, &c.home_street}}) {
    if (!value->empty()) item.properties.emplace_back(id, *value);
  }
  if (!c.email.empty()) item.address_properties.emplace_back(0x8083, c.email);  // PidLidEmail1EmailAddress
  if (c.birthday.size() == 10) {
    std::int64_t days = days_from_civil(std::stoi(c.birthday.substr(0, 4)), std::stoi(c.birthday.substr(5, 2)),
                                        std::stoi(c.birthday.substr(8, 2)));
    std::int64_t utc = days * 86400 - 9 * 3600;  // local midnight at +09:00
    item.times.emplace_back(0x3A42, static_cast<std::uint64_t>((utc + 11'644'473'600LL) * 10'000'000));
  }
  return item;
}

OutlookItem outlook_appointment(const OutlookAppointment& a) {
  OutlookItem item;
  item.message_class = a.meeting_request ? "IPM.Schedule.Meeting.Request" : "IPM.Appointment";
  item.subject = a.subject;
  item.body = a.body;
  item.sender_name = a.organizer_name;
  item.sender_email = a.organizer_email;
  item.to = a.attendees;
  if (!a.location.empty()) item.appointment_properties.emplace_back(0x8208, a.location);  // PidLidLocation
  auto ticks = [](std::int64_t seconds) {
    return static_cast<std::uint64_t>((seconds + 11'644'473'600LL) * 10'000'000);
  };
  if (a.start != 0) item.appointment_times.emplace_back(0x820D, ticks(a.start));  // PidLidAppointmentStartWhole
  if (a.end != 0) item.appointment_times.emplace_back(0x820E, ticks(a.end));      // PidLidAppointmentEndWhole
  return item;
}

std::string make_msg(const OutlookItem& spec) {
  std::vector<OleStream> streams;
  NamedIds named;
  add_msg_streams(spec, "", 32, named, streams);
  add_named_id_streams(named, streams);
  return make_ole(streams);
}

}  // namespace leakscan::sample
