// Subtree statistics rollups: org_stats(org_id, key) -> n counts everything in the subtree rooted
// at org_id. Every change to a member or an organization applies its delta to the rollups of all
// ancestors in the same transaction, so statistics at the root are one index read at any size.
//
// Rollups are stored only for organizations that can hold branches (committees, 党总支): a branch
// and its 党小组 are small, so their statistics are computed live from the members index. This
// keeps org_stats around 60 rows per committee instead of rows for every one of 5 million branches.
//
// Keys: "members" (current members), "category:<code>", "gender:<code>", "birth:<YYYY>" (age is
// reported as the age reached in the current year, as annual party statistics count it),
// "education:<code|none>", "ethnicity:han|minority|none", "status:<code>" (every record, also
// non-current ones), "orgs:<kind>" (organizations not dissolved, the node itself included).
// Only current members (status_is_current) count in members/category/gender/birth/education/
// ethnicity.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "db/database.hpp"

namespace lianxin::modules::org {

using StatsDelta = std::map<std::string, int64_t>;

// What a member contributes to the rollups: views into a record that outlives the call.
struct MemberStatFacts {
  std::string_view category, gender, birth_date, status;
  std::optional<std::string_view> education, ethnicity;
};
// Adds `n` times one member's keys into `delta` (n = +1 joins, -1 leaves, k for k alike members).
void add_member_keys(StatsDelta& delta, const MemberStatFacts& m, int64_t n);

// The rollups of members joining (+1) or leaving (-1) organizations: each member's keys under
// rollup_path(org_path, org_kind), and the counts of its own organization. Besides the rollups,
// every organization's own current members by category (org_member_counts: the members
// registered directly in it, not in its subtree) are kept for the warning rules of branches.
// add() only counts values in small maps per rollup path, found through the member's org path
// (imports add a million members: no key string is built per member); apply() makes the keys.
class MemberTally {
public:
  void add(std::string_view org_path, std::string_view org_kind, const MemberStatFacts& m, int sign);
  // The rollups through apply_stats_bulk, then the organizations' own counts; both in key order,
  // so that concurrent transactions take the same rows in the same order (no deadlock on PostgreSQL).
  void apply(db::Tx& tx) const;

  // The parts of a member's keys: "status:<code>", "members", "category:<code>", ...
  enum Dim { kStatus, kMembers, kCategory, kGender, kBirthYear, kEducation, kEthnicity, kDims };

private:
  using Counts = std::map<std::string, int64_t, std::less<>>;
  struct Rollup {
    Counts by_dim[kDims];  // value -> n
  };
  struct Org {
    Rollup* rollup;  // in rollups_ (a map: nodes never move)
    int64_t own_full = 0, own_probationary = 0;
  };
  struct PathHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::map<std::string, Rollup> rollups_;  // by rollup path: a committee's, not one per branch
  std::unordered_map<std::string, Org, PathHash, std::equal_to<>> orgs_;  // by the members' org path
};

// One member joining (+1) or leaving (-1) an organization, applied at once.
void apply_member_stats(db::Tx& tx, const std::string& org_path, const std::string& org_kind,
                        const MemberStatFacts& m, int sign);
struct MemberCounts {
  int64_t full = 0;
  int64_t probationary = 0;
};
// The current members registered directly in one organization (one index read).
MemberCounts read_member_counts(db::Tx& tx, int64_t org_id);

// True for kinds whose rollups are stored (everything but branches and 党小组).
bool holds_rollups(const std::string& kind);
// The path whose ids receive a change made at an org of this kind and path: the path itself for
// rollup holders, the parent's for branches, the grandparent's for 党小组.
std::string rollup_path(const std::string& org_path, const std::string& kind);

// Applies `delta` to every org of `rollup_path` (ids taken from the path). Pass the result of
// rollup_path(), never a branch path.
void apply_stats(db::Tx& tx, const std::string& rollup_path, const StatsDelta& delta);
// Applies many deltas at once, aggregated per ancestor (imports, the demo generator).
void apply_stats_bulk(db::Tx& tx, const std::map<std::string, StatsDelta>& delta_by_rollup_path);

// The statistics of one organization's subtree (keys with n != 0): stored rollups for holders,
// a live count for branches and 党小组.
std::map<std::string, int64_t> read_stats(db::Tx& tx, int64_t org_id, const std::string& kind);
// One key of it (a single index lookup for rollup holders).
int64_t read_stat(db::Tx& tx, int64_t org_id, const std::string& kind, const std::string& key);

// Recomputes every rollup and every organization's own member counts from the base tables and
// compares with org_stats and org_member_counts. Returns one line per difference ("org 12 members:
// stored 30, actual 31"); empty when they agree.
std::vector<std::string> verify_stats(db::Tx& tx);
// Rebuilds org_stats and org_member_counts from the base tables (after a bulk load, or to repair).
void rebuild_stats(db::Tx& tx);

}  // namespace lianxin::modules::org
