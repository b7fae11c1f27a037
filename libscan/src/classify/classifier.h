// Placing a person in the case's categories (SPEC §4): staff of the
// internal domains and the mailbox owner go to `internal`; everyone else to
// the first category, in the case's order, that one of its matchers holds
// for, else to the default category. The reason names the matcher and the
// value that held. Immutable after construction; thread-safe.
#pragma once

#include <libscan/case.h>

#include <re2/set.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace leakscan {

// What is known of a person that matchers look at.
struct PersonFacts {
  std::vector<std::string> emails;             // email keys
  std::vector<std::string> affiliations;       // domains of role mailboxes they signed for
  std::vector<std::string> organization_keys;  // organization_key()
  std::vector<std::string> name_keys;          // full names, name_key()
  std::vector<std::uint16_t> keywords;         // keyword ids found in mail they sent or were the subject of
};

struct Placement {
  bool internal = false;
  std::size_t category = 0;  // index into CaseDefinition::categories (unless internal)
  std::string matcher;       // "emails_file lists/customers.csv", "domains", "default"
  std::string value;         // what matched ("" for the default)
  bool value_is_email = false;
};

class Classifier {
 public:
  explicit Classifier(const CaseDefinition& case_definition);
  ~Classifier();
  Classifier(Classifier&&) noexcept;
  Classifier& operator=(Classifier&&) noexcept = delete;

  bool has_keywords() const { return !keywords_.empty(); }
  // The ids of the case's keywords found in `text` (NFKC, lower case),
  // appended to `out` (unsorted, may repeat).
  void find_keywords(std::string_view text, std::vector<std::uint16_t>& out) const;

  Placement place(const PersonFacts& facts) const;
  bool is_internal(const PersonFacts& facts) const;

 private:
  // A category's lists as hash tables: a case's customer list may hold
  // tens of thousands of addresses, and a person many.
  struct MatchIndex {
    std::unordered_map<std::string, const CategoryMatch::Value*> emails, organizations;
    // Domains, then suffixes: a value's position is its precedence.
    std::unordered_map<std::string, std::size_t> domain_position;
    std::vector<const CategoryMatch::Value*> domain_values;
  };

  const CaseDefinition& def_;
  std::vector<MatchIndex> index_;      // by category
  std::vector<std::string> keywords_;  // by id
  std::vector<std::vector<std::uint16_t>> category_keywords_;
  std::unique_ptr<RE2::Set> keyword_set_;
};

}  // namespace leakscan
