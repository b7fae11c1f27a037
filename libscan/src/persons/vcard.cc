#include "persons/vcard.h"

#include "util/ascii.h"

namespace leakscan {

namespace {

struct Line {
  std::string text;  // unfolded
  std::size_t begin = 0, end = 0;
  std::size_t value_offset = 0;  // where the value starts in `text` and in the source
};

std::vector<Line> unfolded_lines(std::string_view text) {
  std::vector<Line> lines;
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
      lines.push_back({std::string(raw), pos, pos + raw.size(), 0});
    }
    pos = end + 1;
  }
  return lines;
}

std::string unescape(std::string_view v) {
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

std::string decode_quoted_printable(std::string_view v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '=' && i + 2 < v.size() && hex_value(v[i + 1]) >= 0 && hex_value(v[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(v[i + 1]) * 16 + hex_value(v[i + 2])));
      i += 2;
    } else {
      out.push_back(v[i]);
    }
  }
  return out;
}

// Splits at ';' not escaped by a backslash.
std::vector<std::string> components(std::string_view v) {
  std::vector<std::string> out(1);
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) {
      out.back().push_back(v[i]);
      out.back().push_back(v[++i]);
    } else if (v[i] == ';') {
      out.emplace_back();
    } else {
      out.back().push_back(v[i]);
    }
  }
  for (std::string& c : out) c = std::string(trim_blanks(unescape(c)));
  return out;
}

}  // namespace

bool is_vcard(std::string_view content_type, std::string_view filename) {
  std::string name = ascii_lower(filename);
  return content_type == "text/vcard" || content_type == "text/x-vcard" || content_type == "text/directory" ||
         (name.size() > 4 && name.compare(name.size() - 4, 4, ".vcf") == 0);
}

std::vector<VCard> parse_vcards(std::string_view text) {
  std::vector<VCard> cards;
  bool open = false;
  for (const Line& line : unfolded_lines(text)) {
    std::size_t colon = line.text.find(':');
    if (colon == std::string::npos) continue;
    std::string head = ascii_lower(line.text.substr(0, colon));
    std::string_view value = std::string_view(line.text).substr(colon + 1);
    if (head == "begin" && ascii_lower(value) == "vcard") {
      cards.push_back({line.begin, line.end, {}});
      open = true;
      continue;
    }
    if (!open) continue;
    if (head == "end") {
      cards.back().end = line.end;
      open = false;
      continue;
    }
    // NAME;PARAM=...;PARAM=...: the name is before the first ';', after an
    // optional group ("item1.EMAIL").
    std::string name = head.substr(0, head.find(';'));
    if (std::size_t dot = name.rfind('.'); dot != std::string::npos) name = name.substr(dot + 1);
    std::string decoded =
        head.find("quoted-printable") != std::string::npos ? decode_quoted_printable(value) : std::string(value);
    VCardField field;
    for (char& c : name) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    field.name = name;
    field.components = components(decoded);
    if (field.name == "N") {
      // Family;Given;Additional;Prefix;Suffix: "Family Given" for Japanese
      // readers and name keys alike (their words are sorted).
      field.value = field.components[0];
      if (field.components.size() > 1 && !field.components[1].empty()) {
        field.value += (field.value.empty() ? "" : " ") + field.components[1];
      }
    } else {
      for (const std::string& c : field.components) {
        if (!c.empty()) field.value += (field.value.empty() ? "" : " ") + c;
      }
    }
    // The value's bytes: from the colon of the first physical line to the
    // end of the last.
    std::size_t raw_colon = text.substr(line.begin, line.end - line.begin).find(':');
    field.begin = raw_colon == std::string_view::npos ? line.begin : line.begin + raw_colon + 1;
    field.end = line.end;
    if (!field.value.empty()) cards.back().fields.push_back(std::move(field));
  }
  return cards;
}

}  // namespace leakscan
