// Records: the places in one message that each describe one human (an
// address in a header with its display name, a signature, a form, a row of
// an attached table, a line or paragraph naming someone), with the items
// found in them. The record builder cuts a message into records along its
// headers and the layout of its texts (persons/text_layout.h) and
// attributes every finding to the record it sits in:
//
// - a signature (the last contact block of a zone, or what follows "--")
//   belongs to the zone's author: the message's sender, or the quoted or
//   forwarded sender;
// - a form (label: value lines with a name field or personal attributes)
//   to the person its name field names; its family lines become family_*
//   items of that person;
// - a salutation block ("山田様", "Dear John") to the recipient it names;
// - a row of a CSV/TSV attachment, and a vCard, to that row's or card's
//   person;
// - a paragraph naming exactly one person to that person; a paragraph
//   naming nobody to the zone's subject (the one form of the zone, else an
//   external author), otherwise to nobody.
//
// Ties ("the signature of the sender") link records of one message that
// are the same human; the resolver honours them unless the two disagree.
// A RecordBuilder is not thread-safe (it owns a MeCab tagger); use one per
// thread.
#pragma once

#include <libscan/case.h>
#include <libscan/finding.h>
#include <libscan/message.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace leakscan {

enum class RecordKind : std::uint8_t {
  kHeader,
  kSignature,
  kForm,
  kTableRow,
  kSalutation,
  kParagraph,
  kLine,
  kFilename,
  kContactBlock,
  kContactCard,
  kCalendar,  // an organizer or attendee of an invitation
};
const char* record_kind_name(RecordKind kind);

struct NameSpelling {
  std::string text;   // as found
  std::string key;    // name_key()
  bool full = false;  // family and given name, not a surname alone
  // A Japanese name's reading in romaji, as name_key() spells a Latin name
  // ("saito junichi" for 斎藤 純一); "" when unknown.
  std::string reading;
};

// One record of one message, before records are shared across messages.
struct RecordDraft {
  RecordKind kind = RecordKind::kParagraph;
  std::string where;                // part path (or "header:From") and byte range
  std::vector<std::string> emails;  // email keys
  std::vector<NameSpelling> names;
  std::vector<std::string> organizations;  // as found
  std::vector<std::string> phones;         // phone keys
  // Identifiers no two humans share: ("my_number", digits), ("passport_number", ...).
  std::vector<std::pair<std::string, std::string>> identifiers;
  std::string affiliation;  // domain of the role mailbox a signature was written from
  std::uint32_t items = 0;  // bit i: known_items()[i]
  bool not_person = false;  // a role or bulk address
  bool about = false;       // the message was sent by or is about this human (keywords)
  int tie = -1;             // another draft of the message that is the same human
  std::string tie_reason;
  // Never shared with an identical draft of another message: a name alone
  // ("On ..., 中山 陽子 wrote:") may be two humans in two messages.
  bool per_message = false;
};

struct MessageRecords {
  std::vector<RecordDraft> drafts;
  // Per finding (same order as the findings passed in): its draft, or -1.
  std::vector<int> finding_draft;
};

class RecordBuilder {
 public:
  // `case_definition` gives the role addresses and internal domains; it
  // must outlive the builder.
  explicit RecordBuilder(const CaseDefinition& case_definition);
  ~RecordBuilder();
  RecordBuilder(const RecordBuilder&) = delete;  // owns a MeCab tagger
  RecordBuilder& operator=(const RecordBuilder&) = delete;

  // Cuts `message` into records and attributes `findings` (those of
  // Detector::scan_message). May append findings the records themselves
  // establish (a CSV column named 氏名) and may refine a finding's item (a
  // name in a form's family section is family_name).
  void build(const Message& message, std::vector<Finding>& findings, MessageRecords& out);

  // Whether `email_key` is a role or system address for this case.
  bool is_role_address(std::string_view email_key) const;
  bool is_internal(std::string_view email_key) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The index of `item` in known_items(), or -1.
int item_index(std::string_view item);
std::uint32_t item_bit(std::string_view item);

}  // namespace leakscan
