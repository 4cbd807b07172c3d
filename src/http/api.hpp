// What a module sees of HTTP: a request, a response, the request context, and the router.
// Modules never include Boost.Beast; the server translates to and from these types.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json.hpp>

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

  static Response json(const boost::json::value& v, int status = 200);
  static Response text(std::string body, std::string content_type, int status = 200);
  // A file download: sets Content-Disposition with a UTF-8 file name (RFC 5987).
  static Response download(std::string body, std::string content_type, const std::string& filename);
  static Response no_content();
};

// Who is calling. Issue #3 fills this from the session or API key; until then every caller is
// the local operator with the whole tree in scope.
struct Caller {
  int64_t user_id = 0;
  std::string username;
  bool authenticated = false;
};

// The part of the organization tree a caller may see: a set of subtree roots given as
// materialized paths ("/1/5/"). Every query that lists or counts is restricted by it.
struct Scope {
  bool everything = false;
  std::vector<std::string> paths;

  bool contains_path(std::string_view org_path) const;
  static Scope all() { return Scope{true, {}}; }
};

struct RequestContext {
  const Request& req;
  std::string request_id;
  std::string client_addr;
  Caller caller;
  Scope scope;
};

using Handler = std::function<Response(RequestContext&)>;

struct Route {
  std::string method;      // "GET", "POST", "PATCH", "PUT", "DELETE"
  std::string pattern;     // "/api/orgs/{id}/stats"
  std::string permission;  // the permission the route needs ("org.read", "public", ...); must not be empty
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

private:
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> split_;  // pattern segments, parallel to routes_
};

}  // namespace lianxin::http
