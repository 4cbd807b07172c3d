// The six-month rule (党章 §9: 无正当理由连续六个月不参加党的组织生活): a list for the branch to look
// at, never an automatic decision.
//
// How months are counted: the six complete calendar months before the month of `date` (default
// today; 2026-11-21 looks at 2026-05 .. 2026-10). A member is flagged when, in each of those
// months, he or she was expected at one or more held meetings (a meeting_attendees row), was
// present at none, and at least one of them was missed without an approved leave. A month in which
// every missed meeting was covered by an approved leave is a reason, not an absence; a month
// without any meeting the member was expected at is not counted against him or her (the branch
// held nothing), so either breaks the six. Only current members (status) of the subtree are listed.
//
// Cost: members of the subtree (members(org_id)) → their attendance rows of the six months
// (meeting_attendees(member_id, meeting_date)) → the meeting by primary key, grouped per member;
// then one index read per listed member for the last attended date.
#include "modules/life/compliance_service.hpp"

#include <algorithm>

#include "domain/date.hpp"
#include "http/errors.hpp"
#include "modules/common/status_sql.hpp"
#include "modules/common/subtree_sql.hpp"
#include "modules/life/compliance_internal.hpp"

namespace lianxin::modules::life {

namespace json = boost::json;

json::object ComplianceService::absence_flags(std::optional<int64_t> org_id, const std::optional<std::string>& date,
                                              const http::Scope& scope, const http::PageRequest& page) {
  constexpr int kMonths = 6;
  const domain::Date today = detail::parse_date_param(date).value_or(ctx_.today());
  const domain::YearMonth first = domain::add_months(domain::YearMonth::of(today), -kMonths);
  const domain::YearMonth last = domain::add_months(domain::YearMonth::of(today), -1);
  std::optional<std::pair<std::string, int64_t>> after;
  if (page.after) after.emplace(page.after_text(0), page.after_int(1));
  return ctx_.db.read_value([&](db::Tx& tx) {
    db::Params params;
    const auto roots = orgs_.list_roots(tx, org_id, scope);
    const std::string where = roots ? within_subtrees("o.path", *roots, params) : "1 = 1";
    params.emplace_back(first.first_day().iso());
    const std::string from = db::last_placeholder(params);
    params.emplace_back(last.last_day().iso());
    const std::string to = db::last_placeholder(params);
    struct Hit {
      std::string path;
      int64_t member_id;
      std::string name;
      int64_t org_id;
      std::string org_name;
    };
    std::vector<Hit> hits;
    tx.query_each(
        "SELECT o.path, mem.id, mem.name, o.id, o.name FROM orgs o JOIN members mem ON mem.org_id = o.id "
        "JOIN meeting_attendees a ON a.member_id = mem.id AND a.meeting_date >= " + from + " AND a.meeting_date <= " + to +
            " JOIN meetings m ON m.id = a.meeting_id AND m.state = 'held' "
            "WHERE " + where + " AND mem.status IN " + current_statuses_sql() +
            " GROUP BY o.path, mem.id, mem.name, o.id, o.name "
            "HAVING max(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END) = 0 "
            "AND count(DISTINCT CASE WHEN a.status <> 'present' AND COALESCE(a.leave_state, '') <> 'approved' "
            "THEN substr(a.meeting_date, 1, 7) END) = " + std::to_string(kMonths),
        params, [&](const db::Row& r) { hits.push_back({r.text(0), r.i64(1), r.text(2), r.i64(3), r.text(4)}); });
    std::sort(hits.begin(), hits.end(),
              [](const Hit& a, const Hit& b) { return std::tie(a.path, a.member_id) < std::tie(b.path, b.member_id); });
    json::array items;
    for (const auto& h : hits) {
      if (after && std::make_pair(h.path, h.member_id) <= *after) continue;
      if (static_cast<int>(items.size()) > page.limit) break;
      auto lr = tx.query_one(
          "SELECT max(a.meeting_date) FROM meeting_attendees a JOIN meetings m ON m.id = a.meeting_id "
          "WHERE a.member_id = $1 AND a.status = 'present' AND m.state = 'held'",
          {h.member_id});
      const auto last_attended = lr ? lr->opt_text(0) : std::nullopt;
      items.push_back(json::object{
          {"member", json::object{{"id", h.member_id}, {"name", h.name}}},
          {"org", json::object{{"id", h.org_id}, {"name", h.org_name}, {"path", h.path}}},
          {"months", kMonths},
          {"from", first.iso()},
          {"to", last.iso()},
          {"last_attended", last_attended ? json::value(*last_attended) : json::value(nullptr)},
          {"note", "连续" + std::to_string(kMonths) + "个月（" + first.iso() + "至" + last.iso() +
                       "）有应参加的组织生活但均未参加且未请假获批，请支部核实情况（不自动处理）"}});
    }
    json::object body = http::page_body(std::move(items), static_cast<int64_t>(hits.size()), page.limit,
                                        [](const json::value& v) {
                                          return json::array{v.at("org").at("path"), v.at("member").at("id")};
                                        });
    body["window"] = json::object{{"from", first.iso()}, {"to", last.iso()}, {"months", kMonths}};
    return body;
  });
}

}  // namespace lianxin::modules::life
