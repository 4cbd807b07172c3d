// 发展党员 (recruitment, issue #5) use cases on top of the pure engine (domain/recruitment.hpp):
// cases, their dated step records (全程纪实: append-only, a correction is a new record), the rule
// pack of an organization subtree and the working-day calendar. Routes live in recruit_routes.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "db/database.hpp"
#include "domain/mobile_rules.hpp"
#include "domain/recruitment.hpp"
#include "domain/rule_pack.hpp"
#include "domain/work_calendar.hpp"
#include "http/api.hpp"
#include "http/pagination.hpp"
#include "modules/common/context.hpp"
#include "modules/member/member_service.hpp"

namespace lianxin::modules::recruit {

// A stored case, personal data still encrypted.
struct CaseRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string name, id_enc, id_hash, gender, birth_date;
  std::optional<std::string> unit;
  std::string application_date, state, pack_id;
  int stage = 1, current_step = 0, next_step = 1;
  std::optional<std::string> next_due;
  std::optional<int64_t> member_id;
  int64_t version = 1;
  std::string created_at, updated_at;
};

// One stored step record (never changed once written).
struct StepRow {
  int64_t id = 0;
  int64_t case_id = 0;
  int step = 0;
  std::string date;
  std::string facts_json, findings_json, pack_id;
  std::optional<int64_t> corrects_id;
  std::optional<std::string> correction_reason;
  std::optional<int64_t> recorded_by;
  std::string recorded_by_name, recorded_at;
  std::optional<std::string> request_id;
};

// POST /api/recruitment/cases, as received (validated by the service).
struct CaseInput {
  std::optional<int64_t> org_id;
  std::optional<std::string> name, id_number, birth_date, gender, unit, application_date;
};

// GET /api/recruitment/cases filters (all optional; org defaults to the caller's scope).
struct CaseFilter {
  std::optional<int64_t> org_id;
  std::optional<std::string> state;      // in_progress | rejected | cancelled | completed
  std::optional<int> stage;              // 1..5
  std::optional<int> step;               // the next step to record, 1..25
  std::optional<bool> overdue;           // something due is past its date (in-progress cases)
  std::optional<std::string> due_month;  // YYYY-MM: the earliest open due date falls in that month
};

class RecruitService {
public:
  RecruitService(ModuleContext& ctx, member::MemberService& members) : ctx_(ctx), members_(members) {}

  // Creates the case and records step 1 (递交入党申请书, dated application_date) in one
  // transaction, audited. 404/403 outside the scope, 422 field errors or blocking findings,
  // 409 when the person is a member already or has an open case.
  boost::json::object create_case(const CaseInput& in, const ChangeMeta& meta, const http::Scope& scope);
  boost::json::object list(const CaseFilter& f, const http::Scope& scope, const http::PageRequest& page);
  // The case, every record (corrected ones marked) and the engine's evaluation as of today.
  boost::json::object detail(int64_t id, const http::Scope& scope);
  // Records one step (body: see docs/openapi.yaml RecruitStepInput); a blocking finding refuses
  // it (422, each finding in error.details with the rule id as code). Returns the record, its
  // findings (warnings and reminders, stored with it) and the case detail.
  boost::json::object record_step(int64_t id, const boost::json::object& body, const ChangeMeta& meta,
                                  const http::Scope& scope);
  // The same inside the caller's write transaction (a branch meeting records several cases at once).
  boost::json::object record_step_in(db::Tx& tx, int64_t id, const boost::json::object& body, const ChangeMeta& meta,
                                     const http::Scope& scope);

  // Rule packs: the built-in packs and overlays; the effective pack of an organization (nearest
  // ancestor's assignment, else the national default) and assigning one to a subtree.
  boost::json::object packs();
  boost::json::object org_pack(int64_t org_id, const http::Scope& scope);
  boost::json::object assign_pack(int64_t org_id, const std::optional<std::string>& pack_id,
                                  const std::vector<std::string>& overlays, const ChangeMeta& meta,
                                  const http::Scope& scope);

  // The working-day calendar of one year (provisional when the year is not loaded); replacing a
  // year needs a scope over the whole tree (403 otherwise).
  boost::json::object calendar(int year);
  boost::json::object put_calendar(int year, const boost::json::object& body, const ChangeMeta& meta,
                                   const http::Scope& scope);

  // The roster of a branch meeting on `date` (R-D15 N, members.md §2 rights matrix): who counts in
  // 应到会有表决权的正式党员 and why. GET /api/recruitment/meetings/roster. 404/403 outside the
  // scope, 422 when the org is not a branch or the date is invalid.
  boost::json::object roster(int64_t org_id, const std::optional<std::string>& date, const http::Scope& scope);
  // N and the entries, inside the caller's transaction.
  struct Roster {
    int should_attend = 0;
    boost::json::array entries;
  };
  Roster roster_in(db::Tx& tx, int64_t org_id, domain::Date date);
  // The mobile module's answers (wired in app/wiring.cpp; the recruit module does not link to it):
  // a member's rights at a branch (MobileService::rights_at_branch) and the card holders hosted
  // at a branch. Unset: home rights only, no guests.
  using BranchRightsFn =
      std::function<domain::BranchRights(db::Tx&, int64_t member_id, int64_t branch_id, domain::VoterStanding)>;
  using HostedFn = std::function<std::vector<int64_t>(db::Tx&, int64_t branch_id)>;
  void set_mobile(BranchRightsFn rights, HostedFn hosted) {
    rights_ = std::move(rights);
    hosted_ = std::move(hosted);
  }

  // The pack a stored pack id names ("recruit/2014细则+local/common"); cached.
  const domain::RecruitPack& pack_by_id(const std::string& id);
  // The effective pack id for an organization path.
  std::string effective_pack_id(db::Tx& tx, const std::string& org_path);
  domain::WorkCalendar load_calendar(db::Tx& tx);

private:
  void apply_conversion(db::Tx& tx, int64_t member_id, const domain::CaseStatus& status,
                        const std::vector<StepRow>& steps, const ChangeMeta& meta, bool correction);

  ModuleContext& ctx_;
  member::MemberService& members_;
  BranchRightsFn rights_;
  HostedFn hosted_;
};

}  // namespace lianxin::modules::recruit
