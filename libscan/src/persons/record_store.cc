#include "persons/record_store.h"

#include "util/byte_codec.h"

#include <libscan/report.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>

namespace leakscan {

namespace {

constexpr std::size_t kChunkBytes = std::size_t{1} << 20;

void write_list(ByteWriter& w, const std::vector<std::string>& values) {
  w.number(values.size());
  for (const std::string& v : values) w.text(v);
}

void read_list(ByteReader& r, std::vector<std::string>& values) {
  values.resize(r.count());
  for (std::string& v : values) v.assign(r.text_view());
}

// What makes two drafts one record: everything but where it was seen, and
// of a name only its text (its key and reading follow from where it was
// first read).
void write_key(const RecordDraft& d, std::int64_t tie_record, std::uint32_t message_seq, std::string& out) {
  ByteWriter w(out);
  w.number(static_cast<std::uint64_t>(d.kind));
  w.number(d.not_person ? 1 : 0);
  write_list(w, d.emails);
  w.number(d.names.size());
  for (const NameSpelling& n : d.names) w.text(n.text);
  write_list(w, d.organizations);
  write_list(w, d.phones);
  w.number(d.identifiers.size());
  for (const auto& [item, value] : d.identifiers) {
    w.text(item);
    w.text(value);
  }
  w.text(d.affiliation);
  w.number(d.items);
  w.number(static_cast<std::uint64_t>(tie_record + 1));
  w.text(d.tie_reason);
  w.number(d.per_message ? 1 : 0);
  if (d.per_message) {
    w.number(message_seq);
    w.text(d.where);
  }
}

void write_rest(const Message& message, const RecordDraft& d, std::string& out) {
  ByteWriter w(out);
  for (const NameSpelling& n : d.names) {
    w.text(n.key);
    w.number(n.full ? 1 : 0);
    w.text(n.reading);
  }
  w.number(message.input);
  w.number(message.index);
  w.number(message.offset);
  w.text(message.envelope.message_id);
  w.text(d.where);
}

std::uint32_t hash_of(std::string_view key) {
  std::uint64_t h = std::hash<std::string_view>{}(key);
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}

}  // namespace

RecordStore::RecordStore(const std::string& spill_directory) : spill_directory_(spill_directory), slots_(1024, 0) {
  if (spill_directory.empty()) return;
  std::string name = spill_directory + "/.records.spool.XXXXXX";
  fd_ = ::mkstemp(name.data());
  if (fd_ < 0) fail_store("cannot create");
  // Unlinked at once: nothing is left behind, even after kill -9.
  ::unlink(name.c_str());
  if (::fchmod(fd_, 0600) != 0) {
    int error = errno;
    ::close(fd_);  // no destructor runs for a constructor that throws
    errno = error;
    fail_store("cannot set the mode of");
  }
}

RecordStore::~RecordStore() {
  if (fd_ >= 0) ::close(fd_);
}

void RecordStore::fail_store(const char* what) const {
  throw OutputError(spill_directory_ + ": " + what + " the records' work file: " + std::strerror(errno));
}

void RecordStore::read_file(std::uint64_t offset, std::size_t size, std::string& buffer) const {
  buffer.resize(size);
  std::size_t done = 0;
  while (done < size) {
    ssize_t n = ::pread(fd_, buffer.data() + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      fail_store("cannot read back");
    }
    done += static_cast<std::size_t>(n);
  }
}

std::string_view RecordStore::bytes_of(std::uint32_t id, std::string& buffer) const {
  const Location& at = located_[id];
  const Chunk& chunk = chunks_[at.chunk];
  if (chunk.bytes) return {chunk.bytes.get() + at.offset, at.size};
  read_file(chunk.file_offset + at.offset, at.size, buffer);
  return buffer;
}

namespace {

// A record's bytes: the key's length, the key, the rest (its location
// knows the whole size).
std::string_view key_in(std::string_view bytes) {
  ByteReader length(bytes);
  std::size_t key = length.number();
  return bytes.substr(length.position(), key);
}

}  // namespace

void RecordStore::spill_full_chunk() {
  Chunk& chunk = chunks_.back();
  std::size_t written = 0;
  while (written < chunk.used) {
    ssize_t n =
        ::pwrite(fd_, chunk.bytes.get() + written, chunk.used - written, static_cast<off_t>(file_size_ + written));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail_store("cannot write");
    written += static_cast<std::size_t>(n);
  }
  chunk.file_offset = file_size_;
  file_size_ += chunk.used;
  chunk.bytes.reset();
}

std::uint32_t RecordStore::append(std::string_view key, std::string_view rest) {
  std::string header;
  ByteWriter w(header);
  w.number(key.size());
  std::size_t need = header.size() + key.size() + rest.size();
  if (chunks_.empty() || chunks_.back().capacity - chunks_.back().used < need) {
    if (fd_ >= 0 && !chunks_.empty()) spill_full_chunk();
    Chunk chunk;
    chunk.capacity = std::max(kChunkBytes, need);
    chunk.bytes = std::make_unique<char[]>(chunk.capacity);
    chunks_.push_back(std::move(chunk));
  }
  Chunk& chunk = chunks_.back();
  char* at = chunk.bytes.get() + chunk.used;
  at = std::copy(header.begin(), header.end(), at);
  at = std::copy(key.begin(), key.end(), at);
  std::copy(rest.begin(), rest.end(), at);
  located_.push_back({static_cast<std::uint32_t>(chunks_.size() - 1), static_cast<std::uint32_t>(chunk.used),
                      static_cast<std::uint32_t>(need)});
  chunk.used += need;
  return static_cast<std::uint32_t>(located_.size() - 1);
}

std::int64_t RecordStore::find(std::string_view key, std::uint32_t hash) {
  std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    std::uint64_t slot = slots_[i];
    if (slot == 0) return -1;
    if (static_cast<std::uint32_t>(slot >> 32) != hash) continue;
    auto id = static_cast<std::uint32_t>(slot & 0xffffffffu) - 1;
    if (key_in(bytes_of(id, compared_)) == key) return id;
  }
}

void RecordStore::index(std::uint32_t id, std::uint32_t hash) {
  if ((located_.size()) * 2 > slots_.size()) {
    std::vector<std::uint64_t> grown(slots_.size() * 2, 0);
    std::size_t mask = grown.size() - 1;
    for (std::uint64_t slot : slots_) {
      if (slot == 0) continue;
      std::size_t i = (slot >> 32) & mask;
      while (grown[i] != 0) i = (i + 1) & mask;
      grown[i] = slot;
    }
    slots_.swap(grown);
  }
  std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i] != 0) i = (i + 1) & mask;
  slots_[i] = (static_cast<std::uint64_t>(hash) << 32) | (id + 1);
}

std::uint32_t RecordStore::tie_reason_index(const std::string& reason) {
  auto it = std::find(tie_reasons_.begin(), tie_reasons_.end(), reason);
  if (it != tie_reasons_.end()) return static_cast<std::uint32_t>(it - tie_reasons_.begin());
  tie_reasons_.push_back(reason);
  return static_cast<std::uint32_t>(tie_reasons_.size() - 1);
}

std::vector<std::int64_t> RecordStore::add(const Message& message, std::uint32_t message_seq,
                                           const std::vector<RecordDraft>& drafts) {
  std::vector<std::int64_t> ids(drafts.size(), -1);
  occurrence_in_message_.clear();
  in_message_.clear();
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    const RecordDraft& d = drafts[i];
    // Ties point at drafts made before them (the sender before the signature).
    std::int64_t tie = d.tie >= 0 && static_cast<std::size_t>(d.tie) < i ? ids[static_cast<std::size_t>(d.tie)] : -1;
    key_.clear();
    write_key(d, tie, message_seq, key_);
    std::uint32_t hash = hash_of(key_);
    std::int64_t found = find(key_, hash);
    std::uint32_t id = 0;
    if (found >= 0) {
      id = static_cast<std::uint32_t>(found);
    } else {
      rest_.clear();
      write_rest(message, d, rest_);
      id = append(key_, rest_);
      index(id, hash);
      not_person_.push_back(d.not_person);
      occurrence_count_.push_back(0);
      if (tie >= 0) ties_.push_back({id, static_cast<std::uint32_t>(tie), tie_reason_index(d.tie_reason)});
    }
    ids[i] = id;
    // A message with a long attached list has thousands of drafts.
    auto [seen, first_in_message] = occurrence_in_message_.emplace(id, in_message_.size());
    if (first_in_message) {
      in_message_.push_back({id, message_seq, d.about});
      ++occurrence_count_[id];
    } else {
      Occurrence& o = in_message_[seen->second];
      o.about = o.about || d.about;
    }
  }
  for (const Occurrence& o : in_message_) {
    if (occurrence_chunks_.empty() || occurrence_chunks_.back().size() + 16 > kChunkBytes) {
      occurrence_chunks_.emplace_back().reserve(kChunkBytes);
    }
    ByteWriter w(occurrence_chunks_.back());
    w.number(o.record);
    w.number((static_cast<std::uint64_t>(o.message - last_occurrence_message_) << 1) | (o.about ? 1 : 0));
    last_occurrence_message_ = o.message;
  }
  return ids;
}

namespace {

void decode(std::string_view bytes, Record& out) {
  ByteReader r(bytes);
  r.number();  // the key's length
  out.kind = static_cast<RecordKind>(r.number());
  out.not_person = r.number() != 0;
  read_list(r, out.emails);
  out.names.resize(r.count());
  for (NameSpelling& n : out.names) n.text.assign(r.text_view());
  read_list(r, out.organizations);
  read_list(r, out.phones);
  out.identifiers.resize(r.count());
  for (auto& [item, value] : out.identifiers) {
    item.assign(r.text_view());
    value.assign(r.text_view());
  }
  out.affiliation.assign(r.text_view());
  out.items = static_cast<std::uint32_t>(r.number());
  r.number();     // tie
  r.text_view();  // tie reason
  if (r.number() != 0) {
    r.number();     // message
    r.text_view();  // where
  }
  for (NameSpelling& n : out.names) {
    n.key.assign(r.text_view());
    n.full = r.number() != 0;
    n.reading.assign(r.text_view());
  }
  out.input = static_cast<std::size_t>(r.number());
  out.message = r.number();
  out.message_offset = r.number();
  out.message_id.assign(r.text_view());
  out.where.assign(r.text_view());
}

}  // namespace

void RecordStore::read(std::uint32_t id, Record& out) const {
  std::string buffer;
  decode(bytes_of(id, buffer), out);
}

void RecordStore::for_each_occurrence(const std::function<void(const Occurrence&)>& visit) const {
  Occurrence o;
  for (const std::string& chunk : occurrence_chunks_) {
    ByteReader r(chunk);
    while (!r.at_end() && r.ok()) {
      o.record = static_cast<std::uint32_t>(r.number());
      std::uint64_t step = r.number();
      o.message += static_cast<std::uint32_t>(step >> 1);
      o.about = (step & 1) != 0;
      visit(o);
    }
  }
}

void RecordStore::for_each(const std::function<void(std::uint32_t id, const Record& record)>& visit) const {
  std::string buffer;
  std::uint32_t loaded = UINT32_MAX;  // the written-out chunk in `buffer`
  Record record;
  for (std::uint32_t id = 0; id < size(); ++id) {
    const Location& at = located_[id];
    const Chunk& chunk = chunks_[at.chunk];
    std::string_view bytes;
    if (chunk.bytes) {
      bytes = {chunk.bytes.get() + at.offset, at.size};
    } else {
      if (loaded != at.chunk) {
        read_file(chunk.file_offset, chunk.used, buffer);
        loaded = at.chunk;
      }
      bytes = std::string_view(buffer).substr(at.offset, at.size);
    }
    decode(bytes, record);
    visit(id, record);
  }
}

}  // namespace leakscan
