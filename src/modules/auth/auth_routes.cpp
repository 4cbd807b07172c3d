#include "modules/auth/auth_routes.hpp"

#include "http/errors.hpp"
#include "http/json_body.hpp"
#include "modules/auth/authorizer.hpp"
#include "modules/auth/roles.hpp"
#include "modules/common/route_util.hpp"

namespace lianxin::modules::auth {

namespace json = boost::json;
using http::RequestContext;
using http::Response;

namespace {

std::string cookie(const AuthService& auth, const char* name, const std::string& value, bool http_only,
                   bool clear = false) {
  std::string c = std::string(name) + "=" + value + "; Path=/; SameSite=Strict";
  if (http_only) c += "; HttpOnly";
  if (auth.options().cookie_secure) c += "; Secure";
  if (clear) c += "; Max-Age=0";
  return c;
}

const Principal& principal(const RequestContext& c) {
  auto p = principal_of(c);
  if (!p) throw http::unauthorized();
  return *p;
}

Response login(AuthService& auth, RequestContext& c) {
  http::JsonBody b(c.req.body);
  std::string login = b.str("login");
  std::string password = b.str("password");
  b.finish();
  auto result = auth.login(login, password, meta_of(c));
  json::object body{{"token", result.token}, {"user", auth.me_json(*result.principal)}};
  Response r = Response::json(body);
  r.headers.emplace_back("Set-Cookie", cookie(auth, kSessionCookie, result.token, true));
  r.headers.emplace_back("Set-Cookie", cookie(auth, kCsrfCookie, result.principal->csrf_token, false));
  return r;
}

Response logout(AuthService& auth, RequestContext& c) {
  auth.logout(principal(c), meta_of(c));
  Response r = Response::no_content();
  r.headers.emplace_back("Set-Cookie", cookie(auth, kSessionCookie, "", true, true));
  r.headers.emplace_back("Set-Cookie", cookie(auth, kCsrfCookie, "", false, true));
  return r;
}

Response change_password(AuthService& auth, RequestContext& c) {
  http::JsonBody b(c.req.body);
  std::string old_pw = b.str("old_password");
  std::string new_pw = b.str("new_password");
  b.finish();
  auth.change_password(principal(c), old_pw, new_pw, meta_of(c));
  return Response::no_content();
}

json::object roles_json() {
  json::array roles;
  for (const auto& r : all_roles()) {
    json::array perms;
    for (auto p : r.permissions) perms.emplace_back(p);
    roles.push_back(json::object{{"code", r.code},
                                 {"name", r.name},
                                 {"system", r.system},
                                 {"org_scoped", r.org_scoped},
                                 {"permissions", std::move(perms)}});
  }
  json::array perms;
  for (auto p : all_permissions()) perms.emplace_back(p);
  return json::object{{"roles", std::move(roles)}, {"permissions", std::move(perms)}};
}

// A member's own record, with the public facts of their organization (name, kind, contact): the
// scope is exactly the member's organization, whatever their grants.
Response my_member(AuthService& auth, member::MemberService& members, org::OrgService& orgs, RequestContext& c) {
  const Principal& p = principal(c);
  if (!p.member_id) throw http::not_found("党员档案");
  auto path = auth.context().db.read_value([&](db::Tx& tx) { return members.org_path_of(tx, *p.member_id); });
  if (!path) throw http::not_found("党员档案");
  http::Scope own{false, {*path}, false, {}};
  const member::MemberRecord m = members.get(*p.member_id, own);
  const org::OrgRecord o = orgs.get(m.org_id, own);
  http::JsonWriter w(2048);
  w.begin_object();
  members.write_fields(w, m, true);
  w.key("org").begin_object();
  w.key("id").value(o.id).key("name").value(o.name).key("kind").value(o.kind).key("contact_name").value(o.contact_name);
  w.end_object().end_object();
  return Response::json_text(std::move(w).take());
}

}  // namespace

void register_auth_routes(http::Router& r, AuthService& auth, member::MemberService& members, org::OrgService& orgs) {
  r.add({"POST", "/api/auth/login", "public", [&auth](RequestContext& c) { return login(auth, c); }});
  r.add({"POST", "/api/auth/logout", "self", [&auth](RequestContext& c) { return logout(auth, c); }});
  r.add({"GET", "/api/auth/me", "self",
         [&auth](RequestContext& c) { return Response::json(auth.me_json(principal(c))); }});
  r.add({"POST", "/api/auth/password", "self", [&auth](RequestContext& c) { return change_password(auth, c); }});
  r.add({"GET", "/api/auth/sessions", "self",
         [&auth](RequestContext& c) { return Response::json(auth.sessions_json(principal(c))); }});
  r.add({"DELETE", "/api/auth/sessions/{id}", "self", [&auth](RequestContext& c) {
           auth.revoke_own_session(principal(c), c.req.id_param(), meta_of(c));
           return Response::no_content();
         }});
  r.add({"GET", "/api/auth/me/member", "self",
         [&auth, &members, &orgs](RequestContext& c) { return my_member(auth, members, orgs, c); }});
  r.add({"GET", "/api/auth/roles", "self", [](RequestContext&) { return Response::json(roles_json()); }});
}

}  // namespace lianxin::modules::auth
