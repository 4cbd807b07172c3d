#include "modules/dues/dues_routes.hpp"

#include "http/errors.hpp"
#include "http/json_body.hpp"
#include "http/pagination.hpp"
#include "modules/common/route_util.hpp"

namespace lianxin::modules::dues {

namespace json = boost::json;
using http::RequestContext;
using http::Response;

namespace {

PaymentInput payment_from(http::JsonBody& b, bool own) {
  PaymentInput in;
  if (!own) {
    in.member_id = b.opt_int("member_id");
    in.channel = b.opt_str("channel");
    in.payer = b.opt_str("payer");
    in.proxy_member_id = b.opt_int("proxy_member_id");
    in.confirm_findings = opt_bool(b, "confirm_findings").value_or(false);
  }
  in.from_month = b.opt_str("from_month");
  in.to_month = b.opt_str("to_month");
  in.extra_fen = b.opt_int("extra_fen");
  in.amount_fen = b.opt_int("amount_fen");
  in.note = b.opt_str("note");
  return in;
}

BaseInput base_from(http::JsonBody& b) {
  BaseInput in;
  in.member_id = b.opt_int("member_id");
  in.category = b.opt_str("category");
  in.base_fen = b.opt_int("base_fen");
  in.pension_basic_fen = b.opt_int("pension_basic_fen");
  in.social_insurance_fen = b.opt_int("social_insurance_fen");
  in.first_received = b.opt_str("first_received");
  in.note = b.opt_str("note");
  if (auto q = b.object().if_contains("previous_quarter_fen"); q && !q->is_null()) {
    std::vector<int64_t> v;
    bool ok = q->is_array() && q->as_array().size() == 3;
    if (ok)
      for (const auto& x : q->as_array()) {
        if (!x.is_int64()) ok = false;
        else v.push_back(x.as_int64());
      }
    if (ok) in.previous_quarter_fen = std::move(v);
    else b.add_error("previous_quarter_fen", "previous_quarter_fen.invalid", "应为上一季度三个月的月纯收入（分）");
  }
  return in;
}

DecisionInput decision_from(const http::Request& req) {
  http::JsonBody b(req.body);
  DecisionInput in;
  in.approval_ref = b.opt_str("approval_ref");
  in.note = b.opt_str("note");
  in.version = b.opt_int("version");
  b.finish();
  return in;
}

int64_t own_member(const RequestContext& c) {
  if (!c.caller.member_id) throw http::not_found("党员档案");
  return c.caller.member_id;
}

}  // namespace

void register_dues_routes(http::Router& r, DuesService& svc) {
  // Monthly periods.
  r.add({"GET", "/api/dues/periods", "dues.read", [&svc](RequestContext& c) {
           PeriodFilter f;
           f.org_id = query_id(c.req, "org");
           f.month = query_text(c.req, "month");
           f.state = query_text(c.req, "state");
           return Response::json(svc.list_periods(f, c.scope, http::PageRequest::from(c.req)));
         }});
  r.add({"POST", "/api/dues/periods", "dues.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           OpenInput in;
           in.org_id = b.opt_int("org_id");
           in.month = b.opt_str("month");
           in.subtree = opt_bool(b, "subtree").value_or(false);
           b.finish();
           return Response::json(svc.open(in, meta_of(c), c.scope), 201);
         }});
  r.add({"GET", "/api/dues/periods/{id}", "dues.read", [&svc](RequestContext& c) {
           return Response::json(svc.period(c.req.id_param(), c.scope));
         }});
  r.add({"GET", "/api/dues/periods/{id}/items", "dues.read", [&svc](RequestContext& c) {
           return Response::json(
               svc.items(c.req.id_param(), query_text(c.req, "state"), c.scope, http::PageRequest::from(c.req)));
         }});
  r.add({"POST", "/api/dues/periods/{id}/close", "dues.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body.empty() ? std::string("{}") : c.req.body);
           auto version = b.opt_int("version");
           b.finish();
           return Response::json(svc.close(c.req.id_param(), version, meta_of(c), c.scope));
         }});
  // Payments recorded by the branch; a member's ledger.
  r.add({"GET", "/api/dues/payments", "dues.read", [&svc](RequestContext& c) {
           return Response::json(svc.list_payments(query_id(c.req, "org"), query_id(c.req, "member"), c.scope,
                                                   http::PageRequest::from(c.req)));
         }});
  r.add({"POST", "/api/dues/payments", "dues.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           PaymentInput in = payment_from(b, false);
           b.finish();
           return Response::json(svc.record_payment(in, meta_of(c), c.scope), 201);
         }});
  r.add({"GET", "/api/dues/members/{id}", "dues.read", [&svc](RequestContext& c) {
           return Response::json(svc.member_ledger(c.req.id_param(), c.scope));
         }});
  // The payment gateway's notification: no session, authenticated by the HMAC-SHA256 signature of
  // the body (header X-Lianxin-Signature: sha256=<hex>, secret: setting dues-callback-secret).
  r.add({"POST", "/api/dues/callbacks/{provider}", "public", [&svc](RequestContext& c) {
           const std::string provider = c.req.path_params.at("provider");
           auto res = svc.callback(provider, c.req.body, c.req.header("x-lianxin-signature"), meta_of(c));
           return Response::json(res.body, res.status);
         }});
  // Bases.
  r.add({"GET", "/api/dues/bases", "dues.read", [&svc](RequestContext& c) {
           auto member = query_id(c.req, "member");
           if (!member) throw http::bad_request("bad_parameter", "请指定党员（member）", "member");
           return Response::json(svc.bases(*member, c.scope));
         }});
  r.add({"POST", "/api/dues/bases", "dues.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           BaseInput in = base_from(b);
           b.finish();
           return Response::json(svc.declare_base(in, meta_of(c), c.scope), 201);
         }});
  r.add({"POST", "/api/dues/bases/import", "dues.write", [&svc](RequestContext& c) {
           return Response::json(svc.import_bases(c.req.body, meta_of(c), c.scope), 201);
         }});
  // Reductions and exemptions (R-F01).
  r.add({"GET", "/api/dues/reductions", "dues.read", [&svc](RequestContext& c) {
           return Response::json(svc.list_reductions(query_id(c.req, "org"), query_text(c.req, "state"), c.scope,
                                                     http::PageRequest::from(c.req)));
         }});
  r.add({"POST", "/api/dues/reductions", "dues.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           ReductionInput in;
           in.member_id = b.opt_int("member_id");
           in.kind = b.opt_str("kind");
           in.monthly_fen = b.opt_int("monthly_fen");
           in.from_month = b.opt_str("from_month");
           in.to_month = b.opt_str("to_month");
           in.reason = b.opt_str("reason");
           b.finish();
           return Response::json(svc.propose_reduction(in, meta_of(c), c.scope), 201);
         }});
  r.add({"POST", "/api/dues/reductions/{id}/approve", "dues.approve", [&svc](RequestContext& c) {
           return Response::json(svc.decide_reduction(c.req.id_param(), true, decision_from(c.req), meta_of(c), c.scope));
         }});
  r.add({"POST", "/api/dues/reductions/{id}/reject", "dues.approve", [&svc](RequestContext& c) {
           return Response::json(svc.decide_reduction(c.req.id_param(), false, decision_from(c.req), meta_of(c), c.scope));
         }});
  // A member's own dues (self routes, beside /api/auth/me/transfers).
  r.add({"GET", "/api/auth/me/dues", "self", [&svc](RequestContext& c) {
           return Response::json(svc.own_ledger(own_member(c)));
         }});
  r.add({"GET", "/api/auth/me/dues/payments", "self", [&svc](RequestContext& c) {
           return Response::json(svc.own_payments(own_member(c), http::PageRequest::from(c.req)));
         }});
  r.add({"POST", "/api/auth/me/dues/payments", "self", [&svc](RequestContext& c) {
           const int64_t member = own_member(c);
           http::JsonBody b(c.req.body);
           PaymentInput in = payment_from(b, true);
           b.finish();
           return Response::json(svc.start_online(member, in, meta_of(c)), 201);
         }});
  r.add({"POST", "/api/auth/me/dues/bases", "self", [&svc](RequestContext& c) {
           const int64_t member = own_member(c);
           http::JsonBody b(c.req.body);
           BaseInput in = base_from(b);
           in.member_id.reset();
           b.finish();
           return Response::json(svc.declare_own_base(member, in, meta_of(c)), 201);
         }});
}

}  // namespace lianxin::modules::dues
