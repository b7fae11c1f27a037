#include "mime/inline_binary.h"

#include "mime/transfer.h"

namespace leakscan {

namespace {

struct Line {
  std::string_view text;  // without line ending
  std::size_t begin = 0;
  std::size_t next = 0;
};

Line line_at(std::string_view s, std::size_t pos) {
  std::size_t eol = s.find('\n', pos);
  Line l{s.substr(pos, (eol == std::string_view::npos ? s.size() : eol) - pos), pos,
         eol == std::string_view::npos ? s.size() : eol + 1};
  if (!l.text.empty() && l.text.back() == '\r') l.text.remove_suffix(1);
  return l;
}

// "begin 644 name": mode of three or four octal digits, then the name.
bool uuencode_begin(std::string_view line, std::string& filename) {
  if (!line.starts_with("begin ")) return false;
  std::size_t i = 6, digits = 0;
  while (i < line.size() && line[i] >= '0' && line[i] <= '7') ++i, ++digits;
  if (digits < 3 || digits > 4 || i >= line.size() || line[i] != ' ') return false;
  filename = std::string(line.substr(i + 1));
  return !filename.empty();
}

std::size_t next_line_starting(std::string_view text, std::size_t pos, std::string_view marker) {
  if (text.substr(pos).starts_with(marker)) return pos;
  for (std::size_t f = text.find(marker, pos); f != std::string_view::npos; f = text.find(marker, f + 1)) {
    if (text[f - 1] == '\n') return f;
  }
  return std::string_view::npos;
}

std::string yenc_name(std::string_view line) {
  std::size_t name = line.find(" name=");
  return name == std::string_view::npos ? std::string() : std::string(line.substr(name + 6));
}

}  // namespace

std::vector<InlineBinary> find_inline_binaries(std::string_view text) {
  std::vector<InlineBinary> blocks;
  std::size_t pos = 0;
  while (pos < text.size()) {
    // Jump to the next line that may open a block (pos is a line start).
    std::size_t start = std::min(next_line_starting(text, pos, "begin "), next_line_starting(text, pos, "=ybegin "));
    if (start == std::string_view::npos) break;
    Line first = line_at(text, start);
    InlineBinary block;
    block.begin = start;
    bool uuencode = uuencode_begin(first.text, block.filename);
    bool yenc = !uuencode && first.text.starts_with("=ybegin ");
    if (!uuencode && !yenc) {
      pos = first.next;
      continue;
    }
    block.kind = uuencode ? InlineBinary::Kind::kUuencode : InlineBinary::Kind::kYenc;
    if (yenc) block.filename = yenc_name(first.text);
    std::size_t p = first.next;
    bool closed = false;
    std::size_t data_lines = 0;
    while (p < text.size()) {
      Line l = line_at(text, p);
      p = l.next;
      if (uuencode ? (l.text == "end" || l.text == "end ") : l.text.starts_with("=yend")) {
        closed = true;
        break;
      }
      ++data_lines;
    }
    if (closed && data_lines > 0) {
      block.end = p;
      blocks.push_back(block);
      pos = p;
    } else {
      pos = first.next;  // an unclosed "begin" is ordinary text
    }
  }
  return blocks;
}

std::size_t decode_inline_binary(std::string_view text, const InlineBinary& block, std::size_t max_bytes,
                                 std::string* out) {
  std::string_view region = text.substr(block.begin, block.end - block.begin);
  if (block.kind == InlineBinary::Kind::kUuencode) {
    return static_cast<std::size_t>(transfer_decode(region, TransferEncoding::kUuencode, max_bytes, out).decoded_size);
  }
  // yEnc: every byte is (value + 42) mod 256, "=" escapes the next one
  // (+64 more); the =ybegin, =ypart and =yend lines carry no data.
  std::size_t size = 0;
  std::size_t pos = 0;
  while (pos < region.size()) {
    Line l = line_at(region, pos);
    pos = l.next;
    if (l.text.starts_with("=ybegin") || l.text.starts_with("=ypart") || l.text.starts_with("=yend")) continue;
    for (std::size_t i = 0; i < l.text.size(); ++i) {
      auto c = static_cast<unsigned char>(l.text[i]);
      if (c == '=' && i + 1 < l.text.size()) c = static_cast<unsigned char>(l.text[++i] - 64);
      if (out != nullptr && size < max_bytes) out->push_back(static_cast<char>(c - 42));
      ++size;
    }
  }
  return size;
}

}  // namespace leakscan
