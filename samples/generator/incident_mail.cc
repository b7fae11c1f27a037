// The mail of the reconstructed incident: who writes what to whom, and the
// truth of every personal item that lands in the window.
#include "incident.h"
#include "legacy_office_writer.h"
#include "office_writer.h"
#include "outlook_writer.h"
#include "picture_writer.h"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace leakscan::sample {

namespace {

constexpr std::array kSubjectsJa = {"資料送付の件",     "面談日程のご相談",     "契約書ドラフトのご確認",
                                    "ご挨拶",           "会議議事録",           "ファンド説明会のご案内",
                                    "お見積りの件",     "ご依頼の件",           "来週のお打ち合わせ",
                                    "運用状況のご報告", "書類のご確認のお願い", "今後の進め方について"};
constexpr std::array kSubjectsEn = {"Quarterly report", "Meeting next week", "Draft agreement", "Fund update",
                                    "Follow-up",        "Board minutes",     "Introduction",    "Documents for review"};
constexpr std::array kParagraphsJa = {
    "先日はお忙しいところお時間をいただき、誠にありがとうございました。\n",
    "ご依頼の資料を添付にてお送りいたします。ご査収のほどよろしくお願いいたします。\n",
    "来週の会議の日程につきまして、下記の候補日でご都合はいかがでしょうか。\n①５月１０日（水）１４時～　②５月１１日（木"
    "）１０時～\n",
    "契約書のドラフトを拝見しました。第５条の文言について確認させてください。\n",
    "ご不明な点がございましたら、お気軽にお問い合わせください。\n",
    "運用状況につきましては、月次レポートをご参照ください。\n",
    "本件、社内で検討のうえ改めてご連絡いたします。\n",
    "引き続きどうぞよろしくお願い申し上げます。\n"};
constexpr std::array kParagraphsEn = {
    "Thank you for your time yesterday.\n", "Please find the documents attached for your review.\n",
    "Could we move the call to Thursday afternoon?\n", "The figures for the quarter are in the spreadsheet.\n",
    "Let me know if anything needs to change before we sign.\n"};

std::string html_of(const std::string& text) {
  std::string out = "<html><body><p>";
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      out += i + 1 < text.size() && text[i + 1] == '\n' ? "</p>\n<p>" : "<br>\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else {
      out.push_back(c);
    }
  }
  return out + "</p></body></html>\n";
}

std::string quoted(const std::string& text) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    out += line.empty() ? ">\n" : "> " + line + "\n";
    pos = end + 1;
  }
  return out;
}

std::string international(const std::string& national) { return "+81 " + national.substr(1); }

// The lines of a text, for a document's paragraphs.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

constexpr const char* kDocx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// Bytes that look like a JPEG to a file type sniffer.
// A photo of a face: drawn, in one of the grey levels the face detector
// is known to take for a face (picture_writer.h).
std::string face_photo(Rng& rng) {
  sample::FaceDrawing d;
  d.skin = rng.chance(50) ? 170 : 210;
  d.features = rng.chance(50) ? 20 : 40;
  d.background = rng.chance(50) ? 200 : 230;
  return sample::drawn_face_jpeg(d);
}

}  // namespace

bool Incident::allowed(int h, const std::string& item) const {
  const Human& p = people_[static_cast<std::size_t>(h)];
  if (p.category == "internal" || p.category == "ghost") return true;
  for (const CategorySpec& c : categories_) {
    if (c.id == p.category) return c.items.count(item) > 0;
  }
  return false;
}

void Incident::begin(int day) {
  day_ = day;
  in_window_ = day >= window_first_ && day <= window_last_;
}

void Incident::wrote(int h, const std::string& item) {
  if (!allowed(h, item))
    throw std::logic_error("generator writes " + item + " for category " +
                           people_[static_cast<std::size_t>(h)].category);
  if (!in_window_) return;
  Human& p = people_[static_cast<std::size_t>(h)];
  p.items.insert(item);
  p.seen = true;
}

void Incident::wrote_name(int h, const std::string& name) {
  wrote(h, "name");
  if (in_window_) people_[static_cast<std::size_t>(h)].names_seen.insert(name);
}

void Incident::wrote_email(int h, const std::string& email) {
  wrote(h, "email");
  if (in_window_) people_[static_cast<std::size_t>(h)].emails_seen.insert(email);
}

int Incident::random_day(bool in_window) {
  if (in_window) return rng_.num(window_first_, window_last_);
  return rng_.num(day_number(2021, 1, 4), window_first_ - 1);
}

Charset Incident::pick_charset(bool english) {
  int r = rng_.num(0, 99);
  if (english) return r < 60 ? Charset::kAscii : Charset::kUtf8;
  if (r < 35) return Charset::kIso2022Jp;
  if (r < 60) return Charset::kShiftJis;
  if (r < 95) return Charset::kUtf8;
  return Charset::kEucJp;
}

Transfer Incident::pick_transfer(Charset c) {
  switch (c) {
    case Charset::kIso2022Jp:
    case Charset::kAscii:
      return Transfer::k7bit;
    case Charset::kEucJp:
      return Transfer::k8bit;
    default: {
      int r = rng_.num(0, 99);
      return r < 55 ? Transfer::kBase64 : r < 90 ? Transfer::kQuotedPrintable : Transfer::k8bit;
    }
  }
}

std::string Incident::new_message_id(const std::string& domain) {
  return "<" + std::to_string(seq_) + "." + rng_.digits(8) + "@" + (domain.empty() ? "example-am.co.jp" : domain) + ">";
}

std::string Incident::display_name(int h, bool record) {
  const Human& p = people_[static_cast<std::size_t>(h)];
  int r = rng_.num(0, 99);
  std::string name;
  if (p.english) {
    name = r < 75 ? p.first + " " + p.last : r < 85 ? p.last + ", " + p.first : "";
  } else if (r < 40) {
    name = p.kanji();
  } else if (r < 55) {
    name = p.family + p.given;
  } else if (r < 70) {
    name = p.romaji();
  } else if (r < 80 && p.org >= 0) {
    name = p.kanji() + "（" + orgs_[static_cast<std::size_t>(p.org)].name + "）";
  }
  if (record && !name.empty()) {
    std::string recorded = name.find("（") != std::string::npos ? p.kanji() : name;
    if (p.english && name.find(',') != std::string::npos) recorded = p.first + " " + p.last;
    wrote_name(h, recorded);
  }
  return name;
}

std::string Incident::from_header(int h, Charset c, bool record) {
  const Human& p = people_[static_cast<std::size_t>(h)];
  std::string address = p.email;
  if (record) wrote_email(h, address);
  return mailbox(display_name(h, record), address, c, rng_.chance(20));
}

std::string Incident::signature(int h, bool record, bool allow_address) {
  const Human& p = people_[static_cast<std::size_t>(h)];
  const Org* org = p.org >= 0 ? &orgs_[static_cast<std::size_t>(p.org)] : nullptr;
  bool phone = allowed(h, "phone");
  bool address = allow_address && org != nullptr && allowed(h, "address");
  auto name = [&](const std::string& n) {
    if (record) wrote_name(h, n);
    return n;
  };
  auto item = [&](const char* what, const std::string& text) {
    if (record) wrote(h, what);
    return text;
  };
  std::string email_line;
  if (!p.email.empty() && rng_.chance(60)) {
    if (record) wrote_email(h, p.email);
    email_line = p.email;
  }
  std::string s;
  if (p.english) {
    s += rng_.pick(std::array{"\nBest regards,\n\n", "\nKind regards,\n", "\nRegards,\n\n", "\nSincerely,\n\n"});
    s += name(p.first + " " + p.last) + "\n";
    if (org != nullptr) {
      s += item("department_title", p.title) + "\n";
      s += item("organization", org->name) + "\n";
    }
    if (phone) s += "Tel: " + item("phone", international(p.phone)) + "\n";
    if (!email_line.empty()) s += "Email: " + email_line + "\n";
    return s;
  }
  std::string dept = p.dept + (p.title.empty() ? "" : " " + p.title);
  // Auditors sign with their registration as certified public accountants.
  if (org != nullptr && org->name.find("監査法人") != std::string::npos && allowed(h, "accountant_number") &&
      rng_.chance(60)) {
    dept += "\n公認会計士（登録番号 第" + p.accountant + "号）";
    if (record) wrote(h, "accountant_number");
  }
  int style = org == nullptr ? 4 : rng_.num(0, 4) == 4 ? 5 : rng_.num(0, 3);
  switch (style) {
    case 0:
      s += "\n--\n" + item("organization", org->name) + "\n" + item("department_title", dept) + "\n" + name(p.kanji()) +
           "\n";
      if (address) s += item("address", org->address) + "\n";
      if (phone) s += "TEL: " + item("phone", p.phone) + "\n";
      if (rng_.chance(50)) s += "FAX: " + org->phone.substr(0, org->phone.rfind('-') + 1) + rng_.digits(4) + "\n";
      if (phone && rng_.chance(30)) s += "携帯: " + item("phone", p.mobile) + "\n";
      if (!email_line.empty()) s += "Mail: " + email_line + "\n";
      break;
    case 1:
      s += "\n━━━━━━━━━━━━━━━━━━━━━━\n" + item("organization", org->name) + "\n" + item("department_title", dept) +
           "\n" + name(p.kanji()) + "（" + p.romaji() + "）\n";
      if (address) s += item("address", org->address) + "\n";
      if (phone) s += "TEL：" + item("phone", p.phone) + "\n";
      if (!email_line.empty()) s += "E-mail：" + email_line + "\n";
      s += "━━━━━━━━━━━━━━━━━━━━━━\n";
      break;
    case 2:
      s += "\n以上、よろしくお願いいたします。\n\n" + item("organization", org->name) + "\n" +
           item("department_title", dept) + "\n" + name(p.kanji()) + "\n";
      if (address) s += item("address", org->address) + "\n";
      if (phone) s += "電話 " + item("phone", p.phone) + "\n";
      if (!email_line.empty()) s += "メール " + email_line + "\n";
      break;
    case 3:
      s += "\n**************************************\n" + name(p.kanji()) + "\n" + item("organization", org->name) +
           "\n" + item("department_title", dept) + "\n";
      if (address) s += item("address", org->address) + "\n";
      if (phone) s += "Tel " + item("phone", p.phone) + "\n";
      if (!email_line.empty()) s += "Mail " + email_line + "\n";
      s += "**************************************\n";
      break;
    case 5:  // the firm, the department and the name on one line
    {
      std::size_t cut = dept.find('\n');  // an auditor's registration stays on a line of its own
      s += "\n-- \n" + item("organization", org->name) + " " + item("department_title", dept.substr(0, cut)) + " " +
           name(p.kanji()) + (cut == std::string::npos ? "" : dept.substr(cut)) + "\n";
    }
      if (address) s += item("address", org->address) + "\n";
      if (phone) s += "TEL " + item("phone", p.phone) + "\n";
      if (!email_line.empty()) s += email_line + "\n";
      break;
    default:
      s += "\n" + name(p.kanji()) + "\n";
      if (phone && rng_.chance(50)) s += "携帯：" + item("phone", p.mobile) + "\n";
      break;
  }
  return s;
}

std::string Incident::owner_signature() {
  const Human& o = people_[static_cast<std::size_t>(owner_)];
  wrote_name(owner_, o.kanji());
  wrote_email(owner_, o.email);
  for (const char* item : {"organization", "department_title", "address", "phone"}) wrote(owner_, item);
  return "\n--\n" + orgs_[0].name + "\n" + o.dept + " " + o.title + "\n" + o.kanji() + "\n" + orgs_[0].address +
         "\nTEL: " + orgs_[0].phone + "\nMail: " + o.email + "\n";
}

std::string Incident::owner_mailbox(Charset c, bool named) {
  const Human& o = people_[static_cast<std::size_t>(owner_)];
  wrote_email(owner_, o.email);
  if (!named) return o.email;
  wrote_name(owner_, o.kanji());
  return mailbox(o.kanji(), o.email, c);
}

std::string Incident::greeting_to(int h, bool record) {
  const Human& p = people_[static_cast<std::size_t>(h)];
  if (p.english) {
    if (record) wrote_name(h, rng_.chance(50) ? p.first : p.last);
    return rng_.chance(50) ? "Dear " + p.first + ",\n\n" : "Dear Mr. " + p.last + ",\n\n";
  }
  if (p.org >= 0 && rng_.chance(40)) {
    if (record) {
      wrote(h, "organization");
      wrote_name(h, p.kanji());
    }
    return orgs_[static_cast<std::size_t>(p.org)].name + "\n" + p.kanji() + "様\n\n";
  }
  if (record) wrote_name(h, p.family);
  return p.family + "様\n\n";
}

std::string Incident::business_paragraphs(bool english) {
  std::string s;
  int n = rng_.num(1, 3);
  for (int i = 0; i < n; ++i) s += english ? rng_.pick(kParagraphsEn) : rng_.pick(kParagraphsJa);
  return s;
}

std::string Incident::look_alikes() {
  std::string s = "\n";
  switch (rng_.num(0, 3)) {
    case 0:
      s += "注文番号：" + rng_.digits(12) + "\nお問い合わせ番号 " + rng_.digits(12) + "\n";
      break;
    case 1:
      s += "請求書番号 INV-" + rng_.digits(8) + "\n金額：" + std::to_string(rng_.num(1, 999)) + "," + rng_.digits(3) +
           "円\n";
      break;
    case 2:
      s += "製品コード AB" + rng_.digits(7) + "\n会議日：2024年" + std::to_string(rng_.num(1, 12)) + "月" +
           std::to_string(rng_.num(1, 28)) + "日\n";
      break;
    default:
      s += "管理番号 " + rng_.digits(4) + "-" + rng_.digits(4) + "-" + rng_.digits(4) + "\n郵便番号 〒" +
           std::to_string(rng_.num(100, 999)) + "-" + rng_.digits(4) + " のみご記入ください\n";
      break;
  }
  return s;
}

std::string Incident::subject_for(int h, bool english) {
  (void)h;
  return english ? rng_.pick(kSubjectsEn) : rng_.pick(kSubjectsJa);
}

Entity Incident::body_entity(const std::string& text, bool english, std::vector<Entity> attachments) {
  Charset c = pick_charset(english);
  bool ascii = std::all_of(text.begin(), text.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
  if (c == Charset::kAscii && !ascii) c = Charset::kUtf8;
  Transfer t = pick_transfer(c);
  Entity body = Entity::text(text, c, t);
  if (rng_.chance(15)) {
    std::vector<Entity> alternatives;
    alternatives.push_back(std::move(body));
    alternatives.push_back(
        Entity::text(html_of(text), c, t == Transfer::k7bit ? t : Transfer::kQuotedPrintable, "html"));
    body =
        Entity::multipart("alternative", "alt-" + std::to_string(seq_) + "-" + rng_.digits(6), std::move(alternatives));
  }
  if (attachments.empty()) return body;
  std::vector<Entity> parts;
  parts.push_back(std::move(body));
  for (Entity& a : attachments) parts.push_back(std::move(a));
  return Entity::multipart("mixed", "mix-" + std::to_string(seq_) + "-" + rng_.digits(6), std::move(parts));
}

std::string Incident::message(const std::vector<std::pair<std::string, std::string>>& headers, Entity body) {
  std::vector<std::pair<std::string, std::string>> all = headers;
  all.emplace_back("MIME-Version", "1.0");
  body.prepend_headers(all);
  return body.str();
}

void Incident::send(const std::string& sender, const std::string& from, const std::string& to,
                    const std::string& subject, Charset c, Entity body, const std::string& domain) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"From", from}, {"To", to}, {"Subject", encode_words(subject, c)}};
  fields.emplace_back("Date", rfc5322_date(day_, rng_.num(480, 1200)));
  fields.emplace_back("Message-ID", new_message_id(domain));
  emit(day_, sender, message(fields, std::move(body)));
}

void Incident::emit(int day, const std::string& sender, const std::string& text) {
  out_.push_back({day, 0, seq_++, sender, text});
  if (day >= window_first_ && day <= window_last_) ++messages_in_window_;
}

namespace {
struct Headers {
  std::vector<std::pair<std::string, std::string>> fields;
  void add(const std::string& name, const std::string& value) {
    if (!value.empty()) fields.emplace_back(name, value);
  }
};
}  // namespace

// h writes to the owner: a greeting, business text and h's signature.
void Incident::mail_from(int h) {
  Human& p = people_[static_cast<std::size_t>(h)];
  begin(random_day(true));
  Charset c = pick_charset(p.english);
  std::string body;
  if (p.english) {
    body = "Dear Ichiro,\n\n" + business_paragraphs(true);
  } else {
    body = orgs_[0].name + "\n田中様\n\nいつもお世話になっております。\n";
    if (p.org >= 0 && rng_.chance(50)) {
      body += orgs_[static_cast<std::size_t>(p.org)].name + "の" + p.family + "でございます。\n";
      wrote(h, "organization");
    }
    body += "\n" + business_paragraphs(false);
  }
  if (rng_.chance(25)) body += look_alikes();
  bool address = p.category == "3-3" || p.category == "3-6";
  body += signature(h, true, address);
  Headers hd;
  hd.add("From", from_header(h, c));
  hd.add("To", owner_mailbox(c, rng_.chance(60)));
  // A colleague of h in copy.
  if (p.org >= 0) {
    const Org& org = orgs_[static_cast<std::size_t>(p.org)];
    for (int other : org.people) {
      if (other != h && !people_[static_cast<std::size_t>(other)].email.empty() && rng_.chance(20)) {
        hd.add("Cc", from_header(other, c));
        break;
      }
    }
  }
  std::string subject = subject_for(h, p.english);
  hd.add("Subject", encode_words(subject, c, rng_.chance(20)));
  hd.add("Date", rfc5322_date(day_, rng_.num(480, 1200)));
  hd.add("Message-ID", new_message_id(p.email.substr(p.email.find('@') + 1)));
  std::vector<Entity> attachments;
  if (p.org >= 0 && rng_.chance(6)) attachments.push_back(vcard(h));
  emit(day_, p.email, message(hd.fields, body_entity(body, p.english, std::move(attachments))));

  // The owner answers, quoting it.
  if (!rng_.chance(35)) return;
  begin(std::min(day_ + rng_.num(0, 3), window_last_));
  Charset rc = pick_charset(false);
  std::string reply =
      greeting_to(h, true) + "ご連絡ありがとうございます。\n承知いたしました。\n" + owner_signature() + "\n";
  std::string name = p.english ? p.first + " " + p.last : p.kanji();
  switch (rng_.num(0, 4)) {
    case 0:
      reply += "2024年5月1日(水) 9:00 " + name + " <" + p.email + ">:\n" + quoted(body);
      break;
    case 1:
      reply += "On Wed, May 1, 2024 at 9:00 AM " + name + " <" + p.email + "> wrote:\n" + quoted(body);
      break;
    case 2:
      reply += "-----Original Message-----\nFrom: " + name + " <" + p.email +
               ">\nSent: Wednesday, May 1, 2024 9:00 AM\n"
               "To: 田中 一郎 <t.tanaka@example-am.co.jp>\nSubject: " +
               subject + "\n\n" + body;
      break;
    case 3:
      reply += "差出人: " + name + " <" + p.email +
               ">\n送信日時: 2024年5月1日 9:00\n宛先: 田中 一郎\n件名: " + subject + "\n\n" + body;
      break;
    default:
      reply += "On 2024/05/01 9:00, " + name + " wrote:\n" + quoted(body);
      break;
  }
  wrote_name(h, name);
  Headers rh;
  rh.add("From", owner_mailbox(rc));
  rh.add("To", from_header(h, rc));
  rh.add("Subject", encode_words("Re: " + subject, rc));
  rh.add("Date", rfc5322_date(day_, rng_.num(480, 1200)));
  rh.add("Message-ID", new_message_id(""));
  emit(day_, people_[static_cast<std::size_t>(owner_)].email, message(rh.fields, body_entity(reply, false)));
}

// The owner writes to h (no quote): the greeting names h.
void Incident::reply_from_owner(int h) {
  Human& p = people_[static_cast<std::size_t>(h)];
  begin(random_day(true));
  Charset c = pick_charset(false);
  std::string body = greeting_to(h, true) + business_paragraphs(p.english) + owner_signature();
  std::string from = owner_mailbox(c);
  std::string to = from_header(h, c);
  std::string subject = subject_for(h, p.english);
  send(people_[static_cast<std::size_t>(owner_)].email, from, to, subject, c, body_entity(body, p.english));
}

// The owner invites several people; they appear in the headers only.
void Incident::meeting(const std::vector<int>& people) {
  begin(random_day(true));
  Charset c = pick_charset(false);
  std::string to, cc;
  for (int h : people) to += (to.empty() ? "" : ", ") + from_header(h, c);
  int colleague = staff_[static_cast<std::size_t>(rng_.num(0, static_cast<int>(staff_.size()) - 1))];
  cc = from_header(colleague, c);
  std::string body = "関係者各位\n\nお世話になっております。\n打ち合わせの日程をご連絡いたします。\n\n日時：2024年" +
                     std::to_string(rng_.num(1, 12)) + "月" + std::to_string(rng_.num(1, 28)) +
                     "日 14:00-15:00\n場所：弊社会議室\n" + owner_signature();
  Headers hd;
  hd.add("From", owner_mailbox(c));
  hd.add("To", to);
  hd.add("Cc", cc);
  hd.add("Subject", encode_words("打ち合わせ日程のご連絡", c));
  hd.add("Date", rfc5322_date(day_, rng_.num(480, 1200)));
  hd.add("Message-ID", new_message_id(""));
  emit(day_, people_[static_cast<std::size_t>(owner_)].email, message(hd.fields, body_entity(body, false)));
}

// h's contact card, as mail programs attach it: a vCard, or from Outlook
// the contact item itself.
Entity Incident::vcard(int h) {
  const Human& p = people_[static_cast<std::size_t>(h)];
  const Org& org = orgs_[static_cast<std::size_t>(p.org)];
  if (rng_.chance(30)) {
    sample::OutlookContact contact;
    contact.surname = p.english ? p.last : p.family;
    contact.given_name = p.english ? p.first : p.given;
    contact.display_name = p.english ? p.first + " " + p.last : p.kanji();
    contact.company = org.name;
    contact.department = p.dept;
    contact.title = p.title;
    contact.email = p.email;
    wrote_name(h, contact.display_name);
    wrote(h, "organization");
    wrote(h, "department_title");
    wrote_email(h, p.email);
    if (allowed(h, "phone")) {
      contact.business_phone = p.phone;
      wrote(h, "phone");
    }
    return Entity::attachment(sample::make_msg(sample::outlook_contact(contact)), "application/vnd.ms-outlook",
                              contact.display_name + ".msg", rng_.chance(50));
  }
  std::string card = "BEGIN:VCARD\r\nVERSION:3.0\r\n";
  if (p.english) {
    card += "N:" + p.last + ";" + p.first + ";;;\r\nFN:" + p.first + " " + p.last + "\r\n";
    wrote_name(h, p.first + " " + p.last);
  } else {
    card += "N:" + p.family + ";" + p.given + ";;;\r\nFN:" + p.kanji() + "\r\n";
    wrote_name(h, p.kanji());
  }
  card += "ORG:" + org.name + "\r\nTITLE:" + (p.english ? p.title : p.dept) + "\r\n";
  wrote(h, "organization");
  wrote(h, "department_title");
  if (allowed(h, "phone")) {
    card += "TEL;TYPE=WORK,VOICE:" + p.phone + "\r\n";
    wrote(h, "phone");
  }
  card += "EMAIL;TYPE=INTERNET:" + p.email + "\r\nEND:VCARD\r\n";
  wrote_email(h, p.email);
  return Entity::text_attachment(card, Charset::kUtf8, rng_.chance(50) ? Transfer::kBase64 : Transfer::kQuotedPrintable,
                                 rng_.chance(50) ? "text/vcard" : "text/x-vcard", p.romaji() + ".vcf");
}

std::string Incident::contact_block(int h) {
  const Human& p = people_[static_cast<std::size_t>(h)];
  const Org& org = orgs_[static_cast<std::size_t>(p.org)];
  std::string s = org.name + "\n" + p.dept + (p.title.empty() ? "" : " " + p.title) + "\n" + p.kanji() + "\n";
  wrote(h, "organization");
  wrote(h, "department_title");
  wrote_name(h, p.kanji());
  if (allowed(h, "phone")) {
    s += "TEL: " + p.phone + "\n";
    wrote(h, "phone");
  }
  if (!p.email.empty()) {
    s += "E-mail: " + p.email + "\n";
    wrote_email(h, p.email);
  }
  return s;
}

// introducer presents a colleague with a contact block in the middle of the mail.
void Incident::introduction(int introducer, int introduced) {
  Human& p = people_[static_cast<std::size_t>(introducer)];
  begin(random_day(true));
  Charset c = pick_charset(false);
  std::string body =
      orgs_[0].name +
      "\n田中様\n\nいつもお世話になっております。\n今後、弊社の担当として下記の者がご連絡いたします。\n\n" +
      contact_block(introduced) + "\n今後ともよろしくお願いいたします。\n" +
      signature(introducer, true, p.category == "3-3" || p.category == "3-6");
  std::string from = from_header(introducer, c);
  std::string to = owner_mailbox(c, false);
  std::string subject = "担当者変更のご連絡";
  send(p.email, from, to, subject, c, body_entity(body, false));
}

// A colleague of the owner forwards h's mail inline.
void Incident::forward_inline(int h) {
  Human& p = people_[static_cast<std::size_t>(h)];
  begin(random_day(true));
  Charset c = pick_charset(false);
  int colleague = staff_[static_cast<std::size_t>(rng_.num(0, static_cast<int>(staff_.size()) - 1))];
  const Human& s = people_[static_cast<std::size_t>(colleague)];
  std::string original = (p.english ? "Dear Ms. " + s.family_romaji + ",\n\n" : s.family + "様\n\n") +
                         business_paragraphs(p.english) +
                         signature(h, true, p.category == "3-3" || p.category == "3-6");
  std::string name = p.english ? p.first + " " + p.last : p.kanji();
  wrote_name(h, name);
  wrote_email(h, p.email);
  std::string body =
      "田中さん\n\n下記、ご確認をお願いします。\n\n" + s.family + "\n\n" +
      (rng_.chance(50) ? "---------- Forwarded message ---------\n" : "-------- 転送メッセージ --------\n") +
      "From: " + name + " <" + p.email + ">\nDate: 2024年4月1日(月) 10:00\nSubject: " + subject_for(h, p.english) +
      "\nTo: <" + s.email + ">\n\n" + original;
  std::string from = from_header(colleague, c);
  std::string to = owner_mailbox(c);
  std::string subject = "Fwd: " + subject_for(h, p.english);
  send(s.email, from, to, subject, c, body_entity(body, false));
}

// A colleague forwards h's mail as an attached message.
void Incident::forward_attached(int h) {
  Human& p = people_[static_cast<std::size_t>(h)];
  begin(random_day(true));
  Charset c = pick_charset(false);
  int colleague = staff_[static_cast<std::size_t>(rng_.num(0, static_cast<int>(staff_.size()) - 1))];
  const Human& s = people_[static_cast<std::size_t>(colleague)];
  std::string original = (p.english ? "Dear team,\n\n" : "関係者各位\n\n") + business_paragraphs(p.english) +
                         signature(h, true, p.category == "3-3" || p.category == "3-6");
  if (rng_.chance(35)) {
    // Outlook forwards an item as the item: a .msg file.
    sample::OutlookItem item;
    item.subject = subject_for(h, p.english);
    item.sender_name = display_name(h, true);
    item.sender_email = p.email;
    wrote_email(h, p.email);
    item.to = {{s.kanji(), s.email}};
    item.body = original;
    std::vector<Entity> attachments;
    attachments.push_back(Entity::attachment(sample::make_msg(item), "application/vnd.ms-outlook",
                                             item.subject + ".msg", rng_.chance(50)));
    std::string body = "田中さん\n\n転送します。\n\n" + s.family + "\n";
    send(s.email, from_header(colleague, c), owner_mailbox(c, false), "FW: " + item.subject, c,
         body_entity(body, false, std::move(attachments)));
    return;
  }
  Headers inner;
  inner.add("From", from_header(h, c));
  inner.add("To", s.email);
  inner.add("Subject", encode_words(subject_for(h, p.english), c));
  inner.add("Date", rfc5322_date(day_, 600));
  inner.add("Message-ID", new_message_id(""));
  Entity enclosed_body = Entity::text(original, c, pick_transfer(c));
  std::vector<std::pair<std::string, std::string>> inner_fields = inner.fields;
  inner_fields.emplace_back("MIME-Version", "1.0");
  enclosed_body.prepend_headers(inner_fields);
  std::vector<Entity> attachments;
  attachments.push_back(Entity::enclosed(std::move(enclosed_body)));
  std::string body = "田中さん\n\n転送します。\n\n" + s.family + "\n";
  std::string from = from_header(colleague, c);
  std::string to = owner_mailbox(c, false);
  std::string subject = "Fw: 転送";
  send(s.email, from, to, subject, c, body_entity(body, false, std::move(attachments)));
}

// A customer sends the account-opening form with an identity document.
void Incident::kyc(int h) {
  Human& p = people_[static_cast<std::size_t>(h)];
  begin(random_day(true));
  Charset c = pick_charset(false);
  std::string form = "氏名：" + p.kanji() + "\n生年月日：" + p.birth_date + "\n性別：" + p.gender + "\n国籍：" +
                     p.nationality + "\n住所：" + p.home_address + "\n電話番号：" + p.mobile + "\nメールアドレス：" +
                     p.email + "\n";
  wrote_name(h, p.kanji());
  for (const char* item : {"birth_date", "gender", "nationality", "address", "phone", "email"}) wrote(h, item);
  if (rng_.chance(50)) {
    form += "運転免許証番号：第" + p.license + "号\n";
    wrote(h, "drivers_license_number");
  }
  if (rng_.chance(50)) {
    form += "パスポート番号：" + p.passport + "\n";
    wrote(h, "passport_number");
  }
  form += "振込先口座：サンプル銀行 渋谷支店 普通 " + p.bank + "\n";
  wrote(h, "bank_account");
  if (rng_.chance(40)) {
    form += "\n【略歴】\n2005年4月 株式会社例示商事 入社\n2016年4月 株式会社例示商事 取締役 就任\n";
    wrote(h, "career");
  }
  std::vector<Entity> attachments;
  if (rng_.chance(60)) {
    std::string name = rng_.pick(std::array{"passport_scan.jpg", "運転免許証.jpg", "本人確認書類.jpg"});
    attachments.push_back(Entity::attachment(face_photo(rng_), "image/jpeg", name, rng_.chance(50)));
    wrote(h, "photo");
  }
  // The form in the mail, or filled in as a Word document.
  bool document = rng_.chance(40);
  if (document) {
    std::vector<std::string> paragraphs = {"口座開設申込書", ""};
    for (const std::string& line : lines_of(form)) paragraphs.push_back(line);
    int format = rng_.num(0, 3);
    if (format == 0 || format == 1) {
      attachments.push_back(Entity::attachment(sample::make_docx(paragraphs),
                                               format == 0 ? kDocx : "application/octet-stream", "口座開設申込書.docx",
                                               rng_.chance(50)));
    } else if (format == 2) {
      // Word 97-2003.
      attachments.push_back(Entity::attachment(sample::make_doc(paragraphs), "application/msword", "口座開設申込書.doc",
                                               rng_.chance(50)));
    } else {
      // Outlook in rich-text mode wraps the file in a winmail.dat.
      sample::OutlookItem wrapper;
      wrapper.files = {{"口座開設申込書.docx", sample::make_docx(paragraphs), kDocx}};
      attachments.push_back(
          Entity::attachment(sample::make_tnef(wrapper), "application/ms-tnef", "winmail.dat", rng_.chance(50)));
    }
  }
  std::string body = orgs_[0].name + "\n田中様\n\nお世話になっております。\n" +
                     (document ? std::string("口座開設申込書に記入して添付いたしました。\n")
                               : "口座開設に必要な事項を下記の通りご連絡いたします。\n\n" + form) +
                     "\nご確認のほどよろしくお願いいたします。\n" + signature(h, true, false);
  std::string from = from_header(h, c);
  std::string to = owner_mailbox(c, false);
  std::string subject = "口座開設書類の送付";
  send(p.email, from, to, subject, c, body_entity(body, false, std::move(attachments)));
}

// A client's HR contact sends employees' forms with their families.
void Incident::family_forms(int contact, const std::vector<int>& employees) {
  Human& p = people_[static_cast<std::size_t>(contact)];
  begin(random_day(true));
  Charset c = pick_charset(false);
  std::string forms;
  int n = 1;
  for (int e : employees) {
    Human& x = people_[static_cast<std::size_t>(e)];
    const Org& org = orgs_[static_cast<std::size_t>(x.org)];
    std::string spouse = x.family + " " + rng_.pick(std::array{"花子", "美咲", "一郎", "直美", "健一", "陽子"});
    forms += "【従業員" + std::to_string(n++) + "】\n氏名：" + x.kanji() + "\n所属：" + org.name + " " + x.dept +
             "\n住所：" + x.home_address + "\n電話番号：" + x.mobile + "\n配偶者氏名：" + spouse + "\n続柄：" +
             rng_.pick(std::array{"妻", "夫"}) + "\n配偶者生年月日：" + date_ja(1960, 1995) + "\n緊急連絡先：" +
             mobile_number() + "\n実家住所：" + japanese_address() + "\n\n";
    wrote_name(e, x.kanji());
    for (const char* item : {"organization", "department_title", "address", "phone", "family_name", "relationship",
                             "family_birth_date", "family_phone", "family_address"}) {
      wrote(e, item);
    }
  }
  std::string body = orgs_[0].name +
                     "\n田中様\n\nいつもお世話になっております。\n年末調整に必要な従業員の情報を送付いたします。\n\n" +
                     forms + "以上、よろしくお願いいたします。\n" + signature(contact, true, false);
  std::string from = from_header(contact, c);
  std::string to = owner_mailbox(c, false);
  std::string subject = "従業員情報の送付（年末調整）";
  send(p.email, from, to, subject, c, body_entity(body, false));
}

// A client's contact attaches a list of employees as CSV.
void Incident::employee_list(int contact, const std::vector<int>& employees) {
  Human& p = people_[static_cast<std::size_t>(contact)];
  begin(random_day(true));
  Charset c = pick_charset(false);
  std::string csv = "氏名,会社名,部署,電話番号\r\n";
  for (int e : employees) {
    Human& x = people_[static_cast<std::size_t>(e)];
    csv += x.kanji() + "," + orgs_[static_cast<std::size_t>(x.org)].name + "," + x.dept + "," + x.mobile + "\r\n";
    wrote_name(e, x.kanji());
    for (const char* item : {"organization", "department_title", "phone"}) wrote(e, item);
  }
  std::vector<Entity> attachments;
  int format = rng_.num(0, 3);
  if (format == 0) {
    attachments.push_back(Entity::text_attachment(csv, rng_.chance(60) ? Charset::kShiftJis : Charset::kUtf8,
                                                  Transfer::kBase64, "text/csv", "従業員名簿.csv"));
  } else if (format == 1) {
    // The same list saved by Excel's "CSV" in CP932, sent as a binary file.
    attachments.push_back(Entity::attachment(to_charset(csv, Charset::kShiftJis), "application/octet-stream",
                                             "従業員名簿.csv", rng_.chance(50)));
  } else {
    sample::Rows rows = {{"氏名", "会社名", "部署", "電話番号"}};
    for (int e : employees) {
      const Human& x = people_[static_cast<std::size_t>(e)];
      rows.push_back({x.kanji(), orgs_[static_cast<std::size_t>(x.org)].name, x.dept, x.mobile});
    }
    if (format == 3) {
      // Excel 97-2003.
      attachments.push_back(Entity::attachment(sample::make_xls({{"名簿", rows}}), "application/vnd.ms-excel",
                                               "従業員名簿.xls", rng_.chance(50)));
    } else {
      attachments.push_back(Entity::attachment(sample::make_xlsx({{"名簿", rows}}),
                                               rng_.chance(50) ? kXlsx : "application/vnd.ms-excel", "従業員名簿.xlsx",
                                               rng_.chance(50)));
    }
  }
  std::string body = orgs_[0].name + "\n田中様\n\nお世話になっております。\n従業員名簿を添付いたします。\n" +
                     signature(contact, true, false);
  std::string from = from_header(contact, c);
  std::string to = owner_mailbox(c, false);
  std::string subject = "従業員名簿の送付";
  send(p.email, from, to, subject, c, body_entity(body, false, std::move(attachments)));
}

// An applicant sends a résumé and a photo.
void Incident::resume(int h) {
  Human& p = people_[static_cast<std::size_t>(h)];
  begin(random_day(true));
  Charset c = pick_charset(false);
  std::string form = "氏名：" + p.kanji() + "\n生年月日：" + p.birth_date + "（" + std::to_string(p.age) +
                     "歳）\n性別：" + p.gender + "\n住所：" + p.home_address + "\n電話番号：" + p.mobile +
                     "\nメール：" + p.email + "\n趣味：" + p.hobby +
                     "\n\n学歴・職歴\n2008年3月 架空大学経済学部 卒業\n2008年4月 株式会社試作システムズ 入社\n";
  wrote_name(h, p.kanji());
  for (const char* item : {"birth_date", "age", "gender", "address", "phone", "email", "hobby", "career"})
    wrote(h, item);
  std::vector<Entity> attachments;
  // The résumé in the mail with a photo beside it, or as a Word document
  // with the photo inside.
  bool document = rng_.chance(35);
  bool photo = rng_.chance(75);
  if (document) {
    std::vector<std::string> paragraphs = {"履歴書", ""};
    for (const std::string& line : lines_of(form)) paragraphs.push_back(line);
    std::vector<sample::ZipFile> media;
    if (photo) media.push_back({"image1.jpeg", face_photo(rng_)});
    attachments.push_back(Entity::attachment(sample::make_docx(paragraphs, {}, media), kDocx,
                                             "履歴書_" + p.family + ".docx", rng_.chance(50)));
  } else if (photo) {
    std::string name = rng_.chance(50) ? "顔写真.jpg" : "IMG_" + rng_.digits(4) + ".jpg";
    attachments.push_back(Entity::attachment(face_photo(rng_), "image/jpeg", name, rng_.chance(50)));
  }
  if (photo) wrote(h, "photo");
  std::string body = std::string("採用ご担当者様\n\n貴社の求人に応募いたします。") +
                     (document ? "履歴書を添付いたします。\n" : "履歴書の内容を下記に記載いたします。\n\n" + form) +
                     "\nご確認のほどよろしくお願いいたします。\n\n" + p.kanji() + "\n";
  std::string from = from_header(h, c);
  std::string to = owner_mailbox(c, false);
  std::string subject = "【ご応募】履歴書の送付";
  send(p.email, from, to, subject, c, body_entity(body, false, std::move(attachments)));
}

// A prospective investor's own profile: age, home address, passport.
void Incident::prospect_profile(int h) {
  Human& p = people_[static_cast<std::size_t>(h)];
  begin(random_day(true));
  Charset c = pick_charset(false);
  const Org& org = orgs_[static_cast<std::size_t>(p.org)];
  std::string form = "氏名：" + p.kanji() + "\n会社名：" + org.name + "\n年齢：" + std::to_string(p.age) +
                     "歳\n住所：" + p.home_address + "\nパスポート番号：" + p.passport + "\n";
  wrote_name(h, p.kanji());
  for (const char* item : {"organization", "age", "address", "passport_number"}) wrote(h, item);
  std::string body = orgs_[0].name +
                     "\n田中様\n\nお世話になっております。\n共同投資の手続きに必要な情報をお送りします。\n\n" + form +
                     "\nよろしくお願いいたします。\n" + signature(h, true, false);
  std::string from = from_header(h, c);
  std::string to = owner_mailbox(c, false);
  std::string subject = "共同投資の手続き書類";
  send(p.email, from, to, subject, c, body_entity(body, false));
}

// A supplier's invoice with the account to pay into.
void Incident::invoice(int h) {
  Human& p = people_[static_cast<std::size_t>(h)];
  begin(random_day(true));
  Charset c = pick_charset(false);
  std::string number = rng_.digits(8), amount = std::to_string(rng_.num(10, 999)) + "," + rng_.digits(3);
  std::vector<Entity> attachments;
  std::string body = orgs_[0].name + "\n田中様\n\nいつもお世話になっております。\n";
  if (rng_.chance(40)) {
    // The invoice as a PDF, with the account to pay into.
    body += "請求書を添付いたしますので、ご確認ください。\n" + signature(h, true, true);
    attachments.push_back(Entity::attachment(
        sample::make_pdf({{"INVOICE INV-" + number, "Bill to: Sample Asset Management", "Amount: JPY " + amount, "",
                           "Bank: Sample Bank, Marunouchi Branch", "Account No. " + p.bank}}),
        "application/pdf", "invoice_" + number + ".pdf", rng_.chance(50)));
  } else {
    body += "下記の通りご請求申し上げます。\n\n請求書番号 INV-" + number + "\n金額：" + amount +
            "円（税込）\n\nお振込先：サンプル銀行 丸の内支店 普通預金 " + p.bank + "\n" + signature(h, true, true);
  }
  wrote(h, "bank_account");
  std::string from = from_header(h, c);
  std::string to = owner_mailbox(c, false);
  std::string subject = "ご請求書送付のご案内";
  send(p.email, from, to, subject, c, body_entity(body, false, std::move(attachments)));
}

// A speaker sends a profile with a career and a portrait.
void Incident::speaker_profile(int h) {
  Human& p = people_[static_cast<std::size_t>(h)];
  begin(random_day(true));
  Charset c = pick_charset(false);
  const Org& org = orgs_[static_cast<std::size_t>(p.org)];
  std::string body =
      orgs_[0].name +
      "\n田中様\n\nお世話になっております。\nセミナーの講師プロフィールをお送りします。\n\n略歴\n2001年4月 " +
      org.name + " 入社\n2015年4月 " + org.name + " " + p.dept + "長 就任\n" + signature(h, true, false);
  wrote(h, "career");
  std::vector<Entity> attachments;
  attachments.push_back(Entity::attachment(face_photo(rng_), "image/jpeg", "プロフィール写真.jpg", rng_.chance(50)));
  wrote(h, "photo");
  std::string from = from_header(h, c);
  std::string to = owner_mailbox(c, false);
  std::string subject = "講師プロフィールの送付";
  send(p.email, from, to, subject, c, body_entity(body, false, std::move(attachments)));
}

// A human who answers from the firm's support mailbox and signs with a name.
void Incident::role_mail_signed(int h) {
  Human& p = people_[static_cast<std::size_t>(h)];
  begin(random_day(true));
  Charset c = pick_charset(false);
  const Org& org = orgs_[static_cast<std::size_t>(p.org)];
  std::string body =
      "田中様\n\nお問い合わせありがとうございます。\nご依頼の件、対応が完了いたしました。\n" + signature(h, true, true);
  std::string from = mailbox(org.name + " サポート", p.via_role, c);
  std::string to = owner_mailbox(c, false);
  std::string subject = "お問い合わせの件";
  send(p.via_role, from, to, subject, c, body_entity(body, false), org.domain);
}

// h writes from a private address with the company signature.
void Incident::private_mail(int h) {
  Human& p = people_[static_cast<std::size_t>(h)];
  begin(random_day(true));
  Charset c = pick_charset(false);
  std::string body =
      "田中様\n\n私用のアドレスから失礼いたします。\n" + business_paragraphs(false) + signature(h, true, false);
  wrote_email(h, p.private_email);
  std::string from = mailbox(display_name(h, true), p.private_email, c);
  std::string to = owner_mailbox(c, false);
  std::string subject = subject_for(h, false);
  send(p.private_email, from, to, subject, c, body_entity(body, false));
}

void Incident::write_person_mail(int h) {
  Human& p = people_[static_cast<std::size_t>(h)];
  const std::string& cat = p.category;
  if (p.employee) return;  // written by their employer's contact
  if (!p.via_role.empty()) {
    role_mail_signed(h);
    return;
  }
  // What the category is known for.
  if (cat == "1" && (p.org < 0 || rng_.chance(30))) kyc(h);
  if (cat == "3-4" && p.applicant) {
    resume(h);
    if (rng_.chance(30)) reply_from_owner(h);
    return;
  }
  if (cat == "3-2" && p.org >= 0 && !p.english && rng_.chance(12)) prospect_profile(h);
  if (cat == "3-3" && rng_.chance(35)) invoice(h);
  if (cat == "3-5" && !p.english && rng_.chance(35)) speaker_profile(h);
  if (!p.private_email.empty()) private_mail(h);
  int appearances = rng_.num(1, 3);
  for (int i = 0; i < appearances; ++i) {
    int r = rng_.num(0, 99);
    if (r < 45 || p.org < 0) {
      mail_from(h);
    } else if (r < 60) {
      reply_from_owner(h);
    } else if (r < 75) {
      std::vector<int> group{h};
      for (int other : orgs_[static_cast<std::size_t>(p.org)].people) {
        const Human& o = people_[static_cast<std::size_t>(other)];
        if (other != h && !o.email.empty() && group.size() < 3 && rng_.chance(30)) group.push_back(other);
      }
      meeting(group);
    } else if (r < 85 && !p.english) {
      std::vector<int> colleagues;
      for (int other : orgs_[static_cast<std::size_t>(p.org)].people) {
        const Human& o = people_[static_cast<std::size_t>(other)];
        if (other != h && !o.email.empty() && o.via_role.empty() && !o.english) colleagues.push_back(other);
      }
      if (colleagues.empty()) {
        mail_from(h);
      } else {
        introduction(colleagues[static_cast<std::size_t>(rng_.num(0, static_cast<int>(colleagues.size()) - 1))], h);
      }
    } else if (r < 93) {
      forward_inline(h);
    } else {
      forward_attached(h);
    }
  }
}

void Incident::write_internal() {
  // Staff write to the owner with their signature.
  for (int s : staff_) {
    Human& p = people_[static_cast<std::size_t>(s)];
    for (int i = 0; i < 2; ++i) {
      begin(random_day(true));
      Charset c = pick_charset(false);
      std::string body = "田中さん\n\nお疲れ様です。\n" + business_paragraphs(false) + "\n--\n" + orgs_[0].name + "\n" +
                         p.dept + "\n" + p.kanji() + "\n内線 " + rng_.digits(4) + "\n";
      wrote_name(s, p.kanji());
      Headers hd;
      hd.add("From", from_header(s, c));
      hd.add("To", owner_mailbox(c));
      hd.add("Subject", encode_words("社内連絡", c));
      hd.add("Date", rfc5322_date(day_, rng_.num(480, 1200)));
      hd.add("Message-ID", new_message_id(""));
      emit(day_, p.email, message(hd.fields, body_entity(body, false)));
    }
  }
  // Year-end forms with My Numbers: staff and their dependents, nine individuals.
  begin(random_day(true));
  Charset c = pick_charset(false);
  std::string forms;
  const int dependents[] = {2, 1, 1, 1};
  for (std::size_t k = 0; k < 4 && k < staff_.size(); ++k) {
    Human& p = people_[static_cast<std::size_t>(staff_[k])];
    forms += "氏名：" + p.kanji() + "\n所属：" + orgs_[0].name + " " + p.dept + "\n個人番号：" + my_number() + "\n";
    ++my_numbers_;
    forms += "\n【扶養親族】\n";
    for (int d = 0; d < dependents[k]; ++d) {
      forms += (d == 0 ? "配偶者氏名：" : "子の氏名：") + p.family + " " +
               rng_.pick(std::array{"花子", "翔太", "陽子", "大輔"}) + "\n続柄：" + (d == 0 ? "妻" : "長男") + "\n" +
               (d == 0 ? "配偶者の個人番号：" : "子の個人番号：") + my_number() + "\n";
      ++my_numbers_;
    }
    forms += "\n";
    wrote_name(staff_[k], p.kanji());
    for (const char* item : {"organization", "department_title", "my_number", "family_name", "relationship"}) {
      wrote(staff_[k], item);
    }
  }
  std::string body = "田中さん\n\n扶養控除等申告書の内容を共有します。取扱注意。\n\n" + forms + "人事部\n";
  std::string from = mailbox("人事部", "jinji@example-am.co.jp", c);
  std::string to = owner_mailbox(c);
  std::string subject = "【取扱注意】扶養控除等申告書";
  send("jinji@example-am.co.jp", from, to, subject, c, body_entity(body, false));
}

void Incident::write_noise() {
  const Human& owner = people_[static_cast<std::size_t>(owner_)];
  int count = std::max(20, static_cast<int>(std::lround(900 * scale_)));
  for (int i = 0; i < count; ++i) {
    begin(random_day(rng_.chance(95)));
    Charset c = pick_charset(false);
    Headers hd;
    std::string body, sender;
    switch (i % 7) {
      case 5: {  // spam a filter marked, signed with a made-up name
        sender = "winner" + std::to_string(i) + "@example-lottery" + std::to_string(i % 3) + ".com";
        hd.add("From", mailbox("Prize Center", sender, c));
        hd.add("X-Spam-Flag", "YES");
        hd.add("X-Spam-Status", "Yes, score=9.1");
        body = "Congratulations!\n\nBest regards,\nJohn Miller\nTel: +1 212 555 0199\n";
        break;
      }
      case 6: {  // an out-of-office answer from someone already known
        const Human& r = people_[static_cast<std::size_t>(rng_.num(1, static_cast<int>(people_.size()) - 1))];
        if (r.email.empty() || !r.seen || r.category == "ghost" || r.category == "internal" || !in_window_) continue;
        sender = r.email;
        hd.add("From", r.email);
        hd.add("Auto-Submitted", "auto-replied");
        body = "ただいま不在にしております。\n5月7日以降に順次ご返信いたします。\n";
        break;
      }
      case 0:  // a newsletter naming people who are not correspondents
        sender = "news@example-press" + std::to_string(i % 7) + ".co.jp";
        hd.add("From", mailbox("サンプル・マーケットニュース", sender, c));
        hd.add("List-Id", "<market.example-press" + std::to_string(i % 7) + ".co.jp>");
        hd.add("List-Unsubscribe", "<mailto:unsubscribe@example-press.co.jp>");
        body = "サンプル・マーケットニュース 第" + std::to_string(i) +
               "号\n\n代表取締役 山田 太郎氏に聞く今後の市場\n\n" +
               "--\n編集部 佐藤 花子\nTEL: 03-5123-4567\n配信停止はこちら: https://example.com/unsubscribe\n";
        break;
      case 1:  // a system notification
        sender = "no-reply@example-cloud.com";
        hd.add("From", mailbox("Example Cloud", sender, c));
        hd.add("Auto-Submitted", "auto-generated");
        body = "新しい端末からのログインがありました。\n日時：2024年4月1日 10:00\nIPアドレス：192.0.2.10\n";
        break;
      case 2:  // a vendor's announcement from a role address
        sender = "info@example-vendor" + std::to_string(i % 5) + ".co.jp";
        hd.add("From", mailbox("サンプルベンダー", sender, c));
        body =
            "お客様各位\n\nシステムメンテナンスのお知らせ\n実施日：2024年5月3日\n\nサンプルベンダー株式会社 "
            "カスタマーサポート\n";
        break;
      case 3:  // inbound spam
        sender = "campaign" + std::to_string(i) + "@example-promo" + std::to_string(i % 11) + ".com";
        hd.add("From", mailbox("投資情報センター", sender, c));
        hd.add("List-Unsubscribe", "<https://example-promo.com/u>");
        hd.add("Precedence", "bulk");
        body = "【限定】今だけの投資案件！\n今すぐお電話を 0120-000-000\n注文番号：" + rng_.digits(12) + "\n";
        break;
      default: {  // the attacker's spam, sent from the owner's account to known people
        sender = owner.email;
        std::string to;
        for (int k = 0; k < 3; ++k) {
          const Human& r = people_[static_cast<std::size_t>(rng_.num(1, static_cast<int>(people_.size()) - 1))];
          if (r.email.empty() || !r.seen || r.category == "ghost") continue;
          to += (to.empty() ? "" : ", ") + r.email;
        }
        if (to.empty()) continue;
        hd.add("From", owner.email);
        hd.add("To", to);
        body = "投資のご案内\n\n必ず儲かる案件があります。添付をご覧ください。\n";
        break;
      }
    }
    if (!hd.fields.empty() && hd.fields[0].first != "From") hd.fields.insert(hd.fields.begin(), {"From", sender});
    if (sender != owner.email) hd.add("To", owner.email);
    hd.add("Subject", encode_words(i % 7 == 4   ? "【重要】投資のご案内"
                                   : i % 7 == 6 ? "自動応答: 不在"
                                                : "お知らせ",
                                   c));
    hd.add("Date", rfc5322_date(day_, rng_.num(0, 1439)));
    hd.add("Message-ID", new_message_id(""));
    emit(day_, sender, message(hd.fields, body_entity(body, false)));
  }
}

void Incident::write_out_of_window() {
  // People seen only before the window: not part of the incident.
  int ghosts = std::max(5, static_cast<int>(std::lround(40 * scale_)));
  int org = add_org("3-2", false);
  orgs_[static_cast<std::size_t>(org)].category = "ghost";
  for (int i = 0; i < ghosts; ++i) {
    int h = add_human("ghost", org, false);
    begin(random_day(false));
    Charset c = pick_charset(false);
    std::string body = "田中様\n\n" + business_paragraphs(false) + signature(h, true, false);
    Headers hd;
    hd.add("From", from_header(h, c));
    hd.add("To", owner_mailbox(c, false));
    hd.add("Subject", encode_words("ご挨拶", c));
    hd.add("Date", rfc5322_date(day_, rng_.num(480, 1200)));
    hd.add("Message-ID", new_message_id(""));
    emit(day_, people_[static_cast<std::size_t>(h)].email, message(hd.fields, body_entity(body, false)));
  }
}

void Incident::write_all_mail() {
  write_internal();
  for (std::size_t h = 0; h < people_.size(); ++h) {
    if (people_[h].category == "internal") continue;
    write_person_mail(static_cast<int>(h));
  }
  // Employers send their employees' forms and lists.
  for (std::size_t o = 0; o < orgs_.size(); ++o) {
    const Org& org = orgs_[o];
    if (org.category != "2-2-2") continue;
    std::vector<int> contacts, employees;
    for (int h : org.people) (people_[static_cast<std::size_t>(h)].employee ? employees : contacts).push_back(h);
    if (contacts.empty() || employees.empty()) continue;
    std::vector<int> in_forms(employees.begin(),
                              employees.begin() + static_cast<std::ptrdiff_t>((employees.size() + 1) / 2));
    std::vector<int> in_list(employees.begin() + static_cast<std::ptrdiff_t>(in_forms.size()), employees.end());
    family_forms(contacts.front(), in_forms);
    if (!in_list.empty()) employee_list(contacts.back(), in_list);
  }
  write_out_of_window();
  write_noise();
}

}  // namespace leakscan::sample
