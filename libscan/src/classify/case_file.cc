// Case files (SPEC §4) and the shipped lists they rely on.
#include <libscan/case.h>
#include <libscan/error.h>

#include "detect/normalize.h"
#include "persons/keys.h"
#include "util/ascii.h"
#include "util/csv.h"
#include "util/whole_file.h"
#include "util/yaml_fields.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace leakscan {

namespace {

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    UChar32 c = 0;
    U8_NEXT(s.data(), i, s.size(), c);
    if (c < 0) return false;
  }
  return true;
}

// A list file's text, without its BOM; a ConfigError (naming `field` at
// `line` of the case file) when it cannot be read or is not UTF-8.
std::string read_list_file(const std::string& path, const std::string& shown, const std::string& case_file,
                           const YAML::Node& at, const std::string& field) {
  std::optional<std::string> read = read_whole_file(path);
  if (!read) {
    std::error_code error;
    bool other = std::filesystem::exists(path, error) && !std::filesystem::is_regular_file(path, error);
    yaml_fail(case_file, at, field, shown + (other ? ": not a regular file" : ": cannot be read"));
  }
  std::string text = std::move(*read);
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  if (!valid_utf8(text)) yaml_fail(case_file, at, field, shown + ": not UTF-8");
  return text;
}

// One value per line; blank lines and '#' comments ignored. Each value with
// its line number.
std::vector<std::pair<std::string, std::size_t>> plain_lines(std::string_view text) {
  std::vector<std::pair<std::string, std::size_t>> out;
  std::size_t line = 0, pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    ++line;
    std::string_view value = trim_blanks(text.substr(pos, end - pos));
    if (!value.empty() && value.back() == '\r') value = trim_blanks(value.substr(0, value.size() - 1));
    if (!value.empty() && value.front() != '#') out.emplace_back(std::string(value), line);
    pos = end + 1;
  }
  return out;
}

std::vector<std::string> read_shipped_list(const std::string& directory, const char* name) {
  std::string path = directory + "/" + name;
  std::optional<std::string> text = read_whole_file(path);
  if (!text) throw ConfigError(path + ":0: file: cannot be read");
  std::vector<std::string> out;
  for (auto& [value, line] : plain_lines(*text)) out.push_back(nfkc_lower(value));
  return out;
}

// "FILE:LINE: FIELD: what" for a value of a list file.
std::string list_error(const std::string& path, std::size_t line, const char* field, const std::string& what) {
  std::string out = path;
  out.append(":").append(std::to_string(line)).append(": ").append(field).append(": ").append(what);
  return out;
}

// Header names a list or table may use for each column it is read by.
const std::vector<std::string>& column_aliases(const std::string& column) {
  static const std::vector<std::string> kEmail = {"email",         "e-mail",         "mail",
                                                  "email address", "メールアドレス", "メール"};
  static const std::vector<std::string> kDomain = {"domain", "ドメイン"};
  static const std::vector<std::string> kOrganization = {"organization", "organisation", "company", "会社名",
                                                         "法人名",       "組織",         "所属"};
  static const std::vector<std::string> kName = {"name", "full name", "氏名", "名前", "お名前"};
  if (column == "email") return kEmail;
  if (column == "domain") return kDomain;
  if (column == "organization") return kOrganization;
  return kName;
}

int find_column(const CsvRow& header, const std::string& column) {
  const auto& aliases = column_aliases(column);
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    std::string name = nfkc_lower(trim_blanks(header.fields[i]));
    if (std::find(aliases.begin(), aliases.end(), name) != aliases.end()) return static_cast<int>(i);
  }
  return -1;
}

class CaseReader {
 public:
  CaseReader(std::string path, const CaseLists& shipped) : path_(std::move(path)) {
    def_.source = path_;
    def_.lists = shipped;
    base_ = std::filesystem::path(path_).parent_path();
  }

  CaseDefinition read() {
    YAML::Node root = load_yaml_file(path_);
    if (!root.IsMap()) yaml_fail(path_, root, "case", "expected a map with 'categories'");
    yaml_only_keys(
        path_, root, "",
        {"case", "mailbox_owner", "internal_domains", "window", "role_addresses", "free_mail_domains", "categories"});
    def_.name = yaml_string(path_, root["case"], "case");
    if (root["mailbox_owner"].IsDefined()) {
      def_.mailbox_owner = email_key(yaml_string(path_, root["mailbox_owner"], "mailbox_owner"));
      if (def_.mailbox_owner.empty()) yaml_fail(path_, root["mailbox_owner"], "mailbox_owner", "not an e-mail address");
    }
    for (const std::string& d : yaml_string_list(path_, root["internal_domains"], "internal_domains")) {
      def_.internal_domains.push_back(domain_value(d, root["internal_domains"], "internal_domains"));
    }
    read_window(root["window"]);
    for (const std::string& r : yaml_string_list(path_, root["role_addresses"], "role_addresses")) {
      def_.lists.role_local_parts.push_back(ascii_lower(trim_blanks(r)));
    }
    for (const std::string& d : yaml_string_list(path_, root["free_mail_domains"], "free_mail_domains")) {
      def_.lists.free_mail_domains.push_back(domain_value(d, root["free_mail_domains"], "free_mail_domains"));
    }
    const YAML::Node categories = root["categories"];
    if (!categories.IsDefined() || !categories.IsSequence() || categories.size() == 0) {
      yaml_fail(path_, categories.IsDefined() ? categories : root, "categories", "expected a list of categories");
    }
    std::set<std::string> ids;
    int first_default_line = 0;
    for (std::size_t i = 0; i < categories.size(); ++i) {
      const YAML::Node c = categories[i];
      std::string at = "categories[" + std::to_string(i) + "]";
      if (!c.IsMap()) yaml_fail(path_, c, at, "each category is a map with id and label");
      yaml_only_keys(path_, c, at + ".", {"id", "label", "match", "default"});
      Category category;
      category.id = yaml_string(path_, c["id"], at + ".id");
      if (category.id.empty()) yaml_fail(path_, c, at + ".id", "missing");
      if (category.id == "internal") yaml_fail(path_, c["id"], at + ".id", "'internal' is reserved for staff");
      if (!ids.insert(category.id).second) yaml_fail(path_, c["id"], at + ".id", "'" + category.id + "' twice");
      category.label = yaml_string(path_, c["label"], at + ".label");
      if (category.label.empty()) yaml_fail(path_, c, at + ".label", "missing");
      category.is_default = yaml_bool(path_, c["default"], at + ".default", false);
      if (c["match"].IsDefined()) {
        if (category.is_default) yaml_fail(path_, c["match"], at + ".match", "the default category takes no match");
        read_match(c["match"], at + ".match", category.match);
        if (category.match.empty()) yaml_fail(path_, c["match"], at + ".match", "no matcher holds a value");
      } else if (!category.is_default) {
        yaml_fail(path_, c, at + ".match", "missing (a category needs a matcher, or default: true)");
      }
      if (category.is_default) {
        if (first_default_line != 0) {
          yaml_fail(path_, c["default"], at + ".default",
                    "a second default category (the first is at line " + std::to_string(first_default_line) + ")");
        }
        first_default_line = c.Mark().line + 1;
      }
      def_.categories.push_back(std::move(category));
    }
    if (first_default_line == 0) yaml_fail(path_, categories, "categories", "no default category (default: true)");
    return std::move(def_);
  }

 private:
  std::string domain_value(const std::string& value, const YAML::Node& node, const std::string& field) {
    std::string d = ascii_lower(trim_blanks(value));
    while (!d.empty() && (d.front() == '@' || d.front() == '.')) d.erase(0, 1);
    if (d.empty() || d.find_first_of(" @/\t") != std::string::npos) {
      yaml_fail(path_, node, field, "'" + value + "' is not a domain");
    }
    return d;
  }

  void read_window(const YAML::Node& w) {
    if (!w.IsDefined() || w.IsNull()) return;
    if (!w.IsMap()) yaml_fail(path_, w, "window", "expected {since: YYYY-MM-DD, until: YYYY-MM-DD}");
    yaml_only_keys(path_, w, "window.", {"since", "until"});
    for (const char* key : {"since", "until"}) {
      if (!w[key].IsDefined()) continue;
      std::string text = yaml_string(path_, w[key], std::string("window.") + key);
      std::optional<std::string> date = parse_case_date(text);
      if (!date) yaml_fail(path_, w[key], std::string("window.") + key, "'" + text + "' is not a date YYYY-MM-DD");
      (std::string_view(key) == "since" ? def_.since : def_.until) = date;
    }
    if (def_.since && def_.until && *def_.since > *def_.until) {
      yaml_fail(path_, w, "window", "since is after until");
    }
  }

  void read_match(const YAML::Node& m, const std::string& at, CategoryMatch& match) {
    if (!m.IsMap()) yaml_fail(path_, m, at, "expected a map of matchers");
    for (const auto& kv : m) {
      std::string key = yaml_key(path_, kv.first, at);
      const YAML::Node value = kv.second;
      std::string field = at;
      field.append(".").append(key);
      if (key == "emails") {
        for (const std::string& e : yaml_string_list(path_, value, field)) add_email(match, e, "emails", value, field);
      } else if (key == "domains") {
        for (const std::string& d : yaml_string_list(path_, value, field)) {
          match.domains.push_back({domain_value(d, value, field), "domains"});
        }
      } else if (key == "domain_suffixes") {
        for (const std::string& d : yaml_string_list(path_, value, field)) {
          match.domain_suffixes.push_back({domain_value(d, value, field), "domain_suffixes"});
        }
      } else if (key == "organizations") {
        for (const std::string& o : yaml_string_list(path_, value, field)) add_organization(match, o, "organizations");
      } else if (key == "keywords") {
        for (const std::string& k : yaml_string_list(path_, value, field)) {
          std::string keyword = std::string(trim_blanks(normalizer.lowered(k)));
          if (!keyword.empty()) match.keywords.push_back({keyword, "keywords"});
        }
      } else if (key == "free_mail") {
        match.free_mail = yaml_bool(path_, value, field, false);
      } else if (key == "emails_file" || key == "domains_file" || key == "organizations_file") {
        read_list(match, key, value, field);
      } else {
        yaml_fail(path_, kv.first, field,
                  "unknown matcher (known: emails, emails_file, domains, domains_file, domain_suffixes, "
                  "organizations, organizations_file, free_mail, keywords)");
      }
    }
  }

  void add_email(CategoryMatch& match, const std::string& e, const std::string& source, const YAML::Node& node,
                 const std::string& field) {
    std::string key = email_key(e);
    if (key.empty()) yaml_fail(path_, node, field, "'" + e + "' is not an e-mail address");
    match.emails.push_back({key, source});
  }

  void add_organization(CategoryMatch& match, const std::string& o, const std::string& source) {
    std::string key = organization_key(o, def_.lists.legal_forms);
    if (!key.empty()) match.organizations.push_back({key, source});
  }

  void read_list(CategoryMatch& match, const std::string& key, const YAML::Node& value, const std::string& field) {
    std::string shown = yaml_string(path_, value, field);
    if (shown.empty()) yaml_fail(path_, value, field, "expected a file name");
    std::string path = (base_ / shown).string();
    std::string text = read_list_file(path, shown, path_, value, field);
    std::string column = key == "emails_file" ? "email" : key == "domains_file" ? "domain" : "organization";
    std::string source = key + " " + shown;
    bool csv = shown.size() > 4 && ascii_lower(shown.substr(shown.size() - 4)) == ".csv";
    std::vector<std::pair<std::string, std::size_t>> values;
    if (csv) {
      std::vector<CsvRow> rows = parse_csv(text, guess_csv_separator(text));
      if (rows.empty()) throw ConfigError(path + ":1: " + column + ": the file has no header row");
      int col = find_column(rows[0], column);
      if (col < 0) throw ConfigError(path + ":1: " + column + ": no '" + column + "' column in the header row");
      int name_col = key == "emails_file" ? find_column(rows[0], "name") : -1;
      int org_col = key == "emails_file" ? find_column(rows[0], "organization") : -1;
      for (std::size_t r = 1; r < rows.size(); ++r) {
        const CsvRow& row = rows[r];
        auto cell = [&](int c) {
          return c >= 0 && static_cast<std::size_t>(c) < row.fields.size()
                     ? std::string(trim_blanks(row.fields[static_cast<std::size_t>(c)]))
                     : std::string();
        };
        if (!cell(col).empty()) values.emplace_back(cell(col), row.line);
        if (!cell(name_col).empty() && !cell(org_col).empty()) {
          match.named_people.push_back({name_key(cell(name_col)),
                                        organization_key(cell(org_col), def_.lists.legal_forms),
                                        source + ":" + std::to_string(row.line)});
        }
      }
    } else {
      values = plain_lines(text);
    }
    for (const auto& [v, line] : values) {
      if (key == "emails_file") {
        std::string email = email_key(v);
        if (email.empty()) {
          throw ConfigError(list_error(path, line, "email", "'" + v + "' is not an e-mail address"));
        }
        match.emails.push_back({email, source});
      } else if (key == "domains_file") {
        std::string d = ascii_lower(v);
        while (!d.empty() && (d.front() == '@' || d.front() == '.')) d.erase(0, 1);
        if (d.empty() || d.find_first_of(" @/\t") != std::string::npos) {
          throw ConfigError(list_error(path, line, "domain", "'" + v + "' is not a domain"));
        }
        match.domains.push_back({d, source});
      } else {
        add_organization(match, v, source);
      }
    }
  }

  std::string path_;
  std::filesystem::path base_;
  CaseDefinition def_;
  TextNormalizer normalizer;  // keywords take the form texts are matched in
};

}  // namespace

CaseLists CaseLists::load(const std::string& directory) {
  CaseLists lists;
  lists.free_mail_domains = read_shipped_list(directory, "free-mail.txt");
  lists.role_local_parts = read_shipped_list(directory, "role-addresses.txt");
  lists.legal_forms = read_shipped_list(directory, "legal-forms.txt");
  // Longest first, so that "co., ltd." goes before "co." and "ltd".
  std::stable_sort(lists.legal_forms.begin(), lists.legal_forms.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return lists;
}

std::size_t CaseDefinition::default_category() const {
  for (std::size_t i = 0; i < categories.size(); ++i) {
    if (categories[i].is_default) return i;
  }
  throw ConfigError(source + ":0: categories: no default category");
}

std::optional<std::string> parse_case_date(const std::string& text) {
  std::string_view t = trim_blanks(text);
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
  }
  int y = std::stoi(std::string(t.substr(0, 4))), m = std::stoi(std::string(t.substr(5, 2))),
      d = std::stoi(std::string(t.substr(8, 2)));
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
  return std::string(t);
}

CaseDefinition load_case_file(const std::string& path, const CaseLists& shipped) {
  return yaml_guarded(path, [&] { return CaseReader(path, shipped).read(); });
}

}  // namespace leakscan
