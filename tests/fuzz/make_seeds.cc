// Writes a seed corpus for each fuzz target from real mailboxes: the
// messages themselves (reader, decode, scan), their raw header values
// (header), their text re-encoded in the charsets mail uses (charset),
// their HTML (html), transfer encodings of their parts (transfer), their
// attachments named for fuzz_attachment (attachment), their texts (records,
// rules) and the checkpoint journal of a scan of them (journal).
//
//   make_fuzz_seeds OUT_DIR MAILBOX...   (files, directories, Maildirs)
//
// Seeds are cut to 64 KiB (the fuzzing -max_len) and each target keeps at
// most a few hundred distinct ones, taken evenly from the inputs.
#include "encoding.h"
#include "fuzz_support.h"

#include <libscan/decoder.h>
#include <libscan/error.h>
#include <libscan/mailbox.h>
#include <libscan/scanner.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>

namespace fs = std::filesystem;
using namespace leakscan;

namespace {

constexpr std::size_t kMaxSeedBytes = 64u << 10;
constexpr std::size_t kMaxSeedsPerGroup = 400;

class SeedWriter {
 public:
  explicit SeedWriter(fs::path root) : root_(std::move(root)) {}

  // Offers a seed of `target`; `group` splits a target's seeds into
  // groups capped apart (fuzz_attachment: one per kind of file).
  void offer(const std::string& target, std::string_view bytes, const std::string& group = "") {
    if (bytes.empty()) return;
    bytes = bytes.substr(0, kMaxSeedBytes);
    std::size_t digest = std::hash<std::string_view>{}(bytes);
    if (!groups_[{target, group}].insert(digest).second) return;
    fs::create_directories(root_ / target);
    std::ofstream(root_ / target / name_of(digest), std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }

  // Keeps the `cap` seeds of each target (cap / 8 of each group) with the smallest digests: an even,
  // reproducible sample of every input, whatever their order and sizes.
  void prune(std::size_t cap) {
    std::map<std::string, std::size_t> kept;
    for (auto& [key, digests] : groups_) {
      const std::size_t group_cap = key.second.empty() ? cap : cap / 8;
      std::size_t i = 0;
      for (std::size_t digest : digests) {
        if (i++ < group_cap) continue;
        fs::remove(root_ / key.first / name_of(digest));
      }
      kept[key.first] += std::min(group_cap, digests.size());
    }
    for (const auto& [target, n] : kept) std::printf("%-12s %zu seeds\n", target.c_str(), n);
  }

 private:
  static std::string name_of(std::size_t digest) {
    char name[32];
    std::snprintf(name, sizeof name, "%016zx", digest);
    return name;
  }
  fs::path root_;
  std::map<std::pair<std::string, std::string>, std::set<std::size_t>> groups_;  // sorted digests
};

// The header block's fields, each with its folded value as written.
std::vector<std::pair<std::string, std::string>> raw_headers(std::string_view message) {
  std::vector<std::pair<std::string, std::string>> fields;
  std::size_t pos = 0;
  while (pos < message.size()) {
    std::size_t eol = message.find('\n', pos);
    std::string_view line = message.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    if (line.empty() || line == "\r") break;
    if ((line[0] == ' ' || line[0] == '\t') && !fields.empty()) {
      fields.back().second.append("\n").append(line);
    } else if (std::size_t colon = line.find(':'); colon != std::string_view::npos) {
      fields.emplace_back(std::string(line.substr(0, colon)), std::string(line.substr(colon + 1)));
    }
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  return fields;
}

int selector_for(const std::string& filename) {
  std::string ext = fs::path(filename).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::size_t i = 0; i < std::size(fuzz::kAttachmentNames); ++i) {
    std::string name = fuzz::kAttachmentNames[i];
    if (name == filename || (!ext.empty() && fs::path(name).extension() == ext)) return static_cast<int>(i);
  }
  return static_cast<int>(std::size(fuzz::kAttachmentNames)) - 2;  // "a.bin"
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: make_fuzz_seeds OUT_DIR MAILBOX...\n");
    return 2;
  }
  SeedWriter seeds(argv[1]);
  std::vector<std::string> arguments(argv + 2, argv + argc);
  std::vector<InputFile> inputs = expand_inputs(arguments);
  const Limits limits = fuzz::fuzz_limits();

  DecodeOptions options;
  options.limits = limits;
  options.keep_attachment_content = true;
  options.detect_faces = false;
  MessageDecoder decoder(options);
  DecodeOptions source_options = options;
  source_options.render_html = false;
  source_options.extract_attachments = false;
  MessageDecoder html_source(source_options);

  Scanner scanner(RuleSet::load_directory(LEAKSCAN_SOURCE_DIR "/rules"),
                  load_case_file(LEAKSCAN_SOURCE_DIR "/samples/basic/case.yaml",
                                 CaseLists::load(LEAKSCAN_SOURCE_DIR "/rules/lists")));
  const char* const charsets[] = {"ISO-2022-JP", "Shift_JIS", "windows-31j",  "EUC-JP", "UTF-16LE",
                                  "UTF-16BE",    "UTF-7",     "windows-1252", "KOI8-R", "GB18030"};

  // Every input contributes evenly: the real corpus has thousands of small
  // files, the generated incident one large mbox.
  std::size_t message_number = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    std::unique_ptr<MessageReader> reader;
    try {
      reader = open_reader(inputs[i], i, limits);
    } catch (const InputError& e) {
      std::fprintf(stderr, "skipped: %s\n", e.what());
      continue;
    }
    {
      std::ifstream in(inputs[i].path, std::ios::binary);
      std::string head(kMaxSeedBytes, '\0');
      in.read(head.data(), static_cast<std::streamsize>(head.size()));
      head.resize(static_cast<std::size_t>(in.gcount()));
      seeds.offer("reader", head);
    }
    Scan scan(scanner);
    ScanWorker worker(scan);
    std::string journal;
    RawMessage raw;
    while (reader->next(raw)) {
      ++message_number;
      seeds.offer("decode", raw.bytes);
      seeds.offer("scan", raw.bytes);
      for (const auto& [name, value] : raw_headers(raw.bytes)) seeds.offer("header", value);

      Message message;
      decoder.decode(raw, message);
      for (const Part& part : message.parts) {
        if (part.is_text && !part.text.empty()) {
          seeds.offer("records", part.text);
          seeds.offer("rules", std::string(1, '\0') + part.text);
          seeds.offer("transfer", std::string(1, '\2') + sample::quoted_printable(part.text));
          const char* charset = charsets[message_number % std::size(charsets)];
          std::string encoded = sample::encode_charset(std::string_view(part.text).substr(0, 4096), charset);
          if (!encoded.empty()) seeds.offer("charset", std::string(charset) + "\n" + encoded);
        }
        if (!part.is_text && !part.content.empty()) {
          const int selector = selector_for(part.filename);
          seeds.offer("attachment", std::string(1, static_cast<char>(selector)) + part.content,
                      fuzz::kAttachmentNames[selector]);
          seeds.offer("transfer", std::string(1, '\1') + sample::base64(part.content.substr(0, 32768)));
        }
      }
      Message source;
      html_source.decode(raw, source);
      for (const Part& part : source.parts) {
        if (part.content_type == "text/html") seeds.offer("html", part.text);
      }
      MessageDetection detection;
      worker.detect(message, detection);
      scan.add(message, detection, journal);
      if (journal.size() < kMaxSeedBytes) seeds.offer("journal", journal);
    }
  }
  seeds.prune(kMaxSeedsPerGroup);
  return 0;
}
