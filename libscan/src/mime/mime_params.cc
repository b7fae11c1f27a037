#include "mime/mime_params.h"

#include "util/ascii.h"

#include <algorithm>
#include <map>

namespace leakscan {

namespace {

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

struct RawParam {
  std::string name;  // lower case, as written (with * markers)
  std::string value;
  bool quoted = false;
};

std::vector<RawParam> split_params(std::string_view s, std::string& main_value) {
  std::vector<RawParam> params;
  std::size_t i = 0;
  // Main value: up to the first ';' outside quotes; comments dropped.
  std::string value;
  while (i < s.size() && s[i] != ';') {
    if (s[i] == '(') {
      int depth = 0;
      for (; i < s.size(); ++i) {
        if (s[i] == '(') ++depth;
        if (s[i] == ')' && --depth == 0) break;
      }
      ++i;
      continue;
    }
    if (s[i] != '"') value.push_back(s[i]);
    ++i;
  }
  main_value = ascii_lower(trim_blanks(value));
  while (i < s.size()) {
    ++i;  // ';'
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == ';')) ++i;
    std::size_t name_begin = i;
    while (i < s.size() && s[i] != '=' && s[i] != ';') ++i;
    std::string_view name = trim_blanks(s.substr(name_begin, i - name_begin));
    if (i >= s.size() || s[i] == ';') continue;  // a name without a value
    ++i;                                         // '='
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    RawParam p;
    p.name = ascii_lower(name);
    if (i < s.size() && s[i] == '"') {
      p.quoted = true;
      ++i;
      while (i < s.size() && s[i] != '"') {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        p.value.push_back(s[i]);
        ++i;
      }
      ++i;
      while (i < s.size() && s[i] != ';') ++i;  // junk after the quote
    } else {
      std::size_t v_begin = i;
      while (i < s.size() && s[i] != ';') ++i;
      p.value = std::string(trim_blanks(s.substr(v_begin, i - v_begin)));
    }
    if (!p.name.empty()) params.push_back(std::move(p));
  }
  return params;
}

struct Continuation {
  std::map<int, std::pair<std::string, bool>> sections;  // index -> (value, percent-encoded)
  std::size_t first_position = 0;
};

}  // namespace

std::string ContentField::param(std::string_view name) const {
  for (const auto& [n, v] : params) {
    if (n == name) return v;
  }
  return {};
}

bool ContentField::has_param(std::string_view name) const {
  return std::any_of(params.begin(), params.end(), [&](const auto& p) { return p.first == name; });
}

ContentField parse_content_field(std::string_view raw, HeaderTextDecoder& text, CharsetDecoder& charsets) {
  ContentField field;
  std::vector<RawParam> raw_params = split_params(raw, field.value);

  // Group RFC 2231 sections by base name, in order of first appearance.
  std::map<std::string, Continuation> extended;
  std::vector<std::string> order;
  std::vector<std::pair<std::string, std::string>> plain;
  for (std::size_t k = 0; k < raw_params.size(); ++k) {
    const RawParam& p = raw_params[k];
    std::size_t star = p.name.find('*');
    if (star == std::string::npos) {
      plain.emplace_back(p.name, p.value);
      continue;
    }
    std::string base = p.name.substr(0, star);
    std::string_view rest = std::string_view(p.name).substr(star + 1);
    bool encoded = !rest.empty() && rest.back() == '*';
    if (encoded) rest.remove_suffix(1);
    int index = 0;
    if (rest.empty()) {
      encoded = true;  // "name*=" is a single encoded section
    } else {
      index = 0;
      for (char c : rest) {
        if (c < '0' || c > '9' || index > 100000) {
          index = -1;
          break;
        }
        index = index * 10 + (c - '0');
      }
      if (index < 0) continue;
    }
    auto [it, inserted] = extended.try_emplace(base);
    if (inserted) {
      order.push_back(base);
      it->second.first_position = k;
    }
    it->second.sections.emplace(index, std::make_pair(p.value, encoded));
  }

  for (const auto& [name, value] : plain) {
    if (extended.count(name)) continue;  // the RFC 2231 form wins
    field.params.emplace_back(name, text.decode(value));
  }
  for (const std::string& base : order) {
    const Continuation& c = extended[base];
    std::string charset;
    std::string bytes;
    bool first = true;
    for (const auto& [index, section] : c.sections) {
      std::string_view v = section.first;
      if (section.second && first) {
        // charset'language'value
        std::size_t q1 = v.find('\'');
        std::size_t q2 = q1 == std::string_view::npos ? std::string_view::npos : v.find('\'', q1 + 1);
        if (q2 != std::string_view::npos) {
          charset = std::string(v.substr(0, q1));
          v = v.substr(q2 + 1);
        }
      }
      bytes += section.second ? percent_decode(v) : std::string(v);
      first = false;
    }
    std::string decoded;
    if (charset.empty()) {
      text.decode(bytes, decoded);
    } else {
      charsets.decode(bytes, charset, decoded);
    }
    field.params.emplace_back(base, std::move(decoded));
  }
  return field;
}

}  // namespace leakscan
