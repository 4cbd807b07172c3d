// The counting and colouring behind every compliance answer (compliance_internal.hpp).
#include "modules/life/compliance_internal.hpp"

#include <algorithm>

#include "domain/enums.hpp"
#include "http/errors.hpp"
#include "modules/common/status_sql.hpp"

namespace lianxin::modules::life::detail {

namespace json = boost::json;
using domain::MeetingType;
using domain::ObligationUnit;

Periods periods_at(const domain::OrgLifePack& pack, Date d) {
  Periods out;
  for (const auto& ob : pack.obligations) out[ob.type] = domain::period_of(ob.period, d);
  return out;
}

Periods previous_periods(const Periods& current) {
  Periods out;
  for (const auto& [type, p] : current) out[type] = domain::period_of(p.kind, domain::add_days(p.start, -1));
  return out;
}

std::vector<Branch> load_branches(db::Tx& tx, const std::string& where, const db::Params& params) {
  db::Params ps = params;
  std::string kinds;
  for (const auto& k : domain::org_kinds()) {
    if (!domain::org_kind_is_branch(k.code) && std::string_view(k.code) != "party_group") continue;
    ps.emplace_back(std::string_view(k.code));
    kinds += (kinds.empty() ? "" : ", ") + db::last_placeholder(ps);
  }
  // org_member_counts and org_terms are read here in bulk (as OrgService::subtree_warnings does):
  // a roll-up over thousands of branches cannot ask the org module one branch at a time.
  const std::string sql =
      "SELECT o.id, o.code, o.name, o.kind, o.path, o.parent_id, "
      "COALESCE(c.full_members, 0) + COALESCE(c.probationary_members, 0), "
      "(SELECT t.has_committee FROM org_terms t WHERE t.org_id = o.id ORDER BY t.elected_date DESC, t.id DESC LIMIT 1), "
      "s.theme_day FROM orgs o "
      "LEFT JOIN org_member_counts c ON c.org_id = o.id "
      "LEFT JOIN orglife_org_settings s ON s.org_id = o.id "
      "WHERE o.kind IN (" + kinds + ") AND o.dissolved_date IS NULL AND " + where + " ORDER BY o.path";
  std::vector<Branch> out;
  std::map<int64_t, size_t> at;  // branch id -> index
  struct Pending {
    int64_t parent;
    Group g;
    int members;
  };
  std::vector<Pending> groups;
  tx.query_each(sql, ps, [&](const db::Row& r) {
    if (r.text(3) == "party_group") {
      groups.push_back({r.opt_i64(5).value_or(0), {r.i64(0), r.text(2)}, static_cast<int>(r.i64(6))});
      return;
    }
    Branch b;
    b.id = r.i64(0);
    b.code = r.text(1);
    b.name = r.text(2);
    b.kind = r.text(3);
    b.path = r.text(4);
    b.population = static_cast<int>(r.i64(6));
    b.committee = r.opt_i64(7).value_or(0) != 0;
    if (auto d = r.opt_i64(8)) b.theme_day = static_cast<int>(*d);
    at[b.id] = out.size();
    out.push_back(std::move(b));
  });
  for (auto& p : groups) {  // path order: a branch precedes its groups, which keep their order
    auto it = at.find(p.parent);
    if (it == at.end()) continue;
    out[it->second].groups.push_back(std::move(p.g));
    out[it->second].population += p.members;
  }
  return out;
}

std::string late_cutoff(const Period& p) { return p.end.iso() + "T16:00:00Z"; }

std::string late_sql(const Periods& periods, db::Params& params) {
  std::string cases = "CASE mt.type";
  for (const auto& [type, p] : periods) {
    params.emplace_back(std::string(domain::meeting_type_code(type)));
    cases += " WHEN " + db::last_placeholder(params);
    params.emplace_back(late_cutoff(p));
    cases += " THEN " + db::last_placeholder(params);
  }
  return "(m.held_recorded_at IS NOT NULL AND m.held_recorded_at >= " + cases + " END)";
}

std::string in_periods_sql(const Periods& periods, Date upto, db::Params& params) {
  std::string sql;
  for (const auto& [type, p] : periods) {
    if (p.start > upto) continue;
    params.emplace_back(std::string(domain::meeting_type_code(type)));
    sql += (sql.empty() ? "(" : " OR ") + std::string("(mt.type = ") + db::last_placeholder(params);
    params.emplace_back(p.start.iso());
    sql += " AND mt.meeting_date >= " + db::last_placeholder(params);
    params.emplace_back(std::min(p.end, upto).iso());
    sql += " AND mt.meeting_date <= " + db::last_placeholder(params) + ")";
  }
  return sql.empty() ? "1 = 0" : sql + ")";
}

Tallies tally(db::Tx& tx, const std::string& where, const db::Params& params, const Periods& periods, Date upto,
              const domain::OrgLifePack& pack) {
  // Two passes: the 党小组's types over the 党小组, the branch types over the branches. One pass
  // over both would probe every (organization, type) pair: at the root of the 1M demo that is
  // 142k organizations × 7 types instead of 96k + 45k × 6 index seeks.
  Periods group_types, branch_types;  // R-L08 counts members (talk_coverage)
  for (const auto& ob : pack.obligations) {
    if (ob.unit == ObligationUnit::kMember || ob.severity == domain::Severity::kOff) continue;
    (ob.unit == ObligationUnit::kGroup ? group_types : branch_types)[ob.type] = periods.at(ob.type);
  }
  Tallies out;
  for (const bool groups : {false, true}) {
    const Periods& counted = groups ? group_types : branch_types;
    if (counted.empty()) continue;
    db::Params ps = params;
    const std::string late = late_sql(counted, ps);
    const std::string in = in_periods_sql(counted, upto, ps);
    const std::string sql =
        "SELECT mt.org_id, mt.type, "
        "sum(CASE WHEN " + late + " THEN 0 ELSE 1 END), "
        "sum(CASE WHEN " + late + " THEN 0 WHEN m.quorate = 0 THEN 1 ELSE 0 END), "
        "sum(CASE WHEN " + late + " THEN 0 WHEN m.quorate = 0 THEN 0 "
        "WHEN m.defects = '[]' AND m.review_state IS NULL THEN 1 ELSE 0 END), "
        "sum(CASE WHEN " + late + " THEN 1 ELSE 0 END), "
        "max(CASE WHEN " + late + " THEN NULL ELSE mt.meeting_date END) "
        "FROM orgs o JOIN meeting_types mt ON mt.org_id = o.id JOIN meetings m ON m.id = mt.meeting_id "
        "WHERE " + where + " AND o.kind " + (groups ? "=" : "<>") + " 'party_group' AND o.dissolved_date IS NULL "
        "AND mt.held = 1 AND m.state = 'held' AND " + in + " GROUP BY mt.org_id, mt.type";
    tx.query_each(sql, ps, [&](const db::Row& r) {
      Tally& t = out[{r.i64(0), r.text(1)}];
      t.on_time = static_cast<int>(r.i64(2));
      t.inquorate = static_cast<int>(r.i64(3));
      t.complete = static_cast<int>(r.i64(4));
      t.late = static_cast<int>(r.i64(5));
      t.last_date = r.opt_text(6);
    });
  }
  return out;
}

std::map<int64_t, int> talk_coverage(db::Tx& tx, const std::string& where, const db::Params& params,
                                     const Period& year, Date upto) {
  std::map<int64_t, int> out;
  if (year.start > upto) return out;
  db::Params ps = params;
  ps.emplace_back(year.start.iso());
  const std::string from = db::last_placeholder(ps);
  ps.emplace_back(std::min(year.end, upto).iso());
  const std::string to = db::last_placeholder(ps);
  ps.emplace_back(late_cutoff(year));
  const std::string cut = db::last_placeholder(ps);
  // A talk of the branch or of one of its 党小组 covers a current member of that branch (members
  // are registered in branches, never in 党小组): the member's organization is compared with the
  // meeting's branch instead of being looked up.
  const std::string branch_of = "CASE WHEN o.kind = 'party_group' THEN o.parent_id ELSE o.id END";
  const std::string sql =
      "SELECT " + branch_of + ", count(DISTINCT a.member_id) "
      "FROM orgs o JOIN meeting_types mt ON mt.org_id = o.id "
      "JOIN meetings m ON m.id = mt.meeting_id "
      "JOIN meeting_attendees a ON a.meeting_id = mt.meeting_id "
      "JOIN members mem ON mem.id = a.member_id "
      "WHERE " + where + " AND mt.type = 'talk' AND mt.held = 1 AND m.state = 'held' "
      "AND mt.meeting_date >= " + from + " AND mt.meeting_date <= " + to +
      " AND (m.held_recorded_at IS NULL OR m.held_recorded_at < " + cut + ") AND a.status = 'present' "
      "AND mem.org_id = " + branch_of + " AND mem.status IN " + current_statuses_sql() +
      " GROUP BY " + branch_of;
  tx.query_each(sql, ps, [&](const db::Row& r) { out[r.i64(0)] = static_cast<int>(r.i64(1)); });
  return out;
}

namespace {

// The held meetings domain::compliance reads, rebuilt from the counts: it needs per meeting only
// whether the record is complete / quorate and (R-L06's "normally in Q4") the date, for which the
// latest date of the period stands in.
domain::ComplianceInput input_of(const Tally* t, const Period& p) {
  domain::ComplianceInput in;
  in.period = p;
  if (!t || t->on_time == 0 || !t->last_date) return in;
  const Date d = Date::parse(*t->last_date).value_or(p.end);
  for (int i = 0; i < t->on_time; ++i) {
    domain::HeldMeeting h{d};
    if (i >= t->complete) {
      if (i < t->complete + t->inquorate) h.quorate = false;
      else h.minutes_ok = false;
    }
    in.held.push_back(h);
  }
  return in;
}

// domain::compliance leaves the reason empty while a period is open and outside the warning
// window; the page still says where the count stands and when the period ends.
void explain_open(domain::Compliance& c, const domain::Obligation& ob, const Period& p, Date today) {
  if (c.colour != domain::Colour::kNone || !c.reason.empty() || c.required == 0) return;
  const auto left = p.end.days_since_epoch() - today.days_since_epoch();
  c.reason = p.label() + domain::meeting_type_label(ob.type) + "尚未完成（" + std::to_string(c.count) + "/" +
             std::to_string(c.required) + "），期限" + p.end.iso() + (left > 0 ? "，还有" + std::to_string(left) + "天" : "");
  if (today < p.start) c.reason = p.label() + domain::meeting_type_label(ob.type) + "期间尚未开始";
}

const Tally* find(const Tallies& t, int64_t org, MeetingType type) {
  auto it = t.find({org, domain::meeting_type_code(type)});
  return it == t.end() ? nullptr : &it->second;
}

}  // namespace

int rank(domain::Colour c) {
  switch (c) {
    case domain::Colour::kRed: return 3;
    case domain::Colour::kYellow: return 2;
    case domain::Colour::kNone: return 1;
    case domain::Colour::kGreen: return 0;
  }
  return 1;
}

std::string colour_of(const Result& r) { return r.applicable ? domain::colour_code(r.c.colour) : "na"; }

std::vector<Result> evaluate(const Branch& b, const Tallies& t, const std::map<int64_t, int>& talks,
                             const Periods& periods, Date today, const domain::OrgLifePack& pack) {
  std::vector<Result> out;
  for (const auto& ob : pack.obligations) {
    Result r;
    r.ob = &ob;
    r.period = periods.at(ob.type);
    if (ob.severity == domain::Severity::kOff) {
      r.applicable = false;
      r.not_applicable = "按本平台设置不检查";
    } else if (ob.needs_committee && !b.committee) {
      r.applicable = false;
      r.not_applicable = "未设支部委员会（以最近一次换届记录为准），不适用";
    } else if (ob.unit == ObligationUnit::kGroup) {
      if (b.groups.empty()) {
        r.applicable = false;
        r.not_applicable = "本支部未设党小组，不适用";
      } else {
        // The branch's colour is the worst of its groups'; the count is the groups done.
        int done = 0;
        std::string missing;
        for (const auto& g : b.groups) {
          GroupResult gr{g, domain::compliance(ob, input_of(find(t, g.id, ob.type), r.period), today, pack), 0};
          explain_open(gr.c, ob, r.period, today);
          if (const Tally* x = find(t, g.id, ob.type)) gr.late = x->late;
          r.late += gr.late;
          if (gr.c.count >= gr.c.required) ++done;
          else missing += (missing.empty() ? "" : "、") + g.name;
          if (r.groups.empty() || rank(gr.c.colour) > rank(r.c.colour)) r.c.colour = gr.c.colour;
          r.groups.push_back(std::move(gr));
        }
        r.c.count = done;
        r.c.required = static_cast<int>(b.groups.size());
        r.c.reason = r.period.label() + "党小组会：" + std::to_string(done) + "/" + std::to_string(r.c.required) +
                     "个党小组已召开" + (missing.empty() ? "" : "，未召开：" + missing);
        for (const auto& gr : r.groups)
          if (gr.c.colour == r.c.colour && r.c.colour != domain::Colour::kGreen && r.c.colour != domain::Colour::kNone) {
            r.c.reason += "（" + gr.group.name + "：" + gr.c.reason + "）";
            break;
          }
      }
    } else if (ob.unit == ObligationUnit::kMember) {
      if (b.population == 0) {
        r.applicable = false;
        r.not_applicable = "本支部没有党员，不适用";
      } else {
        domain::ComplianceInput in;
        in.period = r.period;
        auto it = talks.find(b.id);
        in.covered = std::min(it == talks.end() ? 0 : it->second, b.population);
        in.population = b.population;
        r.c = domain::compliance(ob, in, today, pack);
        explain_open(r.c, ob, r.period, today);
      }
    } else {
      const Tally* x = find(t, b.id, ob.type);
      domain::ComplianceInput in = input_of(x, r.period);
      in.theme_day = b.theme_day;
      r.c = domain::compliance(ob, in, today, pack);
      explain_open(r.c, ob, r.period, today);
      if (x) r.late = x->late;
    }
    if (r.late > 0 && r.applicable)
      r.c.reason += "；另有" + std::to_string(r.late) + "次逾期补录，保留会议日期并标记为补录，不计入本期";
    out.push_back(std::move(r));
  }
  return out;
}

json::object period_json(const Period& p) {
  const char* kind = p.kind == domain::PeriodKind::kMonth ? "month" : p.kind == domain::PeriodKind::kQuarter ? "quarter" : "year";
  return {{"kind", kind}, {"label", p.label()}, {"start", p.start.iso()}, {"end", p.end.iso()}};
}

json::object branch_json(const Branch& b) {
  auto kind = domain::find_enum(domain::org_kinds(), b.kind);
  return {{"id", b.id}, {"code", b.code}, {"name", b.name}, {"kind", b.kind},
          {"kind_label", kind ? std::string(kind->label) : b.kind}, {"path", b.path}};
}

std::optional<Date> parse_date_param(const std::optional<std::string>& s, const char* field) {
  if (!s) return std::nullopt;
  auto d = Date::parse(*s);
  if (!d) throw http::bad_request("bad_parameter", std::string(field) + " 应为 YYYY-MM-DD 格式的日期", field);
  return d;
}

}  // namespace lianxin::modules::life::detail
