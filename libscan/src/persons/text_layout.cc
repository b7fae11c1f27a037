#include "persons/text_layout.h"

#include "util/ascii.h"

#include <algorithm>
#include <array>

namespace leakscan {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && ascii_iequals(s.substr(0, prefix.size()), prefix);
}

bool icontains(std::string_view s, std::string_view needle) {
  return ascii_lower(s).find(ascii_lower(needle)) != std::string::npos;
}

// Strips trailing spaces, tabs and CR (and U+3000). Called on every line,
// so the ideographic space (E3 80 80) is compared byte by byte.
std::string_view trim(std::string_view s) {
  auto ideographic_space_at = [&](std::size_t i) { return s[i] == '\xE3' && s[i + 1] == '\x80' && s[i + 2] == '\x80'; };
  for (;;) {
    s = trim_blanks(s);
    if (!s.empty() && s.back() == '\r') {
      s.remove_suffix(1);
    } else if (s.size() >= 3 && ideographic_space_at(s.size() - 3)) {
      s.remove_suffix(3);
    } else if (s.size() >= 3 && ideographic_space_at(0)) {
      s.remove_prefix(3);
    } else {
      return s;
    }
  }
}

// Quote marks at the start of a line: '>' and '＞' (U+FF1E), with the spaces
// between them ("> > text").
std::size_t quote_prefix(std::string_view line, int& depth) {
  std::size_t i = 0, after_last = 0;
  depth = 0;
  while (i < line.size()) {
    if (line[i] == '>') {
      ++depth;
      after_last = ++i;
    } else if (line.compare(i, 3, "\uFF1E") == 0) {
      ++depth;
      after_last = i += 3;
    } else if ((line[i] == ' ' || line[i] == '\t') && depth > 0) {
      ++i;
    } else {
      break;
    }
  }
  if (depth == 0) return 0;
  // One space after the last mark is part of the quoting.
  if (after_last < line.size() && line[after_last] == ' ') ++after_last;
  return after_last;
}

// The header names of inline header blocks, as Outlook, Thunderbird, Gmail
// and Japanese mail programs write them.
constexpr std::array kFromNames = {"from", "差出人", "送信者", "送信元"};
constexpr std::array kOtherNames = {"sent", "date", "送信日時", "送信日", "日付",     "日時", "to",
                                    "宛先", "cc",   "subject",  "件名",   "reply-to", "bcc"};

// The header name a line starts with ("from", "件名"...) or "".
std::string_view header_name(std::string_view content) {
  // A name ends within 16 bytes: the rest of a long line is not searched.
  std::string_view head = content.substr(0, 16 + 3);
  std::size_t colon = head.find(':');
  std::size_t wide = head.find("\uFF1A");
  std::size_t end = std::min(colon, wide);
  if (end == std::string_view::npos || end == 0 || end > 16) return {};
  std::string_view name = trim(content.substr(0, end));
  for (std::string_view known : kFromNames) {
    if (ascii_iequals(name, known)) return known;
  }
  for (std::string_view known : kOtherNames) {
    if (ascii_iequals(name, known)) return known;
  }
  return {};
}

bool is_from_name(std::string_view name) {
  return std::find(kFromNames.begin(), kFromNames.end(), name) != kFromNames.end();
}

std::string_view header_value(std::string_view content) {
  std::size_t colon = content.find(':');
  std::size_t wide = content.find("\uFF1A");
  if (wide != std::string_view::npos && (colon == std::string_view::npos || wide < colon)) {
    return trim(content.substr(wide + 3));
  }
  return colon == std::string_view::npos ? std::string_view() : trim(content.substr(colon + 1));
}

// "-----Original Message-----", "---------- Forwarded message ---------",
// "-------- 転送メッセージ --------", "Begin forwarded message:", a line of
// underscores (Outlook's reply separator).
bool is_block_marker(std::string_view content) {
  std::string_view t = trim(content);
  if (t.empty()) return false;
  if (t.size() >= 10 && t.find_first_not_of('_') == std::string_view::npos) return true;
  if (istarts_with(t, "begin forwarded message")) return true;
  if (t.front() != '-') return false;
  static constexpr std::string_view kWords[] = {"original message",    "forwarded message", "forwarded by",
                                                "元のメッセージ",      "転送メッセージ",    "転送されたメッセージ",
                                                "オリジナルメッセージ"};
  return std::any_of(std::begin(kWords), std::end(kWords), [&](std::string_view w) { return icontains(t, w); });
}

// A line made of one repeated rule character: "--", "━━━━", "=====".
bool is_delimiter(std::string_view content) {
  std::string_view t = trim(content);
  if (t == "--" || t == "-- ") return true;
  static constexpr std::string_view kRules[] = {"-",  "=", "_", "*", "~", "#", "━", "─",  "＝", "―",
                                                "－", "■", "□", "◆", "◇", "☆", "★", "＊", "●",  "・"};
  for (std::string_view rule : kRules) {
    if (t.size() < rule.size() * 3) continue;
    bool only = true;
    for (std::size_t i = 0; i < t.size(); i += rule.size()) {
      if (t.compare(i, rule.size(), rule) != 0) {
        only = false;
        break;
      }
    }
    if (only) return true;
  }
  return false;
}

bool looks_like_attribution(std::string_view content) {
  std::string_view t = trim(content);
  if (t.size() < 6 || t.size() > 400) return false;
  // Every ending below ends in ':', '：' (EF BC 9A) or '。' (E3 80 82).
  if (t.back() != ':' && t.back() != '\x9A' && t.back() != '\x82') return false;
  static constexpr std::string_view kEnds[] = {
      "wrote:",        "writes:",        "wrote：",   "書きました:", "書きました：",  "書きました。",
      "のメッセージ:", "のメッセージ：", "のメール:", "のメール：",  "からのメール:", "からのメッセージ:"};
  for (std::string_view e : kEnds) {
    if (ends_with(t, e)) return true;
  }
  // Gmail in Japanese: "2024年4月1日(月) 9:00 山田太郎 <t@x.co.jp>:"
  bool has_digit = std::any_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
  return (ends_with(t, ">:") || ends_with(t, ">：")) && t.find('@') != std::string_view::npos && has_digit;
}

bool is_email_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '%' || c == '+' || c == '-';
}

// The first address-like token: local@domain.
std::string_view find_address(std::string_view s) {
  std::size_t at = s.find('@');
  while (at != std::string_view::npos) {
    std::size_t b = at, e = at + 1;
    while (b > 0 && is_email_char(s[b - 1])) --b;
    while (e < s.size() && is_email_char(s[e])) ++e;
    while (e > at + 1 && s[e - 1] == '.') --e;
    if (b < at && e > at + 1 && s.substr(at + 1, e - at - 1).find('.') != std::string_view::npos) {
      return s.substr(b, e - b);
    }
    at = s.find('@', at + 1);
  }
  return {};
}

bool has_digit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The name at the end of `s` ("On Mon, Apr 1, 2024 at 9:00 AM Taro Yamada"
// is "Taro Yamada"; "2024年4月1日(月) 9:00 山田 太郎" is "山田 太郎"):
// trailing words without digits, up to a word ending in ',' or a time word.
std::string trailing_name(std::string_view s) {
  std::vector<std::string_view> words;
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t b = s.find_first_not_of(" \t", pos);
    if (b == std::string_view::npos) break;
    std::size_t e = s.find_first_of(" \t", b);
    if (e == std::string_view::npos) e = s.size();
    words.push_back(s.substr(b, e - b));
    pos = e;
  }
  static constexpr std::string_view kStop[] = {"am", "pm", "at", "on", "午前", "午後", "wrote", "〜"};
  std::size_t first = words.size();
  while (first > 0) {
    std::string_view w = words[first - 1];
    if (has_digit(w) || w.back() == ',' || w.back() == ')' || ends_with(w, "、") || ends_with(w, "）")) break;
    bool stop =
        std::any_of(std::begin(kStop), std::end(kStop), [&](std::string_view k) { return ascii_iequals(w, k); });
    if (stop) break;
    --first;
  }
  std::string out;
  for (std::size_t i = first; i < words.size(); ++i) {
    if (!out.empty()) out.push_back(' ');
    out.append(words[i]);
  }
  for (std::string_view quote : {"\"", "'"}) {
    while (starts_with(out, quote)) out.erase(0, 1);
    while (ends_with(out, quote)) out.pop_back();
  }
  return out;
}

InlineAuthor parse_attribution(std::string_view text) {
  InlineAuthor a;
  std::string_view t = trim(text);
  a.email = std::string(find_address(t));
  std::size_t cut = t.find('<');
  if (cut == std::string_view::npos && !a.email.empty()) cut = t.find(a.email);
  if (cut == std::string_view::npos) {
    // "Taro Yamada wrote:", "山田太郎さんは書きました:"
    for (std::string_view end : {"wrote", "writes", "さんは書きました", "さんが書きました", "は書きました",
                                 "のメッセージ", "のメール", "からのメール", "からのメッセージ"}) {
      std::size_t at = t.rfind(end);
      if (at != std::string_view::npos) {
        cut = at;
        break;
      }
    }
  }
  if (cut != std::string_view::npos) a.name = trailing_name(trim(t.substr(0, cut)));
  if (a.name.find('@') != std::string::npos) a.name.clear();
  return a;
}

}  // namespace

InlineAuthor parse_inline_address(std::string_view value) {
  InlineAuthor a;
  std::string_view t = trim(value);
  a.email = std::string(find_address(t));
  std::size_t cut = std::min(t.find('<'), t.find("[mailto:"));
  if (cut == std::string_view::npos && !a.email.empty()) cut = t.find(a.email);
  std::string_view name = trim(cut == std::string_view::npos ? t : t.substr(0, cut));
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = trim(name.substr(1, name.size() - 2));
  if (name.find('@') == std::string_view::npos) a.name = std::string(name);
  return a;
}

std::size_t TextLayout::line_of(std::size_t offset) const {
  auto it = std::upper_bound(lines.begin(), lines.end(), offset,
                             [](std::size_t o, const LayoutLine& l) { return o < l.begin; });
  return it == lines.begin() ? 0 : static_cast<std::size_t>(it - lines.begin()) - 1;
}

TextLayout analyse_layout(std::string_view text) {
  TextLayout layout;
  std::vector<std::string_view> trimmed;  // per line, its content trimmed
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    LayoutLine line;
    line.begin = pos;
    line.end = end;
    std::string_view raw = text.substr(pos, end - pos);
    line.content = pos + quote_prefix(raw, line.depth);
    // Trimmed once: the tests below trim what they are given, and trimming
    // twice changes nothing.
    std::string_view content = trim(text.substr(line.content, end - line.content));
    line.blank = content.empty();
    line.delimiter = !line.blank && is_delimiter(content) && !is_block_marker(content);
    layout.lines.push_back(line);
    trimmed.push_back(content);
    pos = end + 1;
  }
  auto content_of = [&](const LayoutLine& l) { return text.substr(l.content, l.end - l.content); };
  auto next_nonblank = [&](std::size_t i) {
    while (i < layout.lines.size() && layout.lines[i].blank) ++i;
    return i;
  };

  // Authors by depth: [0] is the message's; deeper ones come from the
  // attribution line before a quote, or stay unknown.
  std::vector<int> author_at_depth{LayoutZone::kMessageAuthor};
  int pending_author = LayoutZone::kUnknownAuthor;
  int pending_depth = -1;
  auto set_depth = [&](int depth) {
    while (static_cast<int>(author_at_depth.size()) > depth + 1) author_at_depth.pop_back();
    while (static_cast<int>(author_at_depth.size()) < depth + 1) {
      int d = static_cast<int>(author_at_depth.size());
      author_at_depth.push_back(d == pending_depth ? pending_author : LayoutZone::kUnknownAuthor);
      if (d == pending_depth) pending_depth = -1;
    }
  };
  constexpr int kBlank = -3;  // a blank line joins the zone before it
  std::vector<int> line_author(layout.lines.size(), kBlank);
  for (std::size_t i = 0; i < layout.lines.size(); ++i) {
    LayoutLine& line = layout.lines[i];
    if (line.blank) continue;
    set_depth(line.depth);
    std::string_view content = content_of(line);
    // An inline header block: a marker line and header lines with a From
    // among them, or without a marker a From line and two more; the rest
    // at this depth is that message's.
    bool marker = is_block_marker(trimmed[i]);
    std::size_t j = marker ? i + 1 : i;
    int from_line = -1, others = 0;
    while (j < layout.lines.size() && layout.lines[j].depth == line.depth && !layout.lines[j].blank) {
      std::string_view c = content_of(layout.lines[j]);
      std::string_view name = header_name(c);
      if (name.empty()) {
        // A folded header line (a long To: list) continues the block.
        if (from_line >= 0 && (c.front() == ' ' || c.front() == '\t')) {
          ++j;
          continue;
        }
        break;
      }
      if (is_from_name(name)) {
        if (from_line >= 0) break;
        from_line = static_cast<int>(j);
      } else {
        ++others;
      }
      ++j;
    }
    bool block = from_line >= 0 && (marker || (from_line == static_cast<int>(i) && others >= 2));
    if (block) {
      auto from = static_cast<std::size_t>(from_line);
      InlineAuthor author = parse_inline_address(header_value(content_of(layout.lines[from])));
      author.line = from;
      layout.authors.push_back(std::move(author));
      int index = static_cast<int>(layout.authors.size()) - 1;
      author_at_depth[static_cast<std::size_t>(line.depth)] = index;
      for (std::size_t k = i; k < j; ++k) {
        layout.lines[k].header = true;
        line_author[k] = index;
      }
      i = j - 1;
      continue;
    }
    if (looks_like_attribution(trimmed[i])) {
      std::size_t next = next_nonblank(i + 1);
      if (next < layout.lines.size() && layout.lines[next].depth > line.depth) {
        std::string joined(content);
        // Gmail wraps a long attribution: "On ..., Taro Yamada <" / "t@x> wrote:".
        if (joined.find('@') == std::string::npos && i > 0 && !layout.lines[i - 1].blank &&
            layout.lines[i - 1].depth == line.depth && istarts_with(content_of(layout.lines[i - 1]), "on ")) {
          joined.insert(0, std::string(content_of(layout.lines[i - 1])).append(" "));
        }
        InlineAuthor author = parse_attribution(joined);
        author.line = i;
        line.attribution = true;
        pending_author = LayoutZone::kUnknownAuthor;
        if (!author.email.empty() || !author.name.empty()) {
          layout.authors.push_back(std::move(author));
          pending_author = static_cast<int>(layout.authors.size()) - 1;
        }
        pending_depth = line.depth + 1;
      }
    }
    line_author[i] = author_at_depth[static_cast<std::size_t>(line.depth)];
  }
  for (std::size_t i = 0; i < layout.lines.size(); ++i) {
    LayoutLine& line = layout.lines[i];
    if (line_author[i] == kBlank) {
      line_author[i] = i > 0 ? line_author[i - 1] : LayoutZone::kMessageAuthor;
      line.depth = i > 0 ? layout.lines[i - 1].depth : 0;
    }
    bool same = !layout.zones.empty() && layout.zones.back().depth == line.depth &&
                layout.zones.back().author == line_author[i];
    if (!same) layout.zones.push_back({i, i, line.depth, line_author[i]});
    layout.zones.back().last_line = i;
    line.zone = static_cast<int>(layout.zones.size()) - 1;
  }
  for (std::size_t i = 0; i < layout.lines.size(); ++i) {
    const LayoutLine& line = layout.lines[i];
    if (line.blank) continue;
    bool extend = !layout.paragraphs.empty() && layout.paragraphs.back().last_line + 1 == i &&
                  layout.paragraphs.back().zone == line.zone;
    if (!extend) layout.paragraphs.push_back({i, i, line.zone});
    layout.paragraphs.back().last_line = i;
  }
  return layout;
}

}  // namespace leakscan
