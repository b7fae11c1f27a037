// The report stage's own writers, checked against nlohmann's dump (the
// writer every other output goes through).
#include <libscan/finding.h>
#include <libscan/report.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <string>

using namespace leakscan;

namespace {

// What finding_json wrote before it had its own writer.
std::string reference_finding_json(const Finding& f, const std::string& input_path, bool reveal) {
  nlohmann::ordered_json j;
  j["item"] = f.item;
  j["rule"] = f.rule;
  j["value"] = reveal ? f.value : mask_value(f.item, f.value);
  j["confidence"] = std::round(f.confidence * 100) / 100;
  j["input"] = input_path;
  j["message"] = f.message;
  j["offset"] = f.message_offset;
  j["message_id"] = f.message_id;
  j["part"] = f.part;
  if (!f.filename.empty()) j["filename"] = f.filename;
  if (!f.location.empty()) j["location"] = f.location;
  j["begin"] = f.begin;
  j["end"] = f.end;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

TEST_CASE("a findings line is the bytes nlohmann writes, for every kind of string and number", "[report]") {
  Finding f;
  f.item = "phone";
  f.rule = "jp_phone";
  f.value = "090-1234-5678";
  f.message = 12;
  f.message_offset = 987654321012ULL;
  f.message_id = "<a\"b\\c@example.jp>";
  f.part = "1.2";
  f.begin = 3;
  f.end = 16;
  const std::string control = std::string("tab\there\nline\r\x01\x1f\x7f\b\f end") + '\0' + "x";
  const std::string bad_utf8 = "caf\xC3(\xE3\x81\xFF\xED\xA0\x80 \xF4\x90\x80\x80";
  for (double confidence : {0.0, 0.01, 0.05, 0.1, 0.333, 0.5, 0.7, 0.85, 0.95, 0.994, 0.995, 1.0}) {
    for (const std::string& filename : {std::string(), std::string("顧客一覧.xlsx"), control, bad_utf8}) {
      for (const std::string& location : {std::string(), std::string("Sheet1!B3"), std::string("word ¶4 \"q\"")}) {
        for (bool reveal : {false, true}) {
          f.confidence = confidence;
          f.filename = filename;
          f.location = location;
          for (const std::string& input : {std::string("/cases/inbox.mbox"), std::string("in\\put\"x"), bad_utf8}) {
            INFO(confidence << " " << filename << " " << location << " " << reveal << " " << input);
            CHECK(finding_json(f, input, reveal) == reference_finding_json(f, input, reveal));
          }
        }
      }
    }
  }
  f.value = "山田花子";
  f.item = "name";
  CHECK(finding_json(f, "x", false) == reference_finding_json(f, "x", false));
  CHECK(finding_json(f, "x", true) == reference_finding_json(f, "x", true));
  f.confidence = 1e-9;  // an exponent: nlohmann's own format
  CHECK(finding_json(f, "x", true) == reference_finding_json(f, "x", true));
}
