// score_scan: compares a scan of a generated incident with its truth.
//
//   score_scan [--min-person 0.98] [--min-category 0.98] [--min-item-f1 0.95]
//              [--exact] [--show N] RULES_DIR TRUTH_DIR OUT_DIR
//
// TRUTH_DIR is what make_incident wrote (truth/persons.jsonl,
// truth/summary.json); OUT_DIR a `leakscan scan --reveal` of its mailbox
// (persons.jsonl, summary.json). A true person and a found one are the same
// human when they share an e-mail address, else when a name and the
// organization agree (normalised as leakscan compares them); each is
// matched at most once, so a human split in two costs precision and two
// humans merged into one cost recall. Prints person recall and precision,
// category accuracy, the count error per category, item-kind precision,
// recall and F1 over matched persons, and --show N examples of each kind of
// miss. Exits 1 when a figure is below its minimum (or, with --exact, when
// any category's count or items differ from the truth).
#include <libscan/case.h>

#include "persons/keys.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

using Json = nlohmann::json;
using leakscan::email_key;
using leakscan::name_key;
using leakscan::organization_key;

struct Who {
  std::string id, category;
  std::vector<std::string> names, emails, organizations;
  std::set<std::string> items;
  int match = -1;
  Json raw;
};

std::vector<Who> read_persons(const std::string& path, bool truth) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "score_scan: cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::vector<Who> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Json j = Json::parse(line);
    Who w;
    w.id = j.value(truth ? "id" : "person", "");
    w.category = j.value("category", "");
    for (const auto& n : j["names"]) w.names.push_back(n.get<std::string>());
    for (const auto& e : j["emails"]) w.emails.push_back(email_key(e.get<std::string>()));
    if (truth) {
      if (!j.value("organization", "").empty()) w.organizations.push_back(j["organization"].get<std::string>());
    } else {
      for (const auto& o : j["organizations"]) w.organizations.push_back(o.get<std::string>());
    }
    for (const auto& i : j["items"]) w.items.insert(i.get<std::string>());
    w.raw = std::move(j);
    out.push_back(std::move(w));
  }
  return out;
}

Json read_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "score_scan: cannot read %s\n", path.c_str());
    std::exit(2);
  }
  return Json::parse(in);
}

std::string joined(const std::set<std::string>& s) {
  std::string out;
  for (const std::string& x : s) out += (out.empty() ? "" : ",") + x;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  double min_person = 0, min_category = 0, min_item_f1 = 0;
  bool exact = false;
  int show = 0;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() { return i + 1 < argc ? std::atof(argv[++i]) : 0.0; };
    if (a == "--min-person") {
      min_person = value();
    } else if (a == "--min-category") {
      min_category = value();
    } else if (a == "--min-item-f1") {
      min_item_f1 = value();
    } else if (a == "--exact") {
      exact = true;
    } else if (a == "--show") {
      show = static_cast<int>(value());
    } else {
      positional.push_back(a);
    }
  }
  if (positional.size() != 3) {
    std::fputs(
        "usage: score_scan [--min-person F] [--min-category F] [--min-item-f1 F] [--exact] [--show N] "
        "RULES_DIR TRUTH_DIR OUT_DIR\n",
        stderr);
    return 2;
  }
  leakscan::CaseLists lists = leakscan::CaseLists::load(positional[0] + "/lists");
  std::vector<Who> truth = read_persons(positional[1] + "/truth/persons.jsonl", true);
  std::vector<Who> found = read_persons(positional[2] + "/persons.jsonl", false);
  Json truth_summary = read_json(positional[1] + "/truth/summary.json");
  Json found_summary = read_json(positional[2] + "/summary.json");

  // Match by e-mail address, then by a name and the organization.
  std::map<std::string, std::vector<int>> by_email;
  std::map<std::string, std::vector<int>> by_name_org;
  auto org_keys = [&](const Who& w) {
    std::set<std::string> keys;
    for (const std::string& o : w.organizations) keys.insert(organization_key(o, lists.legal_forms));
    return keys;
  };
  for (std::size_t f = 0; f < found.size(); ++f) {
    for (const std::string& e : found[f].emails) by_email[e].push_back(static_cast<int>(f));
    for (const std::string& n : found[f].names) {
      for (const std::string& o : org_keys(found[f])) by_name_org[name_key(n) + "|" + o].push_back(static_cast<int>(f));
    }
  }
  auto claim = [&](Who& t, const std::vector<int>& candidates) {
    for (int f : candidates) {
      if (found[static_cast<std::size_t>(f)].match < 0) {
        found[static_cast<std::size_t>(f)].match = static_cast<int>(&t - truth.data());
        t.match = f;
        return true;
      }
    }
    return false;
  };
  for (Who& t : truth) {
    std::vector<int> candidates;
    for (const std::string& e : t.emails) {
      for (int f : by_email[e]) candidates.push_back(f);
    }
    if (claim(t, candidates)) continue;
    candidates.clear();
    for (const std::string& n : t.names) {
      for (const std::string& o : org_keys(t)) {
        for (int f : by_name_org[name_key(n) + "|" + o]) candidates.push_back(f);
      }
    }
    claim(t, candidates);
  }

  // Figures, for the persons of the report (internal staff apart).
  int truth_external = 0, matched_external = 0, found_external = 0, found_matched_external = 0;
  int category_right = 0, category_compared = 0;
  long item_tp = 0, item_fp = 0, item_fn = 0;
  std::map<std::string, long> missing_items, extra_items;
  std::vector<const Who*> missed, spurious, miscategorized, item_errors;
  for (const Who& t : truth) {
    bool external = t.category != "internal";
    truth_external += external;
    if (t.match < 0) {
      if (external) missed.push_back(&t);
      continue;
    }
    const Who& f = found[static_cast<std::size_t>(t.match)];
    matched_external += external;
    if (!external) continue;
    ++category_compared;
    if (f.category == t.category) {
      ++category_right;
    } else {
      miscategorized.push_back(&t);
    }
    bool differs = false;
    for (const std::string& i : f.items) {
      if (t.items.count(i)) {
        ++item_tp;
      } else {
        ++item_fp;
        ++extra_items[i];
        differs = true;
      }
    }
    for (const std::string& i : t.items) {
      if (!f.items.count(i)) {
        ++item_fn;
        ++missing_items[i];
        differs = true;
      }
    }
    if (differs) item_errors.push_back(&t);
  }
  for (const Who& f : found) {
    if (f.category == "internal") continue;
    ++found_external;
    if (f.match >= 0) {
      ++found_matched_external;
    } else {
      spurious.push_back(&f);
    }
  }
  auto ratio = [](double a, double b) { return b == 0 ? 1.0 : a / b; };
  double recall = ratio(matched_external, truth_external);
  double precision = ratio(found_matched_external, found_external);
  double category_accuracy = ratio(category_right, category_compared);
  double item_precision = ratio(static_cast<double>(item_tp), static_cast<double>(item_tp + item_fp));
  double item_recall = ratio(static_cast<double>(item_tp), static_cast<double>(item_tp + item_fn));
  double item_f1 =
      item_precision + item_recall == 0 ? 0 : 2 * item_precision * item_recall / (item_precision + item_recall);

  std::printf("persons: %d true, %d found; recall %.4f, precision %.4f\n", truth_external, found_external, recall,
              precision);
  std::printf("category accuracy %.4f (%d of %d matched persons)\n", category_accuracy, category_right,
              category_compared);
  std::printf("item kinds per person: precision %.4f, recall %.4f, F1 %.4f\n", item_precision, item_recall, item_f1);
  std::printf("\n%-8s %8s %8s %7s  items\n", "category", "true", "found", "error");
  bool table_exact = true;
  for (const Json& tc : truth_summary["categories"]) {
    std::string id = tc["id"];
    long t = tc["persons"], f = -1;
    std::set<std::string> ti, fi;
    for (const auto& i : tc["items"]) ti.insert(i.get<std::string>());
    for (const Json& fc : found_summary["categories"]) {
      if (fc["id"] == id) {
        f = fc["persons"];
        for (const auto& i : fc["items"]) fi.insert(i.get<std::string>());
      }
    }
    std::string items = ti == fi ? "same" : "true {" + joined(ti) + "} found {" + joined(fi) + "}";
    table_exact = table_exact && t == f && ti == fi;
    std::printf("%-8s %8ld %8ld %+7ld  %s\n", id.c_str(), t, f, f - t, items.c_str());
  }
  long t_total = truth_summary["persons_total"], f_total = found_summary["persons_total"];
  long t_spi = truth_summary["specific_personal_information"], f_spi = found_summary["specific_personal_information"];
  long t_int = truth_summary["internal"]["persons"], f_int = found_summary["internal"]["persons"];
  std::printf("%-8s %8ld %8ld %+7ld\n", "total", t_total, f_total, f_total - t_total);
  std::printf("%-8s %8ld %8ld %+7ld\n", "internal", t_int, f_int, f_int - t_int);
  std::printf("%-8s %8ld %8ld %+7ld\n", "my_number", t_spi, f_spi, f_spi - t_spi);
  table_exact = table_exact && t_total == f_total && t_spi == f_spi;
  if (!missing_items.empty() || !extra_items.empty()) {
    std::printf("\nitem kinds missed:");
    for (const auto& [i, n] : missing_items) std::printf(" %s %ld", i.c_str(), n);
    std::printf("\nitem kinds extra:");
    for (const auto& [i, n] : extra_items) std::printf(" %s %ld", i.c_str(), n);
    std::printf("\n");
  }
  auto dump_some = [&](const char* what, const std::vector<const Who*>& list, bool with_match) {
    if (show <= 0 || list.empty()) return;
    std::printf("\n%s (%zu):\n", what, list.size());
    for (std::size_t i = 0; i < list.size() && static_cast<int>(i) < show; ++i) {
      std::printf("  %s\n", list[i]->raw.dump().c_str());
      if (with_match && list[i]->match >= 0) {
        Json f = found[static_cast<std::size_t>(list[i]->match)].raw;
        f.erase("records");
        std::printf("    found: %s\n", f.dump().c_str());
      }
    }
  };
  dump_some("true persons not found", missed, false);
  dump_some("found persons that are nobody", spurious, false);
  dump_some("in the wrong category", miscategorized, true);
  dump_some("with other item kinds", item_errors, true);

  bool ok = recall >= min_person && precision >= min_person && category_accuracy >= min_category &&
            item_f1 >= min_item_f1 && (!exact || table_exact);
  std::printf("\n%s\n", ok ? "score: pass" : "score: FAIL");
  return ok ? 0 : 1;
}
