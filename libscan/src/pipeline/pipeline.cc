// run_pipeline (libscan/pipeline.h): inline with one worker; otherwise a
// reader thread, a worker pool and in-order delivery on the calling thread
// through a ring of slots.
#include <libscan/error.h>
#include <libscan/pipeline.h>

#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <numeric>
#include <thread>

namespace leakscan {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::uint64_t stored_size(const std::string& path) {
  struct stat st {};
  if (path == "-" || ::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  return static_cast<std::uint64_t>(st.st_size);
}

// Null, with `failed` filled in, when the input cannot be opened.
std::unique_ptr<MessageReader> open_input(const std::vector<InputFile>& files, std::size_t i, const Limits& limits,
                                          InputRecord& failed) {
  try {
    return open_reader(files[i], i, limits);
  } catch (const InputError& e) {
    failed = InputRecord{};
    failed.path = files[i].path;
    failed.error = e.what();
    return nullptr;
  }
}

// The calling thread's side: counts, progress and the sink's in-order calls.
class Delivery {
 public:
  Delivery(const std::vector<InputFile>& files, const PipelineOptions& options, MessageSink& sink,
           PipelineResult& result)
      : options_(options), sink_(sink), result_(result) {
    for (const InputFile& f : files) progress_.stored_bytes_total += stored_size(f.path);
    result_.messages = options.skip_messages;
    result_.messages_with_defects = options.skipped_with_defects;
  }

  // False when the sink asked to stop.
  bool message(const Message& m, MessageWork& work, std::uint64_t position_in_input) {
    ++result_.messages;
    if (!m.defects.empty()) ++result_.messages_with_defects;
    Clock::time_point start = Clock::now();
    bool go_on = sink_.on_message(m, work);
    result_.times.deliver += seconds_since(start);
    if (!go_on) {
      result_.stopped = true;
      return false;
    }
    if (options_.progress && result_.messages % options_.progress_every == 0) {
      progress_.stored_bytes_done = done_before_ + position_in_input;
      progress_.messages = result_.messages;
      options_.progress(progress_);
    }
    return true;
  }

  void input_done(const InputRecord& record) {
    if (!record.error.empty()) result_.input_errors = true;
    done_before_ += record.bytes;
    sink_.on_input_done(record);
    result_.inputs.push_back(record);
    if (options_.progress) {
      progress_.stored_bytes_done = done_before_;
      progress_.messages = result_.messages;
      options_.progress(progress_);
    }
  }

 private:
  const PipelineOptions& options_;
  MessageSink& sink_;
  PipelineResult& result_;
  Progress progress_;
  std::uint64_t done_before_ = 0;
};

void read_inline(const std::vector<InputFile>& files, const PipelineOptions& options, MessageSink& sink,
                 MessageDecoder& decoder, Delivery& delivery, PipelineResult& result) {
  std::unique_ptr<MessageWork> work = sink.make_work();
  RawMessage raw;
  Message message;
  std::uint64_t to_skip = options.skip_messages;
  for (std::size_t i = 0; i < files.size(); ++i) {
    Clock::time_point start = Clock::now();
    InputRecord failed;
    std::unique_ptr<MessageReader> reader = open_input(files, i, options.decode.limits, failed);
    result.times.read += seconds_since(start);
    if (!reader) {
      delivery.input_done(failed);
      continue;
    }
    for (;;) {
      start = Clock::now();
      bool got = reader->next(raw);
      Clock::time_point decoded = Clock::now();
      result.times.read += std::chrono::duration<double>(decoded - start).count();
      if (!got) break;
      if (to_skip > 0) {
        --to_skip;
        continue;
      }
      decoder.decode(raw, message);
      Clock::time_point prepared = Clock::now();
      result.times.decode += std::chrono::duration<double>(prepared - decoded).count();
      sink.prepare(message, *work, 0);
      result.times.prepare += seconds_since(prepared);
      // A stopped input is not done: its record (digest, count) is partial.
      if (!delivery.message(message, *work, reader->position())) return;
    }
    delivery.input_done(reader->record());
  }
}

void run_inline(const std::vector<InputFile>& files, const PipelineOptions& options, MessageSink& sink,
                Delivery& delivery, PipelineResult& result) {
  sink.start(1);
  MessageDecoder decoder(options.decode);
  read_inline(files, options, sink, decoder, delivery, result);
  result.times.extract = decoder.extract_seconds();
  result.times.decode -= result.times.extract;
}

// A batch of messages (and perhaps the end of their input) on its way from
// the reader through a worker to the delivering thread. Batches, not single
// messages, keep the threads' hand-overs (and their wake-ups) rare. The
// reader owns a kFree slot, a worker a kDecoding one, the delivering thread
// a kDone one. The vectors keep their capacity from batch to batch.
struct Slot {
  enum class State { kFree, kRead, kDecoding, kDone };
  State state = State::kFree;
  std::size_t count = 0;  // messages in use at the front of the vectors
  std::vector<RawMessage> raw;
  std::vector<Message> message;
  std::vector<std::unique_ptr<MessageWork>> work;
  std::vector<std::uint64_t> position;
  std::size_t raw_bytes = 0;        // of the messages in use
  std::vector<std::size_t> weight;  // what each message's decoding and preparing made
  bool input_end = false;           // the input ended after these messages
  InputRecord record;               // of that input
  std::exception_ptr error;         // thrown by message `failed` (messages before it are ready)
  std::size_t failed = 0;
};

// A batch closes at whichever comes first. What a message becomes can be
// forty times its bytes (a client list: a finding and a record per cell),
// so a batch also closes when its messages are expected to make
// kBatchWeight, at the rate recent batches made.
constexpr std::size_t kBatchMessages = 64;
constexpr std::size_t kBatchBytes = 4u << 20;
constexpr std::size_t kBatchWeight = 16u << 20;
constexpr std::size_t kFirstBatchBytes = 512u << 10;
// A delivered message or work that grew beyond this is made anew, so that
// one large message does not keep its memory in every slot it passes.
constexpr std::size_t kKeptWeight = 1u << 20;

// What a decoded message holds, roughly.
std::size_t message_weight(const Message& m) {
  std::size_t w = 0;
  for (const Part& p : m.parts) w += p.text.capacity() + p.content.capacity() + p.spans.capacity() * sizeof(TextSpan);
  return w + m.parts.capacity() * sizeof(Part);
}

class ThreadedPipeline {
 public:
  ThreadedPipeline(const std::vector<InputFile>& files, const PipelineOptions& options, MessageSink& sink,
                   std::size_t workers)
      : files_(files), options_(options), sink_(sink), workers_(workers), to_skip_(options.skip_messages) {
    std::size_t depth = options.queue_depth != 0 ? options.queue_depth : 2 * workers;
    slots_.resize(std::max<std::size_t>(depth, 2));
  }

  void run(Delivery& delivery, PipelineResult& result) {
    sink_.start(workers_);
    threads_.emplace_back([this] { read_all(); });
    for (std::size_t w = 0; w < workers_; ++w) threads_.emplace_back([this, w] { work(w); });
    std::exception_ptr failure;
    try {
      deliver_all(delivery);
    } catch (...) {
      failure = std::current_exception();
    }
    stop();
    for (std::thread& t : threads_) t.join();
    result.times.read += read_seconds_;
    result.times.decode += decode_seconds_;
    result.times.extract += extract_seconds_;
    result.times.prepare += prepare_seconds_;
    if (!failure) failure = reader_failure_;
    if (failure) std::rethrow_exception(failure);
  }

 private:
  Slot& slot(std::uint64_t sequence) { return slots_[sequence % slots_.size()]; }

  void stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    slot_free_.notify_all();
    work_ready_.notify_all();
    slot_done_.notify_all();
  }

  // Fills `s` from `reader` (null: the input could not be opened) up to a
  // batch; sets input_end when the input has no more.
  void fill(Slot& s, MessageReader* reader, const InputRecord& failed) {
    s.count = 0;
    s.input_end = false;
    s.error = nullptr;
    std::size_t bytes = 0;
    // Until a batch is delivered the rate is unknown, and the first batches
    // fill every slot at once: they are kept small.
    std::size_t rate = weight_per_byte_;
    std::size_t byte_limit =
        rate == 0 ? kFirstBatchBytes : std::min(kBatchBytes, kBatchWeight * 16 / std::max<std::size_t>(16, rate));
    byte_limit = std::max<std::size_t>(byte_limit, 1);  // a batch holds one message at least
    Clock::time_point start = Clock::now();
    while (s.count < kBatchMessages && bytes < byte_limit) {
      if (s.raw.size() == s.count) {
        s.raw.emplace_back();
        s.message.emplace_back();
        s.work.push_back(sink_.make_work());
        s.position.push_back(0);
        s.weight.push_back(0);
      }
      if (reader == nullptr || !reader->next(s.raw[s.count])) {
        s.input_end = true;
        s.record = reader != nullptr ? reader->record() : failed;
        break;
      }
      if (to_skip_ > 0) {  // delivered by an earlier run
        --to_skip_;
        continue;
      }
      bytes += s.raw[s.count].bytes.size();
      s.position[s.count] = reader->position();
      ++s.count;
    }
    s.raw_bytes = bytes;
    read_seconds_ += seconds_since(start);
  }

  void read_all() {
    try {
      for (std::size_t i = 0; i < files_.size(); ++i) {
        Clock::time_point start = Clock::now();
        InputRecord failed;
        std::unique_ptr<MessageReader> reader = open_input(files_, i, options_.decode.limits, failed);
        read_seconds_ += seconds_since(start);
        bool input_end = false;
        while (!input_end) {
          std::unique_lock<std::mutex> lock(mutex_);
          slot_free_.wait(lock, [&] { return stopping_ || slot(next_read_).state == Slot::State::kFree; });
          if (stopping_) return;
          Slot& s = slot(next_read_);
          lock.unlock();
          fill(s, reader.get(), failed);  // the slot is the reader's alone until published
          input_end = s.input_end;
          bool needs_work = s.count > 0;
          lock.lock();
          s.state = needs_work ? Slot::State::kRead : Slot::State::kDone;
          ++next_read_;
          lock.unlock();
          if (needs_work) {
            work_ready_.notify_one();
          } else {
            slot_done_.notify_one();
          }
        }
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      reader_failure_ = std::current_exception();
    }
    std::lock_guard<std::mutex> lock(mutex_);
    reader_finished_ = true;
    work_ready_.notify_all();
    slot_done_.notify_all();
  }

  void work(std::size_t worker) {
    MessageDecoder decoder(options_.decode);
    double decode_seconds = 0, prepare_seconds = 0;
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      work_ready_.wait(lock, [&] {
        while (next_claim_ < next_read_ && slot(next_claim_).count == 0) ++next_claim_;
        return stopping_ || next_claim_ < next_read_ || reader_finished_;
      });
      if (stopping_ || next_claim_ == next_read_) break;
      std::uint64_t sequence = next_claim_++;
      Slot& s = slot(sequence);
      s.state = Slot::State::kDecoding;
      lock.unlock();
      std::size_t m = 0;
      try {
        for (; m < s.count; ++m) {
          Clock::time_point start = Clock::now();
          decoder.decode(s.raw[m], s.message[m]);
          Clock::time_point decoded = Clock::now();
          decode_seconds += std::chrono::duration<double>(decoded - start).count();
          sink_.prepare(s.message[m], *s.work[m], worker);
          s.weight[m] = message_weight(s.message[m]) + s.work[m]->weight();
          prepare_seconds += seconds_since(decoded);
        }
      } catch (...) {
        s.error = std::current_exception();
        s.failed = m;
      }
      lock.lock();
      s.state = Slot::State::kDone;
      if (sequence == next_deliver_) slot_done_.notify_one();
    }
    decode_seconds_ += decode_seconds - decoder.extract_seconds();
    extract_seconds_ += decoder.extract_seconds();
    prepare_seconds_ += prepare_seconds;
  }

  void deliver_all(Delivery& delivery) {
    for (;;) {
      std::unique_lock<std::mutex> lock(mutex_);
      slot_done_.wait(lock, [&] {
        return stopping_ || slot(next_deliver_).state == Slot::State::kDone ||
               (reader_finished_ && next_deliver_ == next_read_);
      });
      if (stopping_ || slot(next_deliver_).state != Slot::State::kDone) return;
      Slot& s = slot(next_deliver_);
      lock.unlock();
      std::size_t ready = s.error ? s.failed : s.count;
      for (std::size_t m = 0; m < ready; ++m) {
        if (!delivery.message(s.message[m], *s.work[m], s.position[m])) return;
      }
      if (s.error) std::rethrow_exception(s.error);
      if (s.input_end) delivery.input_done(s.record);
      for (std::size_t m = 0; m < s.count; ++m) {
        if (s.weight[m] > kKeptWeight) {
          s.message[m] = Message{};
          s.work[m] = sink_.make_work();
        }
      }
      lock.lock();
      if (s.raw_bytes > 0) {
        // Halfway to the latest batch's rate: one odd batch moves it, a run of them sets it.
        std::size_t made =
            std::accumulate(s.weight.begin(), s.weight.begin() + static_cast<std::ptrdiff_t>(s.count), std::size_t{0});
        std::size_t rate = std::max<std::size_t>(1, made * 16 / s.raw_bytes);
        std::size_t before = weight_per_byte_;
        weight_per_byte_ = before == 0 ? rate : (before + rate) / 2;
      }
      s.state = Slot::State::kFree;
      ++next_deliver_;
      // An input's end alone needs no worker; none may look at its slot once it is refilled.
      next_claim_ = std::max(next_claim_, next_deliver_);
      lock.unlock();
      slot_free_.notify_one();
    }
  }

  const std::vector<InputFile>& files_;
  const PipelineOptions& options_;
  MessageSink& sink_;
  std::size_t workers_;
  std::uint64_t to_skip_;  // the reader's
  std::vector<Slot> slots_;
  std::vector<std::thread> threads_;

  std::mutex mutex_;  // guards everything below and the slots' states
  std::condition_variable slot_free_, work_ready_, slot_done_;
  std::uint64_t next_read_ = 0, next_claim_ = 0, next_deliver_ = 0;
  // Weight per input byte (in 1/16) of the batches delivered lately; read
  // by the reader as it fills a slot.
  std::atomic<std::size_t> weight_per_byte_{0};
  bool stopping_ = false, reader_finished_ = false;
  std::exception_ptr reader_failure_;
  double read_seconds_ = 0;  // the reader's own, read once it has joined
  double decode_seconds_ = 0, extract_seconds_ = 0, prepare_seconds_ = 0;
};

}  // namespace

std::size_t resolve_thread_count(std::size_t threads) {
  if (threads != 0) return threads;
  unsigned cores = std::thread::hardware_concurrency();
  return cores != 0 ? cores : 1;
}

PipelineResult run_pipeline(const std::vector<InputFile>& files, const PipelineOptions& options, MessageSink& sink) {
  PipelineResult result;
  Delivery delivery(files, options, sink, result);
  Clock::time_point start = Clock::now();
  std::size_t workers = resolve_thread_count(options.threads);
  if (workers == 1) {
    run_inline(files, options, sink, delivery, result);
  } else {
    ThreadedPipeline(files, options, sink, workers).run(delivery, result);
  }
  result.times.wall = seconds_since(start);
  return result;
}

}  // namespace leakscan
