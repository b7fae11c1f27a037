#include "detect/pattern_bounds.h"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace leakscan {

namespace {

constexpr std::size_t kUnbounded = std::numeric_limits<std::size_t>::max();
constexpr std::size_t kLongest = 4;  // bytes of the longest UTF-8 sequence
// Beyond this a bound is no use for windows; it also keeps products small.
constexpr std::size_t kMaxUseful = 1 << 16;

struct Shape {
  std::size_t max = 0;  // kUnbounded when unbounded
  bool digit = false;
};

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::size_t utf8_sequence_length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

std::size_t times(std::size_t a, std::size_t b) {
  if (a == 0 || b == 0) return 0;
  if (a == kUnbounded || b == kUnbounded || a > kMaxUseful / b) return kUnbounded;
  return a * b;
}

std::size_t plus(std::size_t a, std::size_t b) {
  if (a == kUnbounded || b == kUnbounded || a + b > kMaxUseful) return kUnbounded;
  return a + b;
}

// Recursive descent over the RE2 syntax the rules use; anything else sets
// `known` false and the pattern counts as unbounded.
class Reader {
 public:
  explicit Reader(std::string_view pattern) : p_(pattern) {}

  PatternBounds read() {
    Shape s = alternation();
    PatternBounds b;
    if (!known_ || i_ != p_.size()) return b;
    b.bounded = s.max != kUnbounded;
    b.max_bytes = b.bounded ? s.max : 0;
    b.needs_digit = s.digit;
    return b;
  }

 private:
  bool at_end() const { return i_ >= p_.size(); }
  char peek() const { return p_[i_]; }

  Shape alternation() {
    Shape result = sequence();
    while (known_ && !at_end() && peek() == '|') {
      ++i_;
      Shape branch = sequence();
      result.max = std::max(result.max, branch.max);
      result.digit = result.digit && branch.digit;
    }
    return result;
  }

  // An inline (?i) stays on to the end of its group, in later branches too
  // (more bytes, never fewer: the safe side).
  Shape sequence() {
    Shape result;
    while (known_ && !at_end() && peek() != '|' && peek() != ')') {
      Shape s = repeated(atom());
      result.max = plus(result.max, s.max);
      result.digit = result.digit || s.digit;
    }
    return result;
  }

  Shape repeated(Shape s) {
    while (known_ && !at_end()) {
      std::size_t min = 0, max = 0;
      char c = peek();
      if (c == '*') {
        min = 0, max = kUnbounded;
        ++i_;
      } else if (c == '+') {
        min = 1, max = kUnbounded;
        ++i_;
      } else if (c == '?') {
        min = 0, max = 1;
        ++i_;
      } else if (c == '{' && counted(min, max)) {
        // consumed by counted()
      } else {
        return s;
      }
      if (!at_end() && peek() == '?') ++i_;  // non-greedy: the same lengths
      s.max = times(s.max, max);
      s.digit = s.digit && min >= 1;
    }
    return s;
  }

  // {n}, {n,}, {n,m}; false (nothing consumed) when '{' is a literal.
  bool counted(std::size_t& min, std::size_t& max) {
    std::size_t j = i_ + 1;
    auto number = [&](std::size_t& value) {
      std::size_t start = j;
      value = 0;
      while (j < p_.size() && is_ascii_digit(p_[j]) && j - start < 6) value = value * 10 + (p_[j++] - '0');
      return j > start;
    };
    if (!number(min)) return false;
    max = min;
    if (j < p_.size() && p_[j] == ',') {
      ++j;
      if (j < p_.size() && p_[j] == '}') {
        max = kUnbounded;
      } else if (!number(max)) {
        return false;
      }
    }
    if (j >= p_.size() || p_[j] != '}') return false;
    i_ = j + 1;
    return true;
  }

  Shape atom() {
    char c = peek();
    if (c == '(') return group();
    if (c == '[') return char_class();
    if (c == '\\') return escape();
    ++i_;
    if (c == '.') return {kLongest, false};
    if (c == '^' || c == '$') return {0, false};
    if (c == '*' || c == '+' || c == '?') return unknown();  // a repetition of nothing
    auto lead = static_cast<unsigned char>(c);
    if (lead >= 0x80) {
      std::size_t length = utf8_sequence_length(lead);
      i_ += length - 1;
      return {fold_ ? kLongest : length, false};
    }
    if (is_ascii_digit(c)) return {1, true};
    return {fold_ && is_ascii_letter(c) ? kLongest : 1, false};
  }

  Shape group() {
    ++i_;  // (
    bool saved_fold = fold_;
    if (!at_end() && peek() == '?') {
      ++i_;
      if (!at_end() && (peek() == 'P' || peek() == '<')) {  // (?P<name> or (?<name>
        if (peek() == 'P') ++i_;
        if (at_end() || peek() != '<') return unknown();
        std::size_t close = p_.find('>', i_);
        if (close == std::string_view::npos) return unknown();
        i_ = close + 1;
      } else {
        bool negate = false;
        bool fold = fold_;
        while (!at_end() && peek() != ':' && peek() != ')') {
          char f = peek();
          if (f == '-') {
            negate = true;
          } else if (f == 'i') {
            fold = !negate;
          } else if (f != 's' && f != 'm' && f != 'U') {
            return unknown();
          }
          ++i_;
        }
        if (at_end()) return unknown();
        if (peek() == ')') {  // (?i): for the rest of the enclosing group
          ++i_;
          fold_ = fold;
          return {0, false};
        }
        ++i_;  // :
        fold_ = fold;
      }
    }
    Shape inside = alternation();
    fold_ = saved_fold;
    if (at_end() || peek() != ')') return unknown();
    ++i_;
    return inside;
  }

  // \d, \s, \p{Han}, \n, \. ...; outside a class.
  Shape escape() {
    ++i_;
    if (at_end()) return unknown();
    char c = p_[i_++];
    switch (c) {
      case 'd':
        return {1, true};
      case 's':
        return {1, false};
      case 'w':
        return {fold_ ? kLongest : 1, false};
      case 'D':
      case 'S':
      case 'W':
        return {kLongest, false};
      case 'p':
      case 'P':
        return unicode_class() ? Shape{kLongest, false} : unknown();
      case 'b':
      case 'B':
      case 'A':
      case 'z':
        return {0, false};
      case 'n':
      case 't':
      case 'r':
      case 'f':
      case 'v':
      case 'a':
        return {1, false};
      default:
        break;
    }
    if (static_cast<unsigned char>(c) < 0x80 && !is_ascii_letter(c) && !is_ascii_digit(c)) return {1, false};
    return unknown();  // \x, \Q, \C, back-references...: not read here
  }

  // After \p or \P: {Name} or one letter.
  bool unicode_class() {
    if (at_end()) return false;
    if (peek() != '{') {
      ++i_;
      return true;
    }
    std::size_t close = p_.find('}', i_);
    if (close == std::string_view::npos) return false;
    i_ = close + 1;
    return true;
  }

  // [...]: one character; a digit when every member is one.
  Shape char_class() {
    ++i_;  // [
    bool negated = !at_end() && peek() == '^';
    if (negated) ++i_;
    bool all_digits = true, all_ascii = true, first = true;
    while (!at_end() && (peek() != ']' || first)) {
      first = false;
      char c = peek();
      if (c == '[' && p_.substr(i_, 2) == "[:") {  // [:alpha:]
        std::size_t close = p_.find(":]", i_ + 2);
        if (close == std::string_view::npos) return unknown();
        all_digits = all_digits && p_.substr(i_, close + 2 - i_) == "[:digit:]";
        i_ = close + 2;
        continue;
      }
      char low = 0;
      if (c == '\\') {
        ++i_;
        if (at_end()) return unknown();
        char e = p_[i_++];
        if (e == 'd') continue;
        if (e == 'p' || e == 'P') {
          if (!unicode_class()) return unknown();
          all_digits = false;
          all_ascii = false;
          continue;
        }
        if (e == 's' || e == 'w' || e == 'D' || e == 'S' || e == 'W') {
          all_digits = false;
          all_ascii = all_ascii && (e == 's' || e == 'w');
          continue;
        }
        if (e == 'n' || e == 't' || e == 'r' || e == 'f' || e == 'v') {
          all_digits = false;
          continue;
        }
        if (static_cast<unsigned char>(e) >= 0x80 || is_ascii_letter(e) || is_ascii_digit(e)) return unknown();
        low = e;
      } else if (static_cast<unsigned char>(c) >= 0x80) {
        i_ += utf8_sequence_length(static_cast<unsigned char>(c));
        all_digits = false;
        all_ascii = false;
        if (!at_end() && peek() == '-' && i_ + 1 < p_.size() && p_[i_ + 1] != ']') return unknown();
        continue;
      } else {
        low = c;
        ++i_;
      }
      char high = low;
      if (!at_end() && peek() == '-' && i_ + 1 < p_.size() && p_[i_ + 1] != ']') {
        ++i_;
        char h = peek();
        if (h == '\\' || static_cast<unsigned char>(h) >= 0x80) return unknown();
        high = h;
        ++i_;
      }
      all_digits = all_digits && is_ascii_digit(low) && is_ascii_digit(high);
    }
    if (at_end()) return unknown();
    ++i_;  // ]
    if (negated) return {kLongest, false};
    // Letters fold to longer code points; digits to none.
    if (fold_ && !all_digits) return {kLongest, false};
    return {all_ascii ? 1 : kLongest, all_digits};
  }

  Shape unknown() {
    known_ = false;
    i_ = p_.size();
    return {kUnbounded, false};
  }

  std::string_view p_;
  std::size_t i_ = 0;
  bool fold_ = false;
  bool known_ = true;
};

}  // namespace

PatternBounds pattern_bounds(std::string_view pattern) { return Reader(pattern).read(); }

void digit_runs(std::string_view text, std::vector<TextWindow>& out) {
  out.clear();
  for (std::size_t i = 0; i < text.size();) {
    if (!is_ascii_digit(text[i])) {
      ++i;
      continue;
    }
    std::size_t run_end = i + 1;
    while (run_end < text.size() && is_ascii_digit(text[run_end])) ++run_end;
    out.push_back({i, run_end});
    i = run_end;
  }
}

void windows_around(const std::vector<TextWindow>& runs, std::size_t margin, std::size_t size,
                    std::vector<TextWindow>& out) {
  out.clear();
  for (const TextWindow& run : runs) {
    std::size_t begin = run.begin > margin ? run.begin - margin : 0;
    std::size_t end = std::min(size, run.end + margin);
    if (!out.empty() && begin <= out.back().end) {
      out.back().end = end;
    } else {
      out.push_back({begin, end});
    }
  }
}

void digit_windows(std::string_view text, std::size_t margin, std::vector<TextWindow>& out) {
  std::vector<TextWindow> runs;
  digit_runs(text, runs);
  windows_around(runs, margin, text.size(), out);
}

}  // namespace leakscan
