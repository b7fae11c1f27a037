// The case: who the mailbox belongs to, which domains are the firm's own
// staff, which messages count (the window), and the report categories a
// person is placed in (SPEC §4). Loaded from a case file (YAML) or built in
// code by a program that links libscan. Plain data; immutable once built, so
// any number of threads may read one.
//
// Matching: categories are tried in the file's order and the first that
// matches wins. The default category (exactly one) takes everyone no other
// category matches, wherever it stands in the file; its position only sets
// where it is listed in the outputs, as the reference report lists (3)-5
// "other" before (3)-6.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace leakscan {

// Vocabularies shipped in rules/lists/ that cases share: free-mail and
// carrier domains, local parts of role addresses, and the legal forms
// stripped from organization names before they are compared.
struct CaseLists {
  std::vector<std::string> free_mail_domains;  // lower case
  std::vector<std::string> role_local_parts;   // lower case
  std::vector<std::string> legal_forms;        // NFKC, lower case

  // Reads free-mail.txt, role-addresses.txt and legal-forms.txt of
  // `directory`. Throws ConfigError naming the file that is missing.
  static CaseLists load(const std::string& directory);
};

// A person known by name and organization only (a row of an emails_file
// without an e-mail address), as normalised keys.
struct NamedPerson {
  std::string name_key;
  std::string organization_key;
  std::string source;  // "emails_file lists/customers.csv:12"
};

struct CategoryMatch {
  // Each value remembers where it came from, for the `reason` column:
  // "emails: a@b.jp", "domains_file lists/x.txt: example.com".
  struct Value {
    std::string value;   // normalised (lower-case address or domain, organization key, keyword)
    std::string source;  // the matcher and file that gave it
  };
  std::vector<Value> emails;
  std::vector<Value> domains;  // the domain or any subdomain of it
  std::vector<Value> domain_suffixes;
  std::vector<Value> organizations;  // organization keys (NFKC, legal forms stripped)
  std::vector<NamedPerson> named_people;
  bool free_mail = false;
  std::vector<Value> keywords;  // NFKC, lower case

  bool empty() const {
    return emails.empty() && domains.empty() && domain_suffixes.empty() && organizations.empty() &&
           named_people.empty() && !free_mail && keywords.empty();
  }
};

struct Category {
  std::string id;
  std::string label;
  bool is_default = false;
  CategoryMatch match;
};

struct CaseDefinition {
  std::string name;                           // "case:"; "" when absent
  std::string source;                         // the file it was read from, "" when built in code
  std::string mailbox_owner;                  // lower case
  std::vector<std::string> internal_domains;  // lower case
  // Messages count when their Date lies in [since, until] (whole days, in
  // the sender's time zone); a message without a Date counts.
  std::optional<std::string> since, until;  // YYYY-MM-DD
  std::vector<Category> categories;         // in the file's order
  CaseLists lists;                          // shipped lists plus the case's role_addresses

  // The index of the default category.
  std::size_t default_category() const;
};

// Reads a case file (SPEC §4). Paths inside are relative to the file. Throws
// ConfigError "FILE:LINE: FIELD: what" for a file that does not parse, an
// unknown field or matcher, a missing or unreadable list, a duplicate id, a
// category without a matcher, a bad date, and none or two default
// categories.
CaseDefinition load_case_file(const std::string& path, const CaseLists& shipped);

// A date "YYYY-MM-DD" that exists, or nullopt.
std::optional<std::string> parse_case_date(const std::string& text);

}  // namespace leakscan
