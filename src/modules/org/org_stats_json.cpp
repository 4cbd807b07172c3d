// GET /api/orgs/{id}/stats: the rollup of a subtree shaped for charts: each dimension is a list of
// {code, label, count} in the order of its code list.
#include <boost/json.hpp>

#include "domain/enums.hpp"
#include "domain/member_rules.hpp"
#include "http/errors.hpp"
#include "modules/org/org_repo.hpp"
#include "modules/org/org_service.hpp"
#include "modules/org/org_stats.hpp"

namespace lianxin::modules::org {

namespace json = boost::json;

namespace {

using Counts = std::map<std::string, int64_t>;

json::array dimension(const Counts& s, const std::string& prefix, std::span<const domain::EnumValue> values) {
  json::array out;
  for (const auto& v : values) {
    auto it = s.find(prefix + std::string(v.code));
    out.push_back(json::object{{"code", v.code}, {"label", v.label}, {"count", it == s.end() ? 0 : it->second}});
  }
  return out;
}

json::array labelled(const Counts& s, const std::string& prefix,
                     std::initializer_list<std::pair<const char*, const char*>> values) {
  json::array out;
  for (const auto& [code, label] : values) {
    auto it = s.find(prefix + code);
    out.push_back(json::object{{"code", code}, {"label", label}, {"count", it == s.end() ? 0 : it->second}});
  }
  return out;
}

// Age bands from birth-year counts: the age reached in the current year (as annual statistics do).
json::array age_bands(const Counts& s, domain::Date today) {
  std::vector<std::string> order = {"18-30", "31-40", "41-50", "51-60", "61-70", "71-80", "81+"};
  std::map<std::string, int64_t> bands;
  for (const auto& [key, n] : s) {
    if (key.rfind("birth:", 0) != 0) continue;
    int year = std::stoi(key.substr(6));
    bands[domain::age_band(domain::Date{year, 1, 1}, domain::Date{today.year, 12, 31})] += n;
  }
  json::array out;
  for (const auto& b : order) out.push_back(json::object{{"code", b}, {"label", b + "岁"}, {"count", bands[b]}});
  return out;
}

}  // namespace

json::object OrgService::stats(int64_t id, const http::Scope& scope) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    auto o = repo::by_id(tx, id);
    if (!o) throw http::not_found("组织");
    scope.require(o->path, "组织");
    Counts s = read_stats(tx, o->id, o->kind);
    auto get = [&](const std::string& k) { auto it = s.find(k); return it == s.end() ? int64_t{0} : it->second; };
    domain::Date today = ctx_.today();
    json::array edu = dimension(s, "education:", domain::educations());
    edu.push_back(json::object{{"code", "none"}, {"label", "未填写"}, {"count", get("education:none")}});
    int64_t orgs_total = 0;
    for (const auto& [k, n] : s)
      if (k.rfind("orgs:", 0) == 0) orgs_total += n;
    return json::object{
        {"org_id", o->id},
        {"as_of", today.iso()},
        {"members", get("members")},
        {"by_category", dimension(s, "category:", domain::member_categories())},
        {"by_gender", dimension(s, "gender:", domain::genders())},
        {"by_age_band", age_bands(s, today)},
        {"age_basis", "按当年年底周岁统计"},
        {"by_education", std::move(edu)},
        {"by_ethnicity", labelled(s, "ethnicity:", {{"han", "汉族"}, {"minority", "少数民族"}, {"none", "未填写"}})},
        {"by_status", dimension(s, "status:", domain::member_statuses())},
        {"organizations", orgs_total},
        {"orgs_by_kind", dimension(s, "orgs:", domain::org_kinds())},
    };
  });
}

}  // namespace lianxin::modules::org
