// --expect: the figures of a new summary.json against an earlier one.
#include <libscan/error.h>
#include <libscan/report.h>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace leakscan {

namespace {

using Json = nlohmann::json;

std::string number(const Json& j, const char* key) {
  return j.contains(key) && j[key].is_number() ? std::to_string(j[key].get<std::uint64_t>()) : "none";
}

std::vector<std::string> strings(const Json& j) {
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const Json& x : j) {
    if (x.is_string()) out.push_back(x.get<std::string>());
  }
  return out;
}

std::string listed(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "none" : out;
}

// "items: missing a, b; extra c" or "".
std::string item_difference(const Json& expected, const Json& actual) {
  std::vector<std::string> e = strings(expected), a = strings(actual), missing, extra;
  for (const std::string& x : e) {
    if (std::find(a.begin(), a.end(), x) == a.end()) missing.push_back(x);
  }
  for (const std::string& x : a) {
    if (std::find(e.begin(), e.end(), x) == e.end()) extra.push_back(x);
  }
  if (missing.empty() && extra.empty()) return "";
  std::string out = "items:";
  if (!missing.empty()) out += " missing " + listed(missing);
  if (!missing.empty() && !extra.empty()) out += ";";
  if (!extra.empty()) out += " extra " + listed(extra);
  return out;
}

Json parse(const std::string& text, const std::string& name) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("schema", "") != "leakscan.summary/1") {
    throw ConfigError(name + ":0: schema: not a leakscan summary.json (schema leakscan.summary/1)");
  }
  return j;
}

}  // namespace

std::vector<std::string> compare_summaries(const std::string& expected_text, const std::string& actual_text,
                                           const std::string& expected_name) {
  Json expected = parse(expected_text, expected_name);
  Json actual = parse(actual_text, "summary.json");
  std::vector<std::string> out;
  // Only the figures the expected summary holds are compared: a file of
  // the reference figures alone (no message counts) is a valid expectation.
  auto compare = [&](const std::string& what, const std::string& e, const std::string& a) {
    if (e != "none" && e != a) out.push_back(what + ": expected " + e + ", got " + a);
  };
  for (const char* key : {"total", "in_window", "with_defects"}) {
    compare(std::string("messages.") + key, number(expected.value("messages", Json::object()), key),
            number(actual.value("messages", Json::object()), key));
  }
  compare("persons_total", number(expected, "persons_total"), number(actual, "persons_total"));
  Json none = Json::array();
  const Json& ec = expected.contains("categories") ? expected["categories"] : none;
  const Json& ac = actual.contains("categories") ? actual["categories"] : none;
  auto find = [](const Json& list, const std::string& id) -> const Json* {
    for (const Json& c : list) {
      if (c.value("id", "") == id) return &c;
    }
    return nullptr;
  };
  for (const Json& e : ec) {
    std::string id = e.value("id", "");
    const Json* a = find(ac, id);
    if (a == nullptr) {
      out.push_back("category " + id + ": expected, not in the new summary");
      continue;
    }
    compare("category " + id + " persons", number(e, "persons"), number(*a, "persons"));
    if (!e.contains("items")) continue;
    if (std::string d = item_difference(e.value("items", none), a->value("items", none)); !d.empty()) {
      out.push_back(std::string("category ").append(id).append(" ").append(d));
    }
  }
  for (const Json& a : ac) {
    std::string id = a.value("id", "");
    if (find(ec, id) == nullptr)
      out.push_back(std::string("category ").append(id).append(": new, not in ").append(expected_name));
  }
  Json empty = Json::object();
  const Json& ei = expected.contains("internal") ? expected["internal"] : empty;
  const Json& ai = actual.contains("internal") ? actual["internal"] : empty;
  compare("internal persons", number(ei, "persons"), number(ai, "persons"));
  if (std::string d = item_difference(ei.value("items", none), ai.value("items", none));
      ei.contains("items") && !d.empty()) {
    out.push_back("internal " + d);
  }
  compare("specific_personal_information", number(expected, "specific_personal_information"),
          number(actual, "specific_personal_information"));
  return out;
}

}  // namespace leakscan
