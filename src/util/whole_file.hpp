// Reading a whole file into memory: one allocation of the file's size and one read loop, where a
// stringstream grew its buffer by copies (a 200 MB import file was copied four times, 0.3 s).
#pragma once

#include <optional>
#include <string>

namespace lianxin::util {

// The file's bytes, also from a pipe; nullopt when it cannot be opened (missing, unreadable, a directory).
// Throws std::runtime_error when reading fails after it was opened.
std::optional<std::string> read_whole_file(const std::string& path);

}  // namespace lianxin::util
