// persons.csv, persons.jsonl and report.md: the persons of a scan for the
// notification list, for the analyst's questions and for the regulator.
#include <libscan/report.h>

#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>

namespace leakscan {

namespace {

using Json = nlohmann::ordered_json;

// RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled.
void csv_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

std::string joined(const std::vector<std::string>& values, std::string_view separator) {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out.append(separator);
    out += v;
  }
  return out;
}

// Every address-like word of `text` masked ("emails_file x.csv: s***@x.jp").
std::string mask_addresses(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find_first_of(" ,;", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(pos, end - pos);
    out += word.find('@') != std::string_view::npos ? mask_value("email", word) : std::string(word);
    if (end < text.size()) out.push_back(text[end]);
    pos = end + 1;
  }
  return out;
}

// A merge key as shown: "my_number:1234..." and "山田太郎|organization:x".
std::string shown_key(const std::string& reason, const std::string& key, bool reveal) {
  if (reveal || key.empty()) return key;
  if (reason == "same e-mail address") return mask_value("email", key);
  if (std::size_t colon = key.find(':'); reason == "same identifier" && colon != std::string::npos) {
    return key.substr(0, colon + 1) + mask_value(key.substr(0, colon), key.substr(colon + 1));
  }
  if (std::size_t bar = key.find('|'); bar != std::string::npos) {
    std::string rest = key.substr(bar + 1);
    if (rest.rfind("phone:", 0) == 0) rest = "phone:" + mask_value("phone", rest.substr(6));
    return mask_value("name", key.substr(0, bar)) + "|" + rest;
  }
  return mask_value("name", key);
}

std::string thousands(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string labels_ja(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += "、";
    out += item_label_ja(item);
  }
  return out.empty() ? "なし" : out;
}

}  // namespace

std::string item_label_ja(std::string_view item) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 24> kLabels = {{
      {"name", "氏名"},
      {"email", "メールアドレス"},
      {"organization", "法人名"},
      {"department_title", "所属部署・役職"},
      {"address", "住所"},
      {"phone", "電話番号"},
      {"birth_date", "生年月日"},
      {"age", "年齢"},
      {"gender", "性別"},
      {"nationality", "国籍"},
      {"passport_number", "パスポート番号"},
      {"drivers_license_number", "免許証番号"},
      {"bank_account", "銀行口座"},
      {"credit_card", "クレジットカード番号"},
      {"my_number", "個人番号(特定個人情報)"},
      {"accountant_number", "会計士番号"},
      {"career", "略歴"},
      {"photo", "顔写真等"},
      {"hobby", "趣味"},
      {"relationship", "続柄"},
      {"family_name", "家族の個人名"},
      {"family_birth_date", "生年月日(本人以外)"},
      {"family_phone", "電話番号(本人以外)"},
      {"family_address", "住所(本人以外)"},
  }};
  for (const auto& [id, label] : kLabels) {
    if (id == item) return std::string(label);
  }
  return std::string(item);
}

std::string persons_csv(const ScanResult& result, bool reveal) {
  std::string out = "person_id,category,name,emails,organization,items,messages,first_seen,last_seen,reason\r\n";
  for (const Person& p : result.persons) {
    std::vector<std::string> emails;
    for (const std::string& e : p.emails) emails.push_back(reveal ? e : mask_value("email", e));
    std::string name = reveal || p.name.empty() ? p.name : mask_value("name", p.name);
    const std::string fields[] = {p.id,
                                  p.category,
                                  name,
                                  joined(emails, ";"),
                                  p.organizations.empty() ? std::string()
                                  : reveal                ? p.organizations.front()
                                                          : mask_value("organization", p.organizations.front()),
                                  joined(p.items, ";"),
                                  std::to_string(p.messages),
                                  p.first_seen,
                                  p.last_seen,
                                  reveal ? p.reason : mask_addresses(p.reason)};
    for (std::size_t i = 0; i < std::size(fields); ++i) {
      if (i > 0) out.push_back(',');
      csv_field(out, fields[i]);
    }
    out += "\r\n";
  }
  return out;
}

namespace {

// One line of persons.jsonl, written in pieces to `write`: a person's
// records may be hundreds of thousands (a client list's rows), so they are
// formatted one at a time, never as one document.
template <class Write>
void write_person_line(const ScanResult& result, std::size_t index, const std::vector<std::string>& input_paths,
                       bool reveal, Write&& write) {
  const Person& p = result.persons[index];
  Json j;
  j["person"] = p.id;
  j["category"] = p.category;
  j["reason"] = reveal ? p.reason : mask_addresses(p.reason);
  Json names = Json::array(), emails = Json::array();
  for (const std::string& n : p.names) names.push_back(reveal ? n : mask_value("name", n));
  for (const std::string& e : p.emails) emails.push_back(reveal ? e : mask_value("email", e));
  j["names"] = std::move(names);
  j["emails"] = std::move(emails);
  Json organizations = Json::array();
  for (const std::string& o : p.organizations) organizations.push_back(reveal ? o : mask_value("organization", o));
  j["organizations"] = std::move(organizations);
  j["items"] = p.items;
  j["messages"] = p.messages;
  auto dump = [](const Json& value) { return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); };
  std::string head = dump(j);
  head.pop_back();  // the closing brace: records and merges follow
  head += ",\"records\":[";
  write(head);
  bool first_record = true, first_merge = true;
  std::string piece;
  result.visit_evidence(
      index,
      [&](const RecordEvidence& r) {
        piece = first_record ? "" : ",";
        first_record = false;
        piece += dump(Json{{"kind", r.kind},
                           {"input", r.input < input_paths.size() ? input_paths[r.input] : std::string()},
                           {"message", r.message},
                           {"offset", r.message_offset},
                           {"message_id", r.message_id},
                           {"where", r.where},
                           {"messages", r.occurrences}});
        write(piece);
      },
      [&](const MergeEvidence& m) {  // after every record
        piece = first_merge ? "],\"merges\":[" : ",";
        first_merge = false;
        piece += dump(Json{{"records", Json::array({m.record_a, m.record_b})},
                           {"reason", m.reason},
                           {"key", shown_key(m.reason, m.key, reveal)}});
        write(piece);
      });
  write(first_merge ? "],\"merges\":[]}\n" : "]}\n");
}

}  // namespace

std::string persons_jsonl(const ScanResult& result, const std::vector<std::string>& input_paths, bool reveal) {
  std::string out;
  for (std::size_t i = 0; i < result.persons.size(); ++i) {
    write_person_line(result, i, input_paths, reveal, [&](std::string_view piece) { out += piece; });
  }
  return out;
}

void write_persons_jsonl(const ScanResult& result, const std::vector<std::string>& input_paths, bool reveal,
                         OutputFile& out) {
  for (std::size_t i = 0; i < result.persons.size(); ++i) {
    write_person_line(result, i, input_paths, reveal, [&](std::string_view piece) { out.write(piece); });
  }
}

std::string report_markdown(const ScanSummary& summary, const ScanResult& result) {
  std::string out = "# " + (summary.case_name.empty() ? std::string("leakscan") : summary.case_name) + "\n\n";
  out += "## 漏えい等が発生し、又は発生したおそれがある個人情報の人数と漏えい等が発生した個人情報の項目\n\n";
  out += "調査により " + thousands(result.persons_total) +
         " 人の個人情報が漏えいしたことが判明いたしました。なお、漏えいした個人情報の項目と人数の詳細は以下の通りと"
         "なります。\n";
  for (const CategoryCount& c : result.categories) {
    out += "\n### " + c.id + " " + c.label + "\n\n";
    out += "◆漏えいした個人情報項目\n\n" + labels_ja(c.items) + "\n\n";
    out += "◆漏えいした個人情報の人数\n\n個人情報が漏えいした数は " + thousands(c.persons) + " 人。\n";
  }
  out += "\n## その他参考となる事項\n\n";
  out += "上記のほか、役職員等（internal）" + thousands(result.internal.persons) + " 人の個人情報（" +
         labels_ja(result.internal.items) + "）が含まれていました。これらは上記の人数に含まれていません。\n\n";
  out += "特定個人情報（個人番号）が漏えいした個人は " + thousands(result.specific_personal_information) + " 人。\n\n";
  out += "対象メール " + thousands(summary.messages_total) + " 通（調査期間内 " +
         thousands(summary.messages_in_window) + " 通）。\n";
  return out;
}

}  // namespace leakscan
