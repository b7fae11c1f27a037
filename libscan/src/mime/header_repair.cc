#include "mime/header_repair.h"

#include <cctype>

namespace leakscan {

namespace {

bool is_header_line(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size()) {
    auto c = static_cast<unsigned char>(line[i]);
    if (c == ':') break;
    if (c <= 0x20 || c >= 0x7f) break;
    ++i;
  }
  if (i == 0) return false;
  // Obsolete syntax allows white space between the name and the colon.
  std::size_t j = i;
  while (j < line.size() && (line[j] == ' ' || line[j] == '\t')) ++j;
  return j < line.size() && line[j] == ':';
}

}  // namespace

std::optional<HeaderBlockEnd> find_broken_header_end(std::string_view bytes, std::size_t start) {
  struct Line {
    std::string_view text;  // without its line ending
    std::size_t begin = 0;
    std::size_t next = 0;
  };
  auto line_at = [&](std::size_t pos) {
    std::size_t eol = bytes.find('\n', pos);
    Line l;
    l.begin = pos;
    l.next = eol == std::string_view::npos ? bytes.size() : eol + 1;
    l.text = bytes.substr(pos, (eol == std::string_view::npos ? bytes.size() : eol) - pos);
    if (!l.text.empty() && l.text.back() == '\r') l.text.remove_suffix(1);
    return l;
  };
  auto is_continuation = [](std::string_view t) { return !t.empty() && (t[0] == ' ' || t[0] == '\t'); };
  auto is_blank = [](std::string_view t) { return t.find_first_not_of(" \t") == std::string_view::npos; };

  std::size_t pos = start;
  bool first = true;
  while (pos < bytes.size()) {
    Line line = line_at(pos);
    if (line.text.empty()) return std::nullopt;  // the proper end
    if (first && is_blank(line.text)) {
      return HeaderBlockEnd{line.begin, 0, line.next - line.begin};
    }
    if (first && is_continuation(line.text)) {
      return HeaderBlockEnd{line.begin, 0, line.text.find_first_not_of(" \t")};
    }
    if (is_blank(line.text)) {
      // Spaces alone: folding when the header block goes on (obsolete
      // syntax), otherwise a separator that lost its emptiness.
      std::string_view following = line_at(line.next).text;
      if (line.next >= bytes.size() || !(is_continuation(following) || is_header_line(following))) {
        return HeaderBlockEnd{line.begin, line.text.size()};
      }
    } else if (is_continuation(line.text)) {
    } else if (!is_header_line(line.text)) {
      // An mbox envelope line left at the top is GMime's to handle.
      bool envelope = first && line.text.starts_with("From ");
      // A stray line between headers ("__" in RFC 2822's appendix) is not
      // the start of the body when a header follows it.
      std::size_t after = line.next;
      while (after < bytes.size() && is_continuation(line_at(after).text)) after = line_at(after).next;
      bool header_follows = after < bytes.size() && is_header_line(line_at(after).text);
      if (!envelope && !(header_follows && !first)) return HeaderBlockEnd{line.begin, 0};
    }
    first = false;
    pos = line.next;
  }
  return std::nullopt;
}

void repair_header_end(std::string& bytes, const HeaderBlockEnd& end) {
  if (end.drop > 0) {
    bytes.erase(end.position, end.drop);
  } else if (end.replace > 0) {
    bytes.erase(end.position, end.replace);  // leaves the line ending: a blank line
  } else {
    std::size_t first_eol = bytes.find('\n');
    bool crlf = first_eol != std::string::npos && first_eol > 0 && bytes[first_eol - 1] == '\r';
    bytes.insert(end.position, crlf ? "\r\n" : "\n");
  }
}

}  // namespace leakscan

namespace leakscan {

std::vector<std::size_t> conflicting_content_types(std::string_view bytes) {
  std::vector<std::size_t> names;  // offsets of every Content-Type field name
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::size_t eol = bytes.find('\n', pos);
    std::size_t next = eol == std::string_view::npos ? bytes.size() : eol + 1;
    std::string_view line = bytes.substr(pos, next - pos);
    if (line == "\n" || line == "\r\n") break;
    static constexpr std::string_view kName = "content-type";
    if (line.size() > kName.size()) {
      bool match = true;
      for (std::size_t i = 0; i < kName.size() && match; ++i) {
        match = std::tolower(static_cast<unsigned char>(line[i])) == kName[i];
      }
      std::size_t colon = kName.size();
      while (match && colon < line.size() && (line[colon] == ' ' || line[colon] == '\t')) ++colon;
      if (match && colon < line.size() && line[colon] == ':') names.push_back(pos);
    }
    pos = next;
  }
  if (names.size() < 2) return {};
  // Keep the first, as most readers do; but a later multipart whose
  // boundary really occurs in the body describes the message better.
  std::size_t keep = 0;
  for (std::size_t k = 0; k < names.size(); ++k) {
    std::string_view field = bytes.substr(names[k], 1024);
    std::string lowered(field);
    for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::size_t b = lowered.find("boundary=");
    if (lowered.find("multipart/") == std::string::npos || b == std::string::npos) continue;
    std::string_view value = field.substr(b + 9);
    if (!value.empty() && value[0] == '"') value.remove_prefix(1);
    std::size_t end = value.find_first_of("\";\r\n");
    std::string marker = "--" + std::string(value.substr(0, end));
    if (marker.size() > 2 && bytes.find(marker) != std::string_view::npos) {
      keep = k;
      break;
    }
  }
  names.erase(names.begin() + static_cast<std::ptrdiff_t>(keep));
  return names;
}

std::size_t cut_long_header_fields(std::string& bytes, std::size_t max_bytes) {
  std::size_t cut = 0;
  std::size_t field_start = 0;
  std::size_t pos = 0;
  auto finish_field = [&](std::size_t field_end) {
    // field_end: where the next field (or the blank line) starts.
    if (field_end - field_start <= max_bytes) return field_end;
    std::size_t keep_end = bytes.rfind('\n', field_start + max_bytes);
    if (keep_end == std::string::npos || keep_end < field_start) {
      keep_end = field_start + max_bytes;  // one line longer than the limit
      bytes.erase(keep_end, field_end - keep_end);
      bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(keep_end), '\n');
      ++cut;
      return keep_end + 1;
    }
    bytes.erase(keep_end + 1, field_end - keep_end - 1);
    ++cut;
    return keep_end + 1;
  };
  while (pos < bytes.size()) {
    std::size_t eol = bytes.find('\n', pos);
    std::size_t next = eol == std::string::npos ? bytes.size() : eol + 1;
    bool blank = next - pos <= 2 && (bytes[pos] == '\n' || bytes[pos] == '\r');
    bool continuation = bytes[pos] == ' ' || bytes[pos] == '\t';
    if (blank || !continuation) {
      if (pos > field_start) {
        std::size_t resumed = finish_field(pos);
        std::size_t shift = pos - resumed;  // the field shrank: this line moved up
        next -= shift;
        pos = resumed;
      }
      if (blank) break;
      field_start = pos;
    }
    pos = next;
  }
  if (pos >= bytes.size() && pos > field_start) finish_field(bytes.size());
  return cut;
}

std::size_t boundary_budget_end(std::string_view bytes, std::size_t max_lines) {
  std::size_t lines = 0;
  for (std::size_t pos = bytes.find("\n--"); pos != std::string_view::npos; pos = bytes.find("\n--", pos + 3)) {
    if (++lines > max_lines) return pos + 1;
  }
  return std::string_view::npos;
}

void rename_content_type(std::string& bytes, std::size_t offset) {
  // Same length as "Content-Type", so no offset moves.
  bytes.replace(offset, 12, "X-Ignored-CT");
}

}  // namespace leakscan
