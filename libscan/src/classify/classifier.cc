#include "classify/classifier.h"

#include "persons/keys.h"

#include <libscan/error.h>

#include <re2/re2.h>

#include <algorithm>

namespace leakscan {

namespace {

bool any_domain(const PersonFacts& facts, const auto& predicate) {
  for (const std::string& e : facts.emails) {
    if (predicate(email_domain(e))) return true;
  }
  return std::any_of(facts.affiliations.begin(), facts.affiliations.end(),
                     [&](const std::string& d) { return predicate(std::string_view(d)); });
}

}  // namespace

Classifier::Classifier(const CaseDefinition& def) : def_(def) {
  for (const Category& c : def.categories) {
    MatchIndex& index = index_.emplace_back();
    for (const CategoryMatch::Value& v : c.match.emails) index.emails.try_emplace(v.value, &v);
    for (const CategoryMatch::Value& v : c.match.organizations) index.organizations.try_emplace(v.value, &v);
    for (const auto* list : {&c.match.domains, &c.match.domain_suffixes}) {
      for (const CategoryMatch::Value& v : *list) {
        if (index.domain_position.try_emplace(v.value, index.domain_values.size()).second) {
          index.domain_values.push_back(&v);
        }
      }
    }
    std::vector<std::uint16_t> ids;
    for (const CategoryMatch::Value& k : c.match.keywords) {
      auto it = std::find(keywords_.begin(), keywords_.end(), k.value);
      if (it == keywords_.end()) {
        if (keywords_.size() >= 65535) throw ConfigError(def.source + ":0: keywords: more than 65535 keywords");
        keywords_.push_back(k.value);
        it = keywords_.end() - 1;
      }
      ids.push_back(static_cast<std::uint16_t>(it - keywords_.begin()));
    }
    category_keywords_.push_back(std::move(ids));
  }
  if (keywords_.empty()) return;
  RE2::Options options;
  options.set_log_errors(false);
  options.set_literal(true);
  keyword_set_ = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
  for (const std::string& k : keywords_) {
    std::string error;
    if (keyword_set_->Add(k, &error) < 0) {
      std::string what = def.source;
      what.append(":0: keywords: '").append(k).append("': ").append(error);
      throw ConfigError(what);
    }
  }
  if (!keyword_set_->Compile()) throw ConfigError(def.source + ":0: keywords: too many for RE2's memory budget");
}

Classifier::~Classifier() = default;
Classifier::Classifier(Classifier&&) noexcept = default;

void Classifier::find_keywords(std::string_view text, std::vector<std::uint16_t>& out) const {
  if (!keyword_set_ || text.empty()) return;
  std::vector<int> matched;
  keyword_set_->Match(text, &matched);
  for (int id : matched) out.push_back(static_cast<std::uint16_t>(id));
}

bool Classifier::is_internal(const PersonFacts& facts) const {
  if (!def_.mailbox_owner.empty() &&
      std::find(facts.emails.begin(), facts.emails.end(), def_.mailbox_owner) != facts.emails.end()) {
    return true;
  }
  return any_domain(facts, [&](std::string_view domain) {
    return std::any_of(def_.internal_domains.begin(), def_.internal_domains.end(),
                       [&](const std::string& d) { return domain_within(domain, d); });
  });
}

Placement Classifier::place(const PersonFacts& facts) const {
  Placement p;
  if (is_internal(facts)) {
    p.internal = true;
    p.matcher = "internal_domains";
    return p;
  }
  for (std::size_t i = 0; i < def_.categories.size(); ++i) {
    const Category& c = def_.categories[i];
    if (c.is_default) continue;
    const CategoryMatch& m = c.match;
    auto placed = [&](const std::string& matcher, const std::string& value, bool email = false) {
      p.category = i;
      p.matcher = matcher;
      p.value = value;
      p.value_is_email = email;
      return p;
    };
    const MatchIndex& index = index_[i];
    for (const std::string& e : facts.emails) {
      if (auto it = index.emails.find(e); it != index.emails.end()) return placed(it->second->source, e, true);
    }
    // A domain and a suffix match alike: the domain itself or below it; the
    // list's first value that matches wins.
    if (!index.domain_values.empty()) {
      std::size_t best = index.domain_values.size();
      std::string hit;
      any_domain(facts, [&](std::string_view d) {
        for (std::string_view within = d;;) {
          if (auto it = index.domain_position.find(std::string(within));
              it != index.domain_position.end() && it->second < best) {
            best = it->second;
            hit = std::string(d);
          }
          std::size_t dot = within.find('.');
          if (dot == std::string_view::npos) break;
          within.remove_prefix(dot + 1);
        }
        return false;
      });
      if (best < index.domain_values.size()) return placed(index.domain_values[best]->source, hit);
    }
    for (const std::string& o : facts.organization_keys) {
      if (auto it = index.organizations.find(o); it != index.organizations.end()) {
        return placed(it->second->source, o);
      }
    }
    for (const NamedPerson& named : m.named_people) {
      bool name = std::find(facts.name_keys.begin(), facts.name_keys.end(), named.name_key) != facts.name_keys.end();
      bool org = std::find(facts.organization_keys.begin(), facts.organization_keys.end(), named.organization_key) !=
                 facts.organization_keys.end();
      if (name && org) return placed(named.source, "name and organization");
    }
    if (m.free_mail) {
      for (const std::string& e : facts.emails) {
        std::string_view d = email_domain(e);
        bool free = std::any_of(def_.lists.free_mail_domains.begin(), def_.lists.free_mail_domains.end(),
                                [&](const std::string& f) { return domain_within(d, f); });
        if (free) return placed("free_mail", std::string(d));
      }
    }
    for (std::uint16_t id : category_keywords_[i]) {
      if (std::find(facts.keywords.begin(), facts.keywords.end(), id) != facts.keywords.end()) {
        return placed("keywords", keywords_[id]);
      }
    }
  }
  p.category = def_.default_category();
  p.matcher = "default";
  return p;
}

}  // namespace leakscan
