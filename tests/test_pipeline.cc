// The pipeline: the sink sees the same calls in the same order at any
// thread count; stopping, failing inputs and exceptions end it cleanly.
#include "test_util.h"

#include <libscan/case.h>
#include <libscan/pipeline.h>
#include <libscan/rules.h>
#include <libscan/scanner.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>

using leakscan::InputFile;
using leakscan::InputRecord;
using leakscan::Message;
using leakscan::MessageSink;
using leakscan::MessageWork;
using leakscan::PipelineOptions;
using leakscan::PipelineResult;
using leakscan::run_pipeline;
using leakscan::test::TempDir;

namespace {

std::string mbox_of(int count, const std::string& tag) {
  std::string mbox;
  for (int i = 0; i < count; ++i) {
    std::string n = std::to_string(i);
    mbox += "From sender@example.com Mon Jan  1 00:00:00 2024\n";
    mbox += "From: sender" + n + "@example.com\nSubject: " + tag + " " + n + "\nContent-Type: text/plain\n\n";
    // Some messages are large, so that batches close on bytes as well as on counts.
    mbox += i % 97 == 0 ? std::string(1 << 20, 'x') + "\n" : "body " + n + "\n";
  }
  return mbox;
}

// Records every call it receives; prepare() leaves the subject's length in
// the work, so a worker's result must travel with its message.
class RecordingSink final : public MessageSink {
 public:
  struct Work final : MessageWork {
    std::size_t subject_length = 0;
    std::string subject;
    std::size_t claimed_weight = 0;
    std::size_t weight() const override { return claimed_weight; }
  };

  void start(std::size_t workers) override {
    workers_ = workers;
    busy_ = std::vector<std::atomic<int>>(workers);
  }
  std::unique_ptr<MessageWork> make_work() override { return std::make_unique<Work>(); }
  void prepare(const Message& m, MessageWork& work, std::size_t worker) override {
    if (worker >= workers_ || busy_[worker].fetch_add(1) != 0) overlapped_ = true;
    auto& w = static_cast<Work&>(work);
    w.subject = m.envelope.subject;
    w.subject_length = m.envelope.subject.size();
    w.claimed_weight = work_weight;
    ++prepared_;
    if (!throw_on.empty() && m.envelope.subject == throw_on) throw std::runtime_error("prepare failed");
    busy_[worker].fetch_sub(1);
  }
  bool on_message(const Message& m, MessageWork& work) override {
    auto& w = static_cast<Work&>(work);
    ++delivered_;
    if (delivered_ > 300) max_in_flight = std::max<std::size_t>(max_in_flight, prepared_ - delivered_ + 1);
    calls.push_back("message " + std::to_string(m.input) + " " + m.envelope.subject + " " + w.subject + " " +
                    std::to_string(w.subject_length));
    return stop_after.empty() || m.envelope.subject != stop_after;
  }
  void on_input_done(const InputRecord& r) override {
    calls.push_back("input " + r.path + " " + std::to_string(r.messages) + " " + r.sha256 + " " + r.error);
  }

  std::vector<std::string> calls;
  std::string stop_after, throw_on;
  bool overlapped_ = false;
  std::size_t work_weight = 0;    // what each prepared work claims to hold
  std::size_t max_in_flight = 0;  // prepared and not yet delivered, after the 300th message

 private:
  std::size_t workers_ = 0;
  std::vector<std::atomic<int>> busy_;
  std::atomic<std::size_t> prepared_{0};
  std::size_t delivered_ = 0;
};

struct Inputs {
  TempDir dir;
  std::vector<InputFile> files;
  Inputs() {
    files.push_back({dir.write("a.mbox", mbox_of(300, "a"))});
    files.push_back({(dir.path() / "missing.mbox").string()});
    files.push_back({dir.write("empty.mbox", "")});
    files.push_back({dir.write("b.eml", "Subject: b alone\n\nbody\n")});
    files.push_back({dir.write("c.mbox.gz", leakscan::test::gzip(mbox_of(150, "c")))});
  }
};

PipelineResult run_with(const Inputs& inputs, std::size_t threads, RecordingSink& sink, std::size_t depth = 0) {
  PipelineOptions options;
  options.threads = threads;
  options.queue_depth = depth;
  return run_pipeline(inputs.files, options, sink);
}

}  // namespace

TEST_CASE("the sink sees the same calls in input order at 1, 2 and 8 threads", "[pipeline]") {
  Inputs inputs;
  RecordingSink one;
  PipelineResult r1 = run_with(inputs, 1, one);
  REQUIRE(r1.messages == 452);  // the empty file is one empty message
  CHECK(r1.input_errors);
  REQUIRE(one.calls.size() == 452 + 5);
  CHECK(one.calls[0] == "message 0 a 0 a 0 3");
  CHECK(one.calls[300].rfind("input ", 0) == 0);
  CHECK(one.calls[301].find("missing.mbox 0") != std::string::npos);
  for (std::size_t threads : {2, 8}) {
    for (std::size_t depth : {0, 2, 3}) {
      RecordingSink many;
      PipelineResult r = run_with(inputs, threads, many, depth);
      INFO("threads " << threads << " depth " << depth);
      CHECK(many.calls == one.calls);
      CHECK(r.messages == r1.messages);
      CHECK(r.inputs.size() == 5);
      CHECK(r.input_errors);
      CHECK_FALSE(many.overlapped_);
    }
  }
}

TEST_CASE("messages whose work weighs much travel in smaller batches", "[pipeline]") {
  TempDir dir;
  std::vector<InputFile> files{{dir.write("many.mbox", mbox_of(600, "m"))}};
  PipelineOptions options;
  options.threads = 2;
  RecordingSink light, heavy;
  heavy.work_weight = std::size_t{1} << 30;
  run_pipeline(files, options, light);
  run_pipeline(files, options, heavy);
  CHECK(heavy.calls == light.calls);
  // A batch is delivered once all of it is prepared: light ones are 64 messages.
  CHECK(light.max_in_flight >= 64);
  // Heavy ones one message each, once the first batches told their weight.
  CHECK(heavy.max_in_flight <= 4);
}

TEST_CASE("a sink that stops ends the pipeline after that message at any thread count", "[pipeline]") {
  // The stopped input is not reported done: its digest and count are partial.
  Inputs inputs;
  for (std::size_t threads : {1, 2, 4}) {
    RecordingSink sink;
    sink.stop_after = "a 120";
    PipelineResult r = run_with(inputs, threads, sink);
    CHECK(r.stopped);
    CHECK(r.messages == 121);
    REQUIRE(sink.calls.size() == 121);
    CHECK(sink.calls.back().find("a 120") != std::string::npos);
  }
}

TEST_CASE("an exception in a worker reaches the caller in order, and the threads end", "[pipeline]") {
  Inputs inputs;
  for (std::size_t threads : {1, 2, 4}) {
    RecordingSink sink;
    sink.throw_on = "c 7";
    CHECK_THROWS_WITH(run_with(inputs, threads, sink), "prepare failed");
    // Everything before it was delivered, nothing after.
    REQUIRE(sink.calls.size() == 300 + 1 + 1 + 2 + 2 + 7);
    CHECK(sink.calls.back().find("c 6") != std::string::npos);
  }
}

TEST_CASE("no inputs, or only failing ones, end at once", "[pipeline]") {
  TempDir dir;
  for (std::size_t threads : {1, 3}) {
    RecordingSink sink;
    PipelineOptions options;
    options.threads = threads;
    PipelineResult none = run_pipeline({}, options, sink);
    CHECK(none.messages == 0);
    CHECK(sink.calls.empty());
    PipelineResult failing = run_pipeline({{(dir.path() / "nope").string()}}, options, sink);
    CHECK(failing.input_errors);
    CHECK(sink.calls.size() == 1);
  }
}

TEST_CASE("thread count 0 means one worker per core", "[pipeline]") {
  CHECK(leakscan::resolve_thread_count(0) == std::max(1u, std::thread::hardware_concurrency()));
  CHECK(leakscan::resolve_thread_count(3) == 3);
}

namespace {

// A scan on the pipeline, as the CLI runs it: ScanWorkers detect on the
// pool, Scan::add takes the detections in order. Returns one line per
// finding (with its record) and per person. With `interrupt_after`, the
// scan stops after that many messages and a second Scan takes over from
// the first one's journal, as `leakscan scan --resume` does.
std::vector<std::string> scan_on_threads(const std::vector<InputFile>& files, std::size_t threads,
                                         std::uint64_t interrupt_after = 0) {
  using namespace leakscan;
  std::string source = LEAKSCAN_SOURCE_DIR;
  Scanner scanner(
      RuleSet::load_directory(LEAKSCAN_RULES_DIR),
      load_case_file(source + "/samples/basic/case.yaml", CaseLists::load(std::string(LEAKSCAN_RULES_DIR) + "/lists")));
  struct Sink final : MessageSink {
    struct Work final : MessageWork {
      MessageDetection detection;
    };
    Sink(Scan& s, std::vector<std::string>& l) : scan(s), lines(l) {}
    void start(std::size_t workers) override {
      for (std::size_t w = 0; w < workers; ++w) scan_workers.push_back(std::make_unique<ScanWorker>(scan));
    }
    std::unique_ptr<MessageWork> make_work() override { return std::make_unique<Work>(); }
    void prepare(const Message& m, MessageWork& work, std::size_t worker) override {
      scan_workers[worker]->detect(m, static_cast<Work&>(work).detection);
    }
    bool on_message(const Message& m, MessageWork& work) override {
      MessageDetection& d = static_cast<Work&>(work).detection;
      scan.add(m, d, journal);
      for (const Finding& f : d.findings()) {
        lines.push_back(std::to_string(m.input) + " " + f.item + " " + f.value + " " + std::to_string(f.record));
      }
      return ++delivered != stop_after;
    }
    Scan& scan;
    std::vector<std::string>& lines;
    std::vector<std::unique_ptr<ScanWorker>> scan_workers;
    std::string journal;
    std::uint64_t delivered = 0, stop_after = 0;
  };
  std::vector<std::string> lines;
  PipelineOptions options;
  options.threads = threads;
  std::string journal;
  if (interrupt_after > 0) {
    Scan first(scanner);
    Sink sink(first, lines);
    sink.stop_after = interrupt_after;
    PipelineResult stopped = run_pipeline(files, options, sink);
    REQUIRE(stopped.stopped);
    journal = std::move(sink.journal);
    options.skip_messages = interrupt_after;
  }
  Scan scan(scanner);
  REQUIRE(scan.replay(journal));
  Sink sink(scan, lines);
  run_pipeline(files, options, sink);
  ScanResult result = scan.finish();
  for (const Person& p : result.persons) lines.push_back(p.id + " " + p.category + " " + p.name);
  return lines;
}

}  // namespace

TEST_CASE("a scan through ScanWorkers on 4 threads finds and resolves what one thread does", "[pipeline]") {
  // The sample twenty times over: twenty inputs, twenty batches in flight.
  std::vector<InputFile> files(20, InputFile{std::string(LEAKSCAN_SOURCE_DIR) + "/samples/basic/mailbox.mbox"});
  std::vector<std::string> one = scan_on_threads(files, 1);
  CHECK(one.size() > 100);
  CHECK(scan_on_threads(files, 4) == one);
}

TEST_CASE("a scan resumed from its journal at any message finds and resolves what one pass does", "[pipeline]") {
  std::vector<InputFile> files(3, InputFile{std::string(LEAKSCAN_SOURCE_DIR) + "/samples/basic/mailbox.mbox"});
  std::vector<std::string> whole = scan_on_threads(files, 1);
  for (std::uint64_t after : {1, 2, 5, 6, 7, 12, 17}) {  // 6 messages per input
    INFO("interrupted after " << after << " messages");
    CHECK(scan_on_threads(files, 1, after) == whole);
    CHECK(scan_on_threads(files, 3, after) == whole);
  }
}

TEST_CASE("a damaged journal is refused, never half replayed into a crash", "[pipeline]") {
  using namespace leakscan;
  Scanner scanner(RuleSet::load_directory(LEAKSCAN_RULES_DIR),
                  load_case_file(std::string(LEAKSCAN_SOURCE_DIR) + "/samples/basic/case.yaml",
                                 CaseLists::load(std::string(LEAKSCAN_RULES_DIR) + "/lists")));
  std::string journal;
  {
    Scan scan(scanner);
    MessageDetection detection;
    ScanWorker worker(scan);
    for (const Message& m :
         leakscan::test::decode_all(std::string(LEAKSCAN_SOURCE_DIR) + "/samples/basic/mailbox.mbox")) {
      worker.detect(m, detection);
      scan.add(m, detection, journal);
    }
  }
  REQUIRE(journal.size() > 100);
  {
    Scan scan(scanner);
    CHECK(scan.replay(journal));
  }
  // Every cut and a flipped byte at every position: false or a replay, no crash.
  std::size_t refused = 0;
  for (std::size_t cut = 1; cut < journal.size(); ++cut) {
    Scan scan(scanner);
    if (!scan.replay(std::string_view(journal).substr(0, cut))) ++refused;
  }
  CHECK(refused > journal.size() / 2);
  for (std::size_t at = 0; at < journal.size(); ++at) {
    std::string damaged = journal;
    damaged[at] = static_cast<char>(damaged[at] ^ 0xff);
    Scan scan(scanner);
    (void)scan.replay(damaged);
  }
}
