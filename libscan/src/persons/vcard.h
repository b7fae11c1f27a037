// vCard (2.1, 3.0, 4.0) as contact cards arrive attached to mail: folded
// lines, property parameters, quoted-printable values, components separated
// by ';'. Each card keeps the byte range of every value in the text, so that
// what is read from it can be pointed at. Pure function; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

struct VCardField {
  std::string name;                     // the property, upper case: FN, N, ORG, TITLE, TEL, EMAIL, ADR...
  std::string value;                    // unescaped and decoded; N and ADR components joined by spaces
  std::vector<std::string> components;  // the value split at ';'
  std::size_t begin = 0, end = 0;       // the raw value's bytes in the text
};

struct VCard {
  std::size_t begin = 0, end = 0;  // BEGIN:VCARD .. END:VCARD
  std::vector<VCardField> fields;
};

std::vector<VCard> parse_vcards(std::string_view text);

// Whether a part is a vCard by its type or name (text/vcard, text/x-vcard,
// text/directory, *.vcf).
bool is_vcard(std::string_view content_type, std::string_view filename);

}  // namespace leakscan
