// A Compound File (OLE2: .doc, .xls, .ppt, .msg) read through libgsf from
// memory: its streams and storages by path ("WordDocument",
// "__attach_version1.0_#00000000/__substg1.0_3707001F"). The bytes must
// outlive the OleFile. libgsf's warnings on damaged files are dropped (the
// caller reports the damage). An OleFile is not thread-safe; separate ones
// may be used in parallel.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

class OleFile {
 public:
  // Null with `error` set when the bytes are no compound file libgsf reads.
  static std::unique_ptr<OleFile> open(std::string_view bytes, std::string& error);
  ~OleFile();
  OleFile(const OleFile&) = delete;
  OleFile& operator=(const OleFile&) = delete;

  // The names in a storage ("" is the root), in the file's order.
  std::vector<std::string> children(const std::string& storage) const;
  bool exists(const std::string& path) const;
  // Up to `max_bytes` of the stream at `path` into `out`; false when there
  // is no such stream or it cannot be read. `truncated` tells whether more
  // was left.
  bool read(const std::string& path, std::size_t max_bytes, std::string& out, bool* truncated = nullptr) const;

 private:
  struct Impl;
  explicit OleFile(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace leakscan
