// The scan: detections in every message, the records they sit in, persons
// resolved from the records and placed in the case's categories.
//
//   Scanner scanner(RuleSet::load_directory(rules), load_case_file(path, lists));
//   Scan scan(scanner);
//   for each decoded message m (in input order): scan.add(m, findings);
//   ScanResult result = scan.finish();
//
// On several threads the work splits in two: a ScanWorker per thread does
// what needs no order (the window, detection, cutting the message into
// records, the case's keywords) into a MessageDetection, and Scan::add
// takes the detections in input order:
//
//   worker thread:  ScanWorker worker(scan); worker.detect(m, detection);
//   in order:       scan.add(m, detection);  // detection.findings() attributed
//
// A Scanner is immutable once built and may be shared by any number of
// threads. A Scan is one pass over the inputs: not thread-safe, and it must
// see the messages in input order for its outputs to be reproducible; its
// ScanWorkers may run concurrently with each other and with it.
#pragma once

#include <libscan/case.h>
#include <libscan/finding.h>
#include <libscan/message.h>
#include <libscan/person.h>
#include <libscan/rules.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

class Scanner {
 public:
  // Throws ConfigError when the case cannot be used with these rules (more
  // than 64 categories with keywords).
  Scanner(RuleSet rules, CaseDefinition case_definition);
  ~Scanner();
  Scanner(Scanner&&) noexcept;
  Scanner& operator=(Scanner&&) noexcept;

  const RuleSet& rules() const;
  const CaseDefinition& case_definition() const;

  struct Shared;
  const Shared& shared() const { return *shared_; }

 private:
  std::unique_ptr<const Shared> shared_;
};

struct ScanOptions {
  // Override the case's window (YYYY-MM-DD); unset keeps the case's.
  std::optional<std::string> since, until;
  // An existing directory (the CLI's --out) where the records are written
  // as they accumulate, in an unlinked file, so that memory does not grow
  // with the mailbox; "" keeps them in memory.
  std::string work_directory;
};

struct CategoryCount {
  std::string id;
  std::string label;
  std::uint64_t persons = 0;
  std::vector<std::string> items;  // union over its persons, in the vocabulary's order
};

// What became of the attachments of the messages in the window (and of the
// files inside archives).
struct AttachmentCounts {
  std::uint64_t total = 0;
  std::uint64_t read = 0;
  std::map<std::string, std::uint64_t> unread;   // by reason: "image", "unsupported", "encrypted", "limit"...
  std::map<std::string, std::uint64_t> by_kind;  // "docx", "xlsx", "pdf", "image", "" (no text)...
};

struct ResultEvidence;  // inside the library

struct ScanResult {
  std::vector<Person> persons;                      // categories in case order, then internal; ids in this order
  std::vector<CategoryCount> categories;            // every category of the case, in its order
  CategoryCount internal;                           // staff of internal_domains and the mailbox owner
  std::uint64_t persons_total = 0;                  // outside `internal`
  std::uint64_t specific_personal_information = 0;  // distinct valid My Numbers
  std::uint64_t messages_in_window = 0;
  std::uint64_t records = 0;  // distinct records before resolution
  AttachmentCounts attachments;

  // The person a finding was attributed to (its index in `persons`), or -1.
  std::int64_t person_of(const Finding& finding) const;

  std::vector<std::int64_t> person_of_record;  // by Finding::record

  // The records and merges behind persons[person], made when asked: over
  // all persons they are as many as the records (hundreds of thousands in
  // a large mailbox), so they are not kept as strings. Copies of a result
  // share them.
  PersonEvidence evidence(std::size_t person) const;
  // The same one at a time: every record (first seen first), then every
  // merge. Throws std::out_of_range for a person the result does not have.
  void visit_evidence(std::size_t person, const std::function<void(const RecordEvidence&)>& on_record,
                      const std::function<void(const MergeEvidence&)>& on_merge) const;
  std::shared_ptr<const ResultEvidence> evidence_source;
};

// What a ScanWorker found in one message, waiting for Scan::add. Reusable.
class MessageDetection {
 public:
  MessageDetection();
  ~MessageDetection();
  MessageDetection(MessageDetection&&) noexcept;
  MessageDetection& operator=(MessageDetection&&) noexcept;

  // False when the message lies outside the window (nothing was detected).
  bool in_window() const;
  // In detection order; Finding::record is set by Scan::add.
  std::vector<Finding>& findings();
  // About how many bytes it holds.
  std::size_t memory_bytes() const;

  struct Impl;

 private:
  friend class Scan;
  friend class ScanWorker;
  std::unique_ptr<Impl> impl_;
};

class Scan;

// The order-free half of a scan, for one thread (it owns a detector's
// scratch and a morphological analyser): not thread-safe, but any number
// may run at once over one Scan.
class ScanWorker {
 public:
  explicit ScanWorker(const Scan& scan);
  ~ScanWorker();
  ScanWorker(const ScanWorker&) = delete;
  ScanWorker& operator=(const ScanWorker&) = delete;

  // Replaces `out` with what `message` holds.
  void detect(const Message& message, MessageDetection& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class Scan {
 public:
  // Throws OutputError when the records cannot be written in
  // options.work_directory.
  explicit Scan(const Scanner& scanner, const ScanOptions& options = {});
  ~Scan();
  Scan(const Scan&) = delete;  // owns per-scan state and per-thread scratch
  Scan& operator=(const Scan&) = delete;

  // Whether the message's Date lies in the window (a message without a
  // Date does).
  bool in_window(const Message& message) const;

  // Detects the personal information in `message` and attributes each
  // finding to a record (Finding::record). Replaces `findings`. Returns
  // false, finding nothing, when the message lies outside the window.
  bool add(const Message& message, std::vector<Finding>& findings);

  // Takes a ScanWorker's detection of `message`, in input order: attributes
  // its findings to records. Returns its in_window().
  bool add(const Message& message, MessageDetection& detection);
  // The same, appending to `journal` what it took from the message and the
  // detection, so that a scan interrupted later can be resumed by replay().
  // The journal holds found values unmasked: keep it as private as the
  // outputs of --reveal.
  bool add(const Message& message, MessageDetection& detection, std::string& journal);
  // Feeds a journal written by add() into this scan (which must have seen
  // nothing else yet), as if its messages were added again; `on_item` sees
  // the item of each of their findings. False when the journal is damaged:
  // the scan is then unusable.
  bool replay(std::string_view journal, const std::function<void(const std::string& item)>& on_item = {});

  // Resolves persons, places them in categories and counts. Call once.
  ScanResult finish();

 private:
  friend class ScanWorker;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace leakscan
