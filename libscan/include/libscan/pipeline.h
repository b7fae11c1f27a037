// Reading and decoding a list of inputs, message by message, into a sink.
// This is the front half of a scan (reader -> MIME decoder); detection and
// persons are later stages that receive what the sink receives.
#pragma once

#include <libscan/decoder.h>
#include <libscan/mailbox.h>

#include <cstdint>
#include <functional>
#include <vector>

namespace leakscan {

// Receives decoded messages in input order. Implementations need not be
// thread-safe: the pipeline calls them from one thread at a time.
class MessageSink {
 public:
  virtual ~MessageSink() = default;
  // Return false to stop reading.
  virtual bool on_message(const Message& message) = 0;
  virtual void on_input_done(const InputRecord& /*record*/) {}
};

struct Progress {
  std::uint64_t stored_bytes_done = 0;   // of all inputs
  std::uint64_t stored_bytes_total = 0;  // 0 when unknown (stdin)
  std::uint64_t messages = 0;
};

struct PipelineResult {
  std::vector<InputRecord> inputs;  // in reading order
  std::uint64_t messages = 0;
  std::uint64_t messages_with_defects = 0;
  bool stopped = false;       // a sink returned false
  bool input_errors = false;  // some input failed to open or read
};

struct PipelineOptions {
  DecodeOptions decode;
  // Called every `progress_every` messages and at the end of each input.
  std::function<void(const Progress&)> progress;
  std::uint64_t progress_every = 256;
};

// Opens, reads and decodes every file in order. An input that cannot be
// opened is recorded (InputRecord::error) and skipped; reading goes on.
PipelineResult run_pipeline(const std::vector<InputFile>& files, const PipelineOptions& options, MessageSink& sink);

}  // namespace leakscan
