#include "modules/audit/audit_routes.hpp"

#include "http/pagination.hpp"
#include "modules/common/route_util.hpp"

namespace lianxin::modules::audit {

namespace json = boost::json;

namespace {

std::optional<std::string> text(const http::Request& req, const char* name) {
  const std::string* v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  return *v;
}

// ?from=&to=&actor_id=&actor=&entity=&entity_id=&action=&org=
Filter filter_from(const http::Request& req) {
  Filter f;
  f.from = text(req, "from");
  f.to = text(req, "to");
  f.actor_id = query_id(req, "actor_id");
  f.actor = text(req, "actor");
  f.entity = text(req, "entity");
  f.entity_id = text(req, "entity_id");
  f.action = text(req, "action");
  f.org_id = query_id(req, "org");
  return f;
}

json::object verify_json(const VerifyResult& v) {
  return json::object{{"ok", v.ok},
                      {"checked", v.checked},
                      {"first_broken_seq", v.first_broken_seq ? json::value(*v.first_broken_seq) : nullptr},
                      {"reason", v.ok ? json::value(nullptr) : json::value(v.reason)},
                      {"head_seq", v.head_seq},
                      {"purged_through", v.purged_through}};
}

}  // namespace

void register_audit_routes(http::Router& r, AuditService& svc) {
  r.add({"GET", "/api/audit", "audit.read", [&svc](http::RequestContext& c) {
           return http::Response::json(svc.search(filter_from(c.req), c.scope, http::PageRequest::from(c.req)));
         }});
  r.add({"GET", "/api/audit/export", "audit.export", [&svc](http::RequestContext& c) {
           const std::string format = text(c.req, "format").value_or("csv");
           ExportedFile f = svc.export_file(filter_from(c.req), format, meta_of(c), c.scope);
           return http::Response::download(std::move(f.file), f.content_type, f.filename);
         }});
  r.add({"GET", "/api/audit/verify", "audit.read", [&svc](http::RequestContext&) {
           return http::Response::json(verify_json(svc.verify()));
         }});
}

}  // namespace lianxin::modules::audit
