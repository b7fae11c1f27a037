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

// Refuses keys of `map` not in `allowed`, naming them as `where` + key.
void yaml_only_keys(const std::string& file, const YAML::Node& map, const std::string& where,
                    std::initializer_list<const char*> allowed);

}  // namespace leakscan
