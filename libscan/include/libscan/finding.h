// A detection: one item of personal information (SPEC §5 ids) found by one
// rule, with the evidence of where it was found. Plain data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace leakscan {

struct Finding {
  std::string item;       // "phone", "my_number", ... (SPEC §5)
  std::string rule;       // id of the rule that found it
  std::string value;      // the value as matched in the normalised text (unmasked)
  double confidence = 0;  // 0..1

  // Where: the input and message, the MIME part path (or "header:Subject",
  // "2:header:Subject" for an enclosed message's), the attachment's file
  // name, and byte offsets into that part's decoded text (Part::text) or
  // header value.
  std::size_t input = 0;
  std::uint64_t message = 0;
  std::uint64_t message_offset = 0;
  std::string message_id;
  std::string part;
  std::string filename;
  std::size_t begin = 0;
  std::size_t end = 0;
  // In text read from an attachment, where in the file ("Sheet1!B3",
  // "word/document.xml ¶4", "slide 2"); "" otherwise.
  std::string location;

  // The record (a header address, signature, form, table row...) the
  // finding was attributed to by Scan::add, or -1; ScanResult maps records
  // to persons.
  std::int64_t record = -1;
};

// The value as outputs show it without --reveal: enough for its owner to
// recognise it, not enough to use it ("090-****-5678", "t***@example.co.jp",
// "山*", "****-****-9012").
std::string mask_value(std::string_view item, std::string_view value);

}  // namespace leakscan
