#include "modules/common/subtree_sql.hpp"

#include "modules/common/tree_path.hpp"

namespace lianxin::modules {

std::string within_subtrees(std::string_view column, const std::vector<std::string>& roots, db::Params& params) {
  if (roots.empty()) return "1 = 0";
  std::string sql = "(";
  for (const auto& root : roots) {
    if (sql.size() > 1) sql += " OR ";
    params.emplace_back(root);
    sql.append("(").append(column).append(" >= ").append(db::last_placeholder(params));
    params.emplace_back(path_upper(root));
    sql.append(" AND ").append(column).append(" < ").append(db::last_placeholder(params)).append(")");
  }
  return sql + ")";
}

std::string within_scope(std::string_view column, const http::Scope& scope, db::Params& params) {
  return scope.everything ? "1 = 1" : within_subtrees(column, scope.paths, params);
}

}  // namespace lianxin::modules
