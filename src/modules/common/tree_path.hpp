// Materialized paths of the organization tree: "/1/5/23/" lists the ids from the root to the node.
// A subtree is the half-open text range [path, path_upper(path)): '0' is the character after '/',
// so "/1/5/" covers "/1/5/23/" but not "/1/50/".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lianxin::modules {

std::string child_path(std::string_view parent_path, int64_t id);  // "/1/5/" + 23 -> "/1/5/23/"
std::string path_upper(std::string_view path);                      // "/1/5/" -> "/1/50"
std::vector<int64_t> path_ids(std::string_view path);               // "/1/5/23/" -> {1,5,23}
bool path_within(std::string_view path, std::string_view root);     // whole-segment prefix
// The deepest node whose subtree holds both ("/1/5/23/", "/1/5/9/" -> "/1/5/"); "" when they
// share no root.
std::string common_ancestor(std::string_view a, std::string_view b);

}  // namespace lianxin::modules
