#include "persons/records.h"

#include "detect/rule_file.h"
#include "detect/validators.h"
#include "persons/icalendar.h"
#include "persons/keys.h"
#include "persons/text_layout.h"
#include "persons/vcard.h"
#include "util/ascii.h"
#include "util/csv.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace leakscan {

namespace {

constexpr std::string_view kContactItems[] = {"name", "organization", "department_title", "phone", "email", "address"};
constexpr std::string_view kFamilyWords[] = {"配偶者", "扶養",      "家族",  "妻",        "夫",          "長男",
                                             "長女",   "次男",      "次女",  "三男",      "三女",        "子供",
                                             "子の",   "父",        "母",    "続柄",      "緊急連絡先",  "実家",
                                             "spouse", "dependent", "child", "emergency", "relationship"};

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

bool contains_family_word(std::string_view s) {
  std::string lower = ascii_lower(s);
  return std::any_of(std::begin(kFamilyWords), std::end(kFamilyWords),
                     [&](std::string_view w) { return lower.find(w) != std::string::npos; });
}

// "氏名：", "TEL:", "生年月日 :" at the start of a line: the label, or "".
std::string_view line_label(std::string_view content) {
  std::string_view t = trim_blanks(content);
  std::size_t colon = std::min(t.find(':'), t.find("\uFF1A"));
  if (colon == std::string_view::npos || colon == 0 || colon > 60) return {};
  return trim_blanks(t.substr(0, colon));
}

std::uint32_t contact_mask() {
  std::uint32_t m = 0;
  for (std::string_view item : kContactItems) m |= item_bit(item);
  return m;
}

int popcount(std::uint32_t v) { return __builtin_popcount(v); }

bool is_bulk(const Envelope& e) {
  for (const Header& h : e.headers) {
    std::string name = ascii_lower(h.name);
    std::string value = ascii_lower(trim_blanks(h.value));
    if (name == "list-id" || name == "list-unsubscribe" || name == "list-post" || name == "feedback-id") return true;
    if (name == "precedence" && (value == "bulk" || value == "list" || value == "junk")) return true;
    // An out-of-office answer comes from a person's own mailbox; a system
    // notice does not.
    if (name == "auto-submitted" && !value.empty() && value != "no" && value.rfind("auto-replied", 0) != 0) return true;
    if ((name == "x-spam-flag" || name == "x-spam-status") && value.rfind("yes", 0) == 0) return true;
    if (name == "return-path" && (value == "<>" || value.empty())) return true;
  }
  return false;
}

bool is_table_part(const Part& p) {
  std::string name = ascii_lower(p.filename);
  return p.is_text && (p.content_type == "text/csv" || p.content_type == "text/x-csv" ||
                       p.content_type == "text/tab-separated-values" || p.content_type == "application/csv" ||
                       ends_with(name, ".csv") || ends_with(name, ".tsv"));
}

// Column headers of attached tables and the item each column holds.
struct ColumnItem {
  std::string_view header;
  std::string_view item;
};
constexpr ColumnItem kColumns[] = {
    {"氏名", "name"},
    {"名前", "name"},
    {"お名前", "name"},
    {"name", "name"},
    {"full name", "name"},
    {"担当者", "name"},
    {"担当者名", "name"},
    {"contact", "name"},
    {"contact name", "name"},
    {"email", "email"},
    {"e-mail", "email"},
    {"mail", "email"},
    {"email address", "email"},
    {"メールアドレス", "email"},
    {"メール", "email"},
    {"会社名", "organization"},
    {"法人名", "organization"},
    {"所属", "organization"},
    {"組織", "organization"},
    {"company", "organization"},
    {"organization", "organization"},
    {"organisation", "organization"},
    {"firm", "organization"},
    {"部署", "department_title"},
    {"部署名", "department_title"},
    {"所属部署", "department_title"},
    {"役職", "department_title"},
    {"部署・役職", "department_title"},
    {"title", "department_title"},
    {"position", "department_title"},
    {"department", "department_title"},
    {"job title", "department_title"},
    {"電話", "phone"},
    {"電話番号", "phone"},
    {"携帯", "phone"},
    {"携帯番号", "phone"},
    {"tel", "phone"},
    {"phone", "phone"},
    {"mobile", "phone"},
    {"住所", "address"},
    {"所在地", "address"},
    {"address", "address"},
    {"生年月日", "birth_date"},
    {"誕生日", "birth_date"},
    {"date of birth", "birth_date"},
    {"birth date", "birth_date"},
    {"dob", "birth_date"},
    {"年齢", "age"},
    {"age", "age"},
    {"性別", "gender"},
    {"gender", "gender"},
    {"sex", "gender"},
    {"国籍", "nationality"},
    {"nationality", "nationality"},
    {"旅券番号", "passport_number"},
    {"パスポート番号", "passport_number"},
    {"passport", "passport_number"},
    {"passport no", "passport_number"},
    {"passport number", "passport_number"},
    {"免許証番号", "drivers_license_number"},
    {"運転免許証番号", "drivers_license_number"},
    {"license number", "drivers_license_number"},
    {"口座番号", "bank_account"},
    {"bank account", "bank_account"},
    {"account number", "bank_account"},
    {"個人番号", "my_number"},
    {"マイナンバー", "my_number"},
    {"my number", "my_number"},
    {"趣味", "hobby"},
    {"hobby", "hobby"},
    {"続柄", "relationship"},
    {"relationship", "relationship"},
    {"配偶者氏名", "family_name"},
    {"家族氏名", "family_name"},
    {"配偶者生年月日", "family_birth_date"},
    {"家族生年月日", "family_birth_date"},
    {"緊急連絡先", "family_phone"},
    {"家族電話番号", "family_phone"},
    {"実家住所", "family_address"},
    {"家族住所", "family_address"},
};

// The validator a cell of a column must pass, by item ("" for none).
std::string_view column_validator(std::string_view item) {
  if (item == "phone" || item == "family_phone") return "phone";
  if (item == "email") return "email";
  if (item == "birth_date" || item == "family_birth_date") return "date";
  if (item == "age") return "age";
  if (item == "my_number") return "my_number";
  if (item == "drivers_license_number") return "drivers_license_jp";
  return "";
}

}  // namespace

const char* record_kind_name(RecordKind kind) {
  switch (kind) {
    case RecordKind::kHeader:
      return "header";
    case RecordKind::kSignature:
      return "signature";
    case RecordKind::kForm:
      return "form";
    case RecordKind::kTableRow:
      return "table_row";
    case RecordKind::kSalutation:
      return "salutation";
    case RecordKind::kParagraph:
      return "paragraph";
    case RecordKind::kLine:
      return "line";
    case RecordKind::kFilename:
      return "filename";
    case RecordKind::kContactBlock:
      return "contact_block";
    case RecordKind::kContactCard:
      return "vcard";
    case RecordKind::kCalendar:
      return "calendar";
  }
  return "record";
}

int item_index(std::string_view item) {
  const auto& items = known_items();
  auto it = std::find(items.begin(), items.end(), item);
  return it == items.end() ? -1 : static_cast<int>(it - items.begin());
}

std::uint32_t item_bit(std::string_view item) {
  int i = item_index(item);
  return i < 0 ? 0u : 1u << i;
}

struct RecordBuilder::Impl {
  explicit Impl(const CaseDefinition& d) : def(d) {}

  // A finding that is deliberately nobody's (finding_draft, until build ends).
  static constexpr int kNobody = -2;

  const CaseDefinition& def;
  ValidatorContext validators;
  // MeCab's romaji readings by name: a signature's name comes back in every
  // message, and a lattice costs ~20 us. Emptied when full.
  std::unordered_map<std::string, std::string> readings;
  static constexpr std::size_t kMaxReadings = 1 << 14;

  // The message being cut.
  const Message* m = nullptr;
  std::vector<Finding>* findings = nullptr;
  MessageRecords* out = nullptr;

  struct EnvelopeState {
    const Envelope* envelope = nullptr;
    std::string path;    // "" for the message, the message/rfc822 part's path otherwise
    std::string prefix;  // "" or path + ":"
    bool bulk = false;
    int author = -1;              // draft of its From
    std::vector<int> recipients;  // drafts of To and Cc
    int owner_in_to = -1;         // the mailbox owner's draft when the owner is a To recipient
    std::map<std::string, int> by_email;
  };
  std::vector<EnvelopeState> envelopes;
  std::vector<int> form_subjects;  // drafts of forms, in this message

  bool is_role(std::string_view key) const {
    std::string_view local = email_local_part(key);
    for (const std::string& role : def.lists.role_local_parts) {
      if (role.empty()) continue;
      if (role.back() == '*') {
        if (starts_with(local, std::string_view(role).substr(0, role.size() - 1))) return true;
      } else if (role.front() == '*') {
        if (ends_with(local, std::string_view(role).substr(1))) return true;
      } else if (local == role) {
        return true;
      }
    }
    return false;
  }

  bool is_internal(std::string_view key) const {
    if (!def.mailbox_owner.empty() && key == def.mailbox_owner) return true;
    std::string_view domain = email_domain(key);
    return std::any_of(def.internal_domains.begin(), def.internal_domains.end(),
                       [&](const std::string& d) { return domain_within(domain, d); });
  }

  bool full_name(std::string_view value) {
    std::string_view t = trim_blanks(value);
    if (!is_cjk_name(t)) {
      std::string key = name_key(t);
      return key.find(' ') != std::string::npos;
    }
    std::string compact;
    bool spaced = false;
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (t[i] == ' ') {
        spaced = true;
      } else if (t.compare(i, 3, "\u3000") == 0) {
        spaced = true;
        i += 2;
      } else {
        compact.push_back(t[i]);
      }
    }
    if (spaced) return true;
    const auto& tokens = validators.tokenize(compact);
    if (tokens.empty()) return compact.size() >= 9;  // no MeCab: three kanji or more
    if (tokens.size() < 2) return false;
    return tokens[0].feature.find("人名") != std::string::npos;
  }

  int add_draft(RecordDraft d) {
    out->drafts.push_back(std::move(d));
    return static_cast<int>(out->drafts.size()) - 1;
  }

  void add_name(RecordDraft& d, std::string_view text) {
    std::string key = name_key(text);
    if (key.empty()) return;
    for (const NameSpelling& n : d.names) {
      if (n.key == key) return;
    }
    NameSpelling spelling{std::string(trim_blanks(text)), key, full_name(text), ""};
    if (spelling.full && is_cjk_name(key)) spelling.reading = reading_of(key);
    d.names.push_back(std::move(spelling));
  }

  // The romaji key of a Japanese name from MeCab's readings: the first
  // token is the surname, the rest the given name ("" when MeCab has no
  // reading for a part).
  std::string reading_of(const std::string& compact) {
    if (auto it = readings.find(compact); it != readings.end()) return it->second;
    if (readings.size() >= kMaxReadings) readings.clear();
    std::string reading = mecab_reading(compact);
    readings.emplace(compact, reading);
    return reading;
  }

  std::string mecab_reading(const std::string& compact) {
    const auto& tokens = validators.tokenize(compact);
    if (tokens.size() < 2) return "";
    std::string family, given;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      std::string_view feature = tokens[i].feature;
      std::size_t field = 0, start = 0;
      for (std::size_t pos = 0; pos <= feature.size() && field < 7; ++pos) {
        if (pos == feature.size() || feature[pos] == ',') {
          ++field;
          start = pos + 1;
        }
      }
      std::size_t end = feature.find(',', start);
      std::string romaji =
          field == 7 && start < feature.size() ? katakana_romaji(feature.substr(start, end - start)) : "";
      if (romaji.empty()) return "";
      (i == 0 ? family : given) += romaji;
    }
    return romaji_key(family + " " + given);
  }

  // Takes what finding `index` says into draft `draft`.
  void attribute(std::size_t index, int draft) {
    if (draft < 0 || out->finding_draft[index] != -1) return;
    out->finding_draft[index] = draft;
    const Finding& f = (*findings)[index];
    RecordDraft& d = out->drafts[static_cast<std::size_t>(draft)];
    d.items |= item_bit(f.item);
    if (f.item == "email") {
      std::string key = email_key(f.value);
      if (!key.empty() && std::find(d.emails.begin(), d.emails.end(), key) == d.emails.end()) d.emails.push_back(key);
    } else if (f.item == "name") {
      add_name(d, f.value);
    } else if (f.item == "organization") {
      if (std::find(d.organizations.begin(), d.organizations.end(), f.value) == d.organizations.end()) {
        d.organizations.push_back(f.value);
      }
    } else if (f.item == "phone") {
      std::string key = phone_key(f.value);
      if (std::find(d.phones.begin(), d.phones.end(), key) == d.phones.end()) d.phones.push_back(key);
    } else if (f.item == "my_number" || f.item == "passport_number" || f.item == "drivers_license_number") {
      if (f.rule.find("+family") != std::string::npos) return;  // a dependent's: not this person's identifier
      std::string value;
      for (char c : f.value) {
        if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) value.push_back(c);
        if (c >= 'a' && c <= 'z') value.push_back(static_cast<char>(c - 32));
      }
      std::pair<std::string, std::string> id{f.item, value};
      if (std::find(d.identifiers.begin(), d.identifiers.end(), id) == d.identifiers.end()) d.identifiers.push_back(id);
    }
  }

  // A finding the records establish (a table column, an attribution line).
  std::size_t synthesize(const std::string& part, const std::string& filename, std::size_t begin, std::size_t end,
                         std::string item, std::string value, std::string rule) {
    Finding f;
    f.item = std::move(item);
    f.rule = std::move(rule);
    f.value = std::move(value);
    f.confidence = 0.9;
    f.input = m->input;
    f.message = m->index;
    f.message_offset = m->offset;
    f.message_id = m->envelope.message_id;
    f.part = part;
    f.filename = filename;
    f.begin = begin;
    f.end = end;
    findings->push_back(std::move(f));
    out->finding_draft.push_back(-1);
    return findings->size() - 1;
  }

  bool plausible_name(std::string_view value) {
    if (value.empty() || value.size() > 60) return false;
    if (is_cjk_name(value)) return japanese_person_name(value, validators);
    ValidatorFn en = find_validator("person_name_en");
    return en != nullptr && en(value, validators).valid && name_key(value).find(' ') != std::string::npos;
  }

  bool person_draft(int d) const { return d >= 0 && !out->drafts[static_cast<std::size_t>(d)].not_person; }

  bool external_person(int d) const {
    if (!person_draft(d)) return false;
    const RecordDraft& r = out->drafts[static_cast<std::size_t>(d)];
    return std::none_of(r.emails.begin(), r.emails.end(), [&](const std::string& e) { return is_internal(e); });
  }

  void tie(int from, int to, const char* reason) {
    if (from < 0 || to < 0 || from == to) return;
    RecordDraft& d = out->drafts[static_cast<std::size_t>(from)];
    if (d.tie >= 0) return;
    d.tie = to;
    d.tie_reason = reason;
  }

  // The drafts among `candidates` whose names fit `d`'s: the same key, or a
  // surname that begins a full name.
  int matching_name(const RecordDraft& d, const std::vector<int>& candidates) const {
    int found = -1;
    for (int c : candidates) {
      if (c < 0) continue;
      const RecordDraft& other = out->drafts[static_cast<std::size_t>(c)];
      bool match = false;
      for (const NameSpelling& a : d.names) {
        for (const NameSpelling& b : other.names) {
          if (a.key == b.key) match = true;
          if (is_cjk_name(a.key) && !a.full && b.full && starts_with(b.key, a.key)) match = true;
          if (is_cjk_name(b.key) && !b.full && a.full && starts_with(a.key, b.key)) match = true;
          if (!is_cjk_name(a.key) && !a.full && (" " + b.key + " ").find(" " + a.key + " ") != std::string::npos) {
            match = true;
          }
        }
      }
      if (match) {
        if (found >= 0 && found != c) return -2;  // two fit: ambiguous
        found = c;
      }
    }
    return found;
  }

  void read_envelope(const Envelope& e, const std::string& path) {
    EnvelopeState s;
    s.envelope = &e;
    s.path = path;
    s.prefix = path.empty() ? "" : path + ":";
    s.bulk = is_bulk(e);
    const std::pair<const char*, const std::vector<Address>*> lists[] = {
        {"From", &e.from}, {"Sender", &e.sender}, {"Reply-To", &e.reply_to},
        {"To", &e.to},     {"Cc", &e.cc},         {"Bcc", &e.bcc}};
    for (const auto& [header, addresses] : lists) {
      bool sending = std::string_view(header) == "From" || std::string_view(header) == "Sender" ||
                     std::string_view(header) == "Reply-To";
      for (const Address& a : *addresses) {
        std::string key = email_key(a.address);
        if (key.empty()) continue;
        auto known = s.by_email.find(key);
        int draft = known != s.by_email.end() ? known->second : -1;
        if (draft < 0) {
          RecordDraft d;
          d.kind = RecordKind::kHeader;
          d.where = s.prefix + "header:" + header;
          d.not_person = is_role(key) || (s.bulk && sending);
          draft = add_draft(std::move(d));
          s.by_email.emplace(key, draft);
        }
        RecordDraft& d = out->drafts[static_cast<std::size_t>(draft)];
        if (std::string_view(header) == "From") d.about = true;
        if (s.bulk && sending) d.not_person = true;
        if (std::string_view(header) == "From" && s.author < 0) s.author = draft;
        if (std::string_view(header) == "To" && !def.mailbox_owner.empty() && key == def.mailbox_owner) {
          s.owner_in_to = draft;
        }
        if ((std::string_view(header) == "To" || std::string_view(header) == "Cc") &&
            std::find(s.recipients.begin(), s.recipients.end(), draft) == s.recipients.end() && draft != s.author) {
          s.recipients.push_back(draft);
        }
      }
    }
    if (s.author < 0 && !e.sender.empty()) {
      auto it = s.by_email.find(email_key(e.sender.front().address));
      if (it != s.by_email.end()) s.author = it->second;
    }
    envelopes.push_back(std::move(s));
  }

  // Header findings (header.address e-mails, display names) go to their
  // address's draft.
  void attribute_header_findings() {
    for (std::size_t i = 0; i < findings->size(); ++i) {
      const Finding& f = (*findings)[i];
      std::size_t colon = f.part.find("header:");
      if (colon == std::string::npos) continue;
      std::string prefix = f.part.substr(0, colon);
      std::string header = ascii_lower(f.part.substr(colon + 7));
      for (const EnvelopeState& s : envelopes) {
        if (s.prefix != prefix) continue;
        if (f.item == "email" && f.rule == "header.address") {
          auto it = s.by_email.find(email_key(f.value));
          if (it != s.by_email.end()) attribute(i, it->second);
          continue;
        }
        const std::vector<Address>* list = header == "from"       ? &s.envelope->from
                                           : header == "sender"   ? &s.envelope->sender
                                           : header == "reply-to" ? &s.envelope->reply_to
                                           : header == "to"       ? &s.envelope->to
                                           : header == "cc"       ? &s.envelope->cc
                                           : header == "bcc"      ? &s.envelope->bcc
                                                                  : nullptr;
        if (list == nullptr) continue;  // the Subject: nobody's
        for (const Address& a : *list) {
          if (a.name.find(f.value) == std::string::npos) continue;
          auto it = s.by_email.find(email_key(a.address));
          if (it != s.by_email.end()) attribute(i, it->second);
          break;
        }
      }
    }
  }

  const EnvelopeState& envelope_of(const std::string& part_path) const {
    const EnvelopeState* best = &envelopes.front();
    for (const EnvelopeState& s : envelopes) {
      // "2.1" is inside the message/rfc822 part 2; "2#body" inside the .msg file 2.
      if (!s.path.empty() && part_path.size() > s.path.size() && starts_with(part_path, s.path) &&
          (part_path[s.path.size()] == '.' || part_path[s.path.size()] == '#') && s.path.size() >= best->path.size()) {
        best = &s;
      }
    }
    return *best;
  }

  // One text part, cut along its layout.
  struct PartState {
    const Part* part = nullptr;
    const EnvelopeState* envelope = nullptr;
    TextLayout layout;
    std::vector<std::vector<std::size_t>> line_findings;  // finding indexes per line
    std::vector<int> inline_author_drafts;                // per layout author
  };

  std::string where(const PartState& ps, std::size_t first_line, std::size_t last_line) const {
    return ps.part->path + "@" + std::to_string(ps.layout.lines[first_line].begin) + "-" +
           std::to_string(ps.layout.lines[last_line].end);
  }

  std::uint32_t items_of_lines(const PartState& ps, std::size_t first, std::size_t last) const {
    std::uint32_t bits = 0;
    for (std::size_t l = first; l <= last; ++l) {
      for (std::size_t f : ps.line_findings[l]) bits |= item_bit((*findings)[f].item);
    }
    return bits;
  }

  std::string_view content(const PartState& ps, std::size_t line) const {
    const LayoutLine& l = ps.layout.lines[line];
    return std::string_view(ps.part->text).substr(l.content, l.end - l.content);
  }

  int zone_author(PartState& ps, int zone) {
    int author = ps.layout.zones[static_cast<std::size_t>(zone)].author;
    if (author == LayoutZone::kMessageAuthor) return ps.envelope->author;
    if (author < 0) return -1;
    return inline_author(ps, author);
  }

  // A draft for an author named in the text (attribution line or the From
  // line of a forwarded header block), with the findings on that line.
  int inline_author(PartState& ps, int index) {
    int& draft = ps.inline_author_drafts[static_cast<std::size_t>(index)];
    if (draft >= 0) return draft;
    const InlineAuthor& a = ps.layout.authors[static_cast<std::size_t>(index)];
    RecordDraft d;
    d.kind = RecordKind::kLine;
    d.where = where(ps, a.line, a.line);
    d.about = true;
    std::string key = email_key(a.email);
    if (!key.empty()) d.not_person = is_role(key);
    d.per_message = key.empty();
    draft = add_draft(std::move(d));
    bool named = false;
    for (std::size_t f : ps.line_findings[a.line]) {
      attribute(f, draft);
      named = named || (*findings)[f].item == "name";
    }
    if (!named && plausible_name(a.name)) {
      std::size_t at = ps.part->text.find(a.name, ps.layout.lines[a.line].begin);
      if (at != std::string::npos && at < ps.layout.lines[a.line].end) {
        std::size_t f = synthesize(ps.part->path, ps.part->filename, at, at + a.name.size(), "name", a.name,
                                   "record.inline_author");
        ps.line_findings[a.line].push_back(f);
        attribute(f, draft);
      }
    }
    if (!key.empty() && out->drafts[static_cast<std::size_t>(draft)].emails.empty()) {
      out->drafts[static_cast<std::size_t>(draft)].emails.push_back(key);
    }
    return draft;
  }

  struct Paragraph {
    std::size_t first = 0, last = 0;
    int zone = 0;
    std::uint32_t items = 0;
    int labelled = 0;  // lines "label: value" carrying a finding
    bool name_field = false;
    bool salutation = false;
    bool header = false;
    bool attribution = false;
    bool after_delimiter = false;
    std::size_t longest = 0;  // bytes of the longest line
    enum class Type { kHeader, kAttribution, kForm, kSalutation, kContact, kProse, kClosing } type = Type::kProse;
    // Around the text rather than of it: header blocks, attribution lines, closings.
    bool aside() const { return type == Type::kHeader || type == Type::kAttribution || type == Type::kClosing; }
  };

  static std::uint32_t personal_items() {
    std::uint32_t bits = 0;
    for (std::string_view item :
         {"birth_date", "age", "gender", "nationality", "passport_number", "drivers_license_number", "bank_account",
          "credit_card", "my_number", "career", "hobby", "relationship", "family_name", "family_birth_date",
          "family_phone", "family_address"}) {
      bits |= item_bit(item);
    }
    return bits;
  }

  std::vector<Paragraph> paragraphs_of(const PartState& ps) const {
    std::vector<Paragraph> out_paragraphs;
    const std::uint32_t personal = personal_items();
    const std::uint32_t contact = contact_mask();
    std::vector<bool> zone_delimited(ps.layout.zones.size(), false);
    for (const LayoutParagraph& lp : ps.layout.paragraphs) {
      Paragraph p;
      p.first = lp.first_line;
      p.last = lp.last_line;
      p.zone = lp.zone;
      p.items = items_of_lines(ps, p.first, p.last);
      p.header = true;
      p.attribution = true;
      for (std::size_t l = p.first; l <= p.last; ++l) {
        const LayoutLine& line = ps.layout.lines[l];
        p.header = p.header && line.header;
        p.attribution = p.attribution && line.attribution;
        p.longest = std::max(p.longest, line.end - line.content);
        if (!ps.line_findings[l].empty() && !line_label(content(ps, l)).empty()) ++p.labelled;
        for (std::size_t f : ps.line_findings[l]) {
          const Finding& x = (*findings)[f];
          if (x.rule == "name.field") p.name_field = true;
        }
      }
      // A delimiter line alone is a paragraph of its own: it marks the rest.
      bool only_delimiters = true;
      for (std::size_t l = p.first; l <= p.last; ++l) only_delimiters = only_delimiters && ps.layout.lines[l].delimiter;
      if (only_delimiters) {
        zone_delimited[static_cast<std::size_t>(p.zone)] = true;
        continue;
      }
      p.after_delimiter =
          zone_delimited[static_cast<std::size_t>(p.zone)] || (p.first > 0 && ps.layout.lines[p.first].delimiter);
      if (ps.layout.lines[p.first].delimiter) zone_delimited[static_cast<std::size_t>(p.zone)] = true;
      // A greeting opens a zone: "山田様", "株式会社X\n営業部 山田様", "Dear John,".
      bool opens_zone = std::none_of(out_paragraphs.begin(), out_paragraphs.end(),
                                     [&](const Paragraph& q) { return q.zone == p.zone && !q.aside(); });
      if (opens_zone && p.last - p.first < 4) {
        for (std::size_t l = p.first; l <= p.last; ++l) {
          std::string_view text = trim_blanks(content(ps, l));
          for (std::string_view mark : {"様", "殿", "御中", "さん", "先生", "各位"}) {
            if (ends_with(text, mark) && text.size() < 80) p.salutation = true;
          }
          for (std::size_t f : ps.line_findings[l]) {
            const std::string& rule = (*findings)[f].rule;
            if (rule == "name.salutation_ja" || rule == "name.dear_en") p.salutation = true;
          }
        }
      } else {
        p.salutation = false;
      }
      int contact_kinds = popcount(p.items & contact);
      std::size_t lines = p.last - p.first + 1;
      if (p.header) {
        p.type = Paragraph::Type::kHeader;
      } else if (p.attribution) {
        p.type = Paragraph::Type::kAttribution;  // its findings are the quoted author's
      } else if ((p.name_field && (p.labelled >= 2 || (p.items & personal) != 0)) ||
                 ((p.items & personal) != 0 && p.labelled >= 2)) {
        p.type = Paragraph::Type::kForm;
      } else if (p.salutation && lines <= 4) {
        p.type = Paragraph::Type::kSalutation;
      } else if (lines <= 12 && p.longest <= 160 && (p.items & personal & ~item_bit("career")) == 0 &&
                 (contact_kinds >= 2 || (contact_kinds >= 1 && p.after_delimiter)) &&
                 (p.items & (item_bit("name") | item_bit("email") | item_bit("phone"))) != 0) {
        p.type = Paragraph::Type::kContact;
      } else if (p.items == 0 && lines <= 2) {
        p.type = Paragraph::Type::kClosing;
      }
      out_paragraphs.push_back(p);
    }
    return out_paragraphs;
  }

  void read_text_part(const Part& part) {
    PartState ps;
    ps.part = &part;
    ps.envelope = &envelope_of(part.path);
    if (ps.envelope->bulk) return;  // mass mail: its text is nobody's
    ps.layout = analyse_layout(part.text);
    if (ps.layout.lines.empty()) return;
    ps.line_findings.resize(ps.layout.lines.size());
    ps.inline_author_drafts.assign(ps.layout.authors.size(), -1);
    for (std::size_t i = 0; i < findings->size(); ++i) {
      const Finding& f = (*findings)[i];
      if (f.part != part.path) continue;
      ps.line_findings[ps.layout.line_of(f.begin)].push_back(i);
    }
    // An organization or a title on a bank line is the bank's; on a career
    // line a past employer's: context, not who the person is.
    for (const std::vector<std::size_t>& on_line : ps.line_findings) {
      bool context_line = std::any_of(on_line.begin(), on_line.end(), [&](std::size_t f) {
        return (*findings)[f].item == "bank_account" || (*findings)[f].item == "career";
      });
      if (!context_line) continue;
      for (std::size_t f : on_line) {
        const std::string& item = (*findings)[f].item;
        if (item == "organization" || item == "department_title") out->finding_draft[f] = kNobody;
      }
    }
    std::vector<Paragraph> paragraphs = paragraphs_of(ps);
    // Family lines of forms are refined before anything takes their items.
    for (const Paragraph& p : paragraphs) {
      if (p.type == Paragraph::Type::kForm) refine_family_lines(ps, p);
    }
    // Forms join the paragraphs that continue them (a family section after
    // a blank line); each group is one form.
    for (std::size_t zone = 0; zone < ps.layout.zones.size(); ++zone) {
      std::vector<const Paragraph*> in_zone;
      for (const Paragraph& p : paragraphs) {
        if (static_cast<std::size_t>(p.zone) == zone) in_zone.push_back(&p);
      }
      read_zone(ps, static_cast<int>(zone), in_zone);
    }
  }

  // In a form, a line about a family member (配偶者氏名, 続柄, 扶養親族 ...;
  // or any line after a family heading) holds family items: its name is
  // family_name, its birth date family_birth_date and so on; a My Number
  // there is the dependent's, not the principal's identifier.
  void refine_family_lines(PartState& ps, const Paragraph& p) {
    bool family_section = false;
    for (std::size_t l = p.first; l <= p.last; ++l) {
      std::string_view c = content(ps, l);
      std::string_view label = line_label(c);
      bool heading = label.empty() && c.size() < 60 && ps.line_findings[l].empty();
      if (heading) family_section = contains_family_word(c);
      bool family = family_section || (!label.empty() && contains_family_word(label));
      if (!family) continue;
      for (std::size_t f : ps.line_findings[l]) {
        Finding& x = (*findings)[f];
        if (x.item == "name")
          x.item = "family_name";
        else if (x.item == "birth_date")
          x.item = "family_birth_date";
        else if (x.item == "phone")
          x.item = "family_phone";
        else if (x.item == "address")
          x.item = "family_address";
        else if (x.item == "my_number" && x.rule.find("+family") == std::string::npos)
          x.rule += "+family";
      }
    }
  }

  void read_zone(PartState& ps, int zone, const std::vector<const Paragraph*>& paragraphs) {
    int author = zone_author(ps, zone);
    const LayoutZone& z = ps.layout.zones[static_cast<std::size_t>(zone)];
    bool own = z.author == LayoutZone::kMessageAuthor && z.depth == 0;
    const char* sig_reason = own                                      ? "signature of the sender"
                             : z.author == LayoutZone::kUnknownAuthor ? "signature in a quote"
                                                                      : "signature of the quoted sender";
    std::vector<int> recipients = own ? ps.envelope->recipients : std::vector<int>{};
    // The signature: paragraphs after a delimiter, else the last contact
    // block (with a contact block just before it) when only closings follow.
    std::vector<bool> in_signature(paragraphs.size(), false);
    int last_contact = -1;
    for (std::size_t i = 0; i < paragraphs.size(); ++i) {
      const Paragraph& p = *paragraphs[i];
      if (p.type == Paragraph::Type::kContact) {
        last_contact = static_cast<int>(i);
      } else if (!p.aside()) {
        last_contact = -1;
      }
    }
    if (last_contact < 0) {
      // A sign-off of one short line that is a name ("山田 太郎" under the
      // text) signs the mail like a signature block does.
      for (std::size_t i = paragraphs.size(); i-- > 0;) {
        const Paragraph& p = *paragraphs[i];
        if (p.aside()) continue;
        if (i > 0 && p.first == p.last && p.longest <= 40 && p.items == item_bit("name"))
          last_contact = static_cast<int>(i);
        break;
      }
    }
    if (last_contact >= 0) {
      in_signature[static_cast<std::size_t>(last_contact)] = true;
      for (int i = last_contact - 1; i >= 0; --i) {
        const Paragraph& p = *paragraphs[static_cast<std::size_t>(i)];
        if (p.type != Paragraph::Type::kContact || p.last - p.first > 4) break;
        in_signature[static_cast<std::size_t>(i)] = true;
      }
    }
    for (std::size_t i = 0; i < paragraphs.size(); ++i) {
      if (paragraphs[i]->type == Paragraph::Type::kContact && paragraphs[i]->after_delimiter) in_signature[i] = true;
    }
    // Forms first: later paragraphs without a name go to the zone's form.
    std::vector<int> forms;
    int form_draft = -1;
    for (std::size_t i = 0; i < paragraphs.size(); ++i) {
      const Paragraph& p = *paragraphs[i];
      bool continues = form_draft >= 0 && i > 0 && paragraphs[i - 1]->type == Paragraph::Type::kForm &&
                       p.labelled >= 1 && p.type != Paragraph::Type::kContact && !p.name_field;
      if (p.type != Paragraph::Type::kForm && !continues) {
        if (p.type != Paragraph::Type::kForm) form_draft = -1;
        continue;
      }
      if (p.type == Paragraph::Type::kForm && p.name_field) form_draft = -1;  // a new form begins
      if (form_draft < 0) {
        RecordDraft d;
        d.kind = RecordKind::kForm;
        d.where = where(ps, p.first, p.last);
        d.about = true;
        form_draft = add_draft(std::move(d));
        forms.push_back(form_draft);
      }
      for (std::size_t l = p.first; l <= p.last; ++l) {
        for (std::size_t f : ps.line_findings[l]) attribute(f, form_draft);
      }
    }
    for (int f : forms) {
      RecordDraft& d = out->drafts[static_cast<std::size_t>(f)];
      if (d.names.empty()) {
        if (external_person(author)) tie(f, author, "form in the sender's own mail");
      } else if (author >= 0 && matching_name(d, {author}) >= 0) {
        tie(f, author, "form names the sender");
      } else if (int r = matching_name(d, recipients); r >= 0) {
        tie(f, r, "form names the recipient");
      }
      form_subjects.push_back(f);
    }
    int subject = forms.size() == 1 ? forms.front() : external_person(author) ? author : -1;

    // Signature blocks of the zone: one draft.
    int signature = -1;
    for (std::size_t i = 0; i < paragraphs.size(); ++i) {
      if (!in_signature[i]) continue;
      const Paragraph& p = *paragraphs[i];
      if (signature < 0) {
        RecordDraft d;
        d.kind = RecordKind::kSignature;
        d.where = where(ps, p.first, p.last);
        signature = add_draft(std::move(d));
      }
      for (std::size_t l = p.first; l <= p.last; ++l) {
        for (std::size_t f : ps.line_findings[l]) attribute(f, signature);
      }
    }
    if (signature >= 0) {
      if (person_draft(author)) {
        tie(signature, author, sig_reason);
        out->drafts[static_cast<std::size_t>(signature)].about = true;
      } else if (author >= 0) {
        // A human signing for a role mailbox: known by the mailbox's domain.
        const RecordDraft& a = out->drafts[static_cast<std::size_t>(author)];
        if (!a.emails.empty())
          out->drafts[static_cast<std::size_t>(signature)].affiliation = std::string(email_domain(a.emails.front()));
      }
    }

    for (std::size_t i = 0; i < paragraphs.size(); ++i) {
      const Paragraph& p = *paragraphs[i];
      if (in_signature[i] || p.type == Paragraph::Type::kForm) continue;
      switch (p.type) {
        case Paragraph::Type::kHeader:
          read_header_block(ps, p, author);
          break;
        case Paragraph::Type::kContact: {
          // A contact block that is not the signature: a third party presented.
          RecordDraft d;
          d.kind = RecordKind::kContactBlock;
          d.where = where(ps, p.first, p.last);
          d.about = true;
          int draft = add_draft(std::move(d));
          for (std::size_t l = p.first; l <= p.last; ++l) {
            for (std::size_t f : ps.line_findings[l]) attribute(f, draft);
          }
          std::vector<int> people;
          if (person_draft(author)) people.push_back(author);
          for (int x : recipients) {
            if (person_draft(x)) people.push_back(x);
          }
          if (int match = matching_name(out->drafts[static_cast<std::size_t>(draft)], people); match >= 0) {
            tie(draft, match, "contact block names a correspondent");
          }
          break;
        }
        case Paragraph::Type::kSalutation: {
          RecordDraft d;
          d.kind = RecordKind::kSalutation;
          d.where = where(ps, p.first, p.last);
          int draft = add_draft(std::move(d));
          for (std::size_t l = p.first; l <= p.last; ++l) {
            for (std::size_t f : ps.line_findings[l]) attribute(f, draft);
          }
          const RecordDraft& s = out->drafts[static_cast<std::size_t>(draft)];
          std::vector<int> persons;
          for (int r : recipients) {
            if (person_draft(r)) persons.push_back(r);
          }
          // Mail the owner receives greets the owner, unless its greeting
          // names another recipient in full.
          bool full = std::any_of(s.names.begin(), s.names.end(), [](const NameSpelling& n) { return n.full; });
          int named = full ? matching_name(s, persons) : -1;
          int owner = ps.envelope->owner_in_to;
          if (named >= 0) {
            tie(draft, named, "salutation names the recipient");
          } else if (owner >= 0 && !s.names.empty()) {
            tie(draft, owner, "salutation to the mailbox owner");
          } else if (int r = matching_name(s, persons); r >= 0) {
            tie(draft, r, "salutation names the recipient");
          } else if (persons.size() == 1 && r == -1 && !s.names.empty()) {
            tie(draft, persons.front(), "salutation to the only recipient");
          }
          break;
        }
        default:
          read_prose(ps, p, author, subject, recipients);
          break;
      }
    }
  }

  // The To:/Cc: lines of a forwarded header block: each address a draft
  // (the From line is the zone's author, made already).
  void read_header_block(PartState& ps, const Paragraph& p, int author) {
    for (std::size_t l = p.first; l <= p.last; ++l) {
      std::vector<std::size_t> rest;
      for (std::size_t f : ps.line_findings[l]) {
        if ((*findings)[f].item != "email") {
          rest.push_back(f);
          continue;
        }
        std::string key = email_key((*findings)[f].value);
        if (author >= 0) {
          const auto& emails = out->drafts[static_cast<std::size_t>(author)].emails;
          if (std::find(emails.begin(), emails.end(), key) != emails.end()) {
            attribute(f, author);
            continue;
          }
        }
        RecordDraft d;
        d.kind = RecordKind::kLine;
        d.where = where(ps, l, l);
        d.not_person = is_role(key);
        attribute(f, add_draft(std::move(d)));
      }
      for (std::size_t f : rest) {
        const Finding& x = (*findings)[f];
        if (x.item == "name" && author >= 0 && out->finding_draft[f] < 0) attribute(f, author);
      }
    }
  }

  // A paragraph of running text: an e-mail with the name on its line is a
  // draft; one person named in the paragraph takes its items; a paragraph
  // naming nobody gives its items to the zone's subject.
  void read_prose(PartState& ps, const Paragraph& p, int author, int subject, const std::vector<int>& recipients) {
    std::vector<std::size_t> names, others;
    for (std::size_t l = p.first; l <= p.last; ++l) {
      // E-mail addresses, each with the nearest name before it on its line.
      const std::vector<std::size_t>& on_line = ps.line_findings[l];
      for (std::size_t k = 0; k < on_line.size(); ++k) {
        std::size_t f = on_line[k];
        if ((*findings)[f].item != "email" || out->finding_draft[f] >= 0) continue;
        std::string key = email_key((*findings)[f].value);
        RecordDraft d;
        d.kind = RecordKind::kLine;
        d.where = where(ps, l, l);
        d.not_person = is_role(key);
        int draft = add_draft(std::move(d));
        attribute(f, draft);
        for (std::size_t j = k; j-- > 0;) {
          const Finding& before = (*findings)[on_line[j]];
          if (before.item == "email") break;
          if (before.item == "name" && out->finding_draft[on_line[j]] < 0) {
            attribute(on_line[j], draft);
            break;
          }
        }
      }
      for (std::size_t f : on_line) {
        if (out->finding_draft[f] >= 0) continue;
        ((*findings)[f].item == "name" ? names : others).push_back(f);
      }
    }
    std::vector<std::string> keys;
    for (std::size_t f : names) {
      std::string key = name_key((*findings)[f].value);
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
    if (keys.size() == 1) {
      RecordDraft d;
      d.kind = RecordKind::kParagraph;
      d.where = where(ps, p.first, p.last);
      d.about = true;
      int draft = add_draft(std::move(d));
      for (std::size_t f : names) attribute(f, draft);
      for (std::size_t f : others) attribute(f, draft);
      const RecordDraft& r = out->drafts[static_cast<std::size_t>(draft)];
      std::vector<int> people;
      if (person_draft(author)) people.push_back(author);
      for (int x : recipients) {
        if (person_draft(x)) people.push_back(x);
      }
      if (int match = matching_name(r, people); match >= 0) tie(draft, match, "paragraph names a correspondent");
      return;
    }
    if (keys.empty()) {
      for (std::size_t f : others) attribute(f, subject);
      return;
    }
    // Several people named: a line naming one of them takes that line's items.
    for (std::size_t l = p.first; l <= p.last; ++l) {
      std::vector<std::size_t> line_names, line_others;
      for (std::size_t f : ps.line_findings[l]) {
        if (out->finding_draft[f] >= 0) continue;
        ((*findings)[f].item == "name" ? line_names : line_others).push_back(f);
      }
      if (line_names.empty()) continue;
      std::string key = name_key((*findings)[line_names.front()].value);
      bool one = std::all_of(line_names.begin(), line_names.end(),
                             [&](std::size_t f) { return name_key((*findings)[f].value) == key; });
      if (!one) continue;
      RecordDraft d;
      d.kind = RecordKind::kLine;
      d.where = where(ps, l, l);
      int draft = add_draft(std::move(d));
      for (std::size_t f : line_names) attribute(f, draft);
      for (std::size_t f : line_others) attribute(f, draft);
    }
  }

  // A CSV/TSV attachment: each row after the header is one person's record.
  void read_table_part(const Part& part) {
    std::vector<CsvRow> rows = parse_csv(part.text, guess_csv_separator(part.text));
    if (rows.size() < 2) return;
    std::vector<std::string_view> column_items(rows[0].fields.size());
    bool useful = false;
    for (std::size_t c = 0; c < rows[0].fields.size(); ++c) {
      std::string header = nfkc_lower(trim_blanks(rows[0].fields[c]));
      for (const ColumnItem& ci : kColumns) {
        if (header == ci.header) column_items[c] = ci.item;
      }
      useful = useful || column_items[c] == "name" || column_items[c] == "email";
    }
    if (!useful) return;
    std::vector<std::size_t> in_part;
    for (std::size_t i = 0; i < findings->size(); ++i) {
      if ((*findings)[i].part == part.path) in_part.push_back(i);
    }
    for (std::size_t r = 1; r < rows.size(); ++r) {
      const CsvRow& row = rows[r];
      RecordDraft d;
      d.kind = RecordKind::kTableRow;
      d.where =
          part.path + "@" + std::to_string(row.begin) + "-" + std::to_string(row.end) + "#row" + std::to_string(r);
      d.about = true;
      int draft = add_draft(std::move(d));
      std::uint32_t found = 0;
      for (std::size_t f : in_part) {
        const Finding& x = (*findings)[f];
        if (x.begin >= row.begin && x.begin < row.end) {
          attribute(f, draft);
          found |= item_bit(x.item);
        }
      }
      for (std::size_t c = 0; c < row.fields.size() && c < column_items.size(); ++c) {
        std::string_view item = column_items[c];
        std::string_view cell = trim_blanks(row.fields[c]);
        if (item.empty() || cell.empty() || (found & item_bit(item)) != 0) continue;
        std::string_view validator = column_validator(item);
        if ((item == "name" || item == "family_name") && !plausible_name(cell)) continue;
        if (!validator.empty()) {
          ValidatorFn v = find_validator(validator);
          if (v == nullptr || !v(cell, validators).valid) continue;
        }
        std::size_t begin = row.field_begin[c] + static_cast<std::size_t>(cell.data() - row.fields[c].data());
        std::size_t f = synthesize(part.path, part.filename, begin, begin + cell.size(), std::string(item),
                                   std::string(cell), "record.table_column");
        attribute(f, draft);
      }
    }
  }

  // A contact card: each vCard is one person's record; its properties are
  // items as they stand (FN is a name because the card says so).
  void read_vcard_part(const Part& part) {
    const EnvelopeState& env = envelope_of(part.path);
    for (const VCard& card : parse_vcards(part.text)) {
      RecordDraft d;
      d.kind = RecordKind::kContactCard;
      d.where = part.path + "@" + std::to_string(card.begin) + "-" + std::to_string(card.end);
      d.about = true;
      int draft = add_draft(std::move(d));
      std::uint32_t found = 0;
      for (std::size_t i = 0; i < findings->size(); ++i) {
        const Finding& x = (*findings)[i];
        if (x.part == part.path && x.begin >= card.begin && x.begin < card.end) {
          attribute(i, draft);
          found |= item_bit(x.item);
        }
      }
      bool named = false;
      for (const VCardField& field : card.fields) {
        std::string item;
        std::string value = field.value;
        if (field.name == "FN" || (field.name == "N" && !named)) {
          item = "name";
          named = true;
        } else if (field.name == "ORG") {
          item = "organization";
          value = field.components.front();
        } else if (field.name == "TITLE" || field.name == "ROLE") {
          item = "department_title";
        } else if (field.name == "TEL") {
          item = "phone";
        } else if (field.name == "EMAIL") {
          item = "email";
        } else if (field.name == "ADR") {
          item = "address";
        } else if (field.name == "BDAY") {
          item = "birth_date";
        }
        if (item.empty() || value.empty() || (item != "name" && (found & item_bit(item)) != 0)) continue;
        if (std::string_view validator = column_validator(item); !validator.empty()) {
          ValidatorFn v = find_validator(validator);
          if (v == nullptr || !v(value, validators).valid) continue;
        }
        std::size_t f = synthesize(part.path, part.filename, field.begin, field.end, item, value, "record.vcard");
        attribute(f, draft);
        found |= item_bit(item);
      }
      std::vector<int> people;
      if (person_draft(env.author)) people.push_back(env.author);
      if (int match = matching_name(out->drafts[static_cast<std::size_t>(draft)], people); match >= 0) {
        tie(draft, match, "contact card of the sender");
      }
    }
  }

  // An invitation: each organizer and attendee is a record of their own
  // (name from CN, address from mailto:); what else the event says (its
  // description, its location) is the organizer's.
  void read_calendar_part(const Part& part) {
    const EnvelopeState& env = envelope_of(part.path);
    if (env.bulk) return;
    for (const CalendarEvent& event : parse_icalendar(part.text)) {
      int organizer = -1;
      for (const CalendarParticipant& p : event.participants) {
        RecordDraft d;
        d.kind = RecordKind::kCalendar;
        d.where = part.path + "@" + std::to_string(p.begin) + "-" + std::to_string(p.end);
        d.about = true;
        std::string key = email_key(p.email);
        d.not_person = !key.empty() && is_role(key);
        int draft = add_draft(std::move(d));
        std::uint32_t found = 0;
        for (std::size_t i = 0; i < findings->size(); ++i) {
          const Finding& x = (*findings)[i];
          if (x.part != part.path || x.begin < p.begin || x.begin >= p.end) continue;
          if (x.item == "email" && email_key(x.value) != key) {
            out->finding_draft[i] = kNobody;  // a piece of a folded address, or a parameter's
            continue;
          }
          attribute(i, draft);
          found |= item_bit(x.item);
        }
        if (!p.email.empty() && (found & item_bit("email")) == 0) {
          attribute(synthesize(part.path, part.filename, p.begin, p.end, "email", p.email, "record.calendar"), draft);
        }
        if (!p.name.empty() && (found & item_bit("name")) == 0 && plausible_name(p.name)) {
          attribute(synthesize(part.path, part.filename, p.begin, p.end, "name", p.name, "record.calendar"), draft);
        }
        if (p.organizer && organizer < 0) organizer = draft;
      }
      if (organizer < 0 || out->drafts[static_cast<std::size_t>(organizer)].not_person) continue;
      // Addresses and identifiers are keys that would merge whoever they
      // belong to into the organizer; they stay unattributed.
      for (std::size_t i = 0; i < findings->size(); ++i) {
        const Finding& x = (*findings)[i];
        bool key_item = x.item == "email" || x.item == "my_number" || x.item == "passport_number" ||
                        x.item == "drivers_license_number";
        if (x.part == part.path && x.begin >= event.begin && x.begin < event.end && !key_item) attribute(i, organizer);
      }
    }
  }

  // Names and photos found in attachment file names.
  void read_filenames() {
    std::map<std::string, std::vector<std::size_t>> by_part;
    for (std::size_t i = 0; i < findings->size(); ++i) {
      const Finding& f = (*findings)[i];
      if (out->finding_draft[i] < 0 && ends_with(f.part, "#filename")) by_part[f.part].push_back(i);
    }
    for (const auto& [part, list] : by_part) {
      const EnvelopeState& env = envelope_of(part.substr(0, part.size() - 9));
      RecordDraft d;
      d.kind = RecordKind::kFilename;
      d.where = part;
      d.about = true;
      int draft = add_draft(std::move(d));
      for (std::size_t f : list) attribute(f, draft);
      const RecordDraft& r = out->drafts[static_cast<std::size_t>(draft)];
      if (!r.names.empty()) {
        std::vector<int> people = form_subjects;
        if (person_draft(env.author)) people.push_back(env.author);
        for (int x : env.recipients) {
          if (person_draft(x)) people.push_back(x);
        }
        if (int match = matching_name(r, people); match >= 0) tie(draft, match, "file name names a correspondent");
      } else if (form_subjects.size() == 1) {
        tie(draft, form_subjects.front(), "attachment of the message's form");
      } else if (external_person(env.author)) {
        tie(draft, env.author, "attachment of the sender");
      }
    }
  }

  void build(const Message& message, std::vector<Finding>& found, MessageRecords& records) {
    m = &message;
    findings = &found;
    out = &records;
    out->drafts.clear();
    out->finding_draft.assign(found.size(), -1);
    envelopes.clear();
    form_subjects.clear();
    read_envelope(message.envelope, "");
    for (const EnclosedMessage& e : message.enclosed) read_envelope(e.envelope, e.path);
    attribute_header_findings();
    for (const Part& p : message.parts) {
      if (!p.is_text) continue;
      if (is_vcard(p.content_type, p.filename)) {
        read_vcard_part(p);
      } else if (is_icalendar(p.content_type, p.filename)) {
        read_calendar_part(p);
      } else if (is_table_part(p)) {
        read_table_part(p);
      } else {
        read_text_part(p);
      }
    }
    read_filenames();
    for (int& d : out->finding_draft) {
      if (d == kNobody) d = -1;
    }
    // Header drafts hold their address even when no finding named it (an
    // address the e-mail validator refused is still the record's key).
    for (EnvelopeState& s : envelopes) {
      for (const auto& [key, draft] : s.by_email) {
        auto& emails = out->drafts[static_cast<std::size_t>(draft)].emails;
        if (std::find(emails.begin(), emails.end(), key) == emails.end()) emails.insert(emails.begin(), key);
      }
    }
  }
};

RecordBuilder::RecordBuilder(const CaseDefinition& case_definition) : impl_(std::make_unique<Impl>(case_definition)) {}
RecordBuilder::~RecordBuilder() = default;

void RecordBuilder::build(const Message& message, std::vector<Finding>& findings, MessageRecords& out) {
  impl_->build(message, findings, out);
}

bool RecordBuilder::is_role_address(std::string_view email_key) const { return impl_->is_role(email_key); }
bool RecordBuilder::is_internal(std::string_view email_key) const { return impl_->is_internal(email_key); }

}  // namespace leakscan
