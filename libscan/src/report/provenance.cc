#include <libscan/error.h>
#include <libscan/provenance.h>

#include "read/byte_source.h"
#include "read/sha256.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <vector>

namespace leakscan {

namespace {

// Hashes a source to its end, counting the bytes.
std::string hash_to_end(FileSource& source, std::uint64_t* bytes) {
  std::vector<char> buffer(1 << 20);
  std::uint64_t total = 0;
  while (std::size_t n = source.read(buffer.data(), buffer.size())) total += n;
  if (bytes != nullptr) *bytes = total;
  return source.finish();
}

}  // namespace

std::string file_sha256(const std::string& path) {
  FileSource source(path);
  return hash_to_end(source, nullptr);
}

std::string directory_sha256(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code error;
  std::vector<std::string> files;
  fs::recursive_directory_iterator it(dir, error), end;
  if (error) throw InputError(dir, error.message());
  for (; it != end; it.increment(error)) {
    if (error) throw InputError(dir, error.message());
    std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) files.push_back(fs::relative(it->path(), dir).generic_string());
  }
  std::sort(files.begin(), files.end());
  Sha256 digest;
  for (const std::string& relative : files) {
    FileSource source(dir + "/" + relative);
    std::uint64_t bytes = 0;
    std::string file_digest = hash_to_end(source, &bytes);
    // Names and sizes framed so that no two trees hash alike by moving bytes
    // from one file to the next.
    digest.update(relative);
    digest.update(std::string_view("\0", 1));
    digest.update(std::to_string(bytes));
    digest.update(std::string_view("\0", 1));
    digest.update(file_digest);
    digest.update("\n");
  }
  return digest.finish_hex();
}

std::vector<InputCheck> verify_inputs(const std::string& summary_json) {
  nlohmann::json summary = nlohmann::json::parse(summary_json, nullptr, false);
  if (!summary.is_object() || summary.value("schema", "") != "leakscan.summary/1" || !summary.contains("inputs") ||
      !summary["inputs"].is_array()) {
    throw ConfigError("not a leakscan summary.json (schema leakscan.summary/1 with inputs)");
  }
  std::vector<InputCheck> checks;
  for (const nlohmann::json& input : summary["inputs"]) {
    if (!input.is_object() || !input.contains("path") || !input["path"].is_string()) {
      throw ConfigError("summary.json: an input without a path");
    }
    InputCheck check;
    check.path = input["path"].get<std::string>();
    check.expected_sha256 = input.value("sha256", "");
    check.expected_bytes = input.value("bytes", std::uint64_t{0});
    if (check.path == "-") {
      check.verdict = InputCheck::Verdict::kNotVerifiable;
      check.error = "read from standard input";
      checks.push_back(std::move(check));
      continue;
    }
    try {
      FileSource source(check.path);
      check.actual_sha256 = hash_to_end(source, &check.actual_bytes);
      bool same = check.actual_sha256 == check.expected_sha256 && check.actual_bytes == check.expected_bytes;
      check.verdict = same ? InputCheck::Verdict::kSame : InputCheck::Verdict::kChanged;
    } catch (const InputError& e) {
      check.verdict = InputCheck::Verdict::kUnreadable;
      check.error = e.what();
    }
    checks.push_back(std::move(check));
  }
  return checks;
}

}  // namespace leakscan
