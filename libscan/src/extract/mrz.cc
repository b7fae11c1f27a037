#include "extract/mrz.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>
#include <vector>

namespace leakscan {

namespace {

struct Line {
  std::string chars;  // spaces removed
  std::size_t begin = 0, end = 0;
};

int char_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c == '<') return 0;
  return -1;
}

bool mrz_char(char c) { return char_value(c) >= 0; }

// What OCR reads for a digit.
char as_digit(char c) {
  switch (c) {
    case 'O':
    case 'Q':
    case 'D':
      return '0';
    case 'I':
    case 'L':
      return '1';
    case 'Z':
      return '2';
    case 'S':
      return '5';
    case 'G':
      return '6';
    case 'B':
      return '8';
    default:
      return c;
  }
}

// What OCR reads for a letter.
char as_letter(char c) {
  switch (c) {
    case '0':
      return 'O';
    case '1':
      return 'I';
    case '2':
      return 'Z';
    case '5':
      return 'S';
    case '6':
      return 'G';
    case '8':
      return 'B';
    default:
      return c;
  }
}

std::string digits(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = as_digit(c);
  return out;
}

// A field of letters only (a name, a state): every digit is a misreading,
// also the 3 Tesseract reads for a J in Courier ("3PN"), which is not
// tried in document numbers, where a 3 is as likely as a J.
std::string letters(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = c == '3' ? 'J' : as_letter(c);
  return out;
}

bool check_matches(std::string_view field, char check) {
  int expected = mrz_check_digit(field);
  char c = as_digit(check);
  // An empty optional field may carry a filler as its check digit.
  if (c == '<') return expected == 0;
  return expected >= 0 && c == static_cast<char>('0' + expected);
}

std::string without_fillers(std::string_view s) {
  std::string out(s);
  while (!out.empty() && out.back() == '<') out.pop_back();
  std::size_t start = out.find_first_not_of('<');
  out.erase(0, start == std::string::npos ? out.size() : start);
  for (char& c : out) {
    if (c == '<') c = ' ';
  }
  return out;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// YYMMDD in the century `century_of` chooses; "" when it is no date.
template <typename Century>
std::string date_of(std::string_view yymmdd, Century century_of) {
  for (char c : yymmdd) {
    if (c < '0' || c > '9') return "";
  }
  int yy = (yymmdd[0] - '0') * 10 + (yymmdd[1] - '0');
  int mm = (yymmdd[2] - '0') * 10 + (yymmdd[3] - '0');
  int dd = (yymmdd[4] - '0') * 10 + (yymmdd[5] - '0');
  int year = century_of(yy);
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mm < 1 || mm > 12 || dd < 1) return "";
  int days = kDays[static_cast<std::size_t>(mm - 1)] + (mm == 2 && leap(year) ? 1 : 0);
  if (dd > days) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year % 10000, mm, dd);
  return buf;
}

// A document number whose check fails is tried with one OCR confusion
// undone at a time; only a single agreeing reading is taken.
std::string checked_document_number(std::string_view field, char check) {
  if (check_matches(field, check)) return std::string(field);
  std::string found;
  int agreeing = 0;
  for (std::size_t i = 0; i < field.size(); ++i) {
    for (char alternative : {as_digit(field[i]), as_letter(field[i])}) {
      if (alternative == field[i]) continue;
      std::string candidate(field);
      candidate[i] = alternative;
      if (check_matches(candidate, check)) {
        found = candidate;
        ++agreeing;
      }
    }
  }
  return agreeing == 1 ? found : "";
}

struct Dates {
  std::string birth, expiry;
};

// Expiry dates are this century's; a birth date is the latest reading
// before the expiry year (a baby's passport expires after five years, no
// holder is a century old), else before 2031.
Dates read_dates(std::string_view birth, char birth_check, std::string_view expiry, char expiry_check,
                 MachineReadableZone& zone) {
  Dates d;
  std::string b = digits(birth), e = digits(expiry);
  int expiry_year = 0;
  if (check_matches(e, expiry_check)) {
    d.expiry = date_of(e, [](int yy) { return yy >= 70 ? 1900 + yy : 2000 + yy; });
    if (!d.expiry.empty()) expiry_year = std::stoi(d.expiry.substr(0, 4));
  } else {
    zone.failed_checks.emplace_back("expiry date");
  }
  if (check_matches(b, birth_check)) {
    int limit = expiry_year > 0 ? expiry_year - 1 : 2030;
    d.birth = date_of(b, [&](int yy) { return limit - ((limit % 100) - yy + 100) % 100; });
  } else {
    zone.failed_checks.emplace_back("birth date");
  }
  return d;
}

void read_name(std::string_view field, MachineReadableZone& zone) {
  std::string name = letters(field);
  std::size_t split = name.find("<<");
  std::string_view surname = std::string_view(name).substr(0, split);
  zone.surname = without_fillers(surname);
  if (split != std::string::npos) zone.given_names = without_fillers(std::string_view(name).substr(split + 2));
  // Fillers standing for spaces inside a name part.
  while (zone.given_names.find("  ") != std::string::npos) zone.given_names.erase(zone.given_names.find("  "), 1);
}

std::string title_case(std::string s) {
  bool start = true;
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z' && !start) c = static_cast<char>(c - 'A' + 'a');
    start = c == ' ';
  }
  return s;
}

std::string sex_of(char c) { return c == 'M' || c == 'F' ? std::string(1, c) : ""; }

void read_header(std::string_view line, MachineReadableZone& zone) {
  zone.document_type = without_fillers(line.substr(0, 2));
  zone.issuing_state = without_fillers(letters(line.substr(2, 3)));
}

// The field the composite check digit covers, OCR's confusions undone:
// the document number as checked (as read when it failed), dates and
// check digits as digits, the optional data as read.
std::string composite_field(std::string_view l2, std::size_t width, std::string_view number) {
  std::size_t optional_end = width == 44 ? 42 : 35;
  std::string out(number.empty() ? l2.substr(0, 9) : number);
  out += as_digit(l2[9]);
  out += digits(l2.substr(13, 6));
  out += as_digit(l2[19]);
  out += digits(l2.substr(21, 6));
  out += as_digit(l2[27]);
  out += l2.substr(28, optional_end - 28);
  if (width == 44) out += as_digit(l2[42]);
  return out;
}

// TD3 and TD2 share their second line's layout up to the optional data.
void read_td2_td3(const std::string& l1, const std::string& l2, std::size_t width, MachineReadableZone& zone) {
  read_header(l1, zone);
  read_name(std::string_view(l1).substr(5), zone);
  std::string number = checked_document_number(std::string_view(l2).substr(0, 9), l2[9]);
  if (number.empty()) {
    zone.failed_checks.emplace_back("document number");
  } else {
    zone.document_number = without_fillers(number);
  }
  zone.nationality = without_fillers(letters(std::string_view(l2).substr(10, 3)));
  Dates d = read_dates(std::string_view(l2).substr(13, 6), l2[19], std::string_view(l2).substr(21, 6), l2[27], zone);
  zone.birth_date = d.birth;
  zone.expiry_date = d.expiry;
  zone.sex = sex_of(l2[20]);
  std::size_t optional_end = width == 44 ? 42 : 35;
  std::string optional = l2.substr(28, optional_end - 28);
  if (width == 44 && !check_matches(optional, l2[42])) {
    zone.failed_checks.emplace_back("optional data");
  } else {
    zone.optional_data = without_fillers(optional);
  }
  if (!check_matches(composite_field(l2, width, number), l2[width - 1])) zone.failed_checks.emplace_back("composite");
}

void read_td1(const std::string& l1, const std::string& l2, const std::string& l3, MachineReadableZone& zone) {
  read_header(l1, zone);
  std::string_view field = std::string_view(l1).substr(5, 9);
  char check = l1[14];
  std::string number;
  std::size_t optional_from = 15;
  if (check == '<') {
    // A long number runs on into the optional data, its check digit last.
    std::size_t stop = l1.find('<', 15);
    if (stop == std::string::npos) stop = 30;
    if (stop > 15) {
      std::string whole = std::string(field) + l1.substr(15, stop - 15 - 1);
      number = check_matches(whole, l1[stop - 1]) ? whole : "";
      optional_from = stop;
    }
  } else {
    number = checked_document_number(field, check);
  }
  if (number.empty()) {
    zone.failed_checks.emplace_back("document number");
  } else {
    zone.document_number = without_fillers(number);
  }
  zone.optional_data = without_fillers(std::string_view(l1).substr(optional_from));
  Dates d = read_dates(std::string_view(l2).substr(0, 6), l2[6], std::string_view(l2).substr(8, 6), l2[14], zone);
  zone.birth_date = d.birth;
  zone.expiry_date = d.expiry;
  zone.sex = sex_of(l2[7]);
  zone.nationality = without_fillers(letters(std::string_view(l2).substr(15, 3)));
  std::string composite = l1.substr(5, 25) + l2.substr(0, 7) + l2.substr(8, 7) + l2.substr(18, 11);
  if (!check_matches(composite, l2[29])) zone.failed_checks.emplace_back("composite");
  read_name(l3, zone);
}

std::vector<Line> candidate_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t stop = text.find('\n', start);
    if (stop == std::string_view::npos) stop = text.size();
    Line line{{}, start, stop};
    bool ok = true;
    for (std::size_t i = start; i < stop && ok; ++i) {
      char c = text[i];
      if (c == ' ' || c == '\r' || c == '\t') continue;
      ok = mrz_char(c) && line.chars.size() < 64;
      line.chars.push_back(c);
    }
    bool blank = ok && line.chars.empty();
    if (!ok || line.chars.size() < 20) line.chars.clear();
    // OCR may set a blank line between a zone's lines.
    if (!blank) lines.push_back(std::move(line));
    start = stop + 1;
  }
  return lines;
}

// A first line whose trailing fillers OCR shortened, padded back: by up
// to 12 when it ends in a filler; beside a second line whose fields
// passed their checks, by any number, and trailing fillers OCR added
// dropped, when it has a name's "<<".
bool fits(std::string& line, std::size_t width, bool beside_checked_line = false) {
  if (line.size() == width) return true;
  if (line.size() < width && line.size() + 12 >= width && line.back() == '<') {
    line.append(width - line.size(), '<');
    return true;
  }
  if (!beside_checked_line || line.size() < 10 || line.find("<<", 5) == std::string::npos) return false;
  while (line.size() > width && line.back() == '<') line.pop_back();
  if (line.size() > width) return false;
  line.append(width - line.size(), '<');
  return true;
}

// Whether a TD3 second line's document number (one confusion undone),
// birth and expiry dates agree with their check digits (a misreading
// passes the three by chance once in 10^3), and with `composite`, the
// composite too (once in 10^4).
bool td3_line2_checks(const std::string& l2, bool composite) {
  if (l2.size() != 44) return false;
  std::string number = checked_document_number(std::string_view(l2).substr(0, 9), l2[9]);
  if (number.empty() || !check_matches(digits(std::string_view(l2).substr(13, 6)), l2[19]) ||
      !check_matches(digits(std::string_view(l2).substr(21, 6)), l2[27]))
    return false;
  return !composite || check_matches(composite_field(l2, 44, number), l2[43]);
}

// A TD3 second line OCR made longer or shorter: its optional data is
// nearly always fillers, whose run OCR miscounts, and a stray character
// may sit in the fields before or in the two check digits after. The run
// is rebuilt to 14 and one character dropped where a side is one too
// long; a repair is taken only when exactly one agrees with every check
// digit; of several, the one whose nationality is the issuing state's.
std::string repaired_td3_line2(const std::string& l2, const std::string& issuing_state) {
  std::size_t run = l2.find("<<<", 20);
  if (run == std::string::npos) return "";
  std::size_t run_end = l2.find_first_not_of('<', run);
  if (run_end == std::string::npos) return "";
  auto variants = [](const std::string& side, std::size_t want) {
    std::vector<std::string> out;
    if (side.size() == want) out.push_back(side);
    if (side.size() == want + 1) {
      for (std::size_t i = 0; i < side.size(); ++i) out.push_back(std::string(side).erase(i, 1));
    }
    return out;
  };
  std::vector<std::string> found;
  for (const std::string& fields : variants(l2.substr(0, run), 28)) {
    for (const std::string& checks : variants(l2.substr(run_end), 2)) {
      // Check digits as digits, so that "08" and "Q8" are one reading.
      std::string candidate = fields;
      candidate.append(14, '<').append({as_digit(checks[0]), as_digit(checks[1])});
      if (!td3_line2_checks(candidate, true)) continue;
      // The nationality and sex, which no check digit covers, must be what
      // they can be; the nationality as letters, so that 3PN and JPN are one.
      std::string nationality = letters(std::string_view(candidate).substr(10, 3));
      if (nationality.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ<") != std::string::npos) continue;
      candidate.replace(10, 3, nationality);
      if (candidate[20] != 'M' && candidate[20] != 'F' && candidate[20] != '<') continue;
      if (std::find(found.begin(), found.end(), candidate) == found.end()) found.push_back(candidate);
    }
  }
  if (found.size() == 1) return found.front();
  std::string own;
  for (const std::string& candidate : found) {
    if (candidate.compare(10, 3, issuing_state) != 0) continue;
    if (!own.empty()) return "";  // two readings agree: neither is taken
    own = candidate;
  }
  return own;
}

}  // namespace

int mrz_check_digit(std::string_view field) {
  static constexpr int kWeights[] = {7, 3, 1};
  int sum = 0;
  for (std::size_t i = 0; i < field.size(); ++i) {
    int v = char_value(field[i]);
    if (v < 0) return -1;
    sum += v * kWeights[i % 3];
  }
  return sum % 10;
}

std::vector<MachineReadableZone> find_machine_readable_zones(std::string_view text) {
  std::vector<MachineReadableZone> zones;
  std::vector<Line> lines = candidate_lines(text);
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    std::string l1 = lines[i].chars, l2 = lines[i + 1].chars;
    if (l1.empty() || l2.empty() || !(l1[0] >= 'A' && l1[0] <= 'Z')) continue;
    MachineReadableZone zone;
    std::size_t last = i + 1;
    if (l2.size() != 44 && l2.size() >= 40 && l2.size() <= 48) {
      std::string issuing_state = l1.size() >= 5 ? letters(std::string_view(l1).substr(2, 3)) : "";
      if (std::string repaired = repaired_td3_line2(l2, issuing_state); !repaired.empty()) l2 = repaired;
    }
    if (l2.size() == 44 && fits(l1, 44, td3_line2_checks(l2, false))) {
      zone.format = "TD3";
      read_td2_td3(l1, l2, 44, zone);
    } else if (l2.size() == 36 && fits(l1, 36)) {
      zone.format = "TD2";
      read_td2_td3(l1, l2, 36, zone);
    } else if (i + 2 < lines.size() && l1.size() == 30 && l2.size() == 30) {
      std::string l3 = lines[i + 2].chars;
      if (l3.empty() || !fits(l3, 30)) continue;
      zone.format = "TD1";
      read_td1(l1, l2, l3, zone);
      last = i + 2;
    } else {
      continue;
    }
    zone.begin = lines[i].begin;
    zone.end = lines[last].end;
    zones.push_back(std::move(zone));
    i = last;
  }
  return zones;
}

std::string machine_readable_zone_text(const MachineReadableZone& zone) {
  std::string out;
  auto line = [&](const char* label, const std::string& value) {
    if (value.empty()) return;
    out.append(label).append(": ").append(value).push_back('\n');
  };
  line("Document type", zone.document_type);
  line("Issuing state", zone.issuing_state);
  line(zone.is_passport() ? "Passport No." : "Document No.", zone.document_number);
  line("Surname", zone.surname);
  line("Given names", zone.given_names);
  // Written as forms write names, for the name rules: "Yamada Hanako".
  if (!zone.surname.empty() && !zone.given_names.empty())
    line("Name", title_case(zone.surname + " " + zone.given_names));
  line("Nationality", zone.nationality);
  line("Date of birth", zone.birth_date);
  line("Sex", zone.sex);
  line("Date of expiry", zone.expiry_date);
  line("Personal number", zone.optional_data);
  return out;
}

}  // namespace leakscan
