// Compliance on every backend: org-life.md §3's vector table reproduced through the service, with
// meeting rows inserted as the design notes of migration 11 describe them (meetings.state 'held',
// one meeting_types row per type with held = 1, defects as a JSON list, held_recorded_at); late
// records, rejected records, the roll-up against its drill-down and the six-month absence flag.
#include <gtest/gtest.h>

#include "http/errors.hpp"
#include "modules/common/workflow_test_support.hpp"
#include "modules/life/compliance_service.hpp"

namespace lianxin::modules::testing {
namespace {

namespace json = boost::json;

struct MeetingRow {
  std::string date;
  std::string defects = "[]";
  std::optional<int64_t> quorate;
  std::optional<std::string> recorded_at;  // default: the evening of the meeting
  std::string state = "held";
};

class ComplianceTest : public WorkflowTest {
protected:
  void SetUp() override {
    WorkflowTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    svc = std::make_unique<life::ComplianceService>(*ctx);
    county = org("C", "测试县委", "committee", std::nullopt);
    branch = org("Z1", "第一党支部", "branch", county.id);
    group_a = org("Z1-A", "第一党小组", "party_group", branch.id);
    committee(branch.id);
  }
  void committee(int64_t org_id) {
    orgs->add_term(org_id, json::object{{"elected_date", "2024-03-01"}, {"has_committee", true}}, {});
  }
  int64_t meeting(int64_t org_id, std::vector<std::string> types, const MeetingRow& m) {
    return db->write_value([&](db::Tx& tx) {
      const std::string rec = m.recorded_at.value_or(m.date + "T12:00:00Z");
      const int64_t id = tx.query_int(
          "INSERT INTO meetings (org_id, primary_type, topic, starts_at, meeting_date, state, minutes_chars, defects, "
          "quorate, held_recorded_at, created_by_name, created_at, updated_at) "
          "VALUES ($1, $2, '学习', $3, $4, $5, 80, $6, $7, $8, 'tester', $8, $8) RETURNING id",
          {org_id, types.front(), m.date + "T09:00:00+08:00", m.date, m.state, m.defects, m.quorate, rec});
      for (const auto& t : types)
        tx.exec("INSERT INTO meeting_types (meeting_id, type, org_id, meeting_date, held) VALUES ($1, $2, $3, $4, $5)",
                {id, t, org_id, m.date, m.state == "held" ? 1 : 0});
      return id;
    });
  }
  void attend(int64_t meeting_id, int64_t member_id, const std::string& date, const std::string& status,
              std::optional<std::string> leave = std::nullopt) {
    db->write([&](db::Tx& tx) {
      tx.exec("INSERT INTO meeting_attendees (meeting_id, member_id, name, role, voting, status, meeting_date, leave_state) "
              "VALUES ($1, $2, '某党员', 'member', 1, $3, $4, $5)",
              {meeting_id, member_id, status, date, leave});
    });
  }
  json::object view(const std::string& as_of, std::optional<std::string> date = std::nullopt,
                    std::optional<int64_t> org_id = std::nullopt) {
    return svc->compliance(org_id.value_or(branch.id), date, as_of, http::Scope::all());
  }
  static json::object item(const json::object& v, const std::string& rule) {
    for (const auto& o : v.at("obligations").as_array())
      if (o.at("rule_id").as_string() == rule) return o.as_object();
    ADD_FAILURE() << "no " << rule;
    return {};
  }
  static std::string colour(const json::object& v, const std::string& rule) {
    return std::string(item(v, rule).at("colour").as_string());
  }

  std::unique_ptr<life::ComplianceService> svc;
  org::OrgRecord county, branch, group_a;
};

TEST_P(ComplianceTest, MemberMeetingPerQuarter) {  // R-L01
  EXPECT_EQ(colour(view("2025-09-10"), "R-L01"), "none");    // 20 days left
  EXPECT_EQ(item(view("2025-09-10"), "R-L01").at("reason").as_string(), "2025-Q3支部党员大会尚未完成（0/1），期限2025-09-30，还有20天");
  EXPECT_EQ(colour(view("2025-09-20"), "R-L01"), "yellow");  // 10 days left <= 15
  meeting(branch.id, {"member_meeting"}, {"2025-08-20"});
  auto v = view("2025-09-20");
  EXPECT_EQ(colour(v, "R-L01"), "green");
  EXPECT_EQ(item(v, "R-L01").at("period").at("label").as_string(), "2025-Q3");
  EXPECT_EQ(item(v, "R-L01").at("count").as_int64(), 1);
  // Q2 closed with none: red in history (date in Q2, judged today); Q3 starts uncoloured.
  auto q2 = view("2026-11-21", "2025-05-15");
  EXPECT_EQ(colour(q2, "R-L01"), "red");
  EXPECT_NE(item(q2, "R-L01").at("reason").as_string().find("2025-Q2"), std::string::npos);
  auto early = svc->compliance(branch.id, std::nullopt, std::string("2025-07-05"), http::Scope::all());
  EXPECT_EQ(colour(early, "R-L01"), "none");
}

TEST_P(ComplianceTest, InquorateMemberMeetingCountsButIsYellow) {
  meeting(branch.id, {"member_meeting"}, {"2025-08-20", "[]", 0});
  auto v = view("2025-08-25");
  EXPECT_EQ(colour(v, "R-L01"), "yellow");
  EXPECT_EQ(item(v, "R-L01").at("count").as_int64(), 1);
}

TEST_P(ComplianceTest, CommitteeMonthlyOnlyWithACommittee) {  // R-L02
  EXPECT_EQ(colour(view("2025-09-25"), "R-L02"), "yellow");  // 5 days left
  meeting(branch.id, {"committee"}, {"2025-09-03", "[\"没有会议记录\"]"});
  auto v = view("2025-09-25");
  EXPECT_EQ(colour(v, "R-L02"), "yellow");  // defective record
  EXPECT_EQ(item(v, "R-L02").at("count").as_int64(), 1);
  const auto small = org("Z2", "第二党支部", "branch", county.id);  // no committee recorded
  auto s = view("2025-09-25", std::nullopt, small.id);
  EXPECT_EQ(colour(s, "R-L02"), "na");
  EXPECT_FALSE(item(s, "R-L02").at("applicable").as_bool());
}

TEST_P(ComplianceTest, EachGroupSeparately) {  // R-L03
  const auto group_b = org("Z1-B", "第二党小组", "party_group", branch.id);
  meeting(group_a.id, {"group"}, {"2025-10-09"});
  auto v = view("2025-11-01", "2025-10-15");
  const auto g = item(v, "R-L03");
  EXPECT_EQ(g.at("colour").as_string(), "red");
  ASSERT_EQ(g.at("groups").as_array().size(), 2u);
  for (const auto& x : g.at("groups").as_array()) {
    const bool a = x.at("org").at("id").as_int64() == group_a.id;
    EXPECT_EQ(x.at("colour").as_string(), a ? "green" : "red") << x;
  }
  EXPECT_EQ(g.at("count").as_int64(), 1);
  EXPECT_EQ(g.at("required").as_int64(), 2);
  EXPECT_NE(g.at("reason").as_string().find(group_b.name), std::string::npos);
}

TEST_P(ComplianceTest, LecturesPerYear) {  // R-L04: 3 of 4
  for (const char* d : {"2025-03-01", "2025-06-01", "2025-09-01"}) meeting(branch.id, {"lecture"}, {d});
  auto v = view("2026-01-01", "2025-12-31");
  EXPECT_EQ(colour(v, "R-L04"), "red");
  EXPECT_EQ(item(v, "R-L04").at("count").as_int64(), 3);
  EXPECT_EQ(item(v, "R-L04").at("required").as_int64(), 4);
}

TEST_P(ComplianceTest, ThemeDayOnItsFixedDay) {  // R-L05
  svc->set_org_settings(branch.id, json::object{{"theme_day", 15}}, meta, http::Scope::all());
  EXPECT_EQ(colour(view("2025-10-14"), "R-L05"), "none");
  EXPECT_EQ(colour(view("2025-10-20"), "R-L05"), "yellow");
  EXPECT_EQ(colour(view("2025-11-01", "2025-10-20"), "R-L05"), "red");
  EXPECT_EQ(view("2025-10-20").at("theme_day").as_int64(), 15);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'meeting.theme_day'"), 1);
}

TEST_P(ComplianceTest, LifeMeetingAndAppraisal) {  // R-L06, R-L07
  EXPECT_EQ(colour(view("2025-12-05"), "R-L06"), "yellow");
  EXPECT_EQ(colour(view("2026-01-01", "2025-12-31"), "R-L06"), "red");
  meeting(branch.id, {"life_meeting"}, {"2025-06-18"});
  auto june = view("2025-12-05");
  EXPECT_EQ(colour(june, "R-L06"), "green");
  EXPECT_FALSE(item(june, "R-L06").at("info").as_string().empty());
  // Combined 民主评议 + 组织生活会: green for both.
  meeting(branch.id, {"life_meeting", "appraisal"}, {"2025-12-10"});
  auto dec = view("2025-12-15");
  EXPECT_EQ(colour(dec, "R-L06"), "green");
  EXPECT_EQ(colour(dec, "R-L07"), "green");
  EXPECT_TRUE(item(dec, "R-L06").at("info").as_string().empty());
}

TEST_P(ComplianceTest, TalksCoverEveryMember) {  // R-L08: 18 of 20
  std::vector<int64_t> ids;
  for (int i = 0; i < 20; ++i) ids.push_back(add_member(branch.id, 101 + 2 * i));
  const int64_t talk = meeting(branch.id, {"talk"}, {"2025-05-06"});
  for (int i = 0; i < 18; ++i) attend(talk, ids[i], "2025-05-06", "present");
  auto v = view("2025-12-15");
  EXPECT_EQ(colour(v, "R-L08"), "yellow");
  EXPECT_EQ(item(v, "R-L08").at("covered").as_int64(), 18);
  EXPECT_EQ(item(v, "R-L08").at("population").as_int64(), 20);
  EXPECT_EQ(colour(view("2026-01-01", "2025-12-31"), "R-L08"), "red");
  attend(talk, ids[18], "2025-05-06", "present");
  attend(talk, ids[19], "2025-05-06", "present");
  EXPECT_EQ(colour(view("2025-12-15"), "R-L08"), "green");
}

TEST_P(ComplianceTest, LateRecordsKeepTheirDateAndAClosedPeriodStaysRed) {
  // Held in Q2, recorded in July: shown and marked, not counted for Q2.
  const int64_t id = meeting(branch.id, {"member_meeting"}, {"2025-05-10", "[]", std::nullopt, "2025-07-03T02:00:00Z"});
  auto q2 = view("2025-07-05", "2025-05-15");
  EXPECT_EQ(colour(q2, "R-L01"), "red");
  const auto it = item(q2, "R-L01");
  EXPECT_EQ(it.at("late").as_int64(), 1);
  ASSERT_EQ(it.at("meetings").as_array().size(), 1u);
  EXPECT_EQ(it.at("meetings").as_array()[0].at("id").as_int64(), id);
  EXPECT_TRUE(it.at("meetings").as_array()[0].at("late").as_bool());
  EXPECT_EQ(it.at("meetings").as_array()[0].at("date").as_string(), "2025-05-10");
  // Recorded on the last evening of the quarter (local time, 23:00 = 15:00Z): on time.
  meeting(branch.id, {"member_meeting"}, {"2025-06-30", "[]", std::nullopt, "2025-06-30T15:00:00Z"});
  EXPECT_EQ(colour(view("2025-07-05", "2025-05-15"), "R-L01"), "green");
}

TEST_P(ComplianceTest, RejectedRecordTurnsYellowAndCanBeCleared) {
  const int64_t id = meeting(branch.id, {"member_meeting"}, {"2025-08-20"});
  EXPECT_EQ(colour(view("2025-09-01"), "R-L01"), "green");
  life::ReviewInput in{"reject", "会议记录照抄文件，流于形式", std::nullopt};
  // The branch itself may not review its own record; the county may.
  http::Scope own = http::Scope::all();
  own.everything = false;
  own.paths = {branch.path};
  own.visible = {branch.path};
  own.visible_everything = false;
  try {
    svc->review(id, in, meta, own);
    FAIL() << "own branch reviewed";
  } catch (const http::ApiError& e) {
    EXPECT_EQ(e.status, 403);
  }
  http::Scope upper = own;
  upper.paths = upper.visible = {county.path};
  auto r = svc->review(id, in, meta, upper);
  EXPECT_EQ(r.at("review_state").as_string(), "rejected");
  auto v = view("2025-09-01");
  EXPECT_EQ(colour(v, "R-L01"), "yellow");
  EXPECT_NE(item(v, "R-L01").at("reason").as_string().find("流于形式"), std::string::npos);
  svc->review(id, {"clear", std::nullopt, std::nullopt}, meta, upper);
  EXPECT_EQ(colour(view("2025-09-01"), "R-L01"), "green");
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action IN ('meeting.review_reject', 'meeting.review_clear')"), 2);
  // A reason is required.
  EXPECT_THROW(svc->review(id, {"reject", std::string("  "), std::nullopt}, meta, upper), http::ApiError);
}

TEST_P(ComplianceTest, RollupCountsEqualTheDrillDown) {
  const auto b2 = org("Z2", "第二党支部", "branch", county.id);
  const auto b3 = org("Z3", "第三党支部", "branch", county.id);
  committee(b3.id);
  meeting(branch.id, {"member_meeting", "committee"}, {"2025-09-02"});
  meeting(b2.id, {"member_meeting"}, {"2025-07-02", "[\"没有会议记录\"]"});
  auto roll = view("2025-09-25", std::nullopt, county.id);
  EXPECT_EQ(roll.at("kind").as_string(), "rollup");
  EXPECT_EQ(roll.at("branches").as_int64(), 3);
  for (const auto& o : roll.at("obligations").as_array()) {
    const std::string rule(o.at("rule_id").as_string());
    int64_t sum = 0;
    for (const char* c : {"green", "yellow", "red", "none", "na"}) {
      const int64_t n = o.at("counts").at(c).as_int64();
      sum += n;
      life::DrillFilter f;
      f.org_id = county.id;
      f.as_of = "2025-09-25";
      f.colour = c;
      f.rule = rule;
      EXPECT_EQ(svc->branches(f, http::Scope::all(), {}).at("total").as_int64(), n) << rule << " " << c;
    }
    EXPECT_EQ(sum, 3) << rule;
  }
  const auto l01 = item(roll, "R-L01").at("counts").as_object();
  EXPECT_EQ(l01.at("green").as_int64(), 1);
  EXPECT_EQ(l01.at("yellow").as_int64(), 2);  // defective record; none held
  const auto l02 = item(roll, "R-L02").at("counts").as_object();
  EXPECT_EQ(l02.at("green").as_int64(), 1);
  EXPECT_EQ(l02.at("yellow").as_int64(), 1);
  EXPECT_EQ(l02.at("na").as_int64(), 1);
  // Paging follows the path order.
  life::DrillFilter all;
  all.org_id = county.id;
  all.as_of = "2025-09-25";
  http::PageRequest one;
  one.limit = 2;
  auto p1 = svc->branches(all, http::Scope::all(), one);
  ASSERT_EQ(p1.at("items").as_array().size(), 2u);
  one.after = json::array{p1.at("items").as_array()[1].at("org").at("path")};
  auto p2 = svc->branches(all, http::Scope::all(), one);
  ASSERT_EQ(p2.at("items").as_array().size(), 1u);
  EXPECT_EQ(p2.at("items").as_array()[0].at("org").at("id").as_int64(), b3.id);
}

TEST_P(ComplianceTest, LargeRollupsAreKeptForMinutesBranchPagesNever) {
  // A service that keeps roll-ups of one branch or more (the default keeps those of 1000+).
  life::ComplianceService cached(*ctx, 1);
  const auto at = [&](life::ComplianceService& s, int64_t org_id) {
    return s.compliance(org_id, std::nullopt, std::string("2025-09-25"), http::Scope::all());
  };
  const auto green = [](const json::object& roll) {
    for (const auto& o : roll.at("obligations").as_array())
      if (o.at("rule_id").as_string() == "R-L01") return o.at("counts").at("green").as_int64();
    return int64_t{-1};
  };
  auto first = at(cached, county.id);
  EXPECT_EQ(green(first), 0);
  meeting(branch.id, {"member_meeting"}, {"2025-09-02"});
  auto again = at(cached, county.id);
  EXPECT_EQ(green(again), 0) << "kept: the record made since is not in it yet";
  EXPECT_EQ(again.at("computed_at"), first.at("computed_at"));
  EXPECT_EQ(colour(at(cached, branch.id), "R-L01"), "green") << "a branch page is always fresh";
  EXPECT_EQ(green(at(*svc, county.id)), 1) << "below the default size nothing is kept";
}

TEST_P(ComplianceTest, SixMonthAbsenceFlagAndApprovedLeave) {
  const int64_t absent = add_member(branch.id, 201);
  const int64_t on_leave = add_member(branch.id, 203);
  const int64_t present = add_member(branch.id, 205);
  // One theme day a month, May..October 2026 (today 2026-11-21: the six months before November).
  for (int m = 5; m <= 10; ++m) {
    const std::string d = "2026-" + std::string(m < 10 ? "0" : "") + std::to_string(m) + "-15";
    const int64_t id = meeting(branch.id, {"theme_day"}, {d});
    attend(id, absent, d, "absent");
    attend(id, on_leave, d, m == 7 ? "leave" : "absent", m == 7 ? std::optional<std::string>("approved") : std::nullopt);
    attend(id, present, d, m == 9 ? "present" : "absent");
  }
  auto flags = svc->absence_flags(county.id, std::nullopt, http::Scope::all(), {});
  ASSERT_EQ(flags.at("total").as_int64(), 1) << flags;
  const auto& f = flags.at("items").as_array()[0].as_object();
  EXPECT_EQ(f.at("member").at("id").as_int64(), absent);
  EXPECT_TRUE(f.at("last_attended").is_null());
  EXPECT_EQ(flags.at("window").at("from").as_string(), "2026-05");
  // An earlier attendance is the last attended date.
  const int64_t old = meeting(branch.id, {"theme_day"}, {"2026-03-15"});
  attend(old, absent, "2026-03-15", "present");
  auto again = svc->absence_flags(branch.id, std::nullopt, http::Scope::all(), {});
  ASSERT_EQ(again.at("total").as_int64(), 1);
  EXPECT_EQ(again.at("items").as_array()[0].at("last_attended").as_string(), "2026-03-15");
  // A month without any meeting breaks the six (judged as of October: April had none).
  EXPECT_EQ(svc->absence_flags(branch.id, std::string("2026-10-20"), http::Scope::all(), {}).at("total").as_int64(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ComplianceTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::testing
