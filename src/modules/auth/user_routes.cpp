#include "modules/auth/user_routes.hpp"

#include "http/errors.hpp"
#include "http/json_body.hpp"
#include "modules/auth/authorizer.hpp"
#include "modules/common/route_util.hpp"
#include "util/csv.hpp"

namespace lianxin::modules::auth {

namespace json = boost::json;
using http::RequestContext;
using http::Response;

namespace {

// A display name: 1-64 bytes of text, trimmed by JsonBody.
std::optional<std::string> display_name(http::JsonBody& b) {
  auto v = b.opt_str("display_name");
  if (v && (v->empty() || v->size() > 64)) b.add_error("display_name", "display_name.invalid", "显示名称应为1至64个字符");
  return v;
}

NewUser new_user(http::JsonBody& b) {
  NewUser in;
  in.username = b.opt_str("username");
  in.display_name = display_name(b);
  return in;
}

Response create_staff(UserService& svc, RequestContext& c) {
  http::JsonBody b(c.req.body);
  NewUser in = new_user(b);
  if (b.has("member_id"))
    b.add_error("member_id", "member_id.not_here", "党员账号请由组织部管理员通过 POST /api/members/{id}/account 创建");
  b.finish();
  return Response::json(svc.create_staff(in, meta_of(c)), 201);
}

Response create_for_member(UserService& svc, RequestContext& c) {
  http::JsonBody b(c.req.body.empty() ? std::string("{}") : c.req.body);
  NewUser in = new_user(b);
  b.finish();
  return Response::json(svc.create_for_member(c.req.id_param(), in, c.scope, meta_of(c)), 201);
}

json::object reset_answer(const std::string& pw) {
  return json::object{{"password", pw}, {"must_change_password", true}};
}

std::string accounts_csv(const std::vector<IssuedAccount>& made) {
  std::string out = "\xEF\xBB\xBF";  // BOM: Excel opens UTF-8 CSV correctly only with it
  out += util::csv_line({"用户名", "姓名", "党员ID", "初始密码"});
  for (const auto& a : made) out += util::csv_line({a.username, a.display_name, std::to_string(a.member_id), a.password});
  return out;
}

Response bulk(UserService& svc, RequestContext& c) {
  http::JsonBody b(c.req.body);
  const int64_t org_id = b.integer("org_id");
  const bool subtree = opt_bool(b, "include_subtree").value_or(false);
  b.finish();
  const std::string format = query_text(c.req, "format").value_or("json");
  if (format != "json" && format != "csv") throw http::bad_request("bad_parameter", "format 应为 json 或 csv", "format");
  auto made = svc.bulk_create(org_id, subtree, c.scope, meta_of(c));
  if (format == "csv") {
    Response r = Response::download(accounts_csv(made), "text/csv; charset=utf-8", "党员账号初始密码.csv");
    r.status = 201;
    return r;
  }
  json::array items;
  for (const auto& a : made)
    items.push_back(json::object{{"id", a.id}, {"username", a.username}, {"display_name", a.display_name},
                                 {"member_id", a.member_id}, {"password", a.password}});
  const auto n = static_cast<int64_t>(items.size());
  return Response::json(json::object{{"created", n}, {"items", std::move(items)}}, 201);
}

Response update(UserService& svc, RequestContext& c) {
  http::JsonBody b(c.req.body);
  UserPatch patch;
  patch.display_name = display_name(b);
  patch.disabled = opt_bool(b, "disabled");
  b.finish();
  return Response::json(svc.update(c.req.id_param(), patch, {c.caller.user_id, c.scope}, meta_of(c)));
}

}  // namespace

const Principal& caller_principal(const RequestContext& c) {
  auto p = principal_of(c);
  if (!p) throw http::unauthorized();
  return *p;
}

void register_user_routes(http::Router& r, UserService& svc) {
  r.add({"GET", "/api/users", "user.read", [&svc](RequestContext& c) {
           UserFilter f{query_text(c.req, "q"), query_id(c.req, "org"), query_text(c.req, "role")};
           return Response::json(svc.list(f, c.scope, http::PageRequest::from(c.req)));
         }});
  r.add({"GET", "/api/users/{id}", "user.read",
         [&svc](RequestContext& c) { return Response::json(svc.get(c.req.id_param(), c.scope)); }});
  r.add({"POST", "/api/users", "user.write", [&svc](RequestContext& c) { return create_staff(svc, c); }});
  r.add({"POST", "/api/users/bulk", "user.create_member", [&svc](RequestContext& c) { return bulk(svc, c); }});
  r.add({"PATCH", "/api/users/{id}", "user.write", [&svc](RequestContext& c) { return update(svc, c); }});
  r.add({"POST", "/api/users/{id}/reset-password", "user.write", [&svc](RequestContext& c) {
           return Response::json(reset_answer(svc.reset_password(c.req.id_param(), {c.caller.user_id, c.scope}, meta_of(c))));
         }});
  r.add({"POST", "/api/users/{id}/revoke-sessions", "session.revoke", [&svc](RequestContext& c) {
           const int64_t n = svc.revoke_sessions(c.req.id_param(), c.scope, meta_of(c));
           return Response::json(json::object{{"revoked", n}});
         }});
  // Member accounts are addressed by the member: its organization decides the scope (404/403).
  r.add({"POST", "/api/members/{id}/account", "user.create_member",
         [&svc](RequestContext& c) { return create_for_member(svc, c); }});
  r.add({"POST", "/api/members/{id}/account/reset-password", "user.create_member", [&svc](RequestContext& c) {
           auto pw = svc.reset_member_password(c.req.id_param(), {c.caller.user_id, c.scope}, meta_of(c));
           return Response::json(reset_answer(pw));
         }});
}

}  // namespace lianxin::modules::auth
