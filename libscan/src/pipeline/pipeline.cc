#include <libscan/error.h>
#include <libscan/pipeline.h>

#include <sys/stat.h>

namespace leakscan {

namespace {

std::uint64_t stored_size(const std::string& path) {
  struct stat st {};
  if (path == "-" || ::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  return static_cast<std::uint64_t>(st.st_size);
}

}  // namespace

PipelineResult run_pipeline(const std::vector<InputFile>& files, const PipelineOptions& options, MessageSink& sink) {
  PipelineResult result;
  Progress progress;
  for (const InputFile& f : files) progress.stored_bytes_total += stored_size(f.path);
  MessageDecoder decoder(options.decode);
  RawMessage raw;
  Message message;
  std::uint64_t done_before = 0;
  for (std::size_t i = 0; i < files.size() && !result.stopped; ++i) {
    std::unique_ptr<MessageReader> reader;
    try {
      reader = open_reader(files[i], i, options.decode.limits);
    } catch (const InputError& e) {
      InputRecord record;
      record.path = files[i].path;
      record.error = e.what();
      result.input_errors = true;
      sink.on_input_done(record);
      result.inputs.push_back(std::move(record));
      continue;
    }
    while (reader->next(raw)) {
      decoder.decode(raw, message);
      ++result.messages;
      if (!message.defects.empty()) ++result.messages_with_defects;
      if (!sink.on_message(message)) {
        result.stopped = true;
        break;
      }
      if (options.progress && result.messages % options.progress_every == 0) {
        progress.stored_bytes_done = done_before + reader->position();
        progress.messages = result.messages;
        options.progress(progress);
      }
    }
    const InputRecord& record = reader->record();
    if (!record.error.empty()) result.input_errors = true;
    done_before += record.bytes;
    sink.on_input_done(record);
    result.inputs.push_back(record);
    if (options.progress) {
      progress.stored_bytes_done = done_before;
      progress.messages = result.messages;
      options.progress(progress);
    }
  }
  return result;
}

}  // namespace leakscan
