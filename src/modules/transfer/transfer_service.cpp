// Transfers inside the instance: create, list, detail with the timeline, and the three decisions.
// Every write runs in one transaction with its transition row and its audit record (called last);
// acceptance also moves the member through member::MemberService::move_in in that transaction.
#include "modules/transfer/transfer_service.hpp"
#include "modules/transfer/transfer_rows.hpp"

#include <array>

#include "db/keyset.hpp"
#include "domain/enums.hpp"
#include "domain/org_hierarchy.hpp"
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/common/json_util.hpp"
#include "modules/common/subtree_sql.hpp"
#include "modules/org/org_service.hpp"
#include "util/csv.hpp"

namespace lianxin::modules::transfer {

namespace json = boost::json;
using domain::TransferState;

namespace detail {

// The states this module uses, stored as the domain codes in lower case.
struct StateInfo {
  TransferState state;
  const char* code;
  const char* label;
};
constexpr std::array<StateInfo, 9> kStates = {{
    {TransferState::kDraft, "draft", "待转出党组织审批"},
    // Multi-hop paths (transfer_hops.cpp): between the sender's approval and the receiving branch.
    {TransferState::kInTransit, "in_transit", "逐级转递中"},
    {TransferState::kReturnedForCorrection, "returned", "转递中被退回"},
    {TransferState::kIssued, "issued", "待接收党组织接收"},
    {TransferState::kAccepted, "accepted", "已接收"},
    {TransferState::kRejected, "rejected", "接收党组织拒绝接收"},
    {TransferState::kCancelled, "cancelled", "转出党组织不同意转出"},
    // Letters across the instance boundary (transfer_letters.cpp): expired is shown, never stored.
    {TransferState::kReceiptReturned, "receipt_returned", "回执已办结"},
    {TransferState::kExpired, "expired", "介绍信已过期"},
}};

const StateInfo& info_of(const std::string& code) {
  for (const auto& s : kStates)
    if (code == s.code) return s;
  throw std::logic_error("unknown transfer state " + code);
}
const StateInfo& info_of(TransferState st) {
  for (const auto& s : kStates)
    if (s.state == st) return s;
  throw std::logic_error("unmapped transfer state");
}

domain::TransferState state_of(const std::string& code) { return info_of(code).state; }
const char* code_of(domain::TransferState s) { return info_of(s).code; }

// Labels of the states of outgoing / incoming cases, where the same code reads differently.
const char* label_of(const std::string& kind, const std::string& shown) {
  if (kind == "outgoing") {
    if (shown == "issued") return "介绍信已开出，待回执";
    if (shown == "expired") return "介绍信已过期，未收到回执";
    if (shown == "receipt_returned") return "已收到回执";
    if (shown == "cancelled") return "已撤销，未转出";
  } else if (kind == "incoming") {
    if (shown == "accepted") return "已接收，待寄回回执";
    if (shown == "receipt_returned") return "回执已寄回";
  }
  return info_of(shown).label;
}

// The state a case shows today: an outgoing letter past its last valid day without a receipt is
// expired (R-T08); everything else is as stored.
std::string shown_state(const TransferRow& t, domain::Date today) {
  if (t.kind != "outgoing" || !t.letter_last_valid_day) return t.state;
  const auto shown = domain::outgoing_letter_state(info_of(t.state).state, *domain::Date::parse(*t.letter_last_valid_day), today);
  return info_of(shown).code;
}

// The hops of one decision, each checked against the domain state machine (in the instance a
// letter issued is received at once: issued → received → accepted | rejected).
void require_path(std::initializer_list<TransferState> hops) {
  const TransferState* prev = nullptr;
  for (const auto& s : hops) {
    if (prev && !domain::transfer_transition_allowed(*prev, s))
      throw std::logic_error(std::string("transfer transition not allowed: ") + domain::transfer_state_code(*prev) +
                             " -> " + domain::transfer_state_code(s));
    prev = &s;
  }
}


const char* const kSelect =
    "SELECT t.id, t.member_id, t.from_org_id, t.to_org_id, t.version, t.member_name, t.requested_by, t.reason, "
    "t.state, t.requested_at, t.requested_by_name, t.created_at, t.updated_at, t.pending_since, t.approved_at, "
    "t.approved_by_name, t.decided_at, t.decided_by_name, t.refused_by, t.refusal_code, t.refusal_reason, "
    "t.moved_on, fo.path, fo.name, tor.path, tor.name, t.kind, t.outside_org_name, t.letter_no, t.letter_issued_on, "
    "t.letter_validity_days, t.letter_last_valid_day, t.dues_paid_to, t.receipt_due, t.receipt_on, "
    "t.receipt_org_name, t.member_status_before, t.path_kind "
    "FROM transfers t JOIN orgs fo ON fo.id = t.from_org_id JOIN orgs tor ON tor.id = t.to_org_id ";

TransferRow row_of(const db::Row& r) {
  TransferRow t;
  t.id = r.i64(0);
  t.member_id = r.i64(1);
  t.from_org_id = r.i64(2);
  t.to_org_id = r.i64(3);
  t.version = r.i64(4);
  t.member_name = r.text(5);
  t.requested_by = r.text(6);
  t.reason = r.text(7);
  t.state = r.text(8);
  t.requested_at = r.text(9);
  t.requested_by_name = r.text(10);
  t.created_at = r.text(11);
  t.updated_at = r.text(12);
  t.pending_since = r.opt_text(13);
  t.approved_at = r.opt_text(14);
  t.approved_by_name = r.opt_text(15);
  t.decided_at = r.opt_text(16);
  t.decided_by_name = r.opt_text(17);
  t.refused_by = r.opt_text(18);
  t.refusal_code = r.opt_text(19);
  t.refusal_reason = r.opt_text(20);
  t.moved_on = r.opt_text(21);
  t.from_path = r.text(22);
  t.from_name = r.text(23);
  t.to_path = r.text(24);
  t.to_name = r.text(25);
  t.kind = r.text(26);
  t.outside_org_name = r.opt_text(27);
  t.letter_no = r.opt_text(28);
  t.letter_issued_on = r.opt_text(29);
  t.letter_validity_days = r.opt_i64(30);
  t.letter_last_valid_day = r.opt_text(31);
  t.dues_paid_to = r.opt_text(32);
  t.receipt_due = r.opt_text(33);
  t.receipt_on = r.opt_text(34);
  t.receipt_org_name = r.opt_text(35);
  t.member_status_before = r.opt_text(36);
  t.path_kind = r.text(37);
  return t;
}

std::optional<TransferRow> find_row(db::Tx& tx, int64_t id) {
  auto r = tx.query_one(std::string(kSelect) + "WHERE t.id = $1", {id});
  if (!r) return std::nullopt;
  return row_of(*r);
}

void add_event(db::Tx& tx, int64_t transfer_id, const char* action, const std::optional<std::string>& from_state,
               const std::string& to_state, const std::optional<std::string>& reason_code,
               const std::optional<std::string>& reason, const ChangeMeta& meta, const std::string& at) {
  tx.exec("INSERT INTO transfer_events (transfer_id, action, from_state, to_state, reason_code, reason, actor_id, "
          "actor_name, at, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
          {transfer_id, std::string(action), from_state, to_state, reason_code, reason,
           meta.user_id ? db::Value(meta.user_id) : db::Value(), meta.actor, at, meta.request_id});
}

// Either party may read a case: 404 when the caller sees neither side, 403 when it sees one
// without the permission there.
void require_either(const http::Scope& scope, const TransferRow& t) {
  if (scope.contains_path(t.from_path) || scope.contains_path(t.to_path)) return;
  if (scope.sees_path(t.from_path) || scope.sees_path(t.to_path))
    throw http::forbidden("permission_denied", "没有权限执行此操作");
  throw http::not_found("转接");
}

std::optional<std::string> trimmed(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  const auto b = s->find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return std::nullopt;
  const auto e = s->find_last_not_of(" \t\r\n");
  return s->substr(b, e - b + 1);
}





json::object transfer_json(const TransferRow& t, const domain::TransferRulePack& rules, domain::Date today) {
  const StateInfo& st = info_of(t.state);
  const std::string shown = shown_state(t, today);
  json::value deadline = nullptr;
  bool overdue = false;
  if (t.pending_since) {
    auto d = domain::approval_deadline(*domain::Date::parse(*t.pending_since), today, rules);
    overdue = d.overdue;
    deadline = json::object{{"rule_id", "R-T13"}, {"due", d.due.iso()}, {"overdue", d.overdue}};
  }
  const bool sender = domain::sender_responsible(st.state);
  // Across the instance boundary the other side is a name only (id null, outside true).
  auto side = [&](int64_t id, const std::string& name, bool outside) {
    if (outside) return json::object{{"id", nullptr}, {"name", opt_json(t.outside_org_name)}, {"outside", true}};
    return json::object{{"id", id}, {"name", name}, {"outside", false}};
  };
  json::object j{
      {"id", t.id},
      {"kind", t.kind},
      {"path_kind", t.path_kind},
      {"member", json::object{{"id", t.member_id}, {"name", t.member_name}}},
      {"from_org", side(t.from_org_id, t.from_name, t.kind == "incoming")},
      {"to_org", side(t.to_org_id, t.to_name, t.kind == "outgoing")},
      {"requested_by", t.requested_by},
      {"reason", t.reason},
      {"state", shown},
      {"state_label", label_of(t.kind, shown)},
      // R-T04: the sending organization stays responsible until the receiver accepts.
      {"responsible_org_id", sender ? t.from_org_id : t.to_org_id},
      {"pending_since", opt_json(t.pending_since)},
      {"approval_deadline", deadline},
      {"overdue", overdue},
      {"requested_at", t.requested_at},
      {"requested_by_name", t.requested_by_name},
      {"approved_at", opt_json(t.approved_at)},
      {"approved_by", opt_json(t.approved_by_name)},
      {"decided_at", opt_json(t.decided_at)},
      {"decided_by", opt_json(t.decided_by_name)},
      {"refused_by", opt_json(t.refused_by)},
      {"refusal_code", opt_json(t.refusal_code)},
      {"refusal_reason", opt_json(t.refusal_reason)},
      {"moved_on", opt_json(t.moved_on)},
      {"version", t.version},
      {"created_at", t.created_at},
      {"updated_at", t.updated_at},
  };
  if (t.kind != "internal") {
    // The letter (R-T06, R-T08), 党费交到 and the receiving branch's first dues month (R-T14), and the
    // receipt: due one month after acceptance for an incoming case (R-T07).
    json::value dues_from = nullptr;
    if (t.dues_paid_to)
      if (auto ym = domain::YearMonth::parse(*t.dues_paid_to)) dues_from = domain::receiver_dues_from(*ym).iso();
    j["letter"] = json::object{{"no", opt_json(t.letter_no)},
                               {"issued_on", opt_json(t.letter_issued_on)},
                               {"validity_days", opt_json(t.letter_validity_days)},
                               {"last_valid_day", opt_json(t.letter_last_valid_day)}};
    j["dues_paid_to"] = opt_json(t.dues_paid_to);
    j["receiver_dues_from"] = dues_from;
    json::value due = nullptr;
    bool receipt_overdue = false;
    if (t.receipt_due) {
      auto d = domain::Date::parse(*t.receipt_due);
      receipt_overdue = today > *d;
      due = json::object{{"rule_id", "R-T07"}, {"due", *t.receipt_due}, {"overdue", receipt_overdue}};
    }
    j["receipt"] = json::object{{"due", due}, {"on", opt_json(t.receipt_on)}, {"org_name", opt_json(t.receipt_org_name)}};
    j["receipt_overdue"] = receipt_overdue;
  }
  return j;
}

// The decisions `write` (the caller's transfer.write scope) allows on the case now, so the console
// offers only those: the sender approves or refuses a draft, the receiver accepts or refuses an
// issued case. The server checks again on each decision.
json::array actions_for(const TransferRow& t, const http::Scope& write, const HopRow* pending) {
  // Across the instance boundary only the local side acts (transfer_letters.cpp): the sender of an
  // outgoing letter records its receipt, reissues or cancels it; the receiver of an incoming member
  // records the receipt sent back.
  if (t.kind == "outgoing")
    return t.state == "issued" && write.contains_path(t.from_path) ? json::array{"receipt", "reissue", "cancel"}
                                                                   : json::array{};
  if (t.kind == "incoming")
    return t.state == "accepted" && write.contains_path(t.to_path) ? json::array{"receipt"} : json::array{};
  // Multi-hop: only the organization of the hop the case waits at (or one above it) acts.
  if (t.path_kind == "multi_hop") {
    if (pending && pending->role == "forward" && write.contains_path(pending->org_path))
      return json::array{"forward", "return"};
    if (t.state == "issued" && write.contains_path(t.to_path)) return json::array{"accept", "refuse"};
    return {};
  }
  if (t.state == "draft" && write.contains_path(t.from_path)) return json::array{"approve", "refuse"};
  if (t.state == "issued" && write.contains_path(t.to_path)) return json::array{"accept", "refuse"};
  return {};
}

json::object detail_in(db::Tx& tx, const TransferRow& t, const domain::TransferRulePack& rules, domain::Date today,
                       const http::Scope* write) {
  json::object j = transfer_json(t, rules, today);
  const auto hops = t.path_kind == "multi_hop" ? load_hops(tx, t.id) : std::vector<HopRow>{};
  j["path"] = path_json(t, hops, rules, today);
  j["actions"] = write ? actions_for(t, *write, pending_hop(hops)) : json::array{};
  json::array timeline;
  for (const auto& r : tx.query("SELECT id, action, from_state, to_state, reason_code, reason, actor_name, at "
                                "FROM transfer_events WHERE transfer_id = $1 ORDER BY id",
                                {t.id})) {
    timeline.push_back(json::object{{"id", r.i64(0)},
                                    {"action", r.text(1)},
                                    {"from_state", opt_json(r.opt_text(2))},
                                    {"to_state", r.text(3)},
                                    {"reason_code", opt_json(r.opt_text(4))},
                                    {"reason", opt_json(r.opt_text(5))},
                                    {"actor", r.text(6)},
                                    {"at", r.text(7)}});
  }
  j["timeline"] = std::move(timeline);
  return j;
}

void check_version(const Decision& d, const TransferRow& t) {
  if (d.version && *d.version != t.version)
    throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试", "version");
}

[[noreturn]] void wrong_state(const TransferRow& t, const char* doing, domain::Date today) {
  throw http::conflict("transfer.state",
                       std::string("该转接当前状态为“") + label_of(t.kind, shown_state(t, today)) + "”，不能" + doing,
                       "state");
}

// Approval and acceptance inside the instance do not apply to letters across its boundary.
void require_internal(const TransferRow& t) {
  if (t.kind != "internal")
    throw http::conflict("transfer.kind", "转出或转入本系统以外党组织的介绍信不在本系统内审批、接收", "kind");
}

// Writes the new state columns; false when the version is stale (someone decided meanwhile).
bool store_state(db::Tx& tx, const TransferRow& t, const std::string& state,
                 const std::optional<std::string>& pending_since, const std::string& set_extra,
                 const db::Params& extra) {
  db::Params p = extra;
  p.emplace_back(state);
  const std::string s_state = db::last_placeholder(p);
  p.emplace_back(pending_since);
  const std::string s_pending = db::last_placeholder(p);
  const bool open = state == "draft" || state == "in_transit" || state == "issued";
  p.emplace_back(open ? db::Value(t.member_id) : db::Value());
  const std::string s_open = db::last_placeholder(p);
  p.emplace_back(now_timestamp());
  const std::string s_now = db::last_placeholder(p);
  p.emplace_back(t.id);
  const std::string s_id = db::last_placeholder(p);
  p.emplace_back(t.version);
  const std::string s_version = db::last_placeholder(p);
  return tx.exec("UPDATE transfers SET " + set_extra + (set_extra.empty() ? "" : ", ") + "state = " + s_state +
                     ", pending_since = " + s_pending + ", open_member_id = " + s_open + ", updated_at = " + s_now +
                     ", version = version + 1 WHERE id = " + s_id + " AND version = " + s_version,
                 p) == 1;
}

// The record belongs to the side that acted (the audit trail is searched by organization).
void audit_transition(db::Tx& tx, ModuleContext& ctx, const ChangeMeta& meta, const char* action,
                      const TransferRow& before, int64_t acting_org_id, const json::object& after) {
  audit::record(tx, ctx.cipher, meta,
                {std::string("transfer.") + action, "transfer", std::to_string(before.id), acting_org_id,
                 json::serialize(json::object{{"state", before.state}, {"version", before.version}}),
                 json::serialize(after)});
}

}  // namespace detail

using namespace detail;

TransferService::TransferService(ModuleContext& ctx, member::MemberService& members, domain::TransferRulePack rules)
    : ctx_(ctx), members_(members), rules_(std::move(rules)) {
  members_.add_move_guard([](db::Tx& tx, int64_t member_id) {
    if (tx.query_one("SELECT id FROM transfers WHERE open_member_id = $1", {member_id}))
      throw http::conflict("transfer.open", "该党员有未办结的组织关系转接，接收党组织接收前不能调离转出党支部（R-T04）",
                           "org_id");
  });
}

json::object TransferService::create(const TransferInput& in, const ChangeMeta& meta, const http::Scope& scope) {
  const domain::Date today = ctx_.today();
  return ctx_.db.write_value([&](db::Tx& tx) {
    org::OrgService orgs(ctx_);
    std::vector<domain::FieldError> errs;
    std::optional<member::MemberRecord> m;
    std::optional<org::OrgRecord> from;
    if (!in.member_id) {
      errs.push_back({"member_id", "member_id.required", "转接的党员为必填项"});
    } else {
      auto subject = members_.subject_in_scope(tx, *in.member_id, scope, "办理组织关系转接");
      m = std::move(subject.member);
      from = std::move(subject.org);
      if (subject.not_current) errs.push_back(*subject.not_current);
    }
    std::optional<org::OrgRecord> to;
    if (!in.to_org_id) {
      errs.push_back({"to_org_id", "to_org_id.required", "接收党组织为必填项"});
    } else {
      // Any organization of the instance may receive: it need not lie in the caller's scope.
      to = orgs.find(tx, *in.to_org_id);
      if (!to) errs.push_back({"to_org_id", "org.not_found", "接收党组织不存在"});
      else if (to->dissolved()) errs.push_back({"to_org_id", "org.dissolved", "接收党组织已撤销"});
      else if (!domain::org_kind_holds_members(to->kind))
        errs.push_back({"to_org_id", "org.not_branch", "接收党组织应为党支部（含联合党支部、临时党支部）"});
      else if (from && to->id == from->id)
        errs.push_back({"to_org_id", "transfer.same_org", "接收党组织与党员所在党支部相同"});
    }
    auto reason = trimmed(in.reason);
    if (!reason) errs.push_back({"reason", "reason.required", "转接原因为必填项"});
    else if (util::utf8_length(*reason) > 200) errs.push_back({"reason", "reason.too_long", "转接原因不能超过200个字"});
    const std::string requested_by = trimmed(in.requested_by).value_or("branch");
    if (requested_by != "branch" && requested_by != "member")
      errs.push_back({"requested_by", "requested_by.invalid", "申请方只能是 member（党员本人）或 branch（党支部）"});
    if (!errs.empty()) throw http::validation_failed(errs);
    if (tx.query_one("SELECT id FROM transfers WHERE open_member_id = $1", {m->id}))
      throw http::conflict("transfer.open", "该党员已有未办结的组织关系转接", "member_id");
    // The path from the tree (R-T03 / R-T10): no hops = direct; 422 R-T10 when it cannot be routed.
    const auto hops = plan_route(tx, ctx_, from->path, to->path);
    const std::string path_kind = hops.empty() ? "direct" : "multi_hop";

    const std::string now = now_timestamp();
    const std::string state = info_of(TransferState::kDraft).code;
    const int64_t id = tx.query_int(
        "INSERT INTO transfers (member_id, open_member_id, member_name, from_org_id, to_org_id, requested_by, reason, "
        "state, pending_since, requested_at, requested_by_user, requested_by_name, version, created_at, updated_at, "
        "path_kind) VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $9, $9, $12) RETURNING id",
        {m->id, m->name, from->id, to->id, requested_by, *reason, state, today.iso(), now,
         meta.user_id ? db::Value(meta.user_id) : db::Value(), meta.actor, path_kind});
    insert_hops(tx, id, hops, today.iso());
    add_event(tx, id, "request", std::nullopt, state, std::nullopt, *reason, meta, now);
    json::object after{{"member_id", m->id},   {"from_org_id", from->id}, {"to_org_id", to->id},
                       {"requested_by", requested_by}, {"reason", *reason}, {"state", state},
                       {"path_kind", path_kind}};
    audit::record(tx, ctx_.cipher, meta,
                  {"transfer.create", "transfer", std::to_string(id), from->id, std::nullopt, json::serialize(after)});
    return detail_in(tx, *find_row(tx, id), rules_, today);
  });
}

json::object TransferService::detail(int64_t id, const http::Scope& scope, const http::Scope& write) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    auto t = find_row(tx, id);
    if (!t) throw http::not_found("转接");
    require_either(scope, *t);
    return detail_in(tx, *t, rules_, ctx_.today(), &write);
  });
}

json::object TransferService::approve(int64_t id, const Decision& d, const ChangeMeta& meta, const http::Scope& scope) {
  const domain::Date today = ctx_.today();
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto t = find_row(tx, id);
    if (!t) throw http::not_found("转接");
    scope.require(t->from_path, "转接");
    require_internal(*t);
    if (t->path_kind == "multi_hop")
      throw http::conflict("transfer.multi_hop", "该转接需逐级转递，请由当前环节的党组织办理“转递”", "path");
    check_version(d, *t);
    if (t->state != "draft") wrong_state(*t, "审批转出", today);
    require_path({TransferState::kDraft, TransferState::kIssued});
    const std::string now = now_timestamp();
    const std::string next = info_of(TransferState::kIssued).code;
    // Waiting for the receiver from today: the approval deadline (R-T13) starts again.
    if (!store_state(tx, *t, next, today.iso(), "approved_at = $1, approved_by_name = $2", {now, meta.actor}))
      throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试", "version");
    add_event(tx, id, "approve", t->state, next, std::nullopt, std::nullopt, meta, now);
    audit_transition(tx, ctx_, meta, "approve", *t, t->from_org_id, json::object{{"state", next}});
    return detail_in(tx, *find_row(tx, id), rules_, today, &scope);
  });
}

json::object TransferService::refuse(int64_t id, const Decision& d, const ChangeMeta& meta, const http::Scope& scope) {
  const domain::Date today = ctx_.today();
  // On a multi-hop case before it reaches the receiving branch, refusing is the current hop's
  // return (transfer_hops.cpp checks everything again in its own transaction).
  const bool hop_refusal = ctx_.db.read_value([&](db::Tx& tx) {
    auto t = find_row(tx, id);
    return t && t->path_kind == "multi_hop" && (t->state == "draft" || t->state == "in_transit");
  });
  if (hop_refusal) return send_back(id, d, meta, scope);
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto t = find_row(tx, id);
    if (!t) throw http::not_found("转接");
    if (t->kind != "internal") {
      require_either(scope, *t);
      require_internal(*t);
    }
    // Who decides depends on where the case is: the sender before it sent, the receiver after.
    const bool by_sender = t->state == "draft";
    if (by_sender) scope.require(t->from_path, "转接");
    else if (t->state == "issued") scope.require(t->to_path, "转接");
    else {
      require_either(scope, *t);
      wrong_state(*t, "拒绝", today);
    }
    check_version(d, *t);
    const std::string code = trimmed(d.reason_code).value_or("other");
    const std::string text = trimmed(d.reason).value_or("");
    if (auto f = domain::check_rejection(code, text)) throw http::validation_failed({{"reason", f->rule_id, f->message}});
    if (util::utf8_length(text) > 500)
      throw http::validation_failed({{"reason", "reason.too_long", "拒绝理由不能超过500个字"}});
    // Domain state machine: the sender ends a request it will not send (DRAFT → CANCELLED); the
    // receiver refuses a letter it has received (ISSUED → RECEIVED → REJECTED).
    TransferState to;
    if (by_sender) {
      require_path({TransferState::kDraft, TransferState::kCancelled});
      to = TransferState::kCancelled;
    } else {
      // A multi-hop case waiting at the receiving branch has been RECEIVED there already.
      if (t->path_kind == "multi_hop") require_path({TransferState::kReceived, TransferState::kRejected});
      else require_path({TransferState::kIssued, TransferState::kReceived, TransferState::kRejected});
      to = TransferState::kRejected;
    }
    const std::string now = now_timestamp();
    const std::string next = info_of(to).code;
    const std::string side = by_sender ? "sender" : "receiver";
    if (!store_state(tx, *t, next, std::nullopt,
                     "decided_at = $1, decided_by_name = $2, refused_by = $3, refusal_code = $4, refusal_reason = $5",
                     {now, meta.actor, side, code, text}))
      throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试", "version");
    if (t->path_kind == "multi_hop")
      tx.exec("UPDATE transfer_hops SET state = 'refused', decided_at = $1, decided_by_name = $2, reason_code = $3, "
              "note = $4 WHERE transfer_id = $5 AND state = 'pending'",
              {now, meta.actor, code, text, id});
    add_event(tx, id, "refuse", t->state, next, code, text, meta, now);
    audit_transition(tx, ctx_, meta, "refuse", *t, by_sender ? t->from_org_id : t->to_org_id,
                     json::object{{"state", next}, {"refused_by", side}, {"reason_code", code}, {"reason", text}});
    return detail_in(tx, *find_row(tx, id), rules_, today, &scope);
  });
}

json::object TransferService::accept(int64_t id, const Decision& d, const ChangeMeta& meta, const http::Scope& scope) {
  const domain::Date today = ctx_.today();
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto t = find_row(tx, id);
    if (!t) throw http::not_found("转接");
    scope.require(t->to_path, "转接");
    require_internal(*t);
    check_version(d, *t);
    if (t->state != "issued") wrong_state(*t, "接收", today);
    if (t->path_kind == "multi_hop") require_path({TransferState::kReceived, TransferState::kAccepted});
    else require_path({TransferState::kIssued, TransferState::kReceived, TransferState::kAccepted});
    // The member must still be where the case started, and still current.
    auto m = members_.find(tx, t->member_id);
    if (!m || m->org_id != t->from_org_id)
      throw http::conflict("transfer.member_moved", "党员已不在转出党支部，请转出党组织重新办理", "member_id");
    if (!domain::status_is_current(m->status))
      throw http::validation_failed({{"member_id", "member.not_current", "党员当前状态不能办理组织关系转接"}});
    members_.move_in(tx, t->member_id, t->to_org_id, today.iso(), "组织关系转接（转接编号" + std::to_string(id) + "）", meta);
    const std::string now = now_timestamp();
    const std::string next = info_of(TransferState::kAccepted).code;
    if (!store_state(tx, *t, next, std::nullopt, "decided_at = $1, decided_by_name = $2, moved_on = $3",
                     {now, meta.actor, today.iso()}))
      throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试", "version");
    if (t->path_kind == "multi_hop")
      tx.exec("UPDATE transfer_hops SET state = 'accepted', decided_at = $1, decided_by_name = $2 "
              "WHERE transfer_id = $3 AND state = 'pending'",
              {now, meta.actor, id});
    add_event(tx, id, "accept", t->state, next, std::nullopt, std::nullopt, meta, now);
    audit_transition(tx, ctx_, meta, "accept", *t, t->to_org_id,
                     json::object{{"state", next}, {"member_id", t->member_id}, {"to_org_id", t->to_org_id}, {"moved_on", today.iso()}});
    return detail_in(tx, *find_row(tx, id), rules_, today, &scope);
  });
}

json::object TransferService::create_own(int64_t member_id, TransferInput in, const ChangeMeta& meta) {
  auto path = ctx_.db.read_value([&](db::Tx& tx) { return members_.org_path_of(tx, member_id); });
  if (!path) throw http::not_found("党员档案");
  in.member_id = member_id;
  in.requested_by = "member";
  return create(in, meta, http::Scope{false, {*path}, false, {*path}});
}

json::object TransferService::list_own(int64_t member_id, const http::PageRequest& page) {
  TransferFilter f;
  f.member_id = member_id;
  return list(f, http::Scope::all(), page);
}

json::object TransferService::receiving_branches(const std::string& q, const http::PageRequest& page) {
  const auto text = trimmed(q);
  if (!text) throw http::bad_request("bad_parameter", "请输入党支部名称或编码（q）", "q");
  std::vector<std::string> kinds;
  for (const auto& k : domain::org_kinds())
    if (domain::org_kind_holds_members(std::string(k.code))) kinds.emplace_back(k.code);
  json::object body = org::OrgService(ctx_).search(*text, kinds, http::Scope::all(), page, false);
  json::array items;
  for (const auto& v : body.at("items").as_array()) {
    const auto& o = v.as_object();
    items.push_back(json::object{{"id", o.at("id")}, {"code", o.at("code")}, {"name", o.at("name")},
                                 {"kind", o.at("kind")}, {"kind_label", o.at("kind_label")}});
  }
  body["items"] = std::move(items);
  return body;
}

json::object TransferService::list(const TransferFilter& f, const http::Scope& scope, const http::PageRequest& page) {
  const domain::Date today = ctx_.today();
  return ctx_.db.read_value([&](db::Tx& tx) {
    std::string where = "1 = 1";
    db::Params params;
    const auto roots = org::OrgService(ctx_).list_roots(tx, f.org_id, scope);
    if (f.direction && *f.direction != "in" && *f.direction != "out")
      throw http::bad_request("bad_parameter", "direction 只能是 in（转入）或 out（转出）", "direction");
    if (roots) {
      auto within = [&](const char* col) { return within_subtrees(col, *roots, params); };
      // An outgoing letter has no receiving org here and an incoming one no sending org (both
      // org columns hold the local branch, migration 7).
      if (f.direction == "out") where += " AND " + within("fo.path") + " AND t.kind <> 'incoming'";
      else if (f.direction == "in") where += " AND " + within("tor.path") + " AND t.kind <> 'outgoing'";
      else {
        const std::string out = within("fo.path");
        where += " AND (" + out + " OR " + within("tor.path") + ")";
      }
    }
    if (f.kind) {
      if (*f.kind != "internal" && *f.kind != "outgoing" && *f.kind != "incoming")
        throw http::bad_request("bad_parameter", "kind 只能是 internal（系统内）、outgoing（转出本系统）或 incoming（外来转入）", "kind");
      params.emplace_back(*f.kind);
      where += " AND t.kind = " + db::last_placeholder(params);
    }
    if (f.state) {
      bool known = false;
      for (const auto& s : kStates) known = known || *f.state == s.code;
      if (!known)
        throw http::bad_request("bad_parameter",
                                "state 只能是 draft、in_transit、issued、accepted、rejected、cancelled、returned、"
                                "receipt_returned 或 expired",
                                "state");
      // expired is shown, not stored (R-T08): an outgoing letter still issued after its last valid day.
      auto past = [&] {
        params.emplace_back(today.iso());
        return "(t.kind = 'outgoing' AND t.letter_last_valid_day < " + db::last_placeholder(params) + ")";
      };
      if (*f.state == "expired") where += " AND t.state = 'issued' AND " + past();
      else {
        params.emplace_back(*f.state);
        where += " AND t.state = " + db::last_placeholder(params);
        if (*f.state == "issued") where += " AND NOT " + past();
      }
    }
    if (f.awaiting) {
      // The queues of one level: cases whose next decision belongs to an org in the subtree — the
      // sending side of a direct draft or the hop a multi-hop case waits at (待审批), the
      // receiving branch of an issued case (待接收; a multi-hop case is issued once it arrived).
      auto within = [&](const char* col) { return roots ? within_subtrees(col, *roots, params) : std::string("1 = 1"); };
      if (*f.awaiting == "approve") {
        const std::string direct = within("fo.path");
        const std::string hop = within("ho.path");
        where += " AND t.kind = 'internal' AND ((t.path_kind = 'direct' AND t.state = 'draft' AND " + direct +
                 ") OR (t.path_kind = 'multi_hop' AND EXISTS (SELECT 1 FROM transfer_hops h JOIN orgs ho ON "
                 "ho.id = h.org_id WHERE h.transfer_id = t.id AND h.state = 'pending' AND h.role = 'forward' AND " +
                 hop + ")))";
      } else if (*f.awaiting == "accept") {
        where += " AND t.kind = 'internal' AND t.state = 'issued' AND " + within("tor.path");
      } else {
        throw http::bad_request("bad_parameter", "awaiting 只能是 approve（待审批、待转递）或 accept（待接收）", "awaiting");
      }
    }
    if (f.member_id) {
      params.emplace_back(*f.member_id);
      where += " AND t.member_id = " + db::last_placeholder(params);
    }
    // Overdue (R-T13): today > pending_since + timeout  <=>  pending_since < today - timeout.
    const std::string cutoff = domain::add_days(today, -rules_.approval_timeout_days).iso();
    auto overdue_sql = [&](db::Params& p) {
      p.emplace_back(cutoff);
      return "(t.pending_since IS NOT NULL AND t.pending_since < " + db::last_placeholder(p) + ")";
    };
    const std::string from = " FROM transfers t JOIN orgs fo ON fo.id = t.from_org_id JOIN orgs tor ON tor.id = t.to_org_id WHERE ";
    db::Params od_params = params;
    const std::string od_where = where + " AND " + overdue_sql(od_params);
    const int64_t overdue = tx.query_int("SELECT COUNT(*)" + from + od_where, od_params);
    // Receipts of incoming cases not sent back within a month (R-T07): receipt_due < today.
    auto receipt_overdue_sql = [&](db::Params& p) {
      p.emplace_back(today.iso());
      return "(t.receipt_due IS NOT NULL AND t.receipt_due < " + db::last_placeholder(p) + ")";
    };
    db::Params ro_params = params;
    const std::string ro_where = where + " AND " + receipt_overdue_sql(ro_params);
    const int64_t receipt_overdue = tx.query_int("SELECT COUNT(*)" + from + ro_where, ro_params);
    if (f.receipt_overdue) {
      const std::string ro = receipt_overdue_sql(params);
      where += *f.receipt_overdue ? " AND " + ro : " AND NOT " + ro;
    }
    if (f.overdue) {
      const std::string od = overdue_sql(params);
      where += *f.overdue ? " AND " + od : " AND NOT " + od;
    }
    const int64_t total = tx.query_int("SELECT COUNT(*)" + from + where, params);
    if (page.after) {
      where += " AND " + db::after_key(params, {"t.id", page.after_int(0)});
    }
    params.emplace_back(static_cast<int64_t>(page.limit + 1));
    json::array items;
    for (const auto& r : tx.query(std::string(kSelect) + "WHERE " + where + " ORDER BY t.id LIMIT " +
                                      db::last_placeholder(params),
                                  params))
      items.push_back(transfer_json(row_of(r), rules_, today));
    json::object body = http::page_body(std::move(items), total, page.limit,
                                        [](const json::value& last) { return json::array{last.at("id")}; });
    body["overdue"] = overdue;
    body["receipt_overdue"] = receipt_overdue;
    return body;
  });
}

}  // namespace lianxin::modules::transfer
