#include "util/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>

#include "util/whole_file.hpp"

namespace lianxin::util {

MappedFile::MappedFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot read " + path);
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (p != MAP_FAILED) {
      map_ = p;
      size_ = static_cast<size_t>(st.st_size);
      ::madvise(map_, size_, MADV_SEQUENTIAL);
    }
  }
  ::close(fd);  // a mapping outlives its descriptor
  if (map_) return;
  auto bytes = read_whole_file(path);
  if (!bytes) throw std::runtime_error("cannot read " + path);
  read_ = std::move(*bytes);
}

MappedFile::~MappedFile() {
  if (map_) ::munmap(map_, size_);
}

}  // namespace lianxin::util
