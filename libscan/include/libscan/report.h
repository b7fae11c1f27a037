// Writing what a scan found. Output files are created with mode 0600 in a
// directory created with 0700, written to a temporary name and renamed, so
// that a reader never sees half a file. The JSON is deterministic: the same
// scan gives the same bytes.
#pragma once

#include <libscan/finding.h>
#include <libscan/mailbox.h>
#include <libscan/message.h>
#include <libscan/scanner.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

// The output directory or a file in it cannot be created. CLI exit code 2.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ScanSummary {
  std::string case_name;  // "" when no case file was given
  // What the figures rest on (libscan/provenance.h); "" leaves them out.
  std::string rules_sha256;  // directory_sha256 of the rule directory
  std::string case_sha256;   // file_sha256 of the case file
  std::vector<InputRecord> inputs;
  std::uint64_t messages_total = 0;
  std::uint64_t messages_in_window = 0;
  std::uint64_t messages_with_defects = 0;
  // The persons and categories; without it summary.json holds the inputs
  // and messages only (what `dump`-like callers know).
  const ScanResult* result = nullptr;
};

// The summary.json document (schema "leakscan.summary/1"), pretty-printed:
// schema, tool, case, provenance (rules and case digests), inputs, messages, persons_total, categories (every
// category of the case in its order, with persons and items), internal and
// specific_personal_information.
std::string summary_json(const ScanSummary& summary);

// persons.csv (SPEC §7): RFC 4180 with CRLF rows, a header row, one row per
// person in `result` order; names, e-mail addresses (also in the reason)
// and organizations masked unless `reveal`.
std::string persons_csv(const ScanResult& result, bool reveal);

// persons.jsonl: per person the records it was resolved from (where each
// was seen) and every merge with its reason, so that an analyst can ask
// why two records are one person. Masked unless `reveal`.
std::string persons_jsonl(const ScanResult& result, const std::vector<std::string>& input_paths, bool reveal);
class OutputFile;
// The same, written person by person (its size grows with the records).
void write_persons_jsonl(const ScanResult& result, const std::vector<std::string>& input_paths, bool reveal,
                         OutputFile& out);

// report.md: section 2 of the reference report (the total, then per
// category its label, ◆ items in Japanese and ◆ the person count), and the
// staff and My Number figures of its section 8.
std::string report_markdown(const ScanSummary& summary, const ScanResult& result);

// The figures of summary.json `actual` that differ from `expected` (both
// summary.json documents): messages, persons_total, each category's persons
// and items, internal, specific_personal_information; a figure `expected`
// does not hold is not compared. One readable line per difference; empty
// when they agree. Throws ConfigError when `expected` is not a summary.json.
std::vector<std::string> compare_summaries(const std::string& expected, const std::string& actual,
                                           const std::string& expected_name);

// The Japanese label of an item id (SPEC §5), or the id.
std::string item_label_ja(std::string_view item);

// Findings held until the persons are known: written to an unlinked
// temporary file in the output directory (or a checkpoint's file) as they come, then copied into
// findings.jsonl with each finding's person. Memory stays flat whatever the
// number of findings. Not thread-safe.
class FindingsSpool {
 public:
  explicit FindingsSpool(const std::string& dir);  // creates dir (0700) when missing; throws OutputError
  // A spool kept as the file `path` (0600) for a scan that may be resumed:
  // its first `keep_bytes` (holding `keep_findings`) are kept, the rest of
  // an interrupted run's is cut off. Throws OutputError, also when the file
  // is shorter than `keep_bytes`.
  FindingsSpool(const std::string& dir, const std::string& path, std::uint64_t keep_bytes, std::uint64_t keep_findings);
  ~FindingsSpool();
  FindingsSpool(const FindingsSpool&) = delete;  // owns a file descriptor
  FindingsSpool& operator=(const FindingsSpool&) = delete;

  void add(const Finding& finding, const std::string& input_path, bool reveal);
  // The same with the finding already formatted by finding_json (which
  // needs no record, so that workers can format in parallel).
  void add(std::int64_t record, std::string_view finding_json);
  std::uint64_t count() const { return count_; }
  // Writes what is buffered and makes it durable; returns the spool's size.
  std::uint64_t sync();
  // Writes `dir`/findings.jsonl (atomically) with a "person" field.
  void write_findings(const ScanResult& result);

 private:
  void flush();
  std::string dir_;
  int fd_ = -1;
  std::string buffer_;
  std::uint64_t count_ = 0;
  std::uint64_t bytes_ = 0;  // written to fd_
};

// Creates `dir` with mode 0700 (whatever the umask) when missing; throws
// OutputError when it cannot or when it is not a directory. Returns the
// permission bits of a directory that already existed (a caller may warn
// when others can read it), 0700 for one it created.
unsigned make_output_directory(const std::string& dir);

// Removes what an OutputFile of each of `names` left in `dir` when its
// process was killed before commit() (".summary.json.XXXXXX").
void remove_stale_temporaries(const std::string& dir, const std::vector<std::string>& names);

// A file of --out written in pieces and put in place at once: created as a
// temporary (mode 0600) in `dir` (created 0700 when missing), renamed to
// `name` by commit(). Without commit() the temporary is removed. Throws
// OutputError. Not thread-safe.
class OutputFile {
 public:
  OutputFile(const std::string& dir, const std::string& name);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;  // owns a file descriptor
  OutputFile& operator=(const OutputFile&) = delete;

  void write(std::string_view bytes);
  void commit();

 private:
  void flush();

  std::string path_;
  std::string temporary_;
  std::string buffer_;
  int fd_ = -1;
};

// Writes `name` in `dir` at once (see OutputFile).
void write_output_file(const std::string& dir, const std::string& name, const std::string& contents);

// One line of findings.jsonl (SPEC §7), without a newline. The value is
// masked unless `reveal`.
std::string finding_json(const Finding& finding, const std::string& input_path, bool reveal);

// One line of `leakscan dump`: the message as read, without a newline.
// `text` adds each part's decoded text; `findings` (when not null) the
// findings in it, masked unless `reveal`.
std::string message_json(const Message& message, const std::string& input_path, bool text,
                         const std::vector<Finding>* findings = nullptr, bool reveal = false);

}  // namespace leakscan
