// Outlook .msg files ([MS-OXMSG]): a compound file whose streams are the
// message's properties (__substg1.0_IIIITTTT, and the fixed-size ones in
// __properties_version1.0), with storages for each recipient and each
// attachment; an attached Outlook item is a storage of the same form.
// Strings in 8 bits are decoded by the message's code page (CP932 for
// Japanese Outlook). Functions only; a CharsetDecoder is not thread-safe.
#pragma once

#include "extract/mapi_message.h"

#include <cstddef>

namespace leakscan {

class CharsetDecoder;
class OleFile;

// True when the compound file holds a message (it has property streams).
bool is_outlook_message(const OleFile& ole);

// Attached items are read `max_depth` levels down; deeper ones are marked
// too_deep.
MapiMessage read_outlook_message(const OleFile& ole, CharsetDecoder& charsets, std::size_t max_bytes, int max_depth);

}  // namespace leakscan
