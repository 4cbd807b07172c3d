// Multi-hop (逐级) transfer paths (R-T03, R-T10, migration 12): the route computed from the tree
// when a case is created (domain::transfer_route), its stored hops, and the two decisions of a
// forwarding hop: forward to the next organization, or return the case with a reason. The final
// hop — the receiving branch — accepts or refuses through accept / refuse (transfer_service.cpp).
// Direct cases have no hops: the sending side approves, the receiving branch accepts.
#include "modules/transfer/transfer_rows.hpp"

#include "http/errors.hpp"
#include "modules/common/json_util.hpp"
#include "modules/common/tree_path.hpp"
#include "modules/org/org_service.hpp"
#include "util/csv.hpp"

namespace lianxin::modules::transfer {

namespace json = boost::json;
using domain::TransferState;

namespace detail {

namespace {

// The branch first, the root last (ids read from the materialized path "/1/5/23/").
std::vector<org::OrgRecord> chain_of(db::Tx& tx, org::OrgService& orgs, const std::string& path) {
  std::vector<int64_t> ids;
  std::string part;
  for (char c : path) {
    if (c != '/') {
      part += c;
      continue;
    }
    if (!part.empty()) ids.push_back(std::stoll(part));
    part.clear();
  }
  std::vector<org::OrgRecord> chain;
  for (auto it = ids.rbegin(); it != ids.rend(); ++it)
    if (auto o = orgs.find(tx, *it)) chain.push_back(*o);
  return chain;
}

std::vector<domain::TransferOrg> facts_of(const std::vector<org::OrgRecord>& chain) {
  std::vector<domain::TransferOrg> facts;
  for (const auto& o : chain) facts.push_back({o.kind, o.can_approve_probationary, o.can_transfer_directly, o.id});
  return facts;
}

const char* hop_state_label(const std::string& role, int64_t seq, const std::string& state) {
  if (state == "waiting") return "未到达";
  if (state == "pending") return role == "receive" ? "待接收" : "待办理";
  if (state == "forwarded") return seq == 1 ? "已同意转出" : "已转递";
  if (state == "returned") return "已退回";
  if (state == "accepted") return "已接收";
  if (state == "refused") return "已拒绝";
  return "";
}

const char* role_label(const std::string& role, const std::string& side, int64_t seq) {
  if (role == "receive") return "接收";
  if (seq == 1) return "审批转出";
  return side == "sender" ? "逐级上转" : "逐级下转";
}

json::object hop_json(const HopRow& h, const domain::TransferRulePack& rules, domain::Date today) {
  json::value deadline = nullptr;
  if (h.state == "pending" && h.arrived_on) {
    auto d = domain::approval_deadline(*domain::Date::parse(*h.arrived_on), today, rules);
    deadline = json::object{{"rule_id", "R-T13"}, {"due", d.due.iso()}, {"overdue", d.overdue}};
  }
  return json::object{{"seq", h.seq},
                      {"org", json::object{{"id", h.org_id ? json::value(h.org_id) : json::value(nullptr)}, {"name", h.org_name}}},
                      {"side", h.side},
                      {"role", h.role},
                      {"role_label", role_label(h.role, h.side, h.seq)},
                      {"state", h.state},
                      {"state_label", hop_state_label(h.role, h.seq, h.state)},
                      {"arrived_on", opt_json(h.arrived_on)},
                      {"deadline", deadline},
                      {"decided_at", opt_json(h.decided_at)},
                      {"decided_by", opt_json(h.decided_by_name)},
                      {"reason_code", opt_json(h.reason_code)},
                      {"note", opt_json(h.note)}};
}

void set_hop(db::Tx& tx, int64_t hop_id, const std::string& state, const std::optional<std::string>& decided_at,
             const std::optional<std::string>& by, const std::optional<std::string>& code,
             const std::optional<std::string>& note) {
  tx.exec("UPDATE transfer_hops SET state = $1, decided_at = $2, decided_by_name = $3, reason_code = $4, note = $5 "
          "WHERE id = $6",
          {state, decided_at, by, code, note, hop_id});
}

}  // namespace

std::vector<HopRow> load_hops(db::Tx& tx, int64_t transfer_id) {
  std::vector<HopRow> out;
  for (const auto& r : tx.query("SELECT h.id, h.seq, h.org_id, o.name, o.path, h.side, h.role, h.state, h.arrived_on, "
                                "h.decided_at, h.decided_by_name, h.reason_code, h.note FROM transfer_hops h "
                                "JOIN orgs o ON o.id = h.org_id WHERE h.transfer_id = $1 ORDER BY h.seq",
                                {transfer_id})) {
    out.push_back(HopRow{r.i64(0), r.i64(1), r.i64(2), r.text(3), r.text(4), r.text(5), r.text(6), r.text(7),
                         r.opt_text(8), r.opt_text(9), r.opt_text(10), r.opt_text(11), r.opt_text(12)});
  }
  return out;
}

const HopRow* pending_hop(const std::vector<HopRow>& hops) {
  for (const auto& h : hops)
    if (h.state == "pending") return &h;
  return nullptr;
}

std::vector<PlannedHop> plan_route(db::Tx& tx, ModuleContext& ctx, const std::string& from_path, const std::string& to_path) {
  org::OrgService orgs(ctx);
  const auto sender = chain_of(tx, orgs, from_path), receiver = chain_of(tx, orgs, to_path);
  const auto route = domain::transfer_route(facts_of(sender), facts_of(receiver));
  if (route.unroutable) {
    const bool from_side = *route.unroutable == "sender";
    throw http::validation_failed(
        {{from_side ? "member_id" : "to_org_id", "R-T10",
          std::string(from_side ? "转出" : "接收") +
              "党支部的上级中没有可以办理组织关系转接的党组织（有审批预备党员权限的基层党委，或设为“可直接转接”的党委），"
              "无法确定转接路径，请先在组织信息中设置"}});
  }
  std::vector<PlannedHop> out;
  for (const auto& h : route.hops)
    out.push_back({(h.receiving_side ? receiver : sender)[h.chain_index].id, h.receiving_side ? "receiver" : "sender",
                   h.receives ? "receive" : "forward"});
  return out;
}

void insert_hops(db::Tx& tx, int64_t transfer_id, const std::vector<PlannedHop>& hops, const std::string& today) {
  for (size_t i = 0; i < hops.size(); ++i) {
    const bool first = i == 0;
    tx.exec("INSERT INTO transfer_hops (transfer_id, seq, org_id, side, role, state, arrived_on) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7)",
            {transfer_id, static_cast<int64_t>(i + 1), hops[i].org_id, hops[i].side, hops[i].role,
             std::string(first ? "pending" : "waiting"), first ? db::Value(today) : db::Value()});
  }
}

json::value path_json(const TransferRow& t, const std::vector<HopRow>& hops, const domain::TransferRulePack& rules,
                      domain::Date today) {
  if (t.kind != "internal") return nullptr;
  json::array out;
  if (t.path_kind == "multi_hop") {
    for (const auto& h : hops) out.push_back(hop_json(h, rules, today));
    return json::object{{"kind", "multi_hop"}, {"kind_label", "逐级转接"}, {"hops", std::move(out)}};
  }
  // Direct (and every case from before migration 12): the sending side approves, the receiving
  // branch accepts — shown as two hops built from the case columns.
  HopRow send{0, 1, t.from_org_id, t.from_name, t.from_path, "sender", "forward", "pending"};
  HopRow recv{0, 2, t.to_org_id, t.to_name, t.to_path, "receiver", "receive", "waiting"};
  if (t.state == "draft") send.arrived_on = t.pending_since;
  if (t.state == "cancelled") {
    send.state = "returned";
    send.decided_at = t.decided_at;
    send.decided_by_name = t.decided_by_name;
    send.reason_code = t.refusal_code;
    send.note = t.refusal_reason;
  } else if (t.state != "draft") {
    send.state = "forwarded";
    send.decided_at = t.approved_at;
    send.decided_by_name = t.approved_by_name;
    recv.state = t.state == "issued" ? "pending" : t.state == "rejected" ? "refused" : "accepted";
    if (t.state == "issued") recv.arrived_on = t.pending_since;
    else {
      recv.decided_at = t.decided_at;
      recv.decided_by_name = t.decided_by_name;
      recv.reason_code = t.refusal_code;
      recv.note = t.refusal_reason;
    }
  }
  out.push_back(hop_json(send, rules, today));
  out.push_back(hop_json(recv, rules, today));
  return json::object{{"kind", "direct"}, {"kind_label", "直接转接"}, {"hops", std::move(out)}};
}

// Refuses a decision that belongs to the other kind of path.
void require_multi_hop(const TransferRow& t) {
  if (t.kind != "internal" || t.path_kind != "multi_hop")
    throw http::conflict("transfer.direct", "该转接为直接转接，由转出党组织审批、接收党组织接收，没有逐级转递环节", "path");
}

// A multi-hop case waiting at a forwarding hop that the caller may decide for: checked the same
// way for forwarding and for returning.
struct AtHop {
  TransferRow t;
  std::vector<HopRow> hops;
  size_t index = 0;  // of the pending hop
  const HopRow& hop() const { return hops[index]; }
};
AtHop at_forwarding_hop(db::Tx& tx, int64_t id, const Decision& d, const http::Scope& scope, const char* doing,
                        domain::Date today) {
  auto t = find_row(tx, id);
  if (!t) throw http::not_found("转接");
  require_either(scope, *t);
  require_multi_hop(*t);
  auto hops = load_hops(tx, id);
  const HopRow* cur = pending_hop(hops);
  if (!cur || cur->role != "forward") wrong_state(*t, doing, today);
  // The organization of this hop (or one above it) decides: 404/403 as every scope check.
  scope.require(cur->org_path, "转接");
  check_version(d, *t);
  const auto index = static_cast<size_t>(cur - hops.data());
  return AtHop{std::move(*t), std::move(hops), index};
}

}  // namespace detail

using namespace detail;

json::object TransferService::forward(int64_t id, const Decision& d, const ChangeMeta& meta, const http::Scope& scope) {
  const domain::Date today = ctx_.today();
  return ctx_.db.write_value([&](db::Tx& tx) {
    const AtHop at = at_forwarding_hop(tx, id, d, scope, "转递", today);
    const TransferRow* t = &at.t;
    const auto& hops = at.hops;
    const HopRow* cur = &at.hop();
    const HopRow& next = hops.at(static_cast<size_t>(cur->seq));  // seq is 1-based: the following hop
    const bool arrives = next.role == "receive";
    // Domain states: the sender issues the letter (DRAFT → ISSUED), every hop passes it on
    // (IN_TRANSIT per hop), and the receiving branch has it (RECEIVED, stored as issued: 待接收).
    if (t->state == "draft") require_path({TransferState::kDraft, TransferState::kIssued, TransferState::kInTransit});
    else require_path({TransferState::kInTransit, TransferState::kInTransit});
    if (arrives) require_path({TransferState::kInTransit, TransferState::kReceived});
    const std::string now = now_timestamp();
    const std::string next_state = arrives ? "issued" : "in_transit";
    const auto note = trimmed(d.reason);
    if (note && util::utf8_length(*note) > 500)
      throw http::validation_failed({{"reason", "reason.too_long", "办理意见不能超过500个字"}});
    // The next hop's approval deadline (R-T13) starts today; the first forward is the sender's approval.
    const bool first = t->state == "draft";
    if (!store_state(tx, *t, next_state, today.iso(), first ? "approved_at = $1, approved_by_name = $2" : "",
                     first ? db::Params{now, meta.actor} : db::Params{}))
      throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试", "version");
    set_hop(tx, cur->id, "forwarded", now, meta.actor, std::nullopt, note);
    tx.exec("UPDATE transfer_hops SET state = 'pending', arrived_on = $1 WHERE id = $2", {today.iso(), next.id});
    add_event(tx, id, "forward", t->state, next_state, std::nullopt,
              cur->org_name + " → " + next.org_name + (note ? "：" + *note : ""), meta, now);
    audit_transition(tx, ctx_, meta, "forward", *t, cur->org_id,
                     json::object{{"state", next_state}, {"hop", cur->seq}, {"to_org_id", next.org_id}});
    return detail_in(tx, *find_row(tx, id), rules_, today, &scope);
  });
}

json::object TransferService::send_back(int64_t id, const Decision& d, const ChangeMeta& meta, const http::Scope& scope) {
  const domain::Date today = ctx_.today();
  return ctx_.db.write_value([&](db::Tx& tx) {
    const AtHop at = at_forwarding_hop(tx, id, d, scope, "退回", today);
    const TransferRow* t = &at.t;
    const HopRow* cur = &at.hop();
    const std::string code = trimmed(d.reason_code).value_or("other");
    const std::string text = trimmed(d.reason).value_or("");
    if (auto f = domain::check_rejection(code, text)) throw http::validation_failed({{"reason", f->rule_id, f->message}});
    if (util::utf8_length(text) > 500)
      throw http::validation_failed({{"reason", "reason.too_long", "退回理由不能超过500个字"}});
    // The first hop will not send (DRAFT → CANCELLED, as a direct sender's refusal); a later hop
    // returns the letter it holds (IN_TRANSIT → RETURNED_FOR_CORRECTION). Both close the case: the
    // sender starts a new request once the problem is fixed.
    const bool by_sender = t->state == "draft";
    TransferState to = by_sender ? TransferState::kCancelled : TransferState::kReturnedForCorrection;
    if (by_sender) require_path({TransferState::kDraft, TransferState::kCancelled});
    else require_path({TransferState::kInTransit, TransferState::kReturnedForCorrection});
    const std::string now = now_timestamp();
    const std::string next = code_of(to);
    if (!store_state(tx, *t, next, std::nullopt,
                     "decided_at = $1, decided_by_name = $2, refused_by = $3, refusal_code = $4, refusal_reason = $5",
                     {now, meta.actor, cur->side, code, text}))
      throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试", "version");
    set_hop(tx, cur->id, "returned", now, meta.actor, code, text);
    add_event(tx, id, "return", t->state, next, code, cur->org_name + "：" + text, meta, now);
    audit_transition(tx, ctx_, meta, "return", *t, cur->org_id,
                     json::object{{"state", next}, {"hop", cur->seq}, {"reason_code", code}, {"reason", text}});
    return detail_in(tx, *find_row(tx, id), rules_, today, &scope);
  });
}

}  // namespace lianxin::modules::transfer
