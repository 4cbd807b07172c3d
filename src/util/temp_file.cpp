#include "util/temp_file.hpp"
#include "util/whole_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

namespace lianxin::util {

TempFile::TempFile(const std::string& dir, const std::string& prefix) {
  path_ = (dir.empty() ? std::string(".") : dir) + "/" + prefix + "-XXXXXX";
  const int fd = ::mkstemp(path_.data());
  if (fd < 0) throw std::runtime_error("cannot create a temporary file in " + dir);
  ::close(fd);
}

TempFile::~TempFile() { ::unlink(path_.c_str()); }

uint64_t TempFile::size() const {
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0) throw std::runtime_error("temporary file vanished: " + path_);
  return static_cast<uint64_t>(st.st_size);
}

std::string TempFile::read_all() const {
  auto bytes = read_whole_file(path_);
  if (!bytes) throw std::runtime_error("cannot read " + path_);
  return std::move(*bytes);
}

int TempFile::remove_stale(const std::string& dir, const std::string& prefix, std::chrono::seconds max_age) {
  namespace fs = std::filesystem;
  std::error_code ec;
  int removed = 0;
  const auto cutoff = fs::file_time_type::clock::now() - max_age;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.size() != prefix.size() + 7 || !name.starts_with(prefix + "-")) continue;
    const auto modified = fs::last_write_time(e.path(), ec);
    if (!ec && modified < cutoff && fs::remove(e.path(), ec)) ++removed;
  }
  return removed;
}

}  // namespace lianxin::util
