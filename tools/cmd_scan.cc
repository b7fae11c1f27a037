// leakscan scan: read every input, find the persons and write the figures
// and the evidence to --out.
#include "cli.h"

#include <libscan/case.h>
#include <libscan/error.h>
#include <libscan/report.h>
#include <libscan/rules.h>
#include <libscan/scanner.h>

#include <boost/program_options.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>

namespace leakscan::cli {

namespace po = boost::program_options;

namespace {

// Scans each message and spools its findings until persons are known.
class ScanSink final : public MessageSink {
 public:
  ScanSink(const std::vector<InputFile>& files, Scan& scan, FindingsSpool& spool, bool reveal, ProgressLine& progress)
      : files_(files), scan_(scan), spool_(spool), reveal_(reveal), progress_(progress) {}

  bool on_message(const Message& m) override {
    if (!scan_.add(m, found_)) return true;
    for (const Finding& f : found_) {
      spool_.add(f, files_[m.input].path, reveal_);
      ++per_item_[f.item];
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
  const std::vector<InputFile>& files_;
  Scan& scan_;
  FindingsSpool& spool_;
  bool reveal_;
  ProgressLine& progress_;
  std::vector<Finding> found_;
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
  try {
    std::string rules_dir = find_rules_directory(vm["rules"].as<std::string>());
    RuleSet rules = RuleSet::load_directory(rules_dir);
    CaseLists lists = CaseLists::load(rules_dir + "/lists");
    std::string case_path = vm.count("case") ? vm["case"].as<std::string>() : rules_dir + "/case/default.yaml";
    scanner = std::make_unique<Scanner>(std::move(rules), load_case_file(case_path, lists));
    scan_options.since = date_option(vm, "since");
    scan_options.until = date_option(vm, "until");
    if (vm.count("expect")) {
      expected = slurp(vm["expect"].as<std::string>());
      compare_summaries(expected, expected, vm["expect"].as<std::string>());  // refuses what is not a summary
    }
  } catch (const ConfigError& e) {
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
  options.progress = [&](const Progress& p) { progress.update(p); };
  PipelineResult pipeline = run_pipeline(files, options, sink);
  progress.finish();
  ScanResult result = scan.finish();

  ScanSummary summary;
  summary.case_name = scanner->case_definition().name;
  summary.inputs = pipeline.inputs;
  summary.messages_total = pipeline.messages;
  summary.messages_in_window = result.messages_in_window;
  summary.messages_with_defects = pipeline.messages_with_defects;
  summary.result = &result;
  std::vector<std::string> input_paths;
  input_paths.reserve(files.size());
  for (const InputFile& f : files) input_paths.push_back(f.path);
  std::string summary_text = summary_json(summary);
  try {
    spool->write_findings(result);
    write_output_file(out_dir, "persons.csv", persons_csv(result, reveal));
    write_output_file(out_dir, "persons.jsonl", persons_jsonl(result, input_paths, reveal));
    write_output_file(out_dir, "report.md", report_markdown(summary, result));
    write_output_file(out_dir, "summary.json", summary_text);
  } catch (const OutputError& e) {
    std::cerr << "leakscan scan: " << e.what() << "\n";
    return kExitUsage;
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
