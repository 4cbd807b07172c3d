// Route table: patterns of literal and {name} segments. Small enough (a few hundred routes) that a
// linear scan per request costs less than the JSON work of any handler.
#include <stdexcept>

#include "http/api.hpp"

namespace lianxin::http {

namespace {

// "/api/orgs/{id}" -> {"api","orgs","{id}"}; "/" -> {""}.
std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    out.emplace_back(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

bool is_param(const std::string& seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

// Two patterns that differ only in parameter names match the same paths.
std::string shape_of(const std::vector<std::string>& segs) {
  std::string s;
  for (const auto& seg : segs) s += "/" + (is_param(seg) ? std::string("{}") : seg);
  return s;
}

// Does `segs` match `parts`? On success `literal` says, per segment, whether it matched literally.
bool matches(const std::vector<std::string>& segs, const std::vector<std::string>& parts,
             std::vector<bool>& literal) {
  if (segs.size() != parts.size()) return false;
  literal.assign(segs.size(), false);
  for (size_t i = 0; i < segs.size(); ++i) {
    if (is_param(segs[i])) {
      if (parts[i].empty()) return false;
    } else if (segs[i] == parts[i]) {
      literal[i] = true;
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
  auto segs = split_path(r.pattern);
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
  routes_.push_back(std::move(r));
  split_.push_back(std::move(segs));
}

// Among matching routes the most literal wins, compared left to right: "/orgs/tree" beats
// "/orgs/{id}", and "/orgs/{id}/stats" beats "/{x}/{id}/stats".
Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match m;
  const auto parts = split_path(path);
  std::vector<bool> literal, best_literal;
  size_t best = routes_.size();
  for (size_t i = 0; i < routes_.size(); ++i) {
    if (!matches(split_[i], parts, literal)) continue;
    m.path_known = true;
    if (routes_[i].method != method) continue;
    if (best == routes_.size() || literal > best_literal) {
      best = i;
      best_literal = literal;
    }
  }
  if (best == routes_.size()) return m;
  m.route = &routes_[best];
  const auto& segs = split_[best];
  for (size_t i = 0; i < segs.size(); ++i) {
    if (is_param(segs[i])) m.params[segs[i].substr(1, segs[i].size() - 2)] = parts[i];
  }
  return m;
}

}  // namespace lianxin::http
