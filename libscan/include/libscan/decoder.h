// Parses a RawMessage with GMime and decodes it into a Message: envelope
// headers, every leaf part transfer-decoded and converted to UTF-8 text
// through ICU, HTML turned into text, enclosed messages walked, damage kept
// as Defect records. Never throws on bad input.
//
// A MessageDecoder is not thread-safe (it caches ICU converters and GMime
// parser options); give each thread its own. Any number of decoders may run
// in parallel.
#pragma once

#include <libscan/limits.h>
#include <libscan/message.h>

#include <memory>
#include <string>

namespace leakscan {

struct DecodeOptions {
  Limits limits;
  // Keep the transfer-decoded bytes of non-text parts in Part::content (for
  // attachment extractors). Off, only their size is computed.
  bool keep_attachment_content = false;
  // Turn text/html into the text a reader sees. Off, Part::text holds the
  // decoded HTML source (what `leakscan dump --html-source` shows).
  bool render_html = true;
  // Read the text inside attachments (office documents, archives, CSV
  // attached as binary) into parts of their own, and record what became
  // of every attachment (Message::attachments). Off, attachments are sized
  // only.
  bool extract_attachments = true;
  // Look for faces in pictures (OpenCV, when built with it): a face photo
  // is a personal data item. The model is opencv-data's frontal-face
  // cascade unless named here.
  bool detect_faces = true;
  std::string face_model;
  // Recognize the text of scanned images and of PDF pages without text
  // (Tesseract, when built with it), and read passports' machine-readable
  // zones. Costs about a second a page.
  bool ocr = false;
  std::string ocr_languages = "jpn+eng";
};

// What this build and machine can do with pictures: face detection
// (OpenCV and its model), OCR (Tesseract and the models `options` names),
// each tried by opening it, and HEIF decoding (libheif); "" when
// available, else why not.
struct PictureSupport {
  std::string faces_missing, ocr_missing, heif_missing;
};
PictureSupport picture_support(const DecodeOptions& options);

class MessageDecoder {
 public:
  explicit MessageDecoder(DecodeOptions options = {});
  ~MessageDecoder();
  MessageDecoder(const MessageDecoder&) = delete;  // owns per-thread caches
  MessageDecoder& operator=(const MessageDecoder&) = delete;

  // Replaces `out` with the decoding of `raw`. Cost is linear in the size of
  // the message; memory is bounded by the Limits.
  void decode(const RawMessage& raw, Message& out);

  Message decode(const RawMessage& raw) {
    Message m;
    decode(raw, m);
    return m;
  }

  // Seconds spent so far reading attachments (a part of decode()'s time).
  double extract_seconds() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace leakscan
