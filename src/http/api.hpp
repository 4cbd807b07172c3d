// What a module sees of HTTP: a request, a response, the request context, and the router.
// Modules never include Boost.Beast; the server translates to and from these types.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "util/temp_file.hpp"

namespace lianxin::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw target, as received
  std::string path;    // percent-decoded path, without the query
  std::map<std::string, std::string> query;        // decoded query parameters (last one wins)
  std::map<std::string, std::string> path_params;  // from {name} segments of the route
  std::map<std::string, std::string> headers;      // lower-case names
  std::string body;

  const std::string* query_param(const std::string& name) const;
  std::string header(const std::string& lower_name) const;
  // The {name} path parameter as a positive integer id; throws ApiError 404 when it is not one.
  int64_t id_param(const std::string& name = "id") const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // When set, the body is this file's content (streamed from disk; `body` is ignored) and the file
  // is removed once the response has been sent.
  std::shared_ptr<util::TempFile> file;

  uint64_t body_size() const { return file ? file->size() : body.size(); }

  static Response json(const boost::json::value& v, int status = 200);
  // A body already written as JSON (JsonWriter).
  static Response json_text(std::string body, int status = 200);
  static Response text(std::string body, std::string content_type, int status = 200);
  // A file download: sets Content-Disposition with a UTF-8 file name (RFC 5987).
  static Response download(std::string body, std::string content_type, const std::string& filename);
  static Response download(std::shared_ptr<util::TempFile> file, std::string content_type, const std::string& filename);
  static Response no_content();
};

// Who is calling: filled by the Authorizer from the session cookie, the bearer token or the API key.
struct Caller {
  int64_t user_id = 0;     // 0: anonymous or an API key
  int64_t api_key_id = 0;  // set when the request carries an API key
  int64_t session_id = 0;  // set for session logins
  int64_t member_id = 0;   // the member record linked to the account, if any
  std::string username;    // "apikey:<name>" for API keys
  std::string user_agent;
  bool authenticated = false;
};

// The part of the organization tree a caller may act on: a set of subtree roots given as
// materialized paths ("/1/5/"). `paths` is where the route's permission holds; `visible` is where
// the caller holds any grant at all. Outside `visible` an object answers 404 (its existence is not
// revealed); inside `visible` but outside `paths` it answers 403. Every query that lists or counts
// is restricted by `paths`.
struct Scope {
  bool everything = false;
  std::vector<std::string> paths;
  bool visible_everything = false;
  std::vector<std::string> visible;

  bool contains_path(std::string_view org_path) const;
  bool sees_path(std::string_view org_path) const;
  // Throws ApiError 404 ("<what>不存在") or 403 unless org_path is within `paths`.
  void require(std::string_view org_path, const std::string& what) const;
  static Scope all() { return Scope{true, {}, true, {}}; }
  // Where both hold (the subtrees common to a and b); `visible` is left empty.
  static Scope intersect(const Scope& a, const Scope& b);
  static Scope none() { return Scope{}; }
};

struct Route;

// A caller's scope for any permission (see RequestContext::scope_of).
using ScopeOf = std::function<Scope(std::string_view permission)>;
// Every permission everywhere: the operator at the shell, and tests.
inline ScopeOf everywhere() {
  return [](std::string_view) { return Scope::all(); };
}

struct RequestContext {
  const Request& req;
  std::string request_id;
  std::string client_addr;
  Caller caller;
  Scope scope;
  const Route* route = nullptr;  // the matched route (its pattern names the action in the audit trail)
  // The caller's scope for another permission, for routes whose needs depend on the input (an
  // import of organizations also needs org.import; an export with full ID numbers member.reveal).
  // Set by the authorizer; without one it answers an empty scope.
  ScopeOf scope_of = [](std::string_view) { return Scope::none(); };
  // What the authorizer resolved, for its own routes (opaque to the HTTP layer).
  std::shared_ptr<const void> principal;
  // Headers the authorizer adds to whatever the handler answers (e.g. a cleared session cookie).
  std::vector<std::pair<std::string, std::string>> extra_headers;
};

// Identifies the caller and enforces route permissions: one implementation (modules/auth), one
// place. `authorize` runs before every handler (on the worker pool for blocking routes): it fills
// ctx.caller and ctx.scope, or throws ApiError 401 (not logged in), 403 (no such permission, CSRF
// token missing, password change pending) or 429.
class Authorizer {
public:
  virtual ~Authorizer() = default;
  virtual void authorize(RequestContext& ctx, const Route& route) = 0;
};

using Handler = std::function<Response(RequestContext&)>;

struct Route {
  std::string method;      // "GET", "POST", "PATCH", "PUT", "DELETE"
  std::string pattern;     // "/api/orgs/{id}/stats"
  // The permission the route needs: "public" (anyone), "self" (any logged-in account), or a
  // permission held through a role grant ("org.read", ...). Must not be empty.
  std::string permission;
  Handler handler;
  // Handlers touch storage and so run on the blocking worker pool; set false only for handlers that
  // never block (health checks, metrics).
  bool blocking = true;
};

class Router {
public:
  // Throws std::logic_error on a duplicate route or an empty permission (the server refuses to start).
  void add(Route r);
  const std::vector<Route>& routes() const { return routes_; }

  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    bool path_known = false;  // some route has this path (so a wrong method is 405, not 404)
  };
  Match match(std::string_view method, std::string_view path) const;

  static constexpr size_t kMaxSegments = 64;  // a longer pattern is refused, a longer path matches nothing

private:
  struct Segment {
    std::string text;  // the literal, or the parameter's name
    bool param = false;
  };
  // The routes with one number of segments, found by their key segment (the second, or the only
  // one): a request compares itself with the handful that share its key, plus those whose key
  // segment is a parameter.
  struct Bucket {
    struct Hash {
      using is_transparent = void;
      size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, std::vector<size_t>, Hash, std::equal_to<>> by_key;
    std::vector<size_t> any_key;
  };
  static size_t key_index(size_t n) { return n > 1 ? 1 : 0; }

  std::vector<Route> routes_;
  std::vector<std::vector<Segment>> split_;  // pattern segments, parallel to routes_
  std::vector<Bucket> by_length_;            // indexed by number of segments
};

}  // namespace lianxin::http
