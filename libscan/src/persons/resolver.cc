#include "persons/resolver.h"

#include "persons/keys.h"
#include "util/distinct_strings.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace leakscan {

namespace {

void append_field(std::string& key, std::string_view value) {
  key.append(value);
  key.push_back('\x1f');
}

// The content that makes two drafts one record.
std::string content_key(const RecordDraft& d, std::int64_t tie_record) {
  std::string key;
  key.push_back(static_cast<char>('A' + static_cast<int>(d.kind)));
  key.push_back(d.not_person ? 'n' : 'p');
  for (const std::string& e : d.emails) append_field(key, e);
  key.push_back('\x1e');
  for (const NameSpelling& n : d.names) append_field(key, n.text);
  key.push_back('\x1e');
  for (const std::string& o : d.organizations) append_field(key, o);
  key.push_back('\x1e');
  for (const std::string& p : d.phones) append_field(key, p);
  key.push_back('\x1e');
  for (const auto& [item, value] : d.identifiers) {
    append_field(key, item);
    append_field(key, value);
  }
  key.push_back('\x1e');
  append_field(key, d.affiliation);
  append_field(key, std::to_string(d.items));
  append_field(key, std::to_string(tie_record));
  append_field(key, d.tie_reason);
  return key;
}

class UnionFind {
 public:
  explicit UnionFind(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0u); }
  std::uint32_t find(std::uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  // The smaller root survives, so that roots are each cluster's first record.
  std::uint32_t unite(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a > b) std::swap(a, b);
    parent_[b] = a;
    return a;
  }

 private:
  std::vector<std::uint32_t> parent_;
};

// What a cluster is known by, for refusing merges that would join two humans.
struct Summary {
  std::map<std::string, DistinctStrings> identifiers;
  DistinctStrings cjk_full, latin_full, cjk_partial, latin_partial;
};

bool identifiers_agree(const Summary& a, const Summary& b) {
  for (const auto& [item, values] : a.identifiers) {
    auto it = b.identifiers.find(item);
    if (it != b.identifiers.end() && values.disjoint(it->second)) return false;
  }
  return true;
}

bool partial_fits(const DistinctStrings& partial, const DistinctStrings& full, bool cjk) {
  if (full.empty()) return true;
  return std::all_of(partial.items().begin(), partial.items().end(), [&](const std::string& p) {
    return std::any_of(full.items().begin(), full.items().end(), [&](const std::string& f) {
      // A Japanese surname begins the full name, a given name ends it.
      return cjk ? f.rfind(p, 0) == 0 || (f.size() > p.size() && f.compare(f.size() - p.size(), p.size(), p) == 0)
                 : (" " + f + " ").find(" " + p + " ") != std::string::npos;
    });
  });
}

bool names_agree(const Summary& a, const Summary& b) {
  if (!a.cjk_full.empty() && !b.cjk_full.empty() && a.cjk_full.disjoint(b.cjk_full)) return false;
  if (!a.latin_full.empty() && !b.latin_full.empty() && a.latin_full.disjoint(b.latin_full)) return false;
  return partial_fits(a.cjk_partial, b.cjk_full, true) && partial_fits(b.cjk_partial, a.cjk_full, true) &&
         partial_fits(a.latin_partial, b.latin_full, false) && partial_fits(b.latin_partial, a.latin_full, false);
}

// The smaller side moves into the larger, so that a cluster growing record
// by record costs what its records do, not their square.
std::size_t weight(const Summary& s) {
  std::size_t w = s.cjk_full.size() + s.latin_full.size() + s.cjk_partial.size() + s.latin_partial.size();
  for (const auto& [item, values] : s.identifiers) w += values.size();
  return w;
}

void absorb(Summary& into, Summary& from) {
  if (weight(into) < weight(from)) std::swap(into, from);
  for (auto& [item, values] : from.identifiers) into.identifiers[item].add_all(values);
  into.cjk_full.add_all(from.cjk_full);
  into.latin_full.add_all(from.latin_full);
  into.cjk_partial.add_all(from.cjk_partial);
  into.latin_partial.add_all(from.latin_partial);
  from = Summary{};
}

// The romaji name key a local part spells ("yoko.takeda", "takeda_yoko"):
// two words of letters, two or more each; "" otherwise.
std::string name_in_local_part(std::string_view local) {
  std::vector<std::string> words(1);
  for (char c : local) {
    if (c >= 'a' && c <= 'z') {
      words.back().push_back(c);
    } else if ((c == '.' || c == '_' || c == '-') && !words.back().empty()) {
      words.emplace_back();
    } else {
      return "";
    }
  }
  if (words.size() != 2 || words[0].size() < 2 || words[1].size() < 2) return "";
  return romaji_key(words[0] + " " + words[1]);
}

}  // namespace

std::vector<std::int64_t> RecordStore::add(const Message& message, std::uint32_t message_seq,
                                           const std::vector<RecordDraft>& drafts) {
  std::vector<std::int64_t> ids(drafts.size(), -1);
  occurrence_in_message_.clear();
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    const RecordDraft& d = drafts[i];
    // Ties point at drafts made before them (the sender before the signature).
    std::int64_t tie = d.tie >= 0 && static_cast<std::size_t>(d.tie) < i ? ids[static_cast<std::size_t>(d.tie)] : -1;
    std::string key = content_key(d, tie);
    if (d.per_message) {
      key.push_back('\x1d');
      key.append(std::to_string(message_seq));
      key.push_back('\x1d');
      key.append(d.where);
    }
    auto [it, inserted] = by_content_.emplace(std::move(key), static_cast<std::uint32_t>(records_.size()));
    std::uint32_t id = it->second;
    if (inserted) {
      Record r;
      r.kind = d.kind;
      r.emails = d.emails;
      r.names = d.names;
      r.organizations = d.organizations;
      r.phones = d.phones;
      r.identifiers = d.identifiers;
      r.affiliation = d.affiliation;
      r.items = d.items;
      r.not_person = d.not_person;
      r.input = message.input;
      r.message = message.index;
      r.message_offset = message.offset;
      r.message_id = message.envelope.message_id;
      r.where = d.where;
      records_.push_back(std::move(r));
      if (tie >= 0) ties_.push_back({id, static_cast<std::uint32_t>(tie), d.tie_reason});
    }
    ids[i] = id;
    // A message with a long attached list has thousands of drafts.
    auto [seen, first_in_message] = occurrence_in_message_.emplace(id, occurrences_.size());
    if (first_in_message) {
      occurrences_.push_back({id, message_seq, d.about});
      ++records_[id].occurrences;
    } else {
      Occurrence& o = occurrences_[seen->second];
      o.about = o.about || d.about;
    }
  }
  return ids;
}

Resolution resolve_persons(const RecordStore& store, const CaseLists& lists) {
  const RecordList& records = store.records();
  auto n = static_cast<std::uint32_t>(records.size());
  UnionFind uf(n);
  std::vector<Summary> summary(n);
  for (std::uint32_t r = 0; r < n; ++r) {
    for (const auto& [item, value] : records[r].identifiers) summary[r].identifiers[item].add(value);
    for (const NameSpelling& name : records[r].names) {
      bool cjk = is_cjk_name(name.key);
      (name.full ? (cjk ? summary[r].cjk_full : summary[r].latin_full)
                 : (cjk ? summary[r].cjk_partial : summary[r].latin_partial))
          .add(name.key);
    }
  }
  std::vector<ClusterMerge> merges;
  enum class Check { kNone, kIdentifiers, kIdentifiersAndNames };
  auto unite = [&](std::uint32_t a, std::uint32_t b, Check check, const std::string& reason, const std::string& key) {
    std::uint32_t ra = uf.find(a), rb = uf.find(b);
    if (ra == rb) return;
    if (check != Check::kNone && !identifiers_agree(summary[ra], summary[rb])) return;
    if (check == Check::kIdentifiersAndNames && !names_agree(summary[ra], summary[rb])) return;
    std::uint32_t root = uf.unite(ra, rb);
    absorb(summary[root], summary[root == ra ? rb : ra]);
    merges.push_back({a, b, reason, key});
  };
  auto by_key = [&](auto keys_of, Check check, const char* reason) {
    std::unordered_map<std::string, std::uint32_t> first;
    for (std::uint32_t r = 0; r < n; ++r) {
      if (records[r].not_person) continue;
      for (const std::string& key : keys_of(records[r])) {
        auto [it, inserted] = first.emplace(key, r);
        if (!inserted) unite(it->second, r, check, reason, key);
      }
    }
  };
  by_key([](const Record& r) { return r.emails; }, Check::kNone, "same e-mail address");
  by_key(
      [](const Record& r) {
        std::vector<std::string> keys;
        for (const auto& [item, value] : r.identifiers) keys.push_back(std::string(item).append(":").append(value));
        return keys;
      },
      Check::kIdentifiers, "same identifier");
  for (const RecordTie& t : store.ties()) {
    if (records[t.from].not_person || records[t.to].not_person) continue;
    unite(t.to, t.from, Check::kIdentifiersAndNames, t.reason, "");
  }
  auto firm_domain = [&](std::string_view domain) {
    return !domain.empty() && std::none_of(lists.free_mail_domains.begin(), lists.free_mail_domains.end(),
                                           [&](const std::string& f) { return domain_within(domain, f); });
  };
  // What each cluster knows after 1-3: a full name found in one record
  // (the attribution line) meets the organization of another (the quoted
  // signature it introduced). Names count in their own spelling and, for
  // Japanese names, in the romaji of their reading.
  struct Known {
    DistinctStrings names, organizations, phones, domains;
  };
  std::map<std::uint32_t, Known> known;
  for (std::uint32_t r = 0; r < n; ++r) {
    const Record& rec = records[r];
    if (rec.not_person) continue;
    Known& k = known[uf.find(r)];
    for (const NameSpelling& name : rec.names) {
      if (!name.full) continue;
      k.names.add(is_cjk_name(name.key) ? name.key : romaji_key(name.key));
      if (!name.reading.empty()) k.names.add(name.reading);
    }
    for (const std::string& o : rec.organizations) {
      std::string org = organization_key(o, lists.legal_forms);
      if (!org.empty()) k.organizations.add(org);
    }
    for (const std::string& p : rec.phones) k.phones.add(p);
    for (const std::string& e : rec.emails) {
      if (!firm_domain(email_domain(e))) continue;
      k.domains.add(std::string(email_domain(e)));
      // yoko.takeda@ spells a name as well as any display name would.
      if (std::string spelled = name_in_local_part(email_local_part(e)); !spelled.empty()) k.names.add(spelled);
    }
    if (firm_domain(rec.affiliation)) k.domains.add(rec.affiliation);
  }
  // The firms' domains as the clusters show them: an organization known
  // with addresses of a firm domain stands for that domain, so a signature
  // sent from home (name and organization) meets the office address (name
  // and domain).
  std::unordered_map<std::string, DistinctStrings> domains_of_org;
  for (const auto& [root, k] : known) {
    for (const std::string& o : k.organizations.items()) domains_of_org[o].add_all(k.domains);
  }
  std::unordered_map<std::string, std::uint32_t> first_root;
  for (auto& [root, k] : known) {
    DistinctStrings domains = k.domains;
    for (const std::string& o : k.organizations.items()) {
      if (auto it = domains_of_org.find(o); it != domains_of_org.end()) domains.add_all(it->second);
    }
    for (const std::string& name : k.names.items()) {
      std::vector<std::string> keys;
      auto add_key = [&](const char* kind, const std::string& value) {
        keys.push_back(std::string(name).append("|").append(kind).append(":").append(value));
      };
      for (const std::string& o : k.organizations.items()) add_key("organization", o);
      for (const std::string& p : k.phones.items()) add_key("phone", p);
      for (const std::string& d : domains.items()) add_key("domain", d);
      for (const std::string& key : keys) {
        auto [it, inserted] = first_root.emplace(key, root);
        if (!inserted) {
          // The names must agree too: 大野 陽子 and 小野 陽子 are both "Yoko Ono".
          unite(it->second, root, Check::kIdentifiersAndNames, "same full name and organization, phone or firm domain",
                key);
        }
      }
    }
  }

  // Clusters, and which of them are persons.
  std::map<std::uint32_t, Cluster> clusters;
  for (std::uint32_t r = 0; r < n; ++r) {
    if (!records[r].not_person) clusters[uf.find(r)].records.push_back(r);
  }
  for (ClusterMerge& m : merges) clusters[uf.find(m.a)].merges.push_back(std::move(m));
  const std::uint32_t name_bit = item_bit("name");
  Resolution result;
  result.person_of_record.assign(n, -1);
  for (auto& [root, cluster] : clusters) {
    bool email = false, full = false;
    std::uint32_t items = 0;
    for (std::uint32_t r : cluster.records) {
      email = email || !records[r].emails.empty();
      items |= records[r].items;
      for (const NameSpelling& name : records[r].names) full = full || name.full;
    }
    if (!email && !(full && (items & ~name_bit) != 0)) continue;
    for (std::uint32_t r : cluster.records)
      result.person_of_record[r] = static_cast<std::int64_t>(result.persons.size());
    result.persons.push_back(std::move(cluster));
  }
  return result;
}

}  // namespace leakscan
