// Byte encodings the synthetic mail and attachments share: base64 and
// quoted-printable for transfer encoding, charsets through ICU, percent-encoding for parameters and civil dates as day
// numbers (mail dates, Excel serials). Pure functions; safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace leakscan::sample {

// `bytes` in base64, broken into lines of `line` characters each ending in
// '\n' (no breaks when `line` is 0).
std::string base64(const std::string& bytes, std::size_t line = 76);

// Quoted-printable as mailers write it: 8-bit bytes and '=' as =XX, soft
// line breaks before column 73, line ends kept.
std::string quoted_printable(std::string_view bytes);

// UTF-8 text in `charset` (an ICU name: "ISO-2022-JP", "Shift_JIS",
// "UTF-16LE"...), or "" when ICU cannot convert it.
std::string encode_charset(std::string_view utf8, const char* charset);

// RFC 3986 percent-encoding of everything but letters, digits and ".-_",
// as RFC 2231 parameter values (filename*=UTF-8''...) carry names.
std::string percent_encode(const std::string& bytes);

// Little-endian integers appended, as the binary formats store them.
void put16(std::string& out, std::uint32_t v);
void put32(std::string& out, std::uint32_t v);

// UTF-8 as UTF-16LE, without a byte order mark.
std::string utf16le(const std::string& utf8);

// Days since 1970-01-01 of a proleptic Gregorian date, and back.
long days_from_civil(int y, int m, int d);
void civil_from_days(long z, int& y, int& m, int& d);

}  // namespace leakscan::sample
