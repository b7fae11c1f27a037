// Budgets that keep hostile input from exhausting time, memory or stack.
// Reaching a limit is recorded as a Defect on the message; it never aborts
// the scan. The defaults fit a 2-core / 4 GiB worker scanning real business
// mail; raise them for forensic deep dives, lower them for fuzzing.
#pragma once

#include <cstddef>
#include <cstdint>

namespace leakscan {

struct Limits {
  // Bytes of one message kept for parsing. Beyond it the rest of the message
  // is skipped (defect "message.truncated-at-limit"); the next message in the
  // mailbox is still read.
  std::size_t max_message_bytes = 256u << 20;
  // MIME nesting depth (multiparts and enclosed messages together).
  int max_depth = 64;
  // Leaf parts per message, enclosed messages included.
  std::size_t max_parts = 10'000;
  // Transfer-decoded bytes kept for one part (text or attachment).
  std::size_t max_part_bytes = 64u << 20;
  // Transfer-decoded bytes kept for all parts of one message.
  std::size_t max_message_decoded_bytes = 256u << 20;
  // Bytes of one header field value that are decoded (RFC 2047, addresses).
  std::size_t max_header_bytes = 1u << 20;

  // Attachments that are archives (.zip, .docx, .xlsx, .gz...). Beyond any
  // of these the rest of the attachment is not read (defect
  // "archive.*-limit"); what was read before stays.
  std::size_t max_archive_entries = 10'000;            // files in one attachment, all depths
  std::uint64_t max_archive_expansion = 256ull << 20;  // bytes unpacked from one attachment
  std::uint64_t max_compression_ratio = 200;           // an entry's unpacked size / packed size
  int max_archive_depth = 4;                           // archives inside archives
  // Messages attached as files (.eml, in a zip, in a TNEF) inside one
  // another: each level holds its own copy of what it encloses, so this
  // bounds memory at a few times the message per level.
  int max_attached_message_depth = 8;
  // Pixels of one picture decoded for face detection or OCR (a 40 MP scan
  // is 40 MB grey; a PNG header can claim 4 billion).
  std::uint64_t max_image_pixels = 40'000'000;
};

}  // namespace leakscan
