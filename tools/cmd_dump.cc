// leakscan dump: the analyst's view of what was read, one JSON line per
// message.
#include "cli.h"

#include <libscan/error.h>
#include <libscan/report.h>

#include <boost/program_options.hpp>

#include <cstdio>
#include <iostream>

namespace leakscan::cli {

namespace po = boost::program_options;

namespace {

class DumpSink final : public MessageSink {
 public:
  DumpSink(const std::vector<InputFile>& files, bool text) : files_(files), text_(text) {}
  bool on_message(const Message& m) override {
    std::string line = message_json(m, files_[m.input].path, text_);
    line.push_back('\n');
    return std::fwrite(line.data(), 1, line.size(), stdout) == line.size();
  }

 private:
  const std::vector<InputFile>& files_;
  bool text_;
};

}  // namespace

int run_dump(const std::vector<std::string>& args) {
  po::options_description visible("leakscan dump [--text] INPUT...");
  visible.add_options()("help,h", "show this help")("text", "include each part's decoded text")(
      "html-source", "show text/html parts as decoded HTML source instead of rendered text");
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
  DumpSink sink(files, vm.count("text") > 0);
  PipelineOptions options;
  options.decode.render_html = vm.count("html-source") == 0;
  PipelineResult result = run_pipeline(files, options, sink);
  std::fflush(stdout);
  for (const InputRecord& r : result.inputs) {
    if (!r.error.empty()) std::cerr << "leakscan dump: " << r.error << "\n";
  }
  return result.input_errors ? kExitInput : kExitOk;
}

}  // namespace leakscan::cli
