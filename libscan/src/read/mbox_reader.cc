// mbox splitter. One pass over lines: a plausible From_ line starts a new
// message, ">From " lines lose one '>' (mboxrd, and mboxo's quoting), and a
// Content-Length header (mboxcl) is trusted only when the message really ends
// where it says; otherwise the From_ lines inside its claimed range split as
// usual. The raw bytes of the current message are kept so that a wrong
// Content-Length can be undone by pushing the tail back into the LineBuffer.
#include "read/opened_input.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>
#include <string_view>

namespace leakscan {

namespace {

std::string_view chomp(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  return line;
}

bool is_blank_line(std::string_view line) { return chomp(line).empty(); }

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

std::optional<std::uint64_t> parse_content_length(std::string_view line) {
  static constexpr std::string_view kName = "content-length:";
  if (!iequals_prefix(line, kName)) return std::nullopt;
  std::string_view value = chomp(line.substr(kName.size()));
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  if (value.empty() || value.size() > 15) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : value) {
    if (c == ' ' || c == '\t') break;
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n;
}

// "From -" or "From sender": one token, no date.
bool is_dateless_from_line(std::string_view line) {
  std::string_view rest = chomp(line.substr(5));
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t')) rest.remove_suffix(1);
  return !rest.empty() && rest.find(' ') == std::string_view::npos && rest.find('\t') == std::string_view::npos;
}

// Lines of the form ">+From " lose one '>'.
bool is_quoted_from(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && line[i] == '>') ++i;
  return i > 0 && line.substr(i).starts_with("From ");
}

class MboxReader final : public MessageReader {
 public:
  MboxReader(OpenedInput input, const Limits& limits)
      : input_(std::move(input)), limits_(limits), lines_(*input_.lines) {
    skip_leading_blank_lines();
  }

  bool next(RawMessage& out) override {
    if (input_.finished) return false;
    try {
      if (split_next(out)) {
        ++input_.record.messages;
        return true;
      }
    } catch (const std::exception& e) {
      input_.record.error = e.what();
      if (have_message_) {
        emit(out);
        ++input_.record.messages;
        input_.finish();
        return true;
      }
    }
    input_.finish();
    return false;
  }

  std::uint64_t position() const override { return input_.file->stored_position(); }
  const InputRecord& record() const override { return input_.record; }

 private:
  void skip_leading_blank_lines() {
    // A UTF-8 BOM or blank lines before the first From_ line hold no message.
    std::string_view head = lines_.peek(3);
    if (head == "\xEF\xBB\xBF") {
      input_.record.defects.push_back({"input.bom", "input", "UTF-8 byte order mark before the first From_ line"});
      lines_.skip(3);
    }
    for (;;) {
      std::string_view h = lines_.peek(2);
      if (h.starts_with("\n")) {
        lines_.skip(1);
      } else if (h == "\r\n") {
        lines_.skip(2);
      } else {
        break;
      }
    }
  }

  void start_message(const LineBuffer::Line& line) {
    have_message_ = true;
    message_offset_ = line.offset;
    raw_.assign(line.bytes);
    in_headers_ = true;
    content_length_.reset();
    claimed_end_.reset();
    deferred_splits_.clear();
    truncated_ = false;
    first_line_complete_ = line.bytes.ends_with('\n');
  }

  void append(const LineBuffer::Line& line) {
    if (truncated_) return;
    if (raw_.size() + line.bytes.size() > limits_.max_message_bytes) {
      truncated_ = true;
      claimed_end_.reset();  // a cut message cannot be checked against it
      deferred_splits_.clear();
      return;
    }
    raw_.append(line.bytes);
    if (in_headers_ && line.at_line_start) {
      if (is_blank_line(line.bytes)) {
        in_headers_ = false;
        if (content_length_ && *content_length_ <= limits_.max_message_bytes) {
          claimed_end_ = line.offset + line.bytes.size() + *content_length_;
        }
      } else if (auto n = parse_content_length(line.bytes)) {
        content_length_ = n;
      }
    }
  }

  // "From - " (Thunderbird) and "From 123@xxx" (Google Takeout) lines carry
  // no date: accept them when a header line follows. Peeking may move the
  // buffer under `line`, so the line is re-pointed at a copy.
  bool next_line_is_header(LineBuffer::Line& line) {
    from_copy_.assign(line.bytes);
    line.bytes = from_copy_;
    std::string_view next = lines_.peek(256);
    std::size_t i = 0;
    while (i < next.size() && next[i] > ' ' && next[i] < 127 && next[i] != ':') ++i;
    return i > 0 && i < next.size() && next[i] == ':';
  }

  // Content-Length claimed more than the message holds: the first From_ line
  // inside the claimed range starts the next message after all.
  void split_at_first_deferred() {
    std::size_t cut = deferred_splits_.front();
    std::string tail = raw_.substr(cut);
    lines_.unread(tail, message_offset_ + cut);
    raw_.resize(cut);
    deferred_splits_.clear();
    claimed_end_.reset();
    input_.record.defects.push_back({"mbox.content-length-wrong", "offset " + std::to_string(message_offset_),
                                     "Content-Length did not end at a From_ line; split on From_ lines"});
  }

  bool split_next(RawMessage& out) {
    LineBuffer::Line line;
    for (;;) {
      if (!lines_.next_line(line)) {
        if (!have_message_) return false;
        if (!deferred_splits_.empty()) split_at_first_deferred();
        emit(out);
        return true;
      }
      bool from_line = line.at_line_start && line.bytes.starts_with("From ") &&
                       (!have_message_ || is_mbox_from_line(line.bytes) ||
                        (is_dateless_from_line(line.bytes) && next_line_is_header(line)));
      if (from_line) {
        if (have_message_ && claimed_end_ && line.offset < *claimed_end_) {
          deferred_splits_.push_back(static_cast<std::size_t>(line.offset - message_offset_));
          append(line);
          continue;
        }
        if (have_message_) {
          emit(out);
          start_message(line);
          return true;
        }
        start_message(line);
        continue;
      }
      if (!have_message_) {
        // Only reachable after a push-back; keep the bytes as a message.
        start_message(line);
        continue;
      }
      if (claimed_end_ && line.at_line_start && line.offset >= *claimed_end_) {
        bool tolerated = line.offset == *claimed_end_ && is_blank_line(line.bytes);
        if (!tolerated) {
          if (!deferred_splits_.empty()) {
            raw_.append(line.bytes);  // pushed back with the tail
            split_at_first_deferred();
            emit(out);
            return true;
          }
          claimed_end_.reset();
        }
      }
      append(line);
    }
  }

  void emit(RawMessage& out) {
    out.input = input_.index;
    out.index = input_.record.messages;
    out.offset = message_offset_;
    out.defects.clear();
    std::string_view raw(raw_);
    std::size_t eol = raw.find('\n');
    std::string_view from_line = eol == std::string_view::npos ? raw : raw.substr(0, eol + 1);
    std::string_view envelope = chomp(from_line.substr(std::min<std::size_t>(5, from_line.size())));
    while (!envelope.empty() && (envelope.back() == ' ' || envelope.back() == '\t')) envelope.remove_suffix(1);
    out.envelope.assign(envelope);
    if (!first_line_complete_) {
      out.defects.push_back({"mbox.from-line-too-long", "input", "From_ line longer than the line limit"});
    }
    // Drop the From_ line and undo >From quoting in place, then hand the
    // buffer over: a message is never held twice. The text moves up in
    // blocks; only a quoted From_ line (">From ", ">>From ") starts a new
    // one, a byte further on.
    std::size_t write = 0;
    std::size_t read = from_line.size();
    auto move_up_to = [&](std::size_t end) {
      if (write != read) std::memmove(raw_.data() + write, raw_.data() + read, end - read);
      write += end - read;
    };
    for (std::size_t line = read; line < raw_.size();) {
      std::size_t quote = line;  // the next line that starts with '>'
      if (raw_[line] != '>') {
        std::size_t newline = raw_.find("\n>", line);
        if (newline == std::string::npos) break;
        quote = newline + 1;
      }
      std::size_t end = raw_.find('\n', quote);
      end = end == std::string::npos ? raw_.size() : end + 1;
      if (is_quoted_from(std::string_view(raw_).substr(quote, end - quote))) {
        move_up_to(quote);
        read = quote + 1;
      }
      line = end;
    }
    move_up_to(raw_.size());
    raw_.resize(write);
    // The blank line before the next From_ line belongs to the mbox format.
    if (raw_.ends_with("\r\n\r\n")) {
      raw_.resize(raw_.size() - 2);
    } else if (raw_.ends_with("\n\n")) {
      raw_.pop_back();
    }
    out.bytes.swap(raw_);
    if (truncated_) {
      out.defects.push_back({"message.truncated-at-limit", "message",
                             "kept the first " + std::to_string(limits_.max_message_bytes) + " bytes"});
    }
    have_message_ = false;
    raw_.clear();  // the previous message's buffer, reused
  }

  OpenedInput input_;
  Limits limits_;  // a copy: callers pass temporaries
  LineBuffer& lines_;
  bool have_message_ = false;
  std::uint64_t message_offset_ = 0;
  std::string raw_;
  bool in_headers_ = false;
  bool truncated_ = false;
  bool first_line_complete_ = true;
  std::optional<std::uint64_t> content_length_;
  std::optional<std::uint64_t> claimed_end_;
  std::vector<std::size_t> deferred_splits_;
  std::string from_copy_;
};

bool looks_like_date(std::string_view s) {
  // asctime() dates, as every From_ line writer uses: a clock time "h:mm"
  // and a year 19xx/20xx.
  bool clock = false, year = false;
  auto digit = [&](std::size_t k) { return k < s.size() && std::isdigit(static_cast<unsigned char>(s[k])); };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ':' && i > 0 && digit(i - 1) && digit(i + 1) && digit(i + 2)) clock = true;
    if (digit(i) && digit(i + 1) && digit(i + 2) && digit(i + 3) && (i == 0 || !digit(i - 1)) && !digit(i + 4) &&
        (s.substr(i, 2) == "19" || s.substr(i, 2) == "20")) {
      year = true;
    }
  }
  return clock && year;
}

}  // namespace

bool is_mbox_from_line(std::string_view line) {
  if (!line.starts_with("From ")) return false;
  std::string_view rest = chomp(line.substr(5));
  std::size_t i = 0;
  while (i < rest.size() && rest[i] == ' ') ++i;
  std::size_t sender_start = i;
  while (i < rest.size() && rest[i] != ' ' && rest[i] != '\t') ++i;
  if (i == sender_start || i >= rest.size()) return false;
  return looks_like_date(rest.substr(i));
}

std::unique_ptr<MessageReader> make_mbox_reader(OpenedInput input, const Limits& limits) {
  return std::make_unique<MboxReader>(std::move(input), limits);
}

}  // namespace leakscan
