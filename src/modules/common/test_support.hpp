// Fixture for module tests: a migrated database on every backend (SQLite always, PostgreSQL when
// LIANXIN_TEST_PG is set — see db/test_support.hpp), a cipher with fixed keys, and a fixed today.
#pragma once

#include <memory>

#include "db/migrations.hpp"
#include "db/test_support.hpp"
#include "domain/id_number.hpp"
#include "modules/common/context.hpp"
#include "util/field_cipher.hpp"

namespace lianxin::modules::testing {

class ModuleTest : public db::testing::BackendTest {
protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    db::migrate(*db);
    std::array<unsigned char, util::FieldCipher::kKeyBytes> k1{}, k2{};
    k1.fill(7);
    k2.fill(9);
    cipher = std::make_unique<util::FieldCipher>(util::FieldCipher::from_keys(k1, k2));
    ctx = std::make_unique<ModuleContext>(ModuleContext{*db, *cipher});
    ctx->today = [] { return domain::Date{2026, 11, 21}; };
  }
  void TearDown() override {
    ctx.reset();
    BackendTest::TearDown();
  }

  // A valid synthetic ID number: region 110105, the birth date, a sequence (odd = male).
  static std::string id_number(const domain::Date& birth, int seq) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "110105%04d%02d%02d%03d", birth.year, birth.month, birth.day, seq % 1000);
    std::string s(buf, 17);
    return s + domain::id_check_char(s);
  }

  std::unique_ptr<util::FieldCipher> cipher;
  std::unique_ptr<ModuleContext> ctx;
};

}  // namespace lianxin::modules::testing
