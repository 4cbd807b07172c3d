#include "modules/recruit/recruit_routes.hpp"

#include <charconv>

#include "http/errors.hpp"
#include "http/json_body.hpp"
#include "http/pagination.hpp"
#include "modules/common/route_util.hpp"

namespace lianxin::modules::recruit {

namespace json = boost::json;
using http::RequestContext;
using http::Response;

namespace {

std::optional<int> query_range(const http::Request& req, const char* name, int lo, int hi) {
  const std::string* v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  int n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || p != v->data() + v->size() || n < lo || n > hi)
    throw http::bad_request("bad_parameter", std::string("参数 ") + name + " 应为" + std::to_string(lo) + "至" +
                                                 std::to_string(hi) + "的整数",
                            name);
  return n;
}

CaseFilter filter_from(const http::Request& req) {
  CaseFilter f;
  f.org_id = query_id(req, "org");
  f.state = query_text(req, "state");
  f.stage = query_range(req, "stage", 1, 5);
  f.step = query_range(req, "step", 1, 25);
  if (req.query_param("overdue")) f.overdue = query_flag(req, "overdue");
  f.due_month = query_text(req, "due_month");
  return f;
}

int year_param(const http::Request& req) {
  int64_t y = req.id_param("year");
  if (y > 9999) throw http::not_found("年份");
  return static_cast<int>(y);
}

}  // namespace

void register_recruit_routes(http::Router& r, RecruitService& svc) {
  r.add({"GET", "/api/recruitment/cases", "recruit.read", [&svc](RequestContext& c) {
           return Response::json(svc.list(filter_from(c.req), c.scope, http::PageRequest::from(c.req)));
         }});
  r.add({"POST", "/api/recruitment/cases", "recruit.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           CaseInput in;
           in.org_id = b.opt_int("org_id");
           in.name = b.opt_str("name");
           in.id_number = b.opt_str("id_number");
           in.birth_date = b.opt_str("birth_date");
           in.gender = b.opt_str("gender");
           in.unit = b.opt_str("unit");
           in.application_date = b.opt_str("application_date");
           b.finish();
           return Response::json(svc.create_case(in, meta_of(c), c.scope), 201);
         }});
  r.add({"GET", "/api/recruitment/cases/{id}", "recruit.read", [&svc](RequestContext& c) {
           return Response::json(svc.detail(c.req.id_param(), c.scope));
         }});
  r.add({"POST", "/api/recruitment/cases/{id}/steps", "recruit.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           return Response::json(svc.record_step(c.req.id_param(), b.object(), meta_of(c), c.scope), 201);
         }});
  r.add({"GET", "/api/recruitment/packs", "recruit.read", [&svc](RequestContext&) {
           return Response::json(svc.packs());
         }});
  r.add({"GET", "/api/recruitment/orgs/{id}/pack", "recruit.read", [&svc](RequestContext& c) {
           return Response::json(svc.org_pack(c.req.id_param(), c.scope));
         }});
  r.add({"PUT", "/api/recruitment/orgs/{id}/pack", "recruit.pack", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           auto pack_id = b.opt_str("pack_id");
           std::vector<std::string> overlays;
           if (auto* v = b.object().if_contains("overlays"); v && !v->is_null()) {
             if (!v->is_array()) b.add_error("overlays", "invalid_type", "应为文本数组");
             else
               for (const auto& o : v->as_array()) {
                 if (o.is_string()) overlays.emplace_back(o.as_string());
                 else b.add_error("overlays", "invalid_type", "应为文本数组");
               }
           }
           b.finish();
           if (pack_id && pack_id->empty()) pack_id.reset();
           return Response::json(svc.assign_pack(c.req.id_param(), pack_id, overlays, meta_of(c), c.scope));
         }});
  r.add({"GET", "/api/recruitment/calendar/{year}", "self", [&svc](RequestContext& c) {
           return Response::json(svc.calendar(year_param(c.req)));
         }});
  r.add({"PUT", "/api/recruitment/calendar/{year}", "calendar.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           return Response::json(svc.put_calendar(year_param(c.req), b.object(), meta_of(c), c.scope));
         }});
}

}  // namespace lianxin::modules::recruit
