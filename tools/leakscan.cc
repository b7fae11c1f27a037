// leakscan: find the personal information in a leaked mailbox.
#include "cli.h"

#include <libscan/decoder.h>
#include <libscan/version.h>

#include <cstdio>
#include <cstring>
#include <string>

#ifdef LEAKSCAN_HAVE_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

namespace {

// Which malloc this binary runs on (a figure of its speed, see
// cmake/Dependencies.cmake).
std::string allocator_name() {
#ifdef LEAKSCAN_HAVE_JEMALLOC
  const char* version = nullptr;
  std::size_t length = sizeof version;
  if (mallctl("version", static_cast<void*>(&version), &length, nullptr, 0) == 0 && version != nullptr) {
    return std::string("jemalloc ") + version;
  }
  return "jemalloc";
#else
  return "glibc malloc";
#endif
}

constexpr const char* kUsage =
    "usage: leakscan scan [--case FILE] [--out DIR] [--since D] [--until D] [--reveal]\n"
    "                     [--expect summary.json] [--rules DIR] [--threads N] [--resume]\n"
    "                     [--ocr] [--stats] [--quiet] INPUT...\n"
    "       leakscan dump [--text] [--html-source] [--findings] [--reveal] [--rules DIR] INPUT...\n"
    "       leakscan verify --out DIR\n"
    "       leakscan --help | --version\n"
    "\n"
    "INPUT is an mbox (also gzip-compressed), an .eml file, a directory of\n"
    ".eml files, a Maildir, or - for an mbox on standard input.\n"
    "\n"
    "  scan   read, decode and scan every message, resolve the persons and place\n"
    "         them in the case's categories; write summary.json, persons.csv,\n"
    "         persons.jsonl, findings.jsonl and report.md to DIR (personal data\n"
    "         masked unless --reveal)\n"
    "  dump   print what was read, one JSON object per message\n"
    "  verify re-hash the inputs a finished scan in DIR names: are they the bytes\n"
    "         that were scanned?\n"
    "\n"
    "Exit codes: 0 done, 1 figures differ from --expect, 2 bad usage or case file,\n"
    "3 an input could not be read.\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace leakscan::cli;
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (command == "--version") {
    std::printf("leakscan %s\n", leakscan::kVersion);
    leakscan::PictureSupport pictures = leakscan::picture_support({});
    std::printf("face detection: %s\nOCR: %s\nHEIF: %s\n",
                pictures.faces_missing.empty() ? "yes (OpenCV)" : pictures.faces_missing.c_str(),
                pictures.ocr_missing.empty() ? "yes (Tesseract, jpn+eng; --ocr)" : pictures.ocr_missing.c_str(),
                pictures.heif_missing.empty() ? "yes (libheif)" : pictures.heif_missing.c_str());
    std::printf("allocator: %s\n", allocator_name().c_str());
    return kExitOk;
  }
  if (command == "scan") return run_scan(args);
  if (command == "dump") return run_dump(args);
  if (command == "verify") return run_verify(args);
  std::fprintf(stderr, "leakscan: unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return kExitUsage;
}
