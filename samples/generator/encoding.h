// Byte encodings the synthetic mail and attachments share: base64 for
// transfer encoding, percent-encoding for parameters and civil dates as day numbers (mail dates, Excel
// serials). Pure functions; safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace leakscan::sample {

// `bytes` in base64, broken into lines of `line` characters each ending in
// '\n' (no breaks when `line` is 0).
std::string base64(const std::string& bytes, std::size_t line = 76);

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
