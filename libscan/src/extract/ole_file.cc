#include "extract/ole_file.h"

#include "util/gobject_ref.h"

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-utils.h>

#include <mutex>

namespace leakscan {

namespace {

void drop_log(const gchar*, GLogLevelFlags, const gchar*, gpointer) {}

// libgsf's type registry is process-wide; its warnings about damaged files
// would reach stderr in the middle of a scan.
void ensure_gsf_initialized() {
  static std::once_flag once;
  std::call_once(once, [] {
    gsf_init();
    for (const char* domain : {"libgsf", "libgsf:msole"}) {
      g_log_set_handler(domain, static_cast<GLogLevelFlags>(G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL), drop_log, nullptr);
    }
  });
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

// libgsf's compound-file streams are GsfInfiles too; a storage is one that
// can have children.
bool is_storage(GsfInput* input) { return GSF_IS_INFILE(input) && gsf_infile_num_children(GSF_INFILE(input)) >= 0; }

}  // namespace

struct OleFile::Impl {
  GObjectRef<GsfInput> source;
  GObjectRef<GsfInfile> root;

  // A new reference to the object at `path`, or null.
  GObjectRef<GsfInput> find(const std::string& path) const {
    GObjectRef<GsfInput> current(GSF_INPUT(g_object_ref(root.get())));
    for (const std::string& name : split_path(path)) {
      if (!is_storage(current.get())) return {};
      GObjectRef<GsfInput> child(gsf_infile_child_by_name(GSF_INFILE(current.get()), name.c_str()));
      if (!child) return {};
      current = std::move(child);
    }
    return current;
  }
};

OleFile::OleFile(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OleFile::~OleFile() = default;

std::unique_ptr<OleFile> OleFile::open(std::string_view bytes, std::string& error) {
  ensure_gsf_initialized();
  auto impl = std::make_unique<Impl>();
  impl->source = GObjectRef<GsfInput>(
      gsf_input_memory_new(reinterpret_cast<const guint8*>(bytes.data()), static_cast<gsf_off_t>(bytes.size()), FALSE));
  if (!impl->source) {
    error = "cannot read from memory";
    return nullptr;
  }
  GError* gerror = nullptr;
  impl->root = GObjectRef<GsfInfile>(gsf_infile_msole_new(impl->source.get(), &gerror));
  if (!impl->root) {
    error = gerror != nullptr && gerror->message != nullptr ? gerror->message : "not a compound file";
    if (gerror != nullptr) g_error_free(gerror);
    return nullptr;
  }
  if (gerror != nullptr) g_error_free(gerror);
  return std::unique_ptr<OleFile>(new OleFile(std::move(impl)));
}

std::vector<std::string> OleFile::children(const std::string& storage) const {
  std::vector<std::string> out;
  GObjectRef<GsfInput> at = impl_->find(storage);
  if (!at || !is_storage(at.get())) return out;
  GsfInfile* infile = GSF_INFILE(at.get());
  int n = gsf_infile_num_children(infile);
  for (int i = 0; i < n; ++i) {
    const char* name = gsf_infile_name_by_index(infile, i);
    if (name != nullptr) out.emplace_back(name);
  }
  return out;
}

bool OleFile::exists(const std::string& path) const { return static_cast<bool>(impl_->find(path)); }

bool OleFile::read(const std::string& path, std::size_t max_bytes, std::string& out, bool* truncated) const {
  out.clear();
  if (truncated != nullptr) *truncated = false;
  GObjectRef<GsfInput> stream = impl_->find(path);
  if (!stream || is_storage(stream.get())) return false;
  gsf_off_t size = gsf_input_size(stream.get());
  if (size < 0) return false;
  std::size_t want = std::min<std::size_t>(static_cast<std::size_t>(size), max_bytes);
  if (truncated != nullptr) *truncated = static_cast<std::size_t>(size) > max_bytes;
  out.reserve(want);
  constexpr std::size_t kChunk = 1 << 16;
  while (out.size() < want) {
    std::size_t n = std::min(kChunk, want - out.size());
    const guint8* data = gsf_input_read(stream.get(), n, nullptr);
    if (data == nullptr) return !out.empty();
    out.append(reinterpret_cast<const char*>(data), n);
  }
  return true;
}

}  // namespace leakscan
