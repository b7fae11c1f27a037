#include <libscan/report.h>

#include "report/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace leakscan {

unsigned make_output_directory(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0700) == 0) {
    // The umask may have taken bits away (077 is fine, 0777 would lock us out).
    if (::chmod(dir.c_str(), 0700) != 0) fail_output("cannot set the mode of", dir);
    return 0700;
  }
  if (errno != EEXIST) fail_output("cannot create directory", dir);
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    errno = ENOTDIR;
    fail_output("not a directory", dir);
  }
  return st.st_mode & 07777;
}

namespace {

int create_private_temporary(std::string& name_template) {
  int fd = ::mkstemp(name_template.data());  // 0600, less what the umask removes
  if (fd >= 0 && ::fchmod(fd, 0600) != 0) {
    ::close(fd);
    ::unlink(name_template.c_str());
    return -1;
  }
  return fd;
}

}  // namespace

void remove_stale_temporaries(const std::string& dir, const std::vector<std::string>& names) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    std::string file = entry.path().filename().string();
    for (const std::string& name : names) {
      // mkstemp's template: "." name "." and six characters.
      if (file.size() == name.size() + 8 && file[0] == '.' && file.compare(1, name.size(), name) == 0 &&
          file[name.size() + 1] == '.') {
        std::filesystem::remove(entry.path(), error);
      }
    }
  }
}

OutputFile::OutputFile(const std::string& dir, const std::string& name) : path_(dir + "/" + name) {
  make_output_directory(dir);
  temporary_ = dir + "/." + name + ".XXXXXX";
  fd_ = create_private_temporary(temporary_);
  if (fd_ < 0) fail_output("cannot create", temporary_);
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(temporary_.c_str());
  }
}

void OutputFile::write(std::string_view bytes) {
  buffer_.append(bytes);
  if (buffer_.size() >= (1u << 20)) flush();
}

void OutputFile::flush() {
  write_all(fd_, buffer_, "cannot write", temporary_);
  buffer_.clear();
}

void OutputFile::commit() {
  flush();
  if (::fsync(fd_) != 0) fail_output("cannot write", temporary_);
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    ::unlink(temporary_.c_str());
    fail_output("cannot write", temporary_);
  }
  if (::rename(temporary_.c_str(), path_.c_str()) != 0) {
    ::unlink(temporary_.c_str());
    fail_output("cannot rename to", path_);
  }
  // The rename itself survives a power cut only once the directory is synced.
  std::string dir = path_.substr(0, path_.rfind('/'));
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
}

FindingsSpool::FindingsSpool(const std::string& dir) : dir_(dir) {
  make_output_directory(dir);
  std::string name = dir + "/.findings.spool.XXXXXX";
  fd_ = create_private_temporary(name);
  if (fd_ < 0) fail_output("cannot create", name);
  // Unlinked at once: nothing is left behind, even after kill -9.
  ::unlink(name.c_str());
}

FindingsSpool::FindingsSpool(const std::string& dir, const std::string& path, std::uint64_t keep_bytes,
                             std::uint64_t keep_findings)
    : dir_(dir), count_(keep_findings), bytes_(keep_bytes) {
  make_output_directory(dir);
  fd_ = open_at_mark(path, keep_bytes);
}

std::uint64_t FindingsSpool::sync() {
  flush();
  if (::fsync(fd_) != 0) fail_output("cannot write the findings spool in", dir_);
  return bytes_;
}

FindingsSpool::~FindingsSpool() {
  if (fd_ >= 0) ::close(fd_);
}

void FindingsSpool::add(const Finding& finding, const std::string& input_path, bool reveal) {
  add(finding.record, finding_json(finding, input_path, reveal));
}

void FindingsSpool::add(std::int64_t record, std::string_view json) {
  buffer_ += std::to_string(record);
  buffer_.push_back('\t');
  buffer_ += json;
  buffer_.push_back('\n');
  ++count_;
  if (buffer_.size() >= (1u << 20)) flush();
}

void FindingsSpool::flush() {
  write_all(fd_, buffer_, "cannot write the findings spool in", dir_);
  bytes_ += buffer_.size();
  buffer_.clear();
}

void FindingsSpool::write_findings(const ScanResult& result) {
  flush();
  if (::lseek(fd_, 0, SEEK_SET) != 0) fail_output("cannot read the findings spool in", dir_);
  OutputFile out(dir_, "findings.jsonl");
  std::string pending, line;
  char chunk[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_output("cannot read the findings spool in", dir_);
    }
    if (n == 0) break;
    pending.append(chunk, static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (std::size_t nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n', start)) {
      std::string_view entry(pending.data() + start, nl - start);
      std::size_t tab = entry.find('\t');
      std::int64_t record = std::stoll(std::string(entry.substr(0, tab)));
      std::int64_t person = -1;
      if (record >= 0 && static_cast<std::size_t>(record) < result.person_of_record.size()) {
        person = result.person_of_record[static_cast<std::size_t>(record)];
      }
      std::string_view json = entry.substr(tab + 1);
      line.assign(json.substr(0, json.size() - 1));  // without the closing brace
      line += person >= 0 ? ",\"person\":\"" + result.persons[static_cast<std::size_t>(person)].id + "\"}\n"
                          : ",\"person\":null}\n";
      out.write(line);
      start = nl + 1;
    }
    pending.erase(0, start);
  }
  out.commit();
}

void write_output_file(const std::string& dir, const std::string& name, const std::string& contents) {
  OutputFile file(dir, name);
  file.write(contents);
  file.commit();
}

}  // namespace leakscan
