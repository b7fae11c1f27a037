// The baseline leakscan is measured against: a plain GMime loop, the way a
// GMime user would write it. Each file is parsed (as an mbox when it starts
// with "From ", else as one message), the Subject and From decoded by GMime,
// and every part decoded with GMime's own filters: transfer decoding, then
// for text parts charset conversion to UTF-8 (iconv). Output is counted,
// not kept. With --text-only, non-text parts are not decoded.
//
//   gmime_baseline [--text-only] FILE...
#include <gmime/gmime.h>

#include <fcntl.h>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

struct Totals {
  unsigned long long messages = 0;
  unsigned long long decoded_bytes = 0;
  unsigned long long text_bytes = 0;
  bool text_only = false;
};

void decode_part(GMimeObject* parent, GMimeObject* part, gpointer user_data) {
  (void)parent;
  auto* totals = static_cast<Totals*>(user_data);
  if (!GMIME_IS_PART(part)) return;
  GMimeContentType* ct = g_mime_object_get_content_type(part);
  bool text = g_mime_content_type_is_type(ct, "text", "*");
  if (!text && totals->text_only) return;
  GMimeDataWrapper* content = g_mime_part_get_content(GMIME_PART(part));
  if (content == nullptr) return;
  GMimeStream* sink = g_mime_stream_null_new();
  GMimeStream* filtered = g_mime_stream_filter_new(sink);
  if (text) {
    const char* charset = g_mime_content_type_get_parameter(ct, "charset");
    GMimeFilter* convert = g_mime_filter_charset_new(charset != nullptr ? charset : "us-ascii", "utf-8");
    if (convert != nullptr) {
      g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered), convert);
      g_object_unref(convert);
    }
  }
  ssize_t n = g_mime_data_wrapper_write_to_stream(content, filtered);
  g_mime_stream_flush(filtered);
  if (n > 0) totals->decoded_bytes += static_cast<unsigned long long>(n);
  if (text) totals->text_bytes += static_cast<unsigned long long>(g_mime_stream_length(sink));
  g_object_unref(filtered);
  g_object_unref(sink);
}

void read_file(const char* path, Totals& totals) {
  GError* error = nullptr;
  GMimeStream* stream = g_mime_stream_fs_open(path, O_RDONLY, 0, &error);
  if (stream == nullptr) {
    std::fprintf(stderr, "%s: %s\n", path, error != nullptr ? error->message : "cannot open");
    g_clear_error(&error);
    return;
  }
  char head[5] = {0};
  g_mime_stream_read(stream, head, 5);
  g_mime_stream_reset(stream);
  GMimeParser* parser = g_mime_parser_new_with_stream(stream);
  g_mime_parser_set_format(parser, std::strncmp(head, "From ", 5) == 0 ? GMIME_FORMAT_MBOX : GMIME_FORMAT_MESSAGE);
  while (!g_mime_parser_eos(parser)) {
    GMimeMessage* message = g_mime_parser_construct_message(parser, nullptr);
    if (message == nullptr) break;
    ++totals.messages;
    const char* subject = g_mime_message_get_subject(message);
    totals.text_bytes += subject != nullptr ? std::strlen(subject) : 0;
    InternetAddressList* from = g_mime_message_get_from(message);
    if (from != nullptr) {
      char* s = internet_address_list_to_string(from, nullptr, FALSE);
      g_free(s);
    }
    g_mime_message_foreach(message, decode_part, &totals);
    g_object_unref(message);
    if (std::strncmp(head, "From ", 5) != 0) break;
  }
  g_object_unref(parser);
  g_object_unref(stream);
}

}  // namespace

int main(int argc, char** argv) {
  g_mime_init();
  Totals totals;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--text-only") == 0) {
      totals.text_only = true;
      continue;
    }
    read_file(argv[i], totals);
  }
  std::printf("messages %llu decoded_bytes %llu text_bytes %llu\n", totals.messages, totals.decoded_bytes,
              totals.text_bytes);
  g_mime_shutdown();
  return 0;
}
