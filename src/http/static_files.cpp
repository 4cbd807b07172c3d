// Static files: MIME types, immutable caching of hashed assets, .gz siblings, SPA fallback.
#include "http/static_files.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <utility>

#include "http/errors.hpp"
#include "util/whole_file.hpp"

namespace lianxin::http::detail {

namespace fs = std::filesystem;

std::string_view mime_type(std::string_view path) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
      {".wasm", "application/wasm"},
      {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {".csv", "text/csv; charset=utf-8"},
      {".pdf", "application/pdf"},
  };
  auto dot = path.rfind('.');
  auto slash = path.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
    return "application/octet-stream";
  }
  std::string ext(path.substr(dot));
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& [e, type] : kTypes) {
    if (e == ext) return type;
  }
  return "application/octet-stream";
}

namespace {

bool last_segment_has_extension(const std::string& path) {
  auto slash = path.rfind('/');
  return path.find('.', slash == std::string::npos ? 0 : slash) != std::string::npos;
}

}  // namespace

StaticFiles::StaticFiles(const std::string& root) {
  std::error_code ec;
  root_ = fs::canonical(root, ec);
  if (ec || !fs::is_directory(root_)) throw std::runtime_error("static_dir is not a directory: " + root);
}

// A regular file inside root (after resolving symlinks), or nullopt. The path was traversal-checked
// already; the canonical prefix test also stops a symlink that points out of the directory.
std::optional<fs::path> StaticFiles::resolve(const std::string& path) const {
  std::string rel = path;
  while (!rel.empty() && rel.front() == '/') rel.erase(0, 1);
  if (rel.empty() || rel.back() == '/') rel += "index.html";
  std::error_code ec;
  fs::path p = fs::canonical(root_ / fs::path(rel), ec);
  if (ec || !fs::is_regular_file(p, ec)) return std::nullopt;
  auto [root_end, _] = std::mismatch(root_.begin(), root_.end(), p.begin(), p.end());
  if (root_end != root_.end()) return std::nullopt;
  return p;
}

Response StaticFiles::serve(const std::string& path, bool accepts_gzip) const {
  std::string effective = path;
  auto file = resolve(effective);
  if (!file && !last_segment_has_extension(path)) {
    effective = "/index.html";
    file = resolve(effective);
  }
  if (!file) {
    ApiError e = not_found("文件");
    return Response::json(e.to_json(), e.status);
  }
  std::optional<std::string> body;
  bool gzipped = false;
  if (accepts_gzip) {
    fs::path gz = *file;
    gz += ".gz";
    std::error_code ec;
    if (fs::is_regular_file(gz, ec) && (body = util::read_whole_file(gz.string()))) gzipped = true;
  }
  if (!body) body = util::read_whole_file(file->string());
  if (!body) {
    ApiError e = not_found("文件");
    return Response::json(e.to_json(), e.status);
  }
  Response r = Response::text(std::move(*body), std::string(mime_type(file->string())));
  // Files under /assets/ carry a content hash in their names, so they never change; index.html
  // must be revalidated so a new deployment is picked up.
  r.headers.emplace_back("Cache-Control", effective.starts_with("/assets/") ? "public, max-age=31536000, immutable"
                                                                            : "no-cache");
  r.headers.emplace_back("Vary", "Accept-Encoding");
  if (gzipped) r.headers.emplace_back("Content-Encoding", "gzip");
  return r;
}

}  // namespace lianxin::http::detail
