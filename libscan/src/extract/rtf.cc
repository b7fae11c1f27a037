#include "extract/rtf.h"

#include "mime/charset.h"
#include "mime/html_text.h"

#include <array>
#include <cstdint>
#include <map>
#include <vector>

namespace leakscan {

std::string codepage_charset(int codepage) {
  switch (codepage) {
    case 932:
      return "shift_jis";
    case 936:
      return "gbk";
    case 949:
      return "euc-kr";
    case 950:
      return "big5";
    case 874:
      return "windows-874";
    case 20127:
      return "us-ascii";
    case 20932:
    case 51932:
      return "euc-jp";
    case 50220:
    case 50221:
    case 50222:
      return "iso-2022-jp";
    case 65001:
      return "utf-8";
    case 10000:
      return "macintosh";
    default:
      break;
  }
  if (codepage >= 1250 && codepage <= 1258) return "windows-" + std::to_string(codepage);
  if (codepage >= 28591 && codepage <= 28605) return "iso-8859-" + std::to_string(codepage - 28590);
  return "";
}

namespace {

constexpr int kMaxGroupDepth = 1024;

// \fcharsetN to a Windows code page (0 when the document's applies).
int charset_codepage(int charset) {
  switch (charset) {
    case 0:
      return 1252;
    case 128:
      return 932;
    case 129:
      return 949;
    case 134:
      return 936;
    case 136:
      return 950;
    case 161:
      return 1253;
    case 162:
      return 1254;
    case 163:
      return 1258;
    case 177:
      return 1255;
    case 178:
      return 1256;
    case 186:
      return 1257;
    case 204:
      return 1251;
    case 222:
      return 874;
    case 238:
      return 1250;
    default:
      return 0;
  }
}

bool double_byte(int codepage) { return codepage == 932 || codepage == 936 || codepage == 949 || codepage == 950; }

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Destinations whose text a reader never sees.
bool skipped_destination(std::string_view word) {
  static constexpr std::array<std::string_view, 27> kSkipped = {
      "colortbl",  "stylesheet",        "info",      "pict",
      "object",    "objdata",           "fldinst",   "filetbl",
      "listtable", "listoverridetable", "revtbl",    "rsidtbl",
      "generator", "xmlnstbl",          "themedata", "colorschememapping",
      "datastore", "latentstyles",      "pgdsctbl",  "mmathPr",
      "sp",        "nonshppict",        "pntxta",    "pntxtb",
      "template",  "bkmkstart",         "bkmkend"};
  for (std::string_view s : kSkipped) {
    if (s == word) return true;
  }
  return false;
}

struct Group {
  bool skip = false;
  bool font_table = false;
  bool html_markup = false;  // \htmlrtf: RTF that only re-draws the HTML
  bool html_tag = false;     // \*\htmltag: an HTML tag, read for its line breaks
  int uc = 1;                // fallback characters after \uN
  int codepage = 0;          // of the current font; 0: the document's
};

class RtfReader {
 public:
  RtfReader(std::string_view rtf, CharsetDecoder& charsets, std::size_t max_bytes)
      : rtf_(rtf), charsets_(charsets), max_bytes_(max_bytes) {}

  RtfText run() {
    RtfText result;
    if (rtf_.substr(0, 5) != "{\\rtf") {
      result.not_rtf = true;
      return result;
    }
    groups_.push_back(Group{});
    std::size_t i = 0;
    while (i < rtf_.size() && !full_) {
      char c = rtf_[i];
      if (c == '{') {
        flush();
        if (groups_.size() < kMaxGroupDepth) {
          groups_.push_back(groups_.back());
        } else {
          ++overflow_depth_;
        }
        ignorable_next_ = false;
        skip_fallback_ = 0;
        ++i;
      } else if (c == '}') {
        flush();
        if (overflow_depth_ == 0 && group().html_tag && (groups_.size() < 2 || !groups_[groups_.size() - 2].html_tag)) {
          end_html_tag();
        }
        if (overflow_depth_ > 0) {
          --overflow_depth_;
        } else if (groups_.size() > 1) {
          groups_.pop_back();
        }
        skip_fallback_ = 0;
        ++i;
      } else if (c == '\\') {
        i = control(i + 1);
      } else if (c == '\r' || c == '\n') {
        ++i;
      } else {
        literal(static_cast<unsigned char>(c));
        ++i;
      }
    }
    flush();
    result.text = std::move(out_);
    result.truncated = full_;
    return result;
  }

 private:
  Group& group() { return groups_.back(); }
  bool hidden() { return group().skip || group().font_table || group().html_markup || group().html_tag; }

  int codepage() {
    int cp = group().codepage;
    return cp != 0 ? cp : document_codepage_;
  }

  void emit(std::string_view utf8) {
    if (full_) return;
    if (out_.size() + utf8.size() > max_bytes_) {
      full_ = true;
      return;
    }
    out_.append(utf8);
  }

  void emit_codepoint(std::uint32_t cp) {
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return;
    std::string utf8;
    append_utf8(static_cast<char32_t>(cp), utf8);
    emit(utf8);
  }

  // Bytes of the current code page wait until a run ends, so that a
  // double-byte character written as two \'hh decodes as one.
  void byte(unsigned char b) {
    int cp = codepage();
    if (!pending_.empty() && cp != pending_codepage_) flush();
    if (b < 0x80 && pending_.empty()) {
      char c = static_cast<char>(b);
      emit(std::string_view(&c, 1));
      return;
    }
    if (b < 0x80 && !double_byte(cp)) {
      flush();
      char c = static_cast<char>(b);
      emit(std::string_view(&c, 1));
      return;
    }
    pending_codepage_ = cp;
    pending_.push_back(static_cast<char>(b));
  }

  void flush() {
    if (pending_.empty()) return;
    std::string label = codepage_charset(pending_codepage_);
    std::string utf8;
    charsets_.decode(pending_, label.empty() ? "windows-1252" : label, utf8);
    pending_.clear();
    emit(utf8);
  }

  // A tag that breaks a line in HTML breaks it here (the RTF that says so
  // is hidden by \htmlrtf).
  void end_html_tag() {
    std::string tag;
    for (char c : tag_) tag.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    tag_.clear();
    for (std::string_view t : {"<br", "<p", "</p", "</div", "</tr", "</li", "</h1", "</h2", "</h3", "</table"}) {
      if (tag.compare(0, t.size(), t) == 0 && (tag.size() == t.size() || !is_alpha(tag[t.size()]))) {
        emit("\n");
        return;
      }
    }
    if (tag.compare(0, 3, "<td") == 0 || tag.compare(0, 3, "<th") == 0) emit("\t");
  }

  void literal(unsigned char b) {
    if (group().html_tag) {
      if (tag_.size() < 64) tag_.push_back(static_cast<char>(b));
      return;
    }
    if (hidden()) return;
    if (skip_fallback_ > 0) {
      --skip_fallback_;
      return;
    }
    if (b == '\t') {
      flush();
      emit("\t");
      return;
    }
    byte(b);
  }

  // Reads the control word or symbol after a backslash at `i`; returns
  // where reading goes on.
  std::size_t control(std::size_t i) {
    if (i >= rtf_.size()) return i;
    char c = rtf_[i];
    if (c == '\'') {
      int hi = i + 1 < rtf_.size() ? hex_value(rtf_[i + 1]) : -1;
      int lo = i + 2 < rtf_.size() ? hex_value(rtf_[i + 2]) : -1;
      if (hi >= 0 && lo >= 0) {
        if (!hidden()) {
          if (skip_fallback_ > 0) {
            --skip_fallback_;
          } else {
            byte(static_cast<unsigned char>(hi * 16 + lo));
          }
        }
        return i + 3;
      }
      return i + 1;
    }
    if (!is_alpha(c)) {
      symbol(c);
      return i + 1;
    }
    std::size_t start = i;
    while (i < rtf_.size() && is_alpha(rtf_[i]) && i - start < 32) ++i;
    std::string_view word = rtf_.substr(start, i - start);
    bool has_param = false;
    bool negative = false;
    long param = 0;
    if (i < rtf_.size() && rtf_[i] == '-' && i + 1 < rtf_.size() && is_digit(rtf_[i + 1])) {
      negative = true;
      ++i;
    }
    std::size_t digits = 0;
    while (i < rtf_.size() && is_digit(rtf_[i])) {
      if (digits++ < 10) param = param * 10 + (rtf_[i] - '0');
      has_param = true;
      ++i;
    }
    if (negative) param = -param;
    if (i < rtf_.size() && rtf_[i] == ' ') ++i;
    if (word == "bin" && has_param) {
      // Raw bytes follow: never text.
      return i + std::min<std::size_t>(static_cast<std::size_t>(std::max(param, 0L)), rtf_.size() - i);
    }
    control_word(word, has_param, static_cast<int>(param));
    return i;
  }

  void symbol(char c) {
    bool ignorable = c == '*';
    if (ignorable) {
      ignorable_next_ = true;
      return;
    }
    ignorable_next_ = false;
    if (hidden()) return;
    if (skip_fallback_ > 0) {
      --skip_fallback_;
      return;
    }
    switch (c) {
      case '\\':
      case '{':
      case '}':
        byte(static_cast<unsigned char>(c));
        break;
      case '~':
        flush();
        emit("\xC2\xA0");
        break;
      case '_':
        flush();
        emit("-");
        break;
      case '\n':
      case '\r':
        flush();
        emit("\n");
        break;
      default:
        break;  // \- (optional hyphen), \: (index), \| (formula)
    }
  }

  void control_word(std::string_view word, bool has_param, int param) {
    bool ignorable = ignorable_next_;
    ignorable_next_ = false;
    Group& g = group();
    if (word == "ud") {
      g.skip = false;  // the Unicode half of \upr: the one to read
      return;
    }
    if (ignorable) {
      if (word == "htmltag") {
        g.html_tag = true;
      } else {
        g.skip = true;
      }
      return;
    }
    if (word == "fonttbl") {
      g.font_table = true;
      return;
    }
    if (g.font_table) {
      if (word == "f" && has_param) table_font_ = param;
      if (word == "fcharset" && has_param) {
        if (int cp = charset_codepage(param)) font_codepage_[table_font_] = cp;
      }
      if (word == "cpg" && has_param && param > 0) font_codepage_[table_font_] = param;
      return;
    }
    if (word == "ansicpg" && has_param && param > 0) {
      document_codepage_ = param;
      return;
    }
    if (word == "deff" && has_param) {
      default_font_ = param;
      return;
    }
    if (word == "upr" || skipped_destination(word)) {
      g.skip = true;
      return;
    }
    if (word == "htmlrtf") {
      g.html_markup = !has_param || param != 0;
      return;
    }
    if (word == "f" && has_param) {
      flush();
      auto it = font_codepage_.find(param);
      g.codepage = it != font_codepage_.end() ? it->second : 0;
      return;
    }
    if (word == "plain") {
      flush();
      auto it = font_codepage_.find(default_font_);
      g.codepage = it != font_codepage_.end() ? it->second : 0;
      return;
    }
    if (word == "uc" && has_param) {
      g.uc = std::max(0, param);
      return;
    }
    if (hidden()) return;
    if (skip_fallback_ > 0) {
      --skip_fallback_;
      return;
    }
    if (word == "u" && has_param) {
      flush();
      emit_codepoint(static_cast<std::uint32_t>(param < 0 ? param + 65536 : param));
      skip_fallback_ = g.uc;
      return;
    }
    const char* text = nullptr;
    if (word == "par" || word == "line" || word == "sect" || word == "page" || word == "row") {
      text = "\n";
    } else if (word == "tab" || word == "cell") {
      text = "\t";
    } else if (word == "lquote") {
      text = "\xE2\x80\x98";
    } else if (word == "rquote") {
      text = "\xE2\x80\x99";
    } else if (word == "ldblquote") {
      text = "\xE2\x80\x9C";
    } else if (word == "rdblquote") {
      text = "\xE2\x80\x9D";
    } else if (word == "bullet") {
      text = "\xE2\x80\xA2";
    } else if (word == "endash") {
      text = "\xE2\x80\x93";
    } else if (word == "emdash") {
      text = "\xE2\x80\x94";
    } else if (word == "emspace" || word == "enspace" || word == "qmspace") {
      text = " ";
    }
    if (text != nullptr) {
      flush();
      emit(text);
    }
  }

  std::string_view rtf_;
  CharsetDecoder& charsets_;
  std::size_t max_bytes_;
  std::vector<Group> groups_;
  std::size_t overflow_depth_ = 0;  // groups past kMaxGroupDepth, not kept
  std::map<int, int> font_codepage_;
  int table_font_ = -1;
  int default_font_ = 0;
  int document_codepage_ = 1252;
  int skip_fallback_ = 0;
  bool ignorable_next_ = false;
  std::string pending_;
  int pending_codepage_ = 0;
  std::string tag_;
  std::string out_;
  bool full_ = false;
};

}  // namespace

RtfText rtf_to_text(std::string_view rtf, CharsetDecoder& charsets, std::size_t max_bytes) {
  return RtfReader(rtf, charsets, max_bytes).run();
}

}  // namespace leakscan
