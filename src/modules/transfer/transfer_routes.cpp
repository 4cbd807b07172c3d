#include "modules/transfer/transfer_routes.hpp"

#include "http/errors.hpp"
#include "http/json_body.hpp"
#include "http/pagination.hpp"
#include "modules/common/route_util.hpp"
#include "modules/member/member_routes.hpp"

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
  f.kind = query_text(req, "kind");
  f.awaiting = query_text(req, "awaiting");
  if (req.query_param("receipt_overdue")) f.receipt_overdue = query_flag(req, "receipt_overdue");
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

// The letter fields of POST /api/transfers/outgoing and /{id}/reissue.
LetterInput letter_from(http::JsonBody& b, bool issue) {
  LetterInput in;
  if (issue) in.member_id = b.opt_int("member_id");
  else in.version = b.opt_int("version");
  in.to_org_name = b.opt_str("to_org_name");
  in.channel = b.opt_str("channel");
  in.validity_days = b.opt_int("validity_days");
  in.cross_province = opt_bool(b, "cross_province");
  in.dues_paid_to = b.opt_str("dues_paid_to");
  in.issued_on = b.opt_str("issued_on");
  in.contact_phone = b.opt_str("contact_phone");
  in.contact_fax = b.opt_str("contact_fax");
  in.contact_postcode = b.opt_str("contact_postcode");
  in.reason = b.opt_str("reason");
  return in;
}

}  // namespace

// Across the instance boundary (transfer_letters.cpp): literal segments ("outgoing", "incoming",
// "letter-settings") win over /api/transfers/{id}.
void register_transfer_letter_routes(http::Router& r, TransferService& svc) {
  r.add({"GET", "/api/transfers/letter-settings", "transfer.read", [&svc](RequestContext&) {
           return Response::json(svc.letter_settings());
         }});
  r.add({"POST", "/api/transfers/outgoing", "transfer.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           LetterInput in = letter_from(b, true);
           b.finish();
           return Response::json(svc.issue_letter(in, meta_of(c), c.scope), 201);
         }});
  r.add({"POST", "/api/transfers/{id}/reissue", "transfer.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           LetterInput in = letter_from(b, false);
           b.finish();
           return Response::json(svc.reissue_letter(c.req.id_param(), in, meta_of(c), c.scope));
         }});
  r.add({"POST", "/api/transfers/{id}/cancel", "transfer.write", [&svc](RequestContext& c) {
           return Response::json(svc.cancel_letter(c.req.id_param(), decision_from(c.req, true), meta_of(c), c.scope));
         }});
  r.add({"POST", "/api/transfers/{id}/receipt", "transfer.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           ReceiptInput in;
           in.date = b.opt_str("date");
           in.org_name = b.opt_str("org_name");
           in.version = b.opt_int("version");
           b.finish();
           return Response::json(svc.record_receipt(c.req.id_param(), in, meta_of(c), c.scope));
         }});
  // The ID number is printed: the route needs member.reveal, and the read is audited as a reveal.
  r.add({"GET", "/api/transfers/{id}/letter", "member.reveal", [&svc](RequestContext& c) {
           return Response::json(svc.letter(c.req.id_param(), meta_of(c), c.scope));
         }});
  r.add({"POST", "/api/transfers/incoming", "transfer.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           IncomingInput in;
           in.member = member::member_input_from(b);
           in.letter_no = b.opt_str("letter_no");
           in.from_org_name = b.opt_str("from_org_name");
           in.dues_paid_to = b.opt_str("dues_paid_to");
           in.received_on = b.opt_str("received_on");
           in.letter_issued_on = b.opt_str("letter_issued_on");
           in.letter_validity_days = b.opt_int("letter_validity_days");
           b.finish();
           return Response::json(svc.register_incoming(in, meta_of(c), c.scope), 201);
         }});
}

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
  // Multi-hop paths (R-T10): the organization of the current hop forwards or returns the case.
  r.add({"POST", "/api/transfers/{id}/forward", "transfer.write", [&svc](RequestContext& c) {
           return Response::json(svc.forward(c.req.id_param(), decision_from(c.req, true), meta_of(c), c.scope));
         }});
  r.add({"POST", "/api/transfers/{id}/return", "transfer.write", [&svc](RequestContext& c) {
           return Response::json(svc.send_back(c.req.id_param(), decision_from(c.req, true), meta_of(c), c.scope));
         }});
  register_transfer_letter_routes(r, svc);
}

}  // namespace lianxin::modules::transfer
