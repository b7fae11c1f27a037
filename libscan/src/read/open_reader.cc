// Opens an input file and picks its reader from the first bytes.
#include "read/opened_input.h"

namespace leakscan {

void OpenedInput::finish() {
  if (finished) return;
  finished = true;
  try {
    record.sha256 = file->finish();
  } catch (const std::exception& e) {
    if (record.error.empty()) record.error = e.what();
  }
  record.bytes = file->stored_position();
  if (gzip) {
    for (const Defect& d : gzip->defects()) record.defects.push_back(d);
  }
}

namespace {

bool starts_like_mbox(LineBuffer& lines) {
  // Look past a BOM and blank lines, as the mbox reader will.
  std::string_view head = lines.peek(4096);
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  while (!head.empty() && (head.front() == '\n' || head.front() == '\r')) head.remove_prefix(1);
  return head.starts_with("From ");
}

}  // namespace

std::unique_ptr<MessageReader> open_reader(const InputFile& file, std::size_t input_index, const Limits& limits) {
  OpenedInput input;
  input.index = input_index;
  input.record.path = file.path;
  input.file = std::make_unique<FileSource>(file.path);
  std::string_view magic = input.file->peek(2);
  if (starts_with_gzip_magic(magic.data(), magic.size())) {
    input.gzip = std::make_unique<GzipSource>(*input.file);
  }
  input.lines = std::make_unique<LineBuffer>(input.stream());
  std::string_view head = input.lines->peek(std::size_t{64} * 1024);
  if (head.find('\n') == std::string_view::npos && head.find('\r') != std::string_view::npos) {
    input.lines->translate_cr_to_lf();
    input.record.defects.push_back({"input.cr-line-endings", "input", "CR-only line endings read as LF"});
  }
  bool mbox = starts_like_mbox(*input.lines);
  input.record.format = std::string(mbox ? "mbox" : "eml") + (input.gzip ? "+gzip" : "");
  return mbox ? make_mbox_reader(std::move(input), limits) : make_eml_reader(std::move(input), limits);
}

}  // namespace leakscan
