// recruitment.md §2 and §4 test vectors (R-D01 … R-D29, 2026 pack), members.md §3 (党龄), run
// through the evaluation engine and the probation date math.
#include "domain/recruitment.hpp"

#include <gtest/gtest.h>

#include "domain/member_rules.hpp"

namespace lianxin::domain {
namespace {

Date d(const char* iso) { return Date::parse(iso).value(); }

std::vector<Date> range(const char* from, const char* to) {
  std::vector<Date> out;
  for (Date x = d(from); x <= d(to); x = add_days(x, 1)) out.push_back(x);
  return out;
}

WorkCalendar cal2025() {
  std::vector<Date> off = {d("2025-01-01")};
  for (auto r : {range("2025-01-28", "2025-02-04"), range("2025-04-04", "2025-04-06"),
                 range("2025-05-01", "2025-05-05"), range("2025-05-31", "2025-06-02"),
                 range("2025-10-01", "2025-10-08")})
    off.insert(off.end(), r.begin(), r.end());
  WorkCalendar cal;
  cal.set_year(2025, off, {d("2025-01-26"), d("2025-02-08"), d("2025-04-27"), d("2025-09-28"), d("2025-10-11")});
  return cal;
}

const RecruitPack& local_pack() {
  static const RecruitPack p = *derive_pack(recruit_pack_2014(), local_common_overlay()).pack;
  return p;
}

Participant full(const char* name) { return Participant{name, std::nullopt, {"full", "normal", false, false, false}}; }
Participant probationary(const char* name) { return Participant{name, std::nullopt, {"probationary", "normal", false, false, false}}; }

StepRecord rec(int step, const char* date) {
  StepRecord r;
  r.step = step;
  r.date = d(date);
  switch (step) {
    case 1: r.documents = {"入党申请书"}; break;
    case 2: r.people = {full("王书记")}; break;
    case 5: r.people = {full("张三"), full("李四")}; break;
    case 6: r.documents = {"培养教育考察材料"}; break;
    case 9: r.people = {full("张三"), full("李四")}; break;
    case 10: r.passed = true, r.documents = {"政治审查材料"}; break;
    case 11: r.training_days = 3, r.training_hours = 24; break;
    case 13: r.documents = {"预审意见"}; break;
    case 14: r.documents = {"入党志愿书"}; break;
    case 15: r.attendance = MeetingAttendance{10, 8, 0}, r.ballot = Ballot{"申请人", 7, 1, 0, 0, 0, 0}; break;
    case 16: r.people = {full("组织员")}; break;
    case 17: r.passed = true, r.approver_can_approve = true; break;
    case 22: r.documents = {"转正申请书"}; break;
    case 23:
      r.attendance = MeetingAttendance{10, 8, 0}, r.ballot = Ballot{"预备党员", 8, 0, 0, 0, 0, 0};
      r.conversion_outcome = "on_time";
      break;
    case 24: r.passed = true; break;
    case 25: r.documents = {"入党志愿书", "入党申请书", "政治审查材料", "转正申请书", "培养教育考察材料"}; break;
    default: break;
  }
  return r;
}

// A clean case: every step on time, in order.
const std::vector<std::pair<int, const char*>> kHappy = {
    {1, "2023-01-10"},  {2, "2023-01-20"},  {3, "2023-08-01"},  {4, "2023-08-05"},  {5, "2023-08-05"},
    {6, "2024-01-20"},  {6, "2024-07-20"},  {7, "2024-08-10"},  {8, "2024-08-20"},  {9, "2024-08-20"},
    {10, "2024-09-10"}, {11, "2024-09-20"}, {12, "2024-10-08"}, {13, "2024-10-15"}, {14, "2024-10-20"},
    {15, "2024-11-01"}, {16, "2024-11-20"}, {17, "2024-12-10"}, {18, "2024-12-20"}, {19, "2024-12-25"},
    {20, "2025-01-05"}, {21, "2025-03-01"}, {22, "2025-11-01"}, {23, "2025-11-05"}, {24, "2025-12-01"},
    {25, "2025-12-05"}};

RecruitCase happy_until(int last_step) {
  RecruitCase c;
  c.birth_date = d("1995-04-01");
  for (const auto& [step, date] : kHappy)
    if (step <= last_step) c.records.push_back(rec(step, date));
  return c;
}

// The findings of recording `r` on `c`, restricted to one rule id.
std::vector<Finding> findings(const RecruitCase& c, const StepRecord& r, const char* rule_id,
                              const RecruitPack& pack = recruit_pack_2014(), Date today = Date{2027, 1, 1}) {
  std::vector<Finding> out;
  for (auto& f : check_step(c, r, pack, cal2025(), today))
    if (f.rule_id == rule_id) out.push_back(f);
  return out;
}

bool blocked(const RecruitCase& c, const StepRecord& r, const char* rule_id, const RecruitPack& pack = recruit_pack_2014()) {
  for (const auto& f : findings(c, r, rule_id, pack))
    if (f.severity == Severity::kBlock) return true;
  return false;
}

// An approval recorded without its result is not an approval: the case waits at that step.
TEST(Recruitment, ApprovalWithoutResultIsNotGranted) {
  auto c = happy_until(17);
  c.records.back().passed.reset();
  const auto st = evaluate_case(c, recruit_pack_2014(), cal2025(), d("2025-01-01"));
  EXPECT_EQ(st.next_step, 17);
  c.records.back().passed = true;
  EXPECT_EQ(evaluate_case(c, recruit_pack_2014(), cal2025(), d("2025-01-01")).next_step, 18);
}

TEST(Recruitment, HappyPathHasNoViolationsAndEndsCompleted) {
  const auto c = happy_until(25);
  const auto st = evaluate_case(c, recruit_pack_2014(), cal2025(), d("2026-01-01"));
  for (const auto& f : st.violations) ADD_FAILURE() << f.rule_id << " " << f.message;
  EXPECT_EQ(st.state, CaseState::kCompleted);
  EXPECT_EQ(st.current_step, 25);
  EXPECT_EQ(st.next_step, 0);
  EXPECT_EQ(st.membership_start, d("2024-11-01"));   // R-D19
  EXPECT_EQ(st.probation_end, d("2025-11-01"));      // R-D20
  EXPECT_EQ(st.full_member_date, d("2025-11-01"));   // R-D26: not the approval date 2025-12-01
  EXPECT_TRUE(st.due.empty());
  EXPECT_TRUE(st.overdue.empty());
  // The local pack adds only notices (none recorded here) and nothing blocking.
  const auto local = evaluate_case(c, local_pack(), cal2025(), d("2026-01-01"));
  for (const auto& f : local.violations) {
    EXPECT_EQ(f.rule_id, "R-D29") << f.message;
    EXPECT_EQ(f.severity, Severity::kWarn);
  }
}

TEST(Recruitment, CurrentStageAndNextStepWalkTheList) {
  const struct { int last; int current; int next; int stage; } cases[] = {
      {0, 0, 1, 1}, {1, 1, 2, 1}, {2, 2, 3, 2}, {5, 5, 6, 2}, {6, 6, 7, 3}, {14, 14, 15, 4},
      {20, 20, 22, 5}, {24, 24, 25, 5}};
  for (const auto& k : cases) {
    const auto st = evaluate_case(happy_until(k.last), recruit_pack_2014(), cal2025(), d("2023-01-10"));
    EXPECT_EQ(st.current_step, k.current) << k.last;
    EXPECT_EQ(st.next_step, k.next) << k.last;
    EXPECT_EQ(st.stage, k.stage) << k.last;
  }
}

TEST(Recruitment, StepsAreStrictlyOrdered) {
  auto c = happy_until(6);
  const auto f = findings(c, rec(9, "2024-08-20"), "R-D10");  // 7 (发展对象) missing
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kBlock);
  EXPECT_EQ(f[0].rule_code, "steps.order");
  EXPECT_NE(f[0].message.find("须先完成第7步“确定发展对象”"), std::string::npos) << f[0].message;
  // A date in the future cannot be recorded.
  EXPECT_TRUE(has_block(check_step(c, rec(7, "2024-08-10"), recruit_pack_2014(), cal2025(), d("2024-08-09"))));
}

// R-D01. born 2007-05-20 → apply 2025-05-19 BLOCK; 2025-05-20 OK (default) / BLOCK (alt);
// born 2008-02-29 → 18 on 2026-02-28.
TEST(Recruitment, RD01AgeAtApplication) {
  RecruitCase c;
  c.birth_date = d("2007-05-20");
  EXPECT_TRUE(blocked(c, rec(1, "2025-05-19"), "R-D01"));
  EXPECT_FALSE(blocked(c, rec(1, "2025-05-20"), "R-D01"));
  RecruitPack alt = recruit_pack_2014();
  ASSERT_FALSE(apply_setting(alt, "age.reached_on", "DAY_AFTER_BIRTHDAY"));
  EXPECT_TRUE(blocked(c, rec(1, "2025-05-20"), "R-D01", alt));
  EXPECT_FALSE(blocked(c, rec(1, "2025-05-21"), "R-D01", alt));
  EXPECT_EQ(earliest_application_date(d("2008-02-29")), d("2026-02-28"));
  c.birth_date = d("2008-02-29");
  EXPECT_TRUE(blocked(c, rec(1, "2026-02-27"), "R-D01"));
  EXPECT_FALSE(blocked(c, rec(1, "2026-02-28"), "R-D01"));
  const auto f = findings(c, rec(1, "2026-02-27"), "R-D01");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("年满18周岁"), std::string::npos) << f[0].message;
}

// R-D03: received 2025-03-10 → due 2025-04-10; 2025-01-31 → 2025-02-28; no talk by 2025-04-11 → overdue.
TEST(Recruitment, RD03TalkWithinOneMonth) {
  RecruitCase c;
  c.birth_date = d("1990-01-01");
  c.records = {rec(1, "2025-03-10")};
  auto st = evaluate_case(c, recruit_pack_2014(), cal2025(), d("2025-04-10"));
  ASSERT_EQ(st.due.size(), 1u);
  EXPECT_EQ(st.due[0].rule_id, "R-D03");
  EXPECT_EQ(st.due[0].due, d("2025-04-10"));
  EXPECT_EQ(st.due[0].step, 2);
  EXPECT_TRUE(st.overdue.empty());
  st = evaluate_case(c, recruit_pack_2014(), cal2025(), d("2025-04-11"));
  ASSERT_EQ(st.overdue.size(), 1u);
  EXPECT_EQ(st.overdue[0].rule_id, "R-D03");
  EXPECT_TRUE(st.overdue[0].overdue);

  c.records = {rec(1, "2025-01-31")};
  st = evaluate_case(c, recruit_pack_2014(), cal2025(), d("2025-02-01"));
  ASSERT_EQ(st.due.size(), 1u);
  EXPECT_EQ(st.due[0].due, d("2025-02-28"));
  // A talk recorded late keeps its REMIND finding with the rule id.
  const auto late = findings(c, rec(2, "2025-03-01"), "R-D03");
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].severity, Severity::kRemind);
  EXPECT_EQ(late[0].due, d("2025-02-28"));
  EXPECT_TRUE(findings(c, rec(2, "2025-02-28"), "R-D03").empty());
}

// R-D04 [LOCAL]: application 2024-09-15 → activist 2025-03-14 WARN; 2025-03-15 OK; parameter 0 → no check.
TEST(Recruitment, RD04SixMonthsFromApplicationToActivist) {
  RecruitCase c;
  c.birth_date = d("1990-01-01");
  c.records = {rec(1, "2024-09-15"), rec(2, "2024-09-20")};
  auto f = findings(c, rec(3, "2025-03-14"), "R-D04", local_pack());
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarn);
  EXPECT_EQ(f[0].due, d("2025-03-15"));
  EXPECT_TRUE(findings(c, rec(3, "2025-03-15"), "R-D04", local_pack()).empty());
  RecruitPack zero = local_pack();
  ASSERT_FALSE(apply_setting(zero, "recruit.min_months_application_to_activist", "0"));
  EXPECT_TRUE(findings(c, rec(3, "2025-03-14"), "R-D04", zero).empty());
  // Not national law: the national pack does not check it.
  EXPECT_TRUE(findings(c, rec(3, "2025-03-14"), "R-D04").empty());
  // A non-default value: 3 months.
  RecruitPack three = local_pack();
  ASSERT_FALSE(apply_setting(three, "recruit.min_months_application_to_activist", "3"));
  EXPECT_TRUE(findings(c, rec(3, "2024-12-15"), "R-D04", three).empty());
  EXPECT_EQ(findings(c, rec(3, "2024-12-14"), "R-D04", three).size(), 1u);
  // Evaluate shows the earliest date while the step is open.
  const auto st = evaluate_case(c, local_pack(), cal2025(), d("2024-10-01"));
  ASSERT_FALSE(st.not_before.empty());
  EXPECT_EQ(st.not_before[0].rule_id, "R-D04");
  EXPECT_EQ(st.not_before[0].due, d("2025-03-15"));
}

// R-D06: 1–2 full members as 培养联系人; BLOCK for 0 or 3, or a 预备党员.
TEST(Recruitment, RD06OneOrTwoContacts) {
  const auto c = happy_until(4);
  auto r = rec(5, "2023-08-05");
  EXPECT_FALSE(blocked(c, r, "R-D06"));
  r.people = {full("张三")};
  EXPECT_FALSE(blocked(c, r, "R-D06"));
  r.people = {};
  EXPECT_TRUE(blocked(c, r, "R-D06"));
  r.people = {full("张三"), full("李四"), full("王五")};
  EXPECT_TRUE(blocked(c, r, "R-D06"));
  r.people = {full("张三"), probationary("赵六")};
  EXPECT_TRUE(blocked(c, r, "R-D06"));
  const auto f = findings(c, r, "R-D06");
  EXPECT_NE(f[0].message.find("赵六"), std::string::npos) << f[0].message;
}

// R-D07: activist 2024-03-10 → assessments due 2024-09-10, 2025-03-10.
TEST(Recruitment, RD07HalfYearlyAssessments) {
  EXPECT_EQ(assessment_due_dates(d("2024-03-10"), d("2025-03-10")),
            (std::vector<Date>{d("2024-09-10"), d("2025-03-10")}));
  RecruitCase c;
  c.birth_date = d("1990-01-01");
  c.records = {rec(1, "2023-06-01"), rec(2, "2023-06-10"), rec(3, "2024-03-10"), rec(4, "2024-03-12"),
               rec(5, "2024-03-12")};
  auto due_of = [&](Date today) {
    for (const auto& list : {evaluate_case(c, recruit_pack_2014(), cal2025(), today).due,
                             evaluate_case(c, recruit_pack_2014(), cal2025(), today).overdue})
      for (const auto& i : list)
        if (i.rule_id == "R-D07") return i;
    return DueItem{};
  };
  EXPECT_EQ(due_of(d("2024-05-01")).due, d("2024-09-10"));
  EXPECT_FALSE(due_of(d("2024-09-10")).overdue);
  EXPECT_TRUE(due_of(d("2024-09-11")).overdue);
  c.records.push_back(rec(6, "2024-09-01"));
  EXPECT_EQ(due_of(d("2024-09-11")).due, d("2025-03-10"));
  EXPECT_FALSE(due_of(d("2024-09-11")).overdue);
  // Month-end activist date: 2024-08-31 → 2025-02-28, then 2025-08-31.
  EXPECT_EQ(assessment_due_dates(d("2024-08-31"), d("2025-08-31")),
            (std::vector<Date>{d("2025-02-28"), d("2025-08-31")}));
}

// R-D10: activist 2024-03-10 → earliest 2025-03-10; 2025-03-09 BLOCK; activist 2024-02-29 → earliest 2025-02-28.
TEST(Recruitment, RD10OneYearAsActivist) {
  RecruitCase c;
  c.birth_date = d("1990-01-01");
  c.records = {rec(1, "2023-06-01"), rec(2, "2023-06-10"), rec(3, "2024-03-10"), rec(4, "2024-03-12"),
               rec(5, "2024-03-12"), rec(6, "2024-09-01")};
  EXPECT_TRUE(blocked(c, rec(7, "2025-03-09"), "R-D10"));
  EXPECT_FALSE(blocked(c, rec(7, "2025-03-10"), "R-D10"));
  const auto f = findings(c, rec(7, "2025-03-09"), "R-D10");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].due, d("2025-03-10"));
  EXPECT_NE(f[0].message.find("2024-03-10"), std::string::npos);
  const auto st = evaluate_case(c, recruit_pack_2014(), cal2025(), d("2024-10-01"));
  ASSERT_FALSE(st.not_before.empty());
  EXPECT_EQ(st.not_before[0].rule_id, "R-D10");
  EXPECT_EQ(st.not_before[0].due, d("2025-03-10"));

  c.records[2] = rec(3, "2024-02-29");
  EXPECT_TRUE(blocked(c, rec(7, "2025-02-27"), "R-D10"));
  EXPECT_FALSE(blocked(c, rec(7, "2025-02-28"), "R-D10"));
}

// R-D11: 2 full members as 入党介绍人; BLOCK for 1 or 3, a 预备党员, or 留党察看.
TEST(Recruitment, RD11TwoIntroducers) {
  const auto c = happy_until(8);
  auto r = rec(9, "2024-08-20");
  EXPECT_FALSE(blocked(c, r, "R-D11"));
  r.people = {full("张三")};
  EXPECT_TRUE(blocked(c, r, "R-D11"));
  r.people = {full("张三"), full("李四"), full("王五")};
  EXPECT_TRUE(blocked(c, r, "R-D11"));
  r.people = {full("张三"), probationary("赵六")};
  EXPECT_TRUE(blocked(c, r, "R-D11"));
  r.people = {full("张三"), Participant{"钱七", std::nullopt, {"full", "normal", true, false, false}}};
  EXPECT_TRUE(blocked(c, r, "R-D11"));
}

// R-D12: no or failed written conclusion → no admission; [LOCAL] conclusion valid 12 months.
TEST(Recruitment, RD12PoliticalReview) {
  auto c = happy_until(11);
  c.records[10].passed = false;  // records[10] is step 10 (step 6 has two records)
  ASSERT_EQ(c.records[10].step, 10);
  EXPECT_TRUE(blocked(c, rec(12, "2024-10-08"), "R-D12"));
  c.records[10].passed.reset();  // no conclusion written
  EXPECT_TRUE(blocked(c, rec(12, "2024-10-08"), "R-D12"));
  c.records[10].passed = true;
  EXPECT_FALSE(blocked(c, rec(12, "2024-10-08"), "R-D12"));

  // Local validity: review 2024-09-10, valid until 2025-09-10.
  auto late = happy_until(14);
  EXPECT_TRUE(findings(late, rec(15, "2025-09-10"), "R-D12", local_pack()).empty());
  const auto f = findings(late, rec(15, "2025-09-11"), "R-D12", local_pack());
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarn);
  EXPECT_TRUE(findings(late, rec(15, "2025-09-11"), "R-D12").empty());  // national pack: no such rule
}

// R-D13: (2 days, 20 h) fail; (3 days, 0 h) pass; (0 days, 24 h) pass; (2 days, 23.5 h) fail.
TEST(Recruitment, RD13Training) {
  auto c = happy_until(11);
  ASSERT_EQ(c.records[11].step, 11);
  const auto with = [&](int days, double hours) {
    c.records[11].training_days = days;
    c.records[11].training_hours = hours;
    return blocked(c, rec(12, "2024-10-08"), "R-D13");
  };
  EXPECT_TRUE(with(2, 20));
  EXPECT_FALSE(with(3, 0));
  EXPECT_FALSE(with(0, 24));
  EXPECT_TRUE(with(2, 23.5));
  // Special case with a recorded reason: WARN, reason kept.
  auto r = rec(12, "2024-10-08");
  r.override_reason = "援外任务期间无法参加集中培训，经党委同意";
  const auto f = findings(c, r, "R-D13");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarn);
  EXPECT_EQ(f[0].override_reason, r.override_reason);
}

// R-D14: 预审 2025-05-01, planned departure 2025-08-01 → WARN (within); 2025-08-02 → OK.
TEST(Recruitment, RD14LeavingWithinThreeMonths) {
  auto c = happy_until(12);
  c.planned_departure = d("2025-08-01");
  auto f = findings(c, rec(13, "2025-05-01"), "R-D14");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarn);
  c.planned_departure = d("2025-08-02");
  EXPECT_TRUE(findings(c, rec(13, "2025-05-01"), "R-D14").empty());
}

// R-D15 in the engine: an invalid meeting is refused; a failed vote stops the case at step 15;
// [LOCAL] six months before the next vote.
TEST(Recruitment, RD15BranchMeeting) {
  const auto c = happy_until(14);
  auto r = rec(15, "2024-11-01");
  r.attendance = MeetingAttendance{10, 5, 1};
  r.ballot = Ballot{"申请人", 5, 0, 0, 1, 0, 0};
  EXPECT_TRUE(blocked(c, r, "R-D15"));  // no quorum: written opinions do not count
  r.attendance = MeetingAttendance{0, 0, 0};
  r.ballot = Ballot{"申请人", 0, 0, 0, 0, 0, 0};
  const auto none = findings(c, r, "R-D15");
  ASSERT_EQ(none.size(), 1u);
  EXPECT_NE(none[0].message.find("报上级党组织"), std::string::npos) << none[0].message;
  r.attendance.reset();
  EXPECT_TRUE(blocked(c, r, "R-D15"));  // tallies must be recorded

  auto failed = c;
  auto vote = rec(15, "2024-11-01");
  vote.attendance = MeetingAttendance{10, 9, 0};
  vote.ballot = Ballot{"申请人", 5, 4, 0, 0, 0, 0};  // 5 ≯ 5: denominator is N
  EXPECT_FALSE(blocked(c, vote, "R-D15"));         // recording a failed vote is allowed
  failed.records.push_back(vote);
  auto st = evaluate_case(failed, recruit_pack_2014(), cal2025(), d("2024-12-01"));
  EXPECT_EQ(st.current_step, 14);
  EXPECT_EQ(st.next_step, 15);
  EXPECT_FALSE(st.membership_start);
  const auto next = findings(failed, rec(16, "2024-11-20"), "R-D15");
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].rule_code, "steps.gate");
  // Resubmission: [LOCAL] 6 months after the failed vote (2025-05-01).
  EXPECT_EQ(findings(failed, rec(15, "2025-04-30"), "R-D15", local_pack()).size(), 1u);
  EXPECT_TRUE(findings(failed, rec(15, "2025-05-01"), "R-D15", local_pack()).empty());
  EXPECT_TRUE(findings(failed, rec(15, "2025-04-30"), "R-D15").empty());
  failed.records.push_back(rec(15, "2025-05-01"));
  st = evaluate_case(failed, recruit_pack_2014(), cal2025(), d("2025-05-02"));
  EXPECT_EQ(st.current_step, 15);
  EXPECT_EQ(st.membership_start, d("2025-05-01"));
}

// R-D16: approval needs the upper-level talk.
TEST(Recruitment, RD16TalkBeforeApproval) {
  auto c = happy_until(15);
  EXPECT_TRUE(blocked(c, rec(17, "2024-12-10"), "R-D16"));
  c.records.push_back(rec(16, "2024-11-20"));
  EXPECT_FALSE(blocked(c, rec(17, "2024-12-10"), "R-D16"));
}

// R-D17: meeting 2025-03-10 → due 2025-06-10, hard limit 2025-09-10; meeting 2025-11-30 → due
// 2026-02-28; approval 2025-09-11 → BLOCK.
TEST(Recruitment, RD17ApprovalWithinThreeMonthsAtMostSix) {
  RecruitCase c = happy_until(14);
  c.records.push_back(rec(15, "2025-03-10"));
  c.records.push_back(rec(16, "2025-03-20"));
  auto st = evaluate_case(c, recruit_pack_2014(), cal2025(), d("2025-04-01"));
  std::map<std::string, Date> due;
  for (const auto& i : st.due) due[i.rule_code] = i.due;
  EXPECT_EQ(due["approval.due"], d("2025-06-10"));
  EXPECT_EQ(due["approval.hard_limit"], d("2025-09-10"));
  st = evaluate_case(c, recruit_pack_2014(), cal2025(), d("2025-06-11"));
  ASSERT_EQ(st.overdue.size(), 1u);
  EXPECT_EQ(st.overdue[0].rule_code, "approval.due");
  EXPECT_FALSE(blocked(c, rec(17, "2025-09-10"), "R-D17"));
  EXPECT_TRUE(blocked(c, rec(17, "2025-09-11"), "R-D17"));
  const auto remind = findings(c, rec(17, "2025-07-01"), "R-D17");
  ASSERT_EQ(remind.size(), 1u);
  EXPECT_EQ(remind[0].severity, Severity::kRemind);

  RecruitCase nov = happy_until(14);
  nov.records.push_back(rec(15, "2025-11-30"));
  nov.records.push_back(rec(16, "2025-12-05"));
  st = evaluate_case(nov, recruit_pack_2014(), cal2025(), d("2025-12-10"));
  for (const auto& i : st.due)
    if (i.rule_code == "approval.due") {
      EXPECT_EQ(i.due, d("2026-02-28"));
    }
}

// R-D18: only a 党委 with approval power.
TEST(Recruitment, RD18ApproverMustHaveApprovalPower) {
  const auto c = happy_until(16);
  auto r = rec(17, "2024-12-10");
  r.approver_can_approve = false;  // e.g. a 党总支
  EXPECT_TRUE(blocked(c, r, "R-D18"));
  r.approver_can_approve = true;
  EXPECT_FALSE(blocked(c, r, "R-D18"));
}

TEST(Recruitment, RejectedApprovalEndsTheCase) {
  auto c = happy_until(16);
  auto r = rec(17, "2024-12-10");
  r.passed = false;
  c.records.push_back(r);
  const auto st = evaluate_case(c, recruit_pack_2014(), cal2025(), d("2025-01-01"));
  EXPECT_EQ(st.state, CaseState::kRejected);
  EXPECT_EQ(st.next_step, 0);
  EXPECT_TRUE(st.due.empty());
}

// R-D20: 2024-06-20 → 2025-06-20; 2024-02-29 → 2025-02-28.
TEST(Recruitment, RD20ProbationOneYearFromTheMeeting) {
  EXPECT_EQ(probation_end(d("2024-06-20")), d("2025-06-20"));
  EXPECT_EQ(probation_end(d("2024-02-29")), d("2025-02-28"));
}

// R-D22 (end 2025-06-20): extend 6 m → 2025-12-20 OK; 12 m → 2026-06-20 OK; 5 m BLOCK; 13 m BLOCK;
// second extension BLOCK; after extension only (a) or (c).
TEST(Recruitment, RD22ExtensionOnceSixToTwelveMonths) {
  EXPECT_EQ(extend_probation(d("2025-06-20"), 6, 0).new_end, d("2025-12-20"));
  EXPECT_EQ(extend_probation(d("2025-06-20"), 12, 0).new_end, d("2026-06-20"));
  EXPECT_FALSE(extend_probation(d("2025-06-20"), 5, 0).new_end);
  EXPECT_FALSE(extend_probation(d("2025-06-20"), 13, 0).new_end);
  EXPECT_FALSE(extend_probation(d("2025-12-20"), 6, 1).new_end);
  EXPECT_NE(extend_probation(d("2025-06-20"), 5, 0).error.find("R-D22"), std::string::npos);
  // Month-end: 2025-08-31 + 6 → 2026-02-28.
  EXPECT_EQ(extend_probation(d("2025-08-31"), 6, 0).new_end, d("2026-02-28"));

  // In the engine: a case admitted 2024-06-20.
  RecruitCase c = happy_until(14);
  c.records.push_back(rec(15, "2024-06-20"));
  for (auto [s, date] : std::vector<std::pair<int, const char*>>{
           {16, "2024-07-01"}, {17, "2024-08-01"}, {18, "2024-08-10"}, {19, "2024-08-15"}, {20, "2024-09-01"},
           {22, "2025-06-20"}})
    c.records.push_back(rec(s, date));
  auto meeting = rec(23, "2025-06-25");
  meeting.conversion_outcome = "extend";
  for (int months : {5, 13}) {
    meeting.extension_months = months;
    EXPECT_TRUE(blocked(c, meeting, "R-D22")) << months;
  }
  meeting.extension_months = 6;
  EXPECT_FALSE(blocked(c, meeting, "R-D22"));
  c.records.push_back(meeting);
  c.records.push_back(rec(24, "2025-07-10"));
  auto st = evaluate_case(c, recruit_pack_2014(), cal2025(), d("2025-08-01"));
  EXPECT_EQ(st.extensions, 1);
  EXPECT_EQ(st.probation_end, d("2025-12-20"));
  EXPECT_EQ(st.next_step, 22);  // a new conversion round
  EXPECT_FALSE(st.full_member_date);
  // Second round: extending again is refused; on time is fine; not before the new end (R-D25).
  c.records.push_back(rec(22, "2025-12-20"));
  auto second = rec(23, "2025-12-22");
  second.conversion_outcome = "extend";
  second.extension_months = 6;
  EXPECT_TRUE(blocked(c, second, "R-D22"));
  second.conversion_outcome = "on_time";
  EXPECT_FALSE(has_block(check_step(c, second, recruit_pack_2014(), cal2025(), d("2026-01-01"))));
  EXPECT_TRUE(blocked(c, rec(23, "2025-12-19"), "R-D25"));
  c.records.push_back(second);
  c.records.push_back(rec(24, "2026-01-15"));
  st = evaluate_case(c, recruit_pack_2014(), cal2025(), d("2026-02-01"));
  EXPECT_EQ(st.full_member_date, d("2025-12-20"));  // R-D26: end of the extension
  EXPECT_EQ(st.next_step, 25);
  // Cancellation ends the case.
  auto cancelled = c;
  cancelled.records.pop_back();
  cancelled.records.back().conversion_outcome = "cancel";
  cancelled.records.push_back(rec(24, "2026-01-15"));
  EXPECT_EQ(evaluate_case(cancelled, recruit_pack_2014(), cal2025(), d("2026-02-01")).state, CaseState::kCancelled);
  // An outcome must be chosen.
  auto blank = rec(23, "2025-12-22");
  blank.conversion_outcome = "";
  EXPECT_TRUE(blocked(c, blank, "R-D22"));
}

// R-D24: conversion meeting 2025-06-25 → due 2025-09-25.
TEST(Recruitment, RD24ConversionApprovalWithinThreeMonths) {
  RecruitCase c = happy_until(14);
  c.records.push_back(rec(15, "2024-06-20"));
  for (auto [s, date] : std::vector<std::pair<int, const char*>>{
           {16, "2024-07-01"}, {17, "2024-08-01"}, {18, "2024-08-10"}, {19, "2024-08-15"}, {20, "2024-09-01"},
           {22, "2025-06-20"}, {23, "2025-06-25"}})
    c.records.push_back(rec(s, date));
  auto st = evaluate_case(c, recruit_pack_2014(), cal2025(), d("2025-07-01"));
  ASSERT_EQ(st.due.size(), 1u);
  EXPECT_EQ(st.due[0].rule_id, "R-D24");
  EXPECT_EQ(st.due[0].due, d("2025-09-25"));
  st = evaluate_case(c, recruit_pack_2014(), cal2025(), d("2025-09-26"));
  ASSERT_EQ(st.overdue.size(), 1u);
  EXPECT_EQ(st.overdue[0].rule_id, "R-D24");
}

// R-D25 (end 2025-06-20): meeting 2025-06-19 BLOCK; 2025-06-20 OK; application dated before end → WARN.
TEST(Recruitment, RD25ConversionNotBeforeProbationEnd) {
  RecruitCase c = happy_until(14);
  c.records.push_back(rec(15, "2024-06-20"));
  for (auto [s, date] : std::vector<std::pair<int, const char*>>{
           {16, "2024-07-01"}, {17, "2024-08-01"}, {18, "2024-08-10"}, {19, "2024-08-15"}, {20, "2024-09-01"}})
    c.records.push_back(rec(s, date));
  const auto early = findings(c, rec(22, "2025-06-10"), "R-D25");
  ASSERT_EQ(early.size(), 1u);
  EXPECT_EQ(early[0].severity, Severity::kWarn);
  EXPECT_TRUE(findings(c, rec(22, "2025-06-20"), "R-D25").empty());
  // Probation end shown while waiting, and a reminder to discuss promptly (R-D22).
  const auto st = evaluate_case(c, recruit_pack_2014(), cal2025(), d("2025-06-01"));
  EXPECT_EQ(st.probation_end, d("2025-06-20"));
  bool reminded = false;
  for (const auto& i : st.due) reminded |= i.rule_id == "R-D22" && i.due == d("2025-06-20");
  EXPECT_TRUE(reminded);
  c.records.push_back(rec(22, "2025-06-10"));
  EXPECT_TRUE(blocked(c, rec(23, "2025-06-19"), "R-D25"));
  EXPECT_FALSE(blocked(c, rec(23, "2025-06-20"), "R-D25"));
}

// R-D26 with members.md §3 vectors: 党龄 from the end of probation (party_age_years, member_rules).
TEST(Recruitment, RD26PartyAgeFromTheEndOfProbation) {
  const Date on_time = full_member_date(d("2024-06-20"), {});
  EXPECT_EQ(on_time, d("2025-06-20"));  // approved 2025-08-15: the date does not move
  EXPECT_EQ(party_age_years("full", on_time, d("2026-06-19")), 0);
  EXPECT_EQ(party_age_years("full", on_time, d("2026-06-20")), 1);
  const Date extended = full_member_date(d("2024-06-20"), {6});
  EXPECT_EQ(extended, d("2025-12-20"));
  EXPECT_EQ(party_age_years("full", extended, d("2026-12-19")), 0);
  EXPECT_EQ(party_age_years("full", extended, d("2026-12-20")), 1);
  EXPECT_EQ(full_member_date(d("2024-02-29"), {}), d("2025-02-28"));
  EXPECT_EQ(party_age_years("probationary", std::nullopt, d("2026-01-01")), 0);
}

// R-D27 [LOCAL]: archive within 7 days of the conversion approval.
TEST(Recruitment, RD27ArchiveWithinSevenDaysLocal) {
  const auto c = happy_until(24);
  const auto st = evaluate_case(c, local_pack(), cal2025(), d("2025-12-09"));
  bool overdue = false;
  for (const auto& i : st.overdue) overdue |= i.rule_id == "R-D27" && i.due == d("2025-12-08");
  EXPECT_TRUE(overdue);
  auto archive = rec(25, "2025-12-05");
  archive.documents = {"入党志愿书"};
  const auto f = findings(c, archive, "R-D27");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("转正申请书"), std::string::npos);
}

// R-D29 [LOCAL] in the engine (local/common: 发展对象, 预备党员, 转正; 5 working days).
TEST(Recruitment, RD29NoticeBeforeTheGatedStep) {
  auto c = happy_until(7);
  c.records[7].date = d("2025-06-06");  // 确定发展对象 on Fri 2025-06-06
  for (auto& r : c.records)
    if (r.step < 7) r.date = add_months(r.date, 12);
  c.notice_starts["target"] = d("2025-06-09");  // Mon → ends Fri 2025-06-13
  auto f = findings(c, rec(8, "2025-06-12"), "R-D29", local_pack());
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarn);
  EXPECT_EQ(f[0].due, d("2025-06-13"));
  EXPECT_FALSE(f[0].provisional);
  EXPECT_TRUE(findings(c, rec(8, "2025-06-13"), "R-D29", local_pack()).empty());
  // No notice recorded → flagged; national pack → no rule.
  c.notice_starts.clear();
  EXPECT_EQ(findings(c, rec(8, "2025-06-20"), "R-D29", local_pack()).size(), 1u);
  EXPECT_TRUE(findings(c, rec(8, "2025-06-20"), "R-D29").empty());
  // 7 working days and the activist point (non-default values).
  RecruitPack seven = local_pack();
  ASSERT_FALSE(apply_setting(seven, "recruit.notice.working_days", "7"));
  c.notice_starts["target"] = d("2025-06-09");
  EXPECT_EQ(findings(c, rec(8, "2025-06-16"), "R-D29", seven).size(), 1u);  // ends Tue 06-17
  EXPECT_TRUE(findings(c, rec(8, "2025-06-17"), "R-D29", seven).empty());
  // Open notice shown with its end date.
  const auto st = evaluate_case(c, local_pack(), cal2025(), d("2025-06-10"));
  bool shown = false;
  for (const auto& i : st.not_before) shown |= i.rule_id == "R-D29" && i.due == d("2025-06-13") && i.step == 8;
  EXPECT_TRUE(shown);
}

// recruitment.md §4 (pack recruit/2026修订 enabled): 预审 2026-07-01 → branch meeting due
// 2026-08-01; approval 2026-09-15 → 宣誓 due 2026-10-15; 发展对象 notice started Mon 2026-06-01 →
// conclusion not before the 5th working day on the loaded 2026 calendar (provisional until loaded).
TEST(Recruitment, Pack2026Vectors) {
  const auto& p26 = recruit_pack_2026();
  RecruitCase c;
  c.birth_date = d("1995-01-01");
  for (auto [s, date] : std::vector<std::pair<int, const char*>>{
           {1, "2024-06-01"}, {2, "2024-06-10"}, {3, "2025-01-10"}, {4, "2025-01-12"}, {5, "2025-01-12"},
           {6, "2025-07-01"}, {7, "2026-05-29"}})
    c.records.push_back(rec(s, date));
  c.notice_starts["target"] = d("2026-06-01");
  // Not loaded: Monday..Friday → 2026-06-05, provisional.
  auto f = findings(c, rec(8, "2026-06-04"), "R-D29", p26, d("2026-07-01"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kBlock);
  EXPECT_EQ(f[0].due, d("2026-06-05"));
  EXPECT_TRUE(f[0].provisional);
  EXPECT_TRUE(findings(c, rec(8, "2026-06-05"), "R-D29", p26, d("2026-07-01")).empty());
  const auto open = evaluate_case(c, p26, cal2025(), d("2026-06-02"));
  EXPECT_TRUE(open.provisional);
  ASSERT_FALSE(open.not_before.empty());
  EXPECT_EQ(open.not_before.back().due, d("2026-06-05"));
  EXPECT_TRUE(open.not_before.back().provisional);
  // Loaded 2026 calendar with a (hypothetical) day off on 06-03: the end moves to 06-08, final.
  WorkCalendar cal = cal2025();
  ASSERT_FALSE(cal.set_year(2026, {d("2026-06-03")}, {}));
  auto check = check_step(c, rec(8, "2026-06-05"), p26, cal, d("2026-07-01"));
  bool found = false;
  for (const auto& x : check)
    if (x.rule_id == "R-D29") {
      found = true;
      EXPECT_EQ(x.due, d("2026-06-08"));
      EXPECT_FALSE(x.provisional);
    }
  EXPECT_TRUE(found);
  // Step 8 is an approval in the 2026 pack: a refusal stops the case.
  auto refused = c;
  auto r8 = rec(8, "2026-06-08");
  r8.passed = false;
  refused.records.push_back(r8);
  const auto gate = findings(refused, rec(9, "2026-06-10"), "R-D10", p26, d("2026-07-01"));
  ASSERT_EQ(gate.size(), 1u);
  EXPECT_EQ(gate[0].rule_code, "steps.gate");

  // 预审 2026-07-01 → meeting due 2026-08-01.
  RecruitCase m = happy_until(12);
  m.records.push_back(rec(13, "2026-07-01"));
  m.records.push_back(rec(14, "2026-07-02"));
  auto st = evaluate_case(m, p26, cal, d("2026-07-10"));
  bool meeting_due = false;
  for (const auto& i : st.due) meeting_due |= i.rule_code == "admission_meeting.due" && i.due == d("2026-08-01");
  EXPECT_TRUE(meeting_due);
  // The 2014 pack has no such deadline.
  for (const auto& i : evaluate_case(m, recruit_pack_2014(), cal, d("2026-07-10")).due)
    EXPECT_NE(i.rule_code, "admission_meeting.due");

  // Approval 2026-09-15 → 宣誓 due 2026-10-15.
  RecruitCase o = happy_until(14);
  o.records.push_back(rec(15, "2026-08-01"));
  o.records.push_back(rec(16, "2026-08-20"));
  o.records.push_back(rec(17, "2026-09-15"));
  o.records.push_back(rec(18, "2026-09-20"));
  o.records.push_back(rec(19, "2026-09-21"));
  st = evaluate_case(o, p26, cal, d("2026-10-16"));
  bool oath_overdue = false;
  for (const auto& i : st.overdue) oath_overdue |= i.rule_code == "oath.due" && i.due == d("2026-10-15");
  EXPECT_TRUE(oath_overdue);
}

// shared/domain/README.md: every [LOCAL]/[UNCONFIRMED] parameter is tested with its default and
// with one other value.
TEST(Recruitment, LocalParametersDefaultAndNonDefault) {
  const auto with = [](const char* key, const char* value) {
    RecruitPack p = local_pack();
    const auto err = apply_setting(p, key, value);
    EXPECT_FALSE(err) << err.value_or("");
    return p;
  };
  // R-D09 思想汇报: quarterly by default (activist 2023-08-01 → first due 2023-11-01), monthly as an option.
  auto c = happy_until(5);
  const auto thought_due = [&](const RecruitPack& p) {
    for (const auto& i : evaluate_case(c, p, cal2025(), d("2023-09-01")).due)
      if (i.rule_id == "R-D09") return i.due;
    return Date{};
  };
  EXPECT_EQ(thought_due(local_pack()), d("2023-11-01"));
  EXPECT_EQ(thought_due(with("recruit.thought_report_period", "month")), d("2023-09-01"));
  c.thought_reports = {d("2023-10-20")};
  EXPECT_EQ(thought_due(local_pack()), d("2024-02-01"));
  EXPECT_EQ(thought_due(recruit_pack_2014()), Date{});  // national pack: no such reminder

  // R-D12 validity: 12 months by default (review 2024-09-10), 6 as an option.
  const auto late = happy_until(14);
  EXPECT_TRUE(findings(late, rec(15, "2025-03-11"), "R-D12", local_pack()).empty());
  EXPECT_EQ(findings(late, rec(15, "2025-03-11"), "R-D12", with("recruit.political_review_valid_months", "6")).size(), 1u);

  // R-D15 resubmission wait: 6 months by default, 3 as an option.
  auto failed = happy_until(14);
  auto vote = rec(15, "2024-11-01");
  vote.ballot = Ballot{"申请人", 4, 4, 0, 0, 0, 0};
  failed.records.push_back(vote);
  EXPECT_EQ(findings(failed, rec(15, "2025-02-01"), "R-D15", local_pack()).size(), 1u);
  EXPECT_TRUE(findings(failed, rec(15, "2025-02-01"), "R-D15", with("recruit.resubmit_wait_months", "3")).empty());

  // R-D27 archive: 7 days by default, 14 as an option (approval 2025-12-01).
  const auto done = happy_until(24);
  const auto archive_due = [&](const RecruitPack& p) {
    for (const auto& list : {evaluate_case(done, p, cal2025(), d("2025-12-02")).due})
      for (const auto& i : list)
        if (i.rule_id == "R-D27") return i.due;
    return Date{};
  };
  EXPECT_EQ(archive_due(local_pack()), d("2025-12-08"));
  EXPECT_EQ(archive_due(with("recruit.archive_days", "14")), d("2025-12-15"));

  // R-D29 points: the activist point (not in the default set) gates step 4; and
  // calendar.notice_counts_first_day=false moves the end by one working day.
  auto a = happy_until(3);
  a.records[2].date = d("2025-06-06");
  a.notice_starts["activist"] = d("2025-06-09");
  EXPECT_TRUE(findings(a, rec(4, "2025-06-10"), "R-D29", local_pack()).empty());
  const auto points = with("recruit.notice.points", "activist,target");
  EXPECT_EQ(findings(a, rec(4, "2025-06-10"), "R-D29", points).size(), 1u);
  EXPECT_TRUE(findings(a, rec(4, "2025-06-13"), "R-D29", points).empty());
  RecruitPack later = points;
  ASSERT_FALSE(apply_setting(later, "calendar.notice_counts_first_day", "false"));
  const auto f = findings(a, rec(4, "2025-06-13"), "R-D29", later);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].due, d("2025-06-16"));

  // vote.written_counts_for_quorum through the pack: 5 present + 1 written of 10.
  const auto base = happy_until(14);
  auto quorum = rec(15, "2024-11-01");
  quorum.attendance = MeetingAttendance{10, 5, 1};
  quorum.ballot = Ballot{"申请人", 5, 0, 0, 1, 0, 0};
  EXPECT_TRUE(blocked(base, quorum, "R-D15"));
  EXPECT_FALSE(blocked(base, quorum, "R-D15", with("vote.written_counts_for_quorum", "true")));
}

TEST(Recruitment, ViolationsCarryPackAndArticle) {
  RecruitCase c = happy_until(5);
  c.records.push_back(rec(6, "2023-11-01"));
  c.records.push_back(rec(7, "2023-12-01"));  // target only 4 months after activist
  const auto st = evaluate_case(c, recruit_pack_2014(), cal2025(), d("2024-01-01"));
  ASSERT_FALSE(st.violations.empty());
  const auto& v = st.violations[0];
  EXPECT_EQ(v.rule_id, "R-D10");
  EXPECT_EQ(v.pack_id, "recruit/2014细则");
  EXPECT_EQ(v.article, "细则第十三条");
  EXPECT_EQ(v.severity, Severity::kBlock);
  EXPECT_EQ(v.step, 7);
  EXPECT_EQ(v.message, "经过一年以上培养教育和考察方可列为发展对象：2023-08-01确定为入党积极分子，最早2024-08-01，实际2023-12-01");
}

}  // namespace
}  // namespace lianxin::domain
