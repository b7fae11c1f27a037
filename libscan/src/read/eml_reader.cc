// A file holding one message (.eml, a Maildir entry, anything that is not an
// mbox). The whole message, up to Limits::max_message_bytes, is one
// RawMessage at offset 0.
#include "read/opened_input.h"

namespace leakscan {

namespace {

class EmlReader final : public MessageReader {
 public:
  EmlReader(OpenedInput input, const Limits& limits) : input_(std::move(input)), limits_(limits) {}

  bool next(RawMessage& out) override {
    if (done_) return false;
    done_ = true;
    out = RawMessage{};
    out.input = input_.index;
    try {
      read_all(out);
    } catch (const std::exception& e) {
      input_.record.error = e.what();
    }
    input_.finish();
    if (out.bytes.empty() && !input_.record.error.empty()) return false;
    input_.record.messages = 1;
    return true;
  }

  std::uint64_t position() const override { return input_.file->stored_position(); }
  const InputRecord& record() const override { return input_.record; }

 private:
  void read_all(RawMessage& out) {
    LineBuffer& lines = *input_.lines;
    if (lines.peek(3) == "\xEF\xBB\xBF") {
      out.defects.push_back({"input.bom", "message", "UTF-8 byte order mark before the headers"});
      lines.skip(3);
    }
    LineBuffer::Line line;
    bool truncated = false;
    while (lines.next_line(line)) {
      if (out.bytes.size() + line.bytes.size() > limits_.max_message_bytes) {
        truncated = true;
        continue;  // keep reading so that the digest covers the file
      }
      out.bytes.append(line.bytes);
    }
    if (truncated) {
      out.defects.push_back({"message.truncated-at-limit", "message",
                             "kept the first " + std::to_string(limits_.max_message_bytes) + " bytes"});
    }
  }

  OpenedInput input_;
  Limits limits_;  // a copy: callers pass temporaries
  bool done_ = false;
};

}  // namespace

std::unique_ptr<MessageReader> make_eml_reader(OpenedInput input, const Limits& limits) {
  return std::make_unique<EmlReader>(std::move(input), limits);
}

}  // namespace leakscan
