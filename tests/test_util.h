// Helpers shared by the tests: temporary directories and files, reading
// whole messages through the public API.
#pragma once

#include <libscan/decoder.h>
#include <libscan/mailbox.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace leakscan::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `bytes` to path()/relative (parent directories created).
  std::string write(const std::string& relative, const std::string& bytes) const;

 private:
  std::filesystem::path path_;
};

// Every message of one input file, in order.
std::vector<RawMessage> read_all(const std::string& path, const Limits& limits = {});
// Every message of one input file, decoded as it is read.
std::vector<Message> decode_all(const std::string& path, const Limits& limits = {});
InputRecord read_record(const std::string& path, const Limits& limits = {});

// Decodes one message given as bytes.
Message decode_bytes(const std::string& bytes, const DecodeOptions& options = {});

bool has_defect(const Message& m, const std::string& kind);

// The part with `path`, or null.
const Part* find_part(const Message& m, const std::string& path);

std::string gzip(const std::string& bytes);

// A message from an external sender (山田 太郎 <yamada@example-admin.com>)
// with a text body and one base64 attachment.
std::string with_attachment(const std::string& filename, const std::string& content_type, const std::string& bytes,
                            const std::string& body = "資料を添付します。\n");

}  // namespace leakscan::test
