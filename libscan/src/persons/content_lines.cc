#include "persons/content_lines.h"

#include "util/ascii.h"

namespace leakscan {

namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return out;
}

struct Unfolded {
  std::string text;
  std::size_t begin = 0, end = 0;
};

std::vector<Unfolded> unfold(std::string_view text) {
  std::vector<Unfolded> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    bool continuation = !lines.empty() && !raw.empty() && (raw.front() == ' ' || raw.front() == '\t');
    bool soft_break = !lines.empty() && !lines.back().text.empty() && lines.back().text.back() == '=' &&
                      ascii_lower(lines.back().text).find("quoted-printable") != std::string::npos;
    if (continuation) {
      lines.back().text.append(raw.substr(1));
      lines.back().end = pos + raw.size();
    } else if (soft_break) {
      lines.back().text.pop_back();
      lines.back().text.append(raw);
      lines.back().end = pos + raw.size();
    } else {
      lines.push_back({std::string(raw), pos, pos + raw.size()});
    }
    pos = end + 1;
  }
  return lines;
}

}  // namespace

std::string ContentLine::param(std::string_view wanted) const {
  for (const auto& [param_name, param_value] : params) {
    if (param_name == wanted) return param_value;
  }
  return "";
}

std::vector<ContentLine> parse_content_lines(std::string_view text) {
  std::vector<ContentLine> out;
  for (Unfolded& u : unfold(text)) {
    // NAME *(";" PARAM "=" VALUE) ":" VALUE, with quoted parameter values.
    const std::string& s = u.text;
    std::size_t i = 0;
    while (i < s.size() && s[i] != ';' && s[i] != ':') ++i;
    if (i >= s.size()) continue;
    ContentLine line;
    std::string name = s.substr(0, i);
    if (std::size_t dot = name.rfind('.'); dot != std::string::npos) name = name.substr(dot + 1);  // item1.EMAIL
    line.name = upper(trim_blanks(name));
    while (i < s.size() && s[i] == ';') {
      std::size_t start = ++i;
      bool quoted = false;
      while (i < s.size() && (quoted || (s[i] != ';' && s[i] != ':'))) {
        if (s[i] == '"') quoted = !quoted;
        ++i;
      }
      std::string_view p = std::string_view(s).substr(start, i - start);
      std::size_t eq = p.find('=');
      std::string pname = upper(p.substr(0, eq));
      std::string pvalue = eq == std::string_view::npos ? std::string() : std::string(p.substr(eq + 1));
      if (pvalue.size() >= 2 && pvalue.front() == '"' && pvalue.back() == '"')
        pvalue = pvalue.substr(1, pvalue.size() - 2);
      if (eq == std::string_view::npos) {
        pvalue = pname;  // vCard 2.1: ";QUOTED-PRINTABLE" alone
        pname = "TYPE";
      }
      line.params.emplace_back(std::move(pname), std::move(pvalue));
    }
    if (i >= s.size() || s[i] != ':') continue;
    line.value = s.substr(i + 1);
    line.begin = u.begin;
    line.end = u.end;
    // The value's first byte in the text: after the colon on the first
    // physical line that has it.
    std::string_view raw = text.substr(u.begin, u.end - u.begin);
    std::size_t colon = raw.find(':', std::min(raw.size(), i));
    if (colon == std::string_view::npos) colon = raw.find(':');
    line.value_begin = colon == std::string_view::npos ? u.begin : u.begin + colon + 1;
    out.push_back(std::move(line));
  }
  return out;
}

std::string unescape_text_value(std::string_view v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) {
      char c = v[++i];
      out.push_back(c == 'n' || c == 'N' ? ' ' : c);
    } else {
      out.push_back(v[i]);
    }
  }
  return out;
}

}  // namespace leakscan
