// Shared by the dues report files: the frame of a report (its base organization, the rows of its
// direct children) and the sums every report is built from.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "db/database.hpp"
#include "http/api.hpp"
#include "modules/common/context.hpp"
#include "modules/org/org_types.hpp"

namespace lianxin::modules::dues::detail {

// Item counts and amounts of a set of dues_items rows.
struct Sums {
  int64_t members = 0;       // items (one per member and month)
  int64_t exempt = 0;        // of which nothing is due (exempt, no base)
  int64_t due = 0, paid = 0;  // fen
  int64_t paid_members = 0;  // due > 0 and paid in full
  int64_t unpaid = 0;        // fen still owed
  void add(const Sums& o);
  boost::json::object to_json() const;
};

// part / whole in percent with one decimal; null when nothing is due.
boost::json::value percent(int64_t part, int64_t whole);

struct FrameRow {
  int64_t org_id = 0;
  std::string code, name, path;
  bool self = false;           // the base organization's own members, not its children's
  bool hide_if_empty = false;  // the self row and dissolved children appear only with data
  boost::json::object head() const;
};

struct Frame {
  std::optional<org::OrgRecord> base;  // nullopt: several roots, a row each
  std::optional<std::vector<std::string>> roots;  // nullopt: the whole tree
  std::vector<FrameRow> rows;
  int row_of(const std::string& path) const;  // -1: outside every row
  boost::json::value base_json() const;
};

// ?org= (scope-checked, 404 / 403), else the caller's single scope root or the single tree root,
// else a row per root.
Frame frame_of(db::Tx& tx, ModuleContext& ctx, std::optional<int64_t> org_id, const http::Scope& scope);
std::string subtree_where(const Frame& f, const char* column, db::Params& params);
// Items (alias i) of months that have ended or whose period is closed.
std::string overdue_where(ModuleContext& ctx, db::Params& params);

struct PathMonthSums {
  std::string path, month;
  Sums sums;
};
std::vector<PathMonthSums> sums_by_path_month(db::Tx& tx, const Frame& f, const std::string& from, const std::string& to);
std::vector<Sums> fold_rows(const Frame& f, const std::vector<PathMonthSums>& sums, Sums& total);
int year_checked(int year);

struct YearData {
  Frame frame;
  std::vector<std::array<Sums, 12>> rows;  // per frame row and month
  std::array<Sums, 12> months{};           // the subtree per month
  int last_ended = 11;                     // index of the year's last month that has ended (-1: none)
};
YearData year_data(db::Tx& tx, ModuleContext& ctx, std::optional<int64_t> org, int year, const http::Scope& scope);
// A row's year: amounts summed; members, exempt and paid-in-full members as in the latest month
// that has ended and has items (the open month is not paid yet), else the latest with items.
Sums year_sum(const std::array<Sums, 12>& months, int last_ended = 11);

}  // namespace lianxin::modules::dues::detail
