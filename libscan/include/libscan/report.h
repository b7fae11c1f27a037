// Writing what a scan found. Output files are created with mode 0600 in a
// directory created with 0700, written to a temporary name and renamed, so
// that a reader never sees half a file. The JSON is deterministic: the same
// scan gives the same bytes.
#pragma once

#include <libscan/finding.h>
#include <libscan/mailbox.h>
#include <libscan/message.h>

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
  std::vector<InputRecord> inputs;
  std::uint64_t messages_total = 0;
  std::uint64_t messages_in_window = 0;
  std::uint64_t messages_with_defects = 0;
};

// The summary.json document (schema "leakscan.summary/1"), pretty-printed.
std::string summary_json(const ScanSummary& summary);

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
