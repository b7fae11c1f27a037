// A scan that can be killed and resumed. Its working state lives in
// --out/.checkpoint (0700, files 0600):
//
//   journal         what Scan::add took from each message, in input order
//   findings.spool  the findings spool (FindingsSpool)
//   state.json      the last mark: how many messages were delivered, and
//                   how much of journal and spool belongs to them
//
// The journal and spool grow as the scan goes; save() makes them durable
// and then replaces state.json atomically, so that after a kill at any
// instant the last state.json describes a consistent prefix of the scan.
// Resuming cuts journal and spool back to the mark, replays the journal
// into a fresh Scan and skips the delivered messages (they are read and
// hashed again, not decoded): outputs are byte-identical to a scan that
// was never interrupted.
//
// The journal holds found values unmasked, as the records in memory do;
// remove() deletes the whole directory once the outputs are written.
// Not thread-safe: use it from the thread that delivers messages.
#pragma once

#include <libscan/report.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace leakscan {

struct CheckpointMark {
  std::uint64_t messages = 0;  // delivered, over all inputs in order
  std::uint64_t messages_with_defects = 0;
  std::uint64_t journal_bytes = 0;
  std::uint64_t spool_bytes = 0;
  std::uint64_t spool_findings = 0;
};

class ScanCheckpoint {
 public:
  // `fingerprint` names the scan (inputs, rules, case, options): a
  // checkpoint is resumed only by the same scan. With `resume` false, or
  // when there is no checkpoint, starts afresh (an earlier checkpoint is
  // discarded). Throws OutputError when the files cannot be written, and
  // ConfigError when resuming a checkpoint of another scan or a damaged one.
  ScanCheckpoint(const std::string& out_dir, const std::string& fingerprint, bool resume);
  ~ScanCheckpoint();
  ScanCheckpoint(const ScanCheckpoint&) = delete;  // owns files and a mapping
  ScanCheckpoint& operator=(const ScanCheckpoint&) = delete;

  // Whether an earlier run's checkpoint was taken up; mark() is where it
  // stopped (all zeros otherwise).
  bool resumed() const { return resumed_; }
  const CheckpointMark& mark() const { return mark_; }
  // The earlier run's journal up to the mark, for Scan::replay; valid until
  // release_journal().
  std::string_view journal() const { return {mapped_, mapped_size_}; }
  void release_journal();

  FindingsSpool& spool() { return *spool_; }
  // Journal bytes to append (Scan::add's third argument); call
  // journal_appended() after each message.
  std::string& journal_buffer() { return buffer_; }
  void journal_appended();

  // A new mark after `messages` delivered messages, in two steps: make the
  // journal and spool durable, then replace state.json. A kill between the
  // two leaves the previous mark in force.
  void make_durable();
  void write_mark(std::uint64_t messages, std::uint64_t messages_with_defects);

  // Deletes the checkpoint directory (after the outputs are written).
  void remove();

 private:
  void flush_journal();

  std::string dir_;
  std::string fingerprint_;
  bool resumed_ = false;
  CheckpointMark mark_;
  int journal_fd_ = -1;
  std::uint64_t journal_bytes_ = 0;  // written to journal_fd_
  std::string buffer_;
  const char* mapped_ = nullptr;
  std::size_t mapped_size_ = 0;
  std::unique_ptr<FindingsSpool> spool_;
  std::uint64_t durable_journal_ = 0, durable_spool_ = 0, durable_findings_ = 0;
};

}  // namespace leakscan
