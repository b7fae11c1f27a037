// A .zip (and every format that is one: .docx, .xlsx, .pptx, .odt, .ods)
// read from memory through libzip. Entry names are UTF-8: names a Japanese
// archiver wrote in CP932 without the UTF-8 flag are converted, not shown
// as CP437. Sizes in the directory are claims; reading never takes more than
// the limit it is given. Not thread-safe; the bytes must outlive the archive.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

class CharsetDecoder;

struct ZipEntry {
  std::uint64_t index = 0;
  std::string name;                   // UTF-8
  std::uint64_t size = 0;             // as the directory claims
  std::uint64_t compressed_size = 0;  // as the directory claims
  bool encrypted = false;
  bool directory = false;
};

class ZipArchive {
 public:
  // Null, with `error`, when `bytes` are not a zip archive libzip can open.
  static std::unique_ptr<ZipArchive> open(std::string_view bytes, CharsetDecoder& charsets, std::string& error);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;  // owns a libzip handle
  ZipArchive& operator=(const ZipArchive&) = delete;

  const std::vector<ZipEntry>& entries() const { return entries_; }
  // The entry named `name` exactly, or null.
  const ZipEntry* find(std::string_view name) const;

  enum class ReadResult { kOk, kTruncated, kEncrypted, kError };
  // Reads `entry` into `out`, at most `limit` bytes (kTruncated when there
  // was more). `error` says what went wrong otherwise.
  ReadResult read(const ZipEntry& entry, std::uint64_t limit, std::string& out, std::string& error);

 private:
  ZipArchive() = default;
  struct Handle;
  std::unique_ptr<Handle> handle_;
  std::vector<ZipEntry> entries_;
};

}  // namespace leakscan
