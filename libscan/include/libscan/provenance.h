// What a scan's figures rest on, so that they can be checked later: the
// digests of the rules and the case file it used, and a re-hash of the
// inputs a finished scan's summary.json names (`leakscan verify`).
//
// Inputs are opened read-only, with O_NOATIME where the kernel allows it,
// exactly as the readers open them. Stateless functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace leakscan {

// Lower-case hex SHA-256 of a file's bytes. Throws InputError.
std::string file_sha256(const std::string& path);

// SHA-256 over every regular file below `dir` (sorted by relative path;
// each as its path, its size and its bytes), so that any change to any rule
// or list file changes it. Hidden files and directories are skipped.
// Throws InputError.
std::string directory_sha256(const std::string& dir);

struct InputCheck {
  enum class Verdict { kSame, kChanged, kUnreadable, kNotVerifiable };
  std::string path;
  Verdict verdict = Verdict::kSame;
  std::string expected_sha256, actual_sha256;
  std::uint64_t expected_bytes = 0, actual_bytes = 0;
  std::string error;  // why it could not be read or verified
};

// Re-hashes each input named by a summary.json document (relative paths
// against the current directory). Standard input cannot be verified.
// Throws ConfigError when `summary_json` is not a leakscan summary.
std::vector<InputCheck> verify_inputs(const std::string& summary_json);

}  // namespace leakscan
