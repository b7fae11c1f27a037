// Reads a mailbox through the installed libscan and prints each subject.
#include <libscan/decoder.h>
#include <libscan/mailbox.h>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  leakscan::MessageDecoder decoder;
  auto reader = leakscan::open_reader({argv[1]}, 0, {});
  leakscan::RawMessage raw;
  while (reader->next(raw)) {
    leakscan::Message m = decoder.decode(raw);
    std::printf("%s\n", m.envelope.subject.c_str());
  }
  std::printf("sha256 %s\n", reader->record().sha256.c_str());
  return 0;
}
