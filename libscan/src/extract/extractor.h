// Attachments to text: what kind of file an attachment is (by its bytes
// first, then its type and name), and the text parts of the formats that
// hold text: office documents (extract/office.h), zip archives (every file
// inside becomes a part of its own, read in turn), gzip, PDF (extract/pdf.h),
// and CSV, TSV or plain text attached as application/octet-stream. Archives are bounded by
// the Limits (files, unpacked bytes, ratio, depth): a zip bomb is a defect.
// TNEF (winmail.dat, extract/tnef.h) and Outlook .msg files
// (extract/outlook_msg.h) yield their body, files and attached items, RTF
// its text (extract/rtf.h), Office 97-2003 documents theirs
// (extract/legacy_office.h); attached messages are read by the MIME decoder
// (EnclosedMessageReader). Pictures yield their facts (format, size, EXIF,
// faces) and, with OCR, their text and machine-readable zones
// (extract/image.h, face_detector.h, ocr.h, mrz.h). What cannot be read is
// recorded as unread with its reason, never skipped in silence.
//
// An AttachmentExtractor is not thread-safe (it uses the caller's
// CharsetDecoder); use one per thread.
#pragma once

#include <libscan/decoder.h>
#include <libscan/limits.h>
#include <libscan/message.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

class CharsetDecoder;
class FaceDetector;
class OcrEngine;
struct MapiMessage;
struct MachineReadableZone;

// "docx", "xlsx", "pptx", "odt", "ods", "odp", "zip", "gzip", "text",
// "pdf", "doc", "xls", "ppt", "rtf", "tnef", "image", "message" (RFC 5322),
// "msg" (Outlook's), or ""
// (nothing to read: audio, executables, unknown binary).
std::string attachment_kind(std::string_view content_type, std::string_view filename, std::string_view head);

// Whether an attachment of this kind holds text leakscan reads.
bool extractable_kind(std::string_view kind);

// Reads a message found as an attachment (an .eml, a message in a zip or a
// TNEF): implemented by the MIME decoder, which reads it as it reads an
// enclosed message/rfc822, its parts appended to `parts`.
class EnclosedMessageReader {
 public:
  virtual ~EnclosedMessageReader() = default;
  virtual void read_enclosed(const Part& container, std::string_view bytes, Message& message,
                             std::vector<Part>& parts) = 0;
};

class AttachmentExtractor {
 public:
  // Without `messages`, attached messages are reported unread. The face
  // detector and the OCR engine `options` ask for are opened on the first
  // picture that needs them.
  AttachmentExtractor(const DecodeOptions& options, CharsetDecoder& charsets,
                      EnclosedMessageReader* messages = nullptr);
  ~AttachmentExtractor();
  AttachmentExtractor(const AttachmentExtractor&) = delete;
  AttachmentExtractor& operator=(const AttachmentExtractor&) = delete;

  // Reads the attachment `attachment` (its transfer-decoded `bytes`):
  // appends a status for it (and for every file of an archive) to
  // `message.attachments`, the parts it holds to `parts` (entries of an
  // archive as parts of their own, the text read from them as text parts
  // after them) and what went wrong to `message.defects`.
  void extract(const Part& attachment, std::string_view bytes, Message& message, std::vector<Part>& parts);

 private:
  struct Budget;
  void extract_at(const Part& attachment, std::string_view bytes, std::string_view kind, int depth, Budget& budget,
                  Message& message, std::vector<Part>& parts);
  void read_archive(const Part& archive, std::string_view bytes, std::string_view kind, int depth, Budget& budget,
                    Message& message, std::vector<Part>& parts, AttachmentStatus& status);
  void read_text(const Part& attachment, std::string_view bytes, std::vector<Part>& parts, Message& message);
  void read_tnef_attachment(const Part& container, std::string_view bytes, int depth, Budget& budget, Message& message,
                            std::vector<Part>& parts, AttachmentStatus& status);
  void add_mapi_message(const MapiMessage& mapi, const Part& container, const std::string& base,
                        std::string_view format, int depth, Budget& budget, Message& message, std::vector<Part>& parts);
  void add_text_part(const Part& from, std::string path, std::string text, std::string_view chain,
                     std::vector<Part>& parts) const;
  void read_compound_file(const Part& container, std::string_view bytes, int depth, Budget& budget, Message& message,
                          std::vector<Part>& parts, AttachmentStatus& status);
  void read_image(const Part& image, std::string_view bytes, Message& message, std::vector<Part>& parts,
                  AttachmentStatus& status);
  void add_machine_readable_zones(const Part& from, const std::vector<MachineReadableZone>& zones, Message& message,
                                  std::vector<Part>& parts, AttachmentStatus& status) const;
  FaceDetector* face_detector(Message& message, const std::string& where);
  OcrEngine* ocr_engine(Message& message, const std::string& where);
  // Counts one more file against the entries limit; false past it.
  bool count_file(const Part& container, Budget& budget, Message& message) const;

  Limits limits_;
  DecodeOptions options_;
  CharsetDecoder& charsets_;
  EnclosedMessageReader* messages_;
  std::unique_ptr<FaceDetector> faces_;
  std::unique_ptr<OcrEngine> ocr_;
  std::string faces_error_, ocr_error_;  // why they could not be opened, once tried
  bool faces_tried_ = false, ocr_tried_ = false;
};

}  // namespace leakscan
