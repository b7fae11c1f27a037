#include "persons/resolver.h"

#include "persons/keys.h"
#include "util/distinct_strings.h"

#include <algorithm>
#include <deque>
#include <map>
#include <numeric>
#include <unordered_set>

namespace leakscan {

namespace {

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

Resolution resolve_persons(const RecordStore& store, const CaseLists& lists) {
  const std::uint32_t n = store.size();
  UnionFind uf(n);
  // Summaries are made when a record first meets another: most records
  // join a cluster and give theirs up, and a record that never does needs
  // none. Every root that is not a single record has one.
  std::unordered_map<std::uint32_t, Summary> summaries;
  Record summarized;
  auto summary_of = [&](std::uint32_t root) -> Summary& {
    auto [it, made] = summaries.try_emplace(root);
    if (made) {
      store.read(root, summarized);
      Summary& s = it->second;
      for (const auto& [item, value] : summarized.identifiers) s.identifiers[item].add(value);
      for (const NameSpelling& name : summarized.names) {
        bool cjk = is_cjk_name(name.key);
        (name.full ? (cjk ? s.cjk_full : s.latin_full) : (cjk ? s.cjk_partial : s.latin_partial)).add(name.key);
      }
    }
    return it->second;
  };
  Resolution result;
  std::deque<ClusterMerge> merges;  // as many as the records: no doubling
  std::unordered_map<std::string, std::uint32_t> key_index{{"", 0}};
  enum class Check { kNone, kIdentifiers, kIdentifiersAndNames };
  auto unite = [&](std::uint32_t a, std::uint32_t b, Check check, std::string_view reason, const std::string& key) {
    std::uint32_t ra = uf.find(a), rb = uf.find(b);
    if (ra == rb) return;
    Summary& sa = summary_of(ra);
    Summary& sb = summary_of(rb);
    if (check != Check::kNone && !identifiers_agree(sa, sb)) return;
    if (check == Check::kIdentifiersAndNames && !names_agree(sa, sb)) return;
    std::uint32_t root = uf.unite(ra, rb);
    std::uint32_t gone = root == ra ? rb : ra;
    absorb(root == ra ? sa : sb, root == ra ? sb : sa);
    summaries.erase(gone);
    auto [k, added] = key_index.emplace(key, static_cast<std::uint32_t>(result.merge_keys.size()));
    if (added) result.merge_keys.push_back(key);
    auto known_reason = std::find(result.merge_reasons.begin(), result.merge_reasons.end(), reason);
    if (known_reason == result.merge_reasons.end()) {
      known_reason = result.merge_reasons.insert(known_reason, std::string(reason));
    }
    merges.push_back({a, b, static_cast<std::uint32_t>(known_reason - result.merge_reasons.begin()), k->second});
  };
  auto by_key = [&](auto keys_of, Check check, std::string_view reason) {
    std::unordered_map<std::string, std::uint32_t> first;
    store.for_each([&](std::uint32_t r, const Record& rec) {
      if (rec.not_person) return;
      for (const std::string& key : keys_of(rec)) {
        auto [it, inserted] = first.emplace(key, r);
        if (!inserted) unite(it->second, r, check, reason, key);
      }
    });
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
    if (store.not_person(t.from) || store.not_person(t.to)) continue;
    unite(t.to, t.from, Check::kIdentifiersAndNames, store.tie_reason(t), "");
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
    bool shares_a_name = false;  // with another cluster
  };
  std::map<std::uint32_t, Known> known;
  store.for_each([&](std::uint32_t r, const Record& rec) {
    if (rec.not_person) return;
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
    for (const std::string& e : rec.emails) {
      if (!firm_domain(email_domain(e))) continue;
      k.domains.add(std::string(email_domain(e)));
      // yoko.takeda@ spells a name as well as any display name would.
      if (std::string spelled = name_in_local_part(email_local_part(e)); !spelled.empty()) k.names.add(spelled);
    }
    if (firm_domain(rec.affiliation)) k.domains.add(rec.affiliation);
  });
  // Only a name two clusters share can join them here, so phones (a
  // cluster has as many as its signatures had) are gathered for those
  // clusters alone.
  std::unordered_map<std::string, std::vector<std::uint32_t>> clusters_of_name;
  for (const auto& [root, k] : known) {
    for (const std::string& name : k.names.items()) clusters_of_name[name].push_back(root);
  }
  auto shared_name = [&](const std::string& name) { return clusters_of_name[name].size() > 1; };
  bool any_shared = false;
  for (auto& [root, k] : known) {
    k.shares_a_name = std::any_of(k.names.items().begin(), k.names.items().end(), shared_name);
    any_shared = any_shared || k.shares_a_name;
  }
  if (any_shared) {
    store.for_each([&](std::uint32_t r, const Record& rec) {
      if (rec.not_person || rec.phones.empty()) return;
      Known& k = known[uf.find(r)];
      if (!k.shares_a_name) return;
      for (const std::string& p : rec.phones) k.phones.add(p);
    });
  }
  // The firms' domains as the clusters show them: an organization known
  // with addresses of a firm domain stands for that domain, so a signature
  // sent from home (name and organization) meets the office address (name
  // and domain).
  std::unordered_map<std::string, DistinctStrings> domains_of_org;
  for (const auto& [root, k] : known) {
    for (const std::string& o : k.organizations.items()) domains_of_org[o].add_all(k.domains);
  }
  // What a cluster's names are known with: "kind:value", in this order.
  auto values_of = [&](const Known& k) {
    std::vector<std::string> values;
    for (const std::string& o : k.organizations.items()) values.push_back("organization:" + o);
    for (const std::string& p : k.phones.items()) values.push_back("phone:" + p);
    DistinctStrings domains = k.domains;
    for (const std::string& o : k.organizations.items()) {
      if (auto it = domains_of_org.find(o); it != domains_of_org.end()) domains.add_all(it->second);
    }
    for (const std::string& d : domains.items()) values.push_back("domain:" + d);
    return values;
  };
  // A key ("name|kind:value") joins clusters only when two of them hold
  // it; only those keys are kept (the others, a phone per signature, would
  // be most of the keys and never meet).
  std::unordered_set<std::string> held_twice;
  for (const auto& [name, roots] : clusters_of_name) {
    if (roots.size() < 2) continue;
    std::unordered_map<std::string, std::uint32_t> holders;
    for (std::uint32_t root : roots) {
      for (const std::string& value : values_of(known[root])) {
        if (++holders[value] == 2) held_twice.insert(std::string(name).append("|").append(value));
      }
    }
  }
  std::unordered_map<std::string, std::uint32_t> first_root;
  for (auto& [root, k] : known) {
    if (!k.shares_a_name) continue;
    std::vector<std::string> values = values_of(k);
    for (const std::string& name : k.names.items()) {
      if (!shared_name(name)) continue;
      for (const std::string& value : values) {
        std::string key = std::string(name).append("|").append(value);
        if (held_twice.count(key) == 0) continue;
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
  struct Facts {
    bool email = false, full_name = false;
    std::uint32_t items = 0;
  };
  std::map<std::uint32_t, Cluster> clusters;
  std::map<std::uint32_t, Facts> facts;
  store.for_each([&](std::uint32_t r, const Record& rec) {
    if (rec.not_person) return;
    std::uint32_t root = uf.find(r);
    clusters[root].records.push_back(r);
    Facts& f = facts[root];
    f.email = f.email || !rec.emails.empty();
    f.items |= rec.items;
    for (const NameSpelling& name : rec.names) f.full_name = f.full_name || name.full;
  });
  {
    // Each cluster's merges, its vector sized once: the merges are as many as the records.
    std::vector<std::uint32_t> merges_of_root(n, 0);
    for (const ClusterMerge& m : merges) ++merges_of_root[uf.find(m.a)];
    for (auto& [root, cluster] : clusters) cluster.merges.reserve(merges_of_root[root]);
  }
  for (; !merges.empty(); merges.pop_front()) clusters[uf.find(merges.front().a)].merges.push_back(merges.front());
  const std::uint32_t name_bit = item_bit("name");
  result.person_of_record.assign(n, -1);
  for (auto& [root, cluster] : clusters) {
    const Facts& f = facts[root];
    if (!f.email && !(f.full_name && (f.items & ~name_bit) != 0)) continue;
    for (std::uint32_t r : cluster.records)
      result.person_of_record[r] = static_cast<std::int64_t>(result.persons.size());
    result.persons.push_back(std::move(cluster));
  }
  return result;
}

}  // namespace leakscan
