// Composing synthetic mail as Japanese and English business mail programs
// write it: mimetic builds the MIME entity tree and writes it; ICU converts
// every text to its charset (ISO-2022-JP, Shift_JIS as CP932, EUC-JP,
// UTF-8); headers carry RFC 2047 encoded words (B and Q), attachment names
// RFC 2231 or RFC 2047. Only for the synthetic corpora of samples/ and
// bench/: evidence is parsed by GMime, never by this.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace mimetic {
class MimeEntity;
}

namespace leakscan::sample {

enum class Charset { kUtf8, kIso2022Jp, kShiftJis, kEucJp, kAscii };
enum class Transfer { k7bit, k8bit, kBase64, kQuotedPrintable };

const char* charset_label(Charset c);
// `utf8` in charset `c` (ISO-2022-JP ends in ASCII).
std::string to_charset(const std::string& utf8, Charset c);

// An RFC 2047 header value: ASCII stays as it is, anything else becomes
// encoded words of at most ~75 characters, folded onto continuation lines.
std::string encode_words(const std::string& utf8, Charset c, bool q_encoding = false);
// "Name <addr>" with the name encoded (or quoted) as needed; just the
// address when `name` is empty.
std::string mailbox(const std::string& name, const std::string& address, Charset c, bool q_encoding = false);

// Quoted-printable as mailers write it: printable ASCII and spaces as they
// are, '=', 8-bit bytes and white space before a line end encoded, soft
// line breaks at 76.
std::string quoted_printable(const std::string& bytes);

// An RFC 5322 date and the matching mbox From_ line date, for `day` days
// after 2020-01-01 at `minute` minutes after midnight, +0900.
std::string rfc5322_date(int day, int minute);
std::string mbox_date(int day, int minute);
// YYYY-MM-DD of `day`.
std::string iso_day(int day);
// The day number of YYYY-MM-DD.
int day_number(int year, int month, int day);

class Entity {
 public:
  Entity();
  ~Entity();
  Entity(Entity&&) noexcept;
  Entity& operator=(Entity&&) noexcept;

  // A text part: `text` converted to `charset`, in `transfer`.
  static Entity text(const std::string& utf8, Charset charset, Transfer transfer, const std::string& subtype = "plain");
  // A binary attachment in base64 with its name (RFC 2231 or RFC 2047).
  static Entity attachment(const std::string& bytes, const std::string& content_type, const std::string& filename_utf8,
                           bool rfc2231, bool inline_disposition = false);
  // A text attachment (a CSV, a vCard): converted and transfer-encoded like a text part.
  static Entity text_attachment(const std::string& utf8, Charset charset, Transfer transfer,
                                const std::string& content_type, const std::string& filename_utf8);
  static Entity multipart(const std::string& subtype, const std::string& boundary, std::vector<Entity> children);
  // message/rfc822 around a whole message.
  static Entity enclosed(Entity message);

  void header(const std::string& name, const std::string& value);
  // Puts `fields` before the entity's own (a message's From, To, Subject
  // before its Content-Type).
  void prepend_headers(const std::vector<std::pair<std::string, std::string>>& fields);
  // The entity as RFC 5322 text with LF line ends.
  std::string str() const;

 private:
  std::unique_ptr<mimetic::MimeEntity> entity_;
};

// Appends messages to an mbox (mboxrd quoting of From_ lines in bodies).
class MboxWriter {
 public:
  explicit MboxWriter(std::ostream& out) : out_(out) {}
  void write(const std::string& envelope_sender, int day, int minute, const std::string& message);
  std::uint64_t messages() const { return messages_; }
  std::uint64_t bytes() const { return bytes_; }

 private:
  std::ostream& out_;
  std::uint64_t messages_ = 0;
  std::uint64_t bytes_ = 0;
};

}  // namespace leakscan::sample
