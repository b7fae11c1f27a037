// leakscan dump: the analyst's view of what was read, one JSON line per
// message.
#include "cli.h"

#include <libscan/error.h>
#include <libscan/report.h>
#include <libscan/rules.h>

#include <boost/program_options.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

namespace leakscan::cli {

namespace po = boost::program_options;

namespace {

class DumpSink final : public MessageSink {
 public:
  DumpSink(const std::vector<InputFile>& files, bool text, Detector* detector, bool reveal)
      : files_(files), text_(text), detector_(detector), reveal_(reveal) {}
  bool on_message(const Message& m, MessageWork& /*work*/) override {
    findings_.clear();
    if (detector_ != nullptr) detector_->scan_message(m, findings_);
    std::string line =
        message_json(m, files_[m.input].path, text_, detector_ != nullptr ? &findings_ : nullptr, reveal_);
    line.push_back('\n');
    return std::fwrite(line.data(), 1, line.size(), stdout) == line.size();
  }

 private:
  const std::vector<InputFile>& files_;
  bool text_;
  Detector* detector_;
  bool reveal_;
  std::vector<Finding> findings_;
};

}  // namespace

int run_dump(const std::vector<std::string>& args) {
  po::options_description visible("leakscan dump [options] INPUT...");
  auto option = visible.add_options();
  option("help,h", "show this help");
  option("text", "include each part's decoded text");
  option("html-source", "show text/html parts as decoded HTML source instead of rendered text");
  option("findings", "include the findings in each message");
  option("reveal", "show found values unmasked");
  option("ocr", "recognize the text of scanned pictures and PDF pages (as scan --ocr)");
  option("rules", po::value<std::string>()->default_value(""), "rule directory (default: the shipped rules)");
  po::options_description all;
  all.add(visible).add_options()("input", po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add("input", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "leakscan dump: " << e.what() << "\n" << visible;
    return kExitUsage;
  }
  if (vm.count("help")) {
    std::cout << visible;
    return kExitOk;
  }
  if (!vm.count("input")) {
    std::cerr << "leakscan dump: no INPUT given\n" << visible;
    return kExitUsage;
  }
  std::vector<InputFile> files;
  try {
    files = expand_inputs(vm["input"].as<std::vector<std::string>>());
  } catch (const InputError& e) {
    std::cerr << "leakscan dump: " << e.what() << "\n";
    return kExitInput;
  }
  std::unique_ptr<RuleSet> rules;
  std::unique_ptr<Detector> detector;
  if (vm.count("findings")) {
    try {
      rules = std::make_unique<RuleSet>(RuleSet::load_directory(find_rules_directory(vm["rules"].as<std::string>())));
    } catch (const ConfigError& e) {
      std::cerr << "leakscan dump: " << e.what() << "\n";
      return kExitUsage;
    }
    detector = std::make_unique<Detector>(*rules);
  }
  DumpSink sink(files, vm.count("text") > 0, detector.get(), vm.count("reveal") > 0);
  PipelineOptions options;
  options.decode.render_html = vm.count("html-source") == 0;
  options.decode.ocr = vm.count("ocr") != 0;
  PipelineResult result = run_pipeline(files, options, sink);
  std::fflush(stdout);
  for (const InputRecord& r : result.inputs) {
    if (!r.error.empty()) std::cerr << "leakscan dump: " << r.error << "\n";
  }
  return result.input_errors ? kExitInput : kExitOk;
}

}  // namespace leakscan::cli
