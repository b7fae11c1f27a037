// The text a reader of an HTML body sees: tags dropped, script, style and
// comments removed, block elements as line breaks, whitespace collapsed as
// a browser would, character references decoded. A linear, allocation-light
// state machine over UTF-8; it never fails. Thread-safe (no state).
#pragma once

#include <string>
#include <string_view>

namespace leakscan {

// Appends the text of `html` (UTF-8) to `out`.
void html_to_text(std::string_view html, std::string& out);

// The charset a <meta charset=...> or <meta http-equiv content="...;
// charset=..."> in the first 4 KiB declares, or "" (for parts whose MIME
// header names none).
std::string html_meta_charset(std::string_view html);

// Appends the UTF-8 encoding of `cp` (U+FFFD when not a scalar value).
void append_utf8(char32_t cp, std::string& out);

}  // namespace leakscan
