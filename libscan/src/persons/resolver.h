// From records to persons (persons/record_store.h keeps the records): the
// resolver merges records into persons by what they share, strongest first:
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

#include "persons/record_store.h"

#include <libscan/case.h>
#include <libscan/message.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace leakscan {

struct ClusterMerge {
  std::uint32_t a = 0, b = 0;  // records
  std::uint32_t reason = 0;    // Resolution::merge_reasons
  std::uint32_t key = 0;       // Resolution::merge_keys
};

struct Cluster {
  std::vector<std::uint32_t> records;  // in record order
  std::vector<ClusterMerge> merges;
};

struct Resolution {
  std::vector<Cluster> persons;                // clusters that are persons, by their first record
  std::vector<std::int64_t> person_of_record;  // index into persons, or -1
  // The values merges shared, each once (an address merges every record
  // that holds it); [0] is "" (a tie shares none).
  std::vector<std::string> merge_keys{""};
  std::vector<std::string> merge_reasons;
};

Resolution resolve_persons(const RecordStore& store, const CaseLists& lists);

}  // namespace leakscan
