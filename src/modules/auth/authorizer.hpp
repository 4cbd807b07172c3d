// The one permission check: identifies the caller of every request and computes, from the caller's
// grants, where the route's permission holds (http::Scope). Routes then restrict every query by it.
#pragma once

#include "http/api.hpp"
#include "modules/auth/auth_service.hpp"

namespace lianxin::modules::auth {

// The scope of `permission` for a principal: the subtrees of the grants whose role carries it, and
// everything the principal can see at all (for 404 versus 403).
http::Scope scope_for(const Principal& p, std::string_view permission);

class Authorizer final : public http::Authorizer {
public:
  explicit Authorizer(AuthService& auth) : auth_(auth) {}
  void authorize(http::RequestContext& ctx, const http::Route& route) override;

private:
  AuthService& auth_;
};

// The session token of a request: "Authorization: Bearer <token>" or the session cookie.
// `from_cookie` tells which (cookie sessions need the CSRF header on writes).
std::string request_token(const http::Request& req, bool& from_cookie);
// The principal authorize() resolved, for handlers that need more than ctx.caller (auth routes).
std::shared_ptr<const Principal> principal_of(const http::RequestContext& ctx);

}  // namespace lianxin::modules::auth
