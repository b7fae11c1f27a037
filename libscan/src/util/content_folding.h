// vCard and iCalendar fold long lines (a line break and one space or tab,
// RFC 5545 §3.1); unfolded before detection, an address or a phone number
// broken across two lines is whole again. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace leakscan {

// Whether a part of this type or name is made of folded content lines.
inline bool folded_content_type(std::string_view content_type, std::string_view filename) {
  auto ends = [&](std::string_view suffix) {
    if (filename.size() <= suffix.size()) return false;
    std::string_view tail = filename.substr(filename.size() - suffix.size());
    for (std::size_t i = 0; i < tail.size(); ++i) {
      char c = tail[i] >= 'A' && tail[i] <= 'Z' ? static_cast<char>(tail[i] + 32) : tail[i];
      if (c != suffix[i]) return false;
    }
    return true;
  };
  return content_type == "text/calendar" || content_type == "text/vcard" || content_type == "text/x-vcard" ||
         content_type == "text/directory" || content_type == "application/ics" || ends(".ics") || ends(".vcs") ||
         ends(".vcf");
}

// Removes every LF followed by a space or a tab, with that space or tab
// (the text has LF line ends).
inline void unfold_content_lines(std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && i + 1 < text.size() && (text[i + 1] == ' ' || text[i + 1] == '\t')) {
      ++i;
      continue;
    }
    out.push_back(text[i]);
  }
  text = std::move(out);
}

}  // namespace leakscan
