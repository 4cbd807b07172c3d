// Account management on both backends: member accounts only in scope, scoped lists, bulk creation
// and login by phone, grants (audited, effective at once), API keys, disabling and resets.
#include <gtest/gtest.h>

#include "http/errors.hpp"
#include "modules/auth/accounts.hpp"
#include "modules/auth/apikey_service.hpp"
#include "modules/auth/grant_service.hpp"
#include "modules/auth/user_query.hpp"
#include "modules/auth/user_service.hpp"
#include "modules/common/test_support.hpp"
#include "modules/member/member_service.hpp"
#include "modules/org/org_service.hpp"

namespace lianxin::modules::auth {
namespace {

namespace json = boost::json;
using testing::ModuleTest;

class UsersTest : public ModuleTest {
protected:
  void SetUp() override {
    ModuleTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    members = std::make_unique<member::MemberService>(*ctx);
    AuthOptions o;
    o.cost = HashCost::minimum();
    auth = std::make_unique<AuthService>(*ctx, *members, o);
    users = std::make_unique<UserService>(*auth, *members);
    grants = std::make_unique<GrantService>(*auth);
    keys = std::make_unique<ApiKeyService>(*auth);
    org::OrgService orgs(*ctx);
    county = orgs.create(draft("C", "测试县委", "committee", std::nullopt), {});
    b1 = orgs.create(draft("Z1", "第一支部", "branch", county.id), {});
    b2 = orgs.create(draft("Z2", "第二支部", "branch", county.id), {});
    m1 = member(b1.id, 1, "13800000001");
    m2 = member(b2.id, 2, "13800000002");
  }
  void TearDown() override {
    keys.reset();
    grants.reset();
    users.reset();
    auth.reset();
    members.reset();
    ModuleTest::TearDown();
  }

  static org::OrgDraft draft(const char* code, const char* name, const char* kind, std::optional<int64_t> parent) {
    org::OrgDraft d;
    d.code = code;
    d.name = name;
    d.kind = kind;
    d.parent_id = parent;
    return d;
  }
  int64_t member(int64_t org_id, int seq, const std::string& phone) {
    member::MemberService::Input in;
    in.org_id = org_id;
    in.draft.name = "党员" + std::to_string(seq);
    in.draft.id_number = id_number({1980, 5, 6}, seq);
    in.draft.category = "full";
    in.draft.join_date = "2005-07-01";
    in.draft.full_date = "2006-07-01";
    in.draft.mobile = phone;
    return members->create(in, {}, http::Scope::all()).id;
  }
  // A staff account holding one grant, as the shell would make it.
  int64_t staff(const std::string& name, const std::string& role, std::optional<int64_t> org) {
    return db->write_value([&](db::Tx& tx) {
      auto made = create_account(*auth, tx, NewAccount{name, name, std::nullopt, "Staff#2026x", false}, {});
      add_grant(*auth, tx, made.id, role, org, {});
      return made.id;
    });
  }
  static http::Scope on(const std::string& path) { return http::Scope{false, {path}, false, {path}}; }
  static ChangeMeta by(int64_t id) { return ChangeMeta{"req", id, "", "tester", "", ""}; }
  int status_of(const std::function<void()>& fn) {
    try {
      fn();
    } catch (const http::ApiError& e) {
      return e.status;
    }
    return 200;
  }
  int64_t count(const std::string& sql) {
    return db->read_value([&](db::Tx& tx) { return tx.query_int(sql); });
  }
  std::vector<int64_t> listed(const UserFilter& f, const http::Scope& s) {
    std::vector<int64_t> ids;
    const json::object page = users->list(f, s, http::PageRequest{});  // keep it alive for the loop
    for (const auto& u : page.at("items").as_array()) ids.push_back(u.at("id").as_int64());
    return ids;
  }

  std::unique_ptr<member::MemberService> members;
  std::unique_ptr<AuthService> auth;
  std::unique_ptr<UserService> users;
  std::unique_ptr<GrantService> grants;
  std::unique_ptr<ApiKeyService> keys;
  org::OrgRecord county, b1, b2;
  int64_t m1 = 0, m2 = 0;
};

TEST_P(UsersTest, MemberAccountsOnlyForMembersInScope) {
  auto made = users->create_for_member(m1, {}, on(b1.path), by(1));
  EXPECT_EQ(made.at("username").as_string(), member_username(m1));
  EXPECT_EQ(member_username(42), "m000042");
  EXPECT_EQ(made.at("display_name").as_string(), "党员1");
  EXPECT_TRUE(made.at("must_change_password").as_bool());
  EXPECT_GE(made.at("password").as_string().size(), 12u);
  EXPECT_FALSE(made.contains("password_hash"));
  EXPECT_EQ(status_of([&] { users->create_for_member(m2, {}, on(b1.path), by(1)); }), 404);
  EXPECT_EQ(status_of([&] { users->create_for_member(m1, {}, on(b1.path), by(1)); }), 409);
  EXPECT_EQ(status_of([&] { users->create_for_member(999999, {}, on(b1.path), by(1)); }), 404);
}

TEST_P(UsersTest, ListsAreRestrictedToTheScope) {
  const int64_t s = users->create_staff({std::string("staff1"), std::string("工作人员"), }, by(1)).at("id").as_int64();
  const int64_t u1 = users->create_for_member(m1, {}, http::Scope::all(), by(1)).at("id").as_int64();
  const int64_t u2 = users->create_for_member(m2, {}, http::Scope::all(), by(1)).at("id").as_int64();
  EXPECT_EQ(listed({}, on(b1.path)), (std::vector<int64_t>{u1}));
  EXPECT_EQ(listed({}, http::Scope::all()), (std::vector<int64_t>{s, u1, u2}));
  EXPECT_EQ(listed({std::string("STAFF"), {}, {}}, http::Scope::all()), (std::vector<int64_t>{s}));
  EXPECT_EQ(listed({std::string("党员2"), {}, {}}, http::Scope::all()), (std::vector<int64_t>{u2}));
  EXPECT_EQ(listed({{}, b2.id, {}}, http::Scope::all()), (std::vector<int64_t>{u2}));
  // A staff account becomes visible to a branch through a grant there.
  const int64_t w = staff("worker1", "worker", b1.id);
  EXPECT_EQ(listed({}, on(b1.path)), (std::vector<int64_t>{u1, w}));
  EXPECT_EQ(listed({{}, {}, std::string("worker")}, http::Scope::all()), (std::vector<int64_t>{w}));
  EXPECT_EQ(status_of([&] { users->get(u2, on(b1.path)); }), 404);
  EXPECT_EQ(status_of([&] { users->list({{}, b2.id, {}}, on(b1.path), {}); }), 404);
  EXPECT_EQ(users->get(w, on(b1.path)).at("grants").as_array().size(), 1u);
}

TEST_P(UsersTest, BulkCreatesOnceAndTheMemberLogsInByPhone) {
  users->create_for_member(m2, {}, http::Scope::all(), by(1));
  EXPECT_EQ(status_of([&] { users->bulk_create(county.id, true, on(b1.path), by(1)); }), 404);
  auto made = users->bulk_create(county.id, true, http::Scope::all(), by(1));
  ASSERT_EQ(made.size(), 1u);  // m2 had an account already
  EXPECT_EQ(made[0].member_id, m1);
  EXPECT_TRUE(users->bulk_create(county.id, true, http::Scope::all(), by(1)).empty());
  auto login = auth->login("13800000001", made[0].password, {});
  EXPECT_TRUE(login.principal->must_change_password);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'user.bulk_create'"), 1);  // not the empty run
}

TEST_P(UsersTest, GrantsFollowTheRulesAreAuditedAndRevocable) {
  const int64_t sec = staff("sec1", "secadmin", std::nullopt);
  const int64_t admin = staff("admin1", "org_admin", b1.id);
  const int64_t target = users->create_for_member(m1, {}, http::Scope::all(), by(1)).at("id").as_int64();
  const GrantPowers branch_admin{admin, on(b1.path), false};
  const GrantPowers officer{sec, http::Scope::all(), true};
  const int64_t before = count("SELECT count(*) FROM audit_log");
  auto g = grants->grant({target, "worker", b1.id}, branch_admin, by(admin));
  EXPECT_EQ(count("SELECT count(*) FROM audit_log"), before + 1);
  EXPECT_EQ(g.at("org_name").as_string(), "第一支部");
  EXPECT_EQ(status_of([&] { grants->grant({target, "worker", b1.id}, branch_admin, by(admin)); }), 409);
  EXPECT_EQ(status_of([&] { grants->grant({target, "worker", county.id}, branch_admin, by(admin)); }), 404);
  EXPECT_EQ(status_of([&] { grants->grant({target, "auditor", std::nullopt}, branch_admin, by(admin)); }), 403);
  EXPECT_EQ(status_of([&] { grants->grant({admin, "worker", b1.id}, branch_admin, by(admin)); }), 403);
  EXPECT_EQ(status_of([&] { grants->grant({sec, "worker", b1.id}, branch_admin, by(admin)); }), 404);
  grants->grant({target, "auditor", std::nullopt}, officer, by(sec));
  EXPECT_EQ(status_of([&] { grants->grant({target, "sysadmin", std::nullopt}, officer, by(sec)); }), 422);
  EXPECT_EQ(grants->of_user(target, on(b1.path)).at("total").as_int64(), 1);  // the system grant is not shown
  EXPECT_EQ(grants->of_user(target, http::Scope::all()).at("total").as_int64(), 2);
  EXPECT_EQ(grants->list({b1.id, {}, {}}, on(b1.path), {}).at("total").as_int64(), 2);  // admin's and target's
  grants->revoke(g.at("id").as_int64(), branch_admin, by(admin));
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'grant.revoke'"), 1);
  EXPECT_EQ(status_of([&] { grants->revoke(g.at("id").as_int64(), branch_admin, by(admin)); }), 404);
}

TEST_P(UsersTest, ApiKeysWorkUntilRevoked) {
  const int64_t admin = staff("admin1", "org_admin", b1.id);
  const GrantPowers branch_admin{admin, on(b1.path), false};
  EXPECT_EQ(status_of([&] { keys->create({"对接", "sysadmin", std::nullopt}, branch_admin, by(admin)); }), 422);
  EXPECT_EQ(status_of([&] { keys->create({"对接", "worker", b2.id}, branch_admin, by(admin)); }), 404);
  auto k = keys->create({"对接系统", "worker", b1.id}, branch_admin, by(admin));
  const std::string secret(k.at("key").as_string());
  ASSERT_TRUE(secret.starts_with("lxk_"));
  EXPECT_EQ(count("SELECT count(*) FROM api_keys WHERE key_hash = '" + secret + "'"), 0);  // stored hashed
  auto p = auth->authenticate(secret);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->username, "apikey:对接系统");
  EXPECT_EQ(keys->list(std::nullopt, on(b1.path), {}).at("total").as_int64(), 1);
  EXPECT_EQ(keys->list(std::nullopt, on(b2.path), {}).at("total").as_int64(), 0);
  keys->revoke(k.at("id").as_int64(), branch_admin, by(admin));
  EXPECT_FALSE(auth->authenticate(secret));
  EXPECT_EQ(status_of([&] { keys->revoke(k.at("id").as_int64(), branch_admin, by(admin)); }), 409);
}

TEST_P(UsersTest, DisablingEndsSessionsAndResetsSpareSelfAndSystemAccounts) {
  const int64_t sys = staff("admin1", "sysadmin", std::nullopt);
  const int64_t sec = staff("sec1", "secadmin", std::nullopt);
  const int64_t w = staff("worker1", "worker", b1.id);
  const http::Scope all = http::Scope::all();
  auto session = auth->login("worker1", "Staff#2026x", {});
  ASSERT_TRUE(auth->authenticate(session.token));
  users->update(w, {std::nullopt, true}, {sys, all}, by(sys));
  EXPECT_FALSE(auth->authenticate(session.token));
  EXPECT_EQ(status_of([&] { auth->login("worker1", "Staff#2026x", {}); }), 401);
  EXPECT_EQ(status_of([&] { users->update(sys, {std::nullopt, true}, {sys, all}, by(sys)); }), 403);
  EXPECT_EQ(status_of([&] { users->reset_password(sys, {sys, all}, by(sys)); }), 403);
  EXPECT_EQ(status_of([&] { users->reset_password(sec, {sys, all}, by(sys)); }), 403);
  EXPECT_FALSE(users->reset_password(w, {sys, all}, by(sys)).empty());
  // An org admin resets member accounts in scope, never one holding grants beyond its own.
  const int64_t admin = staff("orgadmin1", "org_admin", b1.id);
  const int64_t u1 = users->create_for_member(m1, {}, all, by(1)).at("id").as_int64();
  EXPECT_FALSE(users->reset_member_password(m1, {admin, on(b1.path)}, by(admin)).empty());
  EXPECT_EQ(status_of([&] { users->reset_member_password(m2, {admin, on(b1.path)}, by(admin)); }), 404);
  db->write([&](db::Tx& tx) { add_grant(*auth, tx, u1, "worker", county.id, {}); });
  EXPECT_EQ(status_of([&] { users->reset_member_password(m1, {admin, on(b1.path)}, by(admin)); }), 403);
}

INSTANTIATE_TEST_SUITE_P(Backends, UsersTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::auth
