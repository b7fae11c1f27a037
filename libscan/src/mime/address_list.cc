#include "mime/address_list.h"

#include "util/ascii.h"

#include <cctype>

namespace leakscan {

namespace {

// One comma-separated element, split into what it holds.
struct Element {
  std::string phrase;  // raw text outside <>, quotes removed, comments dropped
  std::string angle;   // inside <...>, if any
  bool has_angle = false;
  std::vector<std::string> comments;
  std::string bare;  // raw text with comments dropped, for addr-spec forms
};

std::string trim(std::string_view s) { return std::string(trim_blanks(s)); }

std::string collapse_spaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// Splits at top-level commas (and group punctuation), honouring quotes,
// comments and angle brackets. Group display names ("team:") are dropped:
// they name no mailbox.
std::vector<Element> split_elements(std::string_view v) {
  std::vector<Element> elements;
  Element current;
  bool any = false;
  auto finish = [&] {
    if (any) elements.push_back(std::move(current));
    current = Element{};
    any = false;
  };
  std::size_t i = 0;
  while (i < v.size()) {
    char c = v[i];
    // An encoded-word is one atom, whatever ':' ')' or ',' its text holds.
    if (c == '=' && i + 1 < v.size() && v[i + 1] == '?') {
      std::size_t q1 = v.find('?', i + 2);
      std::size_t q2 = q1 == std::string_view::npos ? q1 : v.find('?', q1 + 1);
      std::size_t close = q2 == std::string_view::npos ? q2 : v.find("?=", q2 + 1);
      if (close != std::string_view::npos && q2 == q1 + 2 && close - i < 1024) {
        std::string_view word = v.substr(i, close + 2 - i);
        if (current.has_angle) finish();  // a second mailbox without a comma
        current.phrase += word;
        current.bare += word;
        any = true;
        i = close + 2;
        continue;
      }
    }
    if (c == '"') {
      if (current.has_angle) finish();  // a second mailbox without a comma
      std::string quoted;
      ++i;
      while (i < v.size() && v[i] != '"') {
        if (v[i] == '\\' && i + 1 < v.size()) ++i;
        quoted.push_back(v[i]);
        ++i;
      }
      ++i;  // closing quote (or end)
      current.phrase += quoted;
      current.bare += '"' + quoted + '"';
      any = true;
    } else if (c == '(') {
      int depth = 1;
      std::string comment;
      ++i;
      while (i < v.size() && depth > 0) {
        if (v[i] == '\\' && i + 1 < v.size()) {
          comment.push_back(v[i + 1]);
          i += 2;
          continue;
        }
        if (v[i] == '(') ++depth;
        if (v[i] == ')' && --depth == 0) break;
        comment.push_back(v[i]);
        ++i;
      }
      ++i;
      current.comments.push_back(comment);
      current.phrase.push_back(' ');
      any = true;
    } else if (c == '<') {
      if (current.has_angle) finish();  // "<a@x> <b@y>
      std::size_t close = v.find('>', i + 1);
      std::size_t end = close == std::string_view::npos ? v.size() : close;
      current.angle = std::string(v.substr(i + 1, end - i - 1));
      current.has_angle = true;
      i = close == std::string_view::npos ? v.size() : close + 1;
      any = true;
    } else if (c == ',' || c == ';') {  // ';' ends a group
      finish();
      ++i;
    } else if (c == ':' && !current.has_angle && current.bare.find('@') == std::string::npos) {
      // "group:" — what came before is the group's name.
      current = Element{};
      any = false;
      ++i;
    } else {
      // Words after "<addr>" name a second mailbox given without a comma.
      if (current.has_angle && c != ' ' && c != '\t') finish();
      current.phrase.push_back(c);
      current.bare.push_back(c);
      if (c != ' ' && c != '\t') any = true;
      ++i;
    }
  }
  finish();
  return elements;
}

// An addr-spec as written to the address itself: comments and white space
// dropped, a quoted local part kept quoted only when it needs the quotes,
// stray angle brackets removed.
std::string clean_addr_spec(std::string_view spec) {
  std::string out;
  int depth = 0;
  bool quoted = false;
  std::string quoted_text;
  for (std::size_t i = 0; i < spec.size(); ++i) {
    char c = spec[i];
    if (quoted) {
      if (c == '\\' && i + 1 < spec.size()) {
        quoted_text.push_back(spec[++i]);
      } else if (c == '"') {
        quoted = false;
        bool needs_quotes = quoted_text.find_first_of(" @,;:<>()[]\\\"") != std::string::npos;
        out += needs_quotes ? "\"" + quoted_text + "\"" : quoted_text;
      } else {
        quoted_text.push_back(c);
      }
      continue;
    }
    if (c == '(') {
      ++depth;
    } else if (c == ')' && depth > 0) {
      --depth;
    } else if (depth == 0) {
      if (c == '"') {
        quoted = true;
        quoted_text.clear();
      } else if (c != ' ' && c != '\t' && c != '<' && c != '>') {
        out.push_back(c);
      }
    }
  }
  if (quoted) out += quoted_text;
  return out;
}

// The addr-spec inside <...>, without an obsolete source route "@a,@b:".
std::string clean_angle(std::string_view angle) {
  std::string a = trim(angle);
  if (!a.empty() && a[0] == '@') {
    std::size_t colon = a.find(':');
    if (colon != std::string::npos) a = a.substr(colon + 1);
  }
  return clean_addr_spec(a);
}

}  // namespace

std::vector<Address> parse_address_list(std::string_view value, HeaderTextDecoder& text) {
  std::vector<Element> elements = split_elements(value);
  // "Tanaka, Taro <t@example.jp>": an element without any address followed
  // by one with <...> is the first half of an unquoted display name.
  for (std::size_t i = 0; i + 1 < elements.size(); ++i) {
    Element& e = elements[i];
    Element& next = elements[i + 1];
    if (!e.has_angle && e.bare.find('@') == std::string::npos && next.has_angle && e.comments.empty() &&
        !trim(e.phrase).empty() && !trim(next.phrase).empty()) {
      next.phrase = trim(e.phrase) + ", " + trim(next.phrase);
      e = Element{};
    }
  }
  std::vector<Address> out;
  for (const Element& e : elements) {
    Address a;
    if (e.has_angle) {
      a.address = clean_angle(e.angle);
      a.name = collapse_spaces(trim(e.phrase));
      if (a.name.empty() && !e.comments.empty()) a.name = trim(e.comments.front());
    } else {
      std::string bare = trim(e.bare);
      if (bare.empty()) continue;
      // "Name addr@host" without brackets: the token holding '@' is the
      // address when the rest is plain words.
      std::string collapsed = collapse_spaces(bare);
      std::size_t at = collapsed.find('@');
      if (at != std::string::npos && collapsed.find(' ') != std::string::npos &&
          collapsed.find('"') == std::string::npos) {
        std::size_t start = collapsed.rfind(' ', at);
        start = start == std::string::npos ? 0 : start + 1;
        std::size_t end = collapsed.find(' ', at);
        end = end == std::string::npos ? collapsed.size() : end;
        a.address = collapsed.substr(start, end - start);
        a.name = trim(collapsed.substr(0, start) + (end < collapsed.size() ? collapsed.substr(end) : ""));
      } else {
        a.address = clean_addr_spec(bare);
      }
      if (!e.comments.empty()) a.name = trim(e.comments.front());
    }
    a.name = collapse_spaces(trim(text.decode(a.name)));
    a.address = text.decode(a.address);
    if (a.address.empty() && a.name.empty()) continue;
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace leakscan
