// leakscan verify: are the inputs a finished scan names still the bytes it
// scanned?
#include "cli.h"

#include <libscan/error.h>
#include <libscan/provenance.h>

#include <boost/program_options.hpp>

#include <fstream>
#include <iostream>

namespace leakscan::cli {

namespace po = boost::program_options;

int run_verify(const std::vector<std::string>& args) {
  po::options_description visible("leakscan verify --out DIR");
  auto option = visible.add_options();
  option("help,h", "show this help");
  option("out", po::value<std::string>(), "output directory of a finished scan (its summary.json)");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(visible).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "leakscan verify: " << e.what() << "\n" << visible;
    return kExitUsage;
  }
  if (vm.count("help")) {
    std::cout << visible
              << "Re-hashes every input the scan's summary.json names (relative paths from the\n"
                 "current directory). Exit 0 when all are the bytes scanned, 1 when any differs or\n"
                 "cannot be verified, 3 when any cannot be read, 2 without a summary.json.\n";
    return kExitOk;
  }
  if (!vm.count("out")) {
    std::cerr << "leakscan verify: --out DIR is required\n" << visible;
    return kExitUsage;
  }
  std::string path = vm["out"].as<std::string>() + "/summary.json";
  std::optional<std::string> summary = read_small_file(path);
  if (!summary) {
    std::cerr << "leakscan verify: " << path << ": cannot be read (not a readable regular file)\n";
    return kExitUsage;
  }
  std::vector<InputCheck> checks;
  try {
    checks = verify_inputs(*summary);
  } catch (const ConfigError& e) {
    std::cerr << "leakscan verify: " << path << ": " << e.what() << "\n";
    return kExitUsage;
  }
  bool differ = false, unreadable = false;
  for (const InputCheck& c : checks) {
    switch (c.verdict) {
      case InputCheck::Verdict::kSame:
        std::cout << "same        " << c.path << "  sha256 " << c.actual_sha256 << ", " << c.actual_bytes << " bytes\n";
        break;
      case InputCheck::Verdict::kChanged:
        differ = true;
        std::cout << "CHANGED     " << c.path << "  sha256 " << c.actual_sha256 << ", " << c.actual_bytes
                  << " bytes; scanned: " << c.expected_sha256 << ", " << c.expected_bytes << " bytes\n";
        break;
      case InputCheck::Verdict::kUnreadable:
        unreadable = true;
        std::cout << "UNREADABLE  " << c.path << "  " << c.error << "\n";
        break;
      case InputCheck::Verdict::kNotVerifiable:
        differ = true;
        std::cout << "UNVERIFIED  " << c.path << "  " << c.error << "\n";
        break;
    }
  }
  std::cout << checks.size() << " input" << (checks.size() == 1 ? "" : "s") << ": "
            << (unreadable ? "some cannot be read"
                : differ   ? "some differ from what was scanned"
                           : "all are the bytes scanned")
            << "\n";
  if (unreadable) return kExitInput;
  return differ ? kExitFiguresDiffer : kExitOk;
}

}  // namespace leakscan::cli
