// The shape of a text part as mail programs and writers leave it: quoted
// replies ('>' levels), the attribution lines that introduce them ("On ...
// Taro Yamada <t@x> wrote:", "2024年4月1日(月) 9:00 山田太郎 <t@x>:"),
// Outlook and forward header blocks ("-----Original Message-----",
// "From: / 差出人:"), signature delimiters and paragraphs. Whose text a
// zone is decides whose the items in it are: items in a quoted reply belong
// to the quoted sender, not to the replier.
//
// Pure function of the text; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

struct LayoutLine {
  std::size_t begin = 0, end = 0;  // bytes of the line, line end excluded
  std::size_t content = 0;         // first byte after the quote marks
  int depth = 0;                   // quote levels
  bool blank = false;              // nothing but white space after the quote marks
  bool header = false;             // a line of an inline header block (From:, 差出人:, To:, Subject:)
  bool delimiter = false;          // "--", "━━━━", "=====": a signature may follow
  bool attribution = false;        // introduces the quoted lines after it
  int zone = 0;
};

// An author named inside the text: by an attribution line or the From line
// of a header block.
struct InlineAuthor {
  std::string name;   // as written, "" when only an address is given
  std::string email;  // as written, "" when only a name is given
  std::size_t line = 0;
};

// Consecutive lines of one depth written by one author.
struct LayoutZone {
  static constexpr int kMessageAuthor = -1;   // the (enclosed) message's From
  static constexpr int kUnknownAuthor = -2;   // quoted without an attribution
  std::size_t first_line = 0, last_line = 0;  // inclusive
  int depth = 0;
  int author = kMessageAuthor;  // or an index into TextLayout::authors
};

// Consecutive non-blank lines of one zone.
struct LayoutParagraph {
  std::size_t first_line = 0, last_line = 0;  // inclusive
  int zone = 0;
};

struct TextLayout {
  std::vector<LayoutLine> lines;
  std::vector<LayoutZone> zones;
  std::vector<LayoutParagraph> paragraphs;
  std::vector<InlineAuthor> authors;

  // The line holding byte `offset` (the last line when past the end).
  std::size_t line_of(std::size_t offset) const;
};

TextLayout analyse_layout(std::string_view text);

// "Name <addr>", "addr", "Name [mailto:addr]", "\"Name\" <addr>", "Name":
// the name and the address, either possibly "".
InlineAuthor parse_inline_address(std::string_view value);

}  // namespace leakscan
