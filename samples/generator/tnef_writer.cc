#include "tnef_writer.h"

#include "encoding.h"

#include <cstdint>

namespace leakscan::sample {

namespace {

void put16(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>((v >> 8) & 0xFF));
}

void put32(std::string& out, std::uint32_t v) {
  put16(out, v & 0xFFFF);
  put16(out, v >> 16);
}

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

struct Properties {
  std::string bytes;
  std::uint32_t count = 0;

  void variable(std::uint16_t type, std::uint16_t id, const std::string& value) {
    put16(bytes, type);
    put16(bytes, id);
    put32(bytes, 1);
    put32(bytes, static_cast<std::uint32_t>(value.size()));
    bytes += value;
    bytes.append((4 - value.size() % 4) % 4, '\0');
    ++count;
  }
  void unicode(std::uint16_t id, const std::string& utf8) {
    variable(0x001F, id, utf16le(utf8) + std::string(2, '\0'));
  }
  void string8(std::uint16_t id, const std::string& raw) { variable(0x001E, id, raw + std::string(1, '\0')); }
  void binary(std::uint16_t id, const std::string& data) { variable(0x0102, id, data); }
  void integer(std::uint16_t id, std::uint32_t v) {
    put16(bytes, 0x0003);
    put16(bytes, id);
    put32(bytes, v);
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

std::string make_tnef(const TnefSpec& spec) {
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
  attribute(out, 1, 0x00078008, std::string("IPM.Microsoft Mail.Note") + '\0');

  Properties message;
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

  for (const TnefFile& f : spec.files) {
    attribute(out, 2, 0x00069002, rend_data(1));
    attribute(out, 2, 0x00018010, std::string("FILE~1.DAT") + '\0');
    attribute(out, 2, 0x0006800F, f.data);
    Properties props;
    props.unicode(0x3707, f.name);
    props.integer(0x3705, 1);
    if (!f.mime_type.empty()) props.string8(0x370E, f.mime_type);
    attribute(out, 2, 0x00069005, props.list());
  }
  for (const TnefSpec& inner : spec.messages) {
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

}  // namespace leakscan::sample
