#include "extract/extractor.h"

#include "extract/face_detector.h"
#include "extract/heif_reader.h"
#include "extract/image.h"
#include "extract/legacy_office.h"
#include "extract/mrz.h"
#include "extract/ocr.h"
#include "extract/office.h"
#include "extract/ole_file.h"
#include "extract/outlook_msg.h"
#include "extract/pdf.h"
#include "extract/rtf.h"
#include "extract/tnef.h"
#include "extract/zip_archive.h"
#include "mime/charset.h"
#include "util/ascii.h"
#include "util/content_folding.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace leakscan {

namespace {

bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

std::string extension_of(std::string_view filename) {
  std::size_t dot = filename.rfind('.');
  std::size_t slash = filename.find_last_of("/\\");
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return "";
  return ascii_lower(filename.substr(dot + 1));
}

std::string basename_of(std::string_view path) {
  std::size_t slash = path.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

bool has_prefix(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::string_view text_type_of(std::string_view extension) {
  if (extension == "csv") return "text/csv";
  if (extension == "tsv" || extension == "tab") return "text/tab-separated-values";
  if (extension == "vcf") return "text/vcard";
  if (extension == "ics") return "text/calendar";
  return "text/plain";
}

// The envelope an Outlook item's properties give, for the records of who
// wrote it to whom.
Envelope mapi_envelope(const MapiMessage& mapi) {
  Envelope envelope;
  envelope.subject = mapi.subject;
  if (!mapi.sender.name.empty() || !mapi.sender.address.empty()) envelope.from.push_back(mapi.sender);
  envelope.to = mapi.to;
  envelope.cc = mapi.cc;
  return envelope;
}

// A nameless octet-stream that starts as mail headers do is a message.
bool looks_like_message(std::string_view head) {
  std::string lower = ascii_lower(head);
  for (std::string_view field : {"return-path:", "received:", "from:", "message-id:", "mime-version:", "delivered-to:",
                                 "date:", "subject:", "x-mozilla-status"}) {
    if (has_prefix(lower, field)) return true;
  }
  return false;
}

}  // namespace

std::string attachment_kind(std::string_view content_type, std::string_view filename, std::string_view head) {
  std::string ext = extension_of(filename);
  std::string type = ascii_lower(content_type);
  auto by_extension = [&](std::initializer_list<const char*> list) {
    return std::any_of(list.begin(), list.end(), [&](const char* e) { return ext == e; });
  };
  // Office documents are zip archives: by their magic, or, before the bytes
  // are decoded, by their names and types (a name says more than a type:
  // .xlsx files travel as application/vnd.ms-excel).
  bool zip_magic = has_prefix(head, "PK\x03\x04") || has_prefix(head, "PK\x05\x06");
  bool zip_named = head.empty() &&
                   (by_extension({"docx", "docm", "dotx", "dotm", "xlsx", "xlsm", "xltx", "xltm", "pptx", "pptm",
                                  "ppsx", "odt", "ott", "ods", "ots", "odp", "otp"}) ||
                    type.find("openxmlformats") != std::string::npos || type.find("opendocument") != std::string::npos);
  if (zip_magic || zip_named) {
    if (by_extension({"docx", "docm", "dotx", "dotm"}) || type.find("wordprocessingml") != std::string::npos)
      return "docx";
    if (by_extension({"xlsx", "xlsm", "xltx", "xltm"}) || type.find("spreadsheetml") != std::string::npos)
      return "xlsx";
    if (by_extension({"pptx", "pptm", "ppsx"}) || type.find("presentationml") != std::string::npos) return "pptx";
    if (by_extension({"odt", "ott"}) || type.find("opendocument.text") != std::string::npos) return "odt";
    if (by_extension({"ods", "ots"}) || type.find("opendocument.spreadsheet") != std::string::npos) return "ods";
    if (by_extension({"odp", "otp"}) || type.find("opendocument.presentation") != std::string::npos) return "odp";
    return "zip";
  }
  if (has_prefix(head, "\x1f\x8b")) return "gzip";
  if (has_prefix(head, "%PDF")) return "pdf";
  if (has_prefix(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
    if (by_extension({"xls", "xlt"})) return "xls";
    if (by_extension({"ppt", "pps"})) return "ppt";
    if (by_extension({"msg"})) return "msg";
    return "doc";
  }
  if (has_prefix(head, "\x78\x9f\x3e\x22") || ascii_lower(filename) == "winmail.dat" || type == "application/ms-tnef" ||
      type == "application/vnd.ms-tnef") {
    return "tnef";
  }
  if (has_prefix(head, "{\\rtf")) return "rtf";
  if (has_prefix(head, "\xFF\xD8\xFF") || has_prefix(head, "\x89PNG") || has_prefix(head, "GIF8") ||
      has_prefix(head, "II*") || has_prefix(head, "MM\x00*") || (head.size() >= 12 && head.substr(4, 4) == "ftyp") ||
      type.rfind("image/", 0) == 0 ||
      by_extension({"jpg", "jpeg", "png", "gif", "tif", "tiff", "bmp", "heic", "heif", "webp"})) {
    return "image";
  }
  // A name says more than a type (an .rtf is often sent as application/msword).
  if (by_extension({"csv", "tsv", "tab", "txt", "text", "vcf", "ics", "log", "md"})) return "text";
  if (by_extension({"eml"})) return "message";
  if (by_extension({"pdf"})) return "pdf";
  if (by_extension({"rtf"})) return "rtf";
  if (by_extension({"doc", "dot"})) return "doc";
  if (by_extension({"xls", "xlt"})) return "xls";
  if (by_extension({"ppt", "pps"})) return "ppt";
  if (by_extension({"msg"})) return "msg";
  if (by_extension({"zip"})) return "zip";
  if (by_extension({"gz", "tgz"})) return "gzip";
  if (type == "message/rfc822" || type == "message/global" || looks_like_message(head)) return "message";
  if (type == "application/pdf") return "pdf";
  if (type == "application/rtf" || type == "text/rtf" || type == "application/x-rtf") return "rtf";
  if (type == "application/msword") return "doc";
  if (type == "application/vnd.ms-excel") return "xls";
  if (type == "application/vnd.ms-powerpoint") return "ppt";
  if (type == "application/vnd.ms-outlook") return "msg";
  if (type == "application/zip" || type == "application/x-zip-compressed") return "zip";
  if (type == "application/gzip" || type == "application/x-gzip") return "gzip";
  return "";
}

bool extractable_kind(std::string_view kind) {
  static constexpr std::string_view kReadable[] = {"docx",    "xlsx", "pptx", "odt", "ods",  "odp",
                                                   "zip",     "gzip", "text", "pdf", "tnef", "rtf",
                                                   "message", "doc",  "xls",  "ppt", "msg",  "image"};
  return std::find(std::begin(kReadable), std::end(kReadable), kind) != std::end(kReadable);
}

struct AttachmentExtractor::Budget {
  std::size_t entries = 0;
  std::uint64_t unpacked = 0;
  bool entries_hit = false, unpacked_hit = false;
};

AttachmentExtractor::AttachmentExtractor(const DecodeOptions& options, CharsetDecoder& charsets,
                                         EnclosedMessageReader* messages)
    : limits_(options.limits), options_(options), charsets_(charsets), messages_(messages) {}

AttachmentExtractor::~AttachmentExtractor() = default;

PictureSupport picture_support(const DecodeOptions& options) {
  PictureSupport support;
  std::string model = options.face_model.empty() ? FaceDetector::default_model() : options.face_model;
  if (!FaceDetector::open(model, support.faces_missing)) {
    if (support.faces_missing.empty()) support.faces_missing = "unavailable";
  }
  if (!OcrEngine::open(options.ocr_languages, support.ocr_missing)) {
    if (support.ocr_missing.empty()) support.ocr_missing = "unavailable";
  }
  if (!heif_built_in()) support.heif_missing = "built without libheif";
  return support;
}

FaceDetector* AttachmentExtractor::face_detector(Message& message, const std::string& where) {
  if (!options_.detect_faces || !FaceDetector::built_in()) return nullptr;
  if (!faces_tried_) {
    faces_tried_ = true;
    std::string model = options_.face_model.empty() ? FaceDetector::default_model() : options_.face_model;
    faces_ = FaceDetector::open(model, faces_error_);
  }
  if (!faces_) message.defects.push_back({"image.faces-unavailable", where, faces_error_});
  return faces_.get();
}

OcrEngine* AttachmentExtractor::ocr_engine(Message& message, const std::string& where) {
  if (!options_.ocr) return nullptr;
  if (!ocr_tried_) {
    ocr_tried_ = true;
    ocr_ = OcrEngine::open(options_.ocr_languages, ocr_error_);
  }
  if (!ocr_) message.defects.push_back({"ocr.unavailable", where, ocr_error_});
  return ocr_.get();
}

namespace {

bool names_a_passport(std::string_view text) {
  if (text.find("旅券") != std::string_view::npos || text.find("パスポート") != std::string_view::npos) return true;
  return ascii_lower(text).find("passport") != std::string::npos;
}

// A zone gives fields when its document number or birth date passed its check.
bool zone_validated(const MachineReadableZone& zone) {
  return !zone.document_number.empty() || !zone.birth_date.empty();
}

bool any_zone_validated(const std::vector<MachineReadableZone>& zones) {
  return std::any_of(zones.begin(), zones.end(), zone_validated);
}

}  // namespace

// A picture: its header and EXIF always; its faces when OpenCV is built
// in; its text, and a passport's machine-readable zone, with OCR. The
// facts line is what the image rules read (detect/engine.cc).
void AttachmentExtractor::read_image(const Part& image, std::string_view bytes, Message& message,
                                     std::vector<Part>& parts, AttachmentStatus& status) {
  ImageFacts facts = probe_image(bytes);
  if (facts.format.empty()) {
    message.defects.push_back({"image.corrupt", image.path, "not a picture in any format leakscan knows"});
    status.reason = "corrupt";
    return;
  }
  status.facts = facts.format;
  // Without libheif a HEIF is known by its header only (its size is inside its boxes).
  bool heif_unread = facts.format == "heif" && !heif_built_in();
  if (!heif_unread && (facts.width == 0 || facts.height == 0)) {
    message.defects.push_back({"image.corrupt", image.path,
                               facts.undecodable.empty() ? facts.format + " without a size in its header"
                                                         : facts.format + ": " + facts.undecodable});
    status.reason = "corrupt";
    return;
  }
  status.read = true;
  if (!heif_unread) status.facts += " " + std::to_string(facts.width) + "x" + std::to_string(facts.height);
  if (facts.exif_damaged) message.defects.push_back({"image.exif-damaged", image.path, "EXIF block partly read"});
  if (!facts.exif.empty()) status.facts += " exif=yes";
  if (std::string exif = exif_person_text(facts, charsets_); !exif.empty()) {
    add_text_part(image, image.path + "#exif", std::move(exif), "/exif", parts);
    parts.back().spans.push_back({0, "EXIF"});
  }
  if (heif_unread) return;
  // Decoding pixels needs a size within the budget.
  if (static_cast<std::uint64_t>(facts.width) * facts.height > limits_.max_image_pixels) {
    message.defects.push_back(
        {"image.too-large", image.path,
         std::to_string(facts.width) + "x" + std::to_string(facts.height) + " pixels; faces and text not examined"});
    return;
  }
  if (!facts.undecodable.empty()) {
    message.defects.push_back({"image.corrupt", image.path, facts.undecodable + "; faces and text not examined"});
    status.read = false;
    status.reason = "corrupt";
    return;
  }
  if (FaceDetector* detector = face_detector(message, image.path)) {
    std::optional<FaceCount> faces = detector->detect(bytes);
    if (!faces) {
      message.defects.push_back({"image.corrupt", image.path, "the picture cannot be decoded"});
      status.read = false;
      status.reason = "corrupt";
      return;
    }
    status.facts += " faces=" + std::to_string(faces->faces);
    if (faces->faces > 0) {
      status.facts += " face_share=" + std::to_string(std::lround(faces->largest_share * 100));
    }
  }
  OcrEngine* ocr = ocr_engine(message, image.path);
  if (ocr == nullptr) return;
  std::optional<std::string> text = ocr->recognize_image(bytes);
  if (!text) {
    message.defects.push_back({"image.corrupt", image.path, "the picture cannot be decoded for OCR"});
    return;
  }
  if (text->find_first_not_of(" \t\n\f") == std::string::npos) {
    ocr->forget_last_image();
    return;
  }
  // Fillers in the text, or a page that names itself a passport, say a zone
  // may be there; it is read again with the zone's own alphabet, and once
  // more with the light evened when that gave no zone whose check digits
  // agree (a phone photo's dark side).
  std::size_t fillers = std::count(text->begin(), text->end(), '<');
  bool zone_hint = fillers >= 5 || names_a_passport(*text);
  add_text_part(image, image.path + "#ocr", std::move(*text), "/ocr", parts);
  parts.back().spans.push_back({0, "OCR"});
  if (zone_hint) {
    std::vector<MachineReadableZone> zones;
    if (std::optional<std::string> zone_text = ocr->recognize_last_image_zone()) {
      zones = find_machine_readable_zones(*zone_text);
    }
    if (!any_zone_validated(zones)) {
      if (std::optional<std::string> evened = ocr->recognize_last_image_zone(true)) {
        std::vector<MachineReadableZone> second = find_machine_readable_zones(*evened);
        if (any_zone_validated(second) || zones.empty()) zones = std::move(second);
      }
    }
    add_machine_readable_zones(image, zones, message, parts, status);
  }
  ocr->forget_last_image();
}

// A passport's or a card's zone, as labelled fields its check digits
// confirm; the form rules read them.
void AttachmentExtractor::add_machine_readable_zones(const Part& from, const std::vector<MachineReadableZone>& zones,
                                                     Message& message, std::vector<Part>& parts,
                                                     AttachmentStatus& status) const {
  int n = 0;
  for (const MachineReadableZone& zone : zones) {
    if (!zone.failed_checks.empty()) {
      std::string failed;
      for (const std::string& f : zone.failed_checks) failed += (failed.empty() ? "" : ", ") + f;
      message.defects.push_back({"mrz.check-digit", from.path, zone.format + ": " + failed + " failed"});
    }
    if (!zone_validated(zone)) continue;
    status.facts += (status.facts.empty() ? "mrz=" : " mrz=") + zone.format;
    std::string path = from.path + "#mrz" + (n++ > 0 ? std::to_string(n) : "");
    add_text_part(from, path, machine_readable_zone_text(zone), "/ocr/mrz", parts);
    parts.back().spans.push_back({0, "MRZ " + zone.format});
  }
}

void AttachmentExtractor::extract(const Part& attachment, std::string_view bytes, Message& message,
                                  std::vector<Part>& parts) {
  Budget budget;
  std::string kind = attachment_kind(attachment.content_type, attachment.filename, bytes.substr(0, 16));
  extract_at(attachment, bytes, kind, 0, budget, message, parts);
}

void AttachmentExtractor::extract_at(const Part& attachment, std::string_view bytes, std::string_view kind, int depth,
                                     Budget& budget, Message& message, std::vector<Part>& parts) {
  AttachmentStatus status{attachment.path, attachment.filename, std::string(kind), false, "", ""};
  if (kind == "text") {
    read_text(attachment, bytes, parts, message);
    status.read = true;
  } else if (kind == "message" && messages_ != nullptr) {
    std::size_t before = parts.size();
    messages_->read_enclosed(attachment, bytes, message, parts);
    status.read = parts.size() > before;
    if (!status.read) status.reason = "corrupt";
  } else if (kind == "pdf") {
    OcrEngine* ocr = ocr_engine(message, attachment.path);
    PageRecognizer recognizer = [ocr](const std::uint8_t* pixels, int width, int height, int dpi) {
      return ocr->recognize_gray(pixels, width, height, dpi);
    };
    PdfText pdf =
        read_pdf(bytes, limits_.max_part_bytes, ocr != nullptr ? &recognizer : nullptr, limits_.max_image_pixels);
    if (pdf.locked) {
      message.defects.push_back({"pdf.encrypted", attachment.path, "needs a password; not read"});
      status.reason = "encrypted";
    } else if (pdf.unreadable) {
      message.defects.push_back({"pdf.corrupt", attachment.path, "poppler could not load it"});
      status.reason = "corrupt";
    } else if (pdf.text.empty()) {
      message.defects.push_back(
          {"pdf.no-text", attachment.path,
           std::to_string(pdf.pages) + (ocr != nullptr ? " pages without text, none recognized"
                                                       : " pages without text (scanned images: --ocr reads them)")});
      status.reason = "no text";
    } else {
      if (pdf.truncated) {
        message.defects.push_back({"part.truncated-at-limit", attachment.path + "#pdf",
                                   "text kept to " + std::to_string(limits_.max_part_bytes) + " bytes"});
      }
      if (pdf.pages_without_text > 0) {
        message.defects.push_back(
            {"pdf.no-text", attachment.path,
             std::to_string(pdf.pages_without_text) + " of " + std::to_string(pdf.pages) + " pages without text"});
      }
      Part text;
      text.path = attachment.path + "#pdf";
      text.origin = attachment.filename;
      text.content_type = "text/plain";
      text.is_text = true;
      text.bytes = pdf.text.size();
      text.text = std::move(pdf.text);
      text.spans = std::move(pdf.spans);
      text.decoded_charset = "utf-8";
      text.decode_chain = attachment.decode_chain + (pdf.pages_recognized > 0 ? "/pdf/ocr" : "/pdf");
      parts.push_back(std::move(text));
      status.read = true;
      if (pdf.pages_recognized > 0) {
        add_machine_readable_zones(attachment, find_machine_readable_zones(parts.back().text), message, parts, status);
      }
    }
  } else if (kind == "gzip") {
    if (depth >= limits_.max_archive_depth) {
      message.defects.push_back(
          {"archive.depth-limit", attachment.path,
           "more than " + std::to_string(limits_.max_archive_depth) + " archives deep; not read"});
      status.reason = "limit";
    } else {
      std::uint64_t room = limits_.max_archive_expansion - std::min(limits_.max_archive_expansion, budget.unpacked);
      std::string inflated;
      inflated.reserve(std::min<std::uint64_t>(room, bytes.size() * 4));
      z_stream z{};
      bool ok = inflateInit2(&z, 16 + MAX_WBITS) == Z_OK;
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
      z.avail_in = static_cast<uInt>(std::min<std::size_t>(bytes.size(), UINT32_MAX));
      char chunk[1 << 16];
      int rc = Z_OK;
      bool limited = false;
      while (ok && rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(chunk);
        z.avail_out = sizeof chunk;
        rc = inflate(&z, Z_NO_FLUSH);
        std::size_t got = sizeof chunk - z.avail_out;
        if (inflated.size() + got > room) {
          inflated.append(chunk, static_cast<std::size_t>(room - inflated.size()));
          limited = true;
          break;
        }
        inflated.append(chunk, got);
      }
      if (ok) inflateEnd(&z);
      budget.unpacked += inflated.size();
      if (limited) {
        message.defects.push_back(
            {"archive.expansion-limit", attachment.path,
             "unpacked more than " + std::to_string(limits_.max_archive_expansion) + " bytes; the rest not read"});
      } else if (rc != Z_STREAM_END) {
        message.defects.push_back({"archive.corrupt", attachment.path, "gzip stream damaged; read as far as it goes"});
      }
      Part inner;
      inner.path = attachment.path + "#gunzip";
      std::string name = attachment.filename;
      for (const char* suffix : {".gz", ".GZ", ".tgz"}) {
        if (ends_with(name, suffix)) name.resize(name.size() - std::string_view(suffix).size());
      }
      inner.filename = name;
      inner.content_type = "application/octet-stream";
      inner.disposition = "attachment";
      inner.decode_chain = attachment.decode_chain + "/gzip";
      inner.bytes = inflated.size();
      std::string inner_kind = attachment_kind("", inner.filename, std::string_view(inflated).substr(0, 16));
      parts.push_back(inner);
      extract_at(inner, inflated, inner_kind, depth + 1, budget, message, parts);
      status.read = !inflated.empty();
      if (!status.read) status.reason = "corrupt";
    }
  } else if (kind == "tnef") {
    read_tnef_attachment(attachment, bytes, depth, budget, message, parts, status);
  } else if (kind == "rtf") {
    RtfText rtf = rtf_to_text(bytes, charsets_, limits_.max_part_bytes);
    if (rtf.not_rtf) {
      message.defects.push_back({"rtf.corrupt", attachment.path, "does not start with {\\rtf"});
      status.reason = "corrupt";
    } else {
      if (rtf.truncated) {
        message.defects.push_back({"part.truncated-at-limit", attachment.path + "#rtf",
                                   "text kept to " + std::to_string(limits_.max_part_bytes) + " bytes"});
      }
      add_text_part(attachment, attachment.path + "#rtf", std::move(rtf.text), "/rtf", parts);
      status.read = true;
    }
  } else if (kind == "image") {
    read_image(attachment, bytes, message, parts, status);
  } else if (kind == "doc" || kind == "xls" || kind == "ppt" || kind == "msg") {
    read_compound_file(attachment, bytes, depth, budget, message, parts, status);
  } else if (kind == "zip" || kind == "docx" || kind == "xlsx" || kind == "pptx" || kind == "odt" || kind == "ods" ||
             kind == "odp") {
    read_archive(attachment, bytes, kind, depth, budget, message, parts, status);
  } else {
    // Formats that hold text leakscan cannot read yet are named, never
    // passed over in silence; images are judged by their names and
    // surroundings (the photo rules), not read.
    static constexpr std::string_view kTextual[] = {"message"};
    bool textual = std::find(std::begin(kTextual), std::end(kTextual), kind) != std::end(kTextual);
    status.reason = kind.empty() ? "no text" : textual ? "unsupported" : std::string(kind);
    if (textual) {
      message.defects.push_back({"attachment.unread", attachment.path,
                                 std::string(kind) + " is not read yet: " +
                                     (attachment.filename.empty() ? attachment.content_type : attachment.filename)});
    }
  }
  message.attachments.push_back(std::move(status));
}

void AttachmentExtractor::read_text(const Part& attachment, std::string_view bytes, std::vector<Part>& parts,
                                    Message& message) {
  Part text;
  text.path = attachment.path + "#text";
  text.origin = attachment.filename;
  text.content_type = std::string(text_type_of(extension_of(attachment.filename)));
  text.is_text = true;
  text.bytes = bytes.size();
  TextDecodeResult r = charsets_.decode(bytes, attachment.charset, text.text);
  if (r.replacements > 0) {
    message.defects.push_back({"charset.undecodable", text.path, std::to_string(r.replacements) + " sequences"});
  }
  std::string crlf_free;
  crlf_free.reserve(text.text.size());
  for (std::size_t i = 0; i < text.text.size(); ++i) {
    if (text.text[i] == '\r') {
      if (i + 1 < text.text.size() && text.text[i + 1] == '\n') continue;
      crlf_free.push_back('\n');
    } else {
      crlf_free.push_back(text.text[i]);
    }
  }
  text.text = std::move(crlf_free);
  if (folded_content_type(text.content_type, attachment.filename)) unfold_content_lines(text.text);
  text.decoded_charset = r.charset;
  text.decode_chain = attachment.decode_chain + "/" + r.charset;
  parts.push_back(std::move(text));
}

namespace {

// An archive's entries within the attachment's budget: the ratio and size
// limits are checked before an entry is read, and reading stops at the
// room that is left.
class BudgetedEntries final : public EntrySource {
 public:
  BudgetedEntries(ZipArchive& zip, const Limits& limits, std::uint64_t& unpacked, const std::string& where,
                  std::vector<Defect>& defects)
      : zip_(zip), limits_(limits), unpacked_(unpacked), where_(where), defects_(defects) {}

  std::vector<std::string> names() override {
    std::vector<std::string> out;
    for (const ZipEntry& e : zip_.entries()) out.push_back(e.name);
    return out;
  }

  bool read(const std::string& name, std::string& out) override {
    const ZipEntry* e = zip_.find(name);
    if (e == nullptr) return false;
    return read_entry(*e, out);
  }

  bool read_entry(const ZipEntry& e, std::string& out) {
    if (e.encrypted) {
      defects_.push_back({"archive.encrypted", where_ + "#" + e.name, "password-protected; not read"});
      encrypted = true;
      return false;
    }
    if (e.size > 0 && e.size / std::max<std::uint64_t>(e.compressed_size, 1) > limits_.max_compression_ratio) {
      defects_.push_back({"archive.ratio-limit", where_ + "#" + e.name,
                          std::to_string(e.size) + " bytes from " + std::to_string(e.compressed_size) + "; not read"});
      limited = true;
      return false;
    }
    std::uint64_t room = limits_.max_archive_expansion - std::min(limits_.max_archive_expansion, unpacked_);
    room = std::min<std::uint64_t>(room, limits_.max_part_bytes);
    std::string error;
    ZipArchive::ReadResult r = zip_.read(e, room, out, error);
    unpacked_ += out.size();
    if (r == ZipArchive::ReadResult::kTruncated) {
      defects_.push_back({"archive.expansion-limit", where_ + "#" + e.name,
                          "unpacked beyond the limit; the first " + std::to_string(out.size()) + " bytes read"});
      limited = true;
    } else if (r == ZipArchive::ReadResult::kEncrypted) {
      defects_.push_back({"archive.encrypted", where_ + "#" + e.name, "password-protected; not read"});
      encrypted = true;
      return false;
    } else if (r == ZipArchive::ReadResult::kError) {
      defects_.push_back({"archive.corrupt", where_ + "#" + e.name, error});
      return !out.empty();
    }
    return true;
  }

  bool encrypted = false, limited = false;

 private:
  ZipArchive& zip_;
  const Limits& limits_;
  std::uint64_t& unpacked_;
  const std::string& where_;
  std::vector<Defect>& defects_;
};

// A document's text (a story, a sheet, a slide's) as a part after the
// attachment it was read from.
Part document_part(const Part& container, DocumentText&& t, std::string_view kind) {
  Part part;
  part.path = container.path + "#" + t.entry;
  part.origin = container.filename;
  part.content_type = t.table ? "text/tab-separated-values" : "text/plain";
  part.is_text = true;
  part.bytes = t.text.size();
  part.text = std::move(t.text);
  part.spans = std::move(t.spans);
  part.decode_chain = container.decode_chain + "/" + std::string(kind);
  part.decoded_charset = "utf-8";
  return part;
}

// A zip without a telling name may still be a document.
std::string document_kind_by_entries(const ZipArchive& zip) {
  if (zip.find("word/document.xml") != nullptr) return "docx";
  if (zip.find("xl/workbook.xml") != nullptr) return "xlsx";
  if (zip.find("ppt/presentation.xml") != nullptr) return "pptx";
  if (zip.find("content.xml") != nullptr && zip.find("mimetype") != nullptr) return "odt";
  return "zip";
}

}  // namespace

bool AttachmentExtractor::count_file(const Part& container, Budget& budget, Message& message) const {
  if (++budget.entries <= limits_.max_archive_entries) return true;
  if (!budget.entries_hit) {
    message.defects.push_back(
        {"archive.entries-limit", container.path,
         "more than " + std::to_string(limits_.max_archive_entries) + " files; the rest not read"});
  }
  budget.entries_hit = true;
  return false;
}

void AttachmentExtractor::read_archive(const Part& archive, std::string_view bytes, std::string_view kind, int depth,
                                       Budget& budget, Message& message, std::vector<Part>& parts,
                                       AttachmentStatus& status) {
  if (depth >= limits_.max_archive_depth) {
    message.defects.push_back({"archive.depth-limit", archive.path,
                               "more than " + std::to_string(limits_.max_archive_depth) + " archives deep; not read"});
    status.reason = "limit";
    return;
  }
  std::string error;
  std::unique_ptr<ZipArchive> zip = ZipArchive::open(bytes, charsets_, error);
  if (!zip) {
    message.defects.push_back({"archive.corrupt", archive.path, "not a readable zip: " + error});
    status.reason = "corrupt";
    return;
  }
  std::string doc_kind = kind == "zip" ? document_kind_by_entries(*zip) : std::string(kind);
  status.kind = doc_kind;
  BudgetedEntries entries(*zip, limits_, budget.unpacked, archive.path, message.defects);
  auto count_entry = [&]() { return count_file(archive, budget, message); };

  if (doc_kind != "zip") {
    OfficeFormat format = doc_kind == "docx"   ? OfficeFormat::kWord
                          : doc_kind == "xlsx" ? OfficeFormat::kSpreadsheet
                          : doc_kind == "pptx" ? OfficeFormat::kPresentation
                                               : OfficeFormat::kOpenDocument;
    std::vector<DocumentText> texts;
    std::vector<std::string> problems;
    read_office_document(format, entries, texts, problems);
    for (const std::string& p : problems) message.defects.push_back({"office.damaged", archive.path, p});
    for (DocumentText& t : texts) {
      if (!count_entry()) break;
      parts.push_back(document_part(archive, std::move(t), doc_kind));
      status.read = true;
    }
    // Pictures in a document (a résumé's photo) are parts of their own,
    // read as pictures and judged by the photo rules with the mail around
    // them.
    std::string data;
    for (const ZipEntry& e : zip->entries()) {
      bool media = e.name.find("/media/") != std::string::npos || e.name.rfind("Pictures/", 0) == 0;
      if (!media || attachment_kind("", e.name, "") != "image" || !count_entry()) continue;
      Part picture;
      picture.path = archive.path + "#" + e.name;
      picture.filename = basename_of(e.name);
      picture.origin = archive.filename;
      picture.content_type = "image/" + extension_of(e.name);
      picture.disposition = "inline";
      picture.bytes = e.size;
      picture.decode_chain = archive.decode_chain + "/" + doc_kind;
      parts.push_back(picture);
      AttachmentStatus image_status{picture.path, picture.filename, "image", false, "", ""};
      data.clear();
      if (entries.read_entry(e, data)) {
        read_image(picture, data, message, parts, image_status);
      } else {
        image_status.reason = e.encrypted ? "encrypted" : "limit";
      }
      message.attachments.push_back(std::move(image_status));
    }
    if (!status.read) status.reason = entries.encrypted ? "encrypted" : entries.limited ? "limit" : "empty";
    return;
  }

  // A plain archive: every file is an attachment of its own, read in turn.
  std::string data;
  for (const ZipEntry& e : zip->entries()) {
    if (e.directory) continue;
    if (!count_entry()) break;
    Part entry;
    entry.path = archive.path + "#" + e.name;
    entry.filename = basename_of(e.name);
    entry.origin = archive.filename.empty() ? e.name : archive.filename + "/" + e.name;
    entry.content_type = "application/octet-stream";
    entry.disposition = "attachment";
    entry.bytes = e.size;
    entry.decode_chain = archive.decode_chain + "/zip";
    std::string entry_kind = attachment_kind("", e.name, "");
    bool wanted = extractable_kind(entry_kind) || entry_kind.empty();
    data.clear();
    if (wanted && !entries.read_entry(e, data)) {
      parts.push_back(entry);
      message.attachments.push_back(
          {entry.path, entry.filename, entry_kind, false, e.encrypted ? "encrypted" : "limit", ""});
      continue;
    }
    if (wanted) entry_kind = attachment_kind("", e.name, std::string_view(data).substr(0, 16));
    parts.push_back(entry);
    extract_at(entry, data, entry_kind, depth + 1, budget, message, parts);
  }
  status.read = budget.entries > 0;
  if (!status.read) status.reason = "empty";
}

void AttachmentExtractor::add_text_part(const Part& from, std::string path, std::string text, std::string_view chain,
                                        std::vector<Part>& parts) const {
  Part part;
  part.path = std::move(path);
  part.origin = from.filename;
  part.content_type = "text/plain";
  part.is_text = true;
  std::string lf;
  lf.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') {
      lf.push_back(text[i]);
    } else if (i + 1 >= text.size() || text[i + 1] != '\n') {
      lf.push_back('\n');
    }
  }
  part.bytes = lf.size();
  part.text = std::move(lf);
  part.decoded_charset = "utf-8";
  part.decode_chain = from.decode_chain + std::string(chain);
  parts.push_back(std::move(part));
}

void AttachmentExtractor::read_tnef_attachment(const Part& container, std::string_view bytes, int depth, Budget& budget,
                                               Message& message, std::vector<Part>& parts, AttachmentStatus& status) {
  MapiMessage tnef = read_tnef(bytes, charsets_, limits_.max_part_bytes, limits_.max_archive_depth - depth - 1);
  if (!tnef.valid) {
    message.defects.push_back({"tnef.corrupt", container.path, "no TNEF signature"});
    status.reason = "corrupt";
    return;
  }
  add_mapi_message(tnef, container, container.path, "tnef", depth, budget, message, parts);
  status.read = true;
}

// An Outlook message's body becomes BASE#body; its files become parts
// BASE#NAME read in turn; an attached item is an enclosed message at
// BASE#NAME with its own body and files under BASE#NAME.1.
void AttachmentExtractor::add_mapi_message(const MapiMessage& mapi, const Part& container, const std::string& base,
                                           std::string_view format, int depth, Budget& budget, Message& message,
                                           std::vector<Part>& parts) {
  std::string chain = "/" + std::string(format);
  for (const std::string& problem : mapi.problems) {
    message.defects.push_back({std::string(format) + ".damaged", base, problem});
  }
  if (!mapi.body.empty()) {
    add_text_part(container, base + "#body", mapi.body, chain, parts);
  } else if (!mapi.rtf.empty()) {
    RtfText rtf = rtf_to_text(mapi.rtf, charsets_, limits_.max_part_bytes);
    if (rtf.not_rtf) message.defects.push_back({"rtf.corrupt", base + "#body", "the RTF body is not RTF"});
    add_text_part(container, base + "#body", std::move(rtf.text), chain + "/rtf", parts);
  } else if (!mapi.html_text.empty()) {
    add_text_part(container, base + "#body", mapi.html_text, chain + "/html", parts);
  }
  if (!mapi.contact.empty()) {
    add_text_part(container, base + "#contact.vcf", mapi::contact_vcard(mapi.contact), chain + "/contact", parts);
    parts.back().content_type = "text/vcard";
  }
  if (!mapi.appointment.empty()) {
    add_text_part(container, base + "#appointment", mapi::appointment_text(mapi.appointment), chain + "/appointment",
                  parts);
  }
  std::map<std::string, int> names;
  int index = 0;
  for (const MapiAttachment& a : mapi.attachments) {
    ++index;
    if (a.data.empty() && !a.message && !a.too_deep) continue;
    if (!count_file(container, budget, message)) break;
    std::string name = a.filename.empty() ? "attachment" + std::to_string(index) : a.filename;
    if (names[name]++ > 0) name += " (" + std::to_string(index) + ")";
    Part entry;
    entry.path = base;
    entry.path.append("#").append(name);
    entry.filename = name;
    entry.origin = container.filename.empty() ? name : container.filename + "/" + name;
    entry.content_type = a.mime_type.empty() ? "application/octet-stream" : a.mime_type;
    entry.disposition = "attachment";
    entry.bytes = a.data.size();
    entry.decode_chain = container.decode_chain + chain;
    budget.unpacked += a.data.size();
    if (budget.unpacked > limits_.max_archive_expansion) {
      message.defects.push_back(
          {"archive.expansion-limit", entry.path,
           "unpacked more than " + std::to_string(limits_.max_archive_expansion) + " bytes; the rest not read"});
      break;
    }
    bool item = a.message || a.too_deep;
    if (a.too_deep || depth + 1 >= limits_.max_archive_depth) {
      message.defects.push_back(
          {"archive.depth-limit", entry.path,
           "more than " + std::to_string(limits_.max_archive_depth) + " containers deep; not read"});
      parts.push_back(entry);
      message.attachments.push_back({entry.path, entry.filename, item ? "message" : "", false, "limit", ""});
      continue;
    }
    if (a.message) {
      const MapiMessage& inner = *a.message;
      message.enclosed.push_back({entry.path, mapi_envelope(inner)});
      parts.push_back(entry);
      message.attachments.push_back(
          {entry.path, entry.filename, "message", inner.valid, inner.valid ? "" : "corrupt", ""});
      if (inner.valid) add_mapi_message(inner, entry, entry.path + ".1", format, depth + 1, budget, message, parts);
      continue;
    }
    std::string kind = attachment_kind(entry.content_type, name, std::string_view(a.data).substr(0, 16));
    parts.push_back(entry);
    extract_at(entry, a.data, kind, depth + 1, budget, message, parts);
  }
}

// Office 97-2003 documents and Outlook .msg files are compound files: what
// one holds is told by its streams, whatever its name says.
void AttachmentExtractor::read_compound_file(const Part& container, std::string_view bytes, int depth, Budget& budget,
                                             Message& message, std::vector<Part>& parts, AttachmentStatus& status) {
  std::string error;
  std::unique_ptr<OleFile> ole = OleFile::open(bytes, error);
  if (!ole) {
    message.defects.push_back({"ole.corrupt", container.path, "not a readable compound file: " + error});
    status.reason = "corrupt";
    return;
  }
  if (ole->exists("EncryptedPackage")) {
    // A password-protected .docx/.xlsx/.pptx is a compound file too.
    message.defects.push_back({"office.encrypted", container.path, "password-protected; not read"});
    status.kind = "encrypted-office";
    status.reason = "encrypted";
    return;
  }
  if (is_outlook_message(*ole)) {
    status.kind = "msg";
    MapiMessage msg =
        read_outlook_message(*ole, charsets_, limits_.max_part_bytes, limits_.max_archive_depth - depth - 1);
    // A .msg file is a saved message: its sender wrote the body and its files.
    if (msg.valid) message.enclosed.push_back({container.path, mapi_envelope(msg)});
    add_mapi_message(msg, container, container.path, "msg", depth, budget, message, parts);
    status.read = true;
    return;
  }
  LegacyDocument doc;
  if (ole->exists("WordDocument")) {
    status.kind = "doc";
    doc = read_word97(*ole, charsets_, limits_.max_part_bytes);
  } else if (ole->exists("Workbook") || ole->exists("Book")) {
    status.kind = "xls";
    doc = read_excel97(*ole, charsets_, limits_.max_part_bytes);
  } else if (ole->exists("PowerPoint Document")) {
    status.kind = "ppt";
    doc = read_powerpoint97(*ole, limits_.max_part_bytes);
  } else {
    std::string streams;
    for (const std::string& c : ole->children("")) streams += (streams.empty() ? "" : ", ") + c;
    message.defects.push_back(
        {"attachment.unread", container.path, "a compound file of no kind leakscan reads (" + streams + ")"});
    status.kind = "ole";
    status.reason = "unsupported";
    return;
  }
  for (const std::string& p : doc.problems) message.defects.push_back({"office.damaged", container.path, p});
  if (doc.encrypted) {
    message.defects.push_back({"office.encrypted", container.path, "password-protected; not read"});
    status.reason = "encrypted";
    return;
  }
  if (doc.unsupported) {
    message.defects.push_back({"attachment.unread", container.path, doc.problems.empty() ? "" : doc.problems.back()});
    status.reason = "unsupported";
    return;
  }
  for (DocumentText& t : doc.texts) {
    if (!count_file(container, budget, message)) break;
    parts.push_back(document_part(container, std::move(t), status.kind));
    status.read = true;
  }
  if (!status.read) status.reason = "empty";
}

}  // namespace leakscan
