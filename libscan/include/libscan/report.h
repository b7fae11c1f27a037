// Writing what a scan found. Output files are created with mode 0600 in a
// directory created with 0700, written to a temporary name and renamed, so
// that a reader never sees half a file. The JSON is deterministic: the same
// scan gives the same bytes.
#pragma once

#include <libscan/mailbox.h>
#include <libscan/message.h>

#include <cstdint>
#include <stdexcept>
#include <string>
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

// Creates `dir` with mode 0700 when missing (an existing one is used as it
// is) and writes `name` in it atomically with mode 0600.
void write_output_file(const std::string& dir, const std::string& name, const std::string& contents);

// One line of `leakscan dump`: the message as read, without a newline.
// `text` adds each part's decoded text.
std::string message_json(const Message& message, const std::string& input_path, bool text);

}  // namespace leakscan
