// Errors that stop an operation: a misused API, a bad configuration, an input
// that cannot be opened at all. They are exceptions, thrown by libscan and
// caught by its callers (the CLI maps them to exit codes).
//
// Damage *inside* an input (a malformed message, a corrupt gzip member, a
// charset nobody knows) is never an exception: it becomes a Defect record on
// the message or input, and reading goes on. See message.h.
#pragma once

#include <stdexcept>
#include <string>

namespace leakscan {

// An input (file, directory, stdin) could not be opened or read.
// CLI exit code 3.
class InputError : public std::runtime_error {
 public:
  InputError(std::string path, const std::string& what)
      : std::runtime_error(path + ": " + what), path_(std::move(path)) {}
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

// A configuration file (case file, rule file) or option is invalid.
// The message names the file, line and field. CLI exit code 2.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace leakscan
