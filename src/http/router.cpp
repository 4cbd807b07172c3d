// Route table: patterns of literal and {name} segments. A few hundred routes: a request compares
// views of its path with the few that share its number of segments and its second segment (no
// allocation until a match).
#include <array>
#include <stdexcept>

#include "http/api.hpp"

namespace lianxin::http {

namespace {

bool is_param(std::string_view seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
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

// Two patterns that differ only in parameter names match the same paths.
template <class Segments>
bool same_shape(const Segments& a, const Segments& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].param != b[i].param || (!a[i].param && a[i].text != b[i].text)) return false;
  }
  return true;
}

// Does `segs` match the n `parts`? On success `literal` has a bit per literally matched segment,
// the first segment's highest, so that comparing two masks compares left to right.
template <class Segments>
bool matches(const Segments& segs, const Parts& parts, size_t n, uint64_t& literal) {
  if (segs.size() != n) return false;
  literal = 0;
  for (size_t i = 0; i < n; ++i) {
    if (segs[i].param) {
      if (parts[i].empty()) return false;
    } else if (segs[i].text == parts[i]) {
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
  std::vector<Segment> segs;
  for (size_t i = 0; i < n; ++i) {
    const std::string_view seg = parts[i];
    if (is_param(seg)) {
      segs.push_back({std::string(seg.substr(1, seg.size() - 2)), true});
    } else if (seg.find_first_of("{}") != std::string_view::npos) {
      throw std::logic_error("route " + r.pattern + ": bad segment '" + std::string(seg) + "'");
    } else {
      segs.push_back({std::string(seg), false});
    }
  }
  for (size_t i = 0; i < routes_.size(); ++i) {
    if (routes_[i].method == r.method && same_shape(split_[i], segs)) {
      throw std::logic_error("duplicate route " + r.method + " " + r.pattern + " (same as " + routes_[i].pattern + ")");
    }
  }
  if (by_length_.size() <= n) by_length_.resize(n + 1);
  Bucket& bucket = by_length_[n];
  const Segment& key = segs[key_index(n)];
  (key.param ? bucket.any_key : bucket.by_key[key.text]).push_back(routes_.size());
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
  const Bucket& bucket = by_length_[n];
  static const std::vector<size_t> kNone;
  const auto keyed = bucket.by_key.find(parts[key_index(n)]);
  uint64_t literal = 0, best_literal = 0;
  size_t best = routes_.size();
  for (const auto* candidates : {keyed == bucket.by_key.end() ? &kNone : &keyed->second, &bucket.any_key}) {
    for (const size_t i : *candidates) {
      if (!matches(split_[i], parts, n, literal)) continue;
      m.path_known = true;
      if (routes_[i].method != method) continue;
      if (best == routes_.size() || literal > best_literal) {
        best = i;
        best_literal = literal;
      }
    }
  }
  if (best == routes_.size()) return m;
  m.route = &routes_[best];
  for (size_t i = 0; i < n; ++i) {
    if (split_[best][i].param) m.params[split_[best][i].text] = std::string(parts[i]);
  }
  return m;
}

}  // namespace lianxin::http
