#include "util/whole_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace lianxin::util {

namespace {

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Reads an open descriptor to its end; size_hint (fstat's size) saves regrowing for a regular file.
std::string read_to_end(int fd, size_t size_hint, const std::string& path) {
  std::string bytes(size_hint, '\0');
  size_t got = 0;
  for (;;) {
    if (got == bytes.size()) bytes.resize(got + (got < 4096 ? 4096 : got / 2));  // it grew since fstat
    const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  bytes.resize(got);
  return bytes;
}

}  // namespace

std::optional<std::string> read_whole_file(const std::string& path) {
  const Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  struct stat st {};
  if (f.fd < 0 || ::fstat(f.fd, &st) != 0 || S_ISDIR(st.st_mode)) return std::nullopt;
  return read_to_end(f.fd, static_cast<size_t>(st.st_size), path);
}

// The descriptor opened here is the one read: a pipe opened twice would lose its writer's bytes
// in between (or kill the writer with SIGPIPE when no reader is open for a moment).
MappedFile::MappedFile(const std::string& path) {
  const Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  struct stat st {};
  if (f.fd < 0 || ::fstat(f.fd, &st) != 0 || S_ISDIR(st.st_mode)) throw std::runtime_error("cannot read " + path);
  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, f.fd, 0);
    if (p != MAP_FAILED) {
      map_ = p;
      size_ = static_cast<size_t>(st.st_size);
      ::madvise(map_, size_, MADV_SEQUENTIAL);
      return;  // a mapping outlives its descriptor
    }
  }
  read_ = read_to_end(f.fd, S_ISREG(st.st_mode) ? static_cast<size_t>(st.st_size) : 0, path);
}

MappedFile::~MappedFile() {
  if (map_) ::munmap(map_, size_);
}

}  // namespace lianxin::util
