// Mailbox readers on arbitrary bytes: format detection, mbox splitting
// (every From_ variant, Content-Length, quoting), single messages, gzip.
// Every message must lie inside the input and respect the message limit,
// and the reader must account for every stored byte.
#include "fuzz_support.h"

#include <libscan/mailbox.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace leakscan;
  const Limits limits = fuzz::fuzz_limits();
  fuzz::MemoryFile file(fuzz::as_view(data, size));
  auto reader = open_reader(InputFile{file.path()}, 0, limits);
  RawMessage message;
  std::uint64_t messages = 0;
  while (reader->next(message)) {
    if (message.bytes.size() > limits.max_message_bytes) fuzz::fail("message larger than max_message_bytes");
    if (message.index != messages) fuzz::fail("message numbers not consecutive");
    ++messages;
  }
  const InputRecord& record = reader->record();
  if (record.bytes != size) fuzz::fail("record.bytes is not the stored size");
  if (record.sha256.size() != 64) fuzz::fail("no SHA-256 of the whole input");
  if (record.messages != messages) fuzz::fail("record.messages differs from the messages read");
  return 0;
}
