#include <libscan/checkpoint.h>
#include <libscan/error.h>

#include "report/file_io.h"
#include "util/whole_file.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

namespace leakscan {

namespace {

constexpr const char* kSchema = "leakscan.checkpoint/1";

CheckpointMark parse_mark(const std::string& text, const std::string& fingerprint, const std::string& path) {
  nlohmann::json state = nlohmann::json::parse(text, nullptr, false);
  if (!state.is_object() || state.value("schema", "") != kSchema) {
    throw ConfigError(path + ": not a leakscan checkpoint");
  }
  if (state.value("fingerprint", "") != fingerprint) {
    throw ConfigError(path +
                      ": the checkpoint is of another scan (other inputs, rules, case file or options); "
                      "scan again without --resume");
  }
  CheckpointMark mark;
  try {
    mark.messages = state.at("messages").get<std::uint64_t>();
    mark.messages_with_defects = state.at("messages_with_defects").get<std::uint64_t>();
    mark.journal_bytes = state.at("journal_bytes").get<std::uint64_t>();
    mark.spool_bytes = state.at("spool_bytes").get<std::uint64_t>();
    mark.spool_findings = state.at("spool_findings").get<std::uint64_t>();
  } catch (const nlohmann::json::exception&) {
    throw ConfigError(path + ": a damaged checkpoint; scan again without --resume");
  }
  return mark;
}

}  // namespace

ScanCheckpoint::ScanCheckpoint(const std::string& out_dir, const std::string& fingerprint, bool resume)
    : dir_(out_dir + "/.checkpoint"), fingerprint_(fingerprint) {
  make_output_directory(out_dir);
  std::string state_path = dir_ + "/state.json";
  std::optional<std::string> state = resume ? read_whole_file(state_path) : std::nullopt;
  if (state) {
    mark_ = parse_mark(*state, fingerprint, state_path);
    resumed_ = true;
  } else {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  make_output_directory(dir_);

  std::string journal_path = dir_ + "/journal";
  try {
    journal_fd_ = open_at_mark(journal_path, mark_.journal_bytes);
    spool_ =
        std::make_unique<FindingsSpool>(out_dir, dir_ + "/findings.spool", mark_.spool_bytes, mark_.spool_findings);
  } catch (const OutputError& e) {
    if (resumed_) throw ConfigError(std::string(e.what()) + "; scan again without --resume");
    throw;
  }
  journal_bytes_ = durable_journal_ = mark_.journal_bytes;
  if (mark_.journal_bytes > 0) {
    void* map = ::mmap(nullptr, mark_.journal_bytes, PROT_READ, MAP_PRIVATE, journal_fd_, 0);
    if (map == MAP_FAILED) fail_output("cannot map", journal_path);
    mapped_ = static_cast<const char*>(map);
    mapped_size_ = mark_.journal_bytes;
  }
  durable_spool_ = mark_.spool_bytes;
  durable_findings_ = mark_.spool_findings;
  // From the start a resume can tell whether it is the same scan.
  if (!resumed_) write_mark(0, 0);
}

ScanCheckpoint::~ScanCheckpoint() {
  release_journal();
  if (journal_fd_ >= 0) ::close(journal_fd_);
}

void ScanCheckpoint::release_journal() {
  if (mapped_ != nullptr) ::munmap(const_cast<char*>(mapped_), mapped_size_);
  mapped_ = nullptr;
  mapped_size_ = 0;
}

void ScanCheckpoint::flush_journal() {
  write_all(journal_fd_, buffer_, "cannot write", dir_ + "/journal");
  journal_bytes_ += buffer_.size();
  buffer_.clear();
}

void ScanCheckpoint::journal_appended() {
  if (buffer_.size() >= (1u << 20)) flush_journal();
}

void ScanCheckpoint::make_durable() {
  flush_journal();
  if (::fsync(journal_fd_) != 0) fail_output("cannot write", dir_ + "/journal");
  durable_journal_ = journal_bytes_;
  durable_spool_ = spool_->sync();
  durable_findings_ = spool_->count();
}

void ScanCheckpoint::write_mark(std::uint64_t messages, std::uint64_t messages_with_defects) {
  nlohmann::ordered_json state;
  state["schema"] = kSchema;
  state["fingerprint"] = fingerprint_;
  state["messages"] = messages;
  state["messages_with_defects"] = messages_with_defects;
  state["journal_bytes"] = durable_journal_;
  state["spool_bytes"] = durable_spool_;
  state["spool_findings"] = durable_findings_;
  write_output_file(dir_, "state.json", state.dump(2) + "\n");
  mark_ = {messages, messages_with_defects, durable_journal_, durable_spool_, durable_findings_};
}

void ScanCheckpoint::remove() {
  release_journal();
  std::error_code error;
  std::filesystem::remove_all(dir_, error);
  if (error) {
    errno = error.value();
    fail_output("cannot remove", dir_);
  }
}

}  // namespace leakscan
