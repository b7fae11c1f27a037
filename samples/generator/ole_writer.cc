#include "ole_writer.h"

#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-memory.h>
#include <gsf/gsf-utils.h>

#include <map>
#include <memory>
#include <stdexcept>

namespace leakscan::sample {

namespace {

struct Node {
  std::string data;
  bool storage = false;
  std::map<std::string, std::unique_ptr<Node>> children;
};

void write_children(GsfOutfile* parent, const Node& node) {
  for (const auto& [name, child] : node.children) {
    GsfOutput* out = gsf_outfile_new_child(parent, name.c_str(), child->storage ? TRUE : FALSE);
    if (out == nullptr) throw std::runtime_error("libgsf cannot add " + name);
    if (child->storage) {
      write_children(GSF_OUTFILE(out), *child);
    } else {
      gsf_output_write(out, child->data.size(), reinterpret_cast<const guint8*>(child->data.data()));
    }
    gsf_output_close(out);
    g_object_unref(out);
  }
}

}  // namespace

std::string make_ole(const std::vector<OleStream>& streams) {
  gsf_init();
  Node root;
  root.storage = true;
  for (const OleStream& s : streams) {
    Node* at = &root;
    std::size_t start = 0;
    for (;;) {
      std::size_t slash = s.path.find('/', start);
      std::string name = s.path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
      auto& child = at->children[name];
      if (!child) child = std::make_unique<Node>();
      at = child.get();
      if (slash == std::string::npos) break;
      at->storage = true;
      start = slash + 1;
    }
    at->data = s.data;
  }
  GsfOutput* sink = gsf_output_memory_new();
  GsfOutfile* ole = gsf_outfile_msole_new(sink);
  write_children(ole, root);
  gsf_output_close(GSF_OUTPUT(ole));
  g_object_unref(ole);
  std::string bytes(reinterpret_cast<const char*>(gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(sink))),
                    static_cast<std::size_t>(gsf_output_size(sink)));
  g_object_unref(sink);
  return bytes;
}

}  // namespace leakscan::sample
