// A person: one human being whose personal information the mailbox holds,
// resolved from the records that describe them (SPEC §6), with the category
// the case places them in and the evidence for both. Plain data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace leakscan {

// One place that describes a human: an address in a header, a signature, a
// form, a row of an attached table, a line or paragraph naming them.
struct RecordEvidence {
  std::string kind;  // "header", "signature", "form", "table_row", "salutation", "paragraph", "line", "filename"
  std::size_t input = 0;
  std::uint64_t message = 0;         // first message it was seen in
  std::uint64_t message_offset = 0;  // byte offset of that message in the input
  std::string message_id;
  std::string where;              // MIME part path (or header) and byte range in its text: "1.2@120-260"
  std::uint64_t occurrences = 0;  // messages holding the same record
};

// Why two records are one person: the key they share or the tie between
// them ("same e-mail address", "signature of the sender", "same name and
// organization").
struct MergeEvidence {
  std::size_t record_a = 0, record_b = 0;  // indexes into PersonEvidence::records
  std::string reason;
  std::string key;  // the shared value (masked in outputs unless --reveal)
};

struct Person {
  std::string id;                          // "P0001", in output order
  std::string category;                    // a category id of the case, or "internal"
  std::string reason;                      // which matcher placed them: "domains: example-admin.com"
  std::string name;                        // the name the outputs show ("" when unknown)
  std::vector<std::string> names;          // every spelling seen
  std::vector<std::string> emails;         // lower case, first seen first
  std::vector<std::string> organizations;  // as written
  std::vector<std::string> items;          // SPEC §5 ids, in the vocabulary's order
  std::uint64_t messages = 0;              // distinct messages with a record of them
  std::string first_seen, last_seen;       // dates (YYYY-MM-DD) of those messages, "" when undated
  std::uint64_t records = 0;               // how many records describe them (PersonEvidence::records)
};

// What a person was resolved from: every record, first seen first, and the
// merges that made them one (ScanResult::evidence()).
struct PersonEvidence {
  std::vector<RecordEvidence> records;
  std::vector<MergeEvidence> merges;
};

}  // namespace leakscan
