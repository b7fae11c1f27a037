// The distinct records of a scan. The same signature in a hundred messages
// is one record seen a hundred times, kept with where it was first seen.
//
// Records are many (one per distinct signature, form, CSV row: hundreds of
// thousands in a large mailbox) and are only read again at the end, so each
// is kept as one compact encoding in 1 MiB chunks, and the index that finds
// an identical record holds a 32-bit hash per record, not its key. A hash
// match is confirmed on the encoded bytes, so two different records are
// never taken for one. Given a directory, full chunks are written to an
// unlinked file there and only the one being filled stays in memory: what
// remains of a record in memory is about 30 bytes (its place, its hash
// slot, its count), whatever its size.
//
// Thread-safety: add() must not run concurrently with anything; read(),
// for_each() and the accessors may run concurrently with each other.
#pragma once

#include "persons/records.h"

#include <libscan/message.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace leakscan {

// A record as decoded from the store.
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
};

// A tie the record builder saw in one message: `from` is the same human as
// `to` (the signature and the sender).
struct RecordTie {
  std::uint32_t from = 0, to = 0;
  std::uint32_t reason = 0;  // RecordStore::tie_reason()
};

// A record seen in a message (by its sequence number in the scan).
struct Occurrence {
  std::uint32_t record = 0;
  std::uint32_t message = 0;
  bool about = false;  // the message is from or about this human
};

class RecordStore {
 public:
  // In memory; or with full chunks written to an unlinked file (0600) in
  // `spill_directory`, which must exist. Throws OutputError when the file
  // cannot be made, written or read again.
  explicit RecordStore(const std::string& spill_directory = "");
  ~RecordStore();
  RecordStore(const RecordStore&) = delete;  // may own a file descriptor
  RecordStore& operator=(const RecordStore&) = delete;

  // Interns the drafts of the message numbered `message_seq`; returns the
  // record of each draft.
  std::vector<std::int64_t> add(const Message& message, std::uint32_t message_seq,
                                const std::vector<RecordDraft>& drafts);

  std::uint32_t size() const { return static_cast<std::uint32_t>(located_.size()); }
  // Decodes record `id` into `out`, reusing its buffers.
  void read(std::uint32_t id, Record& out) const;
  Record record(std::uint32_t id) const {
    Record r;
    read(id, r);
    return r;
  }
  // Decodes every record in id order (reading the file in chunks, not
  // record by record).
  void for_each(const std::function<void(std::uint32_t id, const Record& record)>& visit) const;
  // Whether record `id` is a role or bulk address (cheaper than read()).
  bool not_person(std::uint32_t id) const { return not_person_[id]; }
  // Messages holding record `id`.
  std::uint64_t occurrences(std::uint32_t id) const { return occurrence_count_[id]; }

  const std::vector<RecordTie>& ties() const { return ties_; }
  std::string_view tie_reason(const RecordTie& tie) const { return tie_reasons_[tie.reason]; }
  // Every record's occurrences, message by message.
  void for_each_occurrence(const std::function<void(const Occurrence&)>& visit) const;

 private:
  struct Location {
    std::uint32_t chunk = 0, offset = 0, size = 0;
  };
  struct Chunk {
    std::unique_ptr<char[]> bytes;  // null once written out
    std::size_t capacity = 0, used = 0;
    std::uint64_t file_offset = 0;
  };
  // The bytes of record `id`: in memory, or read into `buffer`.
  std::string_view bytes_of(std::uint32_t id, std::string& buffer) const;
  void read_file(std::uint64_t offset, std::size_t size, std::string& buffer) const;
  std::uint32_t append(std::string_view key, std::string_view rest);
  void spill_full_chunk();
  [[noreturn]] void fail_store(const char* what) const;
  std::int64_t find(std::string_view key, std::uint32_t hash);
  void index(std::uint32_t id, std::uint32_t hash);
  std::uint32_t tie_reason_index(const std::string& reason);

  std::string spill_directory_;
  int fd_ = -1;
  std::uint64_t file_size_ = 0;
  std::vector<Chunk> chunks_;
  std::vector<Location> located_;
  std::vector<bool> not_person_;
  std::vector<std::uint32_t> occurrence_count_;
  // Open addressing: (hash << 32) | (record + 1); 0 is empty.
  std::vector<std::uint64_t> slots_;
  std::vector<RecordTie> ties_;
  std::vector<std::string> tie_reasons_;
  // A few per message, so encoded: per occurrence the record and the step
  // from the last one's message with `about` (LEB128), in 1 MiB strings.
  std::vector<std::string> occurrence_chunks_;
  std::uint32_t last_occurrence_message_ = 0;
  std::vector<Occurrence> in_message_;                                    // scratch of add()
  std::unordered_map<std::uint32_t, std::size_t> occurrence_in_message_;  // scratch of add()
  std::string key_, rest_, compared_;                                     // scratch of add()
};

}  // namespace leakscan
