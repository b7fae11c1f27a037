// Reading and decoding a list of inputs, message by message, into a sink.
// This is the front half of a scan (reader -> MIME decoder -> the sink's own
// per-message work, such as detection); what must see the messages in order
// (records, persons) happens in the sink's on_message.
//
// With `threads` > 1 one thread reads, a pool of `threads` workers decodes
// and runs the sink's prepare(), and the calling thread hands the messages
// to on_message() in input order: whatever the thread count, the sink sees
// the same sequence of calls, so outputs built there are reproducible. Memory
// is bounded by the Limits times the batches in flight (`queue_depth`, each
// at most 64 messages or a few MB), not by the size of the input.
#pragma once

#include <libscan/decoder.h>
#include <libscan/mailbox.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace leakscan {

// What a sink's prepare() made of one message, handed back to it with the
// message in on_message(). Each slot of the pipeline owns one, reused from
// message to message.
class MessageWork {
 public:
  virtual ~MessageWork() = default;
  // About how many bytes of memory it holds (findings, records): the
  // pipeline bounds what is in flight by it as well as by the input bytes.
  virtual std::size_t weight() const { return 0; }
};

// Receives decoded messages in input order. prepare() runs on the pool's
// threads, concurrently for different messages (never twice at once with
// the same `worker` index); every other member is called from the thread
// that called run_pipeline, one call at a time.
class MessageSink {
 public:
  virtual ~MessageSink() = default;
  // Called once, before any message, with the number of workers.
  virtual void start(std::size_t /*workers*/) {}
  // One per pipeline slot.
  virtual std::unique_ptr<MessageWork> make_work() { return std::make_unique<MessageWork>(); }
  // The per-message work that needs no order, on worker `worker` in [0, workers).
  virtual void prepare(const Message& /*message*/, MessageWork& /*work*/, std::size_t /*worker*/) {}
  // Return false to stop reading.
  virtual bool on_message(const Message& message, MessageWork& work) = 0;
  virtual void on_input_done(const InputRecord& /*record*/) {}
};

struct Progress {
  std::uint64_t stored_bytes_done = 0;   // of all inputs
  std::uint64_t stored_bytes_total = 0;  // 0 when unknown (stdin)
  std::uint64_t messages = 0;
};

// Where the time went, in seconds of the threads that did the work (with
// several workers, decoding and preparing add up over them).
struct PipelineTimes {
  double read = 0;     // splitting inputs into messages, hashing them
  double decode = 0;   // MIME parse, transfer and charset decoding, HTML to text
  double extract = 0;  // reading attachments (office, PDF, archives, pictures)
  double prepare = 0;  // the sink's prepare() (detection, for a scan)
  double deliver = 0;  // the sink's on_message(), in order
  double wall = 0;
};

struct PipelineResult {
  std::vector<InputRecord> inputs;  // in reading order
  std::uint64_t messages = 0;
  std::uint64_t messages_with_defects = 0;
  bool stopped = false;       // a sink returned false
  bool input_errors = false;  // some input failed to open or read
  PipelineTimes times;
};

struct PipelineOptions {
  DecodeOptions decode;
  // Workers; 0 means every core. 1 runs everything on the calling thread.
  std::size_t threads = 1;
  // Batches of messages in flight with threads > 1 (0: 2 per worker).
  std::size_t queue_depth = 0;
  // Called every `progress_every` messages and at the end of each input.
  std::function<void(const Progress&)> progress;
  std::uint64_t progress_every = 256;
  // Resuming an interrupted run: the first `skip_messages` messages (over
  // all inputs, in order) are read and hashed but neither decoded nor
  // delivered; they count as delivered, `skipped_with_defects` of them with
  // defects.
  std::uint64_t skip_messages = 0;
  std::uint64_t skipped_with_defects = 0;
};

// The worker count `threads` asks for on this machine (0: every core).
std::size_t resolve_thread_count(std::size_t threads);

// Opens, reads and decodes every file in order. An input that cannot be
// opened is recorded (InputRecord::error) and skipped; reading goes on. An
// exception thrown by the sink or by a worker (resource exhaustion; input
// damage is never thrown) stops the pipeline and is rethrown here.
PipelineResult run_pipeline(const std::vector<InputFile>& files, const PipelineOptions& options, MessageSink& sink);

}  // namespace leakscan
