// Target parsing and request ids; no Beast here so the rules are unit-testable.
#include "http/target.hpp"

#include <random>

#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

namespace lianxin::http::detail {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool has_dot_segment(std::string_view path) {
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    size_t end = slash == std::string_view::npos ? path.size() : slash;
    std::string_view seg = path.substr(start, end - start);
    if (seg == "." || seg == "..") return true;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

}  // namespace

std::optional<std::string> decode_path(std::string_view target) {
  std::string_view raw = target.substr(0, target.find('?'));
  if (raw.empty() || raw.front() != '/') return std::nullopt;
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '%') {
      if (i + 2 >= raw.size()) return std::nullopt;
      int hi = hex_value(raw[i + 1]), lo = hex_value(raw[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    if (c == '\0') return std::nullopt;
    out += c;
  }
  // Checked after decoding: "%2e%2e" is as much a traversal as "..". A backslash is refused too,
  // since some file APIs treat it as a separator.
  if (has_dot_segment(out) || out.find('\\') != std::string::npos) return std::nullopt;
  return out;
}

bool parse_query(std::string_view target, std::map<std::string, std::string>& out) {
  auto q = target.find('?');
  if (q == std::string_view::npos) return true;
  std::string_view query = target.substr(q + 1);
  if (!boost::urls::parse_query(query)) return false;  // checked first: params_view throws instead
  boost::urls::encoding_opts opt;
  opt.space_as_plus = true;
  for (const auto& p : boost::urls::params_view(query, opt)) {
    if (p.key.find('\0') != std::string::npos || p.value.find('\0') != std::string::npos) return false;
    out[p.key] = p.value;
  }
  return true;
}

bool is_valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// Not a secret, only unique enough to find one request in the logs: a per-thread PRNG is enough.
std::string new_request_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static const char* hex = "0123456789abcdef";
  uint64_t v = rng();
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[static_cast<size_t>(i)] = hex[v & 0xF];
  return out;
}

}  // namespace lianxin::http::detail
