// A file that exists only while someone holds it: created empty and unique, removed on destruction.
// Exports are built in one and streamed to the client from it, so their size never lives in memory.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace lianxin::util {

class TempFile {
public:
  // A new empty file `dir/prefix-XXXXXX` (0600). Throws std::runtime_error when it cannot be created.
  TempFile(const std::string& dir, const std::string& prefix);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }
  uint64_t size() const;        // current size on disk
  std::string read_all() const;  // the whole content (tests, small files)

  // Removes files with this prefix not modified for `max_age`: what a crashed process left behind
  // (a live one is still writing or sending its file). Returns how many.
  static int remove_stale(const std::string& dir, const std::string& prefix, std::chrono::seconds max_age);

private:
  std::string path_;
};

}  // namespace lianxin::util
