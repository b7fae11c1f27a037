// Reading mailbox exports: mbox (mboxo, mboxrd, mboxcl with Content-Length,
// LF or CRLF, Google Takeout, Thunderbird), gzip-compressed mbox, single .eml
// files, directory trees of .eml files and Maildirs, and "-" for an mbox on
// standard input.
//
// Reading streams: only one message (bounded by Limits::max_message_bytes)
// and one read buffer are held at a time, whatever the size of the input.
// Inputs are opened read-only and never written. The SHA-256 of each input
// file is computed from the bytes as they are read (the file as stored, i.e.
// compressed bytes for gzip), not in a second pass.
#pragma once

#include <libscan/limits.h>
#include <libscan/message.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace leakscan {

// One file to read. A directory argument expands into one InputFile per
// message file it holds, in a reproducible (byte-wise sorted) order.
struct InputFile {
  std::string path;  // as given, or directory argument + "/" + relative path;
                     // "-" for standard input
};

// Expands command-line arguments into the files to read: a file stays as it
// is, "-" is standard input, a Maildir yields its cur/ and new/ messages, any
// other directory every regular file below it (hidden files and Maildir tmp/
// skipped). Throws InputError when an argument does not exist or cannot be
// listed.
std::vector<InputFile> expand_inputs(const std::vector<std::string>& arguments);

// What was read from one input file, complete once its reader reached the
// end (or gave up on an I/O error).
struct InputRecord {
  std::string path;
  std::string format;       // "mbox", "eml", with "+gzip" when compressed
  std::string sha256;       // lower-case hex of the stored bytes
  std::uint64_t bytes = 0;  // stored size
  std::uint64_t messages = 0;
  std::vector<Defect> defects;  // damage of the container (corrupt gzip, ...)
  std::string error;            // an I/O error that stopped reading, or ""
};

// Yields the messages of one input file in order. Not thread-safe; use one
// reader per thread. Reading errors after a successful open are recorded in
// record().error and end the input rather than throwing.
class MessageReader {
 public:
  virtual ~MessageReader() = default;

  // Fills `out` with the next message; false at the end of the input.
  virtual bool next(RawMessage& out) = 0;

  // Bytes of the input consumed so far (stored bytes, for progress).
  virtual std::uint64_t position() const = 0;

  // The record; sha256 and bytes are final once next() returned false.
  virtual const InputRecord& record() const = 0;
};

// Opens one input file (or "-") and detects its format from its first bytes:
// gzip magic, then a From_ line (mbox) or anything else (a single message).
// `input_index` is copied into every RawMessage. Throws InputError when the
// file cannot be opened.
std::unique_ptr<MessageReader> open_reader(const InputFile& file, std::size_t input_index, const Limits& limits);

}  // namespace leakscan
