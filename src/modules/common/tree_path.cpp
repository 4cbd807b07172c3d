#include "modules/common/tree_path.hpp"

#include <charconv>
#include <stdexcept>

namespace lianxin::modules {

std::string child_path(std::string_view parent_path, int64_t id) {
  std::string p(parent_path.empty() ? "/" : parent_path);
  p += std::to_string(id);
  p += '/';
  return p;
}

std::string path_upper(std::string_view path) {
  if (path.empty() || path.back() != '/') throw std::invalid_argument("tree path must end with '/'");
  std::string u(path);
  u.back() = '0';
  return u;
}

std::vector<int64_t> path_ids(std::string_view path) {
  std::vector<int64_t> ids;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') { ++i; continue; }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    int64_t v = 0;
    auto [p, ec] = std::from_chars(path.data() + i, path.data() + j, v);
    if (ec != std::errc() || p != path.data() + j) throw std::invalid_argument("bad tree path");
    ids.push_back(v);
    i = j;
  }
  return ids;
}

bool path_within(std::string_view path, std::string_view root) {
  return !root.empty() && root.back() == '/' && path.substr(0, root.size()) == root;
}

std::string common_ancestor(std::string_view a, std::string_view b) {
  size_t end = 0;  // one past the last '/' up to which both agree
  for (size_t i = 0; i < a.size() && i < b.size() && a[i] == b[i]; ++i)
    if (a[i] == '/') end = i + 1;
  return end > 1 ? std::string(a.substr(0, end)) : std::string();
}

}  // namespace lianxin::modules
