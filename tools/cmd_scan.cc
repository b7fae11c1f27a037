// leakscan scan: read every input, find the persons and write the figures
// and the evidence to --out.
#include "cli.h"

#include <libscan/case.h>
#include <libscan/checkpoint.h>
#include <libscan/error.h>
#include <libscan/provenance.h>
#include <libscan/report.h>
#include <libscan/rules.h>
#include <libscan/scanner.h>
#include <libscan/version.h>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <csignal>
#include <cstdlib>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>

namespace leakscan::cli {

namespace po = boost::program_options;

namespace {

// Where LEAKSCAN_TEST_CRASH asks the scan to die by SIGKILL, for the tests
// of --resume: "message:N" (once N messages are delivered), "mark:N"
// (during the N-th checkpoint, between making the journal durable and
// writing its mark), "output:NAME" (once the output NAME is written).
class CrashPoint {
 public:
  CrashPoint() {
    const char* spec = std::getenv("LEAKSCAN_TEST_CRASH");
    if (spec == nullptr) return;
    std::string text = spec;
    std::size_t colon = text.find(':');
    if (colon == std::string::npos) return;
    stage_ = text.substr(0, colon);
    what_ = text.substr(colon + 1);
  }
  void at(const std::string& stage, const std::string& what) const {
    if (stage == stage_ && what == what_) std::raise(SIGKILL);
  }

 private:
  std::string stage_, what_;
};

// Detects on the pipeline's workers, then, in input order, attributes the
// findings to records and spools them until persons are known; with a
// checkpoint, journals each message and marks the progress now and then.
class ScanSink final : public MessageSink {
 public:
  ScanSink(const std::vector<InputFile>& files, Scan& scan, FindingsSpool& spool, bool reveal, ProgressLine& progress)
      : files_(files), scan_(scan), spool_(spool), reveal_(reveal), progress_(progress) {}

  // Checkpoints every `every` messages, or every 30 s when `every` is 0.
  void set_checkpoint(ScanCheckpoint* checkpoint, std::uint64_t every, const CrashPoint* crash) {
    checkpoint_ = checkpoint;
    every_ = every;
    crash_ = crash;
    delivered_ = checkpoint->mark().messages;
    with_defects_ = checkpoint->mark().messages_with_defects;
    last_mark_ = std::chrono::steady_clock::now();
  }

  void start(std::size_t workers) override {
    workers_.clear();
    for (std::size_t w = 0; w < workers; ++w) workers_.push_back(std::make_unique<ScanWorker>(scan_));
  }

  std::unique_ptr<MessageWork> make_work() override { return std::make_unique<Detected>(); }

  void prepare(const Message& m, MessageWork& work, std::size_t worker) override {
    auto& detected = static_cast<Detected&>(work);
    workers_[worker]->detect(m, detected.detection);
    detected.json.clear();
    for (const Finding& f : detected.detection.findings())
      detected.json.push_back(finding_json(f, files_[m.input].path, reveal_));
  }

  bool on_message(const Message& m, MessageWork& work) override {
    auto& detected = static_cast<Detected&>(work);
    bool in_window = checkpoint_ != nullptr ? scan_.add(m, detected.detection, checkpoint_->journal_buffer())
                                            : scan_.add(m, detected.detection);
    if (in_window) {
      const std::vector<Finding>& findings = detected.detection.findings();
      for (std::size_t i = 0; i < findings.size(); ++i) {
        spool_.add(findings[i].record, detected.json[i]);
        ++per_item_[findings[i].item];
      }
    }
    if (checkpoint_ != nullptr) {
      checkpoint_->journal_appended();
      ++delivered_;
      if (!m.defects.empty()) ++with_defects_;
      if (every_ != 0 ? delivered_ % every_ == 0
                      : std::chrono::steady_clock::now() - last_mark_ >= std::chrono::seconds(30)) {
        mark();
      }
      crash_->at("message", std::to_string(delivered_));
    }
    return true;
  }

  // The checkpoint after the last message, so that a scan killed while
  // writing its outputs resumes without reading anything again.
  void mark() {
    checkpoint_->make_durable();
    crash_->at("mark", std::to_string(++marks_));
    checkpoint_->write_mark(delivered_, with_defects_);
    last_mark_ = std::chrono::steady_clock::now();
  }

  void on_input_done(const InputRecord& r) override {
    if (!r.error.empty()) {
      progress_.finish();
      std::cerr << "leakscan scan: " << r.error << "\n";
    }
  }

  std::map<std::string, std::uint64_t>& per_item() { return per_item_; }

 private:
  struct Detected final : MessageWork {
    MessageDetection detection;
    std::vector<std::string> json;  // per finding, formatted on the worker
    std::size_t weight() const override {
      std::size_t bytes = detection.memory_bytes() + json.capacity() * sizeof(std::string);
      for (const std::string& j : json) bytes += j.capacity();
      return bytes;
    }
  };

  const std::vector<InputFile>& files_;
  Scan& scan_;
  FindingsSpool& spool_;
  bool reveal_;
  ProgressLine& progress_;
  std::vector<std::unique_ptr<ScanWorker>> workers_;
  std::map<std::string, std::uint64_t> per_item_;
  ScanCheckpoint* checkpoint_ = nullptr;
  const CrashPoint* crash_ = nullptr;
  std::uint64_t every_ = 0, delivered_ = 0, with_defects_ = 0, marks_ = 0;
  std::chrono::steady_clock::time_point last_mark_;
};

// What a checkpoint may be resumed by: the same tool, inputs (as they
// were: size and modification time), rules, case and options.
std::string scan_fingerprint(const std::vector<InputFile>& files, const std::string& rules_sha256,
                             const std::string& case_sha256, const ScanOptions& scan_options,
                             const po::variables_map& vm) {
  nlohmann::ordered_json j;
  j["version"] = kVersion;
  nlohmann::ordered_json inputs = nlohmann::ordered_json::array();
  for (const InputFile& f : files) {
    struct stat st {};
    bool known = ::stat(f.path.c_str(), &st) == 0;
    inputs.push_back(
        {{"path", f.path},
         {"bytes", known ? static_cast<std::int64_t>(st.st_size) : -1},
         {"mtime_ns", known ? static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec : -1}});
  }
  j["inputs"] = inputs;
  j["rules_sha256"] = rules_sha256;
  j["case_sha256"] = case_sha256;
  j["since"] = scan_options.since.value_or("");
  j["until"] = scan_options.until.value_or("");
  j["reveal"] = vm.count("reveal") > 0;
  j["attachments"] = vm.count("no-attachments") == 0;
  j["ocr"] = vm.count("ocr") > 0;
  return j.dump();
}

void print_table(const ScanSummary& s, const ScanResult& r, const std::map<std::string, std::uint64_t>& per_item,
                 std::ostream& out) {
  char line[512];
  auto count = [](std::uint64_t n) { return static_cast<unsigned long long>(n); };
  std::snprintf(line, sizeof line, "messages: %llu total, %llu in window, %llu with defects\n", count(s.messages_total),
                count(s.messages_in_window), count(s.messages_with_defects));
  out << line;
  out << "findings:";
  if (per_item.empty()) out << " none";
  for (const auto& [item, n] : per_item) out << " " << item << " " << n;
  out << "\n\n";
  std::snprintf(line, sizeof line, "%-10s %8s  %s\n", "category", "persons", "label");
  out << line;
  for (const CategoryCount& c : r.categories) {
    std::snprintf(line, sizeof line, "%-10s %8llu  %s\n", c.id.c_str(), count(c.persons), c.label.c_str());
    out << line;
  }
  std::snprintf(line, sizeof line, "%-10s %8llu\n", "total", count(r.persons_total));
  out << line;
  std::snprintf(line, sizeof line, "%-10s %8llu  (staff of internal domains, not in the total)\n", "internal",
                count(r.internal.persons));
  out << line;
  std::snprintf(line, sizeof line, "%-10s %8llu  (individuals whose My Number appears)\n", "my_number",
                count(r.specific_personal_information));
  out << line;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Stages run on several threads count the seconds of each.
void print_stats(const PipelineResult& p, std::size_t workers, double resolve, double write, std::ostream& out) {
  char line[256];
  std::uint64_t bytes = 0;
  for (const InputRecord& r : p.inputs) bytes += r.bytes;
  double wall = p.times.wall + resolve + write;
  std::snprintf(line, sizeof line,
                "stats: %.1f MB, %llu messages in %.2f s: %.1f MB/s, %.0f messages/s, %zu worker%s\n",
                static_cast<double>(bytes) / 1e6, static_cast<unsigned long long>(p.messages), wall,
                wall > 0 ? static_cast<double>(bytes) / 1e6 / wall : 0.0,
                wall > 0 ? static_cast<double>(p.messages) / wall : 0.0, workers, workers == 1 ? "" : "s");
  out << line;
  auto row = [&](const char* stage, double seconds, const char* what) {
    std::snprintf(line, sizeof line, "  %-8s %9.2f s  %s\n", stage, seconds, what);
    out << line;
  };
  row("read", p.times.read, "split inputs into messages, SHA-256 (reader thread)");
  row("decode", p.times.decode, "MIME parse, transfer and charset decoding, HTML (all workers)");
  row("extract", p.times.extract, "attachments: office, PDF, archives, pictures (all workers)");
  row("detect", p.times.prepare, "rules, record drafts, case keywords (all workers)");
  row("record", p.times.deliver, "records and findings spool, in input order");
  row("resolve", resolve, "persons and categories");
  row("write", write, "summary, persons, findings, report");
}

std::optional<std::string> date_option(const po::variables_map& vm, const char* name) {
  if (!vm.count(name)) return std::nullopt;
  std::string text = vm[name].as<std::string>();
  std::optional<std::string> date = parse_case_date(text);
  if (!date) throw ConfigError(std::string("--") + name + ": '" + text + "' is not a date YYYY-MM-DD");
  return date;
}

std::string slurp(const std::string& path) {
  std::optional<std::string> bytes = read_small_file(path);
  if (!bytes) throw ConfigError(path + ":0: file: cannot be read (not a readable regular file)");
  return std::move(*bytes);
}

}  // namespace

int run_scan(const std::vector<std::string>& args) {
  po::options_description visible("leakscan scan [options] INPUT...");
  auto option = visible.add_options();
  option("help,h", "show this help");
  option("case", po::value<std::string>(), "case file (default: the shipped template, rules/case/default.yaml)");
  option("out", po::value<std::string>()->default_value("leakscan-out"), "output directory (created 0700)");
  option("since", po::value<std::string>(), "only messages dated on or after YYYY-MM-DD (overrides the case)");
  option("until", po::value<std::string>(), "only messages dated on or before YYYY-MM-DD (overrides the case)");
  option("reveal", "write found values unmasked");
  option("expect", po::value<std::string>(), "compare the figures with an earlier summary.json; exit 1 if they differ");
  option("rules", po::value<std::string>()->default_value(""), "rule directory (default: the shipped rules)");
  option("quiet", "no progress line and no table");
  option("no-attachments", "read message bodies only; attachments are sized, not read (triage, benchmarks)");
  option("threads", po::value<std::size_t>()->default_value(0),
         "workers that decode and detect (0: one per core); outputs are the same at any count");
  option("stats", "print on stderr where the time went (read, decode, extract, detect, record, resolve, write)");
  option("ocr", "recognize the text of scanned pictures and PDF pages, and passports' machine-readable zones");
  option("resume", "go on from the checkpoint an interrupted scan left in --out (same inputs, case and options)");
  option("checkpoint-every", po::value<std::uint64_t>()->default_value(0),
         "messages between checkpoints (0: a checkpoint every 30 seconds)");
  po::options_description all;
  all.add(visible).add_options()("input", po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add("input", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "leakscan scan: " << e.what() << "\n" << visible;
    return kExitUsage;
  }
  if (vm.count("help")) {
    std::cout << visible;
    return kExitOk;
  }
  if (!vm.count("input")) {
    std::cerr << "leakscan scan: no INPUT given\n" << visible;
    return kExitUsage;
  }
  bool quiet = vm.count("quiet") > 0;
  bool reveal = vm.count("reveal") > 0;
  std::string out_dir = vm["out"].as<std::string>();
  std::unique_ptr<Scanner> scanner;
  ScanOptions scan_options;
  std::string expected;
  std::string rules_sha256, case_sha256;
  try {
    std::string rules_dir = find_rules_directory(vm["rules"].as<std::string>());
    RuleSet rules = RuleSet::load_directory(rules_dir);
    CaseLists lists = CaseLists::load(rules_dir + "/lists");
    std::string case_path = vm.count("case") ? vm["case"].as<std::string>() : rules_dir + "/case/default.yaml";
    scanner = std::make_unique<Scanner>(std::move(rules), load_case_file(case_path, lists));
    rules_sha256 = directory_sha256(rules_dir);
    case_sha256 = file_sha256(case_path);
    scan_options.since = date_option(vm, "since");
    scan_options.until = date_option(vm, "until");
    if (vm.count("expect")) {
      expected = slurp(vm["expect"].as<std::string>());
      compare_summaries(expected, expected, vm["expect"].as<std::string>());  // refuses what is not a summary
    }
  } catch (const ConfigError& e) {
    std::cerr << "leakscan scan: " << e.what() << "\n";
    return kExitUsage;
  } catch (const InputError& e) {  // a rule or case file vanished after loading
    std::cerr << "leakscan scan: " << e.what() << "\n";
    return kExitUsage;
  }
  std::vector<InputFile> files;
  try {
    files = expand_inputs(vm["input"].as<std::vector<std::string>>());
  } catch (const InputError& e) {
    std::cerr << "leakscan scan: " << e.what() << "\n";
    return kExitInput;
  }
  if (reveal) std::cerr << "leakscan scan: --reveal: the outputs in " << out_dir << " hold personal data unmasked\n";

  // Standard input cannot be read again, so a scan of it cannot resume.
  bool checkpointed = std::none_of(files.begin(), files.end(), [](const InputFile& f) { return f.path == "-"; });
  if (vm.count("resume") && !checkpointed) {
    std::cerr << "leakscan scan: --resume: standard input cannot be read again\n";
    return kExitUsage;
  }
  std::unique_ptr<Scan> own_scan;
  ProgressLine progress(!quiet);
  CrashPoint crash;
  std::unique_ptr<ScanCheckpoint> checkpoint;
  std::unique_ptr<FindingsSpool> own_spool;
  try {
    unsigned mode = make_output_directory(out_dir);
    if ((mode & 077) != 0) {
      std::fprintf(stderr, "leakscan scan: warning: %s is open to other users (mode %04o); its files are 0600\n",
                   out_dir.c_str(), mode);
    }
    remove_stale_temporaries(out_dir, {"summary.json", "persons.csv", "persons.jsonl", "findings.jsonl", "report.md"});
    scan_options.work_directory = out_dir;
    own_scan = std::make_unique<Scan>(*scanner, scan_options);
    if (checkpointed) {
      checkpoint = std::make_unique<ScanCheckpoint>(
          out_dir, scan_fingerprint(files, rules_sha256, case_sha256, scan_options, vm), vm.count("resume") > 0);
    } else {
      own_spool = std::make_unique<FindingsSpool>(out_dir);
    }
  } catch (const OutputError& e) {
    std::cerr << "leakscan scan: " << e.what() << "\n";
    return kExitUsage;
  } catch (const ConfigError& e) {
    std::cerr << "leakscan scan: --resume: " << e.what() << "\n";
    return kExitUsage;
  }
  Scan& scan = *own_scan;
  FindingsSpool& spool = checkpoint ? checkpoint->spool() : *own_spool;
  ScanSink sink(files, scan, spool, reveal, progress);
  PipelineOptions options;
  options.decode.extract_attachments = vm.count("no-attachments") == 0;
  if (vm.count("ocr")) {
    options.decode.ocr = true;
    // Refused before any input is read rather than one defect per scan.
    if (std::string why = picture_support(options.decode).ocr_missing; !why.empty()) {
      std::cerr << "leakscan scan: --ocr: " << why << "\n";
      return kExitUsage;
    }
  }
  options.threads = vm["threads"].as<std::size_t>();
  options.progress = [&](const Progress& p) { progress.update(p); };
  if (checkpoint) {
    if (checkpoint->resumed()) {
      if (!scan.replay(checkpoint->journal(), [&](const std::string& item) { ++sink.per_item()[item]; })) {
        std::cerr << "leakscan scan: --resume: the checkpoint's journal in " << out_dir
                  << " is damaged; scan again without --resume\n";
        return kExitUsage;
      }
      checkpoint->release_journal();
      options.skip_messages = checkpoint->mark().messages;
      options.skipped_with_defects = checkpoint->mark().messages_with_defects;
      if (!quiet) {
        std::cerr << "leakscan scan: resuming after " << options.skip_messages
                  << " messages (read again, not scanned)\n";
      }
    } else if (vm.count("resume") && !quiet) {
      std::cerr << "leakscan scan: --resume: no checkpoint in " << out_dir << "; scanning from the start\n";
    }
    sink.set_checkpoint(checkpoint.get(), vm["checkpoint-every"].as<std::uint64_t>(), &crash);
  }
  PipelineResult pipeline = run_pipeline(files, options, sink);
  progress.finish();
  try {
    if (checkpoint) sink.mark();
  } catch (const OutputError& e) {
    std::cerr << "leakscan scan: " << e.what() << "\n";
    return kExitUsage;
  }
  auto resolve_start = std::chrono::steady_clock::now();
  ScanResult result = scan.finish();
  double resolve_seconds = seconds_since(resolve_start);

  ScanSummary summary;
  summary.case_name = scanner->case_definition().name;
  summary.rules_sha256 = rules_sha256;
  summary.case_sha256 = case_sha256;
  summary.inputs = pipeline.inputs;
  summary.messages_total = pipeline.messages;
  summary.messages_in_window = result.messages_in_window;
  summary.messages_with_defects = pipeline.messages_with_defects;
  summary.result = &result;
  std::vector<std::string> input_paths;
  input_paths.reserve(files.size());
  for (const InputFile& f : files) input_paths.push_back(f.path);
  auto write_start = std::chrono::steady_clock::now();
  std::string summary_text = summary_json(summary);
  try {
    spool.write_findings(result);
    crash.at("output", "findings.jsonl");
    write_output_file(out_dir, "persons.csv", persons_csv(result, reveal));
    crash.at("output", "persons.csv");
    OutputFile persons(out_dir, "persons.jsonl");
    write_persons_jsonl(result, input_paths, reveal, persons);
    persons.commit();
    crash.at("output", "persons.jsonl");
    write_output_file(out_dir, "report.md", report_markdown(summary, result));
    crash.at("output", "report.md");
    write_output_file(out_dir, "summary.json", summary_text);
    crash.at("output", "summary.json");
    if (checkpoint) checkpoint->remove();
  } catch (const OutputError& e) {
    std::cerr << "leakscan scan: " << e.what() << "\n";
    return kExitUsage;
  }
  if (vm.count("stats")) {
    print_stats(pipeline, resolve_thread_count(options.threads), resolve_seconds, seconds_since(write_start),
                std::cerr);
  }
  if (!quiet) print_table(summary, result, sink.per_item(), std::cout);
  if (pipeline.input_errors) return kExitInput;
  if (vm.count("expect")) {
    std::vector<std::string> differences;
    try {
      differences = compare_summaries(expected, summary_text, vm["expect"].as<std::string>());
    } catch (const ConfigError& e) {
      std::cerr << "leakscan scan: " << e.what() << "\n";
      return kExitUsage;
    }
    if (!differences.empty()) {
      std::cerr << "leakscan scan: the figures differ from " << vm["expect"].as<std::string>() << ":\n";
      for (const std::string& d : differences) std::cerr << "  " << d << "\n";
      return kExitFiguresDiffer;
    }
  }
  return kExitOk;
}

}  // namespace leakscan::cli
