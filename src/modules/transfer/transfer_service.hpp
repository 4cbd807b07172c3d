// 组织关系转接 inside one instance (issue #5): a request (by the member or the branch) → the
// sending organization approves or refuses → the receiving organization accepts or refuses → on
// acceptance the member moves to the receiving branch. The rules (state machine, R-T04 sender
// responsible until acceptance, R-T05 no refusal without a reason, R-T13 approval deadline) are
// domain/transfer_rules.hpp; this module stores cases and their transitions. Routes live in
// transfer_routes.cpp. When a side lacks direct transfer power the case is multi-hop (逐级, R-T10):
// its route is computed at creation and each hop forwards it (transfer_hops.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json.hpp>

#include "db/database.hpp"
#include "domain/transfer_rules.hpp"
#include "http/api.hpp"
#include "http/pagination.hpp"
#include "modules/common/context.hpp"
#include "modules/member/member_service.hpp"

namespace lianxin::modules::transfer {

// POST /api/transfers, as received (validated by the service).
struct TransferInput {
  std::optional<int64_t> member_id, to_org_id;
  std::optional<std::string> reason;
  std::optional<std::string> requested_by;  // member | branch (default branch)
};

// GET /api/transfers filters (all optional; org defaults to the caller's scope).
struct TransferFilter {
  std::optional<int64_t> org_id;
  std::optional<std::string> direction;  // in (received by the subtree) | out (sent from it); absent: both
  std::optional<std::string> state;      // draft | in_transit | issued | accepted | rejected | cancelled | returned | receipt_returned | expired
  // approve: waiting for a decision of a sending side / forwarding hop in the subtree (待审批);
  // accept: waiting for a receiving branch in the subtree (待接收).
  std::optional<std::string> awaiting;
  std::optional<bool> overdue;           // waiting longer than the approval timeout (R-T13)
  std::optional<std::string> kind;       // internal | outgoing | incoming (letters across the boundary)
  std::optional<bool> receipt_overdue;   // incoming cases whose receipt is not sent back in time (R-T07)
  std::optional<int64_t> member_id;
};

// A decision on a case: the expected version (optional) and, for refusals, the reason (R-T05).
struct Decision {
  std::optional<int64_t> version;
  std::optional<std::string> reason_code, reason;
};

// POST /api/transfers/outgoing (issue) and POST /api/transfers/{id}/reissue: an introduction letter
// for a member leaving for an organization outside the instance (R-T06). On reissue absent fields
// keep the voided letter's values (validity and issue date start again).
struct LetterInput {
  std::optional<int64_t> member_id;  // issue only
  std::optional<std::string> to_org_name;
  std::optional<std::string> channel;  // carried (党员本人携带) | confidential (机要交通/机要邮政, R-T11)
  std::optional<int64_t> validity_days;  // default transfer.letter_validity_days_default (R-T08)
  std::optional<bool> cross_province;    // the cross-province maximum applies
  std::optional<std::string> dues_paid_to;  // 党费交到 YYYY-MM (R-T14)
  std::optional<std::string> issued_on;     // default today; a letter written earlier may be entered
  std::optional<std::string> contact_phone, contact_fax, contact_postcode;
  std::optional<std::string> reason;  // why the member leaves (issue) / why the letter is replaced (reissue)
  std::optional<int64_t> version;     // reissue
};

// POST /api/transfers/{id}/receipt: outgoing: the receipt came back (date on it, the receiving
// org written on it); incoming: the receipt was sent back (date).
struct ReceiptInput {
  std::optional<std::string> date;
  std::optional<std::string> org_name;
  std::optional<int64_t> version;
};

// POST /api/transfers/incoming: a member arriving with a letter from an organization outside.
struct IncomingInput {
  member::MemberService::Input member;  // as POST /api/members; org_id is the receiving branch
  std::optional<std::string> letter_no, from_org_name, dues_paid_to;
  std::optional<std::string> received_on;  // default today: the receipt is due a month later (R-T07)
  std::optional<std::string> letter_issued_on;  // optional: an expired letter is a warning (R-T09)
  std::optional<int64_t> letter_validity_days;
};

class TransferService {
public:
  // Registers a move guard on `members`: while a transfer is open the member cannot be moved to
  // another branch through the registry (409 transfer.open, R-T04).
  TransferService(ModuleContext& ctx, member::MemberService& members,
                  domain::TransferRulePack rules = domain::TransferRulePack::defaults());

  // The member must be in the caller's scope (404/403) and current (422); the receiving
  // organization a branch in use other than the member's (422); one open transfer per member (409).
  boost::json::object create(const TransferInput& in, const ChangeMeta& meta, const http::Scope& scope);
  // Cases touching the caller's subtrees (either side), or the subtree of ?org in ?direction;
  // the body adds "overdue": how many of the matching cases (ignoring ?overdue) are overdue.
  boost::json::object list(const TransferFilter& f, const http::Scope& scope, const http::PageRequest& page);
  // The case with its timeline; visible to either party (404 when neither side is visible).
  // "actions": the decisions the caller's transfer.write scope `write` allows on it now.
  boost::json::object detail(int64_t id, const http::Scope& scope, const http::Scope& write);
  // The sending side (scope over the sending branch): draft → issued.
  boost::json::object approve(int64_t id, const Decision& d, const ChangeMeta& meta, const http::Scope& scope);
  // draft: the sending side refuses to send (→ cancelled); issued: the receiving side refuses to
  // receive (→ rejected). A reason is required (422 field reason, R-T05).
  boost::json::object refuse(int64_t id, const Decision& d, const ChangeMeta& meta, const http::Scope& scope);
  // The receiving side (scope over the receiving branch): issued → accepted, and the member moves
  // to the receiving branch with dated history in the same transaction.
  boost::json::object accept(int64_t id, const Decision& d, const ChangeMeta& meta, const http::Scope& scope);

  // ---- multi-hop paths (transfer_hops.cpp, R-T10) ----
  // The organization of the hop the case waits at (scope over it) passes it to the next hop; the
  // first forward is the sender's approval (draft → in_transit), the one reaching the receiving
  // branch makes it issued (待接收). `reason` is an optional note. 409 transfer.direct on a direct case.
  boost::json::object forward(int64_t id, const Decision& d, const ChangeMeta& meta, const http::Scope& scope);
  // The same hop returns the case with a reason (R-T05): cancelled at the first hop, returned later;
  // either closes the case (the member stays with the sender, who may start a new request).
  boost::json::object send_back(int64_t id, const Decision& d, const ChangeMeta& meta, const http::Scope& scope);

  // A member's own account (the "self" routes): requests its own transfer (requested_by
  // "member", scope = its own branch) and lists its own transfers. 404 when the account has no
  // member record.
  boost::json::object create_own(int64_t member_id, TransferInput in, const ChangeMeta& meta);
  boost::json::object list_own(int64_t member_id, const http::PageRequest& page);

  // ---- across the instance boundary (transfer_letters.cpp) ----
  // Issues the letter: the member (current, in scope, no open case) is marked 已转出 in the same
  // transaction; the serial number is the issuing org's next one (issuing_org_of). 409 when the
  // member has an open case (one letter per member; use reissue).
  boost::json::object issue_letter(const LetterInput& in, const ChangeMeta& meta, const http::Scope& scope);
  // Voids the live letter and issues a new one with a new serial (issued or expired letters only).
  boost::json::object reissue_letter(int64_t id, const LetterInput& in, const ChangeMeta& meta, const http::Scope& scope);
  // The sender takes the letter back before any receipt: the letter is void and the member gets
  // the status it had before the letter (usually 正常).
  boost::json::object cancel_letter(int64_t id, const Decision& d, const ChangeMeta& meta, const http::Scope& scope);
  boost::json::object record_receipt(int64_t id, const ReceiptInput& in, const ChangeMeta& meta, const http::Scope& scope);
  // Everything the printed form's three parts need (存根 / 介绍信 / 回执), the ID number decrypted:
  // audited as a reveal ("member.reveal"), hence a write transaction.
  boost::json::object letter(int64_t id, const ChangeMeta& meta, const http::Scope& scope);
  // Registers the member (MemberService::create_in) and an incoming case awaiting its receipt.
  boost::json::object register_incoming(const IncomingInput& in, const ChangeMeta& meta, const http::Scope& scope);
  // The letter parameters in force (pre-fill of the issue form).
  boost::json::object letter_settings() const;
  // Branches that may receive a transfer, by name or code (q required), over the whole instance:
  // the receiver need not lie in the requester's scope, so the scope-bound GET /api/orgs cannot
  // offer it. Only id, code, name and kind — never an organization's contacts.
  boost::json::object receiving_branches(const std::string& q, const http::PageRequest& page);

  const domain::TransferRulePack& rules() const { return rules_; }

private:
  ModuleContext& ctx_;
  member::MemberService& members_;
  domain::TransferRulePack rules_;
};

}  // namespace lianxin::modules::transfer
