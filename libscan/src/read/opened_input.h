// An input file opened for reading: the stored bytes (hashed), an optional
// gzip layer, and the InputRecord the reader completes. Owned by a reader.
#pragma once

#include <libscan/mailbox.h>

#include "read/byte_source.h"
#include "read/line_buffer.h"

#include <memory>

namespace leakscan {

struct OpenedInput {
  std::unique_ptr<FileSource> file;
  std::unique_ptr<GzipSource> gzip;
  std::unique_ptr<LineBuffer> lines;  // over gzip if present, else file
  InputRecord record;
  std::size_t index = 0;
  bool finished = false;

  ByteSource& stream() { return gzip ? static_cast<ByteSource&>(*gzip) : *file; }

  // Completes the record (hash of the whole file, size, container defects).
  // Safe to call more than once.
  void finish();
};

// Message readers over an opened input; see open_reader() in mailbox.h.
std::unique_ptr<MessageReader> make_mbox_reader(OpenedInput input, const Limits& limits);
std::unique_ptr<MessageReader> make_eml_reader(OpenedInput input, const Limits& limits);

// True for a plausible mbox From_ line ("From sender date..."): a sender
// token and something that looks like a date, so that "From time to time"
// in an unquoted body does not split a message.
bool is_mbox_from_line(std::string_view line);

}  // namespace leakscan
