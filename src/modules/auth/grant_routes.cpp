#include "http/errors.hpp"
#include "http/json_body.hpp"
#include "modules/auth/user_routes.hpp"
#include "modules/common/route_util.hpp"

namespace lianxin::modules::auth {

namespace json = boost::json;
using http::RequestContext;
using http::Response;

namespace {

// org_id: a positive integer, or null / absent for the whole tree.
std::optional<int64_t> org_field(http::JsonBody& b) {
  auto id = b.opt_int("org_id");
  if (id && *id <= 0) b.add_error("org_id", "org_id.invalid", "组织编号应为正整数");
  return id;
}

Response grant(GrantService& svc, RequestContext& c) {
  http::JsonBody b(c.req.body);
  NewGrant g;
  g.user_id = b.integer("user_id");
  g.role = b.str("role");
  g.org_id = org_field(b);
  b.finish();
  return Response::json(svc.grant(g, grant_powers(caller_principal(c), "grant.write"), meta_of(c)), 201);
}

Response create_key(ApiKeyService& svc, RequestContext& c) {
  http::JsonBody b(c.req.body);
  NewApiKey k;
  k.name = b.str("name");
  k.role = b.str("role");
  k.org_id = org_field(b);
  b.finish();
  return Response::json(svc.create(k, grant_powers(caller_principal(c), "apikey.write"), meta_of(c)), 201);
}

}  // namespace

void register_grant_routes(http::Router& r, GrantService& grants, ApiKeyService& keys) {
  r.add({"GET", "/api/grants", "grant.read", [&grants](RequestContext& c) {
           GrantFilter f{query_id(c.req, "org"), query_id(c.req, "user_id"), query_text(c.req, "role")};
           return Response::json(grants.list(f, c.scope, http::PageRequest::from(c.req)));
         }});
  r.add({"GET", "/api/users/{id}/grants", "grant.read",
         [&grants](RequestContext& c) { return Response::json(grants.of_user(c.req.id_param(), c.scope)); }});
  r.add({"POST", "/api/grants", "grant.write", [&grants](RequestContext& c) { return grant(grants, c); }});
  r.add({"DELETE", "/api/grants/{id}", "grant.write", [&grants](RequestContext& c) {
           grants.revoke(c.req.id_param(), grant_powers(caller_principal(c), "grant.write"), meta_of(c));
           return Response::no_content();
         }});
  r.add({"GET", "/api/api-keys", "apikey.read", [&keys](RequestContext& c) {
           return Response::json(keys.list(query_id(c.req, "org"), c.scope, http::PageRequest::from(c.req)));
         }});
  r.add({"POST", "/api/api-keys", "apikey.write", [&keys](RequestContext& c) { return create_key(keys, c); }});
  r.add({"DELETE", "/api/api-keys/{id}", "apikey.write", [&keys](RequestContext& c) {
           keys.revoke(c.req.id_param(), grant_powers(caller_principal(c), "apikey.write"), meta_of(c));
           return Response::no_content();
         }});
}

}  // namespace lianxin::modules::auth
