#include "mail_compose.h"

#include "encoding.h"

#include <mimetic/mimetic.h>
#include <unicode/ucnv.h>
#include <unicode/utf8.h>

#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace leakscan::sample {

namespace {

bool is_ascii(const std::string& s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Splits UTF-8 text into pieces of at most `chars` code points.
std::vector<std::string> utf8_pieces(const std::string& s, int chars) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    for (int n = 0; n < chars && i < s.size(); ++n) {
      UChar32 c = 0;
      U8_NEXT(s.data(), i, s.size(), c);
    }
    out.push_back(s.substr(start, i - start));
  }
  return out;
}

constexpr long kEpoch2020 = 18262;  // 2020-01-01 in days since 1970-01-01
constexpr const char* kWeekdays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // 1970-01-01 was a Thursday
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string transfer_name(Transfer t) {
  switch (t) {
    case Transfer::k7bit:
      return "7bit";
    case Transfer::k8bit:
      return "8bit";
    case Transfer::kBase64:
      return "base64";
    case Transfer::kQuotedPrintable:
      return "quoted-printable";
  }
  return "7bit";
}

std::string transfer_encode(const std::string& bytes, Transfer t) {
  switch (t) {
    case Transfer::kBase64:
      return base64(bytes);
    case Transfer::kQuotedPrintable:
      return quoted_printable(bytes);
    default:
      return bytes.empty() || bytes.back() == '\n' ? bytes : bytes + "\n";
  }
}

}  // namespace

const char* charset_label(Charset c) {
  switch (c) {
    case Charset::kUtf8:
      return "UTF-8";
    case Charset::kIso2022Jp:
      return "ISO-2022-JP";
    case Charset::kShiftJis:
      return "Shift_JIS";
    case Charset::kEucJp:
      return "EUC-JP";
    case Charset::kAscii:
      return "us-ascii";
  }
  return "UTF-8";
}

std::string to_charset(const std::string& utf8, Charset c) {
  if (c == Charset::kUtf8 || c == Charset::kAscii || is_ascii(utf8)) return utf8;
  const char* icu_name = c == Charset::kIso2022Jp ? "ISO-2022-JP" : c == Charset::kShiftJis ? "windows-31j" : "EUC-JP";
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 3 + 16, '\0');
  int32_t n = ucnv_convert(icu_name, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                           static_cast<int32_t>(utf8.size()), &status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU cannot convert to ") + icu_name);
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string quoted_printable(const std::string& bytes) {
  std::string out, current;
  auto emit = [&](const std::string& token) {
    if (current.size() + token.size() > 75) {
      out += current + "=\n";
      current.clear();
    }
    current += token;
  };
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    if (c == '\n') {
      out += current + "\n";
      current.clear();
      continue;
    }
    bool before_eol = i + 1 >= bytes.size() || bytes[i + 1] == '\n';
    if ((c == ' ' || c == '\t') && !before_eol) {
      emit(std::string(1, static_cast<char>(c)));
    } else if (c >= 33 && c <= 126 && c != '=') {
      emit(std::string(1, static_cast<char>(c)));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "=%02X", c);
      emit(buf);
    }
  }
  out += current;
  if (!out.empty() && out.back() != '\n') out += "\n";
  return out;
}

std::string encode_words(const std::string& utf8, Charset c, bool q_encoding) {
  if (is_ascii(utf8)) return utf8;
  Charset word_charset = c == Charset::kAscii ? Charset::kUtf8 : c;
  std::string out;
  for (const std::string& piece : utf8_pieces(utf8, q_encoding ? 8 : 12)) {
    std::string bytes = to_charset(piece, word_charset);
    std::string word = std::string("=?") + charset_label(word_charset) + (q_encoding ? "?Q?" : "?B?");
    if (q_encoding) {
      for (unsigned char b : bytes) {
        if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')) {
          word.push_back(static_cast<char>(b));
        } else if (b == ' ') {
          word.push_back('_');
        } else {
          char buf[4];
          std::snprintf(buf, sizeof buf, "=%02X", b);
          word += buf;
        }
      }
    } else {
      word += base64(bytes, 0);
    }
    word += "?=";
    if (!out.empty()) out += " ";
    out += word;
  }
  return out;
}

std::string mailbox(const std::string& name, const std::string& address, Charset c, bool q_encoding) {
  if (name.empty()) return address;
  if (is_ascii(name)) {
    bool special = name.find_first_of(",.;:()<>@\"") != std::string::npos;
    return (special ? "\"" + name + "\"" : name) + " <" + address + ">";
  }
  return encode_words(name, c, q_encoding) + " <" + address + ">";
}

int day_number(int year, int month, int day) {
  return static_cast<int>(days_from_civil(year, month, day) - kEpoch2020);
}

std::string iso_day(int day) {
  int y = 0, m = 0, d = 0;
  civil_from_days(kEpoch2020 + day, y, m, d);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::string rfc5322_date(int day, int minute) {
  int y = 0, m = 0, d = 0;
  long z = kEpoch2020 + day;
  civil_from_days(z, y, m, d);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %d %s %04d %02d:%02d:%02d +0900", kWeekdays[z % 7], d, kMonths[m - 1], y,
                minute / 60, minute % 60, (minute * 7) % 60);
  return buf;
}

std::string mbox_date(int day, int minute) {
  int y = 0, m = 0, d = 0;
  long z = kEpoch2020 + day;
  civil_from_days(z, y, m, d);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %s %2d %02d:%02d:%02d %04d", kWeekdays[z % 7], kMonths[m - 1], d, minute / 60,
                minute % 60, (minute * 7) % 60, y);
  return buf;
}

Entity::Entity() : entity_(std::make_unique<mimetic::MimeEntity>()) {}
Entity::~Entity() = default;
Entity::Entity(Entity&&) noexcept = default;
Entity& Entity::operator=(Entity&&) noexcept = default;

void Entity::header(const std::string& name, const std::string& value) {
  entity_->header().push_back(mimetic::Field(name, value));
}

void Entity::prepend_headers(const std::vector<std::pair<std::string, std::string>>& fields) {
  for (auto it = fields.rbegin(); it != fields.rend(); ++it) {
    entity_->header().push_front(mimetic::Field(it->first, it->second));
  }
}

Entity Entity::text(const std::string& utf8, Charset charset, Transfer transfer, const std::string& subtype) {
  Entity e;
  e.header("Content-Type", "text/" + subtype + "; charset=" + charset_label(charset));
  e.header("Content-Transfer-Encoding", transfer_name(transfer));
  e.entity_->body().assign(transfer_encode(to_charset(utf8, charset), transfer));
  return e;
}

Entity Entity::attachment(const std::string& bytes, const std::string& content_type, const std::string& filename,
                          bool rfc2231, bool inline_disposition) {
  Entity e;
  std::string disposition = inline_disposition ? "inline" : "attachment";
  if (is_ascii(filename)) {
    e.header("Content-Type", content_type + "; name=\"" + filename + "\"");
    e.header("Content-Disposition", disposition + "; filename=\"" + filename + "\"");
  } else if (rfc2231) {
    e.header("Content-Type", content_type);
    e.header("Content-Disposition", disposition + "; filename*=UTF-8''" + percent_encode(filename));
  } else {
    std::string encoded = encode_words(filename, Charset::kIso2022Jp);
    e.header("Content-Type", content_type + "; name=\"" + encoded + "\"");
    e.header("Content-Disposition", disposition + "; filename=\"" + encoded + "\"");
  }
  e.header("Content-Transfer-Encoding", "base64");
  e.entity_->body().assign(base64(bytes));
  return e;
}

Entity Entity::text_attachment(const std::string& utf8, Charset charset, Transfer transfer,
                               const std::string& content_type, const std::string& filename) {
  Entity e;
  e.header("Content-Type", content_type + "; charset=" + charset_label(charset));
  e.header("Content-Disposition", "attachment; filename*=UTF-8''" + percent_encode(filename));
  e.header("Content-Transfer-Encoding", transfer_name(transfer));
  e.entity_->body().assign(transfer_encode(to_charset(utf8, charset), transfer));
  return e;
}

Entity Entity::multipart(const std::string& subtype, const std::string& boundary, std::vector<Entity> children) {
  Entity e;
  e.header("Content-Type", "multipart/" + subtype + "; boundary=\"" + boundary + "\"");
  for (Entity& child : children) e.entity_->body().parts().push_back(child.entity_.release());
  return e;
}

Entity Entity::enclosed(Entity message) {
  Entity e;
  e.header("Content-Type", "message/rfc822");
  e.header("Content-Disposition", "attachment");
  e.entity_->body().parts().push_back(message.entity_.release());
  return e;
}

std::string Entity::str() const {
  std::ostringstream os;
  os << *entity_;
  std::string crlf = os.str(), out;
  out.reserve(crlf.size());
  for (std::size_t i = 0; i < crlf.size(); ++i) {
    if (crlf[i] == '\r' && i + 1 < crlf.size() && crlf[i + 1] == '\n') continue;
    out.push_back(crlf[i]);
  }
  return out;
}

void MboxWriter::write(const std::string& sender, int day, int minute, const std::string& message) {
  std::string out = "From " + sender + " " + mbox_date(day, minute) + "\n";
  std::size_t pos = 0;
  while (pos < message.size()) {
    std::size_t end = message.find('\n', pos);
    if (end == std::string::npos) end = message.size();
    std::string_view line(message.data() + pos, end - pos);
    std::size_t quotes = line.find_first_not_of('>');
    if (quotes != std::string_view::npos && line.substr(quotes, 5) == "From ") out.push_back('>');
    out.append(line);
    out.push_back('\n');
    pos = end + 1;
  }
  out.push_back('\n');
  out_ << out;
  ++messages_;
  bytes_ += out.size();
}

}  // namespace leakscan::sample
