// leakscan scan: read every input and write the figures to --out.
#include "cli.h"

#include <libscan/error.h>
#include <libscan/report.h>
#include <libscan/rules.h>

#include <boost/program_options.hpp>

#include <cstdio>
#include <iostream>
#include <map>
#include <memory>

namespace leakscan::cli {

namespace po = boost::program_options;

namespace {

// Runs the detectors on each message and streams findings.jsonl.
class ScanSink final : public MessageSink {
 public:
  ScanSink(const std::vector<InputFile>& files, Detector& detector, OutputFile& findings, bool reveal,
           ProgressLine& progress)
      : files_(files), detector_(detector), findings_file_(findings), reveal_(reveal), progress_(progress) {}

  bool on_message(const Message& m) override {
    found_.clear();
    detector_.scan_message(m, found_);
    for (const Finding& f : found_) {
      line_ = finding_json(f, files_[m.input].path, reveal_);
      line_.push_back('\n');
      findings_file_.write(line_);
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
  Detector& detector_;
  OutputFile& findings_file_;
  bool reveal_;
  ProgressLine& progress_;
  std::vector<Finding> found_;
  std::string line_;
  std::map<std::string, std::uint64_t> per_item_;
};

void print_table(const ScanSummary& s, const std::map<std::string, std::uint64_t>& per_item, std::ostream& out) {
  char line[256];
  std::snprintf(line, sizeof line, "%-48s %12s %14s\n", "input", "messages", "bytes");
  out << line;
  for (const InputRecord& r : s.inputs) {
    std::string path = r.path.size() > 48 ? "..." + r.path.substr(r.path.size() - 45) : r.path;
    std::snprintf(line, sizeof line, "%-48s %12llu %14llu\n", path.c_str(), static_cast<unsigned long long>(r.messages),
                  static_cast<unsigned long long>(r.bytes));
    out << line;
  }
  std::snprintf(line, sizeof line, "messages: %llu total, %llu in window, %llu with defects\n",
                static_cast<unsigned long long>(s.messages_total),
                static_cast<unsigned long long>(s.messages_in_window),
                static_cast<unsigned long long>(s.messages_with_defects));
  out << line;
  out << "findings:";
  if (per_item.empty()) out << " none";
  for (const auto& [item, count] : per_item) out << " " << item << " " << count;
  out << "\n";
}

}  // namespace

int run_scan(const std::vector<std::string>& args) {
  po::options_description visible("leakscan scan [options] INPUT...");
  auto option = visible.add_options();
  option("help,h", "show this help");
  option("out", po::value<std::string>()->default_value("leakscan-out"), "output directory (created 0700)");
  option("reveal", "write found values unmasked");
  option("rules", po::value<std::string>()->default_value(""), "rule directory (default: the shipped rules)");
  option("quiet", "no progress line and no table");
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
  std::vector<InputFile> files;
  try {
    files = expand_inputs(vm["input"].as<std::vector<std::string>>());
  } catch (const InputError& e) {
    std::cerr << "leakscan scan: " << e.what() << "\n";
    return kExitInput;
  }
  std::string out_dir = vm["out"].as<std::string>();
  std::unique_ptr<RuleSet> rules;
  try {
    rules = std::make_unique<RuleSet>(RuleSet::load_directory(find_rules_directory(vm["rules"].as<std::string>())));
  } catch (const ConfigError& e) {
    std::cerr << "leakscan scan: " << e.what() << "\n";
    return kExitUsage;
  }
  Detector detector(*rules);
  ProgressLine progress(!quiet);
  std::unique_ptr<OutputFile> findings;
  try {
    findings = std::make_unique<OutputFile>(out_dir, "findings.jsonl");
  } catch (const OutputError& e) {
    std::cerr << "leakscan scan: " << e.what() << "\n";
    return kExitUsage;
  }
  ScanSink sink(files, detector, *findings, vm.count("reveal") > 0, progress);
  PipelineOptions options;
  options.progress = [&](const Progress& p) { progress.update(p); };
  PipelineResult result = run_pipeline(files, options, sink);
  progress.finish();

  ScanSummary summary;
  summary.inputs = result.inputs;
  summary.messages_total = result.messages;
  summary.messages_in_window = result.messages;  // no window without a case file yet
  summary.messages_with_defects = result.messages_with_defects;
  try {
    findings->commit();
    write_output_file(out_dir, "summary.json", summary_json(summary));
  } catch (const OutputError& e) {
    std::cerr << "leakscan scan: " << e.what() << "\n";
    return kExitUsage;
  }
  if (!quiet) print_table(summary, sink.per_item(), std::cout);
  return result.input_errors ? kExitInput : kExitOk;
}

}  // namespace leakscan::cli
