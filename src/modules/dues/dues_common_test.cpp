// The ledger's choice of the declared base row agrees with domain::base_for_month in both
// dues.rebase_mode settings (dues.md §7, R-F04 / R-F08); the fallback without a declaration (flat
// categories by employment, members.income_base_fen, else no_base); R-F02 owing; item states.
#include <gtest/gtest.h>

#include "modules/dues/dues_common.hpp"

namespace lianxin::modules::dues {
namespace {

using domain::YearMonth;

BaseRow row(int64_t id, int64_t fen, YearMonth first, const char* cat = "salaried") {
  BaseRow b;
  b.id = id;
  b.category = cat;
  b.base_fen = fen;
  b.first_received = first;
  return b;
}

TEST(DuesCommon, BaseInForceAgreesWithTheDomainRuleInBothModes) {
  // after-tax 4800 to 2025-06, 5200 first received 2025-07 (dues.md §7, R-F04 / R-F08)
  const std::vector<BaseRow> bases = {row(1, 480000, {2024, 1}), row(2, 520000, {2025, 7})};
  std::vector<domain::BaseChange> changes;
  for (const auto& b : bases) changes.push_back({b.first_received, b.base_fen});
  domain::DuesPack yearly = domain::DuesPack::defaults();
  ASSERT_FALSE(yearly.set("dues.rebase_mode", "YEARLY"));
  for (const auto* pack : {&domain::DuesPack::defaults(), static_cast<const domain::DuesPack*>(&yearly)})
    for (YearMonth m{2023, 12}; m <= YearMonth{2026, 2}; m = domain::add_months(m, 1)) {
      const BaseRow* b = base_in_force(m, bases, *pack);
      const auto want = domain::base_for_month(m, changes, *pack);
      ASSERT_EQ(b != nullptr, want.has_value()) << m.iso();
      if (b) {
        EXPECT_EQ(b->base_fen, *want) << m.iso();
      }
    }
  MemberBasics m{7, 1, "full", "2005-07-01", "normal", std::nullopt, std::nullopt};
  EXPECT_EQ(standard_for(m, {2025, 6}, bases, domain::DuesPack::defaults()).standard_fen, 4800);
  EXPECT_EQ(standard_for(m, {2025, 7}, bases, domain::DuesPack::defaults()).standard_fen, 7800);
  EXPECT_EQ(standard_for(m, {2025, 12}, bases, yearly).standard_fen, 4800);
  EXPECT_EQ(standard_for(m, {2026, 1}, bases, yearly).standard_fen, 7800);
}

TEST(DuesCommon, FallbackWithoutADeclaration) {
  const auto& pack = domain::DuesPack::defaults();
  MemberBasics m{7, 1, "full", "2005-07-01", "normal", std::string("farmer"), std::nullopt};
  Standard s = standard_for(m, {2026, 11}, {}, pack);
  EXPECT_FALSE(s.no_base);
  EXPECT_EQ(s.category, "farmer");
  EXPECT_EQ(s.standard_fen, 20);
  EXPECT_EQ(s.rule_id, "R-F15");
  m.employment = "retired";
  m.income_base_fen = 600000;
  s = standard_for(m, {2026, 11}, {}, pack);
  EXPECT_EQ(s.category, "retired");
  EXPECT_EQ(s.standard_fen, 6000);  // retired > 5000: 1%
  m.employment = "enterprise";
  m.income_base_fen.reset();
  s = standard_for(m, {2026, 11}, {}, pack);
  EXPECT_TRUE(s.no_base);
  EXPECT_EQ(s.standard_fen, 0);
  // A declared flat category needs no base either.
  s = standard_for(m, {2026, 11}, {row(1, 0, {2026, 1}, "student")}, pack);
  EXPECT_EQ(s.standard_fen, 20);
}

TEST(DuesCommon, OwingFromTheFirstDueMonthAndItemStates) {
  MemberBasics p{7, 1, "probationary", "2025-03-15", "normal", std::nullopt, std::nullopt};
  EXPECT_FALSE(owes_in(p, {2025, 2}, domain::DuesPack::defaults()));
  EXPECT_TRUE(owes_in(p, {2025, 3}, domain::DuesPack::defaults()));
  domain::DuesPack next = domain::DuesPack::defaults();
  ASSERT_FALSE(next.set("dues.probationary_first_month", "NEXT_MONTH"));
  EXPECT_FALSE(owes_in(p, {2025, 3}, next));
  EXPECT_TRUE(status_owes("lost_contact"));
  EXPECT_FALSE(status_owes("suspended"));
  EXPECT_FALSE(status_owes("transferred_out"));
  EXPECT_EQ(item_state(false, 4800, 0), "unpaid");
  EXPECT_EQ(item_state(false, 4800, 100), "partial");
  EXPECT_EQ(item_state(false, 4800, 4800), "paid");
  EXPECT_EQ(item_state(false, 0, 0), "exempt");
  EXPECT_EQ(item_state(true, 0, 0), "no_base");
  EXPECT_EQ(reduced_due(4800, Reduction{1, "reduce", 1000, {}, {}}), 1000);
  EXPECT_EQ(reduced_due(500, Reduction{1, "reduce", 1000, {}, {}}), 500);
  EXPECT_EQ(reduced_due(4800, Reduction{1, "exempt", 0, {}, {}}), 0);
}

}  // namespace
}  // namespace lianxin::modules::dues
