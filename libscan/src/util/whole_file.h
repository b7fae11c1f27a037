// Reading a small file (a case file's list, a checkpoint's state) whole.
// Stateless; thread-safe.
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

namespace leakscan {

// The bytes of `path` when it is a regular file that opens; nullopt when it
// is missing, unreadable or anything else. Checked first because a
// directory opens as a stream and throws std::ios_base::failure on the
// first read.
inline std::optional<std::string> read_whole_file(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace leakscan
