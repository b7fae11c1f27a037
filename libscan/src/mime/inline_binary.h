// Files embedded in a text body the pre-MIME way: uuencode ("begin 644
// name" ... "end") and yEnc ("=ybegin ... name=" ... "=yend"). Each block
// becomes its own part, and leaves the text, where its lines would be
// noise to every detector. Thread-safe (no state).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

struct InlineBinary {
  enum class Kind { kUuencode, kYenc } kind;
  std::string filename;
  std::size_t begin = 0;  // byte range of the block (its lines) in the text
  std::size_t end = 0;
};

// The blocks in `text`, in order, not overlapping.
std::vector<InlineBinary> find_inline_binaries(std::string_view text);

// Appends the decoded file of `block` (a range found above) to `out`, at
// most `max_bytes` of it; returns its full decoded size.
std::size_t decode_inline_binary(std::string_view text, const InlineBinary& block, std::size_t max_bytes,
                                 std::string* out);

}  // namespace leakscan
