// Member status reads (党籍状态, members.md §2, transfer.md §6): one member's status page with its
// event timeline and review flags, and the subtree list of reviews that are due. Writes are
// change_status / change_status_in in member_service.cpp. Nothing here changes a status: the
// flags only tell the organization when to decide (R-F12: never automatic).
#include <boost/json.hpp>

#include "db/keyset.hpp"
#include "domain/enums.hpp"
#include "domain/member_status.hpp"
#include "http/errors.hpp"
#include "modules/common/json_util.hpp"
#include "modules/common/subtree_sql.hpp"
#include "modules/member/member_repo.hpp"
#include "modules/member/member_service.hpp"
#include "modules/org/org_service.hpp"

namespace lianxin::modules::member {

namespace json = boost::json;

namespace {

std::string status_label(std::string_view code) {
  return std::string(domain::enum_label(domain::member_statuses(), code).value_or(code));
}

const char* review_label(std::string_view kind) {
  return kind == "suspension" ? "停止党籍审查" : kind == "removal" ? "除名审查" : "";
}

json::value kind_json(const ModuleContext& ctx, std::string_view to_status, const std::optional<std::string>& kind) {
  if (!kind) return nullptr;
  std::string label = domain::status_kind_label(to_status, *kind, ctx.member_status_rules);
  return json::value(label.empty() ? *kind : label);
}

json::object event_json(const ModuleContext& ctx, const repo::StatusEvent& e) {
  return json::object{{"id", e.id},
                      {"from_status", e.from_status},
                      {"from_label", status_label(e.from_status)},
                      {"to_status", e.to_status},
                      {"to_label", status_label(e.to_status)},
                      {"kind", opt_json(e.kind)},
                      {"kind_label", kind_json(ctx, e.to_status, e.kind)},
                      {"effective_date", e.effective_date},
                      {"reason", opt_json(e.reason)},
                      {"approver", opt_json(e.approver)},
                      {"lost_since", opt_json(e.lost_since)},
                      {"rule_id", e.rule_id},
                      {"table_version", e.table_version},
                      {"source", e.source},
                      {"recorded_at", e.recorded_at},
                      {"recorded_by_name", e.recorded_by_name},
                      {"request_id", opt_json(e.request_id)}};
}

json::array kind_options(const ModuleContext& ctx, domain::StatusKindList list) {
  json::array out;
  if (list == domain::StatusKindList::kLostContactCase) {
    for (const auto& [code, label] : ctx.member_status_rules.lost_contact_reasons)
      out.push_back(json::object{{"code", code}, {"label", label}});
    return out;
  }
  std::span<const domain::EnumValue> values = list == domain::StatusKindList::kExitKind ? domain::exit_kinds()
                                              : list == domain::StatusKindList::kSuspensionGround
                                                  ? domain::suspension_grounds()
                                                  : std::span<const domain::EnumValue>();
  for (const auto& v : values) out.push_back(json::object{{"code", v.code}, {"label", v.label}});
  return out;
}

}  // namespace

json::object MemberService::status_view(int64_t id, const http::Scope& scope) {
  MemberRecord m = get(id, scope);
  const domain::Date today = ctx_.today();
  return ctx_.db.read_value([&](db::Tx& tx) {
    auto events = repo::status_events(tx, id);
    json::array items;
    for (const auto& e : events) items.push_back(event_json(ctx_, e));
    // The review the status in force opens, computed with the rules in force (the list of due
    // reviews uses the date stored with the event).
    json::array reviews;
    if (!events.empty() && events.front().to_status == m.status) {
      const auto& e = events.front();
      auto lost = e.lost_since ? domain::Date::parse(*e.lost_since) : std::nullopt;
      if (auto rv = domain::review_for(e.to_status, e.kind, *domain::Date::parse(e.effective_date), lost,
                                       ctx_.member_status_rules))
        reviews.push_back(json::object{{"kind", rv->kind},
                                       {"label", review_label(rv->kind)},
                                       {"rule_id", rv->rule_id},
                                       {"due", rv->due.iso()},
                                       {"due_now", rv->due <= today},
                                       {"message", rv->message}});
    }
    json::array transitions;
    for (const auto* t : domain::transitions_from(m.status)) {
      const char* list = t->kind == domain::StatusKindList::kLostContactCase    ? "lost_contact_cases"
                         : t->kind == domain::StatusKindList::kSuspensionGround ? "suspension_grounds"
                         : t->kind == domain::StatusKindList::kExitKind         ? "exit_kinds"
                                                                                : nullptr;
      transitions.push_back(json::object{{"to", t->to},
                                         {"to_label", status_label(t->to)},
                                         {"name", t->name},
                                         {"rule_id", t->rule_id},
                                         {"kind_list", list ? json::value(list) : json::value(nullptr)},
                                         {"kinds", kind_options(ctx_, t->kind)},
                                         {"needs_since", t->needs_since},
                                         // 停止党籍: the date is needed for some grounds only
                                         {"offers_since", t->needs_since || t->to == "suspended"},
                                         {"needs_approver", t->needs_approver},
                                         {"needs_reason", t->needs_reason}});
    }
    return json::object{{"member_id", m.id},
                        {"name", m.name},
                        {"category", m.category},
                        {"status", m.status},
                        {"status_label", status_label(m.status)},
                        {"version", m.version},
                        {"table_version", domain::status_table().version},
                        {"events", std::move(items)},
                        {"reviews", std::move(reviews)},
                        {"transitions", std::move(transitions)}};
  });
}

json::object MemberService::status_reviews(std::optional<int64_t> org_id, const std::optional<std::string>& kind,
                                           const http::Scope& scope, const http::PageRequest& page) {
  if (kind && *kind != "suspension" && *kind != "removal")
    throw http::bad_request("bad_parameter", "kind 只能是 suspension 或 removal", "kind");
  const std::string today = ctx_.today().iso();
  return ctx_.db.read_value([&](db::Tx& tx) {
    db::Params params{today};
    // The event in force: the member's latest, and the member still has the status it set.
    std::string where =
        "e.id = (SELECT MAX(e2.id) FROM member_status_events e2 WHERE e2.member_id = e.member_id) "
        "AND m.status = e.to_status AND e.review_due IS NOT NULL AND e.review_due <= $1";
    if (const auto roots = org::OrgService(ctx_).list_roots(tx, org_id, scope))
      where += " AND " + within_subtrees("o.path", *roots, params);
    if (kind) {
      params.emplace_back(*kind);
      where += " AND e.review_kind = " + db::last_placeholder(params);
    }
    const std::string from =
        " FROM member_status_events e JOIN members m ON m.id = e.member_id JOIN orgs o ON o.id = m.org_id WHERE ";
    const int64_t total = tx.query_int("SELECT COUNT(*)" + from + where, params);
    if (page.after) {
      where += " AND " + db::after_key(params, {"e.review_due", page.after_text(0)}, {"m.id", page.after_int(1)});
    }
    params.emplace_back(static_cast<int64_t>(page.limit + 1));
    json::array items;
    for (const auto& r : tx.query(std::string("SELECT ") + repo::kStatusEventColumns +
                                      ", m.name, m.org_id, o.name" + from + where +
                                      " ORDER BY e.review_due, m.id LIMIT " + db::last_placeholder(params),
                                  params)) {
      const repo::StatusEvent e = repo::status_event_from_row(r);
      items.push_back(json::object{{"member_id", e.member_id},
                                   {"name", r.text(18)},
                                   {"org_id", r.i64(19)},
                                   {"org_name", r.text(20)},
                                   {"status", e.to_status},
                                   {"status_label", status_label(e.to_status)},
                                   {"review_kind", *e.review_kind},
                                   {"review_label", review_label(*e.review_kind)},
                                   {"rule_id", "R-F12"},
                                   {"due", *e.review_due},
                                   {"since", e.effective_date},
                                   {"lost_since", opt_json(e.lost_since)},
                                   {"kind", opt_json(e.kind)},
                                   {"kind_label", kind_json(ctx_, e.to_status, e.kind)}});
    }
    return http::page_body(std::move(items), total, page.limit, [](const json::value& last) {
      return json::array{last.at("due"), last.at("member_id")};
    });
  });
}

}  // namespace lianxin::modules::member
