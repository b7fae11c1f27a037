#include "test_util.h"

#include "encoding.h"

#include <zlib.h>

#include <unistd.h>
#include <atomic>
#include <stdexcept>

namespace leakscan::test {

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = std::filesystem::temp_directory_path() /
          ("leakscan-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& relative, const std::string& bytes) const {
  std::filesystem::path p = path_ / relative;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return p.string();
}

std::vector<RawMessage> read_all(const std::string& path, const Limits& limits) {
  auto reader = open_reader({path}, 0, limits);
  std::vector<RawMessage> out;
  RawMessage m;
  while (reader->next(m)) out.push_back(m);
  return out;
}

std::vector<Message> decode_all(const std::string& path, const Limits& limits) {
  auto reader = open_reader({path}, 0, limits);
  MessageDecoder decoder;
  std::vector<Message> out;
  RawMessage m;
  while (reader->next(m)) out.push_back(decoder.decode(m));
  return out;
}

InputRecord read_record(const std::string& path, const Limits& limits) {
  auto reader = open_reader({path}, 0, limits);
  RawMessage m;
  while (reader->next(m)) {
  }
  return reader->record();
}

Message decode_bytes(const std::string& bytes, const DecodeOptions& options) {
  MessageDecoder decoder(options);
  RawMessage raw;
  raw.bytes = bytes;
  return decoder.decode(raw);
}

bool has_defect(const Message& m, const std::string& kind) {
  for (const Defect& d : m.defects) {
    if (d.kind == kind) return true;
  }
  return false;
}

const Part* find_part(const Message& m, const std::string& path) {
  for (const Part& p : m.parts) {
    if (p.path == path) return &p;
  }
  return nullptr;
}

std::string gzip(const std::string& bytes) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2");
  }
  std::string out(compressBound(static_cast<uLong>(bytes.size())) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string with_attachment(const std::string& filename, const std::string& content_type, const std::string& bytes,
                            const std::string& body) {
  return "From: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <yamada@example-admin.com>\nTo: t.tanaka@example-am.co.jp\n"
         "Subject: =?UTF-8?B?6LOH5paZ?=\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\n"
         "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" +
         body + "--b\nContent-Type: " + content_type + "\nContent-Disposition: attachment; filename=\"" + filename +
         "\"\nContent-Transfer-Encoding: base64\n\n" + sample::base64(bytes) + "--b--\n";
}

}  // namespace leakscan::test
