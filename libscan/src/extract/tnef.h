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

#include "extract/mapi_message.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace leakscan {

class CharsetDecoder;

// Attached Outlook items (embedded TNEF streams) are read `max_depth`
// levels down; deeper ones are marked too_deep.
MapiMessage read_tnef(std::string_view bytes, CharsetDecoder& charsets, std::size_t max_bytes, int max_depth);

// [MS-OXRTFCP]: compressed ("LZFu") or stored ("MELA") RTF, at most
// `max_bytes` of it. Sets `error` and returns what was read on damage.
std::string decompress_rtf(std::string_view bytes, std::size_t max_bytes, std::string& error);

}  // namespace leakscan
