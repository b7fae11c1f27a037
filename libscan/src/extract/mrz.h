// Machine-readable zones (ICAO Doc 9303) found in text, usually the OCR of
// a scanned passport or identity card: TD3 (passports, two lines of 44),
// TD2 (two lines of 36) and TD1 (cards, three lines of 30). Every field
// that carries a check digit is reported only when its check digit agrees
// (weights 7-3-1, letters A=10..Z=35, filler '<' = 0); OCR's usual
// confusions (O/0, I/1, B/8, S/5, Z/2, G/6) are undone where the field is
// numeric, and tried one at a time on a document number whose check fails.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

struct MachineReadableZone {
  std::string format;           // "TD3", "TD2", "TD1"
  std::string document_type;    // "P", "PP", "ID", "I", "A", "C", "V"...
  std::string issuing_state;    // ICAO code, "JPN"
  std::string surname;          // "YAMADA" (the filler between words as spaces)
  std::string given_names;      // "HANAKO"
  std::string document_number;  // without fillers; "" when its check failed
  std::string nationality;      // ICAO code
  std::string birth_date;       // YYYY-MM-DD; "" when its check failed or it is no date
  std::string sex;              // "M", "F", "" for unspecified
  std::string expiry_date;      // YYYY-MM-DD; "" when its check failed
  std::string optional_data;    // the personal number field, fillers removed
  // The fields whose check digit disagreed ("document number", "birth
  // date", "expiry date", "optional data", "composite").
  std::vector<std::string> failed_checks;
  std::size_t begin = 0, end = 0;  // byte range of the zone in the text

  bool is_passport() const { return !document_type.empty() && document_type[0] == 'P'; }
};

// The check digit of `field` (digits, A-Z, '<'); -1 when a character is
// none of those.
int mrz_check_digit(std::string_view field);

// Every zone in `text`: consecutive lines of the lengths above made of
// A-Z, 0-9 and '<' (spaces OCR put inside a line are dropped; a first
// line's trailing fillers may be short).
std::vector<MachineReadableZone> find_machine_readable_zones(std::string_view text);

// A zone as labelled lines the form rules read ("Passport No.: TK1234567",
// "Date of birth: 1985-04-01", ...), validated fields only.
std::string machine_readable_zone_text(const MachineReadableZone& zone);

}  // namespace leakscan
