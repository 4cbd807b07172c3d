// Every test vector of shared/domain/dues.md §5 (computation) and §7 (timing), with the default
// parameters and at least one non-default value of each [UNCONFIRMED] / [LOCAL] parameter.
#include "domain/dues_rules.hpp"

#include <gtest/gtest.h>

namespace lianxin::domain {
namespace {

DuesBase base(DuesCategory c, int64_t fen) {
  DuesBase in;
  in.category = c;
  in.base_fen = fen;
  return in;
}

int64_t due(DuesCategory c, int64_t base_fen, const DuesPack& pack = DuesPack::defaults()) {
  auto r = monthly_dues(base(c, base_fen), pack);
  EXPECT_TRUE(r.errors.empty());
  return r.amount ? r.amount->due_fen : -1;
}

DuesPack with(std::initializer_list<std::pair<const char*, const char*>> settings) {
  DuesPack p = DuesPack::defaults();
  for (const auto& [k, v] : settings) EXPECT_EQ(p.set(k, v), std::nullopt) << k;
  return p;
}

TEST(DuesRates, SalariedVectorsOfSection5) {
  struct V {
    int64_t base, expected;
  };
  const V vectors[] = {
      {0, 0},           {123456, 617},     {299999, 1500},    {300000, 1500},   {300001, 3000},
      {432250, 4323},   {500000, 5000},    {500001, 7500},    {777777, 11667},  {1000000, 15000},
      {1000001, 20000}, {1000025, 20001},  {1200000, 24000},
  };
  for (const auto& v : vectors) EXPECT_EQ(due(DuesCategory::kSalaried, v.base), v.expected) << v.base;
}

TEST(DuesRates, BracketsAreInclusiveAtTheUpperEndAndTheRateAppliesToTheWholeBase) {
  DuesBase in = base(DuesCategory::kSalaried, 300001);
  auto r = monthly_dues(in);
  ASSERT_TRUE(r.amount);
  EXPECT_EQ(r.amount->rate_bp, 100);
  EXPECT_EQ(r.amount->rule_id, "R-F13");
  EXPECT_NE(r.amount->basis.find("超过3000.00元至5000.00元（含）"), std::string::npos) << r.amount->basis;
  EXPECT_NE(r.amount->basis.find("1%"), std::string::npos);
  in.base_fen = 300000;
  EXPECT_NE(monthly_dues(in).amount->basis.find("3000.00元以下（含）"), std::string::npos);
  in.base_fen = 1000001;
  EXPECT_NE(monthly_dues(in).amount->basis.find("超过10000.00元"), std::string::npos);
}

TEST(DuesRates, RoundingModesDifferOnExactHalves) {
  const DuesPack even = with({{"dues.rounding", "HALF_EVEN"}});
  EXPECT_EQ(due(DuesCategory::kSalaried, 432250, even), 4322);    // 43.225 → 43.22
  EXPECT_EQ(due(DuesCategory::kSalaried, 1000025, even), 20000);  // 200.005 → 200.00
  EXPECT_EQ(due(DuesCategory::kSalaried, 299999, even), 1500);    // 14.99995 is not a half
  const DuesPack down = with({{"dues.rounding", "DOWN"}});
  EXPECT_EQ(due(DuesCategory::kSalaried, 299999, down), 1499);
  EXPECT_EQ(round_div(5, 10, Rounding::kHalfUp), 1);
  EXPECT_EQ(round_div(15, 10, Rounding::kHalfEven), 2);
  EXPECT_EQ(round_div(25, 10, Rounding::kHalfEven), 2);
}

TEST(DuesRates, ZeroSalaryWarnsToCheckTheCategory) {
  auto r = monthly_dues(base(DuesCategory::kSalaried, 0));
  ASSERT_TRUE(r.amount);
  EXPECT_EQ(r.amount->due_fen, 0);
  ASSERT_EQ(r.amount->warnings.size(), 1u);
  EXPECT_NE(r.amount->warnings[0].find("0.20"), std::string::npos);
}

TEST(DuesRates, Retired) {
  EXPECT_EQ(due(DuesCategory::kRetired, 500000), 2500);
  EXPECT_EQ(due(DuesCategory::kRetired, 500001), 5000);
  EXPECT_EQ(due(DuesCategory::kRetired, 600000), 6000);
  // Pension total 5200 of which basic 4800: TOTAL (default) 52.00, BASIC 24.00.
  DuesBase in = base(DuesCategory::kRetired, 520000);
  in.pension_basic_fen = 480000;
  EXPECT_EQ(monthly_dues(in).amount->due_fen, 5200);
  const DuesPack basic = with({{"dues.retired_base", "BASIC"}});
  EXPECT_EQ(monthly_dues(in, basic).amount->due_fen, 2400);
  in.pension_basic_fen.reset();
  auto missing = monthly_dues(in, basic);
  EXPECT_FALSE(missing.amount);
  ASSERT_EQ(missing.errors.size(), 1u);
  EXPECT_EQ(missing.errors[0].field, "pension_basic");
}

TEST(DuesRates, AnnualSalaryUsesThatMonthsPay) {
  EXPECT_EQ(due(DuesCategory::kAnnualSalary, 800000), 12000);
  EXPECT_EQ(due(DuesCategory::kAnnualSalary, 2000000), 40000);
}

TEST(DuesRates, SelfEmployedUseThePreviousQuartersAverage) {
  DuesBase in;
  in.category = DuesCategory::kSelfEmployed;
  in.previous_quarter_fen = {600000, 300000, 300000};  // average 4000 → 1% → 40.00 for Apr, May, Jun
  auto r = monthly_dues(in);
  ASSERT_TRUE(r.amount);
  EXPECT_EQ(r.amount->base_fen, 400000);
  EXPECT_EQ(r.amount->due_fen, 4000);
  in.previous_quarter_fen = {600000};
  EXPECT_EQ(monthly_dues(in).errors.at(0).field, "previous_quarter");
}

TEST(DuesRates, FlatRates) {
  EXPECT_EQ(due(DuesCategory::kStudent, 0), 20);
  EXPECT_EQ(due(DuesCategory::kUnemployed, 0), 20);
  EXPECT_EQ(due(DuesCategory::kRelief, 0), 20);
  EXPECT_EQ(due(DuesCategory::kFarmer, 0), 20);
  EXPECT_EQ(monthly_dues(base(DuesCategory::kStudent, 0)).amount->rule_id, "R-F15");
  EXPECT_EQ(due(DuesCategory::kFarmer, 0, with({{"dues.flat.farmer", "0.50"}})), 50);
  // Postgraduates: student rule by default; the stipend under the salaried brackets when configured.
  EXPECT_EQ(due(DuesCategory::kPostgraduate, 300000), 20);
  EXPECT_EQ(due(DuesCategory::kPostgraduate, 300000, with({{"dues.postgrad_base", "STIPEND"}})), 1500);
}

TEST(DuesRates, FarmerRateOutsideItsRangeIsRejected) {
  DuesPack p = DuesPack::defaults();
  EXPECT_TRUE(p.set("dues.flat.farmer", "1.50").has_value());
  EXPECT_TRUE(p.set("dues.flat.farmer", "0.10").has_value());
  EXPECT_EQ(p.flat_farmer_fen, 20);  // unchanged
  EXPECT_EQ(p.set("dues.flat.farmer", "1.00"), std::nullopt);
  EXPECT_EQ(p.flat_farmer_fen, 100);
  EXPECT_TRUE(p.set("dues.rounding", "UP").has_value());
  EXPECT_TRUE(p.set("dues.no_such", "1").has_value());
}

TEST(DuesRates, NegativeBaseIsRejected) {
  auto r = monthly_dues(base(DuesCategory::kSalaried, -10000));
  EXPECT_FALSE(r.amount);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].code, "dues.base_negative");
}

TEST(DuesRates, SocialInsuranceIsDeductedOnlyWhenConfigured) {
  DuesBase in = base(DuesCategory::kSalaried, 520000);
  in.social_insurance_fen = 30000;
  EXPECT_EQ(monthly_dues(in).amount->due_fen, 7800);  // 5200 → 1.5% = 78.00
  EXPECT_EQ(monthly_dues(in, with({{"dues.base_deduct_social_insurance", "true"}})).amount->due_fen, 4900);  // 4900 → 1%
}

TEST(DuesTiming, ProbationaryMembersOweFromTheMeetingMonth) {  // R-F02
  EXPECT_EQ(first_due_month({2025, 3, 15}), (YearMonth{2025, 3}));
  EXPECT_EQ(first_due_month({2025, 3, 15}, with({{"dues.probationary_first_month", "NEXT_MONTH"}})),
            (YearMonth{2025, 4}));
  EXPECT_EQ(first_due_month({2025, 12, 31}, with({{"dues.probationary_first_month", "NEXT_MONTH"}})),
            (YearMonth{2026, 1}));
}

TEST(DuesTiming, NewBaseFromTheMonthFirstReceivedOrFromNextJanuary) {  // R-F04, R-F08
  const std::vector<BaseChange> changes{{{2024, 1}, 480000}, {{2025, 7}, 520000}};
  auto amount = [&](YearMonth m, const DuesPack& p) {
    return monthly_dues(base(DuesCategory::kSalaried, *base_for_month(m, changes, p)), p).amount->due_fen;
  };
  const DuesPack& on_change = DuesPack::defaults();
  for (int m = 1; m <= 6; ++m) EXPECT_EQ(amount({2025, m}, on_change), 4800) << m;
  for (int m = 7; m <= 12; ++m) EXPECT_EQ(amount({2025, m}, on_change), 7800) << m;
  const DuesPack yearly = with({{"dues.rebase_mode", "YEARLY"}});
  for (int m = 1; m <= 12; ++m) EXPECT_EQ(amount({2025, m}, yearly), 4800) << m;
  for (int m = 1; m <= 12; ++m) EXPECT_EQ(amount({2026, m}, yearly), 7800) << m;
  EXPECT_EQ(base_for_month({2023, 12}, changes, on_change), std::nullopt);
  // A member whose first base arrives during the year pays on it from that month, either way.
  const std::vector<BaseChange> joined{{{2025, 4}, 300000}};
  EXPECT_EQ(base_for_month({2025, 5}, joined, yearly), 300000);
  EXPECT_EQ(base_for_month({2025, 3}, joined, yearly), std::nullopt);
}

TEST(DuesTiming, BackPaymentAndPrepaymentWindows) {  // R-F05
  EXPECT_EQ(check_back_payment({2025, 8}, {2025, 2}), std::nullopt);
  auto seven = check_back_payment({2025, 8}, {2025, 1});
  ASSERT_TRUE(seven);
  EXPECT_EQ(seven->rule_id, "R-F05");
  EXPECT_EQ(seven->severity, Severity::kWarn);
  EXPECT_EQ(check_prepayment({2025, 8}, {2026, 2}), std::nullopt);
  EXPECT_TRUE(check_prepayment({2025, 8}, {2026, 3}));
  EXPECT_EQ(check_back_payment({2025, 8}, {2025, 1}, with({{"dues.backpay_max_months", "7"}})), std::nullopt);
}

TEST(DuesTiming, QuarterlyPayersAreNotOverdueBeforeTheQuarterEnds) {  // R-F05
  EXPECT_FALSE(dues_overdue({2025, 5}, true, {2025, 5, 31}));
  EXPECT_FALSE(dues_overdue({2025, 5}, true, {2025, 6, 30}));
  EXPECT_TRUE(dues_overdue({2025, 5}, true, {2025, 7, 1}));
  EXPECT_FALSE(dues_overdue({2025, 5}, false, {2025, 5, 31}));
  EXPECT_TRUE(dues_overdue({2025, 5}, false, {2025, 6, 1}));
}

TEST(DuesPayments, OrganizationsNeverPayOrDeduct) {  // R-F07
  EXPECT_EQ(check_payer(Payer::kOrgAccount)->severity, Severity::kBlock);
  EXPECT_EQ(check_payer(Payer::kPayrollDeduction)->rule_id, "R-F07");
  EXPECT_EQ(check_payer(Payer::kRelative), std::nullopt);  // a spouse paying: allowed, payer stored
  EXPECT_EQ(check_payer(Payer::kMemberProxy), std::nullopt);
  EXPECT_EQ(parse_payer("org_account"), Payer::kOrgAccount);
  EXPECT_EQ(parse_payer("employer"), std::nullopt);
}

TEST(DuesPayments, LargeVoluntaryDues) {  // R-F09: due 50.00 paid 1049.99 / 1050.00 / extra 1000.01
  EXPECT_FALSE(large_voluntary(104999 - 5000));
  EXPECT_TRUE(large_voluntary(105000 - 5000));
  EXPECT_FALSE(large_voluntary(100000, with({{"dues.large_voluntary_inclusive", "false"}})));
  EXPECT_TRUE(large_voluntary(100001));
}

TEST(DuesPayments, RemittanceToTheCentre) {  // R-F10
  const Remittance r = remittance(2025, 1234567890);
  EXPECT_EQ(r.amount_fen, 61728395);  // 617,283.945 → 617,283.95
  EXPECT_EQ(r.due, (Date{2026, 4, 30}));
}

TEST(DuesFlags, SixConsecutiveUnpaidMonths) {  // R-F11
  std::vector<MonthDues> months{{{2025, 1}, 5000, 5000}};
  for (int m = 2; m <= 7; ++m) months.push_back({{2025, m}, 5000, 0});
  const UnpaidRun july_end = unpaid_run(months, {2025, 7, 31});
  EXPECT_EQ(july_end.months, 5);
  EXPECT_FALSE(july_end.flagged);
  const UnpaidRun august = unpaid_run(months, {2025, 8, 1});
  EXPECT_EQ(august.months, 6);
  EXPECT_EQ(august.since, (YearMonth{2025, 2}));
  EXPECT_TRUE(august.flagged);
  // 免交 approved for Mar–Apr: those months owe nothing, so they are not unpaid.
  auto exempt = months;
  exempt[2].due_fen = exempt[3].due_fen = 0;
  EXPECT_FALSE(unpaid_run(exempt, {2025, 8, 1}).flagged);
  // Paid back in full in August: the flag clears.
  auto paid = months;
  for (auto& m : paid) m.paid_fen = m.due_fen;
  EXPECT_EQ(unpaid_run(paid, {2025, 9, 1}).months, 0);
  // A partial payment leaves the month unpaid.
  auto partial = months;
  partial[6].paid_fen = 100;
  EXPECT_EQ(unpaid_run(partial, {2025, 8, 1}).months, 6);
}

TEST(DuesCategories, CodesRoundTrip) {
  for (auto c : {DuesCategory::kSalaried, DuesCategory::kAnnualSalary, DuesCategory::kSelfEmployed,
                 DuesCategory::kRetired, DuesCategory::kPostgraduate, DuesCategory::kFarmer, DuesCategory::kStudent,
                 DuesCategory::kUnemployed, DuesCategory::kRelief})
    EXPECT_EQ(parse_dues_category(dues_category_code(c)), c);
  EXPECT_EQ(parse_dues_category("cadre"), std::nullopt);
}

TEST(YearMonths, Arithmetic) {
  EXPECT_EQ(add_months(YearMonth{2025, 12}, 1), (YearMonth{2026, 1}));
  EXPECT_EQ(add_months(YearMonth{2025, 1}, -1), (YearMonth{2024, 12}));
  EXPECT_EQ(months_between({2025, 2}, {2025, 8}), 6);
  EXPECT_EQ(YearMonth::parse("2025-03"), (YearMonth{2025, 3}));
  EXPECT_EQ(YearMonth::parse("2025-13"), std::nullopt);
  EXPECT_EQ((YearMonth{2024, 2}.last_day()), (Date{2024, 2, 29}));
  EXPECT_EQ((YearMonth{2025, 3}).iso(), "2025-03");
}

}  // namespace
}  // namespace lianxin::domain
