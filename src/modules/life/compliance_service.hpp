// Organisational-life compliance (issue #6, org-life.md §1 and §3): the read side of the meeting
// records that the meeting workflow (meeting_*.cpp, checkin*.cpp) writes into the tables of
// migration 11. Per branch and obligation (R-L01..R-L08) the period, the colour (green / yellow /
// red / none, domain::compliance), the count against the requirement and the reason; the roll-up
// of an upper organization's branches with a drill-down list; reminders; the six-month absence
// flag (党章 §9, a flag for the branch, never automatic); the review of perfunctory records; the
// fixed 主题党日 day of a branch. Routes live in compliance_routes.cpp.
//
// What this module assumes about the rows (the 0011 design notes are the contract):
// - a meeting counts for a type when meeting_types.held = 1 and meetings.state = 'held'; it
//   counts for the organization in meeting_types.org_id (a branch, or a 党小组 for R-L03);
// - a record is complete when meetings.defects is '[]', review_state is NULL and the meeting is
//   not inquorate (quorate = 0);
// - a record entered after the period of the obligation ended (held_recorded_at, UTC, against the
//   period's last day in the platform time zone) is late: shown, never counted, so a closed red
//   period stays red;
// - attendance: meeting_attendees.status 'present' is attendance; leave_state 'approved' excuses.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/json.hpp>

#include "http/api.hpp"
#include "http/pagination.hpp"
#include "modules/common/context.hpp"
#include "modules/org/org_service.hpp"

namespace lianxin::modules::life {

namespace detail {
struct EvalCache;
}

// GET /api/meetings/compliance/branches filters.
struct DrillFilter {
  std::optional<int64_t> org_id;
  std::optional<std::string> date;    // YYYY-MM-DD: picks the periods (default: as_of)
  std::optional<std::string> as_of;   // YYYY-MM-DD: the day the colours are judged on (default today)
  std::optional<std::string> colour;  // green | yellow | red | none | na
  std::optional<std::string> rule;    // R-L01..R-L08: the colour of that obligation; absent: any obligation
};

// POST /api/meetings/{id}/review
struct ReviewInput {
  std::optional<std::string> action;  // reject | clear
  std::optional<std::string> reason;  // required to reject
  std::optional<int64_t> version;
};

class ComplianceService {
public:
  // Roll-ups over at least `cache_min_branches` branches are kept for five minutes (their
  // `computed_at` says when they were computed); branch pages are always fresh.
  explicit ComplianceService(ModuleContext& ctx, size_t cache_min_branches = 1000);

  // ?org= a branch: its obligations in the periods containing `date`, judged as of `as_of` (both
  // default to today; a past `date` alone shows that closed period as it ended); an upper
  // organization or none (the caller's scope): the roll-up of the subtree's branches per
  // obligation. A 党小组 is 422 (its 党小组会 are shown with its branch).
  boost::json::object compliance(std::optional<int64_t> org_id, const std::optional<std::string>& date,
                                 const std::optional<std::string>& as_of, const http::Scope& scope);
  // The branches of the roll-up with their colours, in path order, keyset-paginated; filtered by
  // colour (of `rule`, or of any obligation).
  boost::json::object branches(const DrillFilter& f, const http::Scope& scope, const http::PageRequest& page);
  // A branch: the yellow items of the current periods and the red items of the periods that
  // closed last; an upper organization: how many branches have such items.
  boost::json::object reminders(std::optional<int64_t> org_id, const http::Scope& scope);
  // Current members with six consecutive complete months without attending (see the .cpp).
  boost::json::object absence_flags(std::optional<int64_t> org_id, const std::optional<std::string>& date,
                                    const http::Scope& scope, const http::PageRequest& page);
  // A reviewer over the parent of the meeting's branch rejects a held record or clears that.
  boost::json::object review(int64_t meeting_id, const ReviewInput& in, const ChangeMeta& meta, const http::Scope& scope);
  // The fixed 主题党日 day of a branch (R-L05), 1..31 or null.
  boost::json::object org_settings(int64_t org_id, const http::Scope& scope);
  boost::json::object set_org_settings(int64_t org_id, const boost::json::object& body, const ChangeMeta& meta,
                                       const http::Scope& scope);

private:
  ModuleContext& ctx_;
  org::OrgService orgs_;
  std::shared_ptr<detail::EvalCache> cache_;  // upper-level evaluations of large subtrees, 5 minutes
};

}  // namespace lianxin::modules::life
