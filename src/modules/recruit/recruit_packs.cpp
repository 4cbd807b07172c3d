// Rule packs per organization subtree (nearest ancestor's assignment wins, default the national
// pack) and the working-day calendar per year.
#include <map>
#include <memory>
#include <mutex>

#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/common/tree_path.hpp"
#include "modules/org/org_service.hpp"
#include "modules/recruit/recruit_internal.hpp"

namespace lianxin::modules::recruit {

namespace json = boost::json;
using namespace detail;

namespace {

// Overlays a subtree may apply, by id.
const domain::PackOverlay* find_overlay(std::string_view id) {
  if (id == domain::local_common_overlay().id) return &domain::local_common_overlay();
  return nullptr;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// base + overlays → the pack, or the Chinese errors of derive_pack.
struct Built {
  std::shared_ptr<const domain::RecruitPack> pack;
  std::vector<std::string> errors;
};

Built build_pack(const std::string& base_id, const std::vector<std::string>& overlays) {
  const domain::RecruitPack* base = domain::find_recruit_pack(base_id);
  if (!base) return {nullptr, {"规则包“" + base_id + "”不存在"}};
  auto pack = std::make_shared<domain::RecruitPack>(*base);
  for (const auto& o : overlays) {
    const domain::PackOverlay* ov = find_overlay(o);
    if (!ov) return {nullptr, {"叠加包“" + o + "”不存在"}};
    auto d = domain::derive_pack(*pack, *ov);
    if (!d.pack) return {nullptr, d.errors};
    pack = std::make_shared<domain::RecruitPack>(std::move(*d.pack));
  }
  return {pack, {}};
}

std::mutex cache_mu;
std::map<std::string, std::shared_ptr<const domain::RecruitPack>>& cache() {
  static std::map<std::string, std::shared_ptr<const domain::RecruitPack>> c;
  return c;
}

struct Assignment {
  int64_t org_id = 0;
  std::string pack_id;
  std::vector<std::string> overlays;
};

// The assignment that decides for `path`: the deepest organization on the path that has one.
std::optional<Assignment> nearest_assignment(db::Tx& tx, const std::string& path) {
  std::vector<int64_t> ids = path_ids(path);
  if (ids.empty()) return std::nullopt;
  std::string sql = "SELECT org_id, pack_id, overlays FROM recruit_pack_assignments WHERE org_id IN (";
  db::Params params;
  for (int64_t id : ids) {
    params.emplace_back(id);
    sql += (params.size() == 1 ? "" : ", ") + db::last_placeholder(params);
  }
  std::map<int64_t, Assignment> found;
  for (const auto& r : tx.query(sql + ")", params)) found[r.i64(0)] = {r.i64(0), r.text(1), split(r.text(2), ',')};
  for (auto it = ids.rbegin(); it != ids.rend(); ++it)
    if (auto f = found.find(*it); f != found.end()) return f->second;
  return std::nullopt;
}

json::array date_array(const std::string& stored) {
  json::value v = json::parse(stored);
  return v.is_array() ? v.as_array() : json::array{};
}

}  // namespace

const domain::RecruitPack& RecruitService::pack_by_id(const std::string& id) {
  std::lock_guard lock(cache_mu);
  auto& c = cache();
  if (auto it = c.find(id); it != c.end()) return *it->second;
  // "<base>+<overlay>+<overlay>": pack ids contain '/' but never '+'.
  std::vector<std::string> parts = split(id, '+');
  if (parts.empty()) throw std::runtime_error("empty recruitment pack id");
  Built b = build_pack(parts[0], std::vector<std::string>(parts.begin() + 1, parts.end()));
  if (!b.pack) throw std::runtime_error("recruitment pack " + id + ": " + join(b.errors, "; "));
  return *(c[id] = b.pack);
}

std::string RecruitService::effective_pack_id(db::Tx& tx, const std::string& org_path) {
  auto a = nearest_assignment(tx, org_path);
  if (!a) return domain::default_recruit_pack().id;
  std::string id = a->pack_id;
  for (const auto& o : a->overlays) id += "+" + o;
  return id;
}

domain::WorkCalendar RecruitService::load_calendar(db::Tx& tx) {
  domain::WorkCalendar cal;
  for (const auto& r : tx.query("SELECT year, days_off, working_weekends FROM work_calendar_years ORDER BY year")) {
    auto dates = [](const std::string& stored) {
      std::vector<domain::Date> out;
      for (const auto& v : date_array(stored))
        if (v.is_string())
          if (auto d = domain::Date::parse(v.as_string())) out.push_back(*d);
      return out;
    };
    cal.set_year(static_cast<int>(r.i64(0)), dates(r.text(1)), dates(r.text(2)));
  }
  return cal;
}

json::object RecruitService::packs() {
  json::array packs, overlays;
  for (const auto* p : domain::builtin_recruit_packs()) {
    json::object j = pack_full_json(*p);
    j["default"] = p->id == domain::default_recruit_pack().id;
    packs.push_back(std::move(j));
  }
  const auto& lc = domain::local_common_overlay();
  json::array settings;
  for (const auto& [k, v] : lc.settings) settings.push_back(json::object{{"key", k}, {"value", v}});
  overlays.push_back(json::object{{"id", lc.id}, {"title", lc.title}, {"settings", std::move(settings)}});
  return json::object{{"packs", std::move(packs)}, {"overlays", std::move(overlays)},
                      {"default_pack_id", domain::default_recruit_pack().id}};
}

json::object RecruitService::org_pack(int64_t org_id, const http::Scope& scope) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    org::OrgService orgs(ctx_);
    auto o = orgs.find(tx, org_id);
    if (!o) throw http::not_found("组织");
    scope.require(o->path, "组织");
    auto a = nearest_assignment(tx, o->path);
    const std::string id = effective_pack_id(tx, o->path);
    json::object out{{"org_id", org_id},
                     {"pack_id", id},
                     {"assigned_here", a && a->org_id == org_id},
                     {"inherited_from", a ? json::value(a->org_id) : json::value(nullptr)},
                     {"national_default", !a.has_value()}};
    out["pack"] = pack_summary_json(pack_by_id(id));
    return out;
  });
}

json::object RecruitService::assign_pack(int64_t org_id, const std::optional<std::string>& pack_id,
                                         const std::vector<std::string>& overlays, const ChangeMeta& meta,
                                         const http::Scope& scope) {
  ctx_.db.write([&](db::Tx& tx) {
    org::OrgService orgs(ctx_);
    auto o = orgs.find(tx, org_id);
    if (!o) throw http::not_found("组织");
    scope.require(o->path, "组织");
    if (pack_id) {
      Built b = build_pack(*pack_id, overlays);
      if (!b.pack) {
        std::vector<domain::FieldError> errs;
        for (const auto& e : b.errors)
          errs.push_back({domain::find_recruit_pack(*pack_id) ? "overlays" : "pack_id", "pack.invalid", e});
        throw http::validation_failed(errs);
      }
    } else if (!overlays.empty()) {
      throw http::validation_failed({{"pack_id", "required", "指定叠加包时须同时指定基础规则包"}});
    }
    auto before = tx.query_one("SELECT pack_id, overlays FROM recruit_pack_assignments WHERE org_id = $1", {org_id});
    std::optional<std::string> before_json;
    if (before) before_json = json::serialize(json::object{{"pack_id", before->text(0)}, {"overlays", before->text(1)}});
    tx.exec("DELETE FROM recruit_pack_assignments WHERE org_id = $1", {org_id});
    std::optional<std::string> after_json;
    if (pack_id) {
      tx.exec("INSERT INTO recruit_pack_assignments (org_id, pack_id, overlays, assigned_by, assigned_at, request_id) "
              "VALUES ($1, $2, $3, $4, $5, $6)",
              {org_id, *pack_id, join(overlays, ","), meta.actor, now_timestamp(), meta.request_id});
      after_json = json::serialize(json::object{{"pack_id", *pack_id}, {"overlays", join(overlays, ",")}});
    }
    audit::record(tx, ctx_.cipher, meta,
                  {"recruit.pack_assign", "org", std::to_string(org_id), org_id, before_json,
                   after_json ? after_json : std::optional<std::string>("{\"inherit\":true}")});
  });
  return org_pack(org_id, scope);
}

json::object RecruitService::calendar(int year) {
  if (year < 1900 || year > 2200) throw http::not_found("年份");
  return ctx_.db.read_value([&](db::Tx& tx) {
    auto r = tx.query_one("SELECT days_off, working_weekends, updated_by, updated_at, version FROM work_calendar_years "
                          "WHERE year = $1",
                          {year});
    if (!r)
      return json::object{{"year", year}, {"loaded", false}, {"provisional", true}, {"days_off", json::array{}},
                          {"working_weekends", json::array{}}, {"updated_by", nullptr}, {"updated_at", nullptr},
                          {"version", 0}};
    return json::object{{"year", year},
                        {"loaded", true},
                        {"provisional", false},
                        {"days_off", date_array(r->text(0))},
                        {"working_weekends", date_array(r->text(1))},
                        {"updated_by", r->text(2)},
                        {"updated_at", r->text(3)},
                        {"version", r->i64(4)}};
  });
}

json::object RecruitService::put_calendar(int year, const json::object& body, const ChangeMeta& meta,
                                          const http::Scope& scope) {
  if (year < 1900 || year > 2200) throw http::not_found("年份");
  // The calendar holds for every organization: only a caller whose scope is the whole tree.
  if (!scope.everything) throw http::forbidden("permission_denied", "节假日日历对全部组织生效，只能由全局管理员维护");
  std::vector<domain::FieldError> errs;
  auto dates = [&](const char* key) {
    std::vector<domain::Date> out;
    auto* v = body.if_contains(key);
    if (!v || v->is_null()) return out;
    if (!v->is_array()) {
      errs.push_back({key, "invalid_type", "应为日期数组"});
      return out;
    }
    for (size_t i = 0; i < v->as_array().size(); ++i) {
      const auto& e = v->as_array()[i];
      auto d = e.is_string() ? domain::Date::parse(e.as_string()) : std::nullopt;
      if (!d) errs.push_back({std::string(key) + "[" + std::to_string(i) + "]", "date.invalid", "日期格式应为YYYY-MM-DD"});
      else out.push_back(*d);
    }
    return out;
  };
  auto off = dates("days_off");
  auto worked = dates("working_weekends");
  if (!errs.empty()) throw http::validation_failed(errs);
  domain::WorkCalendar check;
  if (auto e = check.set_year(year, off, worked)) throw http::validation_failed({{"days_off", "calendar.invalid", *e}});
  auto to_json = [](std::vector<domain::Date> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    json::array a;
    for (const auto& d : v) a.emplace_back(d.iso());
    return json::serialize(a);
  };
  const std::string off_json = to_json(off), worked_json = to_json(worked);
  ctx_.db.write([&](db::Tx& tx) {
    auto before = tx.query_one("SELECT days_off, working_weekends FROM work_calendar_years WHERE year = $1", {year});
    std::optional<std::string> before_json;
    if (before)
      before_json = json::serialize(json::object{{"days_off", date_array(before->text(0))},
                                                 {"working_weekends", date_array(before->text(1))}});
    tx.exec("INSERT INTO work_calendar_years (year, days_off, working_weekends, updated_by, updated_at, version) "
            "VALUES ($1, $2, $3, $4, $5, 1) ON CONFLICT (year) DO UPDATE SET days_off = excluded.days_off, "
            "working_weekends = excluded.working_weekends, updated_by = excluded.updated_by, "
            "updated_at = excluded.updated_at, version = work_calendar_years.version + 1",
            {year, off_json, worked_json, meta.actor, now_timestamp()});
    audit::record(tx, ctx_.cipher, meta,
                  {"recruit.calendar", "work_calendar", std::to_string(year), std::nullopt, before_json,
                   json::serialize(json::object{{"days_off", date_array(off_json)},
                                                {"working_weekends", date_array(worked_json)}})});
  });
  return calendar(year);
}

}  // namespace lianxin::modules::recruit
