// RTF to text: the text a reader sees, from .rtf attachments and from the
// RTF bodies Outlook puts in TNEF (also HTML encapsulated in RTF, where the
// tags are skipped). Bytes written as \'hh are decoded in the code page of
// their font (\fcharset 128 is CP932) or of the document (\ansicpg), so that
// Japanese written as double-byte pairs decodes; \uN is taken as Unicode,
// its fallback skipped. Destinations that hold no text (font and colour
// tables, pictures, embedded objects, field instructions, document
// properties) are skipped. Nesting is bounded; the text is cut at
// `max_bytes`. Not thread-safe per CharsetDecoder; use one per thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace leakscan {

class CharsetDecoder;

struct RtfText {
  std::string text;  // UTF-8, LF line ends
  bool truncated = false;
  bool not_rtf = false;  // does not start with {\rtf
};

RtfText rtf_to_text(std::string_view rtf, CharsetDecoder& charsets, std::size_t max_bytes);

// The charset label for a Windows code page number ("shift_jis" for 932),
// or "" when none is known.
std::string codepage_charset(int codepage);

}  // namespace leakscan
