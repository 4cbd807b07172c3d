#include "modules/mobile/mobile_routes.hpp"

#include "http/errors.hpp"
#include "http/json_body.hpp"
#include "http/pagination.hpp"
#include "modules/common/route_util.hpp"

namespace lianxin::modules::mobile {

namespace json = boost::json;
using http::RequestContext;
using http::Response;

namespace {

MobileFilter filter_from(const http::Request& req) {
  MobileFilter f;
  f.org_id = query_id(req, "org");
  f.direction = query_text(req, "direction");
  f.state = query_text(req, "state");
  if (req.query_param("contact_overdue")) f.contact_overdue = query_flag(req, "contact_overdue");
  f.member_id = query_id(req, "member");
  return f;
}

// The fields both registrations share.
void common_from(http::JsonBody& b, MobileInput& in) {
  in.host_org_id = b.opt_int("host_org_id");
  in.destination = b.opt_str("destination");
  in.reason = b.opt_str("reason");
  in.start_date = b.opt_str("start_date");
  in.expected_months = b.opt_int("expected_months");
  in.card_no = b.opt_str("card_no");
  in.card_issued_on = b.opt_str("card_issued_on");
  in.card_issuer = b.opt_str("card_issuer");
  in.contact_name = b.opt_str("contact_name");
  in.contact_phone = b.opt_str("contact_phone");
}

}  // namespace

void register_mobile_routes(http::Router& r, MobileService& svc) {
  r.add({"GET", "/api/mobile-members", "mobile.read", [&svc](RequestContext& c) {
           return Response::json(svc.list(filter_from(c.req), c.scope, http::PageRequest::from(c.req)));
         }});
  // Outflow (流出), by the home branch.
  r.add({"POST", "/api/mobile-members", "mobile.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           MobileInput in;
           in.member_id = b.opt_int("member_id");
           common_from(b, in);
           in.transfer_exception = b.opt_str("transfer_exception");
           b.finish();
           return Response::json(svc.register_outflow(in, meta_of(c), c.scope), 201);
         }});
  // Inflow (流入) of a member from outside the instance, by the host branch.
  r.add({"POST", "/api/mobile-members/inflow", "mobile.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           MobileInput in;
           in.name = b.opt_str("name");
           in.id_number = b.opt_str("id_number");
           in.home_org_name = b.opt_str("home_org_name");
           common_from(b, in);
           b.finish();
           return Response::json(svc.register_inflow(in, meta_of(c), c.scope), 201);
         }});
  r.add({"GET", "/api/mobile-members/{id}", "mobile.read", [&svc](RequestContext& c) {
           return Response::json(svc.detail(c.req.id_param(), c.scope));
         }});
  r.add({"POST", "/api/mobile-members/{id}/contacts", "mobile.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           ContactInput in;
           in.contact_on = b.opt_str("contact_on");
           in.way = b.opt_str("way");
           in.note = b.opt_str("note");
           b.finish();
           return Response::json(svc.add_contact(c.req.id_param(), in, meta_of(c), c.scope), 201);
         }});
  r.add({"POST", "/api/mobile-members/{id}/return", "mobile.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           ReturnInput in;
           in.returned_on = b.opt_str("returned_on");
           in.card_checked = opt_bool(b, "card_checked");
           in.note = b.opt_str("note");
           in.version = b.opt_int("version");
           b.finish();
           return Response::json(svc.close(c.req.id_param(), in, meta_of(c), c.scope));
         }});
  r.add({"POST", "/api/mobile-members/{id}/reveal", "member.reveal", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           std::string f = b.str("field");
           auto reason = b.opt_str("reason");
           b.finish();
           const int64_t id = c.req.id_param();
           std::string value = svc.reveal(id, f, reason, meta_of(c), c.scope);  // audited, never the value
           return Response::json(json::object{{"id", id}, {"field", f}, {"value", value}});
         }});
}

}  // namespace lianxin::modules::mobile
