#include "modules/auth/principal_cache.hpp"

#include <gtest/gtest.h>

namespace lianxin::modules::auth {
namespace {

std::shared_ptr<const Principal> principal(int64_t user_id, int64_t session_id) {
  auto p = std::make_shared<Principal>();
  p->user_id = user_id;
  p->session_id = session_id;
  return p;
}

// Tokens that differ in one character, or are a prefix of each other, are different entries.
TEST(PrincipalCache, EachTokenFindsOnlyItsOwnPrincipal) {
  PrincipalCache cache;
  const std::string a = "Cc4DAQkMl9OpwAFayZ-BiQCxvmnt3ES_aMhQf4JPeJs";
  std::string b = a;
  b.back() = 't';
  cache.put(a, principal(1, 10));
  cache.put(b, principal(2, 20));
  ASSERT_NE(cache.get(a), nullptr);
  EXPECT_EQ(cache.get(a)->user_id, 1);
  EXPECT_EQ(cache.get(b)->user_id, 2);
  EXPECT_EQ(cache.get(a.substr(0, a.size() - 1)), nullptr);
  EXPECT_EQ(cache.get(""), nullptr);
  cache.erase(a);
  EXPECT_EQ(cache.get(a), nullptr);
  EXPECT_EQ(cache.get(b)->user_id, 2);
}

TEST(PrincipalCache, EvictsByUserSessionAndAll) {
  PrincipalCache cache;
  cache.put("t1", principal(1, 10));
  cache.put("t2", principal(1, 11));
  cache.put("t3", principal(2, 20));
  cache.erase_session(11);
  EXPECT_NE(cache.get("t1"), nullptr);
  EXPECT_EQ(cache.get("t2"), nullptr);
  cache.erase_user(1);
  EXPECT_EQ(cache.get("t1"), nullptr);
  EXPECT_NE(cache.get("t3"), nullptr);
  cache.clear();
  EXPECT_EQ(cache.get("t3"), nullptr);
}

}  // namespace
}  // namespace lianxin::modules::auth
