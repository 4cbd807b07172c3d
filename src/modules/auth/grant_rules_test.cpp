// The grant rules, exhaustively: every actor kind × action × role × org position × target ×
// what the target already holds, against a decision table written out independently below; plus
// the cases of issue #3 by name.
#include <gtest/gtest.h>

#include "modules/auth/grant_rules.hpp"
#include "modules/auth/roles.hpp"

namespace lianxin::modules::auth {
namespace {

constexpr int64_t kActor = 10;
constexpr int64_t kOther = 20;

struct Actor {
  const char* label;
  int64_t id;
  http::Scope scope;
  bool system;
};

// 安全保密管理员 (system-wide, through a system role); 组织部管理员 of the whole tree; 组织部管理员
// of /1/2/; an API key.
std::vector<Actor> actors() {
  return {{"secadmin", kActor, http::Scope{true, {}, true, {}}, true},
          {"org_admin@all", kActor, http::Scope{true, {}, true, {}}, false},
          {"org_admin@/1/2/", kActor, http::Scope{false, {"/1/2/"}, false, {"/1/2/"}}, false},
          {"api_key", 0, http::Scope{false, {"/1/2/"}, false, {"/1/2/"}}, false}};
}

struct OrgPos {
  const char* label;
  std::optional<int64_t> id;
  std::string path;
};
std::vector<OrgPos> orgs() {
  return {{"none", std::nullopt, ""}, {"own", 2, "/1/2/"}, {"below", 5, "/1/2/5/"}, {"sibling", 3, "/1/3/"},
          {"above", 1, "/1/"}};
}

std::vector<std::string> role_codes() {
  std::vector<std::string> out;
  for (const auto& r : all_roles()) out.emplace_back(r.code);
  out.emplace_back("nobody");
  return out;
}

// The rules of issue #3 as a decision table: returns the expected status (0 = allowed).
int expected(const Actor& a, GrantAction action, const std::string& role, const OrgPos& org, int64_t target,
             const std::vector<HeldGrant>& held) {
  if (a.id == 0) return 403;                                    // keys never manage permissions
  if (action != GrantAction::api_key && target == a.id) return 403;  // nothing for or against oneself
  const Role* r = find_role(role);
  if (!r) return 422;
  if (r->system) {
    if (action == GrantAction::api_key) return 422;  // no key carries a system role
    if (!(a.system && a.scope.everything)) return 403;  // only the security officer
    if (org.id) return 422;                             // system roles have no org
    if (action == GrantAction::grant)
      for (const auto& h : held)
        if (find_role(h.role) && find_role(h.role)->system && h.role != role) return 422;  // 三员互斥
  } else if (!org.id) {
    if (!a.scope.everything) return 403;  // the whole tree only from whoever manages it all
  } else if (!a.scope.contains_path(org.path)) {
    return 403;  // never wider than one's own scope
  }
  if (action == GrantAction::grant)
    for (const auto& h : held)
      if (h.role == role && h.org_id == org.id) return 409;
  return 0;
}

TEST(GrantRules, EveryCombinationFollowsTheDecisionTable) {
  const std::vector<std::vector<HeldGrant>> helds = {
      {}, {{"sysadmin", std::nullopt}}, {{"auditor", std::nullopt}}, {{"worker", 2}}, {{"org_admin", std::nullopt}}};
  int cases = 0, allowed = 0;
  for (const auto& a : actors())
    for (auto action : {GrantAction::grant, GrantAction::revoke, GrantAction::api_key})
      for (const auto& role : role_codes())
        for (const auto& org : orgs())
          for (int64_t target : {kActor, kOther})
            for (const auto& held : helds) {
              GrantCheck c{action, a.id, a.scope, a.system, action == GrantAction::api_key ? 0 : target,
                           role, org.id, org.path, held};
              auto d = check_grant(c);
              const int want = expected(a, action, role, org, c.target_user_id, held);
              ++cases;
              if (!d) ++allowed;
              ASSERT_EQ(d ? d->status : 0, want)
                  << a.label << " action " << static_cast<int>(action) << " role " << role << " org " << org.label
                  << " target " << target << " held " << held.size() << ": " << (d ? d->message : "allowed");
              if (d) {
                EXPECT_FALSE(d->message.empty());
                if (d->status == 403) {
                  EXPECT_EQ(d->code, "permission_denied");
                }
              }
            }
  EXPECT_EQ(cases, 4 * 3 * 8 * 5 * 2 * 5);
  EXPECT_GT(allowed, 100);
}

GrantCheck grant_by(const Actor& a, int64_t target, const std::string& role, std::optional<int64_t> org,
                    std::string path, std::vector<HeldGrant> held = {}) {
  return GrantCheck{GrantAction::grant, a.id, a.scope, a.system, target, role, org, std::move(path), std::move(held)};
}

TEST(GrantRules, TheCasesOfIssue3ByName) {
  const auto all = actors();
  const Actor& sec = all[0];
  const Actor& top_admin = all[1];
  const Actor& branch_admin = all[2];
  // Nobody grants themselves anything, not even the security officer.
  EXPECT_EQ(check_grant(grant_by(sec, kActor, "worker", 2, "/1/2/"))->status, 403);
  // The security officer grants system roles, for the whole tree only, one per account.
  EXPECT_FALSE(check_grant(grant_by(sec, kOther, "auditor", std::nullopt, "")));
  EXPECT_EQ(check_grant(grant_by(sec, kOther, "auditor", 2, "/1/2/"))->code, "org_id.must_be_null");
  EXPECT_EQ(check_grant(grant_by(sec, kOther, "auditor", std::nullopt, "", {{"sysadmin", std::nullopt}}))->code,
            "role.exclusive");
  // An organization admin, even of the whole tree, grants no system role.
  EXPECT_EQ(check_grant(grant_by(top_admin, kOther, "sysadmin", std::nullopt, ""))->status, 403);
  // Nothing wider than one's own subtree: not above it, not beside it, not the whole tree.
  EXPECT_FALSE(check_grant(grant_by(branch_admin, kOther, "worker", 5, "/1/2/5/")));
  EXPECT_EQ(check_grant(grant_by(branch_admin, kOther, "worker", 1, "/1/"))->status, 403);
  EXPECT_EQ(check_grant(grant_by(branch_admin, kOther, "worker", 3, "/1/3/"))->status, 403);
  EXPECT_EQ(check_grant(grant_by(branch_admin, kOther, "worker", std::nullopt, ""))->status, 403);
  // Duplicates conflict.
  EXPECT_EQ(check_grant(grant_by(branch_admin, kOther, "worker", 2, "/1/2/", {{"worker", 2}}))->status, 409);
  // API keys: no system role, same scope rules as grants.
  GrantCheck key{GrantAction::api_key, branch_admin.id, branch_admin.scope, false, 0, "worker", 2, "/1/2/", {}};
  EXPECT_FALSE(check_grant(key));
  key.role = "auditor";
  key.org_id.reset();
  EXPECT_EQ(check_grant(key)->code, "role.system_not_allowed");
}

}  // namespace
}  // namespace lianxin::modules::auth
