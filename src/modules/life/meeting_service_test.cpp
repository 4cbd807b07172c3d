// Meeting storage on every backend: planning computes the attendees (full members vote,
// probationary members do not), a signed QR token checks a member in once even when many scans
// arrive at once (one conditional UPDATE, never a second row), an altered or expired token is
// refused, and the record stores defects (identical minutes in the same organization) with the
// counts, the held flag on every type and the quorum of a 党员大会.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "http/errors.hpp"
#include "modules/common/workflow_test_support.hpp"
#include "modules/life/meeting_service.hpp"

namespace lianxin::modules::testing {
namespace {

namespace json = boost::json;

class MeetingTest : public WorkflowTest {
protected:
  void SetUp() override {
    WorkflowTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    svc = std::make_unique<life::MeetingService>(*ctx);
    county = org("C", "测试县委", "committee", std::nullopt);
    branch = org("B1", "第一党支部", "branch", county.id);
    for (int i = 0; i < 4; ++i) full.push_back(add_member(branch.id, 20 + i));
    prob = add_member(branch.id, 30, true);
  }
  json::object plan(const std::string& date = "2026-11-20") {
    life::MeetingInput in;
    in.org_id = branch.id;
    in.types = std::vector<std::string>{"member_meeting", "theme_day"};
    in.topic = "学习会";
    in.starts_at = date + "T09:00";
    in.ends_at = date + "T11:00";
    in.place = "活动室";
    return svc->plan(in, meta, http::Scope::all());
  }
  std::string qr(int64_t id) { return svc->checkin_code(id, false, "http://x", http::Scope::all()).token; }

  std::unique_ptr<life::MeetingService> svc;
  org::OrgRecord county, branch;
  std::vector<int64_t> full;
  int64_t prob = 0;
};

TEST_P(MeetingTest, PlanComputesAttendeesAndVotingN) {
  json::object m = plan();
  EXPECT_EQ(m.at("expected").as_int64(), 5);
  EXPECT_EQ(m.at("voting_n").as_int64(), 4);
  int voting = 0;
  for (const auto& a : m.at("attendees").as_array()) voting += a.at("voting").as_bool() ? 1 : 0;
  EXPECT_EQ(voting, 4);
  EXPECT_EQ(db->read_value([&](db::Tx& tx) {
              return tx.query_int("SELECT COUNT(*) FROM meeting_types WHERE meeting_id = $1 AND held = 0",
                                  {m.at("id").as_int64()});
            }),
            2);
}

TEST_P(MeetingTest, ConcurrentScansCheckInOnce) {
  const int64_t id = plan().at("id").as_int64();
  const std::string token = qr(id);
  std::atomic<int> fresh{0}, already{0};
  std::vector<std::thread> ts;
  for (int i = 0; i < 6; ++i)
    ts.emplace_back([&] {
      json::object r = svc->checkin(full[0], token, meta);
      (r.at("already").as_bool() ? already : fresh)++;
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(fresh.load(), 1);
  EXPECT_EQ(already.load(), 5);
  db->read([&](db::Tx& tx) {
    EXPECT_EQ(tx.query_int("SELECT COUNT(*) FROM meeting_attendees WHERE meeting_id = $1 AND member_id = $2",
                           {id, full[0]}),
              1);
    EXPECT_EQ(tx.query_int("SELECT COUNT(*) FROM meeting_attendees WHERE meeting_id = $1 AND status = 'present'", {id}), 1);
  });
}

TEST_P(MeetingTest, ForgedAndExpiredTokensAreRefused) {
  const int64_t id = plan().at("id").as_int64();
  std::string token = qr(id);
  token[5] = token[5] == 'A' ? 'B' : 'A';
  try {
    svc->checkin(full[0], token, meta);
    FAIL();
  } catch (const http::ApiError& e) {
    EXPECT_EQ(e.code, "checkin.token_invalid");
  }
  life::CheckinTokens tokens(*cipher);
  const std::string old = tokens.issue({id, 1000, life::CheckinVia::kQr});
  try {
    svc->checkin(full[0], old, meta);
    FAIL();
  } catch (const http::ApiError& e) {
    EXPECT_EQ(e.status, 410);
    EXPECT_EQ(e.code, "checkin.token_expired");
  }
  // A token from another key file is not ours.
  std::array<unsigned char, util::FieldCipher::kKeyBytes> k{};
  k.fill(3);
  const util::FieldCipher other = util::FieldCipher::from_keys(k, k);
  EXPECT_THROW(tokens.verify(life::CheckinTokens(other).issue({id, 4102444800, life::CheckinVia::kQr}), 0), http::ApiError);
}

TEST_P(MeetingTest, RecordFlagsDuplicateMinutesAndQuorum) {
  const std::string minutes(60, 'x');
  const int64_t a = plan().at("id").as_int64();
  for (int i = 0; i < 2; ++i) svc->checkin(full[i], qr(a), meta);
  json::object r1 = svc->record(a, minutes, std::nullopt, std::nullopt, meta, http::Scope::all());
  EXPECT_EQ(r1.at("state").as_string(), "held");
  EXPECT_EQ(r1.at("present").as_int64(), 2);
  EXPECT_TRUE(r1.at("quorate").as_bool());  // 2 of 4: 半数以上 includes half
  EXPECT_TRUE(r1.at("defects").as_array().empty());
  const int64_t b = plan("2026-11-21").at("id").as_int64();
  svc->checkin(full[0], qr(b), meta);
  json::object r2 = svc->record(b, minutes + "\n", std::nullopt, std::nullopt, meta, http::Scope::all());
  EXPECT_FALSE(r2.at("quorate").as_bool());
  const std::string defects = json::serialize(r2.at("defects"));
  EXPECT_NE(defects.find("完全相同"), std::string::npos) << defects;
  EXPECT_NE(defects.find("法定人数"), std::string::npos) << defects;
  db->read([&](db::Tx& tx) {
    EXPECT_EQ(tx.query_int("SELECT COUNT(*) FROM meeting_types WHERE meeting_id = $1 AND held = 1", {b}), 2);
    EXPECT_EQ(tx.query_int("SELECT COUNT(*) FROM meeting_attendees WHERE meeting_id = $1 AND status = 'absent'", {b}), 4);
  });
  life::VoteInput v;
  v.item = "事项";
  v.yes = 1;
  v.no = 0;
  v.abstain = 0;
  json::object vote = svc->add_vote(b, v, meta, http::Scope::all());
  EXPECT_FALSE(vote.at("quorate").as_bool());
  EXPECT_FALSE(vote.at("passed").as_bool());
}

INSTANTIATE_TEST_SUITE_P(Backends, MeetingTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::testing
