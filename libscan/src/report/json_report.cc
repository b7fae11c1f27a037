// summary.json and the dump lines, through nlohmann::ordered_json so that key
// order (and so the bytes) never depends on hashing.
#include <libscan/report.h>
#include <libscan/version.h>

#include "mime/charset.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>

namespace leakscan {

namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

Json defects_json(const std::vector<Defect>& defects) {
  Json a = Json::array();
  for (const Defect& d : defects) a.push_back(Json{{"kind", d.kind}, {"where", d.where}, {"detail", d.detail}});
  return a;
}

Json addresses_json(const std::vector<Address>& addresses) {
  Json a = Json::array();
  for (const Address& x : addresses) a.push_back(Json::array({x.name, x.address}));
  return a;
}

Json envelope_json(const Envelope& e) {
  Json j;
  j["message_id"] = e.message_id;
  j["date"] = e.date ? Json(*e.date) : Json(nullptr);
  j["subject"] = e.subject;
  j["from"] = addresses_json(e.from);
  j["to"] = addresses_json(e.to);
  j["cc"] = addresses_json(e.cc);
  if (!e.bcc.empty()) j["bcc"] = addresses_json(e.bcc);
  if (!e.reply_to.empty()) j["reply_to"] = addresses_json(e.reply_to);
  if (!e.sender.empty()) j["sender"] = addresses_json(e.sender);
  return j;
}

// A finding; with `input_path`, also where its message is (findings.jsonl),
// without it only its place in the message (dump, next to the message).
Json finding_object(const Finding& f, bool reveal, const std::string* input_path) {
  Json j;
  j["item"] = f.item;
  j["rule"] = f.rule;
  j["value"] = reveal ? f.value : mask_value(f.item, f.value);
  j["confidence"] = std::round(f.confidence * 100) / 100;
  if (input_path != nullptr) {
    j["input"] = *input_path;
    j["message"] = f.message;
    j["offset"] = f.message_offset;
    j["message_id"] = f.message_id;
  }
  j["part"] = f.part;
  if (!f.filename.empty()) j["filename"] = f.filename;
  if (!f.location.empty()) j["location"] = f.location;
  j["begin"] = f.begin;
  j["end"] = f.end;
  return j;
}

}  // namespace

namespace {

// findings.jsonl has a line per finding, millions in a large mailbox; these
// write the bytes nlohmann's compact dump writes, without building a tree.
void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    out.push_back('\\');
    switch (c) {
      case '"':
        out.push_back('"');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '\b':
        out.push_back('b');
        break;
      case '\f':
        out.push_back('f');
        break;
      case '\n':
        out.push_back('n');
        break;
      case '\r':
        out.push_back('r');
        break;
      case '\t':
        out.push_back('t');
        break;
      default:
        out.append("u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

void append_json_key(std::string& out, std::string_view key) {
  if (out.back() != '{') out.push_back(',');
  out.push_back('"');
  out.append(key);
  out.append("\":");
}

void append_json_number(std::string& out, std::uint64_t n) {
  char buffer[24];
  out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, n).ptr);
}

// nlohmann prints a double as its shortest round trip, ".0" after an
// integer; false for what it would write otherwise (exponents, NaN).
bool append_json_double(std::string& out, double x) {
  if (!std::isfinite(x)) return false;
  char buffer[32];
  char* end = std::to_chars(buffer, buffer + sizeof buffer, x).ptr;
  std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
  if (text.find_first_of("eE") != std::string_view::npos) return false;
  out.append(text);
  if (text.find('.') == std::string_view::npos) out.append(".0");
  return true;
}

}  // namespace

std::string finding_json(const Finding& f, const std::string& input_path, bool reveal) {
  std::string value = reveal ? f.value : mask_value(f.item, f.value);
  for (std::string_view s : {std::string_view(f.item), std::string_view(f.rule), std::string_view(value),
                             std::string_view(input_path), std::string_view(f.message_id), std::string_view(f.part),
                             std::string_view(f.filename), std::string_view(f.location)}) {
    // nlohmann replaces ill-formed UTF-8 with U+FFFD its own way.
    if (!is_valid_utf8(s)) return dump(finding_object(f, reveal, &input_path), -1);
  }
  std::string out;
  out.reserve(160 + f.rule.size() + value.size() + input_path.size() + f.message_id.size() + f.part.size() +
              f.filename.size() + f.location.size());
  out.push_back('{');
  append_json_key(out, "item");
  append_json_string(out, f.item);
  append_json_key(out, "rule");
  append_json_string(out, f.rule);
  append_json_key(out, "value");
  append_json_string(out, value);
  append_json_key(out, "confidence");
  if (!append_json_double(out, std::round(f.confidence * 100) / 100)) {
    return dump(finding_object(f, reveal, &input_path), -1);
  }
  append_json_key(out, "input");
  append_json_string(out, input_path);
  append_json_key(out, "message");
  append_json_number(out, f.message);
  append_json_key(out, "offset");
  append_json_number(out, f.message_offset);
  append_json_key(out, "message_id");
  append_json_string(out, f.message_id);
  append_json_key(out, "part");
  append_json_string(out, f.part);
  if (!f.filename.empty()) {
    append_json_key(out, "filename");
    append_json_string(out, f.filename);
  }
  if (!f.location.empty()) {
    append_json_key(out, "location");
    append_json_string(out, f.location);
  }
  append_json_key(out, "begin");
  append_json_number(out, f.begin);
  append_json_key(out, "end");
  append_json_number(out, f.end);
  out.push_back('}');
  return out;
}

std::string summary_json(const ScanSummary& s) {
  Json j;
  j["schema"] = "leakscan.summary/1";
  j["tool"] = Json{{"name", "leakscan"}, {"version", kVersion}};
  j["case"] = s.case_name.empty() ? Json(nullptr) : Json(s.case_name);
  if (!s.rules_sha256.empty() || !s.case_sha256.empty()) {
    j["provenance"] = Json{{"rules_sha256", s.rules_sha256}, {"case_sha256", s.case_sha256}};
  }
  Json inputs = Json::array();
  for (const InputRecord& r : s.inputs) {
    Json in{{"path", r.path}, {"format", r.format}, {"sha256", r.sha256}, {"bytes", r.bytes}, {"messages", r.messages}};
    if (!r.defects.empty()) in["defects"] = defects_json(r.defects);
    if (!r.error.empty()) in["error"] = r.error;
    inputs.push_back(std::move(in));
  }
  j["inputs"] = std::move(inputs);
  j["messages"] =
      Json{{"total", s.messages_total}, {"in_window", s.messages_in_window}, {"with_defects", s.messages_with_defects}};
  if (s.result != nullptr) {
    const ScanResult& r = *s.result;
    j["persons_total"] = r.persons_total;
    Json categories = Json::array();
    for (const CategoryCount& c : r.categories) {
      categories.push_back(Json{{"id", c.id}, {"label", c.label}, {"persons", c.persons}, {"items", c.items}});
    }
    j["categories"] = std::move(categories);
    j["internal"] = Json{{"persons", r.internal.persons}, {"items", r.internal.items}};
    j["specific_personal_information"] = r.specific_personal_information;
    Json unread = Json::object(), kinds = Json::object();
    for (const auto& [reason, n] : r.attachments.unread) unread[reason] = n;
    for (const auto& [kind, n] : r.attachments.by_kind) kinds[kind.empty() ? "other" : kind] = n;
    j["attachments"] =
        Json{{"total", r.attachments.total}, {"read", r.attachments.read}, {"unread", unread}, {"kinds", kinds}};
  }
  return dump(j, 2) + "\n";
}

std::string message_json(const Message& m, const std::string& input_path, bool text,
                         const std::vector<Finding>* findings, bool reveal) {
  Json j;
  j["input"] = input_path;
  j["index"] = m.index;
  j["offset"] = m.offset;
  j["bytes"] = m.raw_bytes;
  Json envelope = envelope_json(m.envelope);
  for (auto& [key, value] : envelope.items()) j[key] = value;
  j["defects"] = defects_json(m.defects);
  Json parts = Json::array();
  for (const Part& p : m.parts) {
    Json part{{"path", p.path},
              {"content_type", p.content_type},
              {"charset", p.charset.empty() ? Json(nullptr) : Json(p.charset)},
              {"decoded_charset", p.decoded_charset.empty() ? Json(nullptr) : Json(p.decoded_charset)},
              {"transfer_encoding", p.transfer_encoding.empty() ? Json(nullptr) : Json(p.transfer_encoding)},
              {"filename", p.filename.empty() ? Json(nullptr) : Json(p.filename)},
              {"disposition", p.disposition.empty() ? Json(nullptr) : Json(p.disposition)},
              {"bytes", p.bytes},
              {"decode_chain", p.decode_chain}};
    if (!p.origin.empty()) part["origin"] = p.origin;
    if (text && p.is_text) part["text"] = p.text;
    parts.push_back(std::move(part));
  }
  j["parts"] = std::move(parts);
  if (!m.attachments.empty()) {
    Json attachments = Json::array();
    for (const AttachmentStatus& a : m.attachments) {
      Json x{{"path", a.path}, {"filename", a.filename}, {"kind", a.kind}, {"read", a.read}};
      if (!a.read) x["reason"] = a.reason;
      if (!a.facts.empty()) x["facts"] = a.facts;
      attachments.push_back(std::move(x));
    }
    j["attachments"] = std::move(attachments);
  }
  if (!m.enclosed.empty()) {
    Json enclosed = Json::array();
    for (const EnclosedMessage& e : m.enclosed) {
      Json x{{"path", e.path}};
      Json fields = envelope_json(e.envelope);
      for (auto& [key, value] : fields.items()) x[key] = value;
      enclosed.push_back(std::move(x));
    }
    j["enclosed"] = std::move(enclosed);
  }
  if (findings != nullptr) {
    Json list = Json::array();
    for (const Finding& f : *findings) list.push_back(finding_object(f, reveal, nullptr));
    j["findings"] = std::move(list);
  }
  return dump(j, -1);
}

}  // namespace leakscan
