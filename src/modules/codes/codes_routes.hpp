// GET /api/codes: the code tables of the registry (domain/enums) and the organization warning
// rules (domain/org_rules) with their Chinese labels, so that clients never keep copies.
#pragma once

#include <string>

#include <boost/json.hpp>

#include "domain/org_rules.hpp"
#include "http/api.hpp"

namespace lianxin::modules::codes {

// {"tables":{"org_kinds":{"title","items":[{"code","label",...}]},...},"org_rules":[...]}
// Org kinds also carry "branch" (a 党支部 kind), "elected" (has elected terms) and the default term
// length in years as configured ("term_years", "term_years_village" for villages and communities;
// null for kinds without terms).
boost::json::object codes_json(const domain::OrgRulePack& pack);

// The body is built once (it changes only with the binary and the rule settings) and served with an
// ETag over its bytes; a matching If-None-Match answers 304.
void register_code_routes(http::Router& r, const domain::OrgRulePack& pack);

}  // namespace lianxin::modules::codes
