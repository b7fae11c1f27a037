// leakscan scan: read every input and write the figures to --out.
#include "cli.h"

#include <libscan/error.h>
#include <libscan/report.h>

#include <boost/program_options.hpp>

#include <cstdio>
#include <iostream>

namespace leakscan::cli {

namespace po = boost::program_options;

namespace {

class CountingSink final : public MessageSink {
 public:
  explicit CountingSink(ProgressLine& progress) : progress_(progress) {}
  bool on_message(const Message&) override { return true; }
  void on_input_done(const InputRecord& r) override {
    if (!r.error.empty()) {
      progress_.finish();
      std::cerr << "leakscan scan: " << r.error << "\n";
    }
  }

 private:
  ProgressLine& progress_;
};

void print_table(const ScanSummary& s, std::ostream& out) {
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
}

}  // namespace

int run_scan(const std::vector<std::string>& args) {
  po::options_description visible("leakscan scan [options] INPUT...");
  visible.add_options()("help,h", "show this help")("out", po::value<std::string>()->default_value("leakscan-out"),
                                                    "output directory (created 0700)")("quiet",
                                                                                       "no progress line and no table");
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
  ProgressLine progress(!quiet);
  CountingSink sink(progress);
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
    write_output_file(vm["out"].as<std::string>(), "summary.json", summary_json(summary));
  } catch (const OutputError& e) {
    std::cerr << "leakscan scan: " << e.what() << "\n";
    return kExitUsage;
  }
  if (!quiet) print_table(summary, std::cout);
  return result.input_errors ? kExitInput : kExitOk;
}

}  // namespace leakscan::cli
