#include "mime/html_text.h"

#include "util/ascii.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

namespace leakscan {

namespace {

struct Entity {
  std::string_view name;
  char32_t cp;
};

constexpr Entity kEntities[] = {
#include "mime/html_entities.inc"
};

// HTML5: numeric references to 0x80-0x9F mean windows-1252.
constexpr std::array<char16_t, 32> kC1 = {0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                          0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,   0x017D, 0x8F,
                                          0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                          0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};

bool lookup_entity(std::string_view name, char32_t& cp) {
  auto it = std::lower_bound(std::begin(kEntities), std::end(kEntities), name,
                             [](const Entity& e, std::string_view n) { return e.name < n; });
  if (it == std::end(kEntities) || it->name != name) return false;
  cp = it->cp;
  return true;
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

// Finds "</name" case-insensitively at or after `from`.
std::size_t find_end_tag(std::string_view html, std::size_t from, std::string_view name) {
  for (std::size_t i = html.find("</", from); i != std::string_view::npos; i = html.find("</", i + 2)) {
    if (ascii_iequals(html.substr(i + 2, name.size()), name)) return i;
  }
  return std::string_view::npos;
}

enum class TagKind { kInline, kBreak, kCell };

TagKind classify(std::string_view name) {
  static constexpr std::string_view kBreaks[] = {
      "address", "article", "aside",    "blockquote", "br",     "caption", "center", "dd",   "div",
      "dl",      "dt",      "fieldset", "figcaption", "figure", "footer",  "form",   "h1",   "h2",
      "h3",      "h4",      "h5",       "h6",         "header", "hr",      "li",     "main", "nav",
      "ol",      "p",       "pre",      "section",    "table",  "title",   "tr",     "ul"};
  for (std::string_view b : kBreaks) {
    if (ascii_iequals(name, b)) return TagKind::kBreak;
  }
  if (ascii_iequals(name, "td") || ascii_iequals(name, "th")) return TagKind::kCell;
  return TagKind::kInline;
}

class TextWriter {
 public:
  explicit TextWriter(std::string& out) : out_(out), start_(out.size()) {}

  void text_char(char c) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      pending_space_ = true;
      return;
    }
    flush_space();
    out_.push_back(c);
    newlines_ = 0;
  }

  void text(std::string_view s) {
    for (char c : s) text_char(c);
  }

  void line_break() {
    pending_space_ = false;
    if (out_.size() == start_ || newlines_ >= 2) return;
    out_.push_back('\n');
    ++newlines_;
  }

  void cell_break() {
    if (out_.size() > start_ && newlines_ == 0) pending_space_ = true;
  }

 private:
  void flush_space() {
    if (pending_space_ && out_.size() > start_ && newlines_ == 0) out_.push_back(' ');
    pending_space_ = false;
  }

  std::string& out_;
  std::size_t start_;
  bool pending_space_ = false;
  int newlines_ = 0;
};

// Decodes the reference starting at html[i] == '&'; returns the bytes used
// (0 when it is not a reference).
std::size_t decode_reference(std::string_view html, std::size_t i, std::string& utf8) {
  std::size_t j = i + 1;
  if (j < html.size() && html[j] == '#') {
    ++j;
    bool hex = j < html.size() && (html[j] == 'x' || html[j] == 'X');
    if (hex) ++j;
    std::size_t digits_begin = j;
    char32_t cp = 0;
    while (j < html.size() && (hex ? std::isxdigit(static_cast<unsigned char>(html[j])) != 0
                                   : std::isdigit(static_cast<unsigned char>(html[j])) != 0)) {
      if (cp < 0x110000) {
        int d = std::isdigit(static_cast<unsigned char>(html[j])) ? html[j] - '0' : ascii_lower(html[j]) - 'a' + 10;
        cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(d);
      }
      ++j;
    }
    if (j == digits_begin) return 0;
    if (j < html.size() && html[j] == ';') ++j;
    if (cp >= 0x80 && cp <= 0x9F) cp = kC1[cp - 0x80];
    if (cp == 0) cp = 0xFFFD;
    append_utf8(cp, utf8);
    return j - i;
  }
  while (j < html.size() && j - i <= 32 && is_alnum(html[j])) ++j;
  if (j == i + 1) return 0;
  std::string_view name = html.substr(i + 1, j - i - 1);
  char32_t cp = 0;
  if (j < html.size() && html[j] == ';' && lookup_entity(name, cp)) {
    append_utf8(cp, utf8);
    return j + 1 - i;
  }
  // Legacy references without ';' for the few names browsers accept so.
  for (std::string_view legacy : {"nbsp", "amp", "lt", "gt", "quot", "copy", "reg"}) {
    if (name.starts_with(legacy) && lookup_entity(legacy, cp)) {
      append_utf8(cp, utf8);
      return 1 + legacy.size();
    }
  }
  return 0;
}

}  // namespace

void append_utf8(char32_t cp, std::string& out) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void html_to_text(std::string_view html, std::string& out) {
  TextWriter writer(out);
  std::string reference;
  bool in_pre = false;
  std::size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (c == '&') {
      reference.clear();
      std::size_t used = decode_reference(html, i, reference);
      if (used > 0) {
        // A no-break space separates words like any other space.
        writer.text(reference == "\xC2\xA0" ? std::string_view(" ") : std::string_view(reference));
        i += used;
        continue;
      }
      writer.text_char(c);
      ++i;
      continue;
    }
    if (c != '<' || i + 1 >= html.size()) {
      if (in_pre && c == '\n') {
        writer.line_break();
      } else {
        writer.text_char(c);
      }
      ++i;
      continue;
    }
    char next = html[i + 1];
    if (html.substr(i, 4) == "<!--") {
      std::size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    if (next == '!' || next == '?') {
      std::size_t end = html.find('>', i + 2);
      i = end == std::string_view::npos ? html.size() : end + 1;
      continue;
    }
    bool closing = next == '/';
    std::size_t name_begin = i + (closing ? 2 : 1);
    if (name_begin >= html.size() || !is_alpha(html[name_begin])) {
      writer.text_char(c);  // "a < b" is text
      ++i;
      continue;
    }
    std::size_t name_end = name_begin;
    while (name_end < html.size() && (is_alnum(html[name_end]) || html[name_end] == '-' || html[name_end] == ':')) {
      ++name_end;
    }
    std::string_view name = html.substr(name_begin, name_end - name_begin);
    // Skip to the end of the tag, over quoted attribute values.
    std::size_t j = name_end;
    char quote = 0;
    while (j < html.size()) {
      char d = html[j];
      if (quote != 0) {
        if (d == quote) quote = 0;
      } else if (d == '"' || d == '\'') {
        quote = d;
      } else if (d == '>') {
        break;
      }
      ++j;
    }
    if (j >= html.size() && quote != 0) {
      // An unterminated quote: end the tag at the next '>' instead.
      std::size_t gt = html.find('>', name_end);
      j = gt == std::string_view::npos ? html.size() : gt;
    }
    i = j < html.size() ? j + 1 : html.size();
    if (!closing && (ascii_iequals(name, "script") || ascii_iequals(name, "style"))) {
      std::size_t end = find_end_tag(html, i, name);
      if (end == std::string_view::npos) {
        i = html.size();
      } else {
        std::size_t gt = html.find('>', end);
        i = gt == std::string_view::npos ? html.size() : gt + 1;
      }
      continue;
    }
    if (ascii_iequals(name, "pre")) in_pre = !closing;
    switch (classify(name)) {
      case TagKind::kBreak:
        writer.line_break();
        break;
      case TagKind::kCell:
        writer.cell_break();
        break;
      case TagKind::kInline:
        break;
    }
  }
}

std::string html_meta_charset(std::string_view html) {
  std::string_view head = html.substr(0, 4096);
  std::string lowered(head);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](char ch) { return ascii_lower(ch); });
  for (std::size_t meta = lowered.find("<meta"); meta != std::string::npos; meta = lowered.find("<meta", meta + 5)) {
    std::size_t end = lowered.find('>', meta);
    std::string_view tag =
        std::string_view(lowered).substr(meta, end == std::string::npos ? std::string::npos : end - meta);
    std::size_t cs = tag.find("charset");
    if (cs == std::string_view::npos) continue;
    std::size_t p = cs + 7;
    while (p < tag.size() && (tag[p] == ' ' || tag[p] == '=' || tag[p] == '"' || tag[p] == '\'')) ++p;
    std::size_t q = p;
    while (q < tag.size() && (is_alnum(tag[q]) || tag[q] == '-' || tag[q] == '_' || tag[q] == '.' || tag[q] == ':')) {
      ++q;
    }
    if (q > p) return std::string(tag.substr(p, q - p));
  }
  return {};
}

}  // namespace leakscan
