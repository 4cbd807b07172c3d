#include "modules/auth/grant_rules.hpp"

#include "modules/auth/roles.hpp"

namespace lianxin::modules::auth {

namespace {

GrantDenial denied(std::string message) { return {403, "permission_denied", std::move(message), ""}; }
GrantDenial invalid(std::string field, std::string code, std::string message) {
  return {422, std::move(code), std::move(message), std::move(field)};
}

// 三员分立: only the security officer (a system-wide grant.write through a system role) hands out
// or takes back system roles, always for the whole tree, and one account holds at most one.
std::optional<GrantDenial> check_system_role(const GrantCheck& c) {
  if (c.action == GrantAction::api_key)
    return invalid("role", "role.system_not_allowed", "API 密钥不能使用系统管理员、安全保密管理员或安全审计员角色");
  if (!c.actor_system || !c.actor_scope.everything)
    return denied("只有安全保密管理员可以授予或撤销系统管理员、安全保密管理员、安全审计员角色");
  if (c.org_id) return invalid("org_id", "org_id.must_be_null", "系统角色适用于整个系统，不能指定组织");
  if (c.action != GrantAction::grant) return std::nullopt;
  for (const auto& g : c.target_grants) {
    const Role* held = find_role(g.role);
    if (held && held->system && held->code != c.role)
      return invalid("role", "role.exclusive",
                     "系统管理员、安全保密管理员、安全审计员三个角色互斥，该账号已是" + std::string(held->name));
  }
  return std::nullopt;
}

// Nobody hands out more of the tree than they manage themselves.
std::optional<GrantDenial> check_org_role(const GrantCheck& c) {
  if (!c.org_id) {
    if (!c.actor_scope.everything) return denied("只有管理全部组织的账号才能授予不限组织的角色，请指定组织");
    return std::nullopt;
  }
  if (!c.actor_scope.contains_path(c.org_path)) return denied("不能授予或撤销超出本人管理范围的组织角色");
  return std::nullopt;
}

}  // namespace

std::optional<GrantDenial> check_grant(const GrantCheck& c) {
  if (c.actor_user_id == 0) return denied("API 密钥不能管理授权或 API 密钥");
  if (c.action != GrantAction::api_key && c.target_user_id == c.actor_user_id)
    return denied("不能给自己授权，也不能撤销自己的授权");
  const Role* role = find_role(c.role);
  if (!role) return invalid("role", "role.invalid", "未知的角色");
  auto d = role->system ? check_system_role(c) : check_org_role(c);
  if (d) return d;
  if (c.action == GrantAction::grant) {
    for (const auto& g : c.target_grants)
      if (g.role == c.role && g.org_id == c.org_id) return GrantDenial{409, "grant.exists", "该账号已有此授权", "role"};
  }
  return std::nullopt;
}

}  // namespace lianxin::modules::auth
