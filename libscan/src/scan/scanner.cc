// Scanner and Scan (libscan/scanner.h): detection, records, resolution and
// classification glued in the order a scan meets them.
#include <libscan/error.h>
#include <libscan/scanner.h>

#include "classify/classifier.h"
#include "detect/normalize.h"
#include "detect/rule_file.h"
#include "persons/keys.h"
#include "persons/records.h"
#include "persons/resolver.h"
#include "util/byte_codec.h"
#include "util/distinct_strings.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

namespace leakscan {

struct Scanner::Shared {
  Shared(RuleSet r, CaseDefinition d) : rules(std::move(r)), definition(std::move(d)), classifier(definition) {}
  RuleSet rules;
  CaseDefinition definition;
  Classifier classifier;
};

Scanner::Scanner(RuleSet rules, CaseDefinition case_definition)
    : shared_(std::make_unique<Shared>(std::move(rules), std::move(case_definition))) {
  shared_->definition.default_category();  // throws when there is none
}
Scanner::~Scanner() = default;
Scanner::Scanner(Scanner&&) noexcept = default;
Scanner& Scanner::operator=(Scanner&&) noexcept = default;

const RuleSet& Scanner::rules() const { return shared_->rules; }
const CaseDefinition& Scanner::case_definition() const { return shared_->definition; }

// The evidence of a result's persons, by their position in it.
struct ResultEvidence {
  std::shared_ptr<const RecordStore> store;
  std::vector<std::vector<std::uint32_t>> records;  // ascending
  std::vector<std::vector<ClusterMerge>> merges;
  std::vector<std::string> merge_keys;
  std::vector<std::string> merge_reasons;
};

void ScanResult::visit_evidence(std::size_t person, const std::function<void(const RecordEvidence&)>& on_record,
                                const std::function<void(const MergeEvidence&)>& on_merge) const {
  if (!evidence_source || person >= evidence_source->records.size()) {
    throw std::out_of_range("ScanResult::evidence: no person " + std::to_string(person));
  }
  const ResultEvidence& source = *evidence_source;
  const std::vector<std::uint32_t>& ids = source.records[person];
  Record rec;
  RecordEvidence evidence;
  for (std::uint32_t r : ids) {
    source.store->read(r, rec);
    evidence.kind = record_kind_name(rec.kind);
    evidence.input = rec.input;
    evidence.message = rec.message;
    evidence.message_offset = rec.message_offset;
    evidence.message_id = rec.message_id;
    evidence.where = rec.where;
    evidence.occurrences = source.store->occurrences(r);
    on_record(evidence);
  }
  auto position = [&](std::uint32_t r) {
    return static_cast<std::size_t>(std::lower_bound(ids.begin(), ids.end(), r) - ids.begin());
  };
  MergeEvidence merge;
  for (const ClusterMerge& m : source.merges[person]) {
    merge.record_a = position(m.a);
    merge.record_b = position(m.b);
    merge.reason = source.merge_reasons[m.reason];
    merge.key = source.merge_keys[m.key];
    on_merge(merge);
  }
}

PersonEvidence ScanResult::evidence(std::size_t person) const {
  PersonEvidence out;
  visit_evidence(
      person, [&](const RecordEvidence& r) { out.records.push_back(r); },
      [&](const MergeEvidence& m) { out.merges.push_back(m); });
  return out;
}

std::int64_t ScanResult::person_of(const Finding& f) const {
  if (f.record < 0 || static_cast<std::size_t>(f.record) >= person_of_record.size()) return -1;
  return person_of_record[static_cast<std::size_t>(f.record)];
}

namespace {

std::string digits_only(std::string_view s) {
  std::string d;
  for (char c : s) {
    if (c >= '0' && c <= '9') d.push_back(c);
  }
  return d;
}

// The vocabulary's order of the items in `bits`.
std::vector<std::string> item_list(std::uint32_t bits) {
  std::vector<std::string> out;
  const auto& items = known_items();
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (bits & (1u << i)) out.push_back(items[i]);
  }
  return out;
}

}  // namespace

struct MessageDetection::Impl {
  bool in_window = true;
  std::vector<Finding> findings;
  MessageRecords drafts;
  std::string date;  // YYYY-MM-DD in the sender's time zone, "" when undated
  std::vector<std::uint16_t> keywords;
};

MessageDetection::MessageDetection() : impl_(std::make_unique<Impl>()) {}
MessageDetection::~MessageDetection() = default;
MessageDetection::MessageDetection(MessageDetection&&) noexcept = default;
MessageDetection& MessageDetection::operator=(MessageDetection&&) noexcept = default;
bool MessageDetection::in_window() const { return impl_->in_window; }
std::vector<Finding>& MessageDetection::findings() { return impl_->findings; }

std::size_t MessageDetection::memory_bytes() const {
  // Each string's characters counted at a rough 32 bytes beyond its struct.
  constexpr std::size_t kStrings = 4 * std::size_t{32};
  std::size_t bytes = impl_->findings.capacity() * (sizeof(Finding) + kStrings);
  bytes += impl_->drafts.drafts.capacity() * (sizeof(RecordDraft) + kStrings);
  for (const RecordDraft& d : impl_->drafts.drafts) {
    bytes += (d.emails.size() + d.organizations.size() + d.phones.size()) * (sizeof(std::string) + 16) +
             d.names.size() * (sizeof(NameSpelling) + 32) + d.identifiers.size() * 2 * (sizeof(std::string) + 16);
  }
  return bytes + impl_->drafts.finding_draft.capacity() * sizeof(int);
}

namespace {

struct Window {
  std::optional<std::string> since, until;

  bool contains(const Message& m) const {
    if (!m.envelope.date || m.envelope.date->size() < 10) return true;
    std::string day = m.envelope.date->substr(0, 10);
    return (!since || day >= *since) && (!until || day <= *until);
  }
};

}  // namespace

struct ScanWorker::Impl {
  Impl(const Scanner::Shared& s, const Window& w) : shared(s), window(w), detector(s.rules), builder(s.definition) {}

  const Scanner::Shared& shared;
  const Window& window;
  Detector detector;
  RecordBuilder builder;
  TextNormalizer keyword_normalizer;  // subjects and file names; part texts come from the detector

  void detect(const Message& m, MessageDetection::Impl& out) {
    out.findings.clear();
    out.drafts.drafts.clear();
    out.drafts.finding_draft.clear();
    out.date.clear();
    out.keywords.clear();
    out.in_window = window.contains(m);
    if (!out.in_window) return;
    bool keywords = shared.classifier.has_keywords();
    std::function<void(const Part&, std::string_view)> part_keywords;
    if (keywords) {
      part_keywords = [&](const Part&, std::string_view lowered) {
        shared.classifier.find_keywords(lowered, out.keywords);
      };
    }
    detector.scan_message(m, out.findings, part_keywords);
    builder.build(m, out.findings, out.drafts);
    if (m.envelope.date && m.envelope.date->size() >= 10) out.date = m.envelope.date->substr(0, 10);
    if (keywords) {
      shared.classifier.find_keywords(keyword_normalizer.lowered(m.envelope.subject), out.keywords);
      for (const Part& p : m.parts) {
        if (!p.filename.empty()) shared.classifier.find_keywords(keyword_normalizer.lowered(p.filename), out.keywords);
      }
      std::sort(out.keywords.begin(), out.keywords.end());
      out.keywords.erase(std::unique(out.keywords.begin(), out.keywords.end()), out.keywords.end());
    }
  }
};

struct Scan::Impl {
  Impl(const Scanner& scanner, const ScanOptions& options)
      : shared(scanner.shared()),
        window{options.since ? options.since : shared.definition.since,
               options.until ? options.until : shared.definition.until},
        store(std::make_shared<RecordStore>(options.work_directory)) {}

  const Scanner::Shared& shared;
  Window window;
  std::unique_ptr<ScanWorker> own_worker;  // for add(message, findings)
  MessageDetection own_detection;
  // Shared with the result, whose evidence is read from it.
  std::shared_ptr<RecordStore> store;

  // Per message in the window, by its sequence number: a day (an index
  // into `days`, 0 when undated) and the end of its keywords in one pool.
  // Messages are hundreds of thousands; days and keywords repeat.
  struct Messages {
    std::vector<std::uint32_t> day;
    std::vector<std::uint32_t> keywords_end;
    std::vector<std::uint16_t> keyword_pool;
    std::vector<std::string> days{""};
    std::unordered_map<std::string, std::uint32_t> day_index{{"", 0}};

    std::size_t size() const { return day.size(); }
    bool empty() const { return day.empty(); }
    void add(const std::string& date, const std::vector<std::uint16_t>& keywords) {
      auto [it, added] = day_index.emplace(date, static_cast<std::uint32_t>(days.size()));
      if (added) days.push_back(date);
      day.push_back(it->second);
      keyword_pool.insert(keyword_pool.end(), keywords.begin(), keywords.end());
      keywords_end.push_back(static_cast<std::uint32_t>(keyword_pool.size()));
    }
    const std::string& date(std::uint32_t seq) const { return days[day[seq]]; }
    std::pair<const std::uint16_t*, const std::uint16_t*> keywords(std::uint32_t seq) const {
      const std::uint16_t* base = keyword_pool.data();
      return {base + (seq == 0 ? 0 : keywords_end[seq - 1]), base + keywords_end[seq]};
    }
  };
  Messages messages;
  std::set<std::string> my_numbers;
  AttachmentCounts attachments;
  bool finished = false;

  void add(const Message& m, MessageDetection::Impl& detection) {
    std::vector<Finding>& findings = detection.findings;
    auto seq = static_cast<std::uint32_t>(messages.size());
    std::vector<std::int64_t> ids = store->add(m, seq, detection.drafts.drafts);
    for (std::size_t i = 0; i < findings.size(); ++i) {
      int draft = detection.drafts.finding_draft[i];
      findings[i].record = draft >= 0 ? ids[static_cast<std::size_t>(draft)] : -1;
      if (findings[i].item == "my_number") my_numbers.insert(digits_only(findings[i].value));
    }
    for (const AttachmentStatus& a : m.attachments) {
      ++attachments.total;
      ++attachments.by_kind[a.kind];
      if (a.read) {
        ++attachments.read;
      } else {
        ++attachments.unread[a.reason];
      }
    }
    messages.add(detection.date, detection.keywords);
  }

  ScanResult finish() {
    if (finished) throw std::logic_error("Scan::finish called twice");
    finished = true;
    const CaseDefinition& def = shared.definition;
    Resolution resolution = resolve_persons(*store, def.lists);
    std::size_t count = resolution.persons.size();

    // Per person: the messages it was seen in, and those it is about.
    std::vector<std::vector<std::uint32_t>> seen(count), about(count);
    store->for_each_occurrence([&](const Occurrence& o) {
      std::int64_t p = resolution.person_of_record[o.record];
      if (p < 0) return;
      seen[static_cast<std::size_t>(p)].push_back(o.message);
      if (o.about) about[static_cast<std::size_t>(p)].push_back(o.message);
    });

    struct Built {
      Person person;
      std::size_t order = 0;  // category position (internal last)
      std::uint32_t first_record = 0;
      std::uint32_t items = 0;
    };
    std::vector<Built> built(count);
    Record rec;
    for (std::size_t p = 0; p < count; ++p) {
      const Cluster& cluster = resolution.persons[p];
      Built& b = built[p];
      b.first_record = cluster.records.front();
      PersonFacts facts;
      DistinctStrings emails, organization_keys, name_keys;
      std::map<std::string, std::pair<std::uint64_t, std::string>> name_weight;  // key -> (weight, text)
      for (std::uint32_t r : cluster.records) {
        store->read(r, rec);
        const std::uint64_t occurrences = store->occurrences(r);
        b.items |= rec.items;
        for (const std::string& e : rec.emails) {
          if (emails.add(e)) facts.emails.push_back(e);
        }
        if (!rec.affiliation.empty()) facts.affiliations.push_back(rec.affiliation);
        for (const std::string& o : rec.organizations) {
          std::string key = organization_key(o, def.lists.legal_forms);
          if (!key.empty() && organization_keys.add(key)) {
            facts.organization_keys.push_back(key);
            b.person.organizations.push_back(o);
          }
        }
        for (const NameSpelling& n : rec.names) {
          // Full names first, then Japanese script, then how often seen.
          std::uint64_t weight = (n.full ? 1ull << 62 : 0) + (is_cjk_name(n.key) ? 1ull << 61 : 0) + occurrences;
          auto& slot = name_weight[n.key];
          if (slot.second.empty()) {
            slot.second = n.text;
            b.person.names.push_back(n.text);
          }
          slot.first = std::max(slot.first, weight);
          if (n.full && name_keys.add(n.key)) facts.name_keys.push_back(n.key);
        }
      }
      std::uint64_t best = 0;
      for (const auto& [key, weight_text] : name_weight) {
        if (weight_text.first > best) {
          best = weight_text.first;
          b.person.name = weight_text.second;
        }
      }
      b.person.records = cluster.records.size();
      for (std::uint32_t seq : about[p]) {
        auto [begin, end] = messages.keywords(seq);
        facts.keywords.insert(facts.keywords.end(), begin, end);
      }
      std::vector<std::uint32_t>& msgs = seen[p];
      std::sort(msgs.begin(), msgs.end());
      msgs.erase(std::unique(msgs.begin(), msgs.end()), msgs.end());
      b.person.messages = msgs.size();
      for (std::uint32_t seq : msgs) {
        const std::string& day = messages.date(seq);
        if (day.empty()) continue;
        if (b.person.first_seen.empty() || day < b.person.first_seen) b.person.first_seen = day;
        if (day > b.person.last_seen) b.person.last_seen = day;
      }
      b.person.emails = facts.emails;
      b.person.items = item_list(b.items);
      Placement placement = shared.classifier.place(facts);
      if (placement.internal) {
        b.person.category = "internal";
        b.order = def.categories.size();
        b.person.reason = "internal_domains";
      } else {
        b.person.category = def.categories[placement.category].id;
        b.order = placement.category;
        b.person.reason = placement.value.empty() ? placement.matcher : placement.matcher + ": " + placement.value;
      }
    }
    std::vector<std::size_t> order(count);
    for (std::size_t i = 0; i < count; ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return std::tie(built[a].order, built[a].first_record) < std::tie(built[b].order, built[b].first_record);
    });
    ScanResult result;
    auto evidence = std::make_shared<ResultEvidence>();
    evidence->store = store;
    result.records = store->size();
    result.messages_in_window = messages.size();
    result.specific_personal_information = my_numbers.size();
    result.attachments = attachments;
    std::size_t width = std::max<std::size_t>(4, std::to_string(count).size());
    std::vector<std::int64_t> final_index(count, -1);
    std::vector<std::uint32_t> category_items(def.categories.size(), 0);
    std::uint32_t internal_items = 0;
    for (const Category& c : def.categories) result.categories.push_back({c.id, c.label, 0, {}});
    result.internal = {"internal", "internal_domains", 0, {}};
    for (std::size_t position = 0; position < count; ++position) {
      Built& b = built[order[position]];
      std::string number = std::to_string(position + 1);
      b.person.id = "P" + std::string(width - number.size(), '0') + number;
      final_index[order[position]] = static_cast<std::int64_t>(position);
      if (b.order < def.categories.size()) {
        ++result.categories[b.order].persons;
        category_items[b.order] |= b.items;
        ++result.persons_total;
      } else {
        ++result.internal.persons;
        internal_items |= b.items;
      }
      result.persons.push_back(std::move(b.person));
      Cluster& cluster = resolution.persons[order[position]];
      evidence->records.push_back(std::move(cluster.records));
      evidence->merges.push_back(std::move(cluster.merges));
    }
    evidence->merge_keys = std::move(resolution.merge_keys);
    evidence->merge_reasons = std::move(resolution.merge_reasons);
    for (std::size_t c = 0; c < def.categories.size(); ++c) result.categories[c].items = item_list(category_items[c]);
    result.internal.items = item_list(internal_items);
    result.person_of_record.assign(store->size(), -1);
    for (std::size_t r = 0; r < store->size(); ++r) {
      std::int64_t p = resolution.person_of_record[r];
      if (p >= 0) result.person_of_record[r] = final_index[static_cast<std::size_t>(p)];
    }
    result.evidence_source = std::move(evidence);
    return result;
  }
};

Scan::Scan(const Scanner& scanner, const ScanOptions& options) : impl_(std::make_unique<Impl>(scanner, options)) {}
Scan::~Scan() = default;

bool Scan::in_window(const Message& message) const { return impl_->window.contains(message); }

namespace {

// One journal entry: what Scan::Impl::add reads of a message and of its
// detection. Values of findings are kept only where the scan counts them
// (My Numbers); the findings themselves are in the findings spool.
void write_entry(const Message& m, const MessageDetection::Impl& d, std::string& journal) {
  std::string entry;
  ByteWriter w(entry);
  w.number(m.input);
  w.number(m.index);
  w.number(m.offset);
  w.text(m.envelope.message_id);
  w.number(m.attachments.size());
  for (const AttachmentStatus& a : m.attachments) {
    w.text(a.kind);
    w.number(a.read ? 1 : 0);
    w.text(a.reason);
  }
  w.text(d.date);
  w.number(d.keywords.size());
  for (std::uint16_t k : d.keywords) w.number(k);
  w.number(d.findings.size());
  for (std::size_t i = 0; i < d.findings.size(); ++i) {
    const Finding& f = d.findings[i];
    w.text(f.item);
    w.text(f.item == "my_number" ? std::string_view(f.value) : std::string_view());
    w.number(static_cast<std::uint64_t>(std::int64_t{d.drafts.finding_draft[i]} + 1));
  }
  w.number(d.drafts.drafts.size());
  for (const RecordDraft& r : d.drafts.drafts) {
    w.number(static_cast<std::uint64_t>(r.kind));
    w.text(r.where);
    w.number(r.emails.size());
    for (const std::string& e : r.emails) w.text(e);
    w.number(r.names.size());
    for (const NameSpelling& n : r.names) {
      w.text(n.text);
      w.text(n.key);
      w.number(n.full ? 1 : 0);
      w.text(n.reading);
    }
    w.number(r.organizations.size());
    for (const std::string& o : r.organizations) w.text(o);
    w.number(r.phones.size());
    for (const std::string& p : r.phones) w.text(p);
    w.number(r.identifiers.size());
    for (const auto& [item, value] : r.identifiers) {
      w.text(item);
      w.text(value);
    }
    w.text(r.affiliation);
    w.number(r.items);
    w.number((r.not_person ? 1u : 0u) | (r.about ? 2u : 0u) | (r.per_message ? 4u : 0u));
    w.number(static_cast<std::uint64_t>(std::int64_t{r.tie} + 1));
    w.text(r.tie_reason);
  }
  ByteWriter(journal).text(entry);
}

bool read_entry(ByteReader& in, Message& m, MessageDetection::Impl& d) {
  std::string entry = in.text();
  if (!in.ok()) return false;
  ByteReader r(entry);
  m.input = r.number();
  m.index = r.number();
  m.offset = r.number();
  m.envelope.message_id = r.text();
  m.attachments.resize(r.count());
  for (AttachmentStatus& a : m.attachments) {
    a.kind = r.text();
    a.read = r.number() != 0;
    a.reason = r.text();
  }
  d.in_window = true;
  d.date = r.text();
  d.keywords.resize(r.count());
  for (std::uint16_t& k : d.keywords) k = static_cast<std::uint16_t>(r.number());
  std::size_t findings = r.count();
  d.findings.assign(findings, Finding{});
  d.drafts.finding_draft.assign(findings, -1);
  for (std::size_t i = 0; i < findings; ++i) {
    d.findings[i].item = r.text();
    d.findings[i].value = r.text();
    d.drafts.finding_draft[i] = static_cast<int>(r.number()) - 1;
  }
  d.drafts.drafts.assign(r.count(), RecordDraft{});
  for (RecordDraft& draft : d.drafts.drafts) {
    std::uint64_t kind = r.number();
    if (kind > static_cast<std::uint64_t>(RecordKind::kCalendar)) return false;
    draft.kind = static_cast<RecordKind>(kind);
    draft.where = r.text();
    draft.emails.resize(r.count());
    for (std::string& e : draft.emails) e = r.text();
    draft.names.resize(r.count());
    for (NameSpelling& n : draft.names) {
      n.text = r.text();
      n.key = r.text();
      n.full = r.number() != 0;
      n.reading = r.text();
    }
    draft.organizations.resize(r.count());
    for (std::string& o : draft.organizations) o = r.text();
    draft.phones.resize(r.count());
    for (std::string& p : draft.phones) p = r.text();
    draft.identifiers.resize(r.count());
    for (auto& [item, value] : draft.identifiers) {
      item = r.text();
      value = r.text();
    }
    draft.affiliation = r.text();
    draft.items = static_cast<std::uint32_t>(r.number());
    std::uint64_t flags = r.number();
    draft.not_person = (flags & 1) != 0;
    draft.about = (flags & 2) != 0;
    draft.per_message = (flags & 4) != 0;
    draft.tie = static_cast<int>(r.number()) - 1;
    draft.tie_reason = r.text();
  }
  if (!r.ok() || !r.at_end()) return false;
  std::size_t drafts = d.drafts.drafts.size();
  for (int draft : d.drafts.finding_draft) {
    if (draft >= static_cast<int>(drafts)) return false;
  }
  return true;
}

}  // namespace

bool Scan::add(const Message& message, std::vector<Finding>& findings) {
  if (!impl_->own_worker) impl_->own_worker = std::make_unique<ScanWorker>(*this);
  impl_->own_worker->detect(message, impl_->own_detection);
  bool in_window = add(message, impl_->own_detection);
  findings.swap(impl_->own_detection.findings());
  return in_window;
}

bool Scan::add(const Message& message, MessageDetection& detection) {
  if (!detection.impl_->in_window) return false;
  impl_->add(message, *detection.impl_);
  return true;
}

bool Scan::add(const Message& message, MessageDetection& detection, std::string& journal) {
  if (!detection.impl_->in_window) return false;
  write_entry(message, *detection.impl_, journal);
  impl_->add(message, *detection.impl_);
  return true;
}

bool Scan::replay(std::string_view journal, const std::function<void(const std::string& item)>& on_item) {
  if (!impl_->messages.empty()) throw std::logic_error("Scan::replay on a scan that has seen messages");
  ByteReader in(journal);
  Message message;
  MessageDetection::Impl detection;
  while (!in.at_end()) {
    if (!read_entry(in, message, detection)) return false;
    if (on_item) {
      for (const Finding& f : detection.findings) on_item(f.item);
    }
    impl_->add(message, detection);
  }
  return true;
}

ScanResult Scan::finish() { return impl_->finish(); }

ScanWorker::ScanWorker(const Scan& scan) : impl_(std::make_unique<Impl>(scan.impl_->shared, scan.impl_->window)) {}
ScanWorker::~ScanWorker() = default;

void ScanWorker::detect(const Message& message, MessageDetection& out) { impl_->detect(message, *out.impl_); }

}  // namespace leakscan
