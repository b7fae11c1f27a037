#include "extract/outlook_msg.h"

#include "extract/ole_file.h"
#include "extract/rtf.h"
#include "extract/tnef.h"
#include "mime/charset.h"
#include "mime/html_text.h"

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <optional>

namespace leakscan {

namespace {

std::string hex4(unsigned v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04X", v & 0xFFFF);
  return buf;
}

std::uint32_t le32(std::string_view s, std::size_t at) {
  auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + i])); };
  return b(0) | b(1) << 8 | b(2) << 16 | b(3) << 24;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

class MsgReader {
 public:
  MsgReader(const OleFile& ole, CharsetDecoder& charsets, std::size_t max_bytes)
      : ole_(ole), charsets_(charsets), max_bytes_(max_bytes) {
    read_named_ids();
  }

  MapiMessage read(const std::string& storage, std::size_t header, int depth_left) {
    MapiMessage m;
    m.valid = true;
    Object message = object(storage, header);
    codepage_ = static_cast<int>(
        message.long_value(mapi::kInternetCodepage).value_or(message.long_value(mapi::kMessageCodepage).value_or(0)));
    m.codepage = codepage_;
    m.message_class = string(storage, mapi::kMessageClass);
    m.subject = string(storage, mapi::kSubject);
    m.sender.name = first_string(storage, {mapi::kSenderName, mapi::kSentRepresentingName});
    m.sender.address =
        mapi::smtp_only(first_string(storage, {mapi::kSenderSmtpAddress, mapi::kSentRepresentingSmtpAddress,
                                               mapi::kSenderEmail, mapi::kSentRepresentingEmail}));
    if (auto t = message.time_value(mapi::kClientSubmitTime)) m.date = *t;
    m.body = string(storage, mapi::kBody);
    std::string compressed;
    if (ole_.read(storage + "__substg1.0_" + hex4(mapi::kRtfCompressed) + "0102", max_bytes_, compressed)) {
      std::string error;
      m.rtf = decompress_rtf(compressed, max_bytes_, error);
      if (!error.empty()) m.problems.push_back("compressed RTF: " + error);
    }
    std::string html = string(storage, mapi::kBodyHtml);
    if (!html.empty()) html_to_text(html, m.html_text);

    if (mapi::is_contact_class(m.message_class)) {
      m.contact =
          mapi::read_contact({[&](unsigned id) { return string(storage, id); },
                              [&](unsigned lid) {
                                auto it = address_ids_.find(lid);
                                return it == address_ids_.end() ? std::string() : string(storage, it->second);
                              },
                              [&](unsigned id) -> std::optional<std::int64_t> { return message.time_seconds(id); }});
    }
    if (mapi::is_appointment_class(m.message_class)) {
      auto id_of = [&](unsigned lid) {
        auto it = appointment_ids_.find(lid);
        return it == appointment_ids_.end() ? 0u : it->second;
      };
      m.appointment = mapi::read_appointment(
          {[&](unsigned lid) { return id_of(lid) == 0 ? std::string() : string(storage, id_of(lid)); },
           [&](unsigned lid) -> std::optional<std::int64_t> {
             return id_of(lid) == 0 ? std::nullopt : message.time_seconds(id_of(lid));
           }});
    }
    for (const std::string& child : ole_.children(storage)) {
      std::string path = storage + child + "/";
      if (starts_with(child, "__recip_version1.0_#")) {
        Address a;
        a.name = string(path, mapi::kDisplayName);
        a.address = mapi::smtp_only(first_string(path, {mapi::kSmtpAddress, mapi::kEmailAddress}));
        if (a.name.empty() && a.address.empty()) continue;
        std::uint32_t type = object(path, 8).long_value(mapi::kRecipientType).value_or(1);
        (type == 2 ? m.cc : m.to).push_back(std::move(a));
      } else if (starts_with(child, "__attach_version1.0_#")) {
        m.attachments.push_back(attachment(path, depth_left, m));
      }
    }
    return m;
  }

 private:
  // The fixed-size properties of an object.
  struct Object {
    std::map<unsigned, std::pair<std::uint16_t, std::string>> fixed;  // id -> (type, 8 bytes)

    std::optional<std::uint32_t> long_value(unsigned id) const {
      auto it = fixed.find(id);
      if (it == fixed.end() || it->second.first != mapi::kTypeLong) return std::nullopt;
      return le32(it->second.second, 0);
    }
    std::optional<std::int64_t> time_seconds(unsigned id) const {
      auto it = fixed.find(id);
      if (it == fixed.end() || it->second.first != mapi::kTypeTime) return std::nullopt;
      return mapi::filetime_seconds(le32(it->second.second, 0) | static_cast<std::uint64_t>(le32(it->second.second, 4))
                                                                     << 32);
    }
    std::optional<std::string> time_value(unsigned id) const {
      std::optional<std::int64_t> seconds = time_seconds(id);
      if (!seconds) return std::nullopt;
      std::string iso = mapi::iso_utc(*seconds);
      if (iso.empty()) return std::nullopt;
      return iso;
    }
  };

  Object object(const std::string& storage, std::size_t header) {
    Object o;
    std::string stream;
    if (!ole_.read(storage + "__properties_version1.0", 1 << 20, stream)) return o;
    for (std::size_t at = header; at + 16 <= stream.size(); at += 16) {
      std::uint32_t tag = le32(stream, at);
      o.fixed[tag >> 16] = {static_cast<std::uint16_t>(tag & 0xFFFF), stream.substr(at + 8, 8)};
    }
    return o;
  }

  std::string decode(std::string_view bytes, bool utf16) {
    return mapi::property_text(bytes, utf16, codepage_, charsets_);
  }

  // A string property, whichever way it is stored.
  std::string string(const std::string& storage, unsigned id) {
    std::string bytes;
    std::string base = storage + "__substg1.0_" + hex4(id);
    if (ole_.read(base + hex4(mapi::kTypeUnicode), max_bytes_, bytes)) return decode(bytes, true);
    if (ole_.read(base + hex4(mapi::kTypeString8), max_bytes_, bytes)) return decode(bytes, false);
    if (ole_.read(base + hex4(mapi::kTypeBinary), max_bytes_, bytes)) return decode(bytes, false);
    return "";
  }

  std::string first_string(const std::string& storage, std::initializer_list<unsigned> ids) {
    for (unsigned id : ids) {
      std::string s = string(storage, id);
      if (!s.empty()) return s;
    }
    return "";
  }

  MapiAttachment attachment(const std::string& path, int depth_left, MapiMessage& m) {
    MapiAttachment a;
    a.filename = first_string(path, {mapi::kAttachLongFilename, mapi::kAttachFilename, mapi::kDisplayName});
    a.mime_type = string(path, mapi::kAttachMimeTag);
    std::uint32_t method = object(path, 8).long_value(mapi::kAttachMethod).value_or(1);
    std::string item = path + "__substg1.0_" + hex4(mapi::kAttachData) + "000D/";
    if (method == mapi::kAttachEmbeddedMessage || ole_.exists(item)) {
      if (depth_left <= 0) {
        a.too_deep = true;
      } else {
        int codepage = codepage_;
        a.message = std::make_shared<MapiMessage>(read(item, 24, depth_left - 1));
        codepage_ = codepage;
      }
      return a;
    }
    bool truncated = false;
    if (ole_.read(path + "__substg1.0_" + hex4(mapi::kAttachData) + hex4(mapi::kTypeBinary), max_bytes_, a.data,
                  &truncated) &&
        truncated) {
      m.problems.push_back(a.filename + ": kept to " + std::to_string(max_bytes_) + " bytes");
    }
    return a;
  }

  // [MS-OXMSG] 2.2.3: the root's mapping of named properties to ids, which
  // attached items share. Only the numeric names of PSETID_Address and
  // PSETID_Appointment are kept.
  void read_named_ids() {
    const std::string base = "__nameid_version1.0/__substg1.0_";
    std::string guids, entries;
    if (!ole_.read(base + "00030102", 1 << 20, entries)) return;
    ole_.read(base + "00020102", 1 << 20, guids);
    for (std::size_t at = 0; at + 8 <= entries.size(); at += 8) {
      std::uint32_t name = le32(entries, at);
      std::uint32_t kind_guid_index = le32(entries, at + 4);
      if ((kind_guid_index & 1) != 0) continue;  // named by a string
      std::size_t guid = (kind_guid_index & 0xFFFF) >> 1;
      // 1 and 2 are PS_MAPI and PS_PUBLIC_STRINGS, 3 the stream's first GUID.
      if (guid < 3 || (guid - 3) * 16 + 16 > guids.size()) continue;
      unsigned id = 0x8000 + (kind_guid_index >> 16);
      if (guids.compare((guid - 3) * 16, 16, mapi::kPsetidAddress, 16) == 0) address_ids_[name] = id;
      if (guids.compare((guid - 3) * 16, 16, mapi::kPsetidAppointment, 16) == 0) appointment_ids_[name] = id;
    }
  }

  const OleFile& ole_;
  CharsetDecoder& charsets_;
  std::size_t max_bytes_;
  int codepage_ = 0;
  std::map<unsigned, unsigned> address_ids_;      // LID -> property id
  std::map<unsigned, unsigned> appointment_ids_;  // LID -> property id
};

}  // namespace

bool is_outlook_message(const OleFile& ole) {
  for (const std::string& child : ole.children("")) {
    if (starts_with(child, "__substg1.0_")) return true;
  }
  return false;
}

MapiMessage read_outlook_message(const OleFile& ole, CharsetDecoder& charsets, std::size_t max_bytes, int max_depth) {
  return MsgReader(ole, charsets, max_bytes).read("", 32, max_depth);
}

}  // namespace leakscan
