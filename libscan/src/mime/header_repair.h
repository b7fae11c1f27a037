// Header blocks that do not end where RFC 5322 says: a body that starts
// without the blank line, a "blank" line holding spaces, a MIME part or an
// enclosed message with no headers at all. GMime reads such lines as invalid
// header names and drops them, so their text would never be scanned. We
// find where the header block really ends and insert the missing blank line
// (Python's email package, mime4j and most mail clients read them so).
// Thread-safe (no state).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

struct HeaderBlockEnd {
  std::size_t position = 0;  // where the blank line belongs
  std::size_t replace = 0;   // bytes of a whitespace-only line to replace (0: insert)
  // Instead: white space that opens the block is dropped (a stray
  // indented first line is a header, an all-blank first line is noise).
  std::size_t drop = 0;
};

// Scans the header block starting at `start`. Returns the first repair it
// needs (nullopt when it is well-formed).
std::optional<HeaderBlockEnd> find_broken_header_end(std::string_view bytes, std::size_t start);

// Applies a fix found by find_broken_header_end to `bytes`.
void repair_header_end(std::string& bytes, const HeaderBlockEnd& end);

// A message header block with several Content-Type fields: GMime uses the
// last one. Returns the offsets of the fields to ignore (all but the one a
// reader should use: the first, or a multipart whose boundary occurs).
std::vector<std::size_t> conflicting_content_types(std::string_view bytes);

// Renames the Content-Type field at `offset` to a same-length name.
void rename_content_type(std::string& bytes, std::size_t offset);

// Header fields of the top-level block longer than `max_bytes`: GMime
// keeps and decodes each whole (a 16 MB folded Subject costs it 30 times
// that in memory). Cuts such fields to `max_bytes` at a line end in
// `bytes`; returns how many fields were cut.
std::size_t cut_long_header_fields(std::string& bytes, std::size_t max_bytes);

// Where to stop GMime in a message with more than `max_lines` lines that
// start with "--" (boundary candidates): GMime builds an object per part
// and compares every line with every open boundary, so 100 000 parts or
// nesting levels cost it seconds and hundreds of MB. npos when below.
std::size_t boundary_budget_end(std::string_view bytes, std::size_t max_lines);

}  // namespace leakscan
