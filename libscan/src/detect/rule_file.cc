#include "detect/rule_file.h"

#include "detect/validators.h"
#include "util/yaml_fields.h"

#include <libscan/error.h>

#include <re2/re2.h>

#include <algorithm>

namespace leakscan {

const std::vector<std::string>& known_items() {
  static const std::vector<std::string> kItems = {
      "name",         "email",        "organization", "department_title",  "address",         "phone",
      "birth_date",   "age",          "gender",       "nationality",       "passport_number", "drivers_license_number",
      "bank_account", "credit_card",  "my_number",    "accountant_number", "career",          "photo",
      "hobby",        "relationship", "family_name",  "family_birth_date", "family_phone",    "family_address"};
  return kItems;
}

namespace {

std::vector<RuleSpec> read_rules(const std::string& path) {
  YAML::Node root = load_yaml_file(path);
  if (!root.IsMap() || !root["rules"].IsDefined() || !root["rules"].IsSequence()) {
    yaml_fail(path, root, "rules", "expected a top-level list 'rules'");
  }
  yaml_only_keys(path, root, "", {"rules"});
  std::vector<RuleSpec> specs;
  for (const YAML::Node& r : root["rules"]) {
    if (!r.IsMap()) yaml_fail(path, r, "rules", "each rule is a map");
    yaml_only_keys(path, r, "",
                   {"id", "item", "description", "scope", "patterns", "validator", "confidence", "threshold", "context",
                    "negative", "examples"});
    RuleSpec spec;
    spec.file = path;
    spec.line = r.Mark().line + 1;
    if (!yaml_scalar(r["id"]) || r["id"].as<std::string>().empty()) yaml_fail(path, r, "id", "missing");
    spec.id = r["id"].as<std::string>();
    std::string at = spec.id + ".";
    if (!yaml_scalar(r["item"])) yaml_fail(path, r, at + "item", "missing");
    spec.item = r["item"].as<std::string>();
    const auto& items = known_items();
    if (std::find(items.begin(), items.end(), spec.item) == items.end()) {
      yaml_fail(path, r["item"], at + "item", "'" + spec.item + "' is not an item id of SPEC §5");
    }
    spec.scopes = kScopeText | kScopeSubject;
    if (r["scope"].IsDefined()) {
      spec.scopes = 0;
      for (const std::string& scope : yaml_string_list(path, r["scope"], at + "scope")) {
        unsigned bit = 0;
        for (const ScopeName& known : kScopeNames) {
          if (scope == known.name) bit = known.bit;
        }
        if (bit == 0) {
          yaml_fail(path, r["scope"], at + "scope",
                    "'" + scope + "' is not one of text, subject, display_name, filename, image");
        }
        spec.scopes |= bit;
      }
    }
    spec.patterns = yaml_string_list(path, r["patterns"], at + "patterns");
    if (spec.patterns.empty()) yaml_fail(path, r, at + "patterns", "at least one pattern is needed");
    for (std::size_t i = 0; i < spec.patterns.size(); ++i) {
      RE2::Options options;
      options.set_log_errors(false);
      RE2 re(spec.patterns[i], options);
      if (!re.ok()) yaml_fail(path, r["patterns"][i], at + "patterns", "RE2 cannot compile it: " + re.error());
    }
    if (r["validator"].IsDefined()) {
      spec.validator = yaml_string(path, r["validator"], at + "validator");
      if (find_validator(spec.validator) == nullptr) {
        yaml_fail(path, r["validator"], at + "validator", "unknown validator '" + spec.validator + "'");
      }
    }
    spec.confidence = yaml_number_in(path, r["confidence"], at + "confidence", 0, 1, 0.5);
    spec.threshold = yaml_number_in(path, r["threshold"], at + "threshold", 0, 1, 0.5);
    if (const YAML::Node c = r["context"]; c.IsDefined()) {
      if (!c.IsMap()) yaml_fail(path, c, at + "context", "expected a map");
      yaml_only_keys(path, c, at + "context.", {"window", "keywords", "before", "after", "required", "boost"});
      spec.context.window = static_cast<int>(yaml_number_in(path, c["window"], at + "context.window", 1, 5000, 20));
      spec.context.either = yaml_string_list(path, c["keywords"], at + "context.keywords");
      spec.context.before = yaml_string_list(path, c["before"], at + "context.before");
      spec.context.after = yaml_string_list(path, c["after"], at + "context.after");
      spec.context.required = yaml_bool(path, c["required"], at + "context.required", false);
      spec.context.boost = yaml_number_in(path, c["boost"], at + "context.boost", 0, 1, 0.3);
      if (spec.context.required && spec.context.either.empty() && spec.context.before.empty() &&
          spec.context.after.empty()) {
        yaml_fail(path, c, at + "context.required", "required context needs keywords");
      }
    }
    if (const YAML::Node n = r["negative"]; n.IsDefined()) {
      if (!n.IsMap()) yaml_fail(path, n, at + "negative", "expected a map");
      yaml_only_keys(path, n, at + "negative.", {"window", "keywords", "before", "after", "penalty"});
      spec.negative.window = static_cast<int>(yaml_number_in(path, n["window"], at + "negative.window", 1, 500, 20));
      spec.negative.either = yaml_string_list(path, n["keywords"], at + "negative.keywords");
      spec.negative.before = yaml_string_list(path, n["before"], at + "negative.before");
      spec.negative.after = yaml_string_list(path, n["after"], at + "negative.after");
      spec.negative.penalty = yaml_number_in(path, n["penalty"], at + "negative.penalty", 0, 1, 1.0);
    }
    const YAML::Node e = r["examples"];
    if (!e.IsDefined() || !e.IsMap())
      yaml_fail(path, r, at + "examples", "every rule needs examples: match and no_match");
    yaml_only_keys(path, e, at + "examples.", {"match", "no_match"});
    spec.must_match = yaml_string_list(path, e["match"], at + "examples.match");
    spec.must_not_match = yaml_string_list(path, e["no_match"], at + "examples.no_match");
    if (spec.must_match.empty()) yaml_fail(path, e, at + "examples.match", "at least one example that must match");
    if (spec.must_not_match.empty())
      yaml_fail(path, e, at + "examples.no_match", "at least one example that must not match");
    specs.push_back(std::move(spec));
  }
  return specs;
}

}  // namespace

std::vector<RuleSpec> read_rule_file(const std::string& path) {
  return yaml_guarded(path, [&] { return read_rules(path); });
}

}  // namespace leakscan
