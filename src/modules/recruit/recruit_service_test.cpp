// Recruitment storage on every backend: one open case per ID number (unique index), append-only
// step records (a correction is a new row; a row is corrected once), pack inheritance down the
// tree, the calendar, and exactly one audit record per write (none for a refused one).
#include <gtest/gtest.h>

#include "http/errors.hpp"
#include "modules/common/test_support.hpp"
#include "modules/org/org_service.hpp"
#include "modules/recruit/recruit_service.hpp"

namespace lianxin::modules::testing {
namespace {

namespace json = boost::json;

class RecruitTest : public ModuleTest {
protected:
  void SetUp() override {
    ModuleTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    orgs = std::make_unique<org::OrgService>(*ctx);
    members = std::make_unique<member::MemberService>(*ctx);
    svc = std::make_unique<recruit::RecruitService>(*ctx, *members);
    county = org("C", "测试县委", "committee", std::nullopt);
    branch = org("Z1", "第一党支部", "branch", county.id);
    other = org("Z2", "第二党支部", "branch", county.id);
  }
  org::OrgRecord org(const std::string& code, const std::string& name, const std::string& kind,
                     std::optional<int64_t> parent) {
    org::OrgDraft d;
    d.code = code, d.name = name, d.kind = kind, d.parent_id = parent;
    return orgs->create(d, {});
  }
  recruit::CaseInput input(const std::string& idn, const std::string& applied = "2025-03-10") {
    recruit::CaseInput in;
    in.org_id = branch.id;
    in.name = "申请人";
    in.id_number = idn;
    in.application_date = applied;
    return in;
  }
  int64_t count(const std::string& sql) {
    return db->read_value([&](db::Tx& tx) { return tx.query_int(sql); });
  }
  json::object step(int64_t id, json::object body) { return svc->record_step(id, body, meta, http::Scope::all()); }

  ChangeMeta meta{"req-1", 0, "127.0.0.1", "tester", "POST /api/recruitment/cases", ""};
  std::unique_ptr<org::OrgService> orgs;
  std::unique_ptr<member::MemberService> members;
  std::unique_ptr<recruit::RecruitService> svc;
  org::OrgRecord county, branch, other;
};

TEST_P(RecruitTest, OneOpenCasePerIdNumberAlsoInStorage) {
  const std::string idn = id_number({1995, 5, 20}, 12);
  auto c = svc->create_case(input(idn), meta, http::Scope::all());
  EXPECT_EQ(c.at("current_step").as_int64(), 1);
  EXPECT_EQ(c.at("state").as_string(), "in_progress");
  try {
    svc->create_case(input(idn), meta, http::Scope::all());
    FAIL() << "second open case accepted";
  } catch (const http::ApiError& e) {
    EXPECT_EQ(e.status, 409);
    EXPECT_EQ(e.code, "recruit.open_case");
  }
  // The unique index holds even if the service check were bypassed.
  EXPECT_THROW(db->write([&](db::Tx& tx) {
                 tx.exec("INSERT INTO recruit_cases (org_id, name, id_enc, id_hash, open_hash, gender, birth_date, "
                         "application_date, state, pack_id, created_at, updated_at) "
                         "SELECT org_id, name, id_enc, id_hash, open_hash, gender, birth_date, application_date, state, "
                         "pack_id, created_at, updated_at FROM recruit_cases");
               }),
               db::DbError);
  EXPECT_EQ(count("SELECT count(*) FROM recruit_cases"), 1);
  // The ID number is stored encrypted, never in clear.
  EXPECT_EQ(count("SELECT count(*) FROM recruit_cases WHERE id_enc LIKE '%" + idn.substr(6, 8) + "%'"), 0);
}

TEST_P(RecruitTest, CorrectionsAppendAndEachRowIsCorrectedOnce) {
  auto c = svc->create_case(input(id_number({1995, 5, 20}, 14)), meta, http::Scope::all());
  const int64_t id = c.at("id").as_int64();
  auto talk = step(id, {{"step", 2}, {"date", "2025-05-01"}, {"people", json::array{json::object{{"name", "书记"}}}}});
  // R-D03: the talk on 2025-05-01 is late (due 2025-04-10): a REMIND finding, stored with the row.
  ASSERT_EQ(talk.at("findings").as_array().size(), 1u);
  EXPECT_EQ(talk.at("findings").as_array()[0].at("rule_id").as_string(), "R-D03");
  const int64_t first = talk.at("record").at("id").as_int64();
  auto fixed = step(id, {{"corrects", first}, {"correction_reason", "日期录错"}, {"date", "2025-04-01"},
                         {"people", json::array{json::object{{"name", "书记"}}}}});
  EXPECT_EQ(fixed.at("findings").as_array().size(), 0u);
  EXPECT_EQ(count("SELECT count(*) FROM recruit_steps WHERE case_id = " + std::to_string(id)), 3);
  EXPECT_EQ(count("SELECT count(*) FROM recruit_steps WHERE step_date = '2025-05-01'"), 1) << "the old row stays";
  EXPECT_THROW(db->write([&](db::Tx& tx) {
                 tx.exec("INSERT INTO recruit_steps (case_id, step, step_date, facts_json, findings_json, pack_id, "
                         "corrects_id, recorded_by_name, recorded_at) VALUES ($1, 2, '2025-04-02', '{}', '[]', 'x', $2, 't', 't')",
                         {id, first});
               }),
               db::DbError);
  auto d = svc->detail(id, http::Scope::all());
  EXPECT_EQ(d.at("current_step").as_int64(), 2);
  EXPECT_EQ(d.at("evaluation").at("violations").as_array().size(), 0u) << "the corrected talk is on time";
}

TEST_P(RecruitTest, EveryWriteIsAuditedOnceARefusedOneNotAtAll) {
  const int64_t before = count("SELECT count(*) FROM audit_log");
  auto c = svc->create_case(input(id_number({1995, 5, 20}, 16), "2024-03-01"), meta, http::Scope::all());
  EXPECT_EQ(count("SELECT count(*) FROM audit_log"), before + 1);
  const int64_t id = c.at("id").as_int64();
  EXPECT_THROW(step(id, {{"step", 3}, {"date", "2024-04-01"}}), http::ApiError);  // talk missing: blocked
  EXPECT_EQ(count("SELECT count(*) FROM audit_log"), before + 1);
  EXPECT_EQ(count("SELECT count(*) FROM recruit_steps"), 1);
  step(id, {{"step", 2}, {"date", "2024-03-20"}});
  EXPECT_EQ(count("SELECT count(*) FROM audit_log"), before + 2);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'recruit.step' AND entity_id = '" +
                  std::to_string(id) + "'"),
            1);
}

TEST_P(RecruitTest, NearestAssignmentWinsAndCasesKeepTheirPack) {
  auto sub = org("Z3", "总支", "general_branch", county.id);
  auto leaf = org("Z4", "总支下支部", "branch", sub.id);
  auto pack_of = [&](const org::OrgRecord& o) {
    return std::string(svc->org_pack(o.id, http::Scope::all()).at("pack_id").as_string());
  };
  EXPECT_EQ(pack_of(leaf), "recruit/2014细则");
  svc->assign_pack(county.id, std::string("recruit/2014细则"), {"local/common"}, meta, http::Scope::all());
  svc->assign_pack(sub.id, std::string("recruit/2026修订"), {}, meta, http::Scope::all());
  EXPECT_EQ(pack_of(leaf), "recruit/2026修订");
  EXPECT_EQ(pack_of(other), "recruit/2014细则+local/common");
  auto in = input(id_number({1995, 5, 20}, 18));
  in.org_id = leaf.id;
  auto c = svc->create_case(in, meta, http::Scope::all());
  EXPECT_EQ(c.at("pack_id").as_string(), "recruit/2026修订");
  svc->assign_pack(sub.id, std::nullopt, {}, meta, http::Scope::all());
  EXPECT_EQ(pack_of(leaf), "recruit/2014细则+local/common");
  EXPECT_EQ(svc->detail(c.at("id").as_int64(), http::Scope::all()).at("pack_id").as_string(), "recruit/2026修订");
}

TEST_P(RecruitTest, CalendarYearsRoundTripAndMissingYearsAreProvisional) {
  EXPECT_TRUE(svc->calendar(2025).at("provisional").as_bool());
  svc->put_calendar(2025, {{"days_off", json::array{"2025-10-01", "2025-10-02"}}, {"working_weekends", json::array{"2025-10-11"}}},
                    meta, http::Scope::all());
  svc->put_calendar(2025, {{"days_off", json::array{"2025-10-01", "2025-10-02", "2025-10-03"}}, {"working_weekends", json::array{"2025-10-11"}}},
                    meta, http::Scope::all());
  auto y = svc->calendar(2025);
  EXPECT_FALSE(y.at("provisional").as_bool());
  EXPECT_EQ(y.at("version").as_int64(), 2);
  EXPECT_EQ(y.at("days_off").as_array().size(), 3u);
  auto cal = db->read_value([&](db::Tx& tx) { return svc->load_calendar(tx); });
  EXPECT_FALSE(cal.is_working_day({2025, 10, 3}));
  EXPECT_TRUE(cal.is_working_day({2025, 10, 11}));
  http::Scope sub;
  sub.paths = {county.path};
  sub.visible = {county.path};
  EXPECT_THROW(svc->put_calendar(2026, {}, meta, sub), http::ApiError);
}

// R-D15 N from the roster on the meeting date: full members count; a 预备党员 never; one not yet
// admitted is not listed; 失联 still counts, 停止党籍 does not (vote.exclude_suspended_membership).
TEST_P(RecruitTest, RosterCountsTheFullMembersWithVotingRightsOnTheDate) {
  auto add = [&](int seq, const char* cat, const char* join, std::optional<std::string> full) {
    member::MemberService::Input in;
    in.org_id = branch.id;
    in.draft.name = std::string("党员") + std::to_string(seq);
    in.draft.id_number = id_number({1980, 1, 1}, seq);
    in.draft.category = cat;
    in.draft.join_date = join;
    in.draft.full_date = full;
    return members->create(in, meta, http::Scope::all()).id;
  };
  const int64_t a = add(31, "full", "2000-07-01", "2001-07-01");
  add(33, "probationary", "2025-01-10", std::nullopt);
  add(35, "full", "2024-09-01", "2025-09-01");  // 预备党员 until 2025-09-01
  const int64_t lost = add(37, "full", "2000-07-01", "2001-07-01");
  members->change_status(lost, {.status = "lost_contact", .effective_date = "2025-01-10", .kind = "1", .lost_since = "2024-12-01"},
                         meta, http::Scope::all());
  members->change_status(lost, {.status = "suspended", .effective_date = "2025-07-10", .reason = "无法联系",
                                .approver = "测试县委", .kind = "lost_contact"},
                         meta, http::Scope::all());
  auto n_on = [&](const char* d) {
    return db->read_value([&](db::Tx& tx) { return svc->roster_in(tx, branch.id, *domain::Date::parse(d)); });
  };
  auto r = n_on("2025-06-20");
  EXPECT_EQ(r.should_attend, 2);  // a and the 失联 member
  EXPECT_EQ(r.entries.size(), 4u);
  EXPECT_EQ(n_on("2024-12-31").entries.size(), 3u);  // the 预备党员 of 2025-01-10 not yet admitted
  EXPECT_EQ(n_on("2025-08-01").should_attend, 1);     // 停止党籍 since 2025-07-10
  EXPECT_EQ(n_on("2025-09-01").should_attend, 2);     // converted on 2025-09-01
  EXPECT_EQ(r.entries[0].at("member_id").as_int64(), a);
  EXPECT_TRUE(r.entries[0].at("counted").as_bool());
  EXPECT_EQ(r.entries[1].at("rule_id").as_string(), "R-N01");
  // A typed N that differs is refused without a reason (see tests/api/recruit.test.mjs for the
  // whole meeting); the route answers the same N.
  EXPECT_EQ(svc->roster(branch.id, std::string("2025-06-20"), http::Scope::all()).at("should_attend").as_int64(), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, RecruitTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::testing
