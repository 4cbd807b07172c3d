// The roster of a branch meeting (R-D15 N; members.md §2 rights matrix; R-M01): who counts in
// 应到会有表决权的正式党员 on the meeting date and why, so that the secretary does not type N.
//
// Standing on the date: 人员类别 from the full-member date (a 预备党员 never counts, R-N01/R-D21),
// 党籍状态 from the dated status events (停止党籍 excluded by default, vote.exclude_suspended_membership;
// 失联 still counts — the matrix excludes only the statuses it names, and a 失联 member is a full
// member with voting rights whom the branch should reach), members admitted after the date left
// out. A mobile member with a card votes at home (counted there), attends at the host without a vote
// (R-M01) — MobileService::rights_at_branch decides both. Branch membership is the member's current
// branch: a member moved between branches after the meeting date is shown at the new branch.
#include <set>

#include "domain/enums.hpp"
#include "domain/org_hierarchy.hpp"
#include "http/errors.hpp"
#include "modules/org/org_service.hpp"
#include "modules/recruit/recruit_service.hpp"

namespace lianxin::modules::recruit {

namespace json = boost::json;

namespace {

const char* category_label(const std::string& c) { return c == "full" ? "正式党员" : "预备党员"; }

std::string status_label(const std::string& s) {
  auto v = domain::find_enum(domain::member_statuses(), s);
  return v ? std::string(v->label) : s;
}

}  // namespace

RecruitService::Roster RecruitService::roster_in(db::Tx& tx, int64_t org_id, domain::Date date) {
  const std::string day = date.iso();
  Roster out;
  auto rights_of = [&](int64_t member_id, const domain::VoterStanding& base, bool home) {
    if (rights_) return rights_(tx, member_id, org_id, base);
    return domain::rights_at(base, home ? domain::BranchTie::kHome : domain::BranchTie::kNone);
  };
  auto add = [&](const member::MemberRecord& m, const domain::BranchRights& r, const domain::VoterStanding& s,
                 const char* tie) {
    if (r.counted_in_n) ++out.should_attend;
    out.entries.push_back(json::object{{"member_id", m.id},
                                       {"name", m.name},
                                       {"tie", tie},
                                       {"category", s.category},
                                       {"category_label", category_label(s.category)},
                                       {"status", s.status},
                                       {"status_label", status_label(s.status)},
                                       {"attends", r.attends},
                                       {"may_vote", r.may_vote},
                                       {"counted", r.counted_in_n},
                                       {"rule_id", r.rule_id.empty() ? json::value(nullptr) : json::value(r.rule_id)},
                                       {"note", r.note}});
  };
  auto standing = [&](const member::MemberRecord& m) {
    domain::VoterStanding s;
    s.category = m.category == "full" && (!m.full_date || *m.full_date <= day) ? "full" : "probationary";
    s.status = members_.status_on(tx, m, day);
    return s;
  };
  std::set<int64_t> seen;
  for (const auto& m : members_.of_branch(tx, org_id)) {
    if (m.join_date > day) continue;  // not yet a member on the meeting date
    const auto s = standing(m);
    if (!domain::status_is_current(s.status)) continue;  // out of the party (or transferred away) by then
    seen.insert(m.id);
    add(m, rights_of(m.id, s, true), s, "home");
  }
  if (hosted_)
    for (int64_t id : hosted_(tx, org_id)) {
      auto m = members_.find(tx, id);
      if (!m || seen.contains(id)) continue;
      const auto s = standing(*m);
      add(*m, rights_of(id, s, false), s, "card_host");
    }
  return out;
}

json::object RecruitService::roster(int64_t org_id, const std::optional<std::string>& date, const http::Scope& scope) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    org::OrgService orgs(ctx_);
    auto o = orgs.find(tx, org_id);
    if (!o) throw http::not_found("组织");
    scope.require(o->path, "组织");
    std::optional<domain::Date> d = date ? domain::Date::parse(*date) : std::optional(ctx_.today());
    if (!d) throw http::bad_request("bad_parameter", "date 格式应为YYYY-MM-DD", "date");
    if (!domain::org_kind_holds_members(o->kind))
      throw http::validation_failed({{"org", "org.not_branch", "只有党支部召开支部党员大会"}});
    Roster r = roster_in(tx, org_id, *d);
    return json::object{{"org_id", org_id},
                        {"org_name", o->name},
                        {"date", d->iso()},
                        {"should_attend", r.should_attend},
                        {"members", std::move(r.entries)}};
  });
}

}  // namespace lianxin::modules::recruit
