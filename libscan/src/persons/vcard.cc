#include "persons/vcard.h"

#include "persons/content_lines.h"
#include "util/ascii.h"

namespace leakscan {

namespace {

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
  for (std::string& c : out) c = std::string(trim_blanks(unescape_text_value(c)));
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
  for (const ContentLine& line : parse_content_lines(text)) {
    if (line.name == "BEGIN" && ascii_lower(line.value) == "vcard") {
      cards.push_back({line.begin, line.end, {}});
      open = true;
      continue;
    }
    if (!open) continue;
    if (line.name == "END") {
      cards.back().end = line.end;
      open = false;
      continue;
    }
    bool quoted_printable = false;
    for (const auto& [name, value] : line.params) {
      if (ascii_lower(value) == "quoted-printable") quoted_printable = true;
    }
    std::string decoded = quoted_printable ? decode_quoted_printable(line.value) : line.value;
    VCardField field;
    field.name = line.name;
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
    field.begin = line.value_begin;
    field.end = line.end;
    if (!field.value.empty()) cards.back().fields.push_back(std::move(field));
  }
  return cards;
}

}  // namespace leakscan
