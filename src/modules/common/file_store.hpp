// Uploaded files (recruitment step scans, meeting photos and minutes): PDF, JPEG and PNG only,
// recognized by their first bytes (the declared Content-Type must agree), at most
// ModuleContext::attachment_max_bytes, stored under ModuleContext::files_dir/<area>/ by SHA-256
// (content-addressed: a retry or a second copy is harmless). The caller keeps the row and the
// audit record; a file is written before the row's transaction, so a failed transaction leaves at
// most an unreferenced file, never a row without its file.
#pragma once

#include <string>

#include "modules/common/context.hpp"

namespace lianxin::modules {

struct FileUpload {
  std::string file_name;     // ?filename= or the X-Filename header (percent-encoded UTF-8)
  std::string content_type;  // the request's Content-Type (may be empty or application/octet-stream)
  const std::string* bytes = nullptr;
};

struct StoredFile {
  std::string file_name;     // cleaned: last path component, no control characters
  std::string content_type;  // what the bytes are
  std::string sha256;        // hex
  std::string rel_path;      // "<area>/ab/abcd….pdf" under files_dir
  int64_t size = 0;
};

class FileStore {
public:
  FileStore(const ModuleContext& ctx, std::string area) : ctx_(ctx), area_(std::move(area)) {}

  // Checks and writes the upload: 413 too large; 415 not a PDF, JPEG or PNG (or not what
  // Content-Type says); 422 empty or without a file name.
  StoredFile store(const FileUpload& up) const;
  // The stored bytes; 410 when the file is gone or no longer matches its hash.
  std::string read(const std::string& rel_path, const std::string& sha256) const;
  // Removes a file no row references any more (call after the commit).
  void remove(const std::string& rel_path) const;
  // Where a file of this hash and type lives (for tables that keep only the hash).
  std::string rel_path(const std::string& sha256, const std::string& content_type) const;

  // "application/pdf", "image/jpeg", "image/png" from the first bytes; empty otherwise.
  static std::string sniff_type(const std::string& bytes);
  static std::string sha256_hex(const std::string& bytes);

private:
  std::string root() const;
  const ModuleContext& ctx_;
  std::string area_;
};

// X-Filename is percent-encoded UTF-8 (header values are ASCII); ?filename= is decoded already.
std::string percent_decode(const std::string& s);

}  // namespace lianxin::modules
