// Route table: patterns of literal and {name} segments. A few hundred routes: a request scans the
// ones with its number of segments, comparing views of its path (no allocation until a match).
#include <array>
#include <stdexcept>

#include "http/api.hpp"

namespace lianxin::http {

namespace {

bool is_param(const std::string& seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

// Two patterns that differ only in parameter names match the same paths.
std::string shape_of(const std::vector<std::string>& segs) {
  std::string s;
  for (const auto& seg : segs) s += "/" + (is_param(seg) ? std::string("{}") : seg);
  return s;
}

using Parts = std::array<std::string_view, Router::kMaxSegments>;

// The segments of a path as views into it ("/api/orgs/{id}" -> "api","orgs","{id}"; "/" -> "");
// false when it has more than any route may have.
bool split_view(std::string_view path, Parts& parts, size_t& n) {
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  n = 0;
  for (;;) {
    if (n == parts.size()) return false;
    const size_t slash = path.find('/');
    parts[n++] = path.substr(0, slash);
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
  }
}

// Does `segs` match the n `parts`? On success `literal` has a bit per literally matched segment,
// the first segment's highest, so that comparing two masks compares left to right.
bool matches(const std::vector<std::string>& segs, const Parts& parts, size_t n, uint64_t& literal) {
  if (segs.size() != n) return false;
  literal = 0;
  for (size_t i = 0; i < n; ++i) {
    if (is_param(segs[i])) {
      if (parts[i].empty()) return false;
    } else if (segs[i] == parts[i]) {
      literal |= uint64_t{1} << (Router::kMaxSegments - 1 - i);
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

void Router::add(Route r) {
  if (r.permission.empty()) throw std::logic_error("route " + r.method + " " + r.pattern + ": empty permission");
  if (r.method.empty() || r.pattern.empty() || r.pattern.front() != '/') {
    throw std::logic_error("route " + r.method + " " + r.pattern + ": bad method or pattern");
  }
  if (!r.handler) throw std::logic_error("route " + r.method + " " + r.pattern + ": no handler");
  Parts parts;
  size_t n = 0;
  if (!split_view(r.pattern, parts, n)) throw std::logic_error("route " + r.pattern + ": too many segments");
  std::vector<std::string> segs(parts.begin(), parts.begin() + static_cast<std::ptrdiff_t>(n));
  for (const auto& seg : segs) {
    if (seg.find_first_of("{}") != std::string::npos && !is_param(seg)) {
      throw std::logic_error("route " + r.pattern + ": bad segment '" + seg + "'");
    }
  }
  const std::string shape = shape_of(segs);
  for (size_t i = 0; i < routes_.size(); ++i) {
    if (routes_[i].method == r.method && shape_of(split_[i]) == shape) {
      throw std::logic_error("duplicate route " + r.method + " " + r.pattern + " (same as " + routes_[i].pattern + ")");
    }
  }
  if (by_length_.size() <= segs.size()) by_length_.resize(segs.size() + 1);
  by_length_[segs.size()].push_back(routes_.size());
  routes_.push_back(std::move(r));
  split_.push_back(std::move(segs));
}

// Among matching routes the most literal wins, compared left to right: "/orgs/tree" beats
// "/orgs/{id}", and "/orgs/{id}/stats" beats "/{x}/{id}/stats".
Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match m;
  Parts parts;
  size_t n = 0;
  if (!split_view(path, parts, n) || n >= by_length_.size()) return m;
  uint64_t literal = 0, best_literal = 0;
  const Route* best = nullptr;
  const std::vector<std::string>* best_segs = nullptr;
  for (const size_t i : by_length_[n]) {
    if (!matches(split_[i], parts, n, literal)) continue;
    m.path_known = true;
    if (routes_[i].method != method) continue;
    if (!best || literal > best_literal) {
      best = &routes_[i];
      best_segs = &split_[i];
      best_literal = literal;
    }
  }
  if (!best) return m;
  m.route = best;
  for (size_t i = 0; i < n; ++i) {
    const std::string& seg = (*best_segs)[i];
    if (is_param(seg)) m.params[seg.substr(1, seg.size() - 2)] = std::string(parts[i]);
  }
  return m;
}

}  // namespace lianxin::http
