// Turns command-line arguments into the ordered list of files to read.
#include <libscan/error.h>
#include <libscan/mailbox.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace leakscan {

namespace fs = std::filesystem;

namespace {

bool is_maildir(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "cur", ec) && fs::is_directory(dir / "new", ec);
}

bool hidden(const fs::path& name) {
  std::string s = name.filename().string();
  return !s.empty() && s[0] == '.';
}

// Regular files below `dir`, relative paths sorted byte-wise. Maildirs met
// on the way contribute their subdirectories only: tmp/ holds deliveries in
// progress, files beside cur/ and new/ are index data, and Maildir++ keeps
// folders as hidden subdirectories.
void collect(const fs::path& root, const fs::path& relative, std::vector<std::string>& out) {
  fs::path dir = root / relative;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) throw InputError(dir.string(), ec.message());
  bool maildir = is_maildir(dir);
  std::vector<fs::directory_entry> entries;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) throw InputError(dir.string(), ec.message());
    entries.push_back(*it);
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path().filename().string() < b.path().filename().string(); });
  for (const fs::directory_entry& entry : entries) {
    fs::path name = entry.path().filename();
    if (maildir && (name == "tmp" || !entry.is_directory(ec))) continue;
    if (hidden(name) && !(maildir && entry.is_directory(ec))) continue;
    if (entry.is_directory(ec)) {
      collect(root, relative / name, out);
    } else if (entry.is_regular_file(ec)) {
      out.push_back((relative / name).generic_string());
    }
  }
}

}  // namespace

std::vector<InputFile> expand_inputs(const std::vector<std::string>& arguments) {
  std::vector<InputFile> files;
  for (const std::string& argument : arguments) {
    if (argument == "-") {
      files.push_back({argument});
      continue;
    }
    std::error_code ec;
    fs::file_status status = fs::status(argument, ec);
    if (ec || !fs::exists(status)) throw InputError(argument, "no such file or directory");
    if (!fs::is_directory(status)) {
      files.push_back({argument});
      continue;
    }
    std::vector<std::string> relative;
    collect(argument, "", relative);
    std::string prefix = argument;
    while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
    for (const std::string& r : relative) {
      std::string path = prefix;
      path += '/';
      path += r;
      files.push_back({std::move(path)});
    }
  }
  return files;
}

}  // namespace leakscan
