// RuleSet compilation and the Detector's scan (see libscan/rules.h).
#include <libscan/error.h>
#include <libscan/rules.h>

#include "detect/normalize.h"
#include "detect/pattern_bounds.h"
#include "detect/rule_file.h"
#include "detect/validators.h"
#include "util/ascii.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <unordered_map>
#include <utility>

namespace leakscan {

namespace {

struct CompiledRule {
  RuleSpec spec;
  std::vector<std::unique_ptr<RE2>> regexes;
  std::vector<int> value_group;       // per regex: capture group of the value (0: whole match)
  std::vector<PatternBounds> bounds;  // per regex
  ValidatorFn validator = nullptr;
  bool remember_verdicts = false;  // the validator is costly (libphonenumber, MeCab)
  // Keywords, normalised like the text and lower-cased (ASCII).
  std::vector<std::string> either, before, after;
  std::vector<std::string> not_either, not_before, not_after;
};

std::string lowered(std::string_view s) { return ascii_lower(s); }

// The `chars` code points before `at` / after `at` in UTF-8 `text`.
std::string_view window_before(std::string_view text, std::size_t at, int chars) {
  std::size_t i = at;
  while (i > 0 && chars > 0) {
    --i;
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) --chars;
  }
  return text.substr(i, at - i);
}

std::string_view window_after(std::string_view text, std::size_t at, int chars) {
  std::size_t i = at;
  while (i < text.size() && chars > 0) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    --chars;
  }
  return text.substr(at, i - at);
}

std::size_t utf8_length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

bool is_image(const Part& p) {
  if (p.content_type.rfind("image/", 0) == 0) return true;
  std::string name = ascii_lower(p.filename);
  for (std::string_view ext : {".jpg", ".jpeg", ".png", ".gif", ".heic", ".heif", ".tif", ".tiff", ".bmp", ".webp"}) {
    if (name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0) return true;
  }
  return false;
}

// At most `bytes` of `text`, not cutting a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view text, std::size_t bytes) {
  if (text.size() <= bytes) return text;
  while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
  return text.substr(0, bytes);
}

bool contains_any(std::string_view haystack, const std::vector<std::string>& needles) {
  return std::any_of(needles.begin(), needles.end(),
                     [&](const std::string& n) { return haystack.find(n) != std::string::npos; });
}

}  // namespace

// One prefilter per scope, of the patterns of the rules that apply there:
// the image and file-name rules match nearly every line of a body, and the
// body's rules would otherwise all be let through to be tested again.
struct Prefilter {
  std::unique_ptr<RE2::Set> set;
  std::vector<std::pair<std::size_t, std::size_t>> patterns;  // (rule, regex) per Set index
};

struct RuleSet::Compiled {
  std::vector<CompiledRule> rules;
  std::vector<RuleInfo> infos;
  std::vector<Prefilter> prefilters;  // by Detector::Scope
};

RuleSet RuleSet::load(const std::vector<std::string>& files) {
  auto compiled = std::make_shared<Compiled>();
  RE2::Options options;
  options.set_log_errors(false);
  // DFA states are built as text meets them and kept; a budget too small
  // for the prefilter's states makes RE2 throw them away and build them
  // again and again (a tenfold slowdown measured on the real corpus).
  options.set_max_mem(int64_t{512} << 20);
  compiled->prefilters.resize(std::size(kScopeNames));
  for (Prefilter& p : compiled->prefilters) p.set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
  std::set<std::string> ids;
  TextNormalizer normalizer;
  NormalizedText scratch;
  auto normalize_all = [&](const std::vector<std::string>& words) {
    std::vector<std::string> out;
    for (const std::string& w : words) {
      normalizer.normalize(w, scratch);
      out.push_back(lowered(scratch.text));
    }
    return out;
  };
  for (const std::string& file : files) {
    for (RuleSpec& spec : read_rule_file(file)) {
      if (!ids.insert(spec.id).second) {
        throw ConfigError(spec.file + ":" + std::to_string(spec.line) + ": " + spec.id + ".id: defined twice");
      }
      CompiledRule rule;
      for (const std::string& pattern : spec.patterns) {
        auto re = std::make_unique<RE2>(pattern, options);
        int group = 0;
        const auto& names = re->NamedCapturingGroups();
        if (auto it = names.find("value"); it != names.end()) {
          group = it->second;
        } else if (re->NumberOfCapturingGroups() >= 1) {
          group = 1;
        }
        for (std::size_t scope = 0; scope < std::size(kScopeNames); ++scope) {
          if ((spec.scopes & kScopeNames[scope].bit) == 0) continue;
          Prefilter& prefilter = compiled->prefilters[scope];
          std::string error;
          if (prefilter.set->Add(pattern, &error) < 0) {
            throw ConfigError(spec.file + ":" + std::to_string(spec.line) + ": " + spec.id + ".patterns: " + error);
          }
          prefilter.patterns.emplace_back(compiled->rules.size(), rule.regexes.size());
        }
        rule.regexes.push_back(std::move(re));
        rule.value_group.push_back(group);
        rule.bounds.push_back(pattern_bounds(pattern));
      }
      rule.validator = spec.validator.empty() ? nullptr : find_validator(spec.validator);
      rule.remember_verdicts = validator_is_costly(spec.validator);
      rule.either = normalize_all(spec.context.either);
      rule.before = normalize_all(spec.context.before);
      rule.after = normalize_all(spec.context.after);
      rule.not_either = normalize_all(spec.negative.either);
      rule.not_before = normalize_all(spec.negative.before);
      rule.not_after = normalize_all(spec.negative.after);
      std::vector<std::string> scopes;
      for (const ScopeName& scope : kScopeNames) {
        if (spec.scopes & scope.bit) scopes.emplace_back(scope.name);
      }
      compiled->infos.push_back(
          {spec.id, spec.item, spec.file, spec.must_match, spec.must_not_match, scopes, spec.patterns});
      rule.spec = std::move(spec);
      compiled->rules.push_back(std::move(rule));
    }
  }
  for (Prefilter& p : compiled->prefilters) {
    // An empty set cannot be compiled: a scope no rule applies to has none.
    if (p.patterns.empty()) {
      p.set.reset();
    } else if (!p.set->Compile()) {
      throw ConfigError("rules: the prefilter does not fit in RE2's memory budget");
    }
  }
  RuleSet set;
  set.compiled_ = std::move(compiled);
  return set;
}

RuleSet RuleSet::load_directory(const std::string& directory) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  }
  if (ec) throw ConfigError(directory + ":0: rules: cannot list the directory: " + ec.message());
  std::sort(files.begin(), files.end());
  if (files.empty()) throw ConfigError(directory + ":0: rules: no *.yaml rule files");
  return load(files);
}

const std::vector<RuleInfo>& RuleSet::rules() const { return compiled_->infos; }

struct Detector::Scratch {
  ValidatorContext validators;
  TextNormalizer normalizer;
  NormalizedText normalized;
  std::vector<int> matched;
  std::vector<TextWindow> windows;
  std::vector<TextWindow> digit_runs;  // of the normalised text, found when a windowed pattern first needs them
  std::vector<TextFinding> found;
  std::string lowered;  // the normalised text, lower-cased once when a rule needs keywords
  bool lowered_valid = false;
  std::vector<std::pair<std::string, std::size_t>> furthest_end;  // per item, of the findings kept
  // Validators are pure functions of the value, and mail repeats its values
  // (a signature's phone in every message): libphonenumber costs ~15 us and
  // MeCab a lattice per call, so the costly ones' verdicts are kept, keyed
  // by validator and value; emptied when full (about 2 MB).
  std::unordered_map<std::string, Validation> verdicts;
  std::string verdict_key;

  Validation validate(ValidatorFn validator, std::string_view value) {
    verdict_key.assign(reinterpret_cast<const char*>(&validator), sizeof validator);
    verdict_key.append(value);
    auto it = verdicts.find(verdict_key);
    if (it != verdicts.end()) return it->second;
    if (verdicts.size() >= kMaxVerdicts) verdicts.clear();
    Validation v = validator(value, validators);
    verdicts.emplace(verdict_key, v);
    return v;
  }
  static constexpr std::size_t kMaxVerdicts = 1 << 14;
};

Detector::Detector(const RuleSet& rules) : rules_(rules), scratch_(std::make_unique<Scratch>()) {}
Detector::~Detector() = default;

void Detector::scan_text(std::string_view text, std::vector<TextFinding>& out, Scope scope,
                         std::string_view only_rule) {
  const RuleSet::Compiled& c = rules_.compiled();
  Scratch& s = *scratch_;
  s.lowered_valid = false;
  s.normalized.text.clear();
  if (text.empty()) return;
  s.normalizer.normalize(text, s.normalized);
  const Prefilter& prefilter = c.prefilters[static_cast<std::size_t>(scope)];
  if (!prefilter.set) return;  // no rule applies to this scope
  const std::string& norm = s.normalized.text;
  s.matched.clear();
  RE2::Set::ErrorInfo error{};
  if (!prefilter.set->Match(norm, &s.matched, &error) && error.kind != RE2::Set::kNoError) {
    // The prefilter ran out of memory: run every pattern rather than miss one.
    s.matched.resize(prefilter.patterns.size());
    for (std::size_t i = 0; i < s.matched.size(); ++i) s.matched[i] = static_cast<int>(i);
  }
  std::sort(s.matched.begin(), s.matched.end());
  s.found.clear();
  // Keywords are compared without ASCII case (lowered_text()). Lower-casing
  // keeps every byte where it was, so windows are taken from the lowered
  // text itself.
  re2::StringPiece groups[16];
  bool have_digit_runs = false;
  for (int index : s.matched) {
    auto [rule_index, regex_index] = prefilter.patterns[static_cast<std::size_t>(index)];
    const CompiledRule& rule = c.rules[rule_index];
    if (!only_rule.empty() && rule.spec.id != only_rule) continue;
    // A rule that needs a keyword cannot match in a text without one; the
    // check is a substring search, the pattern a full scan.
    if (rule.spec.context.required) {
      std::string_view all = lowered_text();
      if (!contains_any(all, rule.either) && !contains_any(all, rule.before) && !contains_any(all, rule.after)) {
        continue;
      }
    }
    const RE2& re = *rule.regexes[regex_index];
    int group = rule.value_group[regex_index];
    int ngroups = std::min(group + 1, 16);
    // A bounded pattern that needs a digit is searched near the digits only
    // (detect/pattern_bounds.h: every match lies inside a window, so the
    // matches are the same); when the windows cover most of the text, it
    // is searched whole.
    bool whole_text = true;
    if (const PatternBounds& bounds = rule.bounds[regex_index]; bounds.windowed()) {
      if (!have_digit_runs) {
        digit_runs(norm, s.digit_runs);
        have_digit_runs = true;
      }
      windows_around(s.digit_runs, bounds.max_bytes, norm.size(), s.windows);
      std::size_t covered = 0;
      for (const TextWindow& w : s.windows) covered += w.end - w.begin;
      whole_text = covered * 2 > norm.size();
    }
    if (whole_text) s.windows.assign(1, TextWindow{0, norm.size()});
    // A match's value, kept as a finding when the validator, the context
    // and the threshold agree.
    auto consider = [&](std::string_view candidate, std::size_t vb, std::size_t ve) {
      double confidence = rule.spec.confidence;
      if (rule.validator != nullptr) {
        Validation v =
            rule.remember_verdicts ? s.validate(rule.validator, candidate) : rule.validator(candidate, s.validators);
        if (!v.valid) return;
        confidence += v.confidence_delta;
      }
      const RuleSpec::Context& ctx = rule.spec.context;
      if (!rule.either.empty() || !rule.before.empty() || !rule.after.empty()) {
        std::string_view before = window_before(lowered_text(), vb, ctx.window);
        std::string_view after = window_after(lowered_text(), ve, ctx.window);
        bool found = contains_any(before, rule.either) || contains_any(after, rule.either) ||
                     contains_any(before, rule.before) || contains_any(after, rule.after);
        if (found) {
          confidence += ctx.boost;
        } else if (ctx.required) {
          return;
        }
      }
      if (!rule.not_either.empty() || !rule.not_before.empty() || !rule.not_after.empty()) {
        int w = rule.spec.negative.window;
        std::string_view before = window_before(lowered_text(), vb, w);
        std::string_view after = window_after(lowered_text(), ve, w);
        if (contains_any(before, rule.not_either) || contains_any(after, rule.not_either) ||
            contains_any(before, rule.not_before) || contains_any(after, rule.not_after)) {
          confidence -= rule.spec.negative.penalty;
        }
      }
      if (confidence < rule.spec.threshold) return;
      s.found.push_back({rule.spec.item, rule.spec.id, std::string(candidate), std::min(confidence, 1.0),
                         s.normalized.original_begin(vb), s.normalized.original_end(ve)});
    };
    std::size_t pos = 0;
    for (const TextWindow& window : s.windows) {
      pos = std::max(pos, window.begin);
      while (pos <= window.end && re.Match(norm, pos, window.end, RE2::UNANCHORED, groups, ngroups)) {
        re2::StringPiece whole = groups[0];
        re2::StringPiece value = groups[group].data() != nullptr ? groups[group] : whole;
        std::size_t vb = static_cast<std::size_t>(value.data() - norm.data());
        std::size_t ve = vb + value.size();
        std::size_t whole_end = static_cast<std::size_t>(whole.data() - norm.data()) + whole.size();
        // Resume at the value's end: the delimiter after one value may be
        // the delimiter before the next.
        pos = ve > pos ? ve : std::max(whole_end, pos + 1);
        if (!value.empty()) consider(std::string_view(value.data(), value.size()), vb, ve);
      }
    }
  }
  // One finding per item and span: the most confident rule's. Longer spans
  // first, so that the check below sees the container before its content.
  std::sort(s.found.begin(), s.found.end(), [](const TextFinding& a, const TextFinding& b) {
    return std::tie(a.begin, b.end, a.item, b.confidence, a.rule) <
           std::tie(b.begin, a.end, b.item, a.confidence, b.rule);
  });
  // A finding inside a longer one of the same item (a street address
  // inside the address with its postal code) adds nothing. Every finding
  // kept so far begins at or before this one, so it is inside one of them
  // exactly when it ends at or before the furthest end kept for its item.
  s.furthest_end.clear();
  for (TextFinding& f : s.found) {
    auto kept = std::find_if(s.furthest_end.begin(), s.furthest_end.end(),
                             [&](const std::pair<std::string, std::size_t>& e) { return e.first == f.item; });
    if (kept == s.furthest_end.end()) {
      s.furthest_end.emplace_back(f.item, f.end);
    } else if (f.end <= kept->second) {
      continue;
    } else {
      kept->second = f.end;
    }
    out.push_back(std::move(f));
  }
}

std::string_view Detector::lowered_text() {
  Scratch& s = *scratch_;
  if (!s.lowered_valid) {
    s.lowered = lowered(s.normalized.text);
    s.lowered_valid = true;
  }
  return s.lowered;
}

void Detector::scan_message(const Message& m, std::vector<Finding>& out,
                            const std::function<void(const Part&, std::string_view)>& on_part_text) {
  auto emit = [&](const std::string& part, const std::string& filename, const TextFinding& f) {
    Finding finding;
    finding.item = f.item;
    finding.rule = f.rule;
    finding.value = f.value;
    finding.confidence = f.confidence;
    finding.input = m.input;
    finding.message = m.index;
    finding.message_offset = m.offset;
    finding.message_id = m.envelope.message_id;
    finding.part = part;
    finding.filename = filename;
    finding.begin = f.begin;
    finding.end = f.end;
    out.push_back(std::move(finding));
  };
  std::vector<TextFinding> found;
  auto scan_envelope = [&](const Envelope& envelope, const std::string& prefix) {
    for (const Header& h : envelope.headers) {
      if (!ascii_iequals(h.name, "subject")) continue;
      found.clear();
      scan_text(h.value, found, Scope::kSubject);
      for (const TextFinding& f : found) emit(prefix + "header:" + h.name, "", f);
    }
    // Address headers are parsed already: each address is an e-mail item
    // as it stands (rule "header.address"), each display name is scanned
    // alone, where name rules can tell a person from a team.
    const std::pair<const char*, const std::vector<Address>*> lists[] = {
        {"From", &envelope.from}, {"Sender", &envelope.sender}, {"Reply-To", &envelope.reply_to},
        {"To", &envelope.to},     {"Cc", &envelope.cc},         {"Bcc", &envelope.bcc}};
    for (const auto& [header_name, addresses] : lists) {
      const Header* header = nullptr;
      for (const Header& h : envelope.headers) {
        if (ascii_iequals(h.name, header_name)) {
          header = &h;
          break;
        }
      }
      std::string part = prefix + "header:" + (header != nullptr ? header->name : std::string(header_name));
      auto place = [&](TextFinding& f, const std::string& text) {
        std::size_t base = header != nullptr ? header->value.find(text) : std::string::npos;
        if (base == std::string::npos) {
          f.begin = f.end = 0;  // as decoded, it is not in the decoded header text
        } else {
          f.begin += base;
          f.end += base;
        }
      };
      for (const Address& a : *addresses) {
        if (find_validator("email")(a.address, scratch_->validators).valid) {
          TextFinding f{"email", "header.address", a.address, 1.0, 0, a.address.size()};
          place(f, a.address);
          emit(part, "", f);
        }
        if (a.name.empty()) continue;
        found.clear();
        scan_text(a.name, found, Scope::kDisplayName);
        for (TextFinding& f : found) {
          place(f, a.name);
          emit(part, "", f);
        }
      }
    }
  };
  scan_envelope(m.envelope, "");
  for (const EnclosedMessage& e : m.enclosed) scan_envelope(e.envelope, e.path + ":");
  // An image is judged with what the message says around it: the image
  // scope's text is its name, then the subject and the start of the first
  // text part.
  std::string message_context;
  std::unordered_map<std::string_view, const std::string*> picture_facts;
  std::unordered_map<std::string, const std::string*> picture_text;  // by the picture's path
  for (const Part& p : m.parts) {
    if (!is_image(p)) continue;
    if (message_context.empty()) {
      message_context = m.envelope.subject + "\n";
      for (const Part& t : m.parts) {
        if (!t.is_text) continue;
        message_context += utf8_prefix(t.text, 3000);
        break;
      }
    }
    std::string name = p.filename.empty() ? p.content_type : p.filename;
    std::string segment = name;
    segment.append("\n");
    // What the picture itself showed (extract/extractor.cc), and the start
    // of its recognized text: a scan that reads PASSPORT is a passport.
    if (picture_facts.empty() && picture_text.empty()) {
      for (const AttachmentStatus& a : m.attachments) {
        if (!a.facts.empty()) picture_facts.emplace(a.path, &a.facts);
      }
      for (const Part& t : m.parts) {
        if (t.path.size() > 4 && t.path.compare(t.path.size() - 4, 4, "#ocr") == 0) {
          picture_text.emplace(t.path.substr(0, t.path.size() - 4), &t.text);
        }
      }
    }
    if (auto it = picture_facts.find(p.path); it != picture_facts.end()) {
      segment.append("[image ").append(*it->second).append("]\n");
    }
    if (auto it = picture_text.find(p.path); it != picture_text.end()) {
      segment.append(utf8_prefix(*it->second, 500)).append("\n");
    }
    segment.append(message_context);
    found.clear();
    scan_text(segment, found, Scope::kImage);
    for (TextFinding& f : found) {
      if (f.begin >= name.size()) continue;  // the rule must point at the image itself
      f.end = std::min(f.end, name.size());
      emit(p.path + "#filename", p.filename, f);
    }
  }
  for (const Part& p : m.parts) {
    if (!p.filename.empty()) {
      found.clear();
      scan_text(p.filename, found, Scope::kFilename);
      for (const TextFinding& f : found) emit(p.path + "#filename", p.filename, f);
    }
    if (!p.is_text) continue;
    found.clear();
    scan_text(p.text, found);
    if (on_part_text) on_part_text(p, lowered_text());
    // Text read from an attachment: the file it came from, and where in it.
    const std::string& file = p.filename.empty() ? p.origin : p.filename;
    for (const TextFinding& f : found) {
      emit(p.path, file, f);
      if (p.spans.empty()) continue;
      auto span = std::upper_bound(p.spans.begin(), p.spans.end(), f.begin,
                                   [](std::size_t at, const TextSpan& s) { return at < s.begin; });
      if (span != p.spans.begin()) out.back().location = std::prev(span)->location;
    }
  }
}

std::string mask_value(std::string_view item, std::string_view value) {
  std::string out;
  if (item == "email") {
    std::size_t at = value.rfind('@');
    if (at != std::string_view::npos && at > 0) {
      out.push_back(value[0]);
      out += "***";
      out += value.substr(at);
      return out;
    }
  }
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (item == "address") {
    // Up to the city (市区町村郡) stays, or the first words of an English
    // address; numbers and the street go.
    std::size_t keep_until = 0;
    static constexpr std::string_view kCityMarks[] = {"市", "区", "町", "村", "郡"};
    std::size_t city = std::string_view::npos;
    for (std::string_view mark : kCityMarks) city = std::min(city, value.find(mark));
    keep_until = city < 40 ? city + 3 : std::min<std::size_t>(value.size(), 12);
    for (std::size_t i = 0; i < value.size();) {
      std::size_t len = utf8_length(static_cast<unsigned char>(value[i]));
      std::string_view ch = value.substr(i, len);
      bool keep = ch == " " || ch == "," || ch == "-" || (i < keep_until && !is_digit(ch[0]));
      out += keep ? ch : std::string_view("*");
      i += len;
    }
    return out;
  }
  auto digits = static_cast<std::size_t>(std::count_if(value.begin(), value.end(), is_digit));
  if (digits >= 6) {
    // Numbers: keep the separators and the last four digits; a phone
    // number also keeps its first group (090-****-5678, +81 *-****-5678).
    std::size_t keep_first = 0;
    if (item == "phone" || item == "family_phone") {
      std::size_t separator = value.find_first_of("-( ");
      if (separator <= 4 && value.find_first_of("-) ", separator + 1) != std::string_view::npos) {
        keep_first = separator;
      }
    }
    std::size_t keep_from = digits - 4, seen = 0, position = 0;
    for (char c : value) {
      bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
      if (is_digit(c)) {
        out.push_back(seen++ >= keep_from || position < keep_first ? c : '*');
      } else {
        out.push_back(letter ? '*' : c);
      }
      ++position;
    }
    return out;
  }
  // Words: the first character, then one '*' per further character.
  for (std::size_t i = 0; i < value.size();) {
    std::size_t len = utf8_length(static_cast<unsigned char>(value[i]));
    if (i == 0 && value.size() > len) {
      out.append(value.substr(0, len));
    } else {
      out.push_back(value[i] == ' ' ? ' ' : '*');
    }
    i += len;
  }
  return out;
}

}  // namespace leakscan
