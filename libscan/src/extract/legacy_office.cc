#include "extract/legacy_office.h"

#include "extract/ole_file.h"
#include "extract/rtf.h"
#include "extract/sheet_text.h"
#include "mime/charset.h"
#include "mime/html_text.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>

namespace leakscan {

namespace {

// Streams larger than this are read only this far (a 1 GB .doc is damage).
constexpr std::size_t kMaxStreamBytes = 256u << 20;

std::uint16_t u16(std::string_view s, std::size_t at) {
  if (at + 2 > s.size()) return 0;
  return static_cast<std::uint16_t>(static_cast<unsigned char>(s[at]) | static_cast<unsigned char>(s[at + 1]) << 8);
}

std::uint32_t u32(std::string_view s, std::size_t at) {
  if (at + 4 > s.size()) return 0;
  return u16(s, at) | static_cast<std::uint32_t>(u16(s, at + 2)) << 16;
}

double f64(std::string_view s, std::size_t at) {
  std::uint64_t bits = u32(s, at) | static_cast<std::uint64_t>(u32(s, at + 4)) << 32;
  double v = 0;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

// UTF-16 code units to UTF-8; lone surrogates become U+FFFD.
std::string utf8_of(const std::u16string& units) {
  std::string out;
  out.reserve(units.size() * 2);
  for (std::size_t i = 0; i < units.size(); ++i) {
    std::uint32_t c = units[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < units.size() && units[i + 1] >= 0xDC00 && units[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (units[i + 1] - 0xDC00);
      ++i;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      c = 0xFFFD;
    }
    append_utf8(static_cast<char32_t>(c), out);
  }
  return out;
}

// Adds paragraph spans "PREFIX ¶N" over a text of lines.
DocumentText paragraphs(std::string entry, std::string text, const std::string& prefix) {
  DocumentText t;
  t.entry = std::move(entry);
  int n = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) t.spans.push_back({start, prefix + (prefix.empty() ? "¶" : " ¶") + std::to_string(++n)});
    start = end + 1;
  }
  t.text = std::move(text);
  return t;
}

// ---------------------------------------------------------------- Word

// [MS-DOC] 2.4.1: bytes 0x80-0x9F of 8-bit pieces.
char16_t word_8bit(unsigned char b) {
  static constexpr char16_t kHigh[32] = {0x0080, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                         0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x008E, 0x008F,
                                         0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                         0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x009E, 0x0178};
  return b >= 0x80 && b < 0xA0 ? kHigh[b - 0x80] : static_cast<char16_t>(b);
}

// Word's marks to text: fields keep their results, cells become tabs and
// rows lines, breaks lines; drawing anchors and other marks go.
std::string word_story_text(const std::u16string& story) {
  std::u16string out;
  int field_depth = 0;
  std::vector<bool> in_instruction;  // per open field: before its separator
  for (std::size_t i = 0; i < story.size(); ++i) {
    char16_t c = story[i];
    if (c == 0x13) {
      in_instruction.push_back(true);
      ++field_depth;
      continue;
    }
    if (c == 0x14 && field_depth > 0) {
      in_instruction.back() = false;
      continue;
    }
    if (c == 0x15 && field_depth > 0) {
      in_instruction.pop_back();
      --field_depth;
      continue;
    }
    if (!in_instruction.empty() && in_instruction.back()) continue;
    if (c == 0x07) {
      bool row_end = !out.empty() && out.back() == u'\t';
      if (row_end) {
        out.back() = u'\n';
      } else {
        out.push_back(u'\t');
      }
    } else if (c == 0x0D || c == 0x0B || c == 0x0C || c == 0x0E) {
      out.push_back(u'\n');
    } else if (c == 0x1E) {
      out.push_back(u'-');
    } else if (c == u'\t' || c >= 0x20) {
      out.push_back(c);
    }
  }
  return utf8_of(out);
}

int codepage_of_language(std::uint16_t lid) {
  switch (lid) {
    case 0x0411:
      return 932;
    case 0x0804:
      return 936;
    case 0x0412:
      return 949;
    case 0x0404:
      return 950;
    default:
      return 1252;
  }
}

}  // namespace

LegacyDocument read_word97(const OleFile& ole, CharsetDecoder& charsets, std::size_t max_bytes) {
  LegacyDocument doc;
  std::string word;
  if (!ole.read("WordDocument", kMaxStreamBytes, word) || word.size() < 0x20 || u16(word, 0) != 0xA5EC) {
    doc.problems.push_back("no Word document stream");
    return doc;
  }
  std::uint16_t nfib = u16(word, 2);
  std::uint16_t lid = u16(word, 6);
  std::uint16_t flags = u16(word, 0x0A);
  if ((flags & 0x0100) != 0) {
    doc.encrypted = true;
    return doc;
  }
  if (nfib < 193) {
    // Word 6 and 95: one run of 8-bit text unless fast-saved.
    if ((flags & 0x0004) != 0) {
      doc.unsupported = true;
      doc.problems.push_back("a fast-saved Word 6/95 document");
      return doc;
    }
    std::uint32_t begin = u32(word, 0x18), end = u32(word, 0x1C);
    if (begin >= end || end > word.size()) {
      doc.problems.push_back("text range outside the document");
      return doc;
    }
    std::string utf8;
    std::string label = codepage_charset(codepage_of_language(lid));
    charsets.decode(std::string_view(word).substr(begin, std::min<std::size_t>(end - begin, max_bytes)), label, utf8);
    std::u16string units;
    for (std::size_t i = 0; i < utf8.size();) {
      // Back to units for the marks; the text is small enough for a round trip.
      auto c = static_cast<unsigned char>(utf8[i]);
      std::uint32_t cp = c;
      std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      if (n > 1) cp = c & (0x7F >> n);
      for (std::size_t k = 1; k < n && i + k < utf8.size(); ++k) cp = cp << 6 | (utf8[i + k] & 0x3F);
      i += n;
      if (cp >= 0x10000) {
        units.push_back(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
        units.push_back(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
      } else {
        units.push_back(static_cast<char16_t>(cp));
      }
    }
    std::string text = word_story_text(units);
    if (!text.empty()) doc.texts.push_back(paragraphs("WordDocument", std::move(text), ""));
    return doc;
  }
  if (word.size() < 0x1AA) {
    doc.problems.push_back("file information block cut short");
    return doc;
  }
  std::uint32_t fc_clx = u32(word, 0x1A2), lcb_clx = u32(word, 0x1A6);
  std::string table;
  const char* table_name = (flags & 0x0200) != 0 ? "1Table" : "0Table";
  if (!ole.read(table_name, kMaxStreamBytes, table) || fc_clx >= table.size() || lcb_clx > table.size() - fc_clx) {
    doc.problems.push_back(std::string("no piece table in ") + table_name);
    return doc;
  }
  std::string_view clx = std::string_view(table).substr(fc_clx, lcb_clx);
  std::size_t at = 0;
  std::string_view plc;
  while (at < clx.size()) {
    auto kind = static_cast<unsigned char>(clx[at]);
    if (kind == 0x01) {  // Prc: formatting, skipped
      at += 3 + u16(clx, at + 1);
    } else if (kind == 0x02) {
      std::uint32_t lcb = u32(clx, at + 1);
      if (at + 5 + lcb > clx.size()) break;
      plc = clx.substr(at + 5, lcb);
      break;
    } else {
      break;
    }
  }
  if (plc.size() < 16) {
    doc.problems.push_back("piece table damaged");
    return doc;
  }
  std::size_t pieces = (plc.size() - 4) / 12;
  std::u16string all;
  for (std::size_t i = 0; i < pieces && all.size() < max_bytes; ++i) {
    std::uint32_t cp_begin = u32(plc, 4 * i), cp_end = u32(plc, 4 * (i + 1));
    std::size_t pcd = 4 * (pieces + 1) + 8 * i;
    std::uint32_t fc = u32(plc, pcd + 2);
    if (cp_end <= cp_begin) continue;
    std::size_t count = std::min<std::size_t>(cp_end - cp_begin, max_bytes - all.size());
    bool compressed = (fc & 0x40000000u) != 0;
    fc &= 0x3FFFFFFFu;
    if (compressed) {
      std::size_t offset = fc / 2;
      if (offset > word.size()) break;
      count = std::min(count, word.size() - offset);
      for (std::size_t k = 0; k < count; ++k) all.push_back(word_8bit(static_cast<unsigned char>(word[offset + k])));
    } else {
      if (fc > word.size()) break;
      count = std::min(count, (word.size() - fc) / 2);
      for (std::size_t k = 0; k < count; ++k) all.push_back(static_cast<char16_t>(u16(word, fc + 2 * k)));
    }
  }
  // The stories, in the order the file information block counts them.
  static constexpr struct {
    std::size_t offset;
    const char* name;
  } kStories[] = {{0x4C, ""},         {0x50, "footnotes"},  {0x54, "headers"},          {0x5C, "comments"},
                  {0x60, "endnotes"}, {0x64, "text boxes"}, {0x68, "header text boxes"}};
  std::size_t begin = 0;
  for (const auto& story : kStories) {
    std::size_t length = u32(word, story.offset);
    if (begin >= all.size()) break;
    length = std::min(length, all.size() - begin);
    if (length == 0) continue;
    std::string text = word_story_text(all.substr(begin, length));
    begin += length;
    if (text.find_first_not_of(" \t\n") == std::string::npos) continue;
    doc.texts.push_back(paragraphs(std::string("WordDocument") + (story.name[0] ? std::string("/") + story.name : ""),
                                   std::move(text), story.name));
  }
  return doc;
}

namespace {

// ---------------------------------------------------------------- Excel

// A record and the CONTINUE records after it, read as one stream whose
// string characters restart with a flags byte at each record boundary.
class RecordChain {
 public:
  explicit RecordChain(std::vector<std::string_view> records) : records_(std::move(records)) {}

  bool u8(std::uint8_t& v) {
    if (!ensure(1)) return false;
    v = static_cast<std::uint8_t>(records_[r_][at_++]);
    return true;
  }
  bool u16v(std::uint16_t& v) {
    std::uint8_t a = 0, b = 0;
    if (!u8(a) || !u8(b)) return false;
    v = static_cast<std::uint16_t>(a | b << 8);
    return true;
  }
  bool u32v(std::uint32_t& v) {
    std::uint16_t a = 0, b = 0;
    if (!u16v(a) || !u16v(b)) return false;
    v = a | static_cast<std::uint32_t>(b) << 16;
    return true;
  }
  bool skip(std::size_t n) {
    while (n > 0) {
      if (!ensure(1)) return false;
      std::size_t step = std::min(n, records_[r_].size() - at_);
      at_ += step;
      n -= step;
    }
    return true;
  }
  // `count` characters, 8 or 16 bits each; a CONTINUE record in the middle
  // starts with its own flags byte.
  bool characters(std::size_t count, bool wide, std::u16string& out) {
    while (count > 0) {
      if (at_ >= records_[r_].size()) {
        if (r_ + 1 >= records_.size()) return false;
        ++r_;
        at_ = 0;
        std::uint8_t flags = 0;
        if (!u8(flags)) return false;
        wide = (flags & 1) != 0;
      }
      std::string_view rec = records_[r_];
      if (wide) {
        if (at_ + 2 > rec.size()) return false;
        out.push_back(static_cast<char16_t>(u16(rec, at_)));
        at_ += 2;
      } else {
        out.push_back(static_cast<char16_t>(static_cast<unsigned char>(rec[at_])));
        ++at_;
      }
      --count;
    }
    return true;
  }

 private:
  bool ensure(std::size_t n) {
    while (r_ < records_.size() && at_ + n > records_[r_].size() && at_ >= records_[r_].size()) {
      ++r_;
      at_ = 0;
    }
    return r_ < records_.size() && at_ + n <= records_[r_].size();
  }
  std::vector<std::string_view> records_;
  std::size_t r_ = 0, at_ = 0;
};

// XLUnicodeRichExtendedString ([MS-XLS] 2.5.293) from the shared strings.
bool read_shared_string(RecordChain& chain, std::string& out) {
  std::uint16_t count = 0;
  std::uint8_t flags = 0;
  if (!chain.u16v(count) || !chain.u8(flags)) return false;
  std::uint16_t runs = 0;
  std::uint32_t phonetic = 0;
  if ((flags & 0x08) != 0 && !chain.u16v(runs)) return false;
  if ((flags & 0x04) != 0 && !chain.u32v(phonetic)) return false;
  std::u16string units;
  if (!chain.characters(count, (flags & 1) != 0, units)) return false;
  if (!chain.skip(4u * runs) || !chain.skip(phonetic)) return false;  // formatting runs, furigana
  out = utf8_of(units);
  return true;
}

std::string number_text(double v) {
  if (std::isfinite(v) && std::floor(v) == v && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<long long>(v));
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

double rk_value(std::uint32_t rk) {
  double v = 0;
  if ((rk & 2) != 0) {
    v = static_cast<double>(static_cast<std::int32_t>(rk) >> 2);
  } else {
    std::uint64_t bits = static_cast<std::uint64_t>(rk & 0xFFFFFFFCu) << 32;
    std::memcpy(&v, &bits, sizeof v);
  }
  return (rk & 1) != 0 ? v / 100 : v;
}

class WorkbookReader {
 public:
  WorkbookReader(std::string_view stream, CharsetDecoder& charsets, std::size_t max_bytes, LegacyDocument& doc)
      : stream_(stream), charsets_(charsets), max_bytes_(max_bytes), doc_(doc) {}

  void run() {
    std::size_t at = 0;
    while (at + 4 <= stream_.size()) {
      std::uint16_t type = u16(stream_, at), length = u16(stream_, at + 2);
      if (at + 4 + length > stream_.size()) {
        doc_.problems.push_back("record cut short at offset " + std::to_string(at));
        break;
      }
      std::string_view data = stream_.substr(at + 4, length);
      std::size_t next = at + 4 + length;
      if (type == 0x00FC) {  // SST and its CONTINUE records
        std::vector<std::string_view> chain{data};
        while (next + 4 <= stream_.size() && u16(stream_, next) == 0x003C) {
          std::uint16_t l = u16(stream_, next + 2);
          if (next + 4 + l > stream_.size()) break;
          chain.push_back(stream_.substr(next + 4, l));
          next += 4 + l;
        }
        read_shared_strings(chain);
      } else if (!record(type, data, at)) {
        return;
      }
      at = next;
    }
    finish_sheet();
  }

 private:
  // False when reading must stop (an encrypted workbook).
  bool record(std::uint16_t type, std::string_view d, std::size_t offset) {
    switch (type) {
      case 0x0809:  // BOF
        if (u16(d, 0) == 0x0500) biff5_ = true;
        if (u16(d, 2) == 0x0010) start_sheet(offset);
        break;
      case 0x000A:  // EOF
        finish_sheet();
        break;
      case 0x002F:  // FILEPASS
        doc_.encrypted = true;
        return false;
      case 0x0042:  // CODEPAGE
        codepage_ = u16(d, 0);
        break;
      case 0x0085: {  // BOUNDSHEET
        std::size_t pos = 6;
        sheet_names_[u32(d, 0)] = short_string(d, pos);
        break;
      }
      case 0x041E: {  // FORMAT
        std::size_t pos = 2;
        std::string code = biff5_ ? short_string(d, pos) : unicode_string(d, pos);
        custom_date_[u16(d, 0)] = excel_date_format_code(code);
        break;
      }
      case 0x00E0:  // XF
        xf_formats_.push_back(u16(d, 2));
        break;
      case 0x00FD: {  // LABELSST
        std::uint32_t index = u32(d, 6);
        if (index < strings_.size()) set(u16(d, 0), u16(d, 2), strings_[index]);
        break;
      }
      case 0x0204:    // LABEL
      case 0x00D6: {  // RSTRING
        std::size_t pos = 6;
        set(u16(d, 0), u16(d, 2), biff5_ ? long_8bit_string(d, pos) : unicode_string(d, pos));
        break;
      }
      case 0x0203:  // NUMBER
        if (d.size() >= 14) set(u16(d, 0), u16(d, 2), number(f64(d, 6), u16(d, 4)));
        break;
      case 0x027E:  // RK
        if (d.size() >= 10) set(u16(d, 0), u16(d, 2), number(rk_value(u32(d, 6)), u16(d, 4)));
        break;
      case 0x00BD: {  // MULRK
        std::uint16_t row = u16(d, 0), column = u16(d, 2);
        for (std::size_t pos = 4; pos + 6 <= d.size() - std::min<std::size_t>(2, d.size()); pos += 6) {
          set(row, column++, number(rk_value(u32(d, pos + 2)), u16(d, pos)));
        }
        break;
      }
      case 0x0205:  // BOOLERR
        if (d.size() >= 8 && d[7] == 0) set(u16(d, 0), u16(d, 2), d[6] != 0 ? "TRUE" : "FALSE");
        break;
      case 0x0006:  // FORMULA: the cached result
        if (d.size() >= 14) {
          if (u16(d, 12) != 0xFFFF) {
            set(u16(d, 0), u16(d, 2), number(f64(d, 6), u16(d, 4)));
          } else if (d[6] == 0) {
            pending_string_row_ = u16(d, 0);
            pending_string_column_ = u16(d, 2);
            pending_string_ = true;
          } else if (d[6] == 1) {
            set(u16(d, 0), u16(d, 2), d[8] != 0 ? "TRUE" : "FALSE");
          }
        }
        break;
      case 0x0207:  // STRING: a formula's text result
        if (pending_string_) {
          std::size_t pos = 0;
          set(pending_string_row_, pending_string_column_, biff5_ ? long_8bit_string(d, pos) : unicode_string(d, pos));
          pending_string_ = false;
        }
        break;
      default:
        break;
    }
    return true;
  }

  void read_shared_strings(const std::vector<std::string_view>& chain) {
    RecordChain c(chain);
    std::uint32_t total = 0, unique = 0;
    if (!c.u32v(total) || !c.u32v(unique)) return;
    strings_.reserve(std::min<std::uint32_t>(unique, 1u << 20));
    for (std::uint32_t i = 0; i < unique; ++i) {
      std::string s;
      if (!read_shared_string(c, s)) {
        doc_.problems.push_back("shared strings cut short after " + std::to_string(i));
        return;
      }
      strings_.push_back(std::move(s));
    }
  }

  std::string decode_8bit(std::string_view bytes) {
    std::string out;
    std::string label = codepage_charset(codepage_ == 1200 ? 1252 : codepage_);
    charsets_.decode(bytes, label.empty() ? "windows-1252" : label, out);
    return out;
  }

  // ShortXLUnicodeString (BIFF8) or a byte-counted 8-bit string (BIFF5).
  std::string short_string(std::string_view d, std::size_t& pos) {
    if (pos >= d.size()) return "";
    std::size_t count = static_cast<unsigned char>(d[pos++]);
    if (biff5_) {
      std::string s = decode_8bit(d.substr(pos, count));
      pos += count;
      return s;
    }
    return characters(d, pos, count);
  }

  // XLUnicodeString: a 16-bit count, flags, characters.
  std::string unicode_string(std::string_view d, std::size_t& pos) {
    std::size_t count = u16(d, pos);
    pos += 2;
    return characters(d, pos, count);
  }

  std::string long_8bit_string(std::string_view d, std::size_t& pos) {
    std::size_t count = u16(d, pos);
    pos += 2;
    std::string s = decode_8bit(d.substr(std::min(pos, d.size()), count));
    pos += count;
    return s;
  }

  std::string characters(std::string_view d, std::size_t& pos, std::size_t count) {
    if (pos >= d.size()) return "";
    bool wide = (d[pos++] & 1) != 0;
    std::u16string units;
    for (std::size_t i = 0; i < count && pos < d.size(); ++i) {
      if (wide) {
        if (pos + 2 > d.size()) break;
        units.push_back(static_cast<char16_t>(u16(d, pos)));
        pos += 2;
      } else {
        units.push_back(static_cast<char16_t>(static_cast<unsigned char>(d[pos++])));
      }
    }
    return utf8_of(units);
  }

  std::string number(double v, std::uint16_t xf) {
    if (xf < xf_formats_.size()) {
      std::uint16_t format = xf_formats_[xf];
      auto custom = custom_date_.find(format);
      bool date = excel_builtin_date_format(format) || (custom != custom_date_.end() && custom->second);
      if (date) {
        std::string d = excel_serial_date(v);
        if (!d.empty()) return d;
      }
    }
    return number_text(v);
  }

  void start_sheet(std::size_t offset) {
    finish_sheet();
    auto it = sheet_names_.find(static_cast<std::uint32_t>(offset));
    std::string name = it != sheet_names_.end() ? it->second : "Sheet" + std::to_string(sheets_ + 1);
    ++sheets_;
    sheet_ = std::make_unique<SheetText>(name);
    sheet_entry_ = "Workbook/" + name;
  }

  void finish_sheet() {
    if (!sheet_) return;
    if (!sheet_->empty()) doc_.texts.push_back(sheet_->take(sheet_entry_));
    sheet_.reset();
  }

  void set(std::uint16_t row, std::uint16_t column, std::string value) {
    if (!sheet_ || full_) return;
    written_ += value.size() + 1;
    if (written_ > max_bytes_) {
      full_ = true;
      doc_.problems.push_back("text kept to " + std::to_string(max_bytes_) + " bytes");
      return;
    }
    sheet_->set(static_cast<std::size_t>(row) + 1, column, std::move(value));
  }

  std::string_view stream_;
  CharsetDecoder& charsets_;
  std::size_t max_bytes_;
  LegacyDocument& doc_;
  bool biff5_ = false;
  int codepage_ = 1252;
  std::vector<std::string> strings_;
  std::map<std::uint32_t, std::string> sheet_names_;  // by the stream offset of their BOF
  std::map<std::uint16_t, bool> custom_date_;
  std::vector<std::uint16_t> xf_formats_;
  std::unique_ptr<SheetText> sheet_;
  std::string sheet_entry_;
  int sheets_ = 0;
  std::size_t written_ = 0;
  bool full_ = false;
  bool pending_string_ = false;
  std::uint16_t pending_string_row_ = 0, pending_string_column_ = 0;
};

}  // namespace

LegacyDocument read_excel97(const OleFile& ole, CharsetDecoder& charsets, std::size_t max_bytes) {
  LegacyDocument doc;
  std::string stream;
  if (!ole.read("Workbook", kMaxStreamBytes, stream) && !ole.read("Book", kMaxStreamBytes, stream)) {
    doc.problems.push_back("no workbook stream");
    return doc;
  }
  WorkbookReader(stream, charsets, max_bytes, doc).run();
  return doc;
}

LegacyDocument read_powerpoint97(const OleFile& ole, std::size_t max_bytes) {
  LegacyDocument doc;
  std::string stream;
  if (!ole.read("PowerPoint Document", kMaxStreamBytes, stream)) {
    doc.problems.push_back("no PowerPoint Document stream");
    return doc;
  }
  // Records ([MS-PPT] 2.3.1): containers (version 0xF) hold records; the
  // text atoms hold what slides and notes say. A slide (SlideContainer,
  // or a SlidePersistAtom in the outline) starts the next location.
  constexpr std::uint16_t kSlideContainer = 0x03EE, kNotesContainer = 0x03F0, kSlidePersistAtom = 0x03F3,
                          kTextCharsAtom = 0x0FA0, kTextBytesAtom = 0x0FA8, kEncryptedSummary = 0x2F14;
  DocumentText t;
  t.entry = "PowerPoint Document";
  int slide = 0;
  std::string location;
  std::vector<std::size_t> ends;  // where the open containers end
  std::size_t at = 0;
  while (at + 8 <= stream.size()) {
    while (!ends.empty() && at >= ends.back()) ends.pop_back();
    std::uint16_t version = u16(stream, at) & 0x0F;
    std::uint16_t type = u16(stream, at + 2);
    std::uint32_t length = u32(stream, at + 4);
    std::size_t body = at + 8;
    if (length > stream.size() - body) {
      doc.problems.push_back("record cut short at offset " + std::to_string(at));
      break;
    }
    if (type == kEncryptedSummary) {
      doc.encrypted = true;
      return doc;
    }
    if (type == kSlideContainer || type == kSlidePersistAtom) location = "slide " + std::to_string(++slide);
    if (type == kNotesContainer) location = "notes";
    if (version == 0x0F) {
      if (ends.size() < 64) ends.push_back(body + length);
      at = body;  // into the container
      continue;
    }
    if (type == kTextCharsAtom || type == kTextBytesAtom) {
      std::u16string units;
      for (std::size_t i = 0; i < length; i += type == kTextCharsAtom ? 2 : 1) {
        char16_t c = type == kTextCharsAtom ? static_cast<char16_t>(u16(stream, body + i))
                                            : static_cast<char16_t>(static_cast<unsigned char>(stream[body + i]));
        units.push_back(c == u'\r' || c == 0x0B ? u'\n' : c);
      }
      std::string text = utf8_of(units);
      if (!text.empty() && t.text.size() + text.size() < max_bytes) {
        t.spans.push_back({t.text.size(), location.empty() ? "text" : location});
        t.text += text;
        t.text.push_back('\n');
      }
    }
    at = body + length;
  }
  if (!t.text.empty()) doc.texts.push_back(std::move(t));
  return doc;
}

}  // namespace leakscan
