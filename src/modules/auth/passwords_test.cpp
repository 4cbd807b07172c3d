#include "modules/auth/passwords.hpp"

#include <gtest/gtest.h>

#include "domain/password_policy.hpp"
#include "util/csv.hpp"

namespace lianxin::modules::auth {
namespace {

// One-time passwords are printed, shown once in the console and written into a CSV: each must pass
// the policy and survive the CSV unchanged (no formula escaping, no quoting), every time.
TEST(Passwords, GeneratedOnesPassThePolicyAndSurviveCsvUnchanged) {
  for (int i = 0; i < 5000; ++i) {
    const std::string pw = generate_password();
    ASSERT_EQ(pw.size(), 12u) << pw;
    ASSERT_FALSE(domain::check_password(pw, "user", "13800138000")) << pw;
    ASSERT_EQ(util::csv_field(pw), pw) << pw;
  }
}

TEST(Passwords, HashVerifiesOnlyTheSamePassword) {
  const std::string h = hash_password("Party#2026", HashCost::minimum());
  EXPECT_TRUE(h.starts_with("$argon2id$"));
  EXPECT_TRUE(verify_password(h, "Party#2026"));
  EXPECT_FALSE(verify_password(h, "party#2026"));
  EXPECT_NE(hash_password("Party#2026", HashCost::minimum()), h);  // salted
}

}  // namespace
}  // namespace lianxin::modules::auth
