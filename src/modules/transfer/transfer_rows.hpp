// Inside the transfer module only: the stored case row and the helpers that the in-instance
// transfers (transfer_service.cpp) and the letters across the instance boundary
// (transfer_letters.cpp) share, so that both write cases, transitions and audit records one way.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "db/database.hpp"
#include "domain/transfer_rules.hpp"
#include "http/api.hpp"
#include "modules/common/context.hpp"
#include "modules/transfer/transfer_service.hpp"

namespace lianxin::modules::transfer::detail {

struct TransferRow {
  int64_t id = 0, member_id = 0, from_org_id = 0, to_org_id = 0, version = 1;
  std::string member_name, requested_by, reason, state, requested_at, requested_by_name, created_at, updated_at;
  std::optional<std::string> pending_since, approved_at, approved_by_name, decided_at, decided_by_name, refused_by,
      refusal_code, refusal_reason, moved_on;
  std::string from_path, from_name, to_path, to_name;
  // Migration 7: internal | outgoing | incoming, and the letter across the boundary.
  std::string kind = "internal";
  std::optional<std::string> outside_org_name, letter_no, letter_issued_on;
  std::optional<int64_t> letter_validity_days;
  std::optional<std::string> letter_last_valid_day, dues_paid_to, receipt_due, receipt_on, receipt_org_name,
      member_status_before;
  // Migration 12: direct | multi_hop (transfer_hops rows); cases from before it are direct.
  std::string path_kind = "direct";
};

// One organization on a multi-hop path (transfer_hops, migration 12).
struct HopRow {
  int64_t id = 0, seq = 0, org_id = 0;
  std::string org_name, org_path, side, role, state;
  std::optional<std::string> arrived_on, decided_at, decided_by_name, reason_code, note;
};
std::vector<HopRow> load_hops(db::Tx& tx, int64_t transfer_id);
// The hop the case waits at (state pending); nullptr when none.
const HopRow* pending_hop(const std::vector<HopRow>& hops);
// The route of a new case from the tree (domain::transfer_route): empty for a direct case, the hops
// to store otherwise; 422 R-T10 when a side has no organization that may transfer.
struct PlannedHop {
  int64_t org_id = 0;
  std::string side, role;
};
std::vector<PlannedHop> plan_route(db::Tx& tx, ModuleContext& ctx, const std::string& from_path, const std::string& to_path);
void insert_hops(db::Tx& tx, int64_t transfer_id, const std::vector<PlannedHop>& hops, const std::string& today);
// "path" of the case JSON: the stored hops of a multi-hop case, or the two sides of a direct one.
boost::json::value path_json(const TransferRow& t, const std::vector<HopRow>& hops,
                             const domain::TransferRulePack& rules, domain::Date today);

// "SELECT <the case columns> FROM transfers t JOIN orgs fo ... JOIN orgs tor ... " (add WHERE).
extern const char* const kSelect;
TransferRow row_of(const db::Row& r);
std::optional<TransferRow> find_row(db::Tx& tx, int64_t id);

// Stored code ("issued") → domain state; throws for an unknown code.
domain::TransferState state_of(const std::string& code);
const char* code_of(domain::TransferState s);
// The state a case shows today (an outgoing letter past its last valid day shows "expired").
std::string shown_state(const TransferRow& t, domain::Date today);
// Each hop of a decision checked against the domain state machine (logic_error otherwise).
void require_path(std::initializer_list<domain::TransferState> hops);

void add_event(db::Tx& tx, int64_t transfer_id, const char* action, const std::optional<std::string>& from_state,
               const std::string& to_state, const std::optional<std::string>& reason_code,
               const std::optional<std::string>& reason, const ChangeMeta& meta, const std::string& at);
// Writes the new state columns (open_member_id follows the state); false when the version is stale.
bool store_state(db::Tx& tx, const TransferRow& t, const std::string& state,
                 const std::optional<std::string>& pending_since, const std::string& set_extra,
                 const db::Params& extra);
void audit_transition(db::Tx& tx, ModuleContext& ctx, const ChangeMeta& meta, const char* action,
                      const TransferRow& before, int64_t acting_org_id, const boost::json::object& after);
// Either party may read a case: 404 when the caller sees neither side, 403 when it sees one.
void require_either(const http::Scope& scope, const TransferRow& t);
void check_version(const Decision& d, const TransferRow& t);
[[noreturn]] void wrong_state(const TransferRow& t, const char* doing, domain::Date today);
std::optional<std::string> trimmed(const std::optional<std::string>& s);
// The case with its timeline, as GET /api/transfers/{id} returns it; "actions": what `write` (the
// caller's transfer.write scope) may do on it now (none without one).
boost::json::object detail_in(db::Tx& tx, const TransferRow& t, const domain::TransferRulePack& rules,
                              domain::Date today, const http::Scope* write = nullptr);

}  // namespace lianxin::modules::transfer::detail
