// What libscan read from a mailbox: a message as raw bytes with its location
// (RawMessage), and the same message parsed and decoded to Unicode text
// (Message). Plain data; copyable and movable; no thread affinity.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace leakscan {

// Something wrong with the input, kept as data. `kind` is a stable dotted id
// ("mime.truncated", "charset.unknown"), `where` names the place ("input",
// "header:Subject", a MIME part path such as "2.1"), `detail` is free text.
struct Defect {
  std::string kind;
  std::string where;
  std::string detail;

  friend bool operator==(const Defect&, const Defect&) = default;
};

// One message exactly as the mailbox holds it (mbox quoting undone).
struct RawMessage {
  std::size_t input = 0;    // index of the input in the reading order
  std::uint64_t index = 0;  // message number within that input, from 0
  // Byte offset of the message in the input: of its From_ line in an mbox,
  // 0 for an .eml file. For gzip inputs it counts decompressed bytes.
  std::uint64_t offset = 0;
  std::string envelope;  // mbox From_ line without "From " and EOL
  std::string bytes;     // RFC 5322 message
  std::vector<Defect> defects;
};

struct Address {
  std::string name;     // display name (or the comment of `addr (Name)`), UTF-8
  std::string address;  // addr-spec as written, UTF-8; may lack a domain

  friend bool operator==(const Address&, const Address&) = default;
};

struct Header {
  std::string name;   // as written
  std::string value;  // unfolded, RFC 2047 decoded, UTF-8
};

// The headers of a message or of an enclosed message/rfc822.
struct Envelope {
  std::string message_id;  // without angle brackets
  std::string subject;
  std::optional<std::string> date;  // ISO 8601 with offset, when parseable
  std::optional<std::int64_t> date_unix;
  std::vector<Address> from, sender, reply_to, to, cc, bcc;
  std::vector<Header> headers;  // every header, in order
};

// Where a stretch of a text read from an attachment comes from (a sheet's
// cell, a document's paragraph, a slide): from `begin` (a byte offset in
// Part::text) until the next span.
struct TextSpan {
  std::size_t begin = 0;
  std::string location;  // "Sheet1!B3", "word/document.xml ¶12", "slide 3"

  friend bool operator==(const TextSpan&, const TextSpan&) = default;
};

// A leaf of the MIME tree (or the preamble/epilogue of a multipart).
// Paths number children from 1 ("2.1"); the body of an enclosed message is
// child 1 of the message/rfc822 part; a single-part message's body is "root".
// Preamble and epilogue carry the multipart's path plus "#preamble" or
// "#epilogue".
struct Part {
  std::string path;
  std::string content_type;       // lower case "type/subtype"
  std::string charset;            // declared label, lower case, "" if none
  std::string decoded_charset;    // what the text was decoded from
  std::string transfer_encoding;  // declared, lower case
  std::string filename;           // UTF-8, "" if none
  std::string disposition;        // "inline", "attachment" or ""
  std::uint64_t bytes = 0;        // transfer-decoded size (before limits)
  bool is_text = false;           // `text` holds the decoded content
  std::string text;               // UTF-8 (HTML turned into text)
  std::string content;            // transfer-decoded bytes of non-text parts
  std::string decode_chain;       // e.g. "base64/iso-2022-jp" or "uuencode"
  // Text read from an attachment (a .docx, a sheet of an .xlsx, a file in a
  // .zip) is a part of its own after the attachment: its path is the
  // attachment's and the entry's ("2#word/document.xml"), `origin` names the
  // file it was read from, and `spans` say where each stretch of it stands.
  std::string origin;
  std::vector<TextSpan> spans;
};

// What became of one attachment (or one file inside an archive): read, or
// not and why. The summary counts them.
struct AttachmentStatus {
  std::string path;
  std::string filename;
  std::string kind;  // "docx", "xlsx", "pptx", "odt", "ods", "odp", "zip", "gzip", "text", "image", "pdf", ...
  bool read = false;
  std::string reason;  // when not read: "unsupported", "encrypted", "corrupt", "limit", "empty"
  // For a picture, what it showed, as the image rules read it:
  // "jpeg 600x800 faces=1 face_share=21 exif=yes mrz=TD3" (face_share: the
  // largest face's percentage of the picture; faces= absent when faces were
  // not looked for).
  std::string facts;
};

struct EnclosedMessage {
  std::string path;  // path of the message/rfc822 part
  Envelope envelope;
};

struct Message {
  std::size_t input = 0;
  std::uint64_t index = 0;
  std::uint64_t offset = 0;
  std::size_t raw_bytes = 0;
  Envelope envelope;
  std::vector<Part> parts;
  std::vector<EnclosedMessage> enclosed;
  std::vector<AttachmentStatus> attachments;
  std::vector<Defect> defects;
};

}  // namespace leakscan
