#include "extract/zip_archive.h"

#include "mime/charset.h"

#include <zip.h>

namespace leakscan {

struct ZipArchive::Handle {
  zip_t* zip = nullptr;
  ~Handle() {
    if (zip != nullptr) zip_discard(zip);  // read-only: nothing to write back
  }
};

ZipArchive::~ZipArchive() = default;

std::unique_ptr<ZipArchive> ZipArchive::open(std::string_view bytes, CharsetDecoder& charsets, std::string& error) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &ze);
  if (source == nullptr) {
    error = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    return nullptr;
  }
  zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &ze);
  if (zip == nullptr) {
    error = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    zip_source_free(source);
    return nullptr;
  }
  zip_error_fini(&ze);
  std::unique_ptr<ZipArchive> archive(new ZipArchive);
  archive->handle_ = std::make_unique<Handle>();
  archive->handle_->zip = zip;
  zip_int64_t count = zip_get_num_entries(zip, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    auto index = static_cast<zip_uint64_t>(i);
    if (zip_stat_index(zip, index, ZIP_FL_ENC_RAW, &st) != 0) continue;
    ZipEntry e;
    e.index = index;
    std::string_view raw = (st.valid & ZIP_STAT_NAME) && st.name != nullptr ? st.name : "";
    if (is_valid_utf8(raw)) {
      e.name = std::string(raw);
    } else {
      charsets.decode(raw, "shift_jis", e.name);  // Japanese archivers write CP932 names
    }
    e.size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
    e.compressed_size = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    e.encrypted = (st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE;
    e.directory = !e.name.empty() && e.name.back() == '/';
    archive->entries_.push_back(std::move(e));
  }
  return archive;
}

const ZipEntry* ZipArchive::find(std::string_view name) const {
  for (const ZipEntry& e : entries_) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

ZipArchive::ReadResult ZipArchive::read(const ZipEntry& entry, std::uint64_t limit, std::string& out,
                                        std::string& error) {
  out.clear();
  if (entry.encrypted) return ReadResult::kEncrypted;
  zip_file_t* file = zip_fopen_index(handle_->zip, entry.index, 0);
  if (file == nullptr) {
    error = zip_strerror(handle_->zip);
    return ReadResult::kError;
  }
  char buffer[1 << 16];
  ReadResult result = ReadResult::kOk;
  for (;;) {
    zip_int64_t n = zip_fread(file, buffer, sizeof buffer);
    if (n < 0) {
      error = zip_file_strerror(file);
      result = ReadResult::kError;
      break;
    }
    if (n == 0) break;
    auto got = static_cast<std::uint64_t>(n);
    if (out.size() + got > limit) {
      out.append(buffer, static_cast<std::size_t>(limit - out.size()));
      result = ReadResult::kTruncated;
      break;
    }
    out.append(buffer, static_cast<std::size_t>(got));
  }
  zip_fclose(file);
  return result;
}

}  // namespace leakscan
