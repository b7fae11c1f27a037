// MessageDecoder: GMime builds the MIME tree (boundaries, nesting, offsets);
// everything that turns bytes into text is ours, so that every charset goes
// through ICU: header values come from GMime raw, parameters are re-parsed
// (RFC 2231), part content is read as the raw encoded bytes GMime located
// and decoded here. The tree is walked with an explicit stack.
#include <libscan/decoder.h>

#include "extract/extractor.h"
#include "mime/address_list.h"
#include "mime/charset.h"
#include "mime/gmime_handle.h"
#include "mime/header_repair.h"
#include "mime/header_text.h"
#include "mime/html_text.h"
#include "mime/inline_binary.h"
#include "mime/mime_params.h"
#include "mime/transfer.h"
#include "util/ascii.h"
#include "util/content_folding.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string_view>

namespace leakscan {

void ensure_gmime_initialized() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

namespace {

const char* warning_kind(GMimeParserWarning code) {
  switch (code) {
    case GMIME_WARN_DUPLICATED_HEADER:
      return "mime.duplicated-header";
    case GMIME_WARN_INVALID_CONTENT_TYPE:
      return "mime.invalid-content-type";
    case GMIME_WARN_MALFORMED_MULTIPART:
      return "mime.malformed-multipart";
    case GMIME_WARN_TRUNCATED_MESSAGE:
      return "mime.truncated";
    case GMIME_WARN_MALFORMED_MESSAGE:
      return "mime.malformed";
    case GMIME_CRIT_INVALID_HEADER_NAME:
      return "mime.invalid-header-name";
    case GMIME_CRIT_CONFLICTING_HEADER:
      return "mime.conflicting-header";
    case GMIME_CRIT_CONFLICTING_PARAMETER:
      return "mime.conflicting-parameter";
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
      return "mime.multipart-without-boundary";
    case GMIME_CRIT_NESTING_OVERFLOW:
      return "mime.nesting-overflow";
    case GMIME_WARN_PART_WITHOUT_CONTENT:
      return "mime.part-without-content";
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
      return "mime.part-without-headers-or-content";
    default:
      // 8-bit headers, RFC 2047 and 2231 trouble and address lists concern
      // GMime's own decoding, which is not used: ours records its own.
      return nullptr;
  }
}

// The encoded bytes of a part's content without copying when GMime kept
// them as a window on the message buffer.
std::string_view stream_bytes(GMimeStream* stream, std::string& scratch) {
  if (stream == nullptr) return {};
  if (GMIME_IS_STREAM_MEM(stream)) {
    GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
    if (array != nullptr) {
      gint64 length = static_cast<gint64>(array->len);
      gint64 start = std::clamp<gint64>(stream->bound_start, 0, length);
      gint64 end = stream->bound_end < 0 ? length : std::clamp<gint64>(stream->bound_end, start, length);
      return std::string_view(reinterpret_cast<const char*>(array->data) + start,
                              static_cast<std::size_t>(end - start));
    }
  }
  scratch.clear();
  g_mime_stream_reset(stream);
  char buffer[65536];
  for (;;) {
    ssize_t n = g_mime_stream_read(stream, buffer, sizeof buffer);
    if (n <= 0) break;
    scratch.append(buffer, static_cast<std::size_t>(n));
  }
  return scratch;
}

bool is_textual(std::string_view content_type) {
  if (content_type == "text/rtf") return false;  // markup to read, not text (extract/rtf.h)
  if (content_type.starts_with("text/")) return true;
  static constexpr std::string_view kTextLike[] = {
      "message/delivery-status", "message/disposition-notification", "message/feedback-report",
      "message/global-delivery-status", "message/global-disposition-notification", "message/global-headers",
      // A fragment of a message, or headers pointing elsewhere: text either way.
      "message/partial", "message/external-body"};
  return std::find(std::begin(kTextLike), std::end(kTextLike), content_type) != std::end(kTextLike);
}

void normalize_newlines(std::string& text) {
  if (text.find('\r') == std::string::npos) return;
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') continue;
      out.push_back('\n');  // a lone CR ends a line too
      continue;
    }
    out.push_back(text[i]);
  }
  text.swap(out);
}

std::string child_prefix(const std::string& path) { return path == "root" ? std::string() : path + "."; }

// Line breaks that encoded-words smuggle into a header value are spaces.
void tidy_header_value(std::string& value) {
  for (char& c : value) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  std::size_t last = value.find_last_not_of(" \t");
  value.erase(last == std::string::npos ? 0 : last + 1);
  std::size_t first = value.find_first_not_of(" \t");
  value.erase(0, first == std::string::npos ? value.size() : first);
}

// A message's body: itself when read as one entity.
GMimeObject* body_of(GMimeObject* root) {
  return GMIME_IS_MESSAGE(root) ? g_mime_message_get_mime_part(GMIME_MESSAGE(root)) : root;
}

// The charset the body declares: the top-level one, or the first leaf's.
std::string body_charset(GMimeObject* body) {
  std::vector<GMimeObject*> stack{body};
  for (int visited = 0; !stack.empty() && visited < 64; ++visited) {
    GMimeObject* object = stack.back();
    stack.pop_back();
    if (const char* charset = g_mime_object_get_content_type_parameter(object, "charset")) {
      std::string label = normalize_charset_label(charset);
      if (!label.empty() && label != "us-ascii") return label;
    }
    if (GMIME_IS_MULTIPART(object)) {
      GMimeMultipart* multipart = GMIME_MULTIPART(object);
      for (int i = g_mime_multipart_get_count(multipart) - 1; i >= 0; --i) {
        stack.push_back(g_mime_multipart_get_part(multipart, i));
      }
    }
  }
  return {};
}

}  // namespace

struct MessageDecoder::Impl final : EnclosedMessageReader {
  DecodeOptions options;
  CharsetDecoder charsets;
  HeaderTextDecoder header_text{charsets};
  GMimeParserOptions* parser_options = nullptr;
  struct Warning {
    gint64 offset;
    GMimeParserWarning code;
    std::string item;
  };
  std::vector<Warning> warnings;  // of the message being parsed
  std::string scratch;
  AttachmentExtractor extractor;
  // State of the message being decoded, shared by the messages it encloses.
  std::size_t budget = 0;  // decoded bytes left
  std::size_t leaves = 0;
  bool parts_limit_hit = false;
  int enclosed_depth = 0;                                // attached messages being read, one inside another
  std::vector<GObjectRef<GMimeObject>> enclosed_parses;  // alive until the message is decoded
  double extract_seconds = 0;                            // outermost extractions only
  int extracting = 0;

  explicit Impl(const DecodeOptions& o) : options(o), extractor(o, charsets, this) {
    ensure_gmime_initialized();
    parser_options = g_mime_parser_options_new();
    g_mime_parser_options_set_warning_callback(parser_options, &Impl::on_warning, this);
  }
  ~Impl() override { g_mime_parser_options_free(parser_options); }

  static void on_warning(gint64 offset, GMimeParserWarning code, const gchar* item, gpointer user_data) {
    auto* self = static_cast<Impl*>(user_data);
    if (warning_kind(code) == nullptr) return;
    if (self->warnings.size() >= 1000) return;  // a hostile message can warn per line
    std::string text = item != nullptr ? std::string(item).substr(0, 200) : std::string();
    self->warnings.push_back({offset, code, std::move(text)});
  }

  GObjectRef<GMimeObject> parse(std::string_view bytes);
  bool take_top_level_warnings(std::string_view bytes);
  std::string_view repair_headers(const RawMessage& raw, std::string& repaired, GObjectRef<GMimeObject>& message,
                                  std::string_view& overflow, std::vector<Defect>& defects);
  void record_warnings(std::vector<Defect>& defects, const std::string& where_prefix = "");

  void decode(const RawMessage& raw, Message& out);
  // Walks the MIME tree under `body` (at `path`, `depth` levels down),
  // appending its parts, enclosed envelopes and defects to `out`.
  void walk(GMimeObject* body, const std::string& path, int depth, Message& out);
  void read_enclosed(const Part& container, std::string_view bytes, Message& message,
                     std::vector<Part>& parts) override;
  void read_envelope(GMimeObject* object, Envelope& envelope, std::vector<Defect>& defects,
                     const std::string& where_prefix);
  void decode_leaf(GMimeObject* object, const std::string& path, Message& message);
  void add_prologue_part(std::string_view bytes, const std::string& path, Message& message);
  std::string raw_header(GMimeObject* object, const char* name);
  bool is_encoded_message(GMimeObject* object);
  std::vector<Part> extract_inline_binaries(std::string& decoded, const Part& text_part, const std::string& chain);
  GMimeObject* parse_encoded_message(GMimeObject* object, std::vector<GObjectRef<GMimeObject>>& keep_alive);
};

// GMime parses message/rfc822 into a message only when it is not
// transfer-encoded; a base64 or quoted-printable one arrives as a leaf. The
// first fragment of a message/partial starts with the enclosed message's
// headers, so it is read as a message too (later fragments stay text).
bool MessageDecoder::Impl::is_encoded_message(GMimeObject* object) {
  GMimeContentType* ct = g_mime_object_get_content_type(object);
  if (ct == nullptr) return false;
  if (g_mime_content_type_is_type(ct, "message", "partial")) {
    const char* number = g_mime_content_type_get_parameter(ct, "number");
    return number == nullptr || std::string_view(number) == "1";
  }
  if (!(g_mime_content_type_is_type(ct, "message", "rfc822") || g_mime_content_type_is_type(ct, "message", "global"))) {
    return false;
  }
  TransferLabel cte = classify_transfer_encoding(raw_header(object, "Content-Transfer-Encoding"));
  return cte.encoding != TransferEncoding::kIdentity;
}

GMimeObject* MessageDecoder::Impl::parse_encoded_message(GMimeObject* object,
                                                         std::vector<GObjectRef<GMimeObject>>& keep_alive) {
  GMimeDataWrapper* wrapper = g_mime_part_get_content(GMIME_PART(object));
  if (wrapper == nullptr) return nullptr;
  std::string_view encoded = stream_bytes(g_mime_data_wrapper_get_stream(wrapper), scratch);
  std::string decoded;
  TransferLabel cte = classify_transfer_encoding(raw_header(object, "Content-Transfer-Encoding"));
  transfer_decode(encoded, cte.encoding, options.limits.max_message_bytes, &decoded);
  GObjectRef<GMimeObject> inner = parse(decoded);  // GMime keeps its own copy
  GMimeObject* result = inner.get();
  if (result != nullptr) keep_alive.push_back(std::move(inner));
  return result;
}

std::string MessageDecoder::Impl::raw_header(GMimeObject* object, const char* name) {
  GMimeHeaderList* list = g_mime_object_get_header_list(object);
  if (list == nullptr) return {};
  GMimeHeader* header = g_mime_header_list_get_header(list, name);
  if (header == nullptr) return {};
  const char* raw = g_mime_header_get_raw_value(header);
  if (raw == nullptr) return {};
  std::string_view v(raw);
  return unfold_header(v.substr(0, options.limits.max_header_bytes));
}

void MessageDecoder::Impl::read_envelope(GMimeObject* object, Envelope& envelope, std::vector<Defect>& defects,
                                         const std::string& where_prefix) {
  GMimeHeaderList* list = g_mime_object_get_header_list(object);
  if (list == nullptr) return;
  bool have_subject = false, have_date = false, have_id = false;
  int count = g_mime_header_list_get_count(list);
  for (int i = 0; i < count; ++i) {
    GMimeHeader* h = g_mime_header_list_get_header_at(list, i);
    const char* name_c = g_mime_header_get_name(h);
    const char* raw_c = g_mime_header_get_raw_value(h);
    // Content- fields are the body's (GMime's message objects keep them
    // there; a message read as one entity has them in its own list).
    if (name_c == nullptr || g_ascii_strncasecmp(name_c, "Content-", 8) == 0) continue;
    std::string name(name_c);
    std::string_view raw = raw_c != nullptr ? std::string_view(raw_c) : std::string_view();
    std::string where = where_prefix;
    where += "header:";
    where += name;
    if (raw.size() > options.limits.max_header_bytes) {
      defects.push_back({"header.truncated-at-limit", where, std::to_string(raw.size()) + " bytes"});
      raw = raw.substr(0, options.limits.max_header_bytes);
    }
    std::string unfolded = unfold_header(raw);
    Header header{name, {}};
    HeaderTextResult r = header_text.decode(unfolded, header.value);
    tidy_header_value(header.value);
    if (r.raw_8bit) defects.push_back({"header.8bit", where, "unencoded 8-bit bytes, charset sniffed"});
    if (r.unknown_charset) defects.push_back({"header.charset-unknown", where, ""});
    if (r.replacements) defects.push_back({"header.undecodable", where, "bytes replaced by U+FFFD"});

    std::vector<Address>* addresses = nullptr;
    if (ascii_iequals(name, "from"))
      addresses = &envelope.from;
    else if (ascii_iequals(name, "sender"))
      addresses = &envelope.sender;
    else if (ascii_iequals(name, "reply-to"))
      addresses = &envelope.reply_to;
    else if (ascii_iequals(name, "to"))
      addresses = &envelope.to;
    else if (ascii_iequals(name, "cc"))
      addresses = &envelope.cc;
    else if (ascii_iequals(name, "bcc"))
      addresses = &envelope.bcc;
    if (addresses != nullptr) {
      for (Address& a : parse_address_list(unfolded, header_text)) addresses->push_back(std::move(a));
    } else if (ascii_iequals(name, "subject") && !have_subject) {
      envelope.subject = header.value;
      have_subject = true;
    } else if (ascii_iequals(name, "message-id") && !have_id) {
      std::string id = header.value;
      std::size_t lt = id.find('<');
      std::size_t gt = id.find('>', lt == std::string::npos ? 0 : lt);
      if (lt != std::string::npos && gt != std::string::npos) id = id.substr(lt + 1, gt - lt - 1);
      envelope.message_id = id;
      have_id = true;
    } else if (ascii_iequals(name, "date") && !have_date) {
      have_date = true;
      GDateTime* dt = g_mime_utils_header_decode_date(unfolded.c_str());
      if (dt != nullptr) {
        gchar* iso = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%S%:z");
        if (iso != nullptr) envelope.date = iso;
        g_free(iso);
        envelope.date_unix = g_date_time_to_unix(dt);
        g_date_time_unref(dt);
      } else {
        defects.push_back({"header.date-unparseable", where, header.value.substr(0, 200)});
      }
    }
    envelope.headers.push_back(std::move(header));
  }
}

// Text outside any part (preamble, epilogue, text after base64, what GMime
// was not given): no declared charset, so sniffed.
void MessageDecoder::Impl::add_prologue_part(std::string_view bytes, const std::string& path, Message& message) {
  if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) return;
  Part part;
  part.path = path;
  part.content_type = "text/plain";
  part.is_text = true;
  part.bytes = bytes.size();
  TextDecodeResult r = charsets.decode(bytes, "", part.text);
  part.decoded_charset = r.charset;
  part.decode_chain = r.charset;
  normalize_newlines(part.text);
  message.parts.push_back(std::move(part));
}

void MessageDecoder::Impl::decode_leaf(GMimeObject* object, const std::string& path, Message& message) {
  Part part;
  part.path = path;
  GMimeContentType* ct = g_mime_object_get_content_type(object);
  const char* media = ct != nullptr ? g_mime_content_type_get_media_type(ct) : nullptr;
  const char* subtype = ct != nullptr ? g_mime_content_type_get_media_subtype(ct) : nullptr;
  part.content_type = ascii_lower(std::string(media ? media : "text") + "/" + (subtype ? subtype : "plain"));

  std::string type_raw = raw_header(object, "Content-Type");
  ContentField type_field = parse_content_field(type_raw, header_text, charsets);
  std::size_t slash = type_field.value.find('/');
  if (!type_raw.empty() && (slash == std::string::npos || slash == 0 || slash + 1 == type_field.value.size())) {
    // RFC 2045 5.2: a Content-Type that does not parse means text/plain
    // (GMime assumes application/octet-stream, which would go unread).
    part.content_type = "text/plain";
  }
  ContentField disposition = parse_content_field(raw_header(object, "Content-Disposition"), header_text, charsets);
  part.charset = normalize_charset_label(type_field.param("charset"));
  part.disposition = disposition.value;
  part.filename = disposition.param("filename");
  if (part.filename.empty()) part.filename = type_field.param("name");
  std::string cte_raw = raw_header(object, "Content-Transfer-Encoding");
  part.transfer_encoding = ascii_lower(cte_raw);
  TransferLabel cte = classify_transfer_encoding(cte_raw);
  if (cte.unknown) message.defects.push_back({"cte.unknown", path, cte_raw});

  std::string_view encoded;
  if (GMIME_IS_PART(object)) {
    GMimeDataWrapper* wrapper = g_mime_part_get_content(GMIME_PART(object));
    if (wrapper != nullptr) encoded = stream_bytes(g_mime_data_wrapper_get_stream(wrapper), scratch);
  }
  std::string trailer;  // a copy: reading an attached message reuses `scratch`
  if (cte.encoding == TransferEncoding::kBase64) {
    Base64Extent extent = find_base64_extent(encoded);
    if (!extent.plausible) {
      message.defects.push_back({"cte.not-base64", path, "labelled base64, read as it is"});
      cte.encoding = TransferEncoding::kIdentity;
    } else if (extent.end < encoded.size()) {
      trailer.assign(encoded.substr(extent.end));
      encoded = encoded.substr(0, extent.end);
      message.defects.push_back(
          {"cte.text-after-base64", path, "text after the base64 data kept as " + path + "#trailer"});
    }
  }

  std::size_t keep = std::min(options.limits.max_part_bytes, budget);
  part.is_text = is_textual(part.content_type);
  // An attachment's bytes are decoded when there is text to read in them
  // (an office document, an archive, a CSV), or to tell by its first bytes
  // what an application/octet-stream is.
  std::string kind = part.is_text ? "" : attachment_kind(part.content_type, part.filename, "");
  bool generic = part.content_type == "application/octet-stream" || part.content_type == "application/unknown" ||
                 part.content_type == "application/x-unknown";
  bool read_attachment = options.extract_attachments && !part.is_text && (extractable_kind(kind) || generic);
  std::string decoded, attachment;
  std::string_view attachment_bytes;
  TransferResult tr;
  if (part.is_text) {
    tr = transfer_decode(encoded, cte.encoding, keep, &decoded);
  } else if (read_attachment && !options.keep_attachment_content && cte.encoding == TransferEncoding::kIdentity &&
             encoded.data() != scratch.data()) {
    // 8bit and binary attachments are read where they lie, not copied.
    tr = transfer_decode(encoded, cte.encoding, keep, nullptr);
    attachment_bytes = encoded.substr(0, keep);
  } else if (read_attachment || options.keep_attachment_content) {
    tr = transfer_decode(encoded, cte.encoding, keep, &attachment);
    attachment_bytes = attachment;
  } else {
    tr = transfer_decode(encoded, cte.encoding, keep, nullptr);
  }
  part.bytes = tr.decoded_size;
  if (part.is_text || read_attachment || options.keep_attachment_content) {
    budget -= std::min(budget, std::min<std::uint64_t>(tr.decoded_size, keep));
    if (tr.truncated) {
      message.defects.push_back(
          {keep < options.limits.max_part_bytes ? "message.decoded-limit" : "part.truncated-at-limit", path,
           "kept " + std::to_string(keep) + " of " + std::to_string(tr.decoded_size) + " decoded bytes"});
    }
  }
  std::string chain;
  if (cte.encoding == TransferEncoding::kBase64) chain = "base64/";
  if (cte.encoding == TransferEncoding::kQuotedPrintable) chain = "quoted-printable/";
  if (cte.encoding == TransferEncoding::kUuencode) chain = "uuencode/";

  std::vector<Part> embedded;
  if (part.is_text && part.content_type != "text/html") {
    embedded = extract_inline_binaries(decoded, part, chain);
  }
  if (part.is_text) {
    bool html = part.content_type == "text/html";
    std::string label = part.charset;
    if (label.empty() && html) label = normalize_charset_label(html_meta_charset(decoded));
    std::string utf8;
    TextDecodeResult r = charsets.decode(decoded, label, utf8);
    part.decoded_charset = r.charset;
    if (r.label_unknown) message.defects.push_back({"charset.unknown", path, part.charset});
    if (r.sniffed && !r.label_unknown) {
      message.defects.push_back({"charset.sniffed", path, "declared '" + label + "', decoded as " + r.charset});
    }
    if (r.replacements > 0) {
      message.defects.push_back({"charset.undecodable", path, std::to_string(r.replacements) + " sequences"});
    }
    if (html && options.render_html) {
      html_to_text(utf8, part.text);
    } else {
      part.text = std::move(utf8);
    }
    normalize_newlines(part.text);
    if (folded_content_type(part.content_type, part.filename)) unfold_content_lines(part.text);
    part.decode_chain = chain + r.charset + (html && options.render_html ? "/html" : "");
    if (options.extract_attachments && (part.disposition == "attachment" || !part.filename.empty())) {
      message.attachments.push_back({part.path, part.filename, "text", true, "", ""});  // an attached CSV, a .txt
    }
  } else {
    part.decode_chain = chain.empty() ? "identity" : chain.substr(0, chain.size() - 1);
    // A childless multipart kept as a leaf is structure, not an attachment.
    bool structure = part.content_type.rfind("multipart/", 0) == 0;
    if (options.extract_attachments && !structure) {
      // Archives and attached messages come back here: time the outermost only.
      auto start = std::chrono::steady_clock::now();
      ++extracting;
      extractor.extract(part, attachment_bytes, message, embedded);
      if (--extracting == 0) {
        extract_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      }
    }
    if (options.keep_attachment_content) part.content = std::move(attachment);
  }
  message.parts.push_back(std::move(part));
  for (Part& e : embedded) message.parts.push_back(std::move(e));
  if (!trailer.empty()) add_prologue_part(trailer, path + "#trailer", message);
}

// uuencoded and yEnc files inside a text body become parts PATH#uu1,
// PATH#yenc1, ... and leave the text.
std::vector<Part> MessageDecoder::Impl::extract_inline_binaries(std::string& decoded, const Part& text_part,
                                                                const std::string& chain) {
  std::vector<Part> parts;
  if (decoded.find("begin ") == std::string::npos) return parts;
  std::vector<InlineBinary> blocks = find_inline_binaries(decoded);
  int uu = 0, yenc = 0;
  for (const InlineBinary& block : blocks) {
    bool is_uu = block.kind == InlineBinary::Kind::kUuencode;
    Part p;
    p.path = text_part.path + (is_uu ? "#uu" + std::to_string(++uu) : "#yenc" + std::to_string(++yenc));
    p.content_type = "application/octet-stream";
    p.filename = block.filename;
    p.disposition = "attachment";
    p.decode_chain = chain + (is_uu ? "uuencode" : "yenc");
    p.bytes = decode_inline_binary(decoded, block, options.limits.max_part_bytes,
                                   options.keep_attachment_content ? &p.content : nullptr);
    parts.push_back(std::move(p));
  }
  for (auto it = blocks.rbegin(); it != blocks.rend(); ++it) decoded.erase(it->begin, it->end - it->begin);
  return parts;
}

// A message is read as one MIME entity first: its header list holds every
// header and it is its own body. GMime's message object also parses and
// decodes every address header (this decoder reads them itself): a third
// of the parse time on generated mail. Read that way, GMime warns of every
// repeated top-level header where for a message it warns only of the RFC
// 5322 single ones and the Content- ones, in that order; those warnings
// are taken the message's way. Any other warning (or none parsed) means
// the mail is damaged, and it is parsed again as a message, so that
// damaged mail is read exactly as GMime reads messages.
GObjectRef<GMimeObject> MessageDecoder::Impl::parse(std::string_view bytes) {
  auto construct = [&](bool as_message) {
    warnings.clear();
    GObjectRef<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
    GObjectRef<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
    g_mime_parser_set_persist_stream(parser.get(), TRUE);
    if (as_message) {
      return GObjectRef<GMimeObject>(GMIME_OBJECT(g_mime_parser_construct_message(parser.get(), parser_options)));
    }
    return GObjectRef<GMimeObject>(g_mime_parser_construct_part(parser.get(), parser_options));
  };
  GObjectRef<GMimeObject> entity = construct(false);
  if (entity && take_top_level_warnings(bytes)) return entity;
  return construct(true);
}

bool MessageDecoder::Impl::take_top_level_warnings(std::string_view bytes) {
  if (warnings.empty()) return true;
  static constexpr std::string_view kSingle[] = {
      "bcc", "cc", "date", "from", "in-reply-to", "message-id", "references", "reply-to", "sender", "subject", "to"};
  std::size_t header_end = std::min(bytes.find("\n\n"), bytes.find("\n\r\n"));
  for (const Warning& w : warnings) {
    bool repeated = w.code == GMIME_CRIT_CONFLICTING_HEADER || w.code == GMIME_WARN_DUPLICATED_HEADER;
    if (!repeated || w.offset < 0 || static_cast<std::size_t>(w.offset) >= header_end) return false;
  }
  auto is_content = [](const Warning& w) {
    return w.item.size() >= 8 && ascii_iequals(std::string_view(w.item).substr(0, 8), "content-");
  };
  std::erase_if(warnings, [&](const Warning& w) {
    return !is_content(w) && std::none_of(std::begin(kSingle), std::end(kSingle),
                                          [&](std::string_view name) { return ascii_iequals(w.item, name); });
  });
  std::stable_partition(warnings.begin(), warnings.end(), [&](const Warning& w) { return !is_content(w); });
  return true;
}

// Parses, and while GMime reports header lines it could not read, ends those
// header blocks with a blank line and parses again (a few rounds at most).
// GMime warns once per line of some damage; a few of each kind tell the
// analyst what happened, the rest is counted.
void MessageDecoder::Impl::record_warnings(std::vector<Defect>& defects, const std::string& where_prefix) {
  constexpr std::size_t kKeepPerKind = 5;
  std::map<std::string, std::size_t> seen;
  for (const Warning& w : warnings) {
    const char* kind = warning_kind(w.code);
    if (++seen[kind] <= kKeepPerKind)
      defects.push_back({kind, where_prefix + "offset " + std::to_string(w.offset), w.item});
  }
  for (const auto& [kind, count] : seen) {
    if (count > kKeepPerKind) {
      defects.push_back({kind, where_prefix.empty() ? "message" : where_prefix.substr(0, where_prefix.size() - 1),
                         std::to_string(count - kKeepPerKind) + " more like the above"});
    }
  }
  warnings.clear();
}

std::string_view MessageDecoder::Impl::repair_headers(const RawMessage& raw, std::string& repaired,
                                                      GObjectRef<GMimeObject>& message, std::string_view& overflow,
                                                      std::vector<Defect>& defects) {
  constexpr int kMaxRounds = 8;
  std::string_view bytes = raw.bytes;
  std::size_t header_end = bytes.find("\n\n");
  if (header_end == std::string_view::npos || header_end > options.limits.max_header_bytes) {
    std::size_t crlf_end = bytes.find("\r\n\r\n");
    header_end = std::min(header_end, crlf_end);
  }
  if (header_end == std::string_view::npos || header_end > options.limits.max_header_bytes) {
    repaired.assign(bytes);
    if (std::size_t cut = cut_long_header_fields(repaired, options.limits.max_header_bytes)) {
      defects.push_back({"header.truncated-at-limit", "message",
                         std::to_string(cut) + " header field(s) cut to " +
                             std::to_string(options.limits.max_header_bytes) + " bytes before parsing"});
      bytes = repaired;
    } else {
      repaired.clear();
    }
  }
  if (bytes.find('\n') == std::string_view::npos && bytes.find('\r') != std::string_view::npos) {
    // Classic Mac OS line endings: GMime needs LF to see lines at all.
    if (bytes.data() != repaired.data()) repaired.assign(bytes);
    std::replace(repaired.begin(), repaired.end(), '\r', '\n');
    bytes = repaired;
    defects.push_back({"message.cr-line-endings", "message", "CR-only line endings read as LF"});
  }
  auto record = [&](const HeaderBlockEnd& end) {
    std::string_view line = bytes.substr(end.position, 60);
    line = line.substr(0, line.find('\n'));
    defects.push_back({"mime.missing-header-separator", "offset " + std::to_string(end.position),
                       end.drop > 0      ? "white space before the first header dropped"
                       : end.replace > 0 ? "white space instead of a blank line"
                                         : "blank line inserted before: " + std::string(line)});
  };
  if (std::vector<std::size_t> ignored = conflicting_content_types(bytes); !ignored.empty()) {
    if (bytes.data() != repaired.data()) repaired.assign(bytes);
    for (std::size_t offset : ignored) {
      rename_content_type(repaired, offset);
      defects.push_back({"mime.conflicting-content-type", "offset " + std::to_string(offset), "field ignored"});
    }
    bytes = repaired;
  }
  for (int fix = 0; fix < 4; ++fix) {  // e.g. a blank line, then an indented first header
    auto end = find_broken_header_end(bytes, 0);
    if (!end) break;
    record(*end);
    if (bytes.data() != repaired.data()) repaired.assign(bytes);
    repair_header_end(repaired, *end);
    bytes = repaired;
  }
  std::size_t budget_end = boundary_budget_end(bytes, options.limits.max_parts);
  if (budget_end != std::string_view::npos) {
    overflow = bytes.substr(budget_end);
    bytes = bytes.substr(0, budget_end);
    defects.push_back({"mime.parts-limit", "offset " + std::to_string(budget_end),
                       "more boundary lines than the parts limit allows; the rest is read as plain text (#unparsed)"});
  }
  for (int round = 0;; ++round) {
    message = parse(bytes);
    if (round == kMaxRounds || !message) break;
    // GMime's offsets are not always the start of the header block; fixing
    // the first broken block and parsing again keeps a fix from landing
    // inside text an earlier fix already turned into a body.
    std::optional<HeaderBlockEnd> first_fix;
    for (const Warning& w : warnings) {
      if (w.code != GMIME_CRIT_INVALID_HEADER_NAME || w.offset < 0) continue;
      auto end = find_broken_header_end(bytes, static_cast<std::size_t>(w.offset));
      if (end && (!first_fix || end->position < first_fix->position)) first_fix = end;
    }
    if (!first_fix) break;
    if (bytes.data() != repaired.data()) repaired.assign(bytes);
    record(*first_fix);
    repair_header_end(repaired, *first_fix);
    bytes = repaired;
  }
  return bytes;
}

void MessageDecoder::Impl::decode(const RawMessage& raw, Message& out) {
  out = Message{};
  out.input = raw.input;
  out.index = raw.index;
  out.offset = raw.offset;
  out.raw_bytes = raw.bytes.size();
  out.defects = raw.defects;

  std::string repaired;
  GObjectRef<GMimeObject> message;
  std::string_view overflow;
  std::string_view bytes = repair_headers(raw, repaired, message, overflow, out.defects);
  record_warnings(out.defects);
  if (!message) {
    out.defects.push_back({"mime.not-a-message", "message", "GMime could not parse a message"});
    add_prologue_part(bytes, "root", out);
    return;
  }
  GMimeObject* body = body_of(message.get());
  header_text.set_fallback_charset(body != nullptr ? body_charset(body) : std::string());
  read_envelope(message.get(), out.envelope, out.defects, "");
  budget = options.limits.max_message_decoded_bytes;
  leaves = 0;
  parts_limit_hit = false;
  enclosed_depth = 0;
  if (body != nullptr) walk(body, "root", 0, out);
  if (!overflow.empty()) {
    add_prologue_part(overflow.substr(0, std::min(overflow.size(), budget)), "#unparsed", out);
  }
  enclosed_parses.clear();
}

// An attached .eml (as application/octet-stream, in a zip, in a TNEF) is a
// message enclosed like message/rfc822: its envelope and parts are read
// under the attachment's path, for the persons and the rules alike.
void MessageDecoder::Impl::read_enclosed(const Part& container, std::string_view bytes, Message& message,
                                         std::vector<Part>& parts) {
  if (enclosed_depth >= options.limits.max_attached_message_depth) {
    message.defects.push_back({"mime.depth-limit", container.path,
                               "attached messages nested deeper than " +
                                   std::to_string(options.limits.max_attached_message_depth) + "; not read"});
    return;
  }
  std::vector<Warning> outer_warnings = std::move(warnings);
  GObjectRef<GMimeObject> inner = parse(bytes);
  Message enclosed_out;
  std::string prefix = container.path + ":";
  record_warnings(enclosed_out.defects, prefix);
  warnings = std::move(outer_warnings);
  if (!inner) {
    message.defects.push_back({"mime.not-a-message", container.path, "the attached message could not be parsed"});
    return;
  }
  EnclosedMessage enclosed;
  enclosed.path = container.path;
  read_envelope(inner.get(), enclosed.envelope, enclosed_out.defects, prefix);
  enclosed_out.enclosed.push_back(std::move(enclosed));
  ++enclosed_depth;
  if (GMimeObject* body = body_of(inner.get())) walk(body, container.path + ".1", 0, enclosed_out);
  --enclosed_depth;
  for (Part& p : enclosed_out.parts) parts.push_back(std::move(p));
  for (Defect& d : enclosed_out.defects) message.defects.push_back(std::move(d));
  for (EnclosedMessage& e : enclosed_out.enclosed) message.enclosed.push_back(std::move(e));
  for (AttachmentStatus& a : enclosed_out.attachments) message.attachments.push_back(std::move(a));
}

void MessageDecoder::Impl::walk(GMimeObject* root, const std::string& root_path, int root_depth, Message& out) {
  struct Frame {
    GMimeObject* object;  // null for an epilogue
    std::string path;
    int depth;
    const char* epilogue = nullptr;
  };
  std::vector<Frame> stack;
  stack.push_back({root, root_path, root_depth});
  while (!stack.empty()) {
    Frame frame = std::move(stack.back());
    stack.pop_back();
    if (frame.depth > options.limits.max_depth) {
      out.defects.push_back(
          {"mime.depth-limit", frame.path, "nesting deeper than " + std::to_string(options.limits.max_depth)});
      continue;
    }
    GMimeObject* object = frame.object;
    if (GMIME_IS_MULTIPART(object)) {
      GMimeMultipart* multipart = GMIME_MULTIPART(object);
      int count = g_mime_multipart_get_count(multipart);
      std::string prefix = child_prefix(frame.path);
      // Preamble first, children in order, epilogue last: push in reverse.
      if (const char* epilogue = g_mime_multipart_get_epilogue(multipart)) {
        stack.push_back({nullptr, frame.path + "#epilogue", frame.depth, epilogue});
      }
      for (int i = count - 1; i >= 0; --i) {
        stack.push_back({g_mime_multipart_get_part(multipart, i), prefix + std::to_string(i + 1), frame.depth + 1});
      }
      const char* prologue = g_mime_multipart_get_prologue(multipart);
      if (prologue != nullptr) add_prologue_part(prologue, frame.path + "#preamble", out);
      if (count == 0) {
        decode_leaf(object, frame.path, out);  // keeps its type in the part list
        ++leaves;
      }
      continue;
    }
    if (object == nullptr) {
      if (frame.epilogue != nullptr) add_prologue_part(frame.epilogue, frame.path, out);
      continue;
    }
    // An enclosed message: a GMime message when GMime parsed the
    // message/rfc822, one entity when it was parsed here (body_of tells).
    GMimeObject* inner = nullptr;
    if (GMIME_IS_MESSAGE_PART(object)) {
      inner = GMIME_OBJECT(g_mime_message_part_get_message(GMIME_MESSAGE_PART(object)));
    } else if (GMIME_IS_PART(object) && is_encoded_message(object)) {
      inner = parse_encoded_message(object, enclosed_parses);
      if (inner == nullptr) {
        decode_leaf(object, frame.path, out);
        continue;
      }
      GMimeContentType* ct = g_mime_object_get_content_type(object);
      if (!g_mime_content_type_is_type(ct, "message", "partial")) {
        // RFC 2046 allows no transfer encoding on message/rfc822.
        out.defects.push_back({"mime.encoded-message", frame.path, "transfer-encoded message/rfc822, decoded"});
      }
    }
    if (inner != nullptr || GMIME_IS_MESSAGE_PART(object)) {
      if (inner != nullptr) {
        EnclosedMessage enclosed;
        enclosed.path = frame.path;
        read_envelope(inner, enclosed.envelope, out.defects, frame.path + ":");
        out.enclosed.push_back(std::move(enclosed));
        if (GMimeObject* body = body_of(inner))
          stack.push_back({body, child_prefix(frame.path) + "1", frame.depth + 1});
      }
      continue;
    }
    if (++leaves > options.limits.max_parts) {
      if (!parts_limit_hit) {
        out.defects.push_back({"mime.parts-limit", frame.path,
                               "more than " + std::to_string(options.limits.max_parts) + " parts; the rest skipped"});
      }
      parts_limit_hit = true;
      continue;
    }
    decode_leaf(object, frame.path, out);
  }
}

MessageDecoder::MessageDecoder(DecodeOptions options) : impl_(std::make_unique<Impl>(options)) {}
MessageDecoder::~MessageDecoder() = default;

void MessageDecoder::decode(const RawMessage& raw, Message& out) { impl_->decode(raw, out); }

double MessageDecoder::extract_seconds() const { return impl_->extract_seconds; }

}  // namespace leakscan
