// 党费报表: arrears, the R-F11 flag, monthly / yearly reports, the annual statement, the upward
// remittance and the reconciliation. Every figure is one aggregate query over the subtree grouped
// by organization path (and month), folded into the rows of the base organization's direct
// children in C++: the children's rows and the total come from the same numbers, so an upper
// level's total is always the sum of its rows.
#include "modules/dues/dues_report.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "db/keyset.hpp"
#include "domain/dues_rules.hpp"
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/common/json_util.hpp"
#include "modules/common/status_sql.hpp"
#include "modules/common/subtree_sql.hpp"
#include "modules/common/tree_path.hpp"
#include "modules/dues/dues_report_internal.hpp"
#include "modules/org/org_service.hpp"

namespace lianxin::modules::dues {

namespace json = boost::json;
using namespace detail;

std::string yuan(int64_t fen) {
  const bool neg = fen < 0;
  const int64_t a = neg ? -fen : fen;
  std::string frac = std::to_string(a % 100);
  if (frac.size() < 2) frac.insert(0, "0");
  return (neg ? "-" : "") + std::to_string(a / 100) + "." + frac;
}

namespace detail {

void Sums::add(const Sums& o) {
  members += o.members, exempt += o.exempt, due += o.due, paid += o.paid, paid_members += o.paid_members,
      unpaid += o.unpaid;
}

json::value percent(int64_t part, int64_t whole) {
  if (whole <= 0) return nullptr;
  // one decimal, half up, in integer arithmetic
  const int64_t tenths = (part * 1000 + whole / 2) / whole;
  return static_cast<double>(tenths) / 10.0;
}

json::object Sums::to_json() const {
  return json::object{{"members", members},
                      {"exempt_members", exempt},
                      {"due_fen", due},
                      {"paid_fen", paid},
                      {"paid_members", paid_members},
                      {"unpaid_fen", unpaid},
                      {"unpaid_members", members - exempt - paid_members},
                      {"rate", percent(paid, due)},
                      {"member_rate", percent(paid_members, members - exempt)}};
}

// The organization a report without ?org= is about: the caller's single scope root, or the tree's
// single root; nullopt when there are several.
std::optional<org::OrgRecord> default_base(db::Tx& tx, org::OrgService& orgs, const http::Scope& scope) {
  std::optional<int64_t> id;
  if (scope.everything) {
    auto roots = tx.query("SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 2");
    if (roots.size() == 1) id = roots[0].i64(0);
  } else if (scope.paths.size() == 1) {
    auto ids = path_ids(scope.paths.front());
    if (!ids.empty()) id = ids.back();
  }
  if (!id) return std::nullopt;
  return orgs.find(tx, *id);
}

Frame frame_of(db::Tx& tx, ModuleContext& ctx, std::optional<int64_t> org_id, const http::Scope& scope) {
  org::OrgService orgs(ctx);
  Frame f;
  if (org_id) {
    f.base = orgs.find(tx, *org_id);
    if (!f.base) throw http::not_found("组织");
    scope.require(f.base->path, "组织");
  } else {
    f.base = default_base(tx, orgs, scope);
  }
  if (f.base) {
    f.roots = std::vector<std::string>{f.base->path};
    for (const auto& r : tx.query("SELECT id, code, name, path, dissolved_date FROM orgs WHERE parent_id = $1 "
                                  "ORDER BY code, id",
                                  {f.base->id}))
      f.rows.push_back(FrameRow{r.i64(0), r.text(1), r.text(2), r.text(3), false, !r.is_null(4)});
    f.rows.push_back(FrameRow{f.base->id, f.base->code, f.base->name + (f.rows.empty() ? "" : "（本级）"),
                              f.base->path, true, !f.rows.empty()});
    return f;
  }
  // Several roots: a row per root (the whole tree's roots, or the caller's scope roots).
  f.roots = orgs.list_roots(tx, std::nullopt, scope);
  if (!f.roots) {
    for (const auto& r : tx.query("SELECT id, code, name, path FROM orgs WHERE parent_id IS NULL ORDER BY code, id"))
      f.rows.push_back(FrameRow{r.i64(0), r.text(1), r.text(2), r.text(3), false, false});
  } else {
    for (const auto& path : *f.roots) {
      auto ids = path_ids(path);
      if (auto o = ids.empty() ? std::nullopt : orgs.find(tx, ids.back()))
        f.rows.push_back(FrameRow{o->id, o->code, o->name, o->path, false, false});
    }
  }
  return f;
}

int Frame::row_of(const std::string& path) const {
  for (size_t i = 0; i < rows.size(); ++i)
    if (rows[i].self ? path == rows[i].path : path_within(path, rows[i].path)) return static_cast<int>(i);
  return -1;
}

json::value Frame::base_json() const {
  if (!base) return nullptr;
  return json::object{{"id", base->id}, {"code", base->code}, {"name", base->name}};
}

json::object FrameRow::head() const {
  return json::object{{"org_id", org_id}, {"org_code", code}, {"org_name", name}, {"self", self}};
}

std::string subtree_where(const Frame& f, const char* column, db::Params& params) {
  return f.roots ? within_subtrees(column, *f.roots, params) : std::string("1 = 1");
}

std::string overdue_where(ModuleContext& ctx, db::Params& params) {
  params.emplace_back(domain::YearMonth::of(ctx.today()).iso());
  const std::string cur = db::last_placeholder(params);
  // A month is overdue once it has ended (domain::dues_overdue; quarterly consent is not stored by
  // the ledger, see docs) or once the branch closed its period.
  return "(i.month < " + cur + " OR i.period_id IN (SELECT p.id FROM dues_periods p WHERE p.state = 'closed' AND p.month >= " +
         cur + "))";
}

// Sums per organization path and month of the items of `months` (inclusive) in the subtree.
std::vector<PathMonthSums> sums_by_path_month(db::Tx& tx, const Frame& f, const std::string& from, const std::string& to) {
  db::Params params{from, to};
  const std::string where = subtree_where(f, "o.path", params);
  std::vector<PathMonthSums> out;
  tx.query_each(
      "SELECT o.path, i.month, COUNT(*), SUM(CASE WHEN i.due_fen <= 0 THEN 1 ELSE 0 END), SUM(i.due_fen), "
      "SUM(i.paid_fen), SUM(CASE WHEN i.due_fen > 0 AND i.paid_fen >= i.due_fen THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN i.due_fen > i.paid_fen THEN i.due_fen - i.paid_fen ELSE 0 END) "
      "FROM dues_items i JOIN orgs o ON o.id = i.org_id WHERE i.month >= $1 AND i.month <= $2 AND " +
          where + " GROUP BY o.path, i.month",
      params, [&](const db::Row& r) {
        Sums s{r.i64(2), r.i64(3), r.i64(4), r.i64(5), r.i64(6), r.i64(7)};
        out.push_back(PathMonthSums{r.text(0), r.text(1), s});
      });
  return out;
}

int year_checked(int year) {
  if (year < 1921 || year > 9999) throw http::bad_request("bad_parameter", "year 应为四位年份", "year");
  return year;
}

std::vector<Sums> fold_rows(const Frame& f, const std::vector<PathMonthSums>& sums, Sums& total) {
  std::vector<Sums> rows(f.rows.size());
  for (const auto& s : sums) {
    const int i = f.row_of(s.path);
    if (i < 0) continue;
    rows[i].add(s.sums);
    total.add(s.sums);
  }
  return rows;
}

}  // namespace detail

// ---------------------------------------------------------------- arrears

json::object DuesReportService::arrears_members(std::optional<int64_t> org, std::optional<int> min_months,
                                                const http::Scope& scope, const http::PageRequest& page) {
  if (min_months && (*min_months < 1 || *min_months > 1200))
    throw http::bad_request("bad_parameter", "min_months 应为正整数", "min_months");
  return ctx_.db.read_value([&](db::Tx& tx) {
    const Frame f = frame_of(tx, ctx_, org, scope);
    db::Params params;
    std::string where = "i.state IN ('unpaid', 'partial') AND i.due_fen > i.paid_fen AND " + overdue_where(ctx_, params) +
                        " AND " + subtree_where(f, "o.path", params);
    const std::string join = " FROM dues_items i JOIN orgs o ON o.id = i.org_id";
    const std::string from = join + " WHERE ";
    std::string having;
    if (min_months) {
      params.emplace_back(static_cast<int64_t>(*min_months));
      having = " HAVING COUNT(*) >= " + db::last_placeholder(params);
    }
    const int64_t total =
        tx.query_int("SELECT COUNT(*) FROM (SELECT 1" + from + where + " GROUP BY o.path, i.member_id" + having + ") t", params);
    db::Params page_params = params;
    std::string page_where = where;
    if (page.after) {
      page_where +=
          " AND " + db::after_key(page_params, {"o.path", page.after_text(0)}, {"i.member_id", page.after_int(1)});
    }
    // HAVING's placeholder keeps its number: the keyset parameters come after it.
    page_params.emplace_back(static_cast<int64_t>(page.limit + 1));
    json::array items;
    for (const auto& r : tx.query("SELECT o.path, i.member_id, MAX(o.id), MAX(o.name), COUNT(*), SUM(i.due_fen), "
                                  "SUM(i.paid_fen), MIN(i.month), MAX(i.month), MAX(m.name)" +
                                      join + " JOIN members m ON m.id = i.member_id WHERE " +
                                      page_where + " GROUP BY o.path, i.member_id" + having +
                                      " ORDER BY o.path, i.member_id LIMIT " + db::last_placeholder(page_params),
                                  page_params)) {
      const int64_t due = r.i64(5), paid = r.i64(6);
      items.push_back(json::object{{"path", r.text(0)},
                                   {"member_id", r.i64(1)},
                                   {"name", r.text(9)},
                                   {"org_id", r.i64(2)},
                                   {"org_name", r.text(3)},
                                   {"months", r.i64(4)},
                                   {"due_fen", due},
                                   {"paid_fen", paid},
                                   {"owed_fen", due - paid},
                                   {"first_month", r.text(7)},
                                   {"last_month", r.text(8)}});
    }
    json::object body = http::page_body(std::move(items), total, page.limit, [](const json::value& last) {
      return json::array{last.at("path"), last.at("member_id")};
    });
    for (auto& v : body["items"].as_array()) v.as_object().erase("path");
    body["org"] = f.base_json();
    body["as_of"] = ctx_.today().iso();
    return body;
  });
}

json::object DuesReportService::arrears_orgs(std::optional<int64_t> org, const http::Scope& scope) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    const Frame f = frame_of(tx, ctx_, org, scope);
    db::Params params;
    const std::string where = "i.state IN ('unpaid', 'partial') AND i.due_fen > i.paid_fen AND " +
                              overdue_where(ctx_, params) + " AND " + subtree_where(f, "o.path", params);
    struct A {
      int64_t months = 0, members = 0, owed = 0;
    };
    std::vector<A> rows(f.rows.size());
    A total;
    // Members are counted per organization of their unpaid months: one owing in two branches of a
    // subtree (moved between them) counts in each.
    // Grouped by (organization, member) first, like the member list: that order lets the planner
    // read the arrears index (a COUNT(DISTINCT) per path made SQLite scan every item instead).
    for (const auto& r : tx.query("SELECT path, SUM(n), COUNT(*), SUM(owed) FROM (SELECT o.path AS path, COUNT(*) AS n, "
                                  "SUM(i.due_fen - i.paid_fen) AS owed FROM dues_items i JOIN orgs o ON o.id = i.org_id WHERE " +
                                      where + " GROUP BY o.path, i.member_id) t GROUP BY path",
                                  params)) {
      const int i = f.row_of(r.text(0));
      if (i < 0) continue;
      for (A* a : {&rows[i], &total}) a->months += r.i64(1), a->members += r.i64(2), a->owed += r.i64(3);
    }
    auto to_json = [](json::object j, const A& a) {
      j["members"] = a.members;
      j["months"] = a.months;
      j["owed_fen"] = a.owed;
      return j;
    };
    json::array items;
    for (size_t i = 0; i < f.rows.size(); ++i)
      if (!f.rows[i].hide_if_empty || rows[i].months > 0) items.push_back(to_json(f.rows[i].head(), rows[i]));
    return json::object{{"org", f.base_json()},
                        {"as_of", ctx_.today().iso()},
                        {"items", std::move(items)},
                        {"total", to_json(json::object{{"org_name", "合计"}}, total)}};
  });
}

json::object DuesReportService::unpaid_flags(std::optional<int64_t> org, const http::Scope& scope,
                                             const http::PageRequest& page) {
  const domain::Date today = ctx_.today();
  const domain::DuesPack& pack = ctx_.dues_rules;
  const domain::YearMonth last = domain::add_months(domain::YearMonth::of(today), -1);
  const domain::YearMonth first = domain::add_months(last, -(pack.unpaid_flag_months - 1));
  return ctx_.db.read_value([&](db::Tx& tx) {
    const Frame f = frame_of(tx, ctx_, org, scope);
    // Candidates: an unpaid item in each of the last N closed months (months are unique per
    // member, so N such items in the window are N consecutive months), by the member's present
    // organization (the branch that decides, R-F11). All candidates of the subtree are read at
    // once as (path, member id) — a few percent of the members — for `total` and the page.
    //  - a large subtree (org_stats members >= kGroupFirst, or several roots): group the window's
    //    unpaid items of the whole tree by member through dues_items_arrears_month first, then
    //    look up only those members (1M members: 0.4 s of CPU instead of 1 s with a look-up per
    //    unpaid item);
    //  - a small one: its members through members(org_id), each counted through the unique
    //    (member_id, month) index (a branch: milliseconds, whatever the size of the tree).
    constexpr int64_t kGroupFirst = 20000;
    bool group_first = !f.base;
    if (f.base) {
      auto n = tx.query_one("SELECT n FROM org_stats WHERE org_id = $1 AND key = 'members'", {f.base->id});
      group_first = n && n->i64(0) >= kGroupFirst;
    }
    db::Params params{first.iso(), last.iso(), static_cast<int64_t>(pack.unpaid_flag_months)};
    const std::string unpaid = "i.state IN ('unpaid', 'partial') AND i.due_fen > i.paid_fen AND i.month >= $1 AND i.month <= $2";
    std::string sql;
    if (group_first) {
      sql = "SELECT o.path, m.id FROM (SELECT i.member_id FROM dues_items i WHERE " + unpaid +
            " GROUP BY i.member_id HAVING COUNT(*) >= $3) c JOIN members m ON m.id = c.member_id "
            "JOIN orgs o ON o.id = m.org_id WHERE m.status IN " + current_statuses_sql() + " AND ";
    } else {
      sql = "SELECT o.path, m.id FROM orgs o JOIN members m ON m.org_id = o.id WHERE m.status IN " +
            current_statuses_sql() + " AND (SELECT COUNT(*) FROM dues_items i WHERE i.member_id = m.id AND " + unpaid +
            ") >= $3 AND ";
    }
    sql += subtree_where(f, "o.path", params);
    if (page.after) {
      sql += " AND " + db::after_key(params, {"o.path", page.after_text(0)}, {"m.id", page.after_int(1)});
    }
    std::vector<std::pair<std::string, int64_t>> all;
    tx.query_each(sql, params, [&](const db::Row& r) { all.emplace_back(r.text(0), r.i64(1)); });
    std::sort(all.begin(), all.end());
    int64_t total = static_cast<int64_t>(all.size());
    if (page.after) {  // the total counts the whole list, not what follows the cursor
      db::Params cp(params.begin(), params.end() - 2);
      std::string csql = sql.substr(0, sql.rfind(" AND (o.path > "));
      total = tx.query_int("SELECT COUNT(*) FROM (" + csql + ") t", cp);
    }
    if (all.size() > static_cast<size_t>(page.limit + 1)) all.resize(static_cast<size_t>(page.limit + 1));
    struct Cand {
      std::string path, name, org_name;
      int64_t member_id, org_id;
    };
    std::vector<Cand> cands;
    for (const auto& [path, id] : all) {
      auto r = tx.query_one("SELECT m.name, o.id, o.name FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.id = $1", {id});
      if (r) cands.push_back(Cand{path, r->text(0), r->text(2), id, r->i64(1)});
    }
    // The whole history of the page's members: the run may be longer than N months.
    std::map<int64_t, std::vector<domain::MonthDues>> months;
    if (!cands.empty()) {
      db::Params ids;
      std::string in;
      for (const auto& c : cands) {
        ids.emplace_back(c.member_id);
        in += (in.empty() ? "" : ", ") + db::last_placeholder(ids);
      }
      for (const auto& r : tx.query("SELECT member_id, month, due_fen, paid_fen FROM dues_items WHERE member_id IN (" + in + ")", ids))
        if (auto ym = domain::YearMonth::parse(r.text(1)))
          months[r.i64(0)].push_back(domain::MonthDues{*ym, r.i64(2), r.i64(3)});
    }
    json::array items;
    for (const auto& c : cands) {
      const auto& ms = months[c.member_id];
      const domain::UnpaidRun run = domain::unpaid_run(ms, today, pack);
      int64_t owed = 0;
      for (const auto& m : ms)
        if (run.since && m.month >= *run.since && m.month <= last) owed += std::max<int64_t>(m.due_fen - m.paid_fen, 0);
      items.push_back(json::object{{"path", c.path},
                                   {"member_id", c.member_id},
                                   {"name", c.name},
                                   {"org_id", c.org_id},
                                   {"org_name", c.org_name},
                                   {"months", run.months},
                                   {"since", run.since ? json::value(run.since->iso()) : json::value(nullptr)},
                                   {"through", last.iso()},
                                   {"owed_fen", owed},
                                   {"flagged", run.flagged},
                                   {"rule_id", "R-F11"}});
    }
    json::object body = http::page_body(std::move(items), total, page.limit, [](const json::value& l) {
      return json::array{l.at("path"), l.at("member_id")};
    });
    for (auto& v : body["items"].as_array()) v.as_object().erase("path");
    body["org"] = f.base_json();
    body["as_of"] = today.iso();
    body["flag_months"] = pack.unpaid_flag_months;
    return body;
  });
}

// ---------------------------------------------------------------- reports

json::object DuesReportService::month_report(std::optional<int64_t> org, domain::YearMonth month, const http::Scope& scope) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    const Frame f = frame_of(tx, ctx_, org, scope);
    Sums total;
    const auto rows = fold_rows(f, sums_by_path_month(tx, f, month.iso(), month.iso()), total);
    // Periods of the subtree opened for the month, and how many are closed.
    db::Params params{month.iso()};
    const std::string where = subtree_where(f, "o.path", params);
    auto pr = tx.query_one("SELECT COUNT(*), COALESCE(SUM(CASE WHEN p.state = 'closed' THEN 1 ELSE 0 END), 0) "
                           "FROM dues_periods p JOIN orgs o ON o.id = p.org_id WHERE p.month = $1 AND " + where,
                           params);
    json::array items;
    for (size_t i = 0; i < f.rows.size(); ++i) {
      if (f.rows[i].hide_if_empty && rows[i].members == 0) continue;
      json::object j = f.rows[i].head();
      for (auto& kv : rows[i].to_json()) j[kv.key()] = kv.value();
      items.push_back(std::move(j));
    }
    json::object t = total.to_json();
    t["org_name"] = "合计";
    return json::object{{"org", f.base_json()},
                        {"month", month.iso()},
                        {"as_of", ctx_.today().iso()},
                        {"periods", pr ? pr->i64(0) : 0},
                        {"periods_closed", pr ? pr->i64(1) : 0},
                        {"items", std::move(items)},
                        {"total", std::move(t)}};
  });
}

namespace detail {

YearData year_data(db::Tx& tx, ModuleContext& ctx, std::optional<int64_t> org, int year, const http::Scope& scope) {
  YearData y;
  y.frame = frame_of(tx, ctx, org, scope);
  const std::string ys = std::to_string(year);
  y.rows.assign(y.frame.rows.size(), {});
  const domain::Date today = ctx.today();
  y.last_ended = year < today.year ? 11 : year == today.year ? today.month - 2 : -1;
  for (const auto& s : sums_by_path_month(tx, y.frame, ys + "-01", ys + "-12")) {
    const int i = y.frame.row_of(s.path);
    if (i < 0) continue;
    auto ym = domain::YearMonth::parse(s.month);
    if (!ym || ym->month < 1 || ym->month > 12) continue;
    y.rows[i][ym->month - 1].add(s.sums);
    y.months[ym->month - 1].add(s.sums);
  }
  return y;
}

Sums year_sum(const std::array<Sums, 12>& months, int last_ended) {
  Sums s;
  int counted = -1;
  for (int m = 0; m < 12; ++m) {
    const Sums& x = months[m];
    s.due += x.due, s.paid += x.paid, s.unpaid += x.unpaid;
    if (x.members > 0 && (m <= last_ended || counted < 0 || counted > last_ended)) {
      s.members = x.members, s.exempt = x.exempt, s.paid_members = x.paid_members;
      counted = m;
    }
  }
  return s;
}

}  // namespace detail

json::object DuesReportService::year_report(std::optional<int64_t> org, int year, const http::Scope& scope) {
  year_checked(year);
  return ctx_.db.read_value([&](db::Tx& tx) {
    const YearData y = year_data(tx, ctx_, org, year, scope);
    json::array items;
    for (size_t i = 0; i < y.frame.rows.size(); ++i) {
      const Sums s = year_sum(y.rows[i], y.last_ended);
      if (y.frame.rows[i].hide_if_empty && s.due == 0 && s.members == 0) continue;
      json::object j = y.frame.rows[i].head();
      for (auto& kv : s.to_json()) j[kv.key()] = kv.value();
      json::array paid;
      for (const auto& m : y.rows[i]) paid.push_back(m.paid);
      j["paid_by_month"] = std::move(paid);
      items.push_back(std::move(j));
    }
    json::array months;
    for (int m = 0; m < 12; ++m) {
      json::object j = y.months[m].to_json();
      j["month"] = domain::YearMonth{year, m + 1}.iso();
      months.push_back(std::move(j));
    }
    json::object t = year_sum(y.months, y.last_ended).to_json();
    t["org_name"] = "合计";
    return json::object{{"org", y.frame.base_json()}, {"year", year},          {"as_of", ctx_.today().iso()},
                        {"months", std::move(months)}, {"items", std::move(items)}, {"total", std::move(t)}};
  });
}

namespace {

// The base a statement or a remittance is about: one organization, never several roots.
org::OrgRecord single_base(const Frame& f) {
  if (!f.base) throw http::bad_request("org_required", "请指定组织（org）", "org");
  return *f.base;
}

struct Voluntary {
  int64_t extra = 0, large = 0, large_count = 0;
};

Voluntary voluntary_of(db::Tx& tx, const Frame& f, int year) {
  db::Params params{std::to_string(year) + "-01-01", std::to_string(year + 1) + "-01-01"};
  const std::string where = subtree_where(f, "o.path", params);
  auto r = tx.query_one("SELECT COALESCE(SUM(p.extra_fen), 0), "
                        "COALESCE(SUM(CASE WHEN p.large_voluntary = 1 THEN p.extra_fen ELSE 0 END), 0), "
                        "COALESCE(SUM(CASE WHEN p.large_voluntary = 1 THEN 1 ELSE 0 END), 0) "
                        "FROM dues_payments p JOIN orgs o ON o.id = p.org_id "
                        "WHERE p.state = 'paid' AND p.paid_at >= $1 AND p.paid_at < $2 AND " + where,
                        params);
  return r ? Voluntary{r->i64(0), r->i64(1), r->i64(2)} : Voluntary{};
}

json::array remittance_rows(db::Tx& tx, int64_t org_id, int year, int64_t& sum) {
  json::array out;
  sum = 0;
  for (const auto& r : tx.query("SELECT id, amount_fen, remitted_on, reference, recorded_by_name, at FROM dues_remittances "
                                "WHERE org_id = $1 AND year = $2 ORDER BY remitted_on, id",
                                {org_id, static_cast<int64_t>(year)})) {
    sum += r.i64(1);
    out.push_back(json::object{{"id", r.i64(0)},
                               {"amount_fen", r.i64(1)},
                               {"remitted_on", r.text(2)},
                               {"reference", opt_json(r.opt_text(3))},
                               {"recorded_by", r.text(4)},
                               {"at", r.text(5)}});
  }
  return out;
}

}  // namespace

json::object DuesReportService::statement(std::optional<int64_t> org, int year, const http::Scope& scope) {
  year_checked(year);
  return ctx_.db.read_value([&](db::Tx& tx) {
    const YearData y = year_data(tx, ctx_, org, year, scope);
    const org::OrgRecord base = single_base(y.frame);
    const Voluntary v = voluntary_of(tx, y.frame, year);
    int64_t remitted = 0;
    remittance_rows(tx, base.id, year, remitted);
    const Sums s = year_sum(y.months, y.last_ended);
    // What a branch publishes: per month the number of members, of those who paid in full, the
    // amounts due and collected; no names and no per-member amounts.
    json::array months;
    for (int m = 0; m < 12; ++m) {
      const Sums& x = y.months[m];
      months.push_back(json::object{{"month", domain::YearMonth{year, m + 1}.iso()},
                                    {"members", x.members},
                                    {"paid_members", x.paid_members},
                                    {"due_fen", x.due},
                                    {"paid_fen", x.paid},
                                    {"rate", percent(x.paid, x.due)}});
    }
    const domain::Remittance share = domain::remittance(year, s.paid, ctx_.dues_rules);
    return json::object{{"org", y.frame.base_json()},
                        {"year", year},
                        {"title", base.name + std::to_string(year) + "年度党费收缴、使用和管理情况公示"},
                        {"as_of", ctx_.today().iso()},
                        {"months", std::move(months)},
                        {"due_fen", s.due},
                        {"collected_fen", s.paid},
                        {"unpaid_fen", s.unpaid},
                        {"rate", percent(s.paid, s.due)},
                        {"voluntary_fen", v.extra},
                        {"large_voluntary_fen", v.large},
                        {"large_voluntary_count", v.large_count},
                        {"remit_share_fen", share.amount_fen},
                        {"remitted_fen", remitted},
                        {"retained_fen", s.paid + v.extra - v.large - remitted},
                        {"usage_recorded", false}};
  });
}

json::object DuesReportService::remittance(std::optional<int64_t> org, int year, const http::Scope& scope) {
  year_checked(year);
  const domain::Date today = ctx_.today();
  return ctx_.db.read_value([&](db::Tx& tx) {
    const YearData y = year_data(tx, ctx_, org, year, scope);
    const org::OrgRecord base = single_base(y.frame);
    const Sums s = year_sum(y.months, y.last_ended);
    const Voluntary v = voluntary_of(tx, y.frame, year);
    const domain::DuesPack& pack = ctx_.dues_rules;
    const domain::Remittance share = domain::remittance(year, s.paid, pack);
    int64_t remitted = 0;
    json::array records = remittance_rows(tx, base.id, year, remitted);
    const domain::Date remind_from{year + 1, pack.remit_due_month, 1};
    const int64_t outstanding = std::max<int64_t>(share.amount_fen - remitted, 0);
    const char* state = outstanding == 0 && share.amount_fen > 0 ? "remitted"
                        : today > share.due                     ? "overdue"
                        : !(today < remind_from)                ? "due"
                                                                : "not_yet";
    return json::object{{"org", y.frame.base_json()},
                        {"year", year},
                        {"collected_fen", s.paid},
                        {"share_bp", pack.remit_share_bp},
                        {"amount_fen", share.amount_fen},
                        {"due", share.due.iso()},
                        {"remind_from", remind_from.iso()},
                        {"large_voluntary_fen", v.large},
                        {"remitted_fen", remitted},
                        {"outstanding_fen", outstanding},
                        {"state", state},
                        {"rule_id", "R-F10"},
                        {"records", std::move(records)}};
  });
}

json::object DuesReportService::record_remittance(http::JsonBody& b, const ChangeMeta& meta, const http::Scope& scope) {
  const int64_t org_id = b.integer("org_id");
  const int64_t year = b.integer("year");
  const int64_t amount = b.integer("amount_fen");
  const std::string on = b.str("remitted_on");
  const std::optional<std::string> reference = b.opt_str("reference");
  const domain::Date today = ctx_.today();
  if (b.has("year") && (year < 1921 || year > today.year)) b.add_error("year", "year.invalid", "年度应为今年或以前的年份");
  if (b.has("amount_fen") && amount <= 0) b.add_error("amount_fen", "amount_fen.invalid", "上缴金额应大于0");
  if (!on.empty()) {
    auto d = domain::Date::parse(on);
    if (!d) b.add_error("remitted_on", "remitted_on.invalid", "上缴日期格式应为 YYYY-MM-DD");
    else if (today < *d) b.add_error("remitted_on", "remitted_on.future", "上缴日期不能晚于今天");
    else if (d->year <= year) b.add_error("remitted_on", "remitted_on.before_year_end", "上缴日期应在该年度结束之后");
  }
  if (reference && reference->size() > 200) b.add_error("reference", "reference.too_long", "凭证号不能超过200个字符");
  b.finish();
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto o = org::OrgService(ctx_).find(tx, org_id);
    if (!o) throw http::not_found("组织");
    scope.require(o->path, "组织");
    const std::string now = now_timestamp();
    auto r = tx.query_one("INSERT INTO dues_remittances(org_id, year, amount_fen, remitted_on, reference, recorded_by_name, at) "
                          "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                          {org_id, year, amount, on, reference, meta.actor, now});
    const int64_t id = r->i64(0);
    json::object after{{"org_id", org_id}, {"year", year}, {"amount_fen", amount}, {"remitted_on", on},
                       {"reference", opt_json(reference)}};
    audit::record(tx, ctx_.cipher, meta,
                  {"dues.remit", "dues_remittance", std::to_string(id), org_id, std::nullopt, json::serialize(after)});
    after["id"] = id;
    after["recorded_by"] = meta.actor;
    after["at"] = now;
    return after;
  });
}

// ---------------------------------------------------------------- reconciliation

json::object DuesReportService::reconciliation(std::optional<int64_t> org, int pending_hours, const http::Scope& scope) {
  if (pending_hours < 1 || pending_hours > 24 * 90)
    throw http::bad_request("bad_parameter", "pending_hours 应为1到2160之间的整数", "pending_hours");
  const int64_t now = *parse_timestamp(now_timestamp());
  const std::string cutoff = timestamp_at(now - int64_t{3600} * pending_hours);
  constexpr int kListMax = 200;
  return ctx_.db.read_value([&](db::Tx& tx) {
    const Frame f = frame_of(tx, ctx_, org, scope);
    db::Params params;
    const std::string scoped = subtree_where(f, "o.path", params);
    const std::string from = " FROM dues_payments p JOIN orgs o ON o.id = p.org_id JOIN members m ON m.id = p.member_id ";
    const std::string online = "p.provider IS NOT NULL AND " + scoped;
    auto payment_json = [](const db::Row& r) {
      return json::object{{"id", r.i64(0)},          {"member_id", r.i64(1)},   {"name", r.text(2)},
                          {"org_name", r.text(3)},   {"provider", r.text(4)},   {"external_ref", opt_json(r.opt_text(5))},
                          {"amount_fen", r.i64(6)},  {"extra_fen", r.i64(7)},   {"state", r.text(8)},
                          {"created_at", r.text(9)}, {"paid_at", opt_json(r.opt_text(10))}};
    };
    const std::string cols =
        "SELECT p.id, p.member_id, m.name, o.name, p.provider, p.external_ref, p.amount_fen, p.extra_fen, p.state, "
        "p.created_at, p.paid_at";
    // Counts and sums of the online payments by state.
    json::object by_state;
    for (const auto& r : tx.query("SELECT p.state, COUNT(*), SUM(p.amount_fen)" + from + "WHERE " + online +
                                      " GROUP BY p.state ORDER BY p.state",
                                  params))
      by_state[r.text(0)] = json::object{{"count", r.i64(1)}, {"amount_fen", r.i64(2)}};
    // Paid, but the months it pays do not add up to the amount less the voluntary extra.
    json::array unallocated;
    int64_t unallocated_count = 0;
    {
      const std::string sql = " AND p.state = 'paid' AND p.amount_fen - p.extra_fen <> "
                              "COALESCE((SELECT SUM(a.amount_fen) FROM dues_allocations a WHERE a.payment_id = p.id), 0)";
      unallocated_count = tx.query_int("SELECT COUNT(*)" + from + "WHERE " + online + sql, params);
      for (const auto& r : tx.query(cols + ", COALESCE((SELECT SUM(a.amount_fen) FROM dues_allocations a WHERE a.payment_id = p.id), 0)" +
                                        from + "WHERE " + online + sql + " ORDER BY p.id LIMIT " + std::to_string(kListMax),
                                    params)) {
        json::object j = payment_json(r);
        j["allocated_fen"] = r.i64(11);
        unallocated.push_back(std::move(j));
      }
    }
    // Paid online, but the month's item shows less paid than the online allocations to it (the
    // callback reached the payment and not the ledger). Months not opened yet (a prepayment: no
    // item) are not counted.
    json::array items_short;
    int64_t items_short_count = 0;
    {
      const std::string sql =
          " FROM dues_allocations a JOIN dues_payments p ON p.id = a.payment_id JOIN orgs o ON o.id = p.org_id "
          "JOIN dues_items i ON i.member_id = a.member_id AND i.month = a.month JOIN members m ON m.id = a.member_id "
          "WHERE p.state = 'paid' AND " + online +
          " GROUP BY a.member_id, a.month, i.paid_fen, m.name, o.name HAVING i.paid_fen < SUM(a.amount_fen)";
      items_short_count = tx.query_int("SELECT COUNT(*) FROM (SELECT 1" + sql + ") t", params);
      for (const auto& r : tx.query("SELECT a.member_id, m.name, o.name, a.month, SUM(a.amount_fen), i.paid_fen" + sql +
                                        " ORDER BY a.member_id, a.month LIMIT " + std::to_string(kListMax),
                                    params))
        items_short.push_back(json::object{{"member_id", r.i64(0)},
                                           {"name", r.text(1)},
                                           {"org_name", r.text(2)},
                                           {"month", r.text(3)},
                                           {"allocated_fen", r.i64(4)},
                                           {"item_paid_fen", r.i64(5)}});
    }
    // Pending for longer than pending_hours with no callback logged for the reference.
    json::array stale;
    int64_t stale_count = 0;
    {
      db::Params p2 = params;
      p2.emplace_back(cutoff);
      const std::string sql = " AND p.state = 'pending' AND p.created_at < " + db::last_placeholder(p2) +
                              " AND NOT EXISTS (SELECT 1 FROM dues_callbacks c WHERE c.provider = p.provider AND "
                              "c.external_ref = p.external_ref)";
      stale_count = tx.query_int("SELECT COUNT(*)" + from + "WHERE " + online + sql, p2);
      for (const auto& r : tx.query(cols + from + "WHERE " + online + sql + " ORDER BY p.created_at, p.id LIMIT " +
                                        std::to_string(kListMax),
                                    p2))
        stale.push_back(payment_json(r));
    }
    // Callbacks: for a known payment of the subtree, amount mismatches and repeats; callbacks with
    // a reference no payment has belong to no organization and are shown only to a caller who sees the
    // whole tree and asked for no organization.
    json::array mismatched;
    int64_t mismatch_count = 0, duplicate_refs = 0, duplicate_callbacks = 0;
    {
      const std::string joined = " FROM dues_callbacks c JOIN dues_payments p ON p.provider = c.provider AND "
                                 "p.external_ref = c.external_ref JOIN orgs o ON o.id = p.org_id "
                                 "JOIN members m ON m.id = p.member_id WHERE " + scoped;
      const std::string mm = " AND c.amount_fen IS NOT NULL AND c.amount_fen <> p.amount_fen";
      mismatch_count = tx.query_int("SELECT COUNT(*)" + joined + mm, params);
      for (const auto& r : tx.query("SELECT c.id, c.provider, c.external_ref, c.amount_fen, c.status, c.received_at, p.id, "
                                    "p.amount_fen, m.name, o.name" + joined + mm + " ORDER BY c.id LIMIT " +
                                        std::to_string(kListMax),
                                    params))
        mismatched.push_back(json::object{{"callback_id", r.i64(0)}, {"provider", r.text(1)},
                                          {"external_ref", r.text(2)}, {"callback_amount_fen", r.i64(3)},
                                          {"status", r.text(4)},      {"received_at", r.text(5)},
                                          {"payment_id", r.i64(6)},   {"amount_fen", r.i64(7)},
                                          {"name", r.text(8)},        {"org_name", r.text(9)}});
      auto d = tx.query_one("SELECT COUNT(*), COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n" + joined +
                                " GROUP BY c.provider, c.external_ref HAVING COUNT(*) > 1) t",
                            params);
      if (d) duplicate_refs = d->i64(0), duplicate_callbacks = d->i64(1);
    }
    json::value unknown = nullptr;
    int64_t unknown_count = 0;
    const bool whole_tree = scope.everything && !org;
    if (whole_tree) {
      json::array list;
      const std::string sql = " FROM dues_callbacks c WHERE NOT EXISTS (SELECT 1 FROM dues_payments p WHERE "
                              "p.provider = c.provider AND p.external_ref = c.external_ref)";
      unknown_count = tx.query_int("SELECT COUNT(*)" + sql);
      for (const auto& r : tx.query("SELECT c.id, c.provider, c.external_ref, c.amount_fen, c.status, c.received_at" + sql +
                                    " ORDER BY c.id LIMIT " + std::to_string(kListMax)))
        list.push_back(json::object{{"callback_id", r.i64(0)},
                                    {"provider", r.text(1)},
                                    {"external_ref", r.text(2)},
                                    {"callback_amount_fen", opt_json(r.opt_i64(3))},
                                    {"status", r.text(4)},
                                    {"received_at", r.text(5)}});
      unknown = std::move(list);
    }
    return json::object{{"org", f.base_json()},
                        {"as_of", timestamp_at(now)},
                        {"pending_hours", pending_hours},
                        {"by_state", std::move(by_state)},
                        {"unallocated_count", unallocated_count},
                        {"unallocated", std::move(unallocated)},
                        {"items_short_count", items_short_count},
                        {"items_short", std::move(items_short)},
                        {"stale_pending_count", stale_count},
                        {"stale_pending", std::move(stale)},
                        {"amount_mismatch_count", mismatch_count},
                        {"amount_mismatch", std::move(mismatched)},
                        {"duplicate_refs", duplicate_refs},
                        {"duplicate_callbacks", duplicate_callbacks},
                        {"unknown_ref_count", whole_tree ? json::value(unknown_count) : json::value(nullptr)},
                        {"unknown_ref", std::move(unknown)},
                        {"list_max", kListMax}};
  });
}

}  // namespace lianxin::modules::dues
