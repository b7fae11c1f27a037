// The reference incident, reconstructed: the two-year mailbox of an
// employee of a fund manager (サンプルアセットマネジメント株式会社), with the
// people of SPEC §2's ten categories, the firm's staff and their
// dependents, and the mail that carries their personal information:
// signatures, reply chains, forwards, KYC forms, résumés, family forms,
// attached lists, invoices, newsletters and notifications that are nobody's,
// and numbers that only look like identifiers. Every name, address and
// number is synthetic.
//
// The generator knows the truth: which human each item written in the
// window belongs to. It writes the mailbox, the case file with its lists,
// and the truth (truth/persons.jsonl, truth/summary.json) that the scorer
// (tests/score) compares a scan with. Deterministic for a seed and scale.
#pragma once

#include "mail_compose.h"

#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace leakscan::sample {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  int num(int lo, int hi) { return lo + static_cast<int>(engine_() % static_cast<std::uint64_t>(hi - lo + 1)); }
  bool chance(int percent) { return static_cast<int>(engine_() % 100) < percent; }
  std::string digits(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + engine_() % 10));
    return s;
  }
  template <typename C>
  const auto& pick(const C& c) {
    return c[engine_() % std::size(c)];
  }

 private:
  std::mt19937_64 engine_;
};

struct Org {
  std::string name;    // as signatures write it, with its legal form
  std::string domain;  // "" for the individuals' pseudo-organization
  std::string category;
  bool english = false;
  std::string address;  // office address
  std::string phone;    // main line
  std::vector<int> people;
};

struct Human {
  int id = 0;
  std::string category;  // "1" ... "3-6", or "internal"
  int org = -1;          // -1: a private individual
  bool english = false;
  std::string family, given, family_romaji, given_romaji;  // Japanese names
  std::string first, last;                                 // English names
  std::string email;                                       // "" for people without an address of their own
  std::string private_email;                               // a second, private address, or ""
  std::string dept, title;
  std::string phone, mobile;
  // Personal data written in forms.
  std::string birth_date, gender, nationality, home_address, passport, license, bank, hobby, accountant;
  int age = 0;
  bool applicant = false;
  bool employee = false;  // 2-2-2: known from their employer's forms and lists only
  std::string via_role;   // signs for a role mailbox (support@...) instead of an own address

  // The truth: what was written of them in the window.
  std::set<std::string> items;
  std::set<std::string> emails_seen;
  std::set<std::string> names_seen;
  bool seen = false;

  std::string kanji() const { return family + " " + given; }
  std::string romaji() const;  // "Taro Yamada"
  std::string full_name() const { return english ? first + " " + last : kanji(); }
  std::string surname() const { return english ? last : family; }
};

struct CategorySpec {
  std::string id;
  std::string label;
  int persons = 0;
  std::set<std::string> items;  // the items SPEC §2 lists for it
};

// The reference table of SPEC §2.
std::vector<CategorySpec> reference_categories();

class Incident {
 public:
  // `scale` multiplies every category's count (1.0: the reference table).
  Incident(std::uint64_t seed, double scale);
  // Writes mailbox.mbox, case.yaml, lists/ and truth/ into `dir`.
  void generate(const std::string& dir);

 private:
  struct Outgoing {
    int day = 0, minute = 0;
    std::uint64_t seq = 0;
    std::string sender;
    std::string text;
  };

  // World (incident_world.cc).
  void build_world();
  int add_org(const std::string& category, bool english);
  int add_human(const std::string& category, int org, bool english);
  void name_human(Human& h);
  void make_address(Human& h, const std::string& domain);
  std::string org_name(const std::string& category, bool english);
  std::string japanese_address();
  std::string landline();
  std::string mobile_number();
  std::string date_ja(int from_year, int to_year);
  std::string my_number();
  std::string license_number();

  // Mail (incident_mail.cc).
  void write_all_mail();
  void write_person_mail(int h);
  void write_noise();
  void write_internal();
  void write_out_of_window();

  int random_day(bool in_window);
  void begin(int day);
  void wrote(int h, const std::string& item);
  void wrote_name(int h, const std::string& name);
  void wrote_email(int h, const std::string& email);
  bool allowed(int h, const std::string& item) const;

  std::string display_name(int h, bool record);
  std::string from_header(int h, Charset c, bool record = true);
  std::string signature(int h, bool record, bool allow_address);
  std::string owner_signature();
  std::string owner_mailbox(Charset c, bool named = true);
  std::string greeting_to(int h, bool record);
  std::string business_paragraphs(bool english);
  std::string look_alikes();
  std::string contact_block(int h);
  Entity vcard(int h);

  Charset pick_charset(bool english);
  Transfer pick_transfer(Charset c);
  std::string message(const std::vector<std::pair<std::string, std::string>>& headers, Entity body);
  Entity body_entity(const std::string& text, bool english, std::vector<Entity> attachments = {});
  void emit(int day, const std::string& sender, const std::string& text);
  // A message of day_ from `from` to `to` (header values) with a Date and a
  // Message-ID (of `domain`, the firm's when empty).
  void send(const std::string& sender, const std::string& from, const std::string& to, const std::string& subject,
            Charset c, Entity body, const std::string& domain = "");
  std::string new_message_id(const std::string& domain);
  std::string subject_for(int h, bool english);

  void mail_from(int h);
  void reply_from_owner(int h);
  void meeting(const std::vector<int>& people);
  void introduction(int introducer, int introduced);
  void forward_inline(int h);
  void forward_attached(int h);
  void kyc(int h);
  void family_forms(int contact, const std::vector<int>& employees);
  void employee_list(int contact, const std::vector<int>& employees);
  void resume(int h);
  void prospect_profile(int h);
  void invoice(int h);
  void speaker_profile(int h);
  void role_mail_signed(int h);
  void private_mail(int h);

  Rng rng_;
  double scale_;
  std::vector<CategorySpec> categories_;
  std::vector<Org> orgs_;
  std::vector<Human> people_;
  std::vector<std::string> free_mail_;
  int owner_ = -1;
  std::vector<int> staff_;
  std::set<std::string> used_emails_, used_org_names_;
  std::map<std::string, int> used_names_in_org_;
  std::vector<Outgoing> out_;
  std::uint64_t seq_ = 0;
  int day_ = 0;
  bool in_window_ = true;
  int window_first_ = 0, window_last_ = 0;
  int my_numbers_ = 0;
  std::uint64_t messages_in_window_ = 0;
};

}  // namespace leakscan::sample
