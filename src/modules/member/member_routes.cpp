#include "modules/member/member_routes.hpp"

#include <charconv>


#include "http/errors.hpp"
#include "http/json_body.hpp"
#include "http/pagination.hpp"
#include "modules/common/route_util.hpp"

namespace lianxin::modules::member {

namespace json = boost::json;
using http::RequestContext;
using http::Response;

namespace {

// A text field of a PATCH/POST body: absent -> nullopt; null -> "" (clears on update).
std::optional<std::string> field(http::JsonBody& b, const char* key) {
  auto v = b.object().if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::string();
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_number()) return json::serialize(*v);  // e.g. an income base sent as a number
  b.add_error(key, std::string(key) + ".invalid", "应为文本");
  return std::nullopt;
}

}  // namespace

MemberService::Input member_input_from(http::JsonBody& b) {
  MemberService::Input in;
  auto& d = in.draft;
  d.name = field(b, "name");
  d.id_number = field(b, "id_number");
  d.gender = field(b, "gender");
  d.birth_date = field(b, "birth_date");
  d.ethnicity = field(b, "ethnicity");
  d.education = field(b, "education");
  d.category = field(b, "category");
  d.status = field(b, "status");
  d.application_date = field(b, "application_date");
  d.join_date = field(b, "join_date");
  d.full_date = field(b, "full_date");
  d.employment = field(b, "employment");
  d.position = field(b, "position");
  d.mobile = field(b, "mobile");
  d.landline = field(b, "landline");
  d.address = field(b, "address");
  d.income_base = field(b, "income_base");
  in.org_id = b.opt_int("org_id");
  in.org_code = b.opt_str("org_code");
  return in;
}

namespace {

std::optional<int> query_int(const http::Request& req, const char* name) {
  const std::string* v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  int n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || p != v->data() + v->size() || n < 0 || n > 150)
    throw http::bad_request("bad_parameter", std::string("参数 ") + name + " 应为0至150的整数", name);
  return n;
}

MemberFilter filter_from(const http::Request& req) {
  MemberFilter f;
  f.org_id = query_id(req, "org");
  f.category = query_text(req, "category");
  f.status = query_text(req, "status");
  if (f.status && *f.status == "all") {
    f.status.reset();
    f.all_statuses = true;
  }
  f.gender = query_text(req, "gender");
  f.education = query_text(req, "education");
  f.ethnicity = query_text(req, "ethnicity");
  f.name_prefix = query_text(req, "name");
  f.age_min = query_int(req, "age_min");
  f.age_max = query_int(req, "age_max");
  if (auto s = query_text(req, "sort")) f.sort = *s;
  if (auto o = query_text(req, "order")) {
    if (*o != "asc" && *o != "desc") throw http::bad_request("bad_parameter", "order 只能是 asc 或 desc", "order");
    f.descending = *o == "desc";
  }
  return f;
}

}  // namespace

void register_member_routes(http::Router& r, MemberService& svc) {
  r.add({"GET", "/api/members", "member.read", [&svc](RequestContext& c) {
           return Response::json_text(svc.list(filter_from(c.req), c.scope, http::PageRequest::from(c.req)));
         }});
  r.add({"POST", "/api/members", "member.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           MemberService::Input in = member_input_from(b);
           b.finish();
           MemberRecord m = svc.create(in, meta_of(c), c.scope);
           return Response::json_text(svc.detail_json(m), 201);
         }});
  r.add({"GET", "/api/members/{id}", "member.read", [&svc](RequestContext& c) {
           return Response::json_text(svc.detail_json(svc.get(c.req.id_param(), c.scope)));
         }});
  r.add({"PATCH", "/api/members/{id}", "member.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           MemberService::Input in = member_input_from(b);
           auto version = b.opt_int("version");
           auto eff = b.opt_str("effective_date");
           b.finish();
           MemberRecord m = svc.update(c.req.id_param(), in, version, eff, meta_of(c), c.scope);
           return Response::json_text(svc.detail_json(m));
         }});
  r.add({"POST", "/api/members/{id}/status", "member.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           MemberService::StatusChange ch;
           ch.status = b.str("status");
           ch.effective_date = b.opt_str("effective_date");
           ch.reason = b.opt_str("reason");
           ch.approver = b.opt_str("approver");
           ch.kind = b.opt_str("kind");
           ch.lost_since = b.opt_str("lost_since");
           ch.expected_version = b.opt_int("version");
           b.finish();
           MemberRecord m = svc.change_status(c.req.id_param(), ch, meta_of(c), c.scope);
           return Response::json_text(svc.detail_json(m));
         }});
  r.add({"GET", "/api/members/{id}/status", "member.read", [&svc](RequestContext& c) {
           return Response::json(svc.status_view(c.req.id_param(), c.scope));
         }});
  r.add({"GET", "/api/members/status-reviews", "member.read", [&svc](RequestContext& c) {
           return Response::json(svc.status_reviews(query_id(c.req, "org"), query_text(c.req, "kind"), c.scope,
                                                    http::PageRequest::from(c.req)));
         }});
  r.add({"POST", "/api/members/{id}/reveal", "member.reveal", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           std::string f = b.str("field");
           auto reason = b.opt_str("reason");
           b.finish();
           int64_t id = c.req.id_param();
           std::string value = svc.reveal(id, f, reason, meta_of(c), c.scope);  // audited, never the value
           return Response::json(json::object{{"id", id}, {"field", f}, {"value", value}});
         }});
  r.add({"GET", "/api/members/{id}/history", "member.read", [&svc](RequestContext& c) {
           return Response::json(svc.history(c.req.id_param(), c.scope, http::PageRequest::from(c.req)));
         }});
  r.add({"POST", "/api/members/lookup", "member.read", [&svc](RequestContext& c) {
           // POST, so the ID number never appears in a URL or an access log.
           http::JsonBody b(c.req.body);
           std::string idn = b.str("id_number");
           b.finish();
           auto found = svc.find_in_scope_by_id_number(idn, meta_of(c), c.scope);
           if (!found) throw http::not_found("党员");
           return Response::json_text(svc.detail_json(*found));
         }});
}

}  // namespace lianxin::modules::member
