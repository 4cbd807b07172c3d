#include "modules/auth/authorizer.hpp"

#include "http/errors.hpp"
#include "modules/auth/roles.hpp"

namespace lianxin::modules::auth {

namespace {

void add_path(std::vector<std::string>& paths, bool& everything, const GrantRecord& g) {
  if (!g.org_id) everything = true;
  else paths.push_back(g.org_path);
}

std::string cookie_value(const std::string& header, std::string_view name) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string_view part(header.data() + pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.starts_with(name) && part[name.size()] == '=')
      return std::string(part.substr(name.size() + 1));
    pos = end + 1;
  }
  return {};
}

bool is_write(const std::string& method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

}  // namespace

http::Scope scope_for(const Principal& p, std::string_view permission) {
  http::Scope s;
  for (const auto& g : p.grants) {
    const Role* role = find_role(g.role);
    if (!role) continue;
    add_path(s.visible, s.visible_everything, g);
    if (role_has(*role, permission)) add_path(s.paths, s.everything, g);
  }
  return s;
}

std::string request_token(const http::Request& req, bool& from_cookie) {
  from_cookie = false;
  const std::string authz = req.header("authorization");
  if (authz.size() > 7 && (authz.starts_with("Bearer ") || authz.starts_with("bearer "))) return authz.substr(7);
  std::string c = cookie_value(req.header("cookie"), kSessionCookie);
  if (!c.empty()) from_cookie = true;
  return c;
}

std::shared_ptr<const Principal> principal_of(const http::RequestContext& ctx) {
  return std::static_pointer_cast<const Principal>(ctx.principal);
}

void Authorizer::authorize(http::RequestContext& ctx, const http::Route& route) {
  if (route.permission == "public") return;
  bool from_cookie = false;
  const std::string token = request_token(ctx.req, from_cookie);
  if (token.empty()) throw http::unauthorized();
  auto p = auth_.authenticate(token);
  if (!p) throw http::unauthorized("session_expired", "登录已失效，请重新登录");
  if (from_cookie && is_write(ctx.req.method) && ctx.req.header(kCsrfHeader) != p->csrf_token)
    throw http::forbidden("csrf_failed", "请求校验失败，请刷新页面后重试");
  ctx.caller.user_id = p->user_id;
  ctx.caller.api_key_id = p->api_key_id;
  ctx.caller.session_id = p->session_id;
  ctx.caller.member_id = p->member_id.value_or(0);
  ctx.caller.username = p->username;
  ctx.caller.authenticated = true;
  ctx.principal = p;
  ctx.scope_of = [p](std::string_view permission) { return scope_for(*p, permission); };
  if (route.permission == "self") {
    ctx.scope = scope_for(*p, "");
    return;
  }
  if (p->must_change_password)
    throw http::forbidden("password_change_required", "首次登录或密码被重置后，请先修改密码");
  ctx.scope = scope_for(*p, route.permission);
  if (!ctx.scope.everything && ctx.scope.paths.empty())
    throw http::forbidden("permission_denied", "没有权限执行此操作");
}

}  // namespace lianxin::modules::auth
