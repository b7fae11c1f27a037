// An Outlook message as its MAPI properties describe it, from a TNEF stream
// (extract/tnef.h) or a .msg file (extract/outlook_msg.h): who sent it to
// whom, its body in whichever forms it has, its files, and the Outlook
// items attached to it, each a message of its own.
#pragma once

#include <libscan/message.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

class CharsetDecoder;
struct MapiMessage;

struct MapiAttachment {
  std::string filename;   // the long name, else the short one
  std::string mime_type;  // PR_ATTACH_MIME_TAG, when given
  std::string data;
  std::shared_ptr<MapiMessage> message;  // an attached Outlook item, already read
  bool too_deep = false;                 // an item past the nesting limit, not read
};

struct MapiMessage {
  bool valid = false;  // the container was recognised
  std::string message_class;
  std::string subject;
  Address sender;
  std::vector<Address> to, cc;
  std::string date;       // ISO 8601 without a zone, when known
  std::string body;       // plain text, UTF-8
  std::string rtf;        // the decompressed RTF body
  std::string html_text;  // the HTML body as text, UTF-8
  int codepage = 0;
  std::vector<MapiAttachment> attachments;
  std::vector<std::string> problems;  // damage met, in reading order
};

// Property types ([MS-OXCDATA] 2.11.1) and ids ([MS-OXPROPS]) both
// containers use.
namespace mapi {
constexpr unsigned kTypeLong = 0x0003;
constexpr unsigned kTypeObject = 0x000D;
constexpr unsigned kTypeString8 = 0x001E;
constexpr unsigned kTypeUnicode = 0x001F;
constexpr unsigned kTypeTime = 0x0040;
constexpr unsigned kTypeBinary = 0x0102;
constexpr unsigned kMultiValued = 0x1000;

constexpr unsigned kSubject = 0x0037;
constexpr unsigned kClientSubmitTime = 0x0039;
constexpr unsigned kSentRepresentingName = 0x0042;
constexpr unsigned kSentRepresentingEmail = 0x0065;
constexpr unsigned kMessageClass = 0x001A;
constexpr unsigned kRecipientType = 0x0C15;
constexpr unsigned kSenderName = 0x0C1A;
constexpr unsigned kSenderEmail = 0x0C1F;
constexpr unsigned kBody = 0x1000;
constexpr unsigned kRtfCompressed = 0x1009;
constexpr unsigned kBodyHtml = 0x1013;
constexpr unsigned kDisplayName = 0x3001;
constexpr unsigned kEmailAddress = 0x3003;
constexpr unsigned kAttachData = 0x3701;
constexpr unsigned kAttachFilename = 0x3704;
constexpr unsigned kAttachMethod = 0x3705;
constexpr unsigned kAttachLongFilename = 0x3707;
constexpr unsigned kAttachMimeTag = 0x370E;
constexpr unsigned kSmtpAddress = 0x39FE;
constexpr unsigned kInternetCodepage = 0x3FDE;
constexpr unsigned kMessageCodepage = 0x3FFD;
constexpr unsigned kSenderSmtpAddress = 0x5D01;
constexpr unsigned kSentRepresentingSmtpAddress = 0x5D02;
constexpr unsigned kAttachEmbeddedMessage = 5;  // PR_ATTACH_METHOD of an attached item

// An Exchange address ("/O=EXAMPLE/OU=...") is no e-mail address: "" then.
std::string smtp_only(std::string address);

// A string property's bytes as UTF-8: UTF-16LE, or 8 bits in the Windows
// code page `codepage` (windows-1252 when unknown); trailing NULs dropped.
std::string property_text(std::string_view bytes, bool utf16, int codepage, CharsetDecoder& charsets);
}  // namespace mapi

}  // namespace leakscan
