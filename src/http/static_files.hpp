// Serving the built web app from a directory (internal to the server).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "http/api.hpp"

namespace lianxin::http::detail {

std::string_view mime_type(std::string_view path);

class StaticFiles {
public:
  // Throws std::runtime_error when `root` is not a directory.
  explicit StaticFiles(const std::string& root);
  // `path` is the already decoded and traversal-checked request path. Unknown paths without an
  // extension fall back to /index.html (client-side routes of the single-page app); other unknown
  // paths are a 404.
  Response serve(const std::string& path, bool accepts_gzip) const;

private:
  std::optional<std::filesystem::path> resolve(const std::string& path) const;
  std::filesystem::path root_;  // canonical
};

}  // namespace lianxin::http::detail
