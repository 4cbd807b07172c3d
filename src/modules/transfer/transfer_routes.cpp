#include "modules/transfer/transfer_routes.hpp"

#include "http/errors.hpp"
#include "http/json_body.hpp"
#include "http/pagination.hpp"
#include "modules/common/route_util.hpp"

namespace lianxin::modules::transfer {

using http::RequestContext;
using http::Response;

namespace {

TransferFilter filter_from(const http::Request& req) {
  TransferFilter f;
  f.org_id = query_id(req, "org");
  f.direction = query_text(req, "direction");
  f.state = query_text(req, "state");
  if (req.query_param("overdue")) f.overdue = query_flag(req, "overdue");
  f.member_id = query_id(req, "member");
  return f;
}

// {version?, reason_code?, reason?}; an empty body is allowed for approve and accept.
Decision decision_from(const http::Request& req, bool with_reason) {
  Decision d;
  if (req.body.empty()) return d;
  http::JsonBody b(req.body);
  d.version = b.opt_int("version");
  if (with_reason) {
    d.reason_code = b.opt_str("reason_code");
    d.reason = b.opt_str("reason");
  }
  b.finish();
  return d;
}

}  // namespace

void register_transfer_routes(http::Router& r, TransferService& svc) {
  r.add({"GET", "/api/transfers", "transfer.read", [&svc](RequestContext& c) {
           return Response::json(svc.list(filter_from(c.req), c.scope, http::PageRequest::from(c.req)));
         }});
  r.add({"POST", "/api/transfers", "transfer.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           TransferInput in;
           in.member_id = b.opt_int("member_id");
           in.to_org_id = b.opt_int("to_org_id");
           in.reason = b.opt_str("reason");
           in.requested_by = b.opt_str("requested_by");
           b.finish();
           return Response::json(svc.create(in, meta_of(c), c.scope), 201);
         }});
  // A member's own account: its own transfers (self routes, beside GET /api/auth/me/member).
  r.add({"GET", "/api/auth/me/transfers", "self", [&svc](RequestContext& c) {
           if (!c.caller.member_id) throw http::not_found("党员档案");
           return Response::json(svc.list_own(c.caller.member_id, http::PageRequest::from(c.req)));
         }});
  r.add({"POST", "/api/auth/me/transfers", "self", [&svc](RequestContext& c) {
           if (!c.caller.member_id) throw http::not_found("党员档案");
           http::JsonBody b(c.req.body);
           TransferInput in;
           in.to_org_id = b.opt_int("to_org_id");
           in.reason = b.opt_str("reason");
           b.finish();
           return Response::json(svc.create_own(c.caller.member_id, in, meta_of(c)), 201);
         }});
  // The receiving branch of a new request is searched here, over the whole instance (see
  // TransferService::receiving_branches): by the registry, and by a member for its own request.
  r.add({"GET", "/api/transfers/branches", "transfer.write", [&svc](RequestContext& c) {
           const std::string* q = c.req.query_param("q");
           return Response::json(svc.receiving_branches(q ? *q : "", http::PageRequest::from(c.req)));
         }});
  r.add({"GET", "/api/auth/me/transfers/branches", "self", [&svc](RequestContext& c) {
           if (!c.caller.member_id) throw http::not_found("党员档案");
           const std::string* q = c.req.query_param("q");
           return Response::json(svc.receiving_branches(q ? *q : "", http::PageRequest::from(c.req)));
         }});
  r.add({"GET", "/api/transfers/{id}", "transfer.read", [&svc](RequestContext& c) {
           return Response::json(svc.detail(c.req.id_param(), c.scope, c.scope_of("transfer.write")));
         }});
  r.add({"POST", "/api/transfers/{id}/approve", "transfer.write", [&svc](RequestContext& c) {
           return Response::json(svc.approve(c.req.id_param(), decision_from(c.req, false), meta_of(c), c.scope));
         }});
  r.add({"POST", "/api/transfers/{id}/refuse", "transfer.write", [&svc](RequestContext& c) {
           return Response::json(svc.refuse(c.req.id_param(), decision_from(c.req, true), meta_of(c), c.scope));
         }});
  r.add({"POST", "/api/transfers/{id}/accept", "transfer.write", [&svc](RequestContext& c) {
           return Response::json(svc.accept(c.req.id_param(), decision_from(c.req, false), meta_of(c), c.scope));
         }});
}

}  // namespace lianxin::modules::transfer
