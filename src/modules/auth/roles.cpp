#include "modules/auth/roles.hpp"

#include <algorithm>
#include <array>

namespace lianxin::modules::auth {

namespace {

using P = std::string_view;

constexpr std::array<P, 32> kPermissions = {
    "org.read",    "org.write",   "org.import",  "org.export",   "member.read",  "member.write", "member.reveal",
    "member.import", "member.export", "user.read", "user.write",  "user.create_member", "grant.read",
    "grant.write", "apikey.read", "apikey.write", "audit.read",   "audit.export", "session.revoke",
    "recruit.read", "recruit.write", "recruit.pack", "calendar.write", "transfer.read", "transfer.write",
    "mobile.read", "mobile.write", "dues.read", "dues.write", "dues.approve", "meeting.read", "meeting.write"};

// 系统管理员: accounts and settings (the working-day calendar), no party data (三员分立).
constexpr std::array<P, 5> kSysAdmin = {"user.read", "user.write", "session.revoke", "apikey.read", "calendar.write"};
// 安全保密管理员: who may do what (grants, API keys), nothing else.
constexpr std::array<P, 5> kSecAdmin = {"user.read", "grant.read", "grant.write", "apikey.read", "apikey.write"};
// 安全审计员: reads the audit trail, changes nothing.
constexpr std::array<P, 2> kAuditor = {"audit.read", "audit.export"};
// 组织部管理员: everything about the party data of a subtree, including member accounts and the
// grants below it, recruitment cases and the rule pack of its subtree (the calendar only when its
// grant covers the whole tree), the transfers and mobile members touching its subtree, its dues
// (approving reductions and exemptions, R-F01) and its organisational life.
constexpr std::array<P, 28> kOrgAdmin = {"org.read",      "org.write",     "org.import",        "org.export",
                                         "member.read",   "member.write",  "member.reveal",     "member.import",
                                         "member.export", "user.read",     "user.create_member", "grant.read",
                                         "grant.write",   "apikey.read",   "apikey.write",       "recruit.read",
                                         "recruit.write", "recruit.pack",  "calendar.write",    "transfer.read",
                                         "transfer.write", "mobile.read",   "mobile.write",       "dues.read",
                                         "dues.write",    "dues.approve",  "meeting.read",      "meeting.write"};
// 党务工作者 / 支部书记: the registry, the recruitment cases, the transfers, the mobile members
// (流出 / 流入), the dues (proposing, never approving, a reduction) and the meetings of a branch or subtree.
constexpr std::array<P, 18> kWorker = {"org.read",      "org.export",    "member.read",   "member.write",
                                       "member.reveal", "member.import", "member.export", "user.read",
                                       "recruit.read",  "recruit.write", "transfer.read", "transfer.write",
                                       "mobile.read",   "mobile.write",  "dues.read",     "dues.write",
                                       "meeting.read",  "meeting.write"};
// 纪检人员: reads the registry, the recruitment cases, the transfers and the mobile members of a subtree (the
// reporting module adds its own permissions).
constexpr std::array<P, 5> kDiscipline = {"org.read", "member.read", "recruit.read", "transfer.read", "mobile.read"};
// 党员: own record and own branch through "self" routes only.
constexpr std::array<P, 0> kMember = {};

constexpr std::array<Role, 7> kRoles = {{
    {"sysadmin", "系统管理员", true, false, kSysAdmin},
    {"secadmin", "安全保密管理员", true, false, kSecAdmin},
    {"auditor", "安全审计员", true, false, kAuditor},
    {"org_admin", "组织部管理员", false, true, kOrgAdmin},
    {"worker", "党务工作者", false, true, kWorker},
    {"discipline", "纪检人员", false, true, kDiscipline},
    {"member", "党员", false, true, kMember},
}};

}  // namespace

std::span<const std::string_view> all_permissions() { return kPermissions; }
std::span<const Role> all_roles() { return kRoles; }

const Role* find_role(std::string_view code) {
  for (const auto& r : kRoles)
    if (r.code == code) return &r;
  return nullptr;
}

bool role_has(const Role& role, std::string_view permission) {
  return std::find(role.permissions.begin(), role.permissions.end(), permission) != role.permissions.end();
}

bool known_permission(std::string_view permission) {
  if (permission == "public" || permission == "self") return true;
  return std::find(kPermissions.begin(), kPermissions.end(), permission) != kPermissions.end();
}

}  // namespace lianxin::modules::auth
