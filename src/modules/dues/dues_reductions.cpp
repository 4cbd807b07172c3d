// R-F01 少交或免交: the branch proposes (dues.write), the higher 党委 decides (dues.approve over the
// proposing branch's parent; over the organization itself for a root). An approval needs the
// approval reference (BLOCK without one) and nobody decides their own proposal. An approved one
// changes due_fen of the member's items in still-open periods of its range at once, and every
// period opened later in the range (DuesService::open reads the approved reductions).
#include <unordered_set>

#include "db/keyset.hpp"
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/common/json_util.hpp"
#include "modules/common/subtree_sql.hpp"
#include "modules/dues/dues_common.hpp"
#include "modules/dues/dues_service.hpp"
#include "modules/org/org_service.hpp"
#include "util/csv.hpp"

namespace lianxin::modules::dues {

namespace json = boost::json;
using domain::FieldError;

namespace {

constexpr const char* kSelect =
    "SELECT r.id, r.member_id, m.name, r.org_id, o.name, o.path, o.parent_id, r.kind, r.monthly_fen, r.from_month, "
    "r.to_month, r.reason, r.state, r.proposed_by_name, r.proposed_at, r.approval_ref, r.decided_by_name, "
    "r.decided_at, r.decision_note, r.version FROM dues_reductions r JOIN members m ON m.id = r.member_id "
    "JOIN orgs o ON o.id = r.org_id ";

const char* state_label(const std::string& s) {
  if (s == "proposed") return "待审批";
  if (s == "approved") return "已批准";
  if (s == "rejected") return "未批准";
  return "";
}

json::object reduction_json(const db::Row& r) {
  return json::object{{"id", r.i64(0)},
                      {"member", json::object{{"id", r.i64(1)}, {"name", r.text(2)}}},
                      {"org", json::object{{"id", r.i64(3)}, {"name", r.text(4)}}},
                      {"kind", r.text(7)},
                      {"kind_label", r.text(7) == "exempt" ? "免交" : "少交"},
                      {"monthly_fen", r.i64(8)},
                      {"from_month", r.text(9)},
                      {"to_month", r.text(10)},
                      {"reason", r.text(11)},
                      {"state", r.text(12)},
                      {"state_label", state_label(r.text(12))},
                      {"proposed_by", r.text(13)},
                      {"proposed_at", r.text(14)},
                      {"approval_ref", opt_json(r.opt_text(15))},
                      {"decided_by", opt_json(r.opt_text(16))},
                      {"decided_at", opt_json(r.opt_text(17))},
                      {"decision_note", opt_json(r.opt_text(18))},
                      {"version", r.i64(19)}};
}

std::optional<db::Row> find(db::Tx& tx, int64_t id) { return tx.query_one(std::string(kSelect) + "WHERE r.id = $1", {id}); }

std::optional<std::string> trimmed(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  const auto b = s->find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return std::nullopt;
  return s->substr(b, s->find_last_not_of(" \t\r\n") - b + 1);
}

}  // namespace

json::object DuesService::propose_reduction(const ReductionInput& in, const ChangeMeta& meta, const http::Scope& scope) {
  std::vector<FieldError> errs;
  if (!in.member_id) errs.push_back({"member_id", "member_id.required", "党员为必填项"});
  if (!in.kind || (*in.kind != "reduce" && *in.kind != "exempt"))
    errs.push_back({"kind", "kind.invalid", "类型只能是 reduce（少交）或 exempt（免交）"});
  int64_t monthly = 0;
  if (in.kind == "reduce") {
    if (!in.monthly_fen) errs.push_back({"monthly_fen", "monthly_fen.required", "少交后的每月金额为必填项"});
    else if (*in.monthly_fen < 0) errs.push_back({"monthly_fen", "monthly_fen.negative", "每月金额不能为负数"});
    else monthly = *in.monthly_fen;
  }
  auto from = month_field(in.from_month, "from_month", "起始月份", true, errs);
  auto to = month_field(in.to_month, "to_month", "截止月份", true, errs);
  if (from && to && *to < *from) errs.push_back({"to_month", "to_month.before", "截止月份不能早于起始月份"});
  auto reason = trimmed(in.reason);
  if (!reason) errs.push_back({"reason", "reason.required", "请填写确有困难的情况（党支部讨论意见）"});
  else if (util::utf8_length(*reason) > 500) errs.push_back({"reason", "reason.too_long", "原因不能超过500个字"});
  if (!errs.empty()) throw http::validation_failed(errs);
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto m = members_.find(tx, *in.member_id);
    if (!m) throw http::not_found("党员");
    scope.require(*members_.org_path_of(tx, m->id), "党员");
    const int64_t id = tx.query_int(
        "INSERT INTO dues_reductions (member_id, org_id, kind, monthly_fen, from_month, to_month, reason, state, "
        "proposed_by_name, proposed_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, 'proposed', $8, $9, 1) RETURNING id",
        {m->id, m->org_id, *in.kind, monthly, from->iso(), to->iso(), *reason, meta.actor, now_timestamp()});
    audit::record(tx, ctx_.cipher, meta,
                  {"dues.reduction_propose", "dues_reduction", std::to_string(id), m->org_id, std::nullopt,
                   json::serialize(json::object{{"member_id", m->id},
                                                {"kind", *in.kind},
                                                {"monthly_fen", monthly},
                                                {"from_month", from->iso()},
                                                {"to_month", to->iso()}})});
    return reduction_json(*find(tx, id));
  });
}

json::object DuesService::list_reductions(std::optional<int64_t> org_id, std::optional<std::string> state,
                                          const http::Scope& scope, const http::PageRequest& page) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    std::string where = "1 = 1";
    db::Params params;
    if (auto roots = org::OrgService(ctx_).list_roots(tx, org_id, scope))
      where += " AND " + within_subtrees("o.path", *roots, params);
    if (state) {
      if (*state != "proposed" && *state != "approved" && *state != "rejected")
        throw http::bad_request("bad_parameter", "state 只能是 proposed、approved 或 rejected", "state");
      params.emplace_back(*state);
      where += " AND r.state = " + db::last_placeholder(params);
    }
    const int64_t total = tx.query_int(
        "SELECT COUNT(*) FROM dues_reductions r JOIN orgs o ON o.id = r.org_id WHERE " + where, params);
    if (page.after) {
      where += " AND " + db::after_key(params, {"r.id", page.after_int(0)}, db::Direction::descending);
    }
    params.emplace_back(static_cast<int64_t>(page.limit + 1));
    json::array items;
    for (const auto& r : tx.query(std::string(kSelect) + "WHERE " + where + " ORDER BY r.id DESC LIMIT " +
                                      db::last_placeholder(params),
                                  params))
      items.push_back(reduction_json(r));
    return http::page_body(std::move(items), total, page.limit,
                           [](const json::value& last) { return json::array{last.at("id")}; });
  });
}

json::object DuesService::decide_reduction(int64_t id, bool approve, const DecisionInput& in, const ChangeMeta& meta,
                                           const http::Scope& approve_scope) {
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto r = find(tx, id);
    if (!r) throw http::not_found("减免申请");
    // The higher organization decides: the parent of the proposing branch (the branch itself when
    // it is a root of the tree).
    std::string decider = r->text(5);
    if (auto parent = r->opt_i64(6))
      if (auto p = org::OrgService(ctx_).find(tx, *parent)) decider = p->path;
    // The proposing branch first (404 outside what the caller sees), then the deciding level.
    if (!approve_scope.sees_path(r->text(5))) throw http::not_found("减免申请");
    if (!approve_scope.contains_path(decider)) {
      if (!approve_scope.sees_path(decider)) throw http::not_found("减免申请");
      throw http::forbidden("dues.approve_upper", "党费减免须由上级党组织审批（R-F01）");
    }
    if (r->text(13) == meta.actor) throw http::forbidden("dues.own_proposal", "不能审批自己提出的减免申请");
    if (r->text(12) != "proposed") throw http::conflict("dues.reduction_decided", "该减免申请已审批", "state");
    if (in.version && *in.version != r->i64(19))
      throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试", "version");
    auto ref = trimmed(in.approval_ref);
    auto note = trimmed(in.note);
    if (approve && !ref)
      throw http::validation_failed({{"approval_ref", "R-F01", "批准党费减免须填写上级党委的批准文号（R-F01）"}});
    if (!approve && !note) throw http::validation_failed({{"note", "note.required", "请填写不予批准的理由"}});
    const std::string state = approve ? "approved" : "rejected";
    if (tx.exec("UPDATE dues_reductions SET state = $1, approval_ref = $2, decided_by_name = $3, decided_at = $4, "
                "decision_note = $5, version = version + 1 WHERE id = $6 AND version = $7",
                {state, ref, meta.actor, now_timestamp(), note, id, r->i64(19)}) != 1)
      throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试", "version");
    int64_t changed = 0;
    if (approve) {
      Reduction red{id, r->text(7), r->i64(8), r->text(9), r->text(10)};
      std::unordered_set<int64_t> periods;
      for (const auto& it : tx.query("SELECT i.id, i.standard_fen, i.paid_fen, i.period_id FROM dues_items i JOIN "
                                     "dues_periods p ON p.id = i.period_id WHERE i.member_id = $1 AND i.month >= $2 "
                                     "AND i.month <= $3 AND p.state = 'open' AND i.state <> 'no_base'",
                                     {r->i64(1), red.from_month, red.to_month})) {
        const int64_t due = reduced_due(it.i64(1), red);
        tx.exec("UPDATE dues_items SET due_fen = $1, reduction_id = $2, state = $3 WHERE id = $4",
                {due, id, item_state(false, due, it.i64(2)), it.i64(0)});
        periods.insert(it.i64(3));
        ++changed;
      }
      for (int64_t p : periods) refresh_period_totals(tx, p);
    }
    audit::record(tx, ctx_.cipher, meta,
                  {approve ? "dues.reduction_approve" : "dues.reduction_reject", "dues_reduction", std::to_string(id),
                   r->i64(3), json::serialize(json::object{{"state", "proposed"}}),
                   json::serialize(json::object{{"state", state},
                                                {"approval_ref", ref ? json::value(*ref) : nullptr},
                                                {"items_changed", changed}})});
    json::object out = reduction_json(*find(tx, id));
    out["items_changed"] = changed;
    return out;
  });
}

}  // namespace lianxin::modules::dues
