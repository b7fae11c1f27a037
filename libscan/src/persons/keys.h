// The keys under which the records of one human meet and under which a case
// file names people: e-mail addresses, personal names, organizations and
// phone numbers, each reduced to one spelling. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

// NFKC, then ASCII lower case: 'Ｙａｍａｄａ' and 'yamada' are one key.
std::string nfkc_lower(std::string_view text);

// The address in lower case without surrounding white space or angle
// brackets; "" unless it has a local part, an '@' and a domain.
std::string email_key(std::string_view address);
std::string_view email_domain(std::string_view email_key);
std::string_view email_local_part(std::string_view email_key);
// `domain` is `parent` or a subdomain of it.
bool domain_within(std::string_view domain, std::string_view parent);

// A personal name: NFKC, lower case, honorifics (様, さん, Mr., Dr.) off.
// Japanese names lose their spaces ("山田 太郎" = "山田太郎"); Latin names
// become their words in sorted order without initials, so "Taro Yamada",
// "YAMADA Taro" and "Yamada, Taro" meet.
std::string name_key(std::string_view name);
// Katakana (a MeCab reading) in Hepburn romaji: サイトウ is "saitou".
std::string katakana_romaji(std::string_view katakana);
// A Latin name key with the spellings of Japanese long vowels made one:
// "saitou", "saitoh" and "saito" are "saito"; words stay sorted.
std::string romaji_key(std::string_view latin_key);

// True when the name holds Han, kana or Hangul.
bool is_cjk_name(std::string_view name);

// An organization: NFKC, lower case, legal forms (株式会社, (株), Inc., Co.,
// Ltd.) removed, spaces and punctuation removed. `legal_forms` are NFKC and
// lower case (CaseLists::legal_forms); Latin ones are removed as whole words
// only, so "LP" leaves "Alpha" alone.
std::string organization_key(std::string_view organization, const std::vector<std::string>& legal_forms);

// A phone number as digits with its country code: "03-1234-5678" and
// "+81 3-1234-5678" are both "81312345678".
std::string phone_key(std::string_view phone);

}  // namespace leakscan
