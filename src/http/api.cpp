// Request helpers, Response factories and Scope: the module-facing half of the HTTP layer.
#include "http/api.hpp"

#include <charconv>

#include "http/errors.hpp"

namespace lianxin::http {

const std::string* Request::query_param(const std::string& name) const {
  auto it = query.find(name);
  return it == query.end() ? nullptr : &it->second;
}

std::string Request::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

// A malformed id is "not found" rather than 400: to the client it is just a URL that names nothing.
int64_t Request::id_param(const std::string& name) const {
  auto it = path_params.find(name);
  if (it == path_params.end()) throw not_found();
  const std::string& s = it->second;
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || s[0] == '-' || ec != std::errc() || end != s.data() + s.size() || v <= 0) {
    throw not_found();
  }
  return v;
}

Response Response::json(const boost::json::value& v, int status) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(v);
  return r;
}

Response Response::json_text(std::string body, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Response::text(std::string body, std::string content_type, int status) {
  Response r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

namespace {

// RFC 5987 attr-char: everything else in filename* is percent-encoded.
bool is_attr_char(unsigned char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '&': case '+': case '-': case '.':
    case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

// For old clients that ignore filename*: one '_' per non-ASCII character (not per byte), and no
// characters that would break the quoted string.
std::string ascii_fallback(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation byte: already replaced
    if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\' || c == '/' || c == ';') {
      out += '_';
    } else {
      out += static_cast<char>(c);
    }
  }
  return out.empty() ? std::string("download") : out;
}

std::string pct_encode_utf8(const std::string& name) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : name) {
    if (is_attr_char(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0x0F];
    }
  }
  return out;
}

}  // namespace

Response Response::download(std::string body, std::string content_type, const std::string& filename) {
  Response r = text(std::move(body), std::move(content_type));
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + ascii_fallback(filename) +
                                                    "\"; filename*=UTF-8''" + pct_encode_utf8(filename));
  return r;
}

Response Response::download(std::shared_ptr<util::TempFile> file, std::string content_type,
                            const std::string& filename) {
  Response r = download(std::string(), std::move(content_type), filename);
  r.file = std::move(file);
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();  // a 204 has no body, so no Content-Type either
  return r;
}

// Paths are materialized with a trailing '/', so a prefix test compares whole segments: "/1/5/" is
// a prefix of "/1/5/23/" but not of "/1/50/". A scope path missing its '/' is treated as if it had it.
namespace {
// Whether org_path lies in the subtree of one of `roots` (whole path segments only).
bool under_any(const std::vector<std::string>& roots, std::string_view org_path) {
  for (const auto& p : roots) {
    if (p.empty()) continue;
    std::string_view root(p);
    if (root.back() == '/') {
      if (org_path.starts_with(root)) return true;
    } else if (org_path.starts_with(root) && org_path.size() > root.size() && org_path[root.size()] == '/') {
      return true;
    }
  }
  return false;
}
}  // namespace

bool Scope::contains_path(std::string_view org_path) const {
  return everything || under_any(paths, org_path);
}

Scope Scope::intersect(const Scope& a, const Scope& b) {
  if (a.everything) return Scope{b.everything, b.paths, false, {}};
  if (b.everything) return Scope{false, a.paths, false, {}};
  Scope out;
  for (const auto& p : a.paths) {
    for (const auto& q : b.paths) {
      if (under_any({p}, q)) out.paths.push_back(q);        // q lies inside p
      else if (under_any({q}, p)) out.paths.push_back(p);   // p lies inside q
    }
  }
  return out;
}

bool Scope::sees_path(std::string_view org_path) const {
  return visible_everything || everything || under_any(visible, org_path) || under_any(paths, org_path);
}

void Scope::require(std::string_view org_path, const std::string& what) const {
  if (contains_path(org_path)) return;
  if (sees_path(org_path)) throw forbidden("permission_denied", "没有权限执行此操作");
  throw not_found(what);
}

}  // namespace lianxin::http
