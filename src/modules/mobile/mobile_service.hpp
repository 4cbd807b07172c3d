// 流动党员 (mobile members, issue #5; transfer.md §5 R-M01..R-M04, members.md R-N04): the home
// branch registers an outflow with the member's 《流动党员活动证》 (member status → mobile), records
// contacts (R-M04) and closes the record on return (status → normal, card checked); a host branch
// sees the card holders hosted with it and registers inflow members from outside the instance.
// The rules (card vs. transfer R-T02, temporary-branch suggestion R-M02, contact due R-M04, the
// rights of a card holder at the host R-M01) are domain/mobile_rules.hpp; this module stores the
// records. Other modules (the branch vote of recruitment) ask rights_at_branch() how a member
// stands at a branch. Routes live in mobile_routes.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "db/database.hpp"
#include "domain/mobile_rules.hpp"
#include "domain/transfer_rules.hpp"
#include "http/api.hpp"
#include "http/pagination.hpp"
#include "modules/common/context.hpp"
#include "modules/member/member_service.hpp"

namespace lianxin::modules::mobile {

// POST /api/mobile-members (outflow) and POST /api/mobile-members/inflow, as received.
struct MobileInput {
  // outflow: the member of this instance; inflow: the person from outside.
  std::optional<int64_t> member_id;
  std::optional<std::string> name, id_number, home_org_name;  // inflow only
  std::optional<int64_t> host_org_id;  // outflow: optional host branch in the instance; inflow: required
  std::optional<std::string> destination, reason, start_date;
  std::optional<int64_t> expected_months;
  std::optional<std::string> card_no, card_issued_on, card_issuer;
  std::optional<std::string> contact_name, contact_phone;
  // R-M01 "long-term but unable yet to transfer": a stated reason lets a registration the platform
  // would send to transfer (R-T02) go ahead, with the finding kept as a warning.
  std::optional<std::string> transfer_exception;
};

// GET /api/mobile-members filters (all optional; org defaults to the caller's scope).
struct MobileFilter {
  std::optional<int64_t> org_id;
  std::optional<std::string> direction;  // out: registered by home branches in the subtree; in: hosted in it
  std::optional<std::string> state;      // active | returned
  std::optional<bool> contact_overdue;   // R-M04: active outflows whose contact is overdue
  std::optional<int64_t> member_id;
};

struct ContactInput {
  std::optional<std::string> contact_on, way, note;
};

struct ReturnInput {
  std::optional<std::string> returned_on, note;
  std::optional<bool> card_checked;
  std::optional<int64_t> version;
};

class MobileService {
public:
  MobileService(ModuleContext& ctx, member::MemberService& members,
                domain::TransferRulePack rules = domain::TransferRulePack::defaults());

  // Outflow by the home branch: the member in scope (404/403) and current (422), the card number
  // unique (409), > 6 months refused with R-T02 (422 field expected_months) unless a
  // transfer_exception is stated; 3+ members together → R-M02 finding. The member's status
  // becomes "mobile" in the same transaction.
  boost::json::object register_outflow(const MobileInput& in, const ChangeMeta& meta, const http::Scope& scope);
  // Inflow from outside the instance, registered by the host branch (in scope).
  boost::json::object register_inflow(const MobileInput& in, const ChangeMeta& meta, const http::Scope& scope);
  boost::json::object list(const MobileFilter& f, const http::Scope& scope, const http::PageRequest& page);
  // The record with its contact log; visible to the home or the host side.
  boost::json::object detail(int64_t id, const http::Scope& scope);
  // R-M04: by the side that registered the record (the home branch for an outflow).
  boost::json::object add_contact(int64_t id, const ContactInput& in, const ChangeMeta& meta, const http::Scope& scope);
  // Closes an active record (card handed in and checked, R-M03); an outflow member's status goes
  // back to "normal" (when it is still "mobile").
  boost::json::object close(int64_t id, const ReturnInput& in, const ChangeMeta& meta, const http::Scope& scope);
  // Decrypts "id_number" (inflow) or "contact_phone"; audited ("mobile.reveal", never the value).
  std::string reveal(int64_t id, const std::string& field, const std::optional<std::string>& reason,
                     const ChangeMeta& meta, const http::Scope& scope);

  // How a member of this instance stands at `branch_id` (R-M01, members.md §2): home branch, host
  // branch of an active card, or neither; with the member's category, status and `base` flags
  // (discipline) applied; a `base` with a category already set (the standing on a meeting date)
  // is kept as given. For the branch vote (domain::VoterStanding / count_should_attend).
  domain::BranchRights rights_at_branch(db::Tx& tx, int64_t member_id, int64_t branch_id,
                                        domain::VoterStanding base = {});
  // The host branch of the member's active outflow card, if any.
  std::optional<int64_t> active_host_of(db::Tx& tx, int64_t member_id);
  // Members of this instance hosted at `branch_id` with an active card (they attend, never count, R-M01).
  std::vector<int64_t> hosted_at(db::Tx& tx, int64_t branch_id);

  const domain::TransferRulePack& rules() const { return rules_; }

private:
  ModuleContext& ctx_;
  member::MemberService& members_;
  domain::TransferRulePack rules_;
};

}  // namespace lianxin::modules::mobile
