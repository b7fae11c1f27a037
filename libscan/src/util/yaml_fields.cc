#include "util/yaml_fields.h"

#include <libscan/error.h>

#include <algorithm>
#include <filesystem>

namespace leakscan {

YAML::Node load_yaml_file(const std::string& path) {
  // A directory opens as a stream and throws std::ios_base::failure on read.
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) throw ConfigError(path + ":0: file: not a readable file");
  try {
    return YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw ConfigError(path + ":0: file: cannot be read");
  } catch (const YAML::ParserException& e) {
    throw ConfigError(path + ":" + std::to_string(e.mark.line + 1) + ": yaml: " + e.msg);
  }
}

void yaml_fail(const std::string& file, const YAML::Node& node, const std::string& field, const std::string& what) {
  int line = node.IsDefined() ? node.Mark().line + 1 : 0;
  throw ConfigError(file + ":" + std::to_string(line) + ": " + field + ": " + what);
}

void yaml_fail_at(const std::string& file, int line, const std::string& what) {
  throw ConfigError(file + ":" + std::to_string(line >= 0 ? line + 1 : 0) + ": yaml: " + what);
}

std::string yaml_key(const std::string& file, const YAML::Node& key, const std::string& where) {
  if (!key.IsScalar()) yaml_fail(file, key, where, "a key must be a plain string");
  return key.as<std::string>();
}

std::vector<std::string> yaml_string_list(const std::string& file, const YAML::Node& node, const std::string& field) {
  std::vector<std::string> out;
  if (!node.IsDefined() || node.IsNull()) return out;
  if (!node.IsSequence()) yaml_fail(file, node, field, "expected a list of strings");
  for (const YAML::Node& item : node) {
    if (!item.IsScalar()) yaml_fail(file, item, field, "expected a string");
    out.push_back(item.as<std::string>());
  }
  return out;
}

std::string yaml_string(const std::string& file, const YAML::Node& node, const std::string& field,
                        const std::string& fallback) {
  if (!node.IsDefined() || node.IsNull()) return fallback;
  if (!node.IsScalar()) yaml_fail(file, node, field, "expected a string");
  return node.as<std::string>();
}

double yaml_number_in(const std::string& file, const YAML::Node& node, const std::string& field, double lo, double hi,
                      double fallback) {
  if (!node.IsDefined()) return fallback;
  double v = 0;
  try {
    v = node.as<double>();
  } catch (const YAML::Exception&) {
    yaml_fail(file, node, field, "expected a number");
  }
  if (v < lo || v > hi) {
    yaml_fail(file, node, field, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  }
  return v;
}

bool yaml_bool(const std::string& file, const YAML::Node& node, const std::string& field, bool fallback) {
  if (!node.IsDefined() || node.IsNull()) return fallback;
  try {
    return node.as<bool>();
  } catch (const YAML::Exception&) {
    yaml_fail(file, node, field, "expected true or false");
  }
}

void yaml_only_keys(const std::string& file, const YAML::Node& map, const std::string& where,
                    std::initializer_list<const char*> allowed) {
  for (const auto& kv : map) {
    std::string key = yaml_key(file, kv.first, where);
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; })) {
      yaml_fail(file, kv.first, where + key, "unknown field");
    }
  }
}

}  // namespace leakscan
