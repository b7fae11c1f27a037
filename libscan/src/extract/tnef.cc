#include "extract/tnef.h"

#include "extract/rtf.h"
#include "mime/charset.h"
#include "mime/html_text.h"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>

namespace leakscan {

namespace {

constexpr std::uint32_t kSignature = 0x223E9F78;

// Attribute ids (type << 16 | id), [MS-OXTNEF] 2.1.3.
constexpr std::uint32_t kAttFrom = 0x00008000;
constexpr std::uint32_t kAttSubject = 0x00018004;
constexpr std::uint32_t kAttDateSent = 0x00038005;
constexpr std::uint32_t kAttMessageClass = 0x00078008;
constexpr std::uint32_t kAttBody = 0x0002800C;
constexpr std::uint32_t kAttAttachData = 0x0006800F;
constexpr std::uint32_t kAttAttachTitle = 0x00018010;
constexpr std::uint32_t kAttAttachRendData = 0x00069002;
constexpr std::uint32_t kAttMapiProps = 0x00069003;
constexpr std::uint32_t kAttRecipTable = 0x00069004;
constexpr std::uint32_t kAttAttachment = 0x00069005;
constexpr std::uint32_t kAttOemCodepage = 0x00069007;

// Bounds a hostile file cannot pass: properties per list, values per property.
constexpr std::uint32_t kMaxProperties = 10'000;
constexpr std::uint32_t kMaxValues = 10'000;

class Cursor {
 public:
  explicit Cursor(std::string_view bytes) : bytes_(bytes) {}
  std::size_t left() const { return bytes_.size() - at_; }
  bool u8(std::uint8_t& v) {
    if (left() < 1) return false;
    v = static_cast<std::uint8_t>(bytes_[at_++]);
    return true;
  }
  bool u16(std::uint16_t& v) {
    if (left() < 2) return false;
    v = static_cast<std::uint16_t>(byte(0) | byte(1) << 8);
    at_ += 2;
    return true;
  }
  bool u32(std::uint32_t& v) {
    if (left() < 4) return false;
    v = byte(0) | byte(1) << 8 | byte(2) << 16 | static_cast<std::uint32_t>(byte(3)) << 24;
    at_ += 4;
    return true;
  }
  bool take(std::size_t n, std::string_view& out) {
    if (left() < n) return false;
    out = bytes_.substr(at_, n);
    at_ += n;
    return true;
  }
  bool skip(std::size_t n) {
    if (left() < n) return false;
    at_ += n;
    return true;
  }

 private:
  std::uint32_t byte(std::size_t i) const { return static_cast<unsigned char>(bytes_[at_ + i]); }
  std::string_view bytes_;
  std::size_t at_ = 0;
};

std::uint32_t le32(std::string_view s) {
  if (s.size() < 4) return 0;
  auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i])); };
  return b(0) | b(1) << 8 | b(2) << 16 | b(3) << 24;
}

struct Property {
  std::uint16_t type = 0;
  std::uint16_t id = 0;
  bool named = false;
  std::string_view guid;                 // of a named property
  std::uint32_t lid = 0;                 // of a property named by a number
  std::vector<std::string_view> values;  // raw bytes of each value
};

using Properties = std::vector<Property>;

std::size_t fixed_size(std::uint16_t type) {
  switch (type) {
    case 0x0001:  // null
    case 0x0002:  // 16-bit integer, padded
    case 0x0003:  // 32-bit integer
    case 0x0004:  // float
    case 0x000A:  // error code
    case 0x000B:  // boolean, padded
      return 4;
    case 0x0005:  // double
    case 0x0006:  // currency
    case 0x0007:  // application time
    case 0x0014:  // 64-bit integer
    case 0x0040:  // time
      return 8;
    case 0x0048:  // GUID
      return 16;
    default:
      return 0;
  }
}

// A property list ([MS-OXTNEF] 2.1.3.4): `count` properties from `c`.
bool read_properties(Cursor& c, std::uint32_t count, Properties& out, std::string& error) {
  if (count > kMaxProperties) {
    error = std::to_string(count) + " properties in one list";
    return false;
  }
  for (std::uint32_t i = 0; i < count; ++i) {
    Property p;
    if (!c.u16(p.type) || !c.u16(p.id)) {
      error = "property list cut short";
      return false;
    }
    if (p.id >= 0x8000) {  // named: a GUID, then an id or a name
      std::uint32_t kind = 0, value = 0;
      if (!c.take(16, p.guid) || !c.u32(kind) || !c.u32(value)) {
        error = "named property cut short";
        return false;
      }
      if (kind == 1 && !c.skip((static_cast<std::size_t>(value) + 3) & ~std::size_t{3})) {
        error = "property name cut short";
        return false;
      }
      if (kind == 0) p.lid = value;
      p.named = true;
    }
    bool multi = (p.type & mapi::kMultiValued) != 0;
    std::uint16_t base = p.type & ~mapi::kMultiValued;
    bool variable = base == mapi::kTypeString8 || base == mapi::kTypeUnicode || base == mapi::kTypeBinary ||
                    base == mapi::kTypeObject;
    std::uint32_t values = 1;
    if ((variable || multi) && !c.u32(values)) {
      error = "property value count cut short";
      return false;
    }
    if (values > kMaxValues) {
      error = std::to_string(values) + " values in one property";
      return false;
    }
    for (std::uint32_t v = 0; v < values; ++v) {
      std::string_view value;
      if (variable) {
        std::uint32_t length = 0;
        if (!c.u32(length) || !c.take(length, value) || !c.skip((4 - length % 4) % 4)) {
          error = "property value cut short";
          return false;
        }
      } else {
        std::size_t size = fixed_size(base);
        if (size == 0) {
          error = "unknown property type " + std::to_string(base);
          return false;
        }
        if (!c.take(size, value)) {
          error = "property value cut short";
          return false;
        }
      }
      p.values.push_back(value);
    }
    out.push_back(std::move(p));
  }
  return true;
}

const Property* find(const Properties& props, unsigned id) {
  for (const Property& p : props) {
    if (p.id == id && !p.named && !p.values.empty()) return &p;
  }
  return nullptr;
}

// A property named by `guid` (16 bytes as stored) and a number.
const Property* find_named(const Properties& props, const char* guid, std::uint32_t lid) {
  for (const Property& p : props) {
    if (p.named && p.lid == lid && p.guid == std::string_view(guid, 16) && !p.values.empty()) return &p;
  }
  return nullptr;
}

std::optional<std::int64_t> time_seconds(const Property* p) {
  if (p == nullptr || (p->type & ~mapi::kMultiValued) != mapi::kTypeTime || p->values.front().size() < 8)
    return std::nullopt;
  std::string_view v = p->values.front();
  return mapi::filetime_seconds(le32(v) | static_cast<std::uint64_t>(le32(v.substr(4))) << 32);
}

std::string trim_nul(std::string s) {
  while (!s.empty() && s.back() == '\0') s.pop_back();
  return s;
}

class Reader {
 public:
  Reader(CharsetDecoder& charsets, std::size_t max_bytes, int depth_left)
      : charsets_(charsets), max_bytes_(max_bytes), depth_left_(depth_left) {}

  std::string text(std::string_view bytes, bool utf16) {
    return mapi::property_text(bytes, utf16, codepage_, charsets_);
  }

  std::optional<std::string> string_property(const Properties& props, unsigned id) {
    return string_value(find(props, id));
  }

  std::optional<std::string> string_value(const Property* p) {
    if (p == nullptr) return std::nullopt;
    std::uint16_t base = p->type & ~mapi::kMultiValued;
    if (base == mapi::kTypeUnicode) return text(p->values.front(), true);
    if (base == mapi::kTypeString8) return text(p->values.front(), false);
    if (base == mapi::kTypeBinary) return std::string(p->values.front());
    return std::nullopt;
  }

  std::optional<std::uint32_t> integer_property(const Properties& props, unsigned id) {
    const Property* p = find(props, id);
    if (p == nullptr || (p->type & ~mapi::kMultiValued) != 0x0003) return std::nullopt;
    return le32(p->values.front());
  }

  std::string first_string(const Properties& props, std::initializer_list<unsigned> ids) {
    for (unsigned id : ids) {
      if (auto s = string_property(props, id); s && !s->empty()) return *s;
    }
    return "";
  }

  void read_message_properties(const Properties& props, MapiMessage& m) {
    if (auto cp = integer_property(props, mapi::kInternetCodepage)) codepage_ = static_cast<int>(*cp);
    if (auto cp = integer_property(props, mapi::kMessageCodepage); cp && codepage_ == 0)
      codepage_ = static_cast<int>(*cp);
    m.codepage = codepage_;
    if (auto s = string_property(props, mapi::kSubject); s && !s->empty()) m.subject = *s;
    if (auto s = string_property(props, mapi::kMessageClass); s && !s->empty()) m.message_class = *s;
    std::string name = first_string(props, {mapi::kSenderName, mapi::kSentRepresentingName});
    std::string email =
        mapi::smtp_only(first_string(props, {mapi::kSenderSmtpAddress, mapi::kSentRepresentingSmtpAddress,
                                             mapi::kSenderEmail, mapi::kSentRepresentingEmail}));
    if (!name.empty()) m.sender.name = name;
    if (!email.empty()) m.sender.address = email;
    if (const Property* body = find(props, mapi::kBody)) {
      m.body = text(body->values.front(), (body->type & ~mapi::kMultiValued) == mapi::kTypeUnicode);
    }
    if (const Property* rtf = find(props, mapi::kRtfCompressed)) {
      std::string error;
      m.rtf = decompress_rtf(rtf->values.front(), max_bytes_, error);
      if (!error.empty()) m.problems.push_back("compressed RTF: " + error);
    }
    if (mapi::is_contact_class(m.message_class)) {
      m.contact = mapi::read_contact(
          {[&](unsigned id) { return string_property(props, id).value_or(""); },
           [&](unsigned lid) { return string_value(find_named(props, mapi::kPsetidAddress, lid)).value_or(""); },
           [&](unsigned id) { return time_seconds(find(props, id)); }});
    }
    if (mapi::is_appointment_class(m.message_class)) {
      m.appointment = mapi::read_appointment(
          {[&](unsigned lid) { return string_value(find_named(props, mapi::kPsetidAppointment, lid)).value_or(""); },
           [&](unsigned lid) { return time_seconds(find_named(props, mapi::kPsetidAppointment, lid)); }});
    }
    if (const Property* html = find(props, mapi::kBodyHtml)) {
      std::string decoded;
      if ((html->type & ~mapi::kMultiValued) == mapi::kTypeUnicode) {
        decoded = text(html->values.front(), true);
      } else {
        decoded = text(html->values.front(), false);
      }
      html_to_text(decoded, m.html_text);
    }
  }

  void read_recipients(std::string_view data, MapiMessage& m) {
    Cursor c(data);
    std::uint32_t rows = 0;
    if (!c.u32(rows)) return;
    for (std::uint32_t r = 0; r < rows && r < kMaxValues; ++r) {
      std::uint32_t count = 0;
      Properties props;
      std::string error;
      if (!c.u32(count) || !read_properties(c, count, props, error)) {
        m.problems.push_back("recipient table: " + (error.empty() ? std::string("cut short") : error));
        return;
      }
      Address a;
      a.name = first_string(props, {mapi::kDisplayName});
      a.address = mapi::smtp_only(first_string(props, {mapi::kSmtpAddress, mapi::kEmailAddress}));
      if (a.name.empty() && a.address.empty()) continue;
      std::uint32_t type = integer_property(props, mapi::kRecipientType).value_or(1);
      (type == 2 ? m.cc : m.to).push_back(std::move(a));
    }
  }

  void read_attachment_properties(const Properties& props, MapiAttachment& a) {
    std::string name = first_string(props, {mapi::kAttachLongFilename, mapi::kAttachFilename, mapi::kDisplayName});
    if (!name.empty()) a.filename = name;
    if (auto s = string_property(props, mapi::kAttachMimeTag); s) a.mime_type = *s;
    std::uint32_t method = integer_property(props, mapi::kAttachMethod).value_or(1);
    if (const Property* data = find(props, mapi::kAttachData)) {
      std::string_view bytes = data->values.front();
      if ((data->type & ~mapi::kMultiValued) == mapi::kTypeObject)
        bytes = bytes.substr(std::min<std::size_t>(16, bytes.size()));
      if (method == mapi::kAttachEmbeddedMessage && le32(bytes) == kSignature) {
        if (depth_left_ <= 0) {
          a.too_deep = true;
        } else {
          Reader inner(charsets_, max_bytes_, depth_left_ - 1);
          a.message = std::make_shared<MapiMessage>(inner.read(bytes));
        }
      } else {
        a.data.assign(bytes.substr(0, max_bytes_));
      }
    }
  }

  MapiMessage read(std::string_view bytes) {
    MapiMessage m;
    Cursor c(bytes);
    std::uint32_t signature = 0;
    std::uint16_t key = 0;
    if (!c.u32(signature) || signature != kSignature || !c.u16(key)) return m;
    m.valid = true;
    MapiAttachment* current = nullptr;
    std::vector<MapiAttachment> attachments;
    std::optional<std::string> legacy_body;
    while (c.left() > 0) {
      std::uint8_t level = 0;
      std::uint32_t id = 0, length = 0;
      std::string_view data;
      std::uint16_t checksum = 0;
      if (!c.u8(level) || !c.u32(id) || !c.u32(length) || !c.take(length, data) || !c.u16(checksum)) {
        m.problems.push_back("attribute cut short");
        break;
      }
      std::string error;
      if (id == kAttOemCodepage && codepage_ == 0) {
        codepage_ = static_cast<int>(le32(data));
      } else if (id == kAttAttachRendData) {
        attachments.emplace_back();
        current = &attachments.back();
      } else if (level == 2 && current != nullptr) {
        if (id == kAttAttachTitle && current->filename.empty()) {
          current->filename = text(data, false);
        } else if (id == kAttAttachData && current->data.empty()) {
          current->data.assign(data.substr(0, max_bytes_));
        } else if (id == kAttAttachment) {
          Cursor pc(data);
          std::uint32_t count = 0;
          Properties props;
          if (!pc.u32(count) || !read_properties(pc, count, props, error)) {
            m.problems.push_back("attachment properties: " + error);
          }
          read_attachment_properties(props, *current);
        }
      } else if (id == kAttMapiProps) {
        Cursor pc(data);
        std::uint32_t count = 0;
        Properties props;
        if (!pc.u32(count) || !read_properties(pc, count, props, error)) {
          m.problems.push_back("message properties: " + error);
        }
        read_message_properties(props, m);
      } else if (id == kAttRecipTable) {
        read_recipients(data, m);
      } else if (id == kAttSubject && m.subject.empty()) {
        m.subject = text(data, false);
      } else if (id == kAttMessageClass && m.message_class.empty()) {
        m.message_class = trim_nul(std::string(data));
      } else if (id == kAttBody) {
        legacy_body = std::string(data);
      } else if (id == kAttDateSent && data.size() >= 12) {
        auto w = [&](std::size_t i) {
          return static_cast<int>(static_cast<unsigned char>(data[i]) | static_cast<unsigned char>(data[i + 1]) << 8);
        };
        char iso[48];
        std::snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02d", w(0), w(2), w(4), w(6), w(8), w(10));
        m.date = iso;
      } else if (id == kAttFrom && m.sender.address.empty()) {
        read_triple(data, m.sender);
      }
    }
    if (m.body.empty() && legacy_body) m.body = text(*legacy_body, false);
    m.codepage = codepage_;
    m.attachments = std::move(attachments);
    return m;
  }

  // attFrom: a recipient triple ([MS-OXTNEF] 2.1.3.3.1): sizes of the
  // display name and the address, then both.
  void read_triple(std::string_view data, Address& out) {
    Cursor c(data);
    std::uint16_t kind = 0, length = 0, name_length = 0, address_length = 0;
    std::string_view name, address;
    if (!c.u16(kind) || !c.u16(length) || !c.u16(name_length) || !c.u16(address_length) || !c.take(name_length, name) ||
        !c.take(address_length, address)) {
      return;
    }
    if (out.name.empty()) out.name = text(name, false);
    std::string a = text(address, false);
    std::size_t colon = a.find(':');  // "SMTP:someone@example.com"
    if (colon != std::string::npos && colon < 8) a = a.substr(colon + 1);
    out.address = mapi::smtp_only(a);
  }

 private:
  CharsetDecoder& charsets_;
  std::size_t max_bytes_;
  int depth_left_;
  int codepage_ = 0;
};

// The dictionary every compressed RTF starts with ([MS-OXRTFCP] 3.1.3.1).
constexpr std::string_view kRtfPrebuffer =
    "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS "
    "Sans "
    "SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par "
    "\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";

}  // namespace

std::string decompress_rtf(std::string_view bytes, std::size_t max_bytes, std::string& error) {
  std::string out;
  if (bytes.size() < 16) {
    error = "header cut short";
    return out;
  }
  std::uint32_t raw_size = le32(bytes.substr(4));
  std::uint32_t type = le32(bytes.substr(8));
  std::size_t limit = std::min<std::size_t>(raw_size, max_bytes);
  std::string_view data = bytes.substr(16);
  if (type == 0x414C454D) {  // "MELA": stored
    out.assign(data.substr(0, limit));
    if (data.size() < raw_size && out.size() < max_bytes) error = "stored RTF cut short";
    return out;
  }
  if (type != 0x75465A4C) {  // "LZFu"
    error = "not compressed RTF";
    return out;
  }
  char dictionary[4096] = {};
  kRtfPrebuffer.copy(dictionary, kRtfPrebuffer.size());
  std::size_t write = kRtfPrebuffer.size();
  std::size_t in = 0;
  out.reserve(std::min<std::size_t>(limit, data.size() * 8));
  auto put = [&](char c) {
    out.push_back(c);
    dictionary[write] = c;
    write = (write + 1) & 0xFFF;
  };
  while (in < data.size() && out.size() < limit) {
    auto control = static_cast<unsigned char>(data[in++]);
    for (int bit = 0; bit < 8 && out.size() < limit; ++bit) {
      if (in >= data.size()) {
        error = "compressed data cut short";
        return out;
      }
      if ((control & (1u << bit)) == 0) {
        put(data[in++]);
        continue;
      }
      if (in + 1 >= data.size()) {
        error = "compressed data cut short";
        return out;
      }
      unsigned reference = static_cast<unsigned char>(data[in]) << 8 | static_cast<unsigned char>(data[in + 1]);
      in += 2;
      std::size_t offset = reference >> 4;
      std::size_t length = (reference & 0xF) + 2;
      if (offset == write) return out;  // the end marker
      for (std::size_t k = 0; k < length && out.size() < limit; ++k) put(dictionary[(offset + k) & 0xFFF]);
    }
  }
  return out;
}

MapiMessage read_tnef(std::string_view bytes, CharsetDecoder& charsets, std::size_t max_bytes, int max_depth) {
  return Reader(charsets, max_bytes, max_depth).read(bytes);
}

}  // namespace leakscan
