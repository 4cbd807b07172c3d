// organization.md §3-§4: term vectors (R-O09..R-O12) and the warnings of evaluate_org.
#include "domain/org_rules.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace lianxin::domain {
namespace {

Date d(const char* iso) { return Date::parse(iso).value(); }
const OrgRulePack& pack() { return OrgRulePack::defaults(); }

TermDates term_of(const char* kind, bool village, const char* elected) {
  const auto years = default_term_years(kind, village, pack());
  EXPECT_TRUE(years) << kind;
  return compute_term(d(elected), years.value_or(0), pack());
}

// R-O10: community branch elected 2021-06-01 -> due 2026-06-01; reminder from 2025-12-01 (R-O12).
TEST(OrgTerms, CommunityBranchHasFiveYears) {
  const auto t = term_of("branch", true, "2021-06-01");
  EXPECT_EQ(t.due, d("2026-06-01"));
  EXPECT_EQ(t.reminder_from, d("2025-12-01"));
}

// R-O10, R-O12, R-O12.a: enterprise branch elected 2023-03-01.
TEST(OrgTerms, EnterpriseBranchDueReminderAndRequest) {
  const auto t = term_of("branch", false, "2023-03-01");
  EXPECT_EQ(t.due, d("2026-03-01"));
  EXPECT_EQ(t.reminder_from, d("2025-09-01"));
  EXPECT_EQ(t.request_from, d("2026-02-01"));
}

// R-O12.a is [LOCAL]: a non-default request lead of 2 months.
TEST(OrgTerms, RequestLeadIsConfigurable) {
  OrgRulePack p;
  ASSERT_FALSE(p.set("org.election_request_lead", "2"));
  EXPECT_EQ(compute_term(d("2023-03-01"), 3, p).request_from, d("2026-01-01"));
}

// R-O11: delay or advance with approval, at most 12 months.
TEST(OrgTerms, ShiftLimitsAreTwelveMonths) {
  const auto t = term_of("branch", false, "2023-03-01");
  EXPECT_EQ(t.latest_delay, d("2027-03-01"));           // delay to 2027-03-01: OK
  EXPECT_GT(d("2027-03-02"), t.latest_delay);           // delay to 2027-03-02: BLOCK
  EXPECT_EQ(t.earliest_advance, d("2025-03-01"));       // advance to 2025-03-01: OK
  EXPECT_LT(d("2025-02-28"), t.earliest_advance);       // advance to 2025-02-28: BLOCK
}

TEST(OrgTerms, BasicCommitteeHasFiveYears) {
  EXPECT_EQ(term_of("basic_committee", false, "2022-11-15").due, d("2027-11-15"));
}

TEST(OrgTerms, VillageRuleBeatsGeneralBranchThreeYears) {
  EXPECT_EQ(term_of("general_branch", true, "2021-01-10").due, d("2026-01-10"));
  EXPECT_EQ(term_of("general_branch", false, "2021-01-10").due, d("2024-01-10"));
}

TEST(OrgTerms, LeapDayElectionClampsToMonthEnd) {
  EXPECT_EQ(term_of("branch", false, "2024-02-29").due, d("2027-02-28"));
}

TEST(OrgTerms, KindsWithoutElectedTerms) {
  for (const char* kind : {"party_group", "committee", "working_committee", "temporary_branch", "bogus"})
    EXPECT_FALSE(default_term_years(kind, false, pack())) << kind;
  EXPECT_EQ(default_term_years("joint_branch", false, pack()), 3);
}

// R-O09 (党章 §31): 3 to 5 years; configured term 6 years -> reject configuration.
TEST(OrgTerms, AllowedRangeIsThreeToFiveYears) {
  EXPECT_FALSE(term_years_allowed(2, pack()));
  EXPECT_TRUE(term_years_allowed(3, pack()));
  EXPECT_TRUE(term_years_allowed(5, pack()));
  EXPECT_FALSE(term_years_allowed(6, pack()));
  OrgRulePack p;
  const auto err = p.set("org.term_years.branch", "6");
  ASSERT_TRUE(err);
  EXPECT_NE(err->find("党章"), std::string::npos);
  EXPECT_EQ(p.term_years_branch, 3);
}

TEST(OrgPack, SetOverridesKnownKeys) {
  OrgRulePack p;
  EXPECT_FALSE(p.set("org.term_years.branch", "4"));
  EXPECT_EQ(default_term_years("branch", false, p), 4);
  EXPECT_FALSE(p.set("org.term_years.basic_committee", " 3 "));
  EXPECT_EQ(default_term_years("basic_committee", false, p), 3);
  EXPECT_FALSE(p.set("org.election_reminder_lead", "3"));
  EXPECT_EQ(compute_term(d("2023-03-01"), 3, p).reminder_from, d("2025-12-01"));
  EXPECT_FALSE(p.set("org.term_shift_max", "6"));  // tightening is allowed
  EXPECT_EQ(compute_term(d("2023-03-01"), 3, p).latest_delay, d("2026-09-01"));
}

TEST(OrgPack, SetRejectsBadKeysAndValues) {
  OrgRulePack p;
  EXPECT_TRUE(p.set("org.term_years.club", "3"));
  EXPECT_TRUE(p.set("org.term_years.branch", "three"));
  EXPECT_TRUE(p.set("org.term_years.branch", "-4"));
  EXPECT_TRUE(p.set("org.term_shift_max", "13"));  // loosening beyond 1 year is not allowed
  EXPECT_TRUE(p.set("org.election_reminder_lead", "0"));
  EXPECT_EQ(p.term_shift_max_months, 12);
  EXPECT_EQ(p.election_reminder_lead_months, 6);
}

OrgFacts branch(int64_t full, int64_t probationary, bool committee = false) {
  OrgFacts f;
  f.kind = "branch";
  f.full_members = full;
  f.probationary_members = probationary;
  f.has_committee = committee;
  f.term_due = d("2028-01-01");
  return f;
}

std::vector<std::string> codes(const std::vector<OrgWarning>& ws) {
  std::vector<std::string> out;
  for (const auto& w : ws) out.push_back(w.code);
  return out;
}

const Date kToday{2026, 1, 1};
using Codes = std::vector<std::string>;

// R-O01: 3 full members -> fine; 2 full + 1 预备 -> fewer than 3 full members.
TEST(OrgWarnings, TooFewFullMembers) {
  EXPECT_EQ(codes(evaluate_org(branch(3, 0), kToday)), Codes{});
  const auto ws = evaluate_org(branch(2, 1), kToday);
  ASSERT_EQ(codes(ws), Codes{"branch.too_few_full_members"});
  EXPECT_EQ(ws[0].rule_id, "R-O01");
  EXPECT_EQ(ws[0].severity, "WARN");
  EXPECT_EQ(std::get<int64_t>(ws[0].data.at("full_members")), 2);
}

// R-O03: 50 members OK; 51 including 预备 -> WARN.
TEST(OrgWarnings, TooManyMembersCountsProbationary) {
  EXPECT_EQ(codes(evaluate_org(branch(40, 10, true), kToday)), Codes{});
  const auto ws = evaluate_org(branch(40, 11, true), kToday);
  ASSERT_EQ(codes(ws), Codes{"branch.too_many_members"});
  EXPECT_EQ(ws[0].rule_id, "R-O03");
  EXPECT_EQ(std::get<int64_t>(ws[0].data.at("members")), 51);
}

TEST(OrgWarnings, MemberLimitComesFromThePack) {
  OrgRulePack p;
  p.branch_max_members = 30;
  EXPECT_EQ(codes(evaluate_org(branch(25, 6, true), kToday, p)), Codes{"branch.too_many_members"});
}

// R-O06: 6 full + 3 预备 -> no committee needed; 7 full -> committee required.
TEST(OrgWarnings, CommitteeRequiredFromSevenFullMembers) {
  EXPECT_EQ(codes(evaluate_org(branch(6, 3), kToday)), Codes{});
  const auto ws = evaluate_org(branch(7, 0), kToday);
  ASSERT_EQ(codes(ws), Codes{"branch.committee_required"});
  EXPECT_EQ(ws[0].rule_id, "R-O06");
  EXPECT_EQ(codes(evaluate_org(branch(7, 0, true), kToday)), Codes{});
}

// organization.md §4: enterprise branch due 2026-03-01, today 2026-03-02, no election -> overdue.
TEST(OrgWarnings, OverdueTheDayAfterTheDueDate) {
  auto f = branch(3, 0);
  f.term_due = d("2026-03-01");
  const auto ws = evaluate_org(f, d("2026-03-02"));
  ASSERT_EQ(codes(ws), Codes{"term.overdue"});
  EXPECT_EQ(ws[0].rule_id, "R-O11");
  EXPECT_EQ(ws[0].severity, "WARN");
  EXPECT_EQ(std::get<int64_t>(ws[0].data.at("days_overdue")), 1);
}

// R-O12: REMIND from due - 6 months up to and including the due date.
TEST(OrgWarnings, DueSoonWithinTheReminderLead) {
  auto f = branch(3, 0);
  f.term_due = d("2026-03-01");
  EXPECT_EQ(codes(evaluate_org(f, d("2025-08-31"))), Codes{});
  const auto ws = evaluate_org(f, d("2025-09-01"));
  ASSERT_EQ(codes(ws), Codes{"term.due_soon"});
  EXPECT_EQ(ws[0].rule_id, "R-O12");
  EXPECT_EQ(ws[0].severity, "REMIND");
  EXPECT_EQ(std::get<std::string>(ws[0].data.at("due")), "2026-03-01");
  EXPECT_EQ(codes(evaluate_org(f, d("2026-03-01"))), Codes{"term.due_soon"});
}

TEST(OrgWarnings, MissingTermForKindsWithTerms) {
  auto f = branch(3, 0);
  f.term_due = std::nullopt;
  EXPECT_EQ(codes(evaluate_org(f, kToday)), Codes{"term.missing"});
  f.kind = "party_group";  // no elected term, not a branch
  EXPECT_EQ(codes(evaluate_org(f, kToday)), Codes{});
}

TEST(OrgWarnings, SeveralWarningsComeInRuleIdOrder) {
  auto f = branch(2, 60);
  f.term_due = d("2025-01-01");
  const auto ws = evaluate_org(f, kToday);
  ASSERT_EQ(codes(ws), (Codes{"branch.too_few_full_members", "branch.too_many_members", "term.overdue"}));
  EXPECT_LT(ws[0].rule_id, ws[1].rule_id);
  EXPECT_LT(ws[1].rule_id, ws[2].rule_id);
}

TEST(OrgWarnings, NonBranchKindsHaveNoMembershipWarnings) {
  auto f = branch(1, 0);
  f.kind = "basic_committee";
  EXPECT_EQ(codes(evaluate_org(f, kToday)), Codes{});
}

TEST(OrgRuleCatalog, CoversEveryRuleWithTheSeverityItsWarningsCarry) {
  const auto catalog = org_rule_catalog();
  std::vector<std::string> ids;
  for (const auto& r : catalog) {
    ids.push_back(r.rule_id);
    EXPECT_FALSE(r.title.empty()) << r.rule_id;
    EXPECT_FALSE(r.explanation.empty()) << r.rule_id;
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"R-O01", "R-O03", "R-O06", "R-O09", "R-O11", "R-O12"}));
  // Every warning evaluate_org raises has the catalog's severity and code for its rule id.
  std::vector<OrgFacts> cases = {branch(2, 60), branch(8, 0), branch(3, 0)};
  cases[0].term_due = d("2025-01-01");
  cases[2].term_due = std::nullopt;
  auto soon = branch(3, 0);
  soon.term_due = add_months(kToday, 2);
  cases.push_back(soon);
  size_t seen = 0;
  for (const auto& f : cases)
    for (const auto& w : evaluate_org(f, kToday)) {
      ++seen;
      auto it = std::find_if(catalog.begin(), catalog.end(), [&](const auto& r) { return r.rule_id == w.rule_id; });
      ASSERT_NE(it, catalog.end()) << w.rule_id;
      EXPECT_EQ(it->severity, w.severity);
      EXPECT_EQ(it->code, w.code);
    }
  EXPECT_EQ(seen, 6u);
}

TEST(OrgRuleCatalog, ExplanationsUseThePackThresholds) {
  OrgRulePack p;
  p.branch_max_members = 40;
  const auto catalog = org_rule_catalog(p);
  EXPECT_NE(catalog[1].explanation.find("超过40名"), std::string::npos) << catalog[1].explanation;
  EXPECT_NE(org_rule_catalog()[1].explanation.find("超过50名"), std::string::npos);
}

TEST(OrgWarnings, DissolvedOrganizationsHaveNone) {
  auto f = branch(1, 0);
  f.dissolved = true;
  f.term_due = d("2020-01-01");
  EXPECT_TRUE(evaluate_org(f, kToday).empty());
}

}  // namespace
}  // namespace lianxin::domain
