// leakscan scan: read every input, find the persons and write the figures
// and the evidence to --out.
#include "cli.h"

#include <libscan/case.h>
#include <libscan/error.h>
#include <libscan/provenance.h>
#include <libscan/report.h>
#include <libscan/rules.h>
#include <libscan/scanner.h>

#include <boost/program_options.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>

namespace leakscan::cli {

namespace po = boost::program_options;

namespace {

// Detects on the pipeline's workers, then, in input order, attributes the
// findings to records and spools them until persons are known.
class ScanSink final : public MessageSink {
 public:
  ScanSink(const std::vector<InputFile>& files, Scan& scan, FindingsSpool& spool, bool reveal, ProgressLine& progress)
      : files_(files), scan_(scan), spool_(spool), reveal_(reveal), progress_(progress) {}

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
    if (!scan_.add(m, detected.detection)) return true;
    const std::vector<Finding>& findings = detected.detection.findings();
    for (std::size_t i = 0; i < findings.size(); ++i) {
      spool_.add(findings[i].record, detected.json[i]);
      ++per_item_[findings[i].item];
    }
    return true;
  }

  void on_input_done(const InputRecord& r) override {
    if (!r.error.empty()) {
      progress_.finish();
      std::cerr << "leakscan scan: " << r.error << "\n";
    }
  }

  const std::map<std::string, std::uint64_t>& per_item() const { return per_item_; }

 private:
  struct Detected final : MessageWork {
    MessageDetection detection;
    std::vector<std::string> json;  // per finding, formatted on the worker
  };

  const std::vector<InputFile>& files_;
  Scan& scan_;
  FindingsSpool& spool_;
  bool reveal_;
  ProgressLine& progress_;
  std::vector<std::unique_ptr<ScanWorker>> workers_;
  std::map<std::string, std::uint64_t> per_item_;
};

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
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path + ":0: file: cannot be read");
  return std::string(std::istreambuf_iterator<char>(in), {});
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

  Scan scan(*scanner, scan_options);
  ProgressLine progress(!quiet);
  std::unique_ptr<FindingsSpool> spool;
  try {
    unsigned mode = make_output_directory(out_dir);
    if ((mode & 077) != 0) {
      std::fprintf(stderr, "leakscan scan: warning: %s is open to other users (mode %04o); its files are 0600\n",
                   out_dir.c_str(), mode);
    }
    spool = std::make_unique<FindingsSpool>(out_dir);
  } catch (const OutputError& e) {
    std::cerr << "leakscan scan: " << e.what() << "\n";
    return kExitUsage;
  }
  ScanSink sink(files, scan, *spool, reveal, progress);
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
  PipelineResult pipeline = run_pipeline(files, options, sink);
  progress.finish();
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
    spool->write_findings(result);
    write_output_file(out_dir, "persons.csv", persons_csv(result, reveal));
    OutputFile persons(out_dir, "persons.jsonl");
    write_persons_jsonl(result, input_paths, reveal, persons);
    persons.commit();
    write_output_file(out_dir, "report.md", report_markdown(summary, result));
    write_output_file(out_dir, "summary.json", summary_text);
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
