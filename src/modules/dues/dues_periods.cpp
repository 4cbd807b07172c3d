// Monthly periods: opening a month for one branch or for every branch of a subtree fixes each owing
// member's dues_items row (category, base and rate in force, standard amount, an approved reduction,
// what prepayments already cover) in one write transaction; closing stops regular payments into it.
//
// Opening scales to a whole instance (1M members): the periods are inserted with one INSERT ...
// SELECT and marked (members = -1) until their totals are set, the inputs are read with four
// set-wise queries (members, bases, approved reductions, prepaid allocations of the month) and the
// items go in by Tx::bulk_insert (COPY on PostgreSQL) in chunks.
#include <algorithm>
#include <unordered_map>

#include "db/keyset.hpp"
#include "domain/enums.hpp"
#include "domain/org_hierarchy.hpp"
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/common/json_util.hpp"
#include "modules/common/subtree_sql.hpp"
#include "modules/dues/dues_common.hpp"
#include "modules/dues/dues_service.hpp"
#include "modules/org/org_service.hpp"

namespace lianxin::modules::dues {

namespace json = boost::json;
using domain::FieldError;
using domain::YearMonth;

namespace {

constexpr size_t kChunk = 20000;

const std::vector<std::string> kItemColumns = {"period_id", "org_id",   "month",        "member_id", "category",
                                               "base_fen",  "rate_bp",  "standard_fen", "due_fen",   "reduction_id",
                                               "rule_id",   "basis",    "paid_fen",     "paid_on",   "state"};

constexpr const char* kPeriodSelect =
    "SELECT p.id, p.org_id, o.name, o.path, p.month, p.state, p.pack_id, p.members, p.due_fen, p.opened_at, "
    "p.opened_by_name, p.closed_at, p.closed_by_name, p.version, "
    "(SELECT COALESCE(SUM(i.paid_fen), 0) FROM dues_items i WHERE i.period_id = p.id) "
    "FROM dues_periods p JOIN orgs o ON o.id = p.org_id ";

const char* period_state_label(const std::string& s) { return s == "open" ? "收缴中" : "已结账"; }

json::object period_json(const db::Row& r) {
  return json::object{{"id", r.i64(0)},
                      {"org", json::object{{"id", r.i64(1)}, {"name", r.text(2)}}},
                      {"month", r.text(4)},
                      {"state", r.text(5)},
                      {"state_label", period_state_label(r.text(5))},
                      {"pack_id", r.text(6)},
                      {"members", r.i64(7)},
                      {"due_fen", r.i64(8)},
                      {"paid_fen", r.i64(14)},
                      {"opened_at", r.text(9)},
                      {"opened_by", r.text(10)},
                      {"closed_at", opt_json(r.opt_text(11))},
                      {"closed_by", opt_json(r.opt_text(12))},
                      {"version", r.i64(13)}};
}

std::optional<db::Row> find_period(db::Tx& tx, int64_t id) {
  return tx.query_one(std::string(kPeriodSelect) + "WHERE p.id = $1", {id});
}

}  // namespace

DuesService::DuesService(ModuleContext& ctx, member::MemberService& members, std::string callback_secret)
    : ctx_(ctx), members_(members), callback_secret_(std::move(callback_secret)) {}

json::object DuesService::open(const OpenInput& in, const ChangeMeta& meta, const http::Scope& scope) {
  const YearMonth now = YearMonth::of(ctx_.today());
  std::vector<FieldError> errs;
  if (!in.org_id) errs.push_back({"org_id", "org_id.required", "党组织为必填项"});
  auto month = month_field(in.month, "month", "月份", true, errs);
  // A month is opened when collection starts: at the latest the coming month (collected ahead at
  // the end of this one); later months are prepaid, never opened early.
  if (month && *month > domain::add_months(now, 1))
    errs.push_back({"month", "dues.month_future", "只能开启本月或下月及以前的党费收缴"});
  if (!errs.empty()) throw http::validation_failed(errs);
  const std::string m = month->iso();

  // Two openings racing for the same branch and month: the unique index decides, the loser is 409.
  try {
    return open_in(in, m, *month, meta, scope);
  } catch (const db::DbError& e) {
    if (e.kind != db::DbError::Kind::unique_violation) throw;
    throw http::conflict("dues.period_open", "该月党费收缴已由他人同时开启，请刷新", "month");
  }
}

json::object DuesService::open_in(const OpenInput& in, const std::string& m, domain::YearMonth ym,
                                  const ChangeMeta& meta, const http::Scope& scope) {
  const auto& pack = ctx_.dues_rules;
  const std::optional<domain::YearMonth> month = ym;
  return ctx_.db.write_value([&](db::Tx& tx) {
    org::OrgService orgs(ctx_);
    auto org = orgs.find(tx, *in.org_id);
    if (!org) throw http::not_found("党组织");
    scope.require(org->path, "党组织");
    const std::string now_ts = now_timestamp();
    db::Params p{m, pack.id, now_ts, meta.actor};
    std::string which;
    if (!in.subtree) {
      if (!domain::org_kind_holds_members(org->kind))
        throw http::validation_failed({{"org_id", "org.not_branch", "只能为党支部开启党费收缴；上级党组织请选择“含下级”"}});
      if (org->dissolved()) throw http::validation_failed({{"org_id", "org.dissolved", "该党组织已撤销"}});
      p.emplace_back(org->id);
      which = "o.id = " + db::last_placeholder(p);
    } else {
      which = within_subtrees("o.path", {org->path}, p) +
              " AND o.dissolved_date IS NULL AND o.kind IN ('branch', 'joint_branch', 'temporary_branch')";
    }
    const int64_t opened = tx.exec(
        "INSERT INTO dues_periods (org_id, month, state, pack_id, members, due_fen, opened_at, opened_by_name, version) "
        "SELECT o.id, CAST($1 AS TEXT), 'open', CAST($2 AS TEXT), -1, 0, CAST($3 AS TEXT), CAST($4 AS TEXT), 1 "
        "FROM orgs o WHERE " + which +
            " AND NOT EXISTS (SELECT 1 FROM dues_periods x WHERE x.org_id = o.id AND x.month = $1)",
        p);
    if (opened == 0) {
      if (!in.subtree) throw http::conflict("dues.period_open", "该党支部" + m + "的党费收缴已开启", "month");
      throw http::conflict("dues.period_open", "所选范围内的党支部" + m + "的党费收缴均已开启（或没有党支部）", "month");
    }
    // The periods just inserted are the ones marked members = -1 for this month.
    std::unordered_map<int64_t, int64_t> period_of;  // org id -> period id
    for (const auto& r : tx.query("SELECT id, org_id FROM dues_periods WHERE month = $1 AND members = -1", {m}))
      period_of.emplace(r.i64(1), r.i64(0));

    const std::string marked = " JOIN dues_periods p ON p.org_id = m.org_id AND p.month = $1 AND p.members = -1 ";
    std::unordered_map<int64_t, std::vector<BaseRow>> bases;
    tx.query_each("SELECT b.member_id, " + std::string(kBaseColumns) + " FROM dues_bases b JOIN members m ON m.id = "
                  "b.member_id" + marked + "WHERE b.first_received <= $1 ORDER BY b.member_id, b.first_received, b.id",
                  {m}, [&](const db::Row& r) { bases[r.i64(0)].push_back(base_row(r, 1)); });
    std::unordered_map<int64_t, Reduction> reductions;  // the latest approved one covering the month
    for (const auto& r : tx.query("SELECT member_id, id, kind, monthly_fen, from_month, to_month FROM dues_reductions "
                                  "WHERE state = 'approved' AND from_month <= $1 AND to_month >= $1 ORDER BY id",
                                  {m}))
      reductions[r.i64(0)] = Reduction{r.i64(1), r.text(2), r.i64(3), r.text(4), r.text(5)};
    struct Prepaid {
      int64_t fen = 0;
      std::string on;
    };
    std::unordered_map<int64_t, Prepaid> prepaid;
    for (const auto& r : tx.query("SELECT a.member_id, SUM(a.amount_fen), MAX(y.paid_at) FROM dues_allocations a "
                                  "JOIN dues_payments y ON y.id = a.payment_id WHERE a.month = $1 AND y.state = 'paid' "
                                  "GROUP BY a.member_id",
                                  {m}))
      prepaid[r.i64(0)] = Prepaid{r.i64(1), r.text_or(2, "").substr(0, 10)};

    // Members that owe: on the rolls, admitted by then (R-F02), without an item for the month in
    // another branch (a member transferred after that branch opened it).
    std::vector<MemberBasics> owing;
    tx.query_each("SELECT " + std::string(kBasicsColumns) + " FROM members m" + marked + "WHERE m.status IN " +
                      kOwingStatuses +
                      " AND NOT EXISTS (SELECT 1 FROM dues_items i WHERE i.member_id = m.id AND i.month = $1) "
                      "ORDER BY m.id",
                  {m}, [&](const db::Row& r) {
                    MemberBasics b = basics_row(r);
                    if (owes_in(b, *month, pack)) owing.push_back(std::move(b));
                  });
    static const std::vector<BaseRow> kNone;
    std::vector<db::Params> rows;
    rows.reserve(std::min(owing.size(), kChunk));
    int64_t members_n = 0, due_total = 0;
    for (const auto& mb : owing) {
      auto bit = bases.find(mb.id);
      Standard s = standard_for(mb, *month, bit == bases.end() ? kNone : bit->second, pack);
      int64_t due = s.standard_fen;
      db::Value reduction_id;
      if (auto rit = reductions.find(mb.id); rit != reductions.end() && !s.no_base) {
        due = reduced_due(s.standard_fen, rit->second);
        reduction_id = rit->second.id;
      }
      int64_t paid = 0;
      db::Value paid_on;
      if (auto pit = prepaid.find(mb.id); pit != prepaid.end()) {
        paid = pit->second.fen;
        paid_on = pit->second.on;
      }
      const std::string state = item_state(s.no_base, due, paid);
      rows.push_back({period_of.at(mb.org_id), mb.org_id, m, mb.id, std::move(s.category), s.base_fen, s.rate_bp,
                      s.standard_fen, due, std::move(reduction_id), std::move(s.rule_id), std::move(s.basis), paid,
                      std::move(paid_on), state});
      ++members_n;
      due_total += due;
      if (rows.size() >= kChunk) {
        tx.bulk_insert("dues_items", kItemColumns, rows);
        rows.clear();
      }
    }
    if (!rows.empty()) tx.bulk_insert("dues_items", kItemColumns, rows);
    tx.exec("UPDATE dues_periods SET members = (SELECT COUNT(*) FROM dues_items i WHERE i.period_id = dues_periods.id), "
            "due_fen = (SELECT COALESCE(SUM(i.due_fen), 0) FROM dues_items i WHERE i.period_id = dues_periods.id) "
            "WHERE month = $1 AND members = -1",
            {m});
    json::object after{{"month", m},          {"org_id", org->id},  {"subtree", in.subtree},
                       {"periods", opened},   {"members", members_n}, {"due_fen", due_total},
                       {"pack_id", pack.id}};
    // One period: its id; a subtree: "<org id>/<month>" (the periods are many, the call is one).
    const std::string entity_id = in.subtree ? std::to_string(org->id) + "/" + m
                                             : std::to_string(period_of.begin()->second);
    audit::record(tx, ctx_.cipher, meta, {"dues.open", "dues_period", entity_id, org->id, std::nullopt,
                                          json::serialize(after)});
    json::object out = after;
    if (!in.subtree) out["period"] = period_json(*find_period(tx, period_of.begin()->second));
    return out;
  });
}

json::object DuesService::close(int64_t id, std::optional<int64_t> version, const ChangeMeta& meta,
                                const http::Scope& scope) {
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto r = find_period(tx, id);
    if (!r) throw http::not_found("党费收缴月份");
    scope.require(r->text(3), "党费收缴月份");
    if (r->text(5) != "open") throw http::conflict("dues.period_closed", "该月党费收缴已结账", "state");
    const int64_t v = r->i64(13);
    if (version && *version != v) throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试", "version");
    if (tx.exec("UPDATE dues_periods SET state = 'closed', closed_at = $1, closed_by_name = $2, version = version + 1 "
                "WHERE id = $3 AND version = $4",
                {now_timestamp(), meta.actor, id, v}) != 1)
      throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试", "version");
    audit::record(tx, ctx_.cipher, meta,
                  {"dues.close", "dues_period", std::to_string(id), r->i64(1),
                   json::serialize(json::object{{"state", "open"}}),
                   json::serialize(json::object{{"state", "closed"}, {"month", r->text(4)}})});
    return period_json(*find_period(tx, id));
  });
}

json::object DuesService::list_periods(const PeriodFilter& f, const http::Scope& scope, const http::PageRequest& page) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    std::string where = "1 = 1";
    db::Params params;
    if (auto roots = org::OrgService(ctx_).list_roots(tx, f.org_id, scope))
      where += " AND " + within_subtrees("o.path", *roots, params);
    if (f.month) {
      if (!YearMonth::parse(*f.month)) throw http::bad_request("bad_parameter", "month 应为 YYYY-MM", "month");
      params.emplace_back(*f.month);
      where += " AND p.month = " + db::last_placeholder(params);
    }
    if (f.state) {
      if (*f.state != "open" && *f.state != "closed")
        throw http::bad_request("bad_parameter", "state 只能是 open（收缴中）或 closed（已结账）", "state");
      params.emplace_back(*f.state);
      where += " AND p.state = " + db::last_placeholder(params);
    }
    const int64_t total =
        tx.query_int("SELECT COUNT(*) FROM dues_periods p JOIN orgs o ON o.id = p.org_id WHERE " + where, params);
    if (page.after) {
      where += " AND " + db::after_key(params, {"p.month", page.after_text(0)}, {"p.id", page.after_int(1)},
                                       db::Direction::descending);
    }
    params.emplace_back(static_cast<int64_t>(page.limit + 1));
    json::array items;
    for (const auto& r : tx.query(std::string(kPeriodSelect) + "WHERE " + where +
                                      " ORDER BY p.month DESC, p.id DESC LIMIT " + db::last_placeholder(params),
                                  params))
      items.push_back(period_json(r));
    return http::page_body(std::move(items), total, page.limit, [](const json::value& last) {
      return json::array{last.at("month"), last.at("id")};
    });
  });
}

json::object DuesService::period(int64_t id, const http::Scope& scope) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    auto r = find_period(tx, id);
    if (!r) throw http::not_found("党费收缴月份");
    scope.require(r->text(3), "党费收缴月份");
    json::object j = period_json(*r);
    json::object counts;
    for (const char* s : {"unpaid", "partial", "paid", "exempt", "no_base"}) counts[s] = 0;
    for (const auto& c : tx.query("SELECT state, COUNT(*) FROM dues_items WHERE period_id = $1 GROUP BY state", {id}))
      counts[c.text(0)] = c.i64(1);
    j["counts"] = std::move(counts);
    return j;
  });
}

json::object DuesService::items(int64_t period_id, std::optional<std::string> state, const http::Scope& scope,
                                const http::PageRequest& page) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    auto p = find_period(tx, period_id);
    if (!p) throw http::not_found("党费收缴月份");
    scope.require(p->text(3), "党费收缴月份");
    db::Params params{period_id};
    std::string where = "i.period_id = $1";
    if (state) {
      static const char* kStates[] = {"unpaid", "partial", "paid", "exempt", "no_base"};
      if (std::find(std::begin(kStates), std::end(kStates), *state) == std::end(kStates))
        throw http::bad_request("bad_parameter", "state 只能是 unpaid、partial、paid、exempt 或 no_base", "state");
      params.emplace_back(*state);
      where += " AND i.state = " + db::last_placeholder(params);
    }
    const int64_t total = tx.query_int("SELECT COUNT(*) FROM dues_items i WHERE " + where, params);
    if (page.after) {
      where += " AND " + db::after_key(params, {"i.member_id", page.after_int(0)});
    }
    params.emplace_back(static_cast<int64_t>(page.limit + 1));
    json::array items;
    for (const auto& r : tx.query(
             "SELECT i.id, i.member_id, m.name, i.month, i.category, i.base_fen, i.rate_bp, i.standard_fen, i.due_fen, "
             "i.reduction_id, i.rule_id, i.basis, i.paid_fen, i.paid_on, i.state FROM dues_items i "
             "JOIN members m ON m.id = i.member_id WHERE " + where + " ORDER BY i.member_id LIMIT " +
                 db::last_placeholder(params),
             params)) {
      const std::string st = r.text(14);
      const auto cat = domain::parse_dues_category(r.text(4));
      items.push_back(json::object{{"id", r.i64(0)},
                                   {"member", json::object{{"id", r.i64(1)}, {"name", r.text(2)}}},
                                   {"month", r.text(3)},
                                   {"category", r.text(4)},
                                   {"category_label", cat ? domain::dues_category_label(*cat) : ""},
                                   {"base_fen", r.i64(5)},
                                   {"rate_bp", r.i64(6)},
                                   {"standard_fen", r.i64(7)},
                                   {"due_fen", r.i64(8)},
                                   {"reduction_id", opt_json(r.opt_i64(9))},
                                   {"rule_id", r.text(10)},
                                   {"basis", r.text(11)},
                                   {"paid_fen", r.i64(12)},
                                   {"remaining_fen", std::max<int64_t>(r.i64(8) - r.i64(12), 0)},
                                   {"paid_on", opt_json(r.opt_text(13))},
                                   {"state", st},
                                   {"state_label", item_state_label(st)}});
    }
    json::object body = http::page_body(std::move(items), total, page.limit, [](const json::value& last) {
      return json::array{last.at("member").at("id")};
    });
    body["period"] = period_json(*p);
    return body;
  });
}

}  // namespace lianxin::modules::dues
