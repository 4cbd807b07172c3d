// Compliance of a branch, the roll-up of a subtree, its drill-down list and the reminders. All
// of them evaluate branches the same way (compliance_eval.cpp): one query for the subtree's
// branches, one aggregate over meeting_types for the periods, one for 谈心谈话 coverage.
#include "modules/life/compliance_service.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>

#include "domain/enums.hpp"
#include "http/errors.hpp"
#include "modules/common/json_util.hpp"
#include "modules/common/subtree_sql.hpp"
#include "modules/life/compliance_internal.hpp"

namespace lianxin::modules::life {

namespace json = boost::json;
using namespace detail;

namespace detail {

struct Evaluated {
  Branch branch;
  std::vector<Result> results;
};
using EvaluatedList = std::shared_ptr<const std::vector<Evaluated>>;

// Upper-level evaluations of large subtrees, kept for a few minutes: the roll-up and the reminders
// at the root of a province read every branch (seconds of CPU each), and the dashboard card asks for
// them on every visit. Branch pages and small subtrees are always computed afresh.
struct EvalCache {
  explicit EvalCache(size_t min) : min_branches(min) {}
  const size_t min_branches;  // smaller subtrees are not kept
  static constexpr std::chrono::seconds kTtl{300};
  static constexpr size_t kMaxEntries = 64;
  struct Entry {
    std::chrono::steady_clock::time_point at;
    std::string computed_at;  // UTC timestamp, shown as 统计时间
    EvaluatedList value;
  };
  std::mutex mu;
  std::map<std::string, Entry> entries;
};

}  // namespace detail

namespace {

std::string cache_key(const std::string& where, const db::Params& params, const Periods& periods, Date today) {
  std::string key = where + '|' + today.iso();
  for (const auto& p : params) key += '|' + p.to_text();
  for (const auto& [type, period] : periods) key += '|' + period.start.iso();
  return key;
}

std::vector<Evaluated> evaluate_all(db::Tx& tx, const std::string& where, const db::Params& params,
                                    const Periods& periods, Date today, const domain::OrgLifePack& pack) {
  std::vector<Evaluated> out;
  auto branches = load_branches(tx, where, params);
  if (branches.empty()) return out;
  const Tallies t = tally(tx, where, params, periods, today, pack);
  const auto talks = talk_coverage(tx, where, params, periods.at(domain::MeetingType::kTalk), today);
  out.reserve(branches.size());
  for (auto& b : branches) {
    auto results = evaluate(b, t, talks, periods, today, pack);
    out.push_back({std::move(b), std::move(results)});
  }
  return out;
}

// evaluate_all, through the cache when the subtree is large (an upper level, never a branch).
EvaluatedList evaluate_cached(EvalCache& cache, db::Tx& tx, const std::string& where, const db::Params& params,
                              const Periods& periods, Date today, const domain::OrgLifePack& pack,
                              std::string& computed_at) {
  const std::string key = cache_key(where, params, periods, today);
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(cache.mu);
    auto it = cache.entries.find(key);
    if (it != cache.entries.end() && now - it->second.at < EvalCache::kTtl) {
      computed_at = it->second.computed_at;
      return it->second.value;
    }
  }
  computed_at = now_timestamp();
  auto value = std::make_shared<const std::vector<Evaluated>>(evaluate_all(tx, where, params, periods, today, pack));
  if (value->size() >= cache.min_branches) {
    std::lock_guard lock(cache.mu);
    std::erase_if(cache.entries, [&](const auto& e) { return now - e.second.at >= EvalCache::kTtl; });
    if (cache.entries.size() >= EvalCache::kMaxEntries) cache.entries.erase(cache.entries.begin());
    cache.entries[key] = {now, computed_at, value};
  }
  return value;
}

json::object obligation_head(const Result& r) {
  return {{"rule_id", r.ob->rule_id},
          {"type", domain::meeting_type_code(r.ob->type)},
          {"title", domain::meeting_type_label(r.ob->type)},
          {"tag", r.ob->tag},
          {"period", period_json(r.period)}};
}

json::object compliance_json(const domain::Compliance& c) {
  return {{"colour", domain::colour_code(c.colour)}, {"count", c.count}, {"required", c.required},
          {"reason", c.reason}, {"info", c.info}};
}

json::object counts_zero() { return {{"green", 0}, {"yellow", 0}, {"red", 0}, {"none", 0}, {"na", 0}}; }

const char* const kColours[] = {"green", "yellow", "red", "none", "na"};

void check_colour(const std::optional<std::string>& c) {
  if (!c) return;
  for (const char* k : kColours)
    if (*c == k) return;
  throw http::bad_request("bad_parameter", "colour 只能是 green、yellow、red、none 或 na", "colour");
}

void check_rule(const std::optional<std::string>& rule, const domain::OrgLifePack& pack) {
  if (!rule) return;
  for (const auto& ob : pack.obligations)
    if (ob.rule_id == *rule) return;
  throw http::bad_request("bad_parameter", "rule 应为 R-L01 至 R-L08 之一", "rule");
}

// The subtree a request covers: the branch it names, or the roots list_roots gives.
struct Target {
  std::optional<org::OrgRecord> org;
  std::string where;
  db::Params params;
  bool branch() const { return org && domain::org_kind_is_branch(org->kind); }
};

Target target(org::OrgService& orgs, db::Tx& tx, std::optional<int64_t> org_id, const http::Scope& scope) {
  Target t;
  const auto roots = orgs.list_roots(tx, org_id, scope);
  if (org_id) {
    t.org = orgs.find(tx, *org_id);
    if (!t.org) throw http::not_found("组织");
    if (t.org->kind == "party_group")
      throw http::bad_request("bad_parameter", "党小组的党小组会在所属党支部的合规情况中显示，请选择党支部或上级党组织", "org");
  }
  t.where = roots ? within_subtrees("o.path", *roots, t.params) : "1 = 1";
  return t;
}

json::object branch_view(db::Tx& tx, const Branch& b, const std::vector<Result>& results, const Periods& periods,
                         Date today) {
  // The meetings behind the counts, for the page (and the reviewer): late and rejected ones marked.
  db::Params ps;
  const std::string where = within_subtrees("o.path", {b.path}, ps);
  const std::string late = late_sql(periods, ps);
  const std::string in = in_periods_sql(periods, today, ps);
  std::map<std::string, json::array> meetings;  // by type code
  std::map<std::string, std::vector<std::string>> rejected;  // notes of on-time rejected records
  std::map<int64_t, std::string> org_names{{b.id, b.name}};
  for (const auto& g : b.groups) org_names[g.id] = g.name;
  tx.query_each(
      "SELECT m.id, mt.type, mt.org_id, mt.meeting_date, m.topic, m.defects, m.review_state, m.review_note, "
      "m.quorate, CASE WHEN " + late + " THEN 1 ELSE 0 END, m.version FROM orgs o "
      "JOIN meeting_types mt ON mt.org_id = o.id JOIN meetings m ON m.id = mt.meeting_id "
      "WHERE " + where + " AND o.dissolved_date IS NULL AND mt.held = 1 AND m.state = 'held' AND " + in +
      " ORDER BY mt.meeting_date, m.id",
      ps, [&](const db::Row& r) {
        const bool is_late = r.i64(9) != 0;
        const auto review = r.opt_text(6);
        const auto defects = parse_stored_json(r.opt_text(5));
        const bool inquorate = r.opt_i64(8) == 0;
        const bool complete = !inquorate && defects.is_array() && defects.as_array().empty() && !review;
        if (review == "rejected" && !is_late) rejected[r.text(1)].push_back(r.opt_text(7).value_or(""));
        meetings[r.text(1)].push_back(json::object{
            {"id", r.i64(0)}, {"org", json::object{{"id", r.i64(2)}, {"name", org_names[r.i64(2)]}}},
            {"date", r.text(3)}, {"topic", r.text(4)}, {"complete", complete}, {"defects", defects},
            {"quorate", r.opt_i64(8) ? json::value(*r.opt_i64(8) != 0) : json::value(nullptr)},
            {"review_state", opt_json(review)}, {"review_note", opt_json(r.opt_text(7))}, {"late", is_late},
            {"version", r.i64(10)}});
      });
  json::array items;
  json::object summary = counts_zero();
  for (const auto& r : results) {
    json::object o = obligation_head(r);
    domain::Compliance c = r.c;
    const std::string type = domain::meeting_type_code(r.ob->type);
    if (auto it = rejected.find(type); it != rejected.end() && c.colour == domain::Colour::kYellow)
      for (const auto& note : it->second) c.reason += "；会议记录被上级退回：" + note;
    o["applicable"] = r.applicable;
    o["colour"] = colour_of(r);
    for (auto& [k, v] : compliance_json(c))
      if (k != "colour") o[k] = v;
    if (!r.applicable) o["reason"] = r.not_applicable;
    o["late"] = r.late;
    if (r.ob->unit == domain::ObligationUnit::kGroup) {
      json::array groups;
      for (const auto& g : r.groups) {
        json::object gj = compliance_json(g.c);
        gj["org"] = json::object{{"id", g.group.id}, {"name", g.group.name}};
        gj["late"] = g.late;
        groups.push_back(std::move(gj));
      }
      o["groups"] = std::move(groups);
    }
    if (r.ob->unit == domain::ObligationUnit::kMember) {
      o["covered"] = r.c.count;
      o["population"] = r.c.required;
    }
    o["meetings"] = meetings.count(type) ? meetings[type] : json::array{};
    summary[colour_of(r)] = summary[colour_of(r)].as_int64() + 1;
    items.push_back(std::move(o));
  }
  return json::object{{"kind", "branch"},
                      {"org", branch_json(b)},
                      {"as_of", today.iso()},
                      {"theme_day", b.theme_day ? json::value(*b.theme_day) : json::value(nullptr)},
                      {"has_committee", b.committee},
                      {"members", b.population},
                      {"groups", static_cast<int64_t>(b.groups.size())},
                      {"summary", std::move(summary)},
                      {"obligations", std::move(items)}};
}

}  // namespace

ComplianceService::ComplianceService(ModuleContext& ctx, size_t cache_min_branches)
    : ctx_(ctx), orgs_(ctx), cache_(std::make_shared<detail::EvalCache>(cache_min_branches)) {}

json::object ComplianceService::compliance(std::optional<int64_t> org_id, const std::optional<std::string>& date,
                                           const std::optional<std::string>& as_of, const http::Scope& scope) {
  const Date today = parse_date_param(as_of, "as_of").value_or(ctx_.today());
  const auto& pack = ctx_.orglife_rules;
  const Periods periods = periods_at(pack, parse_date_param(date).value_or(today));
  return ctx_.db.read_value([&](db::Tx& tx) {
    Target t = target(orgs_, tx, org_id, scope);
    if (t.branch()) {
      auto one = evaluate_all(tx, t.where, t.params, periods, today, pack);
      if (one.empty()) throw http::not_found("党支部");  // dissolved
      return branch_view(tx, one.front().branch, one.front().results, periods, today);
    }
    std::string computed_at;
    const auto kept = evaluate_cached(*cache_, tx, t.where, t.params, periods, today, pack, computed_at);
    const auto& all = *kept;
    json::array obligations;
    for (size_t i = 0; i < pack.obligations.size(); ++i) {
      json::object counts = counts_zero();
      for (const auto& e : all) counts[colour_of(e.results[i])] = counts[colour_of(e.results[i])].as_int64() + 1;
      json::object o{{"rule_id", pack.obligations[i].rule_id},
                     {"type", domain::meeting_type_code(pack.obligations[i].type)},
                     {"title", domain::meeting_type_label(pack.obligations[i].type)},
                     {"tag", pack.obligations[i].tag},
                     {"period", period_json(periods.at(pack.obligations[i].type))},
                     {"counts", std::move(counts)}};
      obligations.push_back(std::move(o));
    }
    json::object summary = counts_zero();  // branches by their worst colour
    for (const auto& e : all) {
      std::string worst = "green";
      int best_rank = -1;
      for (const auto& r : e.results)
        if (r.applicable && rank(r.c.colour) > best_rank) best_rank = rank(r.c.colour), worst = colour_of(r);
      summary[worst] = summary[worst].as_int64() + 1;
    }
    json::object org = t.org ? json::object{{"id", t.org->id}, {"code", t.org->code}, {"name", t.org->name},
                                            {"kind", t.org->kind}}
                             : json::object{};
    return json::object{{"kind", "rollup"},
                        {"org", t.org ? json::value(std::move(org)) : json::value(nullptr)},
                        {"as_of", today.iso()},
                        {"computed_at", computed_at},
                        {"branches", static_cast<int64_t>(all.size())},
                        {"worst", std::move(summary)},
                        {"obligations", std::move(obligations)}};
  });
}

json::object ComplianceService::branches(const DrillFilter& f, const http::Scope& scope, const http::PageRequest& page) {
  const Date today = parse_date_param(f.as_of, "as_of").value_or(ctx_.today());
  const auto& pack = ctx_.orglife_rules;
  check_colour(f.colour);
  check_rule(f.rule, pack);
  const Periods periods = periods_at(pack, parse_date_param(f.date).value_or(today));
  std::optional<std::string> after;
  if (page.after) after = page.after_text(0);
  return ctx_.db.read_value([&](db::Tx& tx) {
    Target t = target(orgs_, tx, f.org_id, scope);
    std::string computed_at;
    const auto kept = evaluate_cached(*cache_, tx, t.where, t.params, periods, today, pack, computed_at);
    const auto& all = *kept;
    json::array items;
    int64_t total = 0;
    for (const auto& e : all) {  // path order
      bool match = !f.colour;
      json::object colours;
      std::string worst = "green";
      int worst_rank = -1;
      for (const auto& r : e.results) {
        const std::string c = colour_of(r);
        colours[r.ob->rule_id] = c;
        if (r.applicable && rank(r.c.colour) > worst_rank) worst_rank = rank(r.c.colour), worst = c;
        if (f.colour && c == *f.colour && (!f.rule || *f.rule == r.ob->rule_id)) match = true;
      }
      if (!match) continue;
      ++total;
      if (after && e.branch.path <= *after) continue;
      if (static_cast<int>(items.size()) > page.limit) continue;
      items.push_back(json::object{{"org", branch_json(e.branch)}, {"worst", worst}, {"colours", std::move(colours)}});
    }
    json::object body = http::page_body(std::move(items), total, page.limit, [](const json::value& last) {
      return json::array{last.at("org").at("path")};
    });
    body["as_of"] = today.iso();
    body["computed_at"] = computed_at;
    return body;
  });
}

json::object ComplianceService::reminders(std::optional<int64_t> org_id, const http::Scope& scope) {
  const Date today = ctx_.today();
  const auto& pack = ctx_.orglife_rules;
  const Periods current = periods_at(pack, today);
  const Periods previous = previous_periods(current);
  return ctx_.db.read_value([&](db::Tx& tx) {
    Target t = target(orgs_, tx, org_id, scope);
    std::string computed_at, computed_before;
    const auto now_list = evaluate_cached(*cache_, tx, t.where, t.params, current, today, pack, computed_at);
    const auto before_list = evaluate_cached(*cache_, tx, t.where, t.params, previous, today, pack, computed_before);
    const auto& now = *now_list;
    const auto& before = *before_list;
    json::object out{{"date", today.iso()}, {"computed_at", std::min(computed_at, computed_before)}};
    if (t.branch()) {
      json::array items;
      auto add = [&](const Result& r, const char* when) {
        json::object o = obligation_head(r);
        o["colour"] = colour_of(r);
        o["reason"] = r.c.reason;
        o["due"] = r.period.end.iso();
        o["when"] = when;
        items.push_back(std::move(o));
      };
      int64_t red = 0, yellow = 0;
      for (const auto& e : before)
        for (const auto& r : e.results)
          if (r.applicable && r.c.colour == domain::Colour::kRed) add(r, "previous"), ++red;
      for (const auto& e : now)
        for (const auto& r : e.results)
          if (r.applicable && r.c.colour == domain::Colour::kYellow) add(r, "current"), ++yellow;
      out["kind"] = "branch";
      out["org"] = now.empty() ? json::value(nullptr) : json::value(branch_json(now.front().branch));
      out["red"] = red;
      out["yellow"] = yellow;
      out["items"] = std::move(items);
      return out;
    }
    auto has = [](const Evaluated& e, domain::Colour c) {
      return std::any_of(e.results.begin(), e.results.end(), [&](const Result& r) { return r.applicable && r.c.colour == c; });
    };
    out["kind"] = "rollup";
    out["branches"] = static_cast<int64_t>(now.size());
    out["red"] = std::count_if(before.begin(), before.end(), [&](const Evaluated& e) { return has(e, domain::Colour::kRed); });
    out["yellow"] = std::count_if(now.begin(), now.end(), [&](const Evaluated& e) { return has(e, domain::Colour::kYellow); });
    out["items"] = json::array{};
    return out;
  });
}

}  // namespace lianxin::modules::life
