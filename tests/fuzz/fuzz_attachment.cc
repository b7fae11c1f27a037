// Every attachment extractor on arbitrary bytes: Office Open XML and
// OpenDocument (zip + XML), zip and gzip archives with their limits, PDF
// (poppler), CSV and text in any charset, vCard and iCalendar, TNEF,
// Outlook .msg and Office 97-2003 (OLE compound files), RTF, pictures
// (headers, EXIF, faces). The first byte names the file, so that the same
// bytes are tried as each kind; the kind is still decided from the bytes
// first, as for a real attachment. The extractor must say what became of the
// attachment, and its text must be UTF-8 with spans inside it.
#include "fuzz_support.h"

#include "extract/extractor.h"
#include "mime/charset.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace leakscan;
  if (size == 0) return 0;
  static CharsetDecoder* charsets = new CharsetDecoder;
  static AttachmentExtractor* extractor = [] {
    DecodeOptions options;
    options.limits = fuzz::fuzz_limits();
    options.detect_faces = true;
    return new AttachmentExtractor(options, *charsets);
  }();
  Part attachment;
  attachment.path = "2";
  attachment.filename = fuzz::kAttachmentNames[data[0] % std::size(fuzz::kAttachmentNames)];
  attachment.content_type = (data[0] & 0x80) ? "application/octet-stream" : "";
  attachment.disposition = "attachment";
  const std::string_view bytes = fuzz::as_view(data + 1, size - 1);
  attachment.bytes = bytes.size();

  Message message;
  std::vector<Part> parts;
  extractor->extract(attachment, bytes, message, parts);
  if (message.attachments.empty()) fuzz::fail("no status for the attachment");
  for (const Part& part : parts) {
    if (!part.is_text) continue;
    if (!is_valid_utf8(part.text)) fuzz::fail("extracted text is not UTF-8");
    std::size_t previous = 0;
    for (const TextSpan& span : part.spans) {
      if (span.begin > part.text.size() || span.begin < previous) fuzz::fail("span outside the text or out of order");
      previous = span.begin;
    }
  }
  return 0;
}
