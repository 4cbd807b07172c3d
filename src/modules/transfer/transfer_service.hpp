// 组织关系转接 inside one instance (issue #5): a request (by the member or the branch) → the
// sending organization approves or refuses → the receiving organization accepts or refuses → on
// acceptance the member moves to the receiving branch. The rules (state machine, R-T04 sender
// responsible until acceptance, R-T05 no refusal without a reason, R-T13 approval deadline) are
// domain/transfer_rules.hpp; this module stores cases and their transitions. Routes live in
// transfer_routes.cpp.
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
  std::optional<std::string> state;      // draft | issued | accepted | rejected | cancelled
  std::optional<bool> overdue;           // waiting longer than the approval timeout (R-T13)
  std::optional<int64_t> member_id;
};

// A decision on a case: the expected version (optional) and, for refusals, the reason (R-T05).
struct Decision {
  std::optional<int64_t> version;
  std::optional<std::string> reason_code, reason;
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

  // A member's own account (the "self" routes): requests its own transfer (requested_by
  // "member", scope = its own branch) and lists its own transfers. 404 when the account has no
  // member record.
  boost::json::object create_own(int64_t member_id, TransferInput in, const ChangeMeta& meta);
  boost::json::object list_own(int64_t member_id, const http::PageRequest& page);

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
