#include "modules/auth/account_powers.hpp"

#include "modules/auth/authorizer.hpp"
#include "modules/auth/roles.hpp"
#include "modules/common/tree_path.hpp"

namespace lianxin::modules::auth {

GrantPowers grant_powers(const Principal& p, std::string_view permission) {
  GrantPowers g{p.user_id, scope_for(p, permission), false};
  for (const auto& held : p.grants) {
    const Role* r = find_role(held.role);
    if (r && r->system && !held.org_id && role_has(*r, permission)) g.system = true;
  }
  return g;
}

std::string paths_sql(const std::vector<std::string>& paths, db::Params& params, const char* alias) {
  std::string sql;
  for (const auto& path : paths) {
    if (path.empty()) continue;
    params.emplace_back(path);
    params.emplace_back(path_upper(path));
    if (!sql.empty()) sql += " OR ";
    sql += alias;
    sql += ".path >= $" + std::to_string(params.size() - 1) + " AND ";
    sql += alias;
    sql += ".path < $" + std::to_string(params.size());
  }
  if (sql.empty()) return "(1=0)";
  sql.insert(sql.begin(), '(');
  sql.push_back(')');
  return sql;
}

}  // namespace lianxin::modules::auth
