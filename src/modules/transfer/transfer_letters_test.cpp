// Letters across the instance boundary on every backend: issuing marks the member 已转出 in the
// same transaction, serial numbers per issuing org, one live letter per case (unique index),
// reissue voids, cancel restores the member, R-T08 expiry on the stored letter, the receipt, the
// print data (capital numerals, the ID number audited as a reveal) and an incoming member whose
// receipt is due one month after acceptance (R-T07).
#include <gtest/gtest.h>

#include "http/errors.hpp"
#include "modules/common/workflow_test_support.hpp"
#include "modules/transfer/transfer_service.hpp"

namespace lianxin::modules::testing {
namespace {

namespace json = boost::json;

class TransferLetterTest : public WorkflowTest {
protected:
  void SetUp() override {
    WorkflowTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    svc = std::make_unique<transfer::TransferService>(*ctx, *members);
    county = org("C", "测试县委", "committee", std::nullopt);
    town = org("T", "测试镇党委", "committee", county.id);
    branch = org("B1", "第一党支部", "branch", town.id);
    other_county = org("D", "另一县委", "committee", std::nullopt);
    other_branch = org("D1", "另一支部", "branch", other_county.id);
    member_id = add_member(branch.id, 11);
  }
  transfer::LetterInput letter_input(int64_t mid) {
    transfer::LetterInput in;
    in.member_id = mid;
    in.to_org_name = "外省某公司党委";
    in.dues_paid_to = "2026-10";
    in.contact_phone = "010-12345678";
    return in;
  }
  json::object issue(int64_t mid) { return svc->issue_letter(letter_input(mid), meta, http::Scope::all()); }
  std::string status_of(int64_t mid) {
    return db->read_value([&](db::Tx& tx) { return members->find(tx, mid)->status; });
  }
  template <class F>
  void expect_error(F&& f, int status, const std::string& code) {
    try {
      f();
      FAIL() << "expected " << status << " " << code;
    } catch (const http::ApiError& e) {
      EXPECT_EQ(e.status, status) << e.what();
      EXPECT_EQ(e.code, code) << e.what();
    }
  }

  std::unique_ptr<transfer::TransferService> svc;
  org::OrgRecord county, town, branch, other_county, other_branch;
  int64_t member_id = 0;
};

TEST_P(TransferLetterTest, IssuingMarksTheMemberTransferredOutAndNumbersPerIssuingOrg) {
  const int64_t audits = count("SELECT count(*) FROM audit_log");
  auto t = issue(member_id);
  EXPECT_EQ(t.at("kind").as_string(), "outgoing");
  EXPECT_EQ(t.at("state").as_string(), "issued");
  EXPECT_EQ(t.at("to_org").at("name").as_string(), "外省某公司党委");
  EXPECT_TRUE(t.at("to_org").at("id").is_null());
  EXPECT_EQ(t.at("letter").at("no").as_string(), "2026-0001");
  EXPECT_EQ(t.at("letter").at("validity_days").as_int64(), 30);  // transfer.letter_validity_days_default
  EXPECT_EQ(t.at("letter").at("last_valid_day").as_string(), "2026-12-21");
  EXPECT_EQ(t.at("receiver_dues_from").as_string(), "2026-11");  // R-T14
  EXPECT_EQ(status_of(member_id), "transferred_out");
  EXPECT_EQ(count("SELECT count(*) FROM member_history WHERE action = 'status' AND member_id = " +
                  std::to_string(member_id)),
            1);
  // transfer.issue_letter and the member's status change, in the same transaction.
  EXPECT_EQ(count("SELECT count(*) FROM audit_log") - audits, 2);
  // The issuing org is the nearest 基层党委 with approval power above the branch (the town).
  EXPECT_EQ(count("SELECT count(*) FROM transfer_letters WHERE issuing_org_id = " + std::to_string(town.id)), 1);
  // Serial numbers run per issuing org.
  EXPECT_EQ(issue(add_member(branch.id, 12)).at("letter").at("no").as_string(), "2026-0002");
  EXPECT_EQ(issue(add_member(other_branch.id, 13)).at("letter").at("no").as_string(), "2026-0001");
  // One letter per member: a second one is refused while the first is out.
  // (The status is put back as only the transfer module may, so that the open case alone refuses it.)
  members->change_status(member_id, {.status = "normal", .reason = "测试", .source = "transfer"}, meta,
                         http::Scope::all());
  expect_error([&] { issue(member_id); }, 409, "transfer.open");
  // Inside the instance the case is not approved or accepted.
  expect_error([&] { svc->approve(t.at("id").as_int64(), {}, meta, http::Scope::all()); }, 409, "transfer.kind");
  expect_error([&] { svc->accept(t.at("id").as_int64(), {}, meta, http::Scope::all()); }, 409, "transfer.kind");
}

TEST_P(TransferLetterTest, ValidityOverTheMaximumIsRefusedAndNothingIsWritten) {
  auto in = letter_input(member_id);
  in.validity_days = 120;  // R-T08 vector: max 90 → BLOCK
  expect_error([&] { svc->issue_letter(in, meta, http::Scope::all()); }, 422, "R-T08");
  EXPECT_EQ(count("SELECT count(*) FROM transfers"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM transfer_letters"), 0);
  EXPECT_EQ(status_of(member_id), "normal");
  // A deployment that relaxes R-T08 to WARN issues it with the warning.
  domain::TransferRulePack relaxed;
  ASSERT_FALSE(relaxed.set("severity.R-T08", "WARN"));
  transfer::TransferService lenient(*ctx, *members, relaxed);
  auto t = lenient.issue_letter(in, meta, http::Scope::all());
  EXPECT_EQ(t.at("letter").at("validity_days").as_int64(), 120);
  EXPECT_EQ(t.at("warnings").as_array().size(), 1u);
}

// R-T08: issued 2026-10-01 for 30 days: last valid day 2026-10-31, expired from 2026-11-01.
TEST_P(TransferLetterTest, ExpiryAfterTheLastValidDay) {
  auto in = letter_input(member_id);
  in.issued_on = "2026-10-01";
  const int64_t id = svc->issue_letter(in, meta, http::Scope::all()).at("id").as_int64();
  ctx->today = [] { return domain::Date{2026, 10, 31}; };
  EXPECT_EQ(svc->detail(id, http::Scope::all(), http::Scope::all()).at("state").as_string(), "issued");
  ctx->today = [] { return domain::Date{2026, 11, 1}; };
  auto t = svc->detail(id, http::Scope::all(), http::Scope::all());
  EXPECT_EQ(t.at("state").as_string(), "expired");
  EXPECT_EQ(t.at("state_label").as_string(), "介绍信已过期，未收到回执");
  // The console offers the sender's actions only (never the in-instance accept).
  EXPECT_EQ(t.at("actions"), (json::array{"receipt", "reissue", "cancel"}));
  transfer::TransferFilter f;
  f.state = "expired";
  EXPECT_EQ(svc->list(f, http::Scope::all(), {}).at("total").as_int64(), 1);
  f.state = "issued";
  EXPECT_EQ(svc->list(f, http::Scope::all(), {}).at("total").as_int64(), 0);
}

TEST_P(TransferLetterTest, ReissueVoidsThePreviousLetter) {
  const int64_t id = issue(member_id).at("id").as_int64();
  transfer::LetterInput again;
  again.validity_days = 15;
  again.reason = "介绍信遗失";
  auto t = svc->reissue_letter(id, again, meta, http::Scope::all());
  EXPECT_EQ(t.at("letter").at("no").as_string(), "2026-0002");
  EXPECT_EQ(t.at("letter").at("validity_days").as_int64(), 15);
  EXPECT_EQ(t.at("to_org").at("name").as_string(), "外省某公司党委");  // kept from the voided letter
  EXPECT_EQ(count("SELECT count(*) FROM transfer_letters WHERE voided_at IS NOT NULL AND serial_no = '2026-0001'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM transfer_letters WHERE live_transfer_id IS NOT NULL"), 1);
  // The unique index holds one live letter per case even if the service check were bypassed.
  EXPECT_THROW(db->write([&](db::Tx& tx) {
                 tx.exec("INSERT INTO transfer_letters (transfer_id, live_transfer_id, issuing_org_id, serial_year, "
                         "serial_seq, serial_no, to_org_name, channel, validity_days, issued_on, last_valid_day, "
                         "dues_paid_to, issued_by_name, created_at) SELECT transfer_id, live_transfer_id, "
                         "issuing_org_id, serial_year, 99, 'x', to_org_name, channel, validity_days, issued_on, "
                         "last_valid_day, dues_paid_to, issued_by_name, created_at FROM transfer_letters "
                         "WHERE live_transfer_id IS NOT NULL");
               }),
               db::DbError);
  EXPECT_EQ(svc->letter(id, meta, http::Scope::all()).at("serial_no").as_string(), "2026-0002");
}

TEST_P(TransferLetterTest, CancelRestoresTheMemberAndVoidsTheLetter) {
  const int64_t id = issue(member_id).at("id").as_int64();
  expect_error([&] { svc->cancel_letter(id, {}, meta, http::Scope::all()); }, 422, "reason.required");
  auto t = svc->cancel_letter(id, {std::nullopt, std::nullopt, "本人不再调动"}, meta, http::Scope::all());
  EXPECT_EQ(t.at("state").as_string(), "cancelled");
  EXPECT_EQ(status_of(member_id), "normal");
  EXPECT_EQ(count("SELECT count(*) FROM transfer_letters WHERE live_transfer_id IS NOT NULL"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM transfers WHERE open_member_id IS NOT NULL"), 0);
  expect_error([&] { svc->letter(id, meta, http::Scope::all()); }, 409, "transfer.no_letter");
  expect_error([&] { svc->record_receipt(id, {"2026-11-21", "某党委", std::nullopt}, meta, http::Scope::all()); }, 409,
               "transfer.state");
}

TEST_P(TransferLetterTest, ReceiptAndPrintData) {
  auto in = letter_input(member_id);
  in.validity_days = 15;
  in.dues_paid_to = "2026-03";
  const int64_t id = svc->issue_letter(in, meta, http::Scope::all()).at("id").as_int64();
  const int64_t reveals = count("SELECT count(*) FROM audit_log WHERE action = 'member.reveal'");
  auto l = svc->letter(id, meta, http::Scope::all());
  EXPECT_EQ(l.at("validity_days_capital").as_string(), "壹拾伍");
  EXPECT_EQ(l.at("dues_paid_to_capital").at("month").as_string(), "叁");
  EXPECT_EQ(l.at("dues_paid_to_capital").at("year").as_string(), "贰零贰陆");
  EXPECT_EQ(l.at("member").at("id_number").as_string(), id_number({1985, 4, 12}, 11));
  EXPECT_EQ(l.at("member").at("age").as_int64(), 41);
  EXPECT_EQ(l.at("issuing_org").at("name").as_string(), "测试镇党委");
  EXPECT_EQ(l.at("from_org_name").as_string(), "第一党支部");
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'member.reveal'") - reveals, 1);
  auto r = svc->record_receipt(id, {"2026-11-21", "外省某公司党委第三支部", std::nullopt}, meta, http::Scope::all());
  EXPECT_EQ(r.at("state").as_string(), "receipt_returned");
  EXPECT_EQ(r.at("receipt").at("org_name").as_string(), "外省某公司党委第三支部");
  EXPECT_EQ(count("SELECT count(*) FROM transfers WHERE open_member_id IS NOT NULL"), 0);
  EXPECT_EQ(status_of(member_id), "transferred_out");
  expect_error([&] { svc->record_receipt(id, {"2026-11-21", "x", std::nullopt}, meta, http::Scope::all()); }, 409,
               "transfer.state");
}

// R-T07: accepted 2026-10-10 → receipt due 2026-11-10; not sent back on 2026-11-11 → overdue.
TEST_P(TransferLetterTest, IncomingMemberReceiptDueOneMonthAfterAcceptance) {
  transfer::IncomingInput in;
  in.member = member_input(branch.id, 21);
  in.letter_no = "外字第0088号";
  in.from_org_name = "外省某县委组织部";
  in.dues_paid_to = "2026-09";
  in.received_on = "2026-10-10";
  auto t = svc->register_incoming(in, meta, http::Scope::all());
  EXPECT_EQ(t.at("kind").as_string(), "incoming");
  EXPECT_EQ(t.at("state").as_string(), "accepted");
  EXPECT_EQ(t.at("from_org").at("name").as_string(), "外省某县委组织部");
  EXPECT_EQ(t.at("receipt").at("due").at("due").as_string(), "2026-11-10");
  EXPECT_EQ(t.at("receiver_dues_from").as_string(), "2026-10");
  const int64_t mid = t.at("member").at("id").as_int64();
  EXPECT_EQ(status_of(mid), "normal");
  const int64_t id = t.at("id").as_int64();
  transfer::TransferFilter f;
  f.receipt_overdue = true;
  ctx->today = [] { return domain::Date{2026, 11, 10}; };
  EXPECT_EQ(svc->list(f, http::Scope::all(), {}).at("total").as_int64(), 0);
  ctx->today = [] { return domain::Date{2026, 11, 11}; };
  auto late = svc->list(f, http::Scope::all(), {});
  EXPECT_EQ(late.at("total").as_int64(), 1);
  EXPECT_EQ(late.at("receipt_overdue").as_int64(), 1);
  EXPECT_TRUE(late.at("items").as_array()[0].at("receipt_overdue").as_bool());
  auto sent = svc->record_receipt(id, {"2026-11-11", std::nullopt, std::nullopt}, meta, http::Scope::all());
  EXPECT_EQ(sent.at("state").as_string(), "receipt_returned");
  EXPECT_EQ(svc->list(f, http::Scope::all(), {}).at("total").as_int64(), 0);
  // A member field refused by the registry leaves no case and no member behind.
  const int64_t cases = count("SELECT count(*) FROM transfers");
  auto bad = in;
  bad.member = member_input(branch.id, 22);
  bad.member.draft.join_date = "not a date";
  EXPECT_THROW(svc->register_incoming(bad, meta, http::Scope::all()), http::ApiError);
  EXPECT_EQ(count("SELECT count(*) FROM transfers"), cases);
}

// A serial number that is taken all the same is retried, and when it stays taken the answer is a
// 409, not a server error, with nothing written.
TEST_P(TransferLetterTest, ASerialClashIsAConflictNotAServerError) {
  issue(member_id);
  // Make the counter hand out "2026-0001" again, which the unique index refuses.
  db->write([&](db::Tx& tx) { tx.exec("UPDATE transfer_letter_serials SET last_seq = 0"); });
  const int64_t other = add_member(branch.id, 12);
  expect_error([&] { issue(other); }, 409, "transfer.busy");
  EXPECT_EQ(status_of(other), "normal");
  EXPECT_EQ(count("SELECT count(*) FROM transfers"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, TransferLetterTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::testing
