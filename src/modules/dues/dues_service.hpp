// 党费 ledger, the write side (issue #6; dues.md): monthly periods per branch (opening fixes every
// owing member's dues_items row), payments recorded by the branch or started online by the member
// and completed by a signed gateway callback (idempotent on provider + external_ref), declared
// bases (R-F04, with a payroll CSV import), and reductions / exemptions proposed by the branch and
// approved upward (R-F01). The rule math is domain/dues_rules.hpp (ctx.dues_rules); the schema and
// the meaning of every column are migration 0010. Reports (arrears, roll-ups, remittance) are not
// here. Routes live in dues_routes.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "db/database.hpp"
#include "domain/dues_rules.hpp"
#include "http/api.hpp"
#include "http/pagination.hpp"
#include "modules/common/context.hpp"
#include "modules/member/member_service.hpp"

namespace lianxin::modules::dues {

// POST /api/dues/periods
struct OpenInput {
  std::optional<int64_t> org_id;
  std::optional<std::string> month;  // YYYY-MM
  bool subtree = false;              // every branch of org_id's subtree that has no period for the month
};

struct PeriodFilter {
  std::optional<int64_t> org_id;
  std::optional<std::string> month, state;
};

// POST /api/dues/payments (branch) and POST /api/auth/me/dues/payments (member, online).
struct PaymentInput {
  std::optional<int64_t> member_id;
  std::optional<std::string> channel;  // cash | transfer (branch); online for the member
  std::optional<std::string> payer;    // self | relative | member_proxy (org_account / payroll_deduction: R-F07)
  std::optional<int64_t> proxy_member_id;
  std::optional<std::string> from_month, to_month;
  std::optional<int64_t> extra_fen;    // voluntary dues beyond what is owed
  std::optional<int64_t> amount_fen;   // optional check: must equal what the months and the extra add up to
  std::optional<std::string> note;
  bool confirm_findings = false;       // R-F05 warnings accepted by the branch
};

// POST /api/dues/callbacks/{provider}: the raw body and its signature header.
struct CallbackResult {
  int status = 200;
  boost::json::object body;
};

// POST /api/dues/bases, POST /api/auth/me/dues/bases
struct BaseInput {
  std::optional<int64_t> member_id;
  std::optional<std::string> category;  // domain::dues_category_code
  std::optional<int64_t> base_fen, pension_basic_fen, social_insurance_fen;
  std::optional<std::vector<int64_t>> previous_quarter_fen;
  std::optional<std::string> first_received;  // YYYY-MM
  std::optional<std::string> note;
};

struct ReductionInput {
  std::optional<int64_t> member_id;
  std::optional<std::string> kind;  // reduce | exempt
  std::optional<int64_t> monthly_fen;
  std::optional<std::string> from_month, to_month, reason;
};

struct DecisionInput {
  std::optional<std::string> approval_ref, note;
  std::optional<int64_t> version;
};

class DuesService {
public:
  // Online payments are confirmed by callbacks signed with this secret (setting
  // dues-callback-secret); empty: callbacks are disabled (503).
  DuesService(ModuleContext& ctx, member::MemberService& members, std::string callback_secret = {});

  // Periods (dues_periods.cpp). 409 when the branch's month is already open (or, for a subtree,
  // when every branch in it already has the month).
  boost::json::object open(const OpenInput& in, const ChangeMeta& meta, const http::Scope& scope);
  boost::json::object close(int64_t period_id, std::optional<int64_t> version, const ChangeMeta& meta,
                            const http::Scope& scope);
  boost::json::object list_periods(const PeriodFilter& f, const http::Scope& scope, const http::PageRequest& page);
  boost::json::object period(int64_t id, const http::Scope& scope);
  boost::json::object items(int64_t period_id, std::optional<std::string> state, const http::Scope& scope,
                            const http::PageRequest& page);

  // Payments (dues_payments.cpp).
  boost::json::object record_payment(const PaymentInput& in, const ChangeMeta& meta, const http::Scope& scope);
  boost::json::object start_online(int64_t member_id, const PaymentInput& in, const ChangeMeta& meta);
  CallbackResult callback(const std::string& provider, const std::string& body, const std::string& signature,
                          const ChangeMeta& meta);
  boost::json::object list_payments(std::optional<int64_t> org_id, std::optional<int64_t> member_id,
                                    const http::Scope& scope, const http::PageRequest& page);
  // A member's ledger: items month by month (newest first), payments, pending orders, the base in force.
  boost::json::object member_ledger(int64_t member_id, const http::Scope& scope);
  boost::json::object own_ledger(int64_t member_id);
  boost::json::object own_payments(int64_t member_id, const http::PageRequest& page);

  // Bases (dues_bases.cpp).
  boost::json::object declare_base(const BaseInput& in, const ChangeMeta& meta, const http::Scope& scope);
  boost::json::object declare_own_base(int64_t member_id, const BaseInput& in, const ChangeMeta& meta);
  boost::json::object bases(int64_t member_id, const http::Scope& scope);
  // Payroll CSV (身份证号, 月基数（元）, 首次领取月份[, 类别]): all rows or none; 422 lists row errors.
  boost::json::object import_bases(const std::string& csv, const ChangeMeta& meta, const http::Scope& scope);

  // Reductions (dues_reductions.cpp). approve/reject need dues.approve over the proposing branch's
  // parent (the higher 党委, R-F01); nobody decides their own proposal.
  boost::json::object propose_reduction(const ReductionInput& in, const ChangeMeta& meta, const http::Scope& scope);
  boost::json::object list_reductions(std::optional<int64_t> org_id, std::optional<std::string> state,
                                      const http::Scope& scope, const http::PageRequest& page);
  boost::json::object decide_reduction(int64_t id, bool approve, const DecisionInput& in, const ChangeMeta& meta,
                                       const http::Scope& approve_scope);

  const domain::DuesPack& rules() const { return ctx_.dues_rules; }

private:
  boost::json::object write_base(db::Tx& tx, const member::MemberRecord& m, const BaseInput& in,
                                 const std::string& source, const ChangeMeta& meta);
  boost::json::object create_payment(db::Tx& tx, const member::MemberRecord& m, const PaymentInput& in,
                                     bool online, const ChangeMeta& meta);
  boost::json::object ledger_in(db::Tx& tx, const member::MemberRecord& m);
  boost::json::object open_in(const OpenInput& in, const std::string& month, domain::YearMonth ym,
                              const ChangeMeta& meta, const http::Scope& scope);

  ModuleContext& ctx_;
  member::MemberService& members_;
  std::string callback_secret_;
};

}  // namespace lianxin::modules::dues
