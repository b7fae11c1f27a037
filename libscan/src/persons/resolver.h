// From records to persons. The store keeps each distinct record once (the
// same signature in a hundred messages is one record seen a hundred times)
// with where it was first seen; the resolver merges records into persons by
// what they share, strongest first:
//
//  1. an e-mail address (not a role address: two humans may share info@);
//  2. an identifier no two humans share (My Number, passport, licence);
//  3. a tie the record builder saw in one message (the sender's signature,
//     the form that names the sender, the salutation to the recipient);
//  4. a full name together with an organization, a phone number or the
//     domain of a firm's address (never a name alone, never an
//     organization alone).
//
// Merges 2-4 are refused when the two sides disagree: different values of
// one identifier (two My Numbers are two humans), or, for ties, full names
// that have nothing in common. Every merge keeps its reason.
//
// A cluster is a person when it has a personal e-mail address, or a full
// name with something more than the name. Role and bulk records are never
// persons. Not thread-safe; one per scan.
#pragma once

#include "persons/records.h"

#include <libscan/case.h>
#include <libscan/message.h>

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

namespace leakscan {

struct Record {
  RecordKind kind = RecordKind::kParagraph;
  std::vector<std::string> emails;
  std::vector<NameSpelling> names;
  std::vector<std::string> organizations;
  std::vector<std::string> phones;
  std::vector<std::pair<std::string, std::string>> identifiers;
  std::string affiliation;
  std::uint32_t items = 0;
  bool not_person = false;
  // Where it was first seen.
  std::size_t input = 0;
  std::uint64_t message = 0;
  std::uint64_t message_offset = 0;
  std::string message_id;
  std::string where;
  std::uint64_t occurrences = 0;
};

struct RecordTie {
  std::uint32_t from = 0, to = 0;
  std::string reason;
};

// A record seen in a message (by its sequence number in the scan).
struct Occurrence {
  std::uint32_t record = 0;
  std::uint32_t message = 0;
  bool about = false;  // the message is from or about this human
};

// A deque: records are many (one per distinct signature, form, CSV row) and
// a vector's doubling would hold twice them at its peak.
using RecordList = std::deque<Record>;

class RecordStore {
 public:
  // Interns the drafts of the message numbered `message_seq`; returns the
  // record of each draft.
  std::vector<std::int64_t> add(const Message& message, std::uint32_t message_seq,
                                const std::vector<RecordDraft>& drafts);

  const RecordList& records() const { return records_; }
  const std::vector<RecordTie>& ties() const { return ties_; }
  const std::vector<Occurrence>& occurrences() const { return occurrences_; }

 private:
  RecordList records_;
  std::vector<RecordTie> ties_;
  std::vector<Occurrence> occurrences_;
  std::unordered_map<std::uint32_t, std::size_t> occurrence_in_message_;  // scratch of add()
  std::unordered_map<std::string, std::uint32_t> by_content_;
  std::unordered_map<std::uint64_t, bool> tie_seen_;
};

struct ClusterMerge {
  std::uint32_t a = 0, b = 0;  // records
  std::string reason;
  std::string key;
};

struct Cluster {
  std::vector<std::uint32_t> records;  // in record order
  std::vector<ClusterMerge> merges;
};

struct Resolution {
  std::vector<Cluster> persons;                // clusters that are persons, by their first record
  std::vector<std::int64_t> person_of_record;  // index into persons, or -1
};

Resolution resolve_persons(const RecordStore& store, const CaseLists& lists);

}  // namespace leakscan
