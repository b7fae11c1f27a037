#include "persons/keys.h"

#include "util/ascii.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/utf8.h>

#include <algorithm>

namespace leakscan {

namespace {

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_alnum(char c) { return is_ascii_letter(c) || (c >= '0' && c <= '9'); }

// Punctuation and spacing that never tells two names or firms apart.
bool is_separator(UChar32 c) {
  switch (c) {
    case ' ':
    case '\t':
    case '\n':
    case ',':
    case '.':
    case '\'':
    case '"':
    case '-':
    case '_':
    case '/':
    case '(':
    case ')':
    case '&':
    case ':':
    case ';':
    case 0x30FB /* ・ */:
    case 0x3000:
    case 0x2019:
    case 0x300C:
    case 0x300D:
    case 0x3010:
    case 0x3011:
    case 0x3001 /* 、 */:
    case 0x3002 /* 。 */:
      return true;
    default:
      return false;
  }
}

std::string without_separators(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    UChar32 c = 0;
    std::size_t start = i;
    U8_NEXT(s.data(), i, s.size(), c);
    if (c < 0 || !is_separator(c)) out.append(s.substr(start, i - start));
  }
  return out;
}

bool word_boundary_before(std::string_view s, std::size_t at) { return at == 0 || !is_ascii_alnum(s[at - 1]); }
bool word_boundary_after(std::string_view s, std::size_t at) { return at >= s.size() || !is_ascii_alnum(s[at]); }

}  // namespace

std::string nfkc_lower(std::string_view text) {
  std::string out;
  if (std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    out.assign(text);  // NFKC leaves ASCII as it is
    for (char& c : out) c = ascii_lower(c);
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCInstance(status);
  if (U_SUCCESS(status)) {
    icu::StringByteSink<std::string> sink(&out);
    normalizer->normalizeUTF8(0, icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), sink, nullptr,
                              status);
  }
  if (U_FAILURE(status)) out.assign(text);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

std::string email_key(std::string_view address) {
  std::string_view a = trim_blanks(address);
  while (!a.empty() && (a.front() == '<' || a.front() == '"')) a.remove_prefix(1);
  while (!a.empty() && (a.back() == '>' || a.back() == '"' || a.back() == '.')) a.remove_suffix(1);
  std::size_t at = a.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= a.size()) return "";
  if (a.find_first_of(" \t\n<>,;") != std::string_view::npos) return "";
  return ascii_lower(a);
}

std::string_view email_domain(std::string_view key) {
  std::size_t at = key.rfind('@');
  return at == std::string_view::npos ? std::string_view() : key.substr(at + 1);
}

std::string_view email_local_part(std::string_view key) {
  std::size_t at = key.rfind('@');
  return at == std::string_view::npos ? key : key.substr(0, at);
}

bool domain_within(std::string_view domain, std::string_view parent) {
  if (parent.empty() || domain.size() < parent.size()) return false;
  if (domain.size() == parent.size()) return domain == parent;
  return domain.substr(domain.size() - parent.size()) == parent && domain[domain.size() - parent.size() - 1] == '.';
}

bool is_cjk_name(std::string_view name) {
  for (std::size_t i = 0; i < name.size();) {
    UChar32 c = 0;
    U8_NEXT(name.data(), i, name.size(), c);
    if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
        (c >= 0xAC00 && c <= 0xD7AF) || c == 0x3005 /* 々 */) {
      return true;
    }
  }
  return false;
}

std::string name_key(std::string_view name) {
  std::string s = nfkc_lower(name);
  static constexpr std::string_view kSuffixes[] = {"様", "さん", "殿", "先生", "氏", "くん", "君", "ちゃん"};
  bool stripped = true;
  while (stripped) {
    stripped = false;
    std::string_view t = trim_blanks(s);
    for (std::string_view suffix : kSuffixes) {
      if (t.size() > suffix.size() && t.substr(t.size() - suffix.size()) == suffix) {
        s = std::string(t.substr(0, t.size() - suffix.size()));
        stripped = true;
        break;
      }
    }
  }
  if (is_cjk_name(s)) return without_separators(s);
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    static constexpr std::string_view kTitles[] = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "san"};
    bool title = std::find(std::begin(kTitles), std::end(kTitles), word) != std::end(kTitles);
    if (word.size() > 1 && !title) words.push_back(word);
    word.clear();
  };
  for (char c : s) {
    if (is_ascii_letter(c) || static_cast<unsigned char>(c) >= 0x80 || c == '\'') {
      word.push_back(c);
    } else {
      flush();
    }
  }
  flush();
  std::sort(words.begin(), words.end());
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out.push_back(' ');
    out += w;
  }
  return out;
}

std::string organization_key(std::string_view organization, const std::vector<std::string>& legal_forms) {
  std::string s = nfkc_lower(organization);
  for (const std::string& form : legal_forms) {
    if (form.empty()) continue;
    bool latin = is_ascii_letter(form.front());
    for (std::size_t at = s.find(form); at != std::string::npos; at = s.find(form, at)) {
      if (latin && (!word_boundary_before(s, at) || !word_boundary_after(s, at + form.size()))) {
        at += form.size();
        continue;
      }
      s.erase(at, form.size());
    }
  }
  return without_separators(s);
}

std::string phone_key(std::string_view phone) {
  std::string digits;
  for (char c : phone) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  std::string_view t = trim_blanks(phone);
  if (!t.empty() && t.front() == '+') return digits;
  if (digits.rfind("00", 0) == 0) return digits.substr(2);
  if (!digits.empty() && digits.front() == '0') return "81" + digits.substr(1);
  return digits;
}

}  // namespace leakscan

namespace leakscan {

namespace {

// Hepburn romaji of the katakana U+30A1 (ァ) .. U+30F4 (ヴ).
constexpr const char* kKana[] = {"a",  "a",  "i",  "i",  "u",   "u",  "e",  "e",   "o",   "o",  "ka", "ga", "ki", "gi",
                                 "ku", "gu", "ke", "ge", "ko",  "go", "sa", "za",  "shi", "ji", "su", "zu", "se", "ze",
                                 "so", "zo", "ta", "da", "chi", "ji", "",   "tsu", "zu",  "te", "de", "to", "do", "na",
                                 "ni", "nu", "ne", "no", "ha",  "ba", "pa", "hi",  "bi",  "pi", "fu", "bu", "pu", "he",
                                 "be", "pe", "ho", "bo", "po",  "ma", "mi", "mu",  "me",  "mo", "ya", "ya", "yu", "yu",
                                 "yo", "yo", "ra", "ri", "ru",  "re", "ro", "wa",  "wa",  "i",  "e",  "o",  "n",  "vu"};

}  // namespace

std::string katakana_romaji(std::string_view katakana) {
  std::string out;
  bool double_next = false;
  for (std::size_t i = 0; i < katakana.size();) {
    UChar32 c = 0;
    U8_NEXT(katakana.data(), i, katakana.size(), c);
    if (c == 0x30C3) {  // ッ doubles the next consonant
      double_next = true;
      continue;
    }
    if (c == 0x30FC) continue;                                 // ー: the long vowel is written once
    bool small_y = c == 0x30E3 || c == 0x30E5 || c == 0x30E7;  // ャ ュ ョ
    if (c < 0x30A1 || c > 0x30F4) return "";
    std::string syllable = kKana[c - 0x30A1];
    if (small_y && !out.empty()) {
      // キャ kya, シャ sha, チャ cha, ジャ ja
      char vowel = syllable.back();
      std::string::size_type last = out.size() - 1;
      auto ends = [&](std::string_view tail) {
        return out.size() >= tail.size() && out.compare(out.size() - tail.size(), tail.size(), tail) == 0;
      };
      if (ends("shi") || ends("chi") || ends("ji")) {
        out.replace(last, 1, std::string(1, vowel));  // shi -> sha, chi -> cha, ji -> ja
      } else if (out.back() == 'i') {
        out.replace(last, 1, std::string("y") + vowel);  // ki -> kya
      } else {
        out += syllable;
      }
      continue;
    }
    if (double_next && !syllable.empty()) {
      out += syllable.compare(0, 2, "ch") == 0 ? 't' : syllable[0];
      double_next = false;
    }
    out += syllable;
  }
  return out;
}

std::string romaji_key(std::string_view latin_key) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    std::string w;
    for (std::size_t i = 0; i < word.size(); ++i) {
      char c = word[i];
      char next = i + 1 < word.size() ? word[i + 1] : '\0';
      bool double_vowel = (c == 'o' && (next == 'u' || next == 'o')) || (c == 'u' && next == 'u');
      bool oh = c == 'o' && next == 'h' &&
                (i + 2 >= word.size() || std::string_view("aeiouy").find(word[i + 2]) == std::string_view::npos);
      w.push_back(c);
      if (double_vowel || oh) ++i;  // ou, oo, uu, and oh before a consonant or at the end: one vowel
    }
    words.push_back(w);
    word.clear();
  };
  for (char c : latin_key) {
    if (c == ' ') {
      flush();
    } else {
      word.push_back(c);
    }
  }
  flush();
  std::sort(words.begin(), words.end());
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

}  // namespace leakscan
