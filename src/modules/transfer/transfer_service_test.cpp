// Transfer storage on every backend: one open transfer per member (unique index), the member moves
// only on acceptance and in the same transaction as the state change (dated history, rollups),
// append-only transitions, a refused write leaves nothing behind, one audit record per write, and
// the overdue filter counted from the domain deadline (R-T13).
#include <gtest/gtest.h>

#include "http/errors.hpp"
#include "modules/common/workflow_test_support.hpp"
#include "modules/transfer/transfer_service.hpp"

namespace lianxin::modules::testing {
namespace {

namespace json = boost::json;

class TransferTest : public WorkflowTest {
protected:
  void SetUp() override {
    WorkflowTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    svc = std::make_unique<transfer::TransferService>(*ctx, *members);
    county = org("C", "测试县委", "committee", std::nullopt);
    from = org("Z1", "第一党支部", "branch", county.id);
    to = org("Z2", "第二党支部", "branch", county.id);
    member_id = add_member(from.id, 11);
  }
  json::object request(int64_t mid) {
    transfer::TransferInput in;
    in.member_id = mid;
    in.to_org_id = to.id;
    in.reason = "工作调动";
    return svc->create(in, meta, http::Scope::all());
  }
  int64_t org_of(int64_t mid) {
    return db->read_value([&](db::Tx& tx) { return members->find(tx, mid)->org_id; });
  }
  int64_t member_count(const org::OrgRecord& o) {
    return orgs->stats(o.id, http::Scope::all()).at("members").as_int64();
  }

  std::unique_ptr<transfer::TransferService> svc;
  org::OrgRecord county, from, to;
  int64_t member_id = 0;
};

TEST_P(TransferTest, OneOpenTransferPerMemberAlsoInStorage) {
  auto t = request(member_id);
  EXPECT_EQ(t.at("state").as_string(), "draft");
  try {
    request(member_id);
    FAIL() << "second open transfer accepted";
  } catch (const http::ApiError& e) {
    EXPECT_EQ(e.status, 409);
    EXPECT_EQ(e.code, "transfer.open");
  }
  // The unique index holds even if the service check were bypassed.
  EXPECT_THROW(db->write([&](db::Tx& tx) {
                 tx.exec("INSERT INTO transfers (member_id, open_member_id, member_name, from_org_id, to_org_id, "
                         "requested_by, reason, state, requested_at, requested_by_name, created_at, updated_at) "
                         "SELECT member_id, open_member_id, member_name, from_org_id, to_org_id, requested_by, reason, "
                         "state, requested_at, requested_by_name, created_at, updated_at FROM transfers");
               }),
               db::DbError);
  EXPECT_EQ(count("SELECT count(*) FROM transfers"), 1);
  // Refused (closed) cases free the member for a new request.
  svc->refuse(t.at("id").as_int64(), {std::nullopt, "other", "信息不全"}, meta, http::Scope::all());
  EXPECT_EQ(request(member_id).at("state").as_string(), "draft");
  EXPECT_EQ(count("SELECT count(*) FROM transfers WHERE open_member_id IS NOT NULL"), 1);
}

TEST_P(TransferTest, AcceptanceMovesTheMemberWithHistoryInOneTransaction) {
  const int64_t audits = count("SELECT count(*) FROM audit_log");
  const int64_t id = request(member_id).at("id").as_int64();
  svc->approve(id, {}, meta, http::Scope::all());
  // R-T04: approved but not accepted: the member is still the sender's.
  EXPECT_EQ(org_of(member_id), from.id);
  EXPECT_EQ(member_count(from), 1);
  auto done = svc->accept(id, {}, meta, http::Scope::all());
  EXPECT_EQ(done.at("state").as_string(), "accepted");
  EXPECT_EQ(done.at("moved_on").as_string(), "2026-11-21");
  EXPECT_EQ(done.at("responsible_org_id").as_int64(), to.id);
  EXPECT_EQ(org_of(member_id), to.id);
  EXPECT_EQ(member_count(from), 0);
  EXPECT_EQ(member_count(to), 1);
  EXPECT_EQ(count("SELECT count(*) FROM member_history WHERE member_id = " + std::to_string(member_id) +
                  " AND action = 'move' AND effective_date = '2026-11-21'"),
            1);
  // request, approve, accept: three transitions; audits: the three plus member.move.
  EXPECT_EQ(count("SELECT count(*) FROM transfer_events WHERE transfer_id = " + std::to_string(id)), 3);
  EXPECT_EQ(done.at("timeline").as_array().size(), 3u);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log") - audits, 4);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'member.move'"), 1);
  // Each record belongs to the side that acted.
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'transfer.approve' AND org_id = " + std::to_string(from.id)), 1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'transfer.accept' AND org_id = " + std::to_string(to.id)), 1);
  EXPECT_EQ(count("SELECT count(*) FROM transfers WHERE open_member_id IS NOT NULL"), 0);
  // Accepting twice is a conflict and changes nothing.
  try {
    svc->accept(id, {}, meta, http::Scope::all());
    FAIL() << "accepted twice";
  } catch (const http::ApiError& e) {
    EXPECT_EQ(e.status, 409);
  }
  EXPECT_EQ(count("SELECT count(*) FROM transfer_events"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM member_history WHERE action = 'move'"), 1);
}

TEST_P(TransferTest, AnOpenTransferKeepsTheMemberWithTheSender) {
  const int64_t id = request(member_id).at("id").as_int64();
  member::MemberService::Input patch;
  patch.org_id = to.id;
  // R-T04: no move through the registry while the transfer is open (draft or issued) ...
  for (int i = 0; i < 2; ++i) {
    try {
      members->update(member_id, patch, std::nullopt, std::nullopt, meta, http::Scope::all());
      FAIL() << "moved during an open transfer";
    } catch (const http::ApiError& e) {
      EXPECT_EQ(e.status, 409);
      EXPECT_EQ(e.code, "transfer.open");
    }
    if (i == 0) svc->approve(id, {}, meta, http::Scope::all());
  }
  EXPECT_EQ(org_of(member_id), from.id);
  // ... other edits still work, and once the case is closed the registry may move the member.
  svc->refuse(id, {std::nullopt, "other", "本人撤回申请"}, meta, http::Scope::all());
  EXPECT_EQ(members->update(member_id, patch, std::nullopt, std::nullopt, meta, http::Scope::all()).org_id, to.id);
}

TEST_P(TransferTest, AFailedMoveRollsBackTheStateChange) {
  const int64_t id = request(member_id).at("id").as_int64();
  svc->approve(id, {}, meta, http::Scope::all());
  // The receiving branch is dissolved after approval: the move is refused (422) and the transfer
  // stays issued, with no transition and no audit record for the failed acceptance.
  orgs->dissolve(to.id, std::nullopt, "撤销", meta);
  const int64_t events = count("SELECT count(*) FROM transfer_events");
  const int64_t audits = count("SELECT count(*) FROM audit_log");
  try {
    svc->accept(id, {}, meta, http::Scope::all());
    FAIL() << "accepted into a dissolved branch";
  } catch (const http::ApiError& e) {
    EXPECT_EQ(e.status, 422);
  }
  EXPECT_EQ(svc->detail(id, http::Scope::all(), http::Scope::all()).at("state").as_string(), "issued");
  EXPECT_EQ(org_of(member_id), from.id);
  EXPECT_EQ(count("SELECT count(*) FROM transfer_events"), events);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log"), audits);
}

TEST_P(TransferTest, RefusalNeedsAReasonAndIsKept) {
  const int64_t id = request(member_id).at("id").as_int64();
  svc->approve(id, {}, meta, http::Scope::all());
  try {
    svc->refuse(id, {std::nullopt, "other", "  "}, meta, http::Scope::all());
    FAIL() << "refused without a reason";
  } catch (const http::ApiError& e) {
    EXPECT_EQ(e.status, 422);
    EXPECT_EQ(e.field, "reason");
    EXPECT_EQ(e.code, "R-T05");
  }
  auto r = svc->refuse(id, {std::nullopt, "wrong_org", "应转入第三党支部"}, meta, http::Scope::all());
  EXPECT_EQ(r.at("state").as_string(), "rejected");
  EXPECT_EQ(r.at("refused_by").as_string(), "receiver");
  EXPECT_EQ(r.at("refusal_reason").as_string(), "应转入第三党支部");
  EXPECT_EQ(count("SELECT count(*) FROM transfer_events WHERE action = 'refuse' AND reason = '应转入第三党支部'"), 1);
  EXPECT_EQ(org_of(member_id), from.id);
}

TEST_P(TransferTest, OverdueFromTheApprovalDeadline) {
  const int64_t old_id = request(member_id).at("id").as_int64();
  request(add_member(from.id, 13));
  // Pending since 2026-10-21: deadline 2026-11-20 (30 days), overdue on 2026-11-21 (today).
  db->write([&](db::Tx& tx) { tx.exec("UPDATE transfers SET pending_since = '2026-10-21' WHERE id = $1", {old_id}); });
  transfer::TransferFilter f;
  f.org_id = county.id;
  auto all = svc->list(f, http::Scope::all(), {});
  EXPECT_EQ(all.at("total").as_int64(), 2);
  EXPECT_EQ(all.at("overdue").as_int64(), 1);
  f.overdue = true;
  auto late = svc->list(f, http::Scope::all(), {});
  ASSERT_EQ(late.at("items").as_array().size(), 1u);
  const auto& item = late.at("items").as_array()[0].as_object();
  EXPECT_EQ(item.at("id").as_int64(), old_id);
  EXPECT_EQ(item.at("approval_deadline").at("due").as_string(), "2026-11-20");
  // One day less is not overdue yet.
  db->write([&](db::Tx& tx) { tx.exec("UPDATE transfers SET pending_since = '2026-10-22' WHERE id = $1", {old_id}); });
  EXPECT_EQ(svc->list(f, http::Scope::all(), {}).at("total").as_int64(), 0);
}

// Multi-hop (逐级, R-T10; transfer.md §3 example): branch → its 基层党委 without power → county A →
// county B → the receiving 基层党委 without power → the receiving branch. Each hop is decided by its
// own organization; the member stays with the sender until the receiving branch accepts (R-T04).
class TransferHopTest : public TransferTest {
protected:
  org::OrgRecord weak(const std::string& code, std::optional<int64_t> parent) {
    org::OrgDraft d;
    d.code = code, d.name = code + "村党委", d.kind = "basic_committee", d.parent_id = parent;
    d.can_approve_probationary = false;
    return orgs->create(d, {});
  }
  static http::Scope over(const org::OrgRecord& o) { return http::Scope{false, {o.path}, false, {o.path}}; }
  void SetUp() override {
    TransferTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    county_b = org("CB", "测试乙县委", "committee", std::nullopt);
    weak_a = weak("WA", county.id);
    weak_b = weak("WB", county_b.id);
    branch_a = org("WA1", "甲村党支部", "branch", weak_a.id);
    branch_b = org("WB1", "乙村党支部", "branch", weak_b.id);
    hop_member = add_member(branch_a.id, 21);
  }
  json::object hop_request(int64_t mid) {
    transfer::TransferInput in;
    in.member_id = mid;
    in.to_org_id = branch_b.id;
    in.reason = "迁居外县";
    return svc->create(in, meta, http::Scope::all());
  }
  static std::string hop_state(const json::object& t, size_t i) {
    return std::string(t.at("path").at("hops").as_array().at(i).at("state").as_string());
  }
  int64_t awaiting(const org::OrgRecord& o, const char* what) {
    transfer::TransferFilter f;
    f.org_id = o.id;
    f.awaiting = what;
    return svc->list(f, http::Scope::all(), {}).at("total").as_int64();
  }
  org::OrgRecord county_b, weak_a, weak_b, branch_a, branch_b;
  int64_t hop_member = 0;
};

TEST_P(TransferHopTest, ForwardedHopByHopThenAccepted) {
  // A direct case (both branches under the county committee) keeps the two-step flow.
  EXPECT_EQ(request(member_id).at("path_kind").as_string(), "direct");

  auto t = hop_request(hop_member);
  const int64_t id = t.at("id").as_int64();
  ASSERT_EQ(t.at("path_kind").as_string(), "multi_hop");
  const auto& hops = t.at("path").at("hops").as_array();
  ASSERT_EQ(hops.size(), 5u);
  const std::vector<int64_t> expected{weak_a.id, county.id, county_b.id, weak_b.id, branch_b.id};
  for (size_t i = 0; i < hops.size(); ++i) EXPECT_EQ(hops[i].at("org").at("id").as_int64(), expected[i]) << i;
  EXPECT_EQ(hops[4].at("role").as_string(), "receive");
  EXPECT_EQ(hop_state(t, 0), "pending");
  EXPECT_EQ(count("SELECT count(*) FROM transfer_hops WHERE transfer_id = " + std::to_string(id)), 5);

  // Approve is for direct cases; the branch itself and the receiving side cannot forward hop 1.
  try {
    svc->approve(id, {}, meta, http::Scope::all());
    FAIL() << "approved a multi-hop case";
  } catch (const http::ApiError& e) {
    EXPECT_EQ(e.code, "transfer.multi_hop");
  }
  for (const auto* o : {&branch_a, &weak_b}) {
    try {
      svc->forward(id, {}, meta, over(*o));
      FAIL() << "forwarded by " << o->code;
    } catch (const http::ApiError& e) {
      EXPECT_TRUE(e.status == 403 || e.status == 404) << e.status;
    }
  }
  // The queues: hop 1 waits at weak_a, seen by weak_a and by the county above it, not by county B.
  EXPECT_EQ(awaiting(weak_a, "approve"), 1);
  EXPECT_EQ(awaiting(county_b, "approve"), 0);

  t = svc->forward(id, {std::nullopt, std::nullopt, "材料齐全"}, meta, over(weak_a));
  EXPECT_EQ(t.at("state").as_string(), "in_transit");
  EXPECT_EQ(hop_state(t, 0), "forwarded");
  EXPECT_EQ(hop_state(t, 1), "pending");
  EXPECT_EQ(awaiting(weak_a, "approve"), 0);
  // R-T04: in transit, the member stays with the sending branch.
  member::MemberService::Input patch;
  patch.org_id = branch_b.id;
  try {
    members->update(hop_member, patch, std::nullopt, std::nullopt, meta, http::Scope::all());
    FAIL() << "moved during a multi-hop transfer";
  } catch (const http::ApiError& e) {
    EXPECT_EQ(e.code, "transfer.open");
  }
  t = svc->forward(id, {}, meta, over(county));
  t = svc->forward(id, {}, meta, over(county_b));
  EXPECT_EQ(awaiting(county_b, "approve"), 1);  // weak_b is in county B's subtree
  EXPECT_EQ(t.at("state").as_string(), "in_transit");
  t = svc->forward(id, {}, meta, over(weak_b));
  EXPECT_EQ(t.at("state").as_string(), "issued");
  EXPECT_EQ(hop_state(t, 4), "pending");
  EXPECT_EQ(awaiting(branch_b, "accept"), 1);
  EXPECT_EQ(org_of(hop_member), branch_a.id);
  // Nothing more to forward; the receiving branch needs a reason to refuse (R-T05).
  EXPECT_THROW(svc->forward(id, {}, meta, http::Scope::all()), http::ApiError);
  try {
    svc->refuse(id, {std::nullopt, "other", " "}, meta, over(branch_b));
    FAIL() << "refused without a reason";
  } catch (const http::ApiError& e) {
    EXPECT_EQ(e.code, "R-T05");
  }
  t = svc->accept(id, {}, meta, over(branch_b));
  EXPECT_EQ(t.at("state").as_string(), "accepted");
  EXPECT_EQ(hop_state(t, 4), "accepted");
  EXPECT_EQ(org_of(hop_member), branch_b.id);
  EXPECT_EQ(count("SELECT count(*) FROM transfer_events WHERE transfer_id = " + std::to_string(id)), 6);
  // Each forward is audited on the organization of its hop.
  for (const auto* o : {&weak_a, &county, &county_b, &weak_b})
    EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'transfer.forward' AND org_id = " + std::to_string(o->id)), 1);
  EXPECT_EQ(count("SELECT count(*) FROM transfers WHERE open_member_id IS NOT NULL AND id = " + std::to_string(id)), 0);
}

TEST_P(TransferHopTest, ReturnedWithAReasonOrRefusedAtTheEnd) {
  const int64_t id = hop_request(hop_member).at("id").as_int64();
  svc->forward(id, {}, meta, over(weak_a));
  EXPECT_THROW(svc->send_back(id, {std::nullopt, "other", ""}, meta, over(county)), http::ApiError);
  auto t = svc->send_back(id, {std::nullopt, "info_mismatch", "档案信息不一致"}, meta, over(county));
  EXPECT_EQ(t.at("state").as_string(), "returned");
  EXPECT_EQ(hop_state(t, 1), "returned");
  EXPECT_EQ(t.at("refusal_reason").as_string(), "档案信息不一致");
  // Closed: the member stays and may be requested again; this time refused by the receiving branch.
  const int64_t again = hop_request(hop_member).at("id").as_int64();
  for (const auto* o : {&weak_a, &county, &county_b, &weak_b}) svc->forward(again, {}, meta, over(*o));
  t = svc->refuse(again, {std::nullopt, "wrong_org", "本支部无此岗位"}, meta, over(branch_b));
  EXPECT_EQ(t.at("state").as_string(), "rejected");
  EXPECT_EQ(hop_state(t, 4), "refused");
  EXPECT_EQ(org_of(hop_member), branch_a.id);
}

TEST_P(TransferHopTest, UnroutableCaseIsRefused) {
  // A root 基层党委 without approval power and no node above it: no path (R-T10).
  auto lone = weak("LONE", std::nullopt);
  auto lone_branch = org("LONE1", "孤立党支部", "branch", lone.id);
  const int64_t mid = add_member(lone_branch.id, 31);
  transfer::TransferInput in;
  in.member_id = mid;
  in.to_org_id = to.id;
  in.reason = "工作调动";
  try {
    svc->create(in, meta, http::Scope::all());
    FAIL() << "routed without a node";
  } catch (const http::ApiError& e) {
    EXPECT_EQ(e.status, 422);
    EXPECT_EQ(e.code, "R-T10");
    EXPECT_EQ(e.field, "member_id");
  }
  in.member_id = member_id;
  in.to_org_id = lone_branch.id;
  try {
    svc->create(in, meta, http::Scope::all());
    FAIL() << "routed without a node";
  } catch (const http::ApiError& e) {
    EXPECT_EQ(e.field, "to_org_id");
  }
  EXPECT_EQ(count("SELECT count(*) FROM transfers"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, TransferHopTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

INSTANTIATE_TEST_SUITE_P(Backends, TransferTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::testing
