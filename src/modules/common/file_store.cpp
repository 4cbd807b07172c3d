#include "modules/common/file_store.hpp"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <random>

#include <sodium.h>

#include "http/errors.hpp"
#include "util/csv.hpp"

namespace lianxin::modules {

namespace fs = std::filesystem;

namespace {

// A file name as shown to people: its last path component, without control characters.
std::string clean_name(const std::string& raw) {
  std::string name = raw;
  if (auto p = name.find_last_of("/\\"); p != std::string::npos) name = name.substr(p + 1);
  std::string out;
  for (unsigned char c : name)
    if (c >= 0x20 && c != 0x7F) out += static_cast<char>(c);
  return out;
}

const char* extension_of(const std::string& type) {
  if (type == "application/pdf") return ".pdf";
  if (type == "image/jpeg") return ".jpg";
  return ".png";
}

}  // namespace

std::string FileStore::sha256_hex(const std::string& bytes) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (unsigned char c : out) {
    s += hex[c >> 4];
    s += hex[c & 0x0F];
  }
  return s;
}

std::string FileStore::sniff_type(const std::string& b) {
  if (b.rfind("%PDF-", 0) == 0) return "application/pdf";
  if (b.size() >= 3 && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xD8 &&
      static_cast<unsigned char>(b[2]) == 0xFF)
    return "image/jpeg";
  if (b.rfind(std::string("\x89PNG\r\n\x1a\n", 8), 0) == 0) return "image/png";
  return {};
}

std::string FileStore::root() const {
  return ctx_.files_dir.empty() ? ctx_.temp_directory() + "/files" : ctx_.files_dir;
}

std::string FileStore::rel_path(const std::string& sha, const std::string& type) const {
  return area_ + "/" + sha.substr(0, 2) + "/" + sha + extension_of(type);
}

StoredFile FileStore::store(const FileUpload& up) const {
  const std::string& bytes = *up.bytes;
  if (bytes.size() > ctx_.attachment_max_bytes)
    throw http::ApiError(413, "attachment.too_large",
                         "附件不能超过" + std::to_string(ctx_.attachment_max_bytes / (1024 * 1024)) + " MB", "file");
  StoredFile out;
  out.file_name = clean_name(up.file_name);
  std::vector<domain::FieldError> errs;
  if (out.file_name.empty()) errs.push_back({"filename", "filename.required", "请提供文件名（filename）"});
  else if (util::utf8_length(out.file_name) > 200)
    errs.push_back({"filename", "filename.too_long", "文件名不能超过200个字"});
  if (bytes.empty()) errs.push_back({"file", "file.empty", "文件为空"});
  if (!errs.empty()) throw http::validation_failed(errs);
  out.content_type = sniff_type(bytes);
  if (out.content_type.empty()) throw http::ApiError(415, "attachment.type", "只能上传 PDF、JPEG 或 PNG 文件", "file");
  std::string declared = up.content_type.substr(0, up.content_type.find(';'));
  while (!declared.empty() && declared.back() == ' ') declared.pop_back();
  if (!declared.empty() && declared != "application/octet-stream" && declared != out.content_type &&
      !(declared == "image/jpg" && out.content_type == "image/jpeg"))
    throw http::ApiError(415, "attachment.type_mismatch", "文件内容与声明的类型（" + declared + "）不符", "file");

  out.sha256 = sha256_hex(bytes);
  out.size = static_cast<int64_t>(bytes.size());
  out.rel_path = rel_path(out.sha256, out.content_type);
  const fs::path path = fs::path(root()) / out.rel_path;
  std::error_code ec;
  if (!fs::exists(path, ec) || fs::file_size(path, ec) != bytes.size()) {
    fs::create_directories(path.parent_path());
    const fs::path tmp = path.string() + ".part-" + std::to_string(std::random_device{}());
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      if (!f.good()) throw std::runtime_error("cannot write attachment " + tmp.string());
    }
    fs::rename(tmp, path);
  }
  return out;
}

std::string FileStore::read(const std::string& rel, const std::string& sha) const {
  std::ifstream f(fs::path(root()) / rel, std::ios::binary);
  if (!f) throw http::ApiError(410, "attachment.missing", "附件文件已丢失，请联系管理员从备份恢复");
  std::string body{std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
  // A file that no longer matches its hash is not served as the file that was uploaded.
  if (sha256_hex(body) != sha) throw http::ApiError(410, "attachment.corrupt", "附件文件已损坏，请联系管理员从备份恢复");
  return body;
}

void FileStore::remove(const std::string& rel) const {
  std::error_code ec;
  fs::remove(fs::path(root()) / rel, ec);
}

std::string percent_decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int v = 0;
      auto [p, ec] = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
      if (ec == std::errc() && p == s.data() + i + 3) {
        out += static_cast<char>(v);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

}  // namespace lianxin::modules
