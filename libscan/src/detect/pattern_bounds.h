// What a rule's pattern can match, read from its RE2 syntax: the most
// bytes a match can span, and whether every match holds an ASCII digit.
// A pattern of bounded length that needs a digit can only match near the
// text's digits, so the Detector searches windows around them instead of
// the whole text (find candidates once, validate after).
//
// The reading is conservative: syntax it does not know, unbounded
// repetition and case-insensitive letters (which fold to longer code
// points, K to U+212A) make the pattern unbounded or count the longest
// UTF-8 sequence. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace leakscan {

struct PatternBounds {
  bool bounded = false;       // max_bytes holds
  std::size_t max_bytes = 0;  // no match spans more bytes
  bool needs_digit = false;   // every match contains [0-9]
  bool windowed() const { return bounded && needs_digit; }
};

PatternBounds pattern_bounds(std::string_view pattern);

// A byte range of a text.
struct TextWindow {
  std::size_t begin = 0, end = 0;
};

// The ranges within `margin` bytes of a digit of `text`, merged, in order.
// Every match of a pattern with pattern_bounds(p).windowed() and
// max_bytes <= margin lies wholly inside one of them.
void digit_windows(std::string_view text, std::size_t margin, std::vector<TextWindow>& out);

// The same in two steps, the runs of digits found once per text:
// digit_windows(t, m, w) is digit_runs(t, r) then windows_around(r, m, t.size(), w).
void digit_runs(std::string_view text, std::vector<TextWindow>& out);
void windows_around(const std::vector<TextWindow>& runs, std::size_t margin, std::size_t size,
                    std::vector<TextWindow>& out);

}  // namespace leakscan
