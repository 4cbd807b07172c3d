#include "modules/codes/codes_routes.hpp"

#include <cstdint>
#include <memory>

#include <fmt/format.h>

#include "domain/enums.hpp"

namespace lianxin::modules::codes {

namespace json = boost::json;

namespace {

// FNV-1a: the ETag only has to change when the body does.
uint64_t fnv1a(const std::string& s) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

struct CodesBody {
  std::string json;
  std::string etag;
};

}  // namespace

json::object codes_json(const domain::OrgRulePack& pack) {
  json::object tables;
  for (const auto& t : domain::code_tables()) {
    json::array items;
    for (const auto& v : t.values) {
      json::object item{{"code", v.code}, {"label", v.label}};
      if (t.name == "org_kinds") {
        const auto years = domain::default_term_years(std::string(v.code), false, pack);
        const auto village = domain::default_term_years(std::string(v.code), true, pack);
        item["branch"] = domain::org_kind_is_branch(v.code);
        item["elected"] = years.has_value();
        item["term_years"] = years ? json::value(*years) : json::value(nullptr);
        item["term_years_village"] = village ? json::value(*village) : json::value(nullptr);
      }
      items.push_back(std::move(item));
    }
    tables[t.name] = json::object{{"title", t.title}, {"items", std::move(items)}};
  }
  json::array rules;
  for (const auto& r : domain::org_rule_catalog(pack))
    rules.push_back(json::object{{"rule_id", r.rule_id},       {"severity", r.severity}, {"code", r.code},
                                 {"title", r.title},           {"explanation", r.explanation},
                                 {"applies_to", r.applies_to}});
  return json::object{{"tables", std::move(tables)}, {"org_rules", std::move(rules)}};
}

void register_code_routes(http::Router& r, const domain::OrgRulePack& pack) {
  auto body = std::make_shared<CodesBody>();
  body->json = json::serialize(codes_json(pack));
  body->etag = fmt::format("\"codes-{:016x}\"", fnv1a(body->json));
  r.add({"GET", "/api/codes", "self", [body](http::RequestContext& c) {
           http::Response res;
           if (c.req.header("if-none-match") == body->etag) {
             res.status = 304;
           } else {
             res.body = body->json;
           }
           res.headers = {{"ETag", body->etag}, {"Cache-Control", "private, no-cache"}};
           return res;
         }});
}

}  // namespace lianxin::modules::codes
