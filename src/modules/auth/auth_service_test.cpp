// Login, lockout, throttling, session expiry and revocation, password rules — on both backends,
// with a controllable clock and the cheapest Argon2 parameters.
#include <gtest/gtest.h>

#include "http/errors.hpp"
#include "modules/auth/accounts.hpp"
#include "modules/auth/auth_service.hpp"
#include "modules/auth/authorizer.hpp"
#include "modules/common/test_support.hpp"
#include "modules/member/member_service.hpp"
#include "modules/org/org_service.hpp"

namespace lianxin::modules::auth {
namespace {

using testing::ModuleTest;

class AuthTest : public ModuleTest {
protected:
  void SetUp() override {
    ModuleTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    members = std::make_unique<member::MemberService>(*ctx);
    AuthOptions o;
    o.cost = HashCost::minimum();
    o.cache_seconds = 0;  // read storage on every request: what other server processes would see
    o.address_max_failures = 8;
    o.now = [this] { return clock; };
    auth = std::make_unique<AuthService>(*ctx, *members, o);
  }
  void TearDown() override {
    auth.reset();
    members.reset();
    ModuleTest::TearDown();
  }

  int64_t account(const std::string& name, const std::string& pw, std::optional<int64_t> member = {}) {
    return db->write_value([&](db::Tx& tx) {
      NewAccount a{name, name, member, pw, false};
      return create_account(*auth, tx, a, {}).id;
    });
  }

  int64_t member_with_phone(const std::string& phone) {
    org::OrgDraft d;
    d.code = "B1";
    d.name = "第一支部";
    d.kind = "branch";
    int64_t branch = org::OrgService(*ctx).create(d, {}).id;
    member::MemberService::Input in;
    in.org_id = branch;
    in.draft.name = "张三";
    in.draft.id_number = id_number({1980, 5, 6}, 11);
    in.draft.category = "full";
    in.draft.join_date = "2005-07-01";
    in.draft.full_date = "2006-07-01";
    in.draft.mobile = phone;
    return members->create(in, {}, http::Scope::all()).id;
  }

  int status_of(const std::function<void()>& fn) {
    try {
      fn();
    } catch (const http::ApiError& e) {
      return e.status;
    }
    return 200;
  }

  ChangeMeta from(const std::string& addr) { return ChangeMeta{"r", 0, addr, "", "POST /api/auth/login", "test"}; }

  int64_t clock = 1'790'000'000;
  std::unique_ptr<member::MemberService> members;
  std::unique_ptr<AuthService> auth;
};

TEST_P(AuthTest, LogsInByUsernamePhoneOrIdNumber) {
  const int64_t m = member_with_phone("13800138000");
  account("Zhangsan", "Party#2026", m);
  EXPECT_EQ(auth->login("zhangsan", "Party#2026", from("a")).principal->username, "zhangsan");
  EXPECT_EQ(auth->login("ZhangSan", "Party#2026", from("a")).principal->member_id, m);
  EXPECT_EQ(auth->login("138-0013-8000", "Party#2026", from("a")).principal->member_id, m);
  EXPECT_EQ(auth->login(id_number({1980, 5, 6}, 11), "Party#2026", from("a")).principal->member_id, m);
  EXPECT_EQ(status_of([&] { auth->login("zhangsan", "party#2026", from("a")); }), 401);
}

TEST_P(AuthTest, FiveFailuresLockTheAccountForFifteenMinutesEvenWithTheRightPassword) {
  account("lisi", "Party#2026");
  for (int i = 0; i < 4; ++i) EXPECT_EQ(status_of([&] { auth->login("lisi", "wrong", from("a")); }), 401);
  EXPECT_EQ(status_of([&] { auth->login("lisi", "wrong", from("b")); }), 423);
  EXPECT_EQ(status_of([&] { auth->login("lisi", "Party#2026", from("c")); }), 423);
  clock += 15 * 60 + 1;
  EXPECT_EQ(status_of([&] { auth->login("lisi", "Party#2026", from("c")); }), 200);
  const int64_t audited = db->read_value([](db::Tx& tx) {
    return tx.query_int("SELECT count(*) FROM audit_log WHERE action IN ('auth.login_failed', 'auth.lockout', 'auth.login')");
  });
  EXPECT_EQ(audited, 5 + 1 + 1 + 1);  // five failures, the lockout, the refused login while locked, the login
}

TEST_P(AuthTest, UnknownAccountsAnswerExactlyLikeRealOnes) {
  account("wangwu", "Party#2026");
  for (const std::string name : {"wangwu", "nobody"}) {
    std::vector<int> seen;
    for (int i = 0; i < 6; ++i) seen.push_back(status_of([&] { auth->login(name, "wrong", from(name)); }));
    EXPECT_EQ(seen, (std::vector<int>{401, 401, 401, 401, 423, 423})) << name;
  }
}

TEST_P(AuthTest, OneAddressIsThrottledAcrossAccounts) {
  for (int i = 0; i < 8; ++i) status_of([&] { auth->login("user" + std::to_string(i), "x", from("10.0.0.9")); });
  EXPECT_EQ(status_of([&] { auth->login("someone", "x", from("10.0.0.9")); }), 429);
  EXPECT_EQ(status_of([&] { auth->login("someone", "x", from("10.0.0.10")); }), 401);
}

TEST_P(AuthTest, SessionsExpireWhenIdleAndAtTheAbsoluteLimit) {
  account("zhao", "Party#2026");
  std::string t = auth->login("zhao", "Party#2026", from("a")).token;
  clock += 29 * 60;
  EXPECT_NE(auth->authenticate(t), nullptr);  // used: the idle clock restarts
  clock += 29 * 60;
  EXPECT_NE(auth->authenticate(t), nullptr);
  clock += 31 * 60;
  EXPECT_EQ(auth->authenticate(t), nullptr);  // idle for more than 30 minutes

  std::string t2 = auth->login("zhao", "Party#2026", from("a")).token;
  for (int i = 0; i < 12 * 3 - 1; ++i) {  // busy every 20 minutes for almost 12 hours
    clock += 20 * 60;
    ASSERT_NE(auth->authenticate(t2), nullptr) << i;
  }
  clock += 20 * 60;
  EXPECT_EQ(auth->authenticate(t2), nullptr);  // 12 hours after login, however busy
}

TEST_P(AuthTest, LogoutAndPasswordChangeEndSessions) {
  account("qian", "Party#2026");
  auto a = auth->login("qian", "Party#2026", from("a"));
  auto b = auth->login("qian", "Party#2026", from("b"));
  auth->logout(*a.principal, from("a"));
  EXPECT_EQ(auth->authenticate(a.token), nullptr);
  EXPECT_NE(auth->authenticate(b.token), nullptr);
  auto c = auth->login("qian", "Party#2026", from("c"));
  auth->change_password(*c.principal, "Party#2026", "Better#2027", from("c"));
  EXPECT_EQ(auth->authenticate(b.token), nullptr);  // the other session ended
  EXPECT_NE(auth->authenticate(c.token), nullptr);  // this one goes on
  EXPECT_EQ(status_of([&] { auth->login("qian", "Party#2026", from("d")); }), 401);
  EXPECT_EQ(status_of([&] { auth->login("qian", "Better#2027", from("d")); }), 200);
}

TEST_P(AuthTest, PasswordChangeFollowsThePolicy) {
  const int64_t m = member_with_phone("13900139000");
  account("sun", "Party#2026", m);
  auto s = auth->login("sun", "Party#2026", from("a"));
  EXPECT_EQ(status_of([&] { auth->change_password(*s.principal, "wrong", "Better#2027", from("a")); }), 422);
  EXPECT_EQ(status_of([&] { auth->change_password(*s.principal, "Party#2026", "short1A", from("a")); }), 422);
  EXPECT_EQ(status_of([&] { auth->change_password(*s.principal, "Party#2026", "Sun", from("a")); }), 422);
  EXPECT_EQ(status_of([&] { auth->change_password(*s.principal, "Party#2026", "Party#2026", from("a")); }), 422);
  EXPECT_EQ(status_of([&] { auth->change_password(*s.principal, "Party#2026", "Better#2027", from("a")); }), 200);
}

TEST_P(AuthTest, ResetForcesAChangeAndTokensAreStoredOnlyAsHashes) {
  const int64_t id = account("zhou", "Party#2026");
  auto s = auth->login("zhou", "Party#2026", from("a"));
  const std::string pw = auth->reset_password(id, {});
  EXPECT_EQ(auth->authenticate(s.token), nullptr);
  auto again = auth->login("zhou", pw, from("a"));
  EXPECT_TRUE(again.principal->must_change_password);
  const int64_t clear = db->read_value([&](db::Tx& tx) {
    return tx.query_int("SELECT count(*) FROM sessions WHERE token_hash = $1", {again.token});
  });
  EXPECT_EQ(clear, 0);
}

TEST_P(AuthTest, ScopeFollowsTheGrantsThatCarryThePermission) {
  Principal p;
  p.grants.push_back(GrantRecord{1, 1, "worker", 5, "/1/5/", "A", std::nullopt, ""});
  p.grants.push_back(GrantRecord{2, 1, "discipline", 7, "/1/7/", "B", std::nullopt, ""});
  http::Scope write = scope_for(p, "member.write");
  EXPECT_EQ(write.paths, std::vector<std::string>{"/1/5/"});
  EXPECT_TRUE(write.sees_path("/1/7/9/"));  // visible through the discipline grant: 403, not 404
  http::Scope read = scope_for(p, "member.read");
  EXPECT_EQ(read.paths, (std::vector<std::string>{"/1/5/", "/1/7/"}));
  EXPECT_FALSE(read.everything);
  p.grants.push_back(GrantRecord{3, 1, "auditor", std::nullopt, "", "", std::nullopt, ""});
  EXPECT_TRUE(scope_for(p, "audit.read").everything);
  EXPECT_FALSE(scope_for(p, "member.read").everything);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::auth
