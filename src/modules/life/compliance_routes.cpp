#include "modules/life/compliance_routes.hpp"

#include "http/json_body.hpp"
#include "http/pagination.hpp"
#include "modules/common/route_util.hpp"

namespace lianxin::modules::life {

using http::RequestContext;
using http::Response;

void register_compliance_routes(http::Router& r, ComplianceService& svc) {
  // A branch's obligations, or the roll-up of an upper organization (?org= absent: the scope).
  r.add({"GET", "/api/meetings/compliance", "meeting.read", [&svc](RequestContext& c) {
           return Response::json(svc.compliance(query_id(c.req, "org"), query_text(c.req, "date"),
                                                 query_text(c.req, "as_of"), c.scope));
         }});
  r.add({"GET", "/api/meetings/compliance/branches", "meeting.read", [&svc](RequestContext& c) {
           DrillFilter f;
           f.org_id = query_id(c.req, "org");
           f.date = query_text(c.req, "date");
           f.as_of = query_text(c.req, "as_of");
           f.colour = query_text(c.req, "colour");
           f.rule = query_text(c.req, "rule");
           return Response::json(svc.branches(f, c.scope, http::PageRequest::from(c.req)));
         }});
  r.add({"GET", "/api/meetings/reminders", "meeting.read", [&svc](RequestContext& c) {
           return Response::json(svc.reminders(query_id(c.req, "org"), c.scope));
         }});
  r.add({"GET", "/api/meetings/absence-flags", "meeting.read", [&svc](RequestContext& c) {
           return Response::json(
               svc.absence_flags(query_id(c.req, "org"), query_text(c.req, "date"), c.scope, http::PageRequest::from(c.req)));
         }});
  r.add({"POST", "/api/meetings/{id}/review", "meeting.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           ReviewInput in;
           in.action = b.opt_str("action");
           in.reason = b.opt_str("reason");
           in.version = b.opt_int("version");
           b.finish();
           return Response::json(svc.review(c.req.id_param(), in, meta_of(c), c.scope));
         }});
  r.add({"GET", "/api/meetings/org-settings/{id}", "meeting.read", [&svc](RequestContext& c) {
           return Response::json(svc.org_settings(c.req.id_param(), c.scope));
         }});
  r.add({"PUT", "/api/meetings/org-settings/{id}", "meeting.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           return Response::json(svc.set_org_settings(c.req.id_param(), b.object(), meta_of(c), c.scope));
         }});
}

}  // namespace lianxin::modules::life
