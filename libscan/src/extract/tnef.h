// TNEF (application/ms-tnef, winmail.dat): what Outlook wraps a message's
// rich body and attachments in. Read here after [MS-OXTNEF] rather than
// with libytnef, which prints to stdout from library code on damaged input
// and keeps process-wide state (see the README). Every length is checked
// against what is left; damage ends the reading and is reported, what was
// read before stays. Strings in 8-bit code pages are decoded by the
// message's code page (CP932 for Japanese Outlook), UTF-16 ones as such.
// Compressed RTF bodies are decompressed after [MS-OXRTFCP].
//
// Functions only; a CharsetDecoder is not thread-safe, pass one per thread.
#pragma once

#include <libscan/message.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

class CharsetDecoder;

struct TnefAttachment {
  std::string filename;   // the long name, else the 8.3 title
  std::string mime_type;  // PR_ATTACH_MIME_TAG, when given
  std::string data;
  bool embedded_message = false;  // `data` is the TNEF stream of an attached message
};

struct TnefMessage {
  bool valid = false;  // starts with the TNEF signature
  std::string message_class;
  std::string subject;
  Address sender;
  std::vector<Address> to, cc;
  std::string date;       // ISO 8601 without a zone, as TNEF keeps it
  std::string body;       // plain text, UTF-8
  std::string rtf;        // the decompressed RTF body
  std::string html_text;  // the HTML body as text, UTF-8
  int codepage = 0;
  std::vector<TnefAttachment> attachments;
  std::vector<std::string> problems;  // damage met, in reading order
};

TnefMessage read_tnef(std::string_view bytes, CharsetDecoder& charsets, std::size_t max_bytes);

// [MS-OXRTFCP]: compressed ("LZFu") or stored ("MELA") RTF, at most
// `max_bytes` of it. Sets `error` and returns what was read on damage.
std::string decompress_rtf(std::string_view bytes, std::size_t max_bytes, std::string& error);

}  // namespace leakscan
