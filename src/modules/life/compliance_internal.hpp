// Shared by the compliance files: loading the branches of a subtree, the per (organization, type)
// counts of held meetings in given periods, and the colour of each obligation of a branch. The
// counts are one aggregate query over meeting_types (index org_id, type, meeting_date) for the
// whole subtree; colours are computed here with domain::compliance, so a branch's own page, the
// roll-up and the drill-down can never disagree.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "db/database.hpp"
#include "domain/orglife_rules.hpp"

namespace lianxin::modules::life::detail {

using domain::Date;
using domain::Period;

// The period each obligation is judged in (by meeting type).
using Periods = std::map<domain::MeetingType, Period>;
Periods periods_at(const domain::OrgLifePack& pack, Date d);  // the periods containing d
Periods previous_periods(const Periods& current);            // the ones just before

struct Group {
  int64_t id = 0;
  std::string name;
};
struct Branch {
  int64_t id = 0;
  std::string code, name, kind, path;
  bool committee = false;  // the latest term records a 支部委员会 (R-L02)
  std::optional<int> theme_day;
  int population = 0;      // current members of the branch and its 党小组 (org_member_counts)
  std::vector<Group> groups;
};

// Branches (not dissolved) whose path satisfies `where` (on o.path, with its params), path order,
// each with its 党小组.
std::vector<Branch> load_branches(db::Tx& tx, const std::string& where, const db::Params& params);

// Held meetings of one (organization, type) in its period up to the evaluation date.
struct Tally {
  int on_time = 0, complete = 0, inquorate = 0, late = 0;
  std::optional<std::string> last_date;  // of the meetings on time
};
using Tallies = std::map<std::pair<int64_t, std::string>, Tally>;
Tallies tally(db::Tx& tx, const std::string& where, const db::Params& params, const Periods& periods, Date upto,
              const domain::OrgLifePack& pack);
// R-L08: branch id -> current members who attended a held 谈心谈话 in the period.
std::map<int64_t, int> talk_coverage(db::Tx& tx, const std::string& where, const db::Params& params,
                                     const Period& year, Date upto);

// The first instant after the period in the platform time zone (UTC+8) as stored timestamps are
// written: a record at or after it is late.
std::string late_cutoff(const Period& p);
// SQL: the meetings of `m`/`mt` recorded after their type's period (placeholders appended).
std::string late_sql(const Periods& periods, db::Params& params);
// SQL: mt.type and mt.meeting_date inside that type's period, up to `upto`.
std::string in_periods_sql(const Periods& periods, Date upto, db::Params& params);

struct GroupResult {
  Group group;
  domain::Compliance c;
  int late = 0;
};
struct Result {
  const domain::Obligation* ob = nullptr;
  Period period;
  bool applicable = true;
  std::string not_applicable;  // why (Chinese)
  domain::Compliance c;
  int late = 0;
  std::vector<GroupResult> groups;  // R-L03
};
std::vector<Result> evaluate(const Branch& b, const Tallies& t, const std::map<int64_t, int>& talks,
                             const Periods& periods, Date today, const domain::OrgLifePack& pack);
// "green" ... "none", or "na" when the obligation does not apply.
std::string colour_of(const Result& r);
int rank(domain::Colour c);  // red 3, yellow 2, none 1, green 0

boost::json::object period_json(const Period& p);
boost::json::object branch_json(const Branch& b);
std::optional<Date> parse_date_param(const std::optional<std::string>& s, const char* field = "date");

}  // namespace lianxin::modules::life::detail
