// What the libFuzzer targets share: Limits small enough that a legitimate
// input stays far below libFuzzer's memory and time limits (so that what
// crosses them is a finding), fuzz bytes as a file the readers can open,
// and a failure that libFuzzer records as a crash with its input.
//
// Each target keeps its compiled rules, case and decoders in a
// function-local static: libFuzzer calls a target millions of times in one
// process, and building a Scanner per input would measure only that.
#pragma once

#include <libscan/decoder.h>
#include <libscan/limits.h>

#include "mime/charset.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace leakscan::fuzz {

inline Limits fuzz_limits() {
  Limits limits;
  limits.max_message_bytes = 16u << 20;
  limits.max_parts = 2'000;
  limits.max_part_bytes = 8u << 20;
  limits.max_message_decoded_bytes = 32u << 20;
  limits.max_header_bytes = 1u << 20;
  limits.max_archive_entries = 2'000;
  limits.max_archive_expansion = 32u << 20;
  limits.max_image_pixels = 4'000'000;
  return limits;
}

// The file names fuzz_attachment gives its input, by its first byte: the
// same bytes are tried as every kind, and the seeds say which they are.
inline constexpr const char* kAttachmentNames[] = {
    "a.docx", "a.xlsx", "a.pptx", "a.odt",  "a.ods", "a.odp", "a.zip", "a.gz",  "a.csv",
    "a.tsv",  "a.txt",  "a.pdf",  "a.doc",  "a.xls", "a.ppt", "a.rtf", "a.msg", "winmail.dat",
    "a.jpg",  "a.png",  "a.tif",  "a.heic", "a.vcf", "a.ics", "a.eml", "a.bin", "a"};

// A property of the output that must hold for every input was broken:
// abort, so that libFuzzer keeps the input as a crash.
[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

inline void require_utf8(const std::string& text, const char* what) {
  if (!is_valid_utf8(text)) fail(what);
}

// A decoder with the fuzzing Limits; faces off unless asked (OpenCV's
// cascade costs ~50 ms a picture: fuzz_attachment covers pictures).
inline MessageDecoder* new_decoder(bool keep_attachment_content) {
  DecodeOptions options;
  options.limits = fuzz_limits();
  options.keep_attachment_content = keep_attachment_content;
  options.detect_faces = false;
  return new MessageDecoder(options);
}

inline std::string_view as_view(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The bytes as an anonymous in-memory file, named by /proc/self/fd/N, so
// that the code under test opens and reads it as it would a file on disk.
class MemoryFile {
 public:
  MemoryFile(std::string_view bytes, const char* name = "fuzz-input") : fd_(memfd_create(name, MFD_CLOEXEC)) {
    if (fd_ < 0) fail("memfd_create");
    std::size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = write(fd_, bytes.data() + done, bytes.size() - done);
      if (n <= 0) fail("write to memfd");
      done += static_cast<std::size_t>(n);
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~MemoryFile() { close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  int fd_;
  std::string path_;
};

}  // namespace leakscan::fuzz
