// Address-list headers (From, To, Cc, ...) to (display name, address) pairs.
// Lenient like the mail it reads: groups, obsolete routes, `addr (Real
// Name)` comments (the comment becomes the name), encoded-words inside
// quoted names, raw 8-bit names, "Last, First <addr>" without quotes, and
// bare local parts without a domain. Linear in the input.
#pragma once

#include <libscan/message.h>

#include "mime/header_text.h"

#include <string_view>
#include <vector>

namespace leakscan {

// `value` is the unfolded raw header value.
std::vector<Address> parse_address_list(std::string_view value, HeaderTextDecoder& text);

}  // namespace leakscan
