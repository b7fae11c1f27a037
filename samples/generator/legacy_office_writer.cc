#include "legacy_office_writer.h"

#include "encoding.h"
#include "ole_writer.h"

#include <cstdint>
#include <cstring>
#include <map>

namespace leakscan::sample {

namespace {

void set32(std::string& out, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

bool is_ascii(const std::string& s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

bool digits_only(const std::string& s) {
  if (s.empty() || s.size() > 12 || s[0] == '0') return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::string make_doc(const std::vector<std::string>& paragraphs, const Rows& table, const std::string& footnote) {
  std::string wide_text;  // UTF-16LE of the first piece
  std::string last_8bit;  // the second piece, 8-bit
  auto units = [](const std::string& utf8) { return utf16le(utf8); };
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    const std::string& p = paragraphs[i];
    bool last = i + 1 == paragraphs.size() && table.empty();
    if (last && is_ascii(p) && p.rfind("=LINK:", 0) != 0) {
      last_8bit = p + "\r";
      continue;
    }
    if (p.rfind("=LINK:", 0) == 0) {
      std::size_t bar = p.find('|');
      std::string url = p.substr(6, bar - 6), text = p.substr(bar + 1);
      wide_text += units("\x13 HYPERLINK \"" + url + "\" \x14" + text + "\x15\r");
    } else {
      wide_text += units(p + "\r");
    }
  }
  for (const auto& row : table) {
    for (const std::string& cell : row) wide_text += units(cell + "\x07");
    wide_text += units("\x07");
  }
  std::string story_footnote = footnote.empty() ? "" : units(footnote + "\r");
  // Pieces: the wide text, the 8-bit paragraph, the footnote.
  std::size_t cp_wide = wide_text.size() / 2, cp_8bit = last_8bit.size(), cp_footnote = story_footnote.size() / 2;
  constexpr std::size_t kTextStart = 0x800;
  std::string word(kTextStart, '\0');
  set32(word, 0, 0x00C1A5EC);  // wIdent, nFib 193
  word[6] = 0x11;              // lid 0x0411 (Japanese)
  word[7] = 0x04;
  word[0x0A] = 0x00;
  word[0x0B] = 0x02;  // fWhichTblStm: 1Table
  set32(word, 0x4C, static_cast<std::uint32_t>(cp_wide + cp_8bit));
  set32(word, 0x50, static_cast<std::uint32_t>(cp_footnote));
  std::size_t fc_wide = word.size();
  word += wide_text;
  std::size_t fc_8bit = word.size();
  word += last_8bit;
  std::size_t fc_footnote = word.size();
  word += story_footnote;

  std::string plc;
  std::uint32_t cps[4] = {0, static_cast<std::uint32_t>(cp_wide), static_cast<std::uint32_t>(cp_wide + cp_8bit),
                          static_cast<std::uint32_t>(cp_wide + cp_8bit + cp_footnote)};
  for (std::uint32_t cp : cps) put32(plc, cp);
  auto pcd = [&](std::uint32_t fc) {
    put16(plc, 0);
    put32(plc, fc);
    put16(plc, 0);
  };
  pcd(static_cast<std::uint32_t>(fc_wide));
  pcd(static_cast<std::uint32_t>(fc_8bit * 2) | 0x40000000u);  // 8-bit: the offset doubled, flagged
  pcd(static_cast<std::uint32_t>(fc_footnote));
  std::string table_stream(16, '\0');  // something before the Clx, as Word writes
  std::size_t fc_clx = table_stream.size();
  table_stream.push_back('\x02');
  put32(table_stream, static_cast<std::uint32_t>(plc.size()));
  table_stream += plc;
  set32(word, 0x1A2, static_cast<std::uint32_t>(fc_clx));
  set32(word, 0x1A6, static_cast<std::uint32_t>(table_stream.size() - fc_clx));
  return make_ole({{"WordDocument", word}, {"1Table", table_stream}});
}

namespace {

void record(std::string& out, std::uint16_t type, const std::string& data) {
  put16(out, type);
  put16(out, static_cast<std::uint32_t>(data.size()));
  out += data;
}

// XLUnicodeString bytes of `utf8` without the count: flags and characters.
std::string xl_characters(const std::string& utf8, std::size_t& count) {
  std::string out;
  if (is_ascii(utf8)) {
    out.push_back('\0');
    out += utf8;
    count = utf8.size();
  } else {
    out.push_back('\1');
    std::string u = utf16le(utf8);
    out += u;
    count = u.size() / 2;
  }
  return out;
}

std::string xl_string(const std::string& utf8) {
  std::size_t count = 0;
  std::string chars = xl_characters(utf8, count);
  std::string out;
  put16(out, static_cast<std::uint32_t>(count));
  return out + chars;
}

// The SST split into records of at most `max_record` bytes; characters
// that cross a boundary continue after a new flags byte.
std::string shared_strings(const std::vector<std::string>& strings, std::size_t max_record) {
  std::vector<std::string> records(1);
  put32(records[0], static_cast<std::uint32_t>(strings.size()));
  put32(records[0], static_cast<std::uint32_t>(strings.size()));
  for (const std::string& s : strings) {
    bool wide = !is_ascii(s);
    std::string chars = wide ? utf16le(s) : s;
    std::size_t width = wide ? 2 : 1;
    std::string header;
    put16(header, static_cast<std::uint32_t>(chars.size() / width));
    header.push_back(wide ? '\1' : '\0');
    if (records.back().size() + header.size() + width > max_record) records.emplace_back();
    records.back() += header;
    std::size_t at = 0;
    while (at < chars.size()) {
      std::size_t room = (max_record - records.back().size()) / width * width;
      if (room == 0) {
        records.emplace_back(1, wide ? '\1' : '\0');
        continue;
      }
      std::size_t n = std::min(room, chars.size() - at);
      records.back() += chars.substr(at, n);
      at += n;
    }
  }
  std::string out;
  for (std::size_t i = 0; i < records.size(); ++i) record(out, i == 0 ? 0x00FC : 0x003C, records[i]);
  return out;
}

std::string bof(std::uint16_t kind) {
  std::string d;
  put16(d, 0x0600);
  put16(d, kind);
  put16(d, 0x0DBB);
  put16(d, 0x07CC);
  put32(d, 0);
  put32(d, 0x06);
  return d;
}

std::string cell_header(std::size_t row, std::size_t column, std::uint16_t xf) {
  std::string d;
  put16(d, static_cast<std::uint32_t>(row));
  put16(d, static_cast<std::uint32_t>(column));
  put16(d, xf);
  return d;
}

std::string number_bytes(double v) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &v, sizeof v);
  std::string d;
  put32(d, static_cast<std::uint32_t>(bits & 0xFFFFFFFF));
  put32(d, static_cast<std::uint32_t>(bits >> 32));
  return d;
}

}  // namespace

std::string make_xls(const std::vector<std::pair<std::string, Rows>>& sheets, std::size_t max_record) {
  std::vector<std::string> strings;
  std::map<std::string, std::uint32_t> index;
  for (const auto& [name, rows] : sheets) {
    for (const auto& row : rows) {
      for (const std::string& cell : row) {
        if (cell.empty() || digits_only(cell) || cell.rfind("=DATE:", 0) == 0 || cell.rfind("=STR:", 0) == 0) continue;
        if (index.emplace(cell, static_cast<std::uint32_t>(strings.size())).second) strings.push_back(cell);
      }
    }
  }
  std::vector<std::string> bodies;
  for (const auto& [name, rows] : sheets) {
    std::string body;
    record(body, 0x0809, bof(0x0010));
    for (std::size_t r = 0; r < rows.size(); ++r) {
      for (std::size_t c = 0; c < rows[r].size(); ++c) {
        const std::string& cell = rows[r][c];
        if (cell.empty()) continue;
        if (digits_only(cell)) {
          record(body, 0x0203, cell_header(r, c, 0) + number_bytes(std::stod(cell)));
        } else if (cell.rfind("=DATE:", 0) == 0) {
          int y = std::stoi(cell.substr(6, 4)), m = std::stoi(cell.substr(11, 2)), d = std::stoi(cell.substr(14, 2));
          double serial = static_cast<double>(days_from_civil(y, m, d) + 25569);
          record(body, 0x0203, cell_header(r, c, 2) + number_bytes(serial));
        } else if (cell.rfind("=STR:", 0) == 0) {
          std::string result = std::string("\0\0\0\0\0\0\xFF\xFF", 8);
          record(body, 0x0006, cell_header(r, c, 0) + result + std::string(6, '\0'));
          record(body, 0x0207, xl_string(cell.substr(5)));
        } else {
          std::string d = cell_header(r, c, 0);
          put32(d, index[cell]);
          record(body, 0x00FD, d);
        }
      }
    }
    record(body, 0x000A, "");
    bodies.push_back(body);
  }
  auto globals = [&](const std::vector<std::uint32_t>& offsets) {
    std::string g;
    record(g, 0x0809, bof(0x0005));
    std::string cp;
    put16(cp, 1200);
    record(g, 0x0042, cp);
    std::string format;
    put16(format, 164);
    record(g, 0x041E, format + xl_string("yyyy\"年\"m\"月\"d\"日\""));
    for (std::uint16_t ifmt : {0, 14, 164}) {
      std::string xf;
      put16(xf, 0);
      put16(xf, ifmt);
      xf.resize(20, '\0');
      record(g, 0x00E0, xf);
    }
    for (std::size_t i = 0; i < sheets.size(); ++i) {
      std::string d;
      put32(d, i < offsets.size() ? offsets[i] : 0);
      d.push_back('\0');
      d.push_back('\0');
      std::size_t count = 0;
      std::string chars = xl_characters(sheets[i].first, count);
      d.push_back(static_cast<char>(count));
      d += chars;
      record(g, 0x0085, d);
    }
    g += shared_strings(strings, max_record);
    record(g, 0x000A, "");
    return g;
  };
  std::string first = globals({});
  std::vector<std::uint32_t> offsets;
  std::size_t at = first.size();
  for (const std::string& b : bodies) {
    offsets.push_back(static_cast<std::uint32_t>(at));
    at += b.size();
  }
  std::string stream = globals(offsets);
  for (const std::string& b : bodies) stream += b;
  return make_ole({{"Workbook", stream}});
}

std::string make_ppt(const std::vector<std::vector<std::string>>& slides) {
  auto atom = [](std::uint16_t type, const std::string& data, std::uint16_t instance = 0) {
    std::string out;
    put16(out, static_cast<std::uint32_t>(instance << 4));
    put16(out, type);
    put32(out, static_cast<std::uint32_t>(data.size()));
    return out + data;
  };
  auto container = [](std::uint16_t type, const std::string& children) {
    std::string out;
    put16(out, 0x000F);
    put16(out, type);
    put32(out, static_cast<std::uint32_t>(children.size()));
    return out + children;
  };
  std::string list;
  for (const auto& slide : slides) {
    list += atom(0x03F3, std::string(20, '\0'));  // SlidePersistAtom
    for (const std::string& text : slide) {
      std::string header;
      put32(header, 1);  // body text
      list += atom(0x0F9F, header);
      list += is_ascii(text) ? atom(0x0FA8, text) : atom(0x0FA0, utf16le(text));
    }
  }
  std::string document = container(0x03E8, atom(0x03E9, std::string(40, '\0')) + container(0x0FF0, list));
  return make_ole({{"PowerPoint Document", document}, {"Current User", std::string(20, '\0')}});
}

}  // namespace leakscan::sample
