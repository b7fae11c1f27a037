// Reading configuration YAML (rule files, case files) with errors that name
// the place: every problem is a ConfigError "FILE:LINE: FIELD: what".
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <string>
#include <vector>

namespace leakscan {

// Loads `path`; a missing file or a syntax error is a ConfigError.
YAML::Node load_yaml_file(const std::string& path);

[[noreturn]] void yaml_fail(const std::string& file, const YAML::Node& node, const std::string& field,
                            const std::string& what);
// `line` as yaml-cpp counts (from 0; -1 when unknown).
[[noreturn]] void yaml_fail_at(const std::string& file, int line, const std::string& what);

// yaml-cpp throws on the type tests of a missing key's node.
inline bool yaml_scalar(const YAML::Node& node) { return node.IsDefined() && node.IsScalar(); }

// A list of strings; a missing or null node is an empty list.
std::vector<std::string> yaml_string_list(const std::string& file, const YAML::Node& node, const std::string& field);

// A scalar string; `fallback` when missing.
std::string yaml_string(const std::string& file, const YAML::Node& node, const std::string& field,
                        const std::string& fallback = "");

double yaml_number_in(const std::string& file, const YAML::Node& node, const std::string& field, double lo, double hi,
                      double fallback);

bool yaml_bool(const std::string& file, const YAML::Node& node, const std::string& field, bool fallback);

// A map key, which YAML allows to be a list or a map: those are refused.
std::string yaml_key(const std::string& file, const YAML::Node& key, const std::string& where);

// Runs `read` (the reading of one file); a yaml-cpp exception that the
// field readers above did not turn into a ConfigError (a conversion deep in
// a node nobody expected to be odd) becomes one naming the file and line.
template <typename Read>
auto yaml_guarded(const std::string& file, Read&& read) -> decltype(read()) {
  try {
    return read();
  } catch (const YAML::Exception& e) {
    yaml_fail_at(file, e.mark.line, e.msg);
  }
}

// Refuses keys of `map` not in `allowed`, naming them as `where` + key.
void yaml_only_keys(const std::string& file, const YAML::Node& map, const std::string& where,
                    std::initializer_list<const char*> allowed);

}  // namespace leakscan
