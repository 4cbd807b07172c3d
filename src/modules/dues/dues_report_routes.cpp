// Routes of the dues reports. Every ?org= is scope-checked by the service (404 outside what the
// caller sees, 403 inside it without dues.read); without it the caller's scope is the subtree.
#include "modules/dues/dues_report_routes.hpp"

#include <charconv>

#include "http/errors.hpp"
#include "http/json_body.hpp"
#include "modules/common/route_util.hpp"

namespace lianxin::modules::dues {

using http::RequestContext;
using http::Response;

namespace {

constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

std::optional<int> query_int(const RequestContext& c, const char* name, const char* message) {
  const std::string* v = c.req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  int n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || p != v->data() + v->size()) throw http::bad_request("bad_parameter", message, name);
  return n;
}

// ?year=YYYY, default this year.
int year_of(const RequestContext& c, const ModuleContext& ctx) {
  return query_int(c, "year", "year 应为四位年份").value_or(ctx.today().year);
}

// ?month=YYYY-MM, default this month.
domain::YearMonth month_of(const RequestContext& c, const ModuleContext& ctx) {
  const std::string* v = c.req.query_param("month");
  if (!v || v->empty()) return domain::YearMonth::of(ctx.today());
  auto m = domain::YearMonth::parse(*v);
  if (!m || m->year < 1921) throw http::bad_request("bad_parameter", "month 格式应为 YYYY-MM", "month");
  return *m;
}

}  // namespace

void register_dues_report_routes(http::Router& r, DuesReportService& svc) {
  ModuleContext& ctx = svc.context();
  r.add({"GET", "/api/dues/arrears", "dues.read", [&svc](RequestContext& c) {
           return Response::json(svc.arrears_members(query_id(c.req, "org"),
                                                     query_int(c, "min_months", "min_months 应为正整数"), c.scope,
                                                     http::PageRequest::from(c.req)));
         }});
  r.add({"GET", "/api/dues/arrears/orgs", "dues.read", [&svc](RequestContext& c) {
           return Response::json(svc.arrears_orgs(query_id(c.req, "org"), c.scope));
         }});
  r.add({"GET", "/api/dues/unpaid-flags", "dues.read", [&svc](RequestContext& c) {
           return Response::json(svc.unpaid_flags(query_id(c.req, "org"), c.scope, http::PageRequest::from(c.req)));
         }});
  r.add({"GET", "/api/dues/reports/month", "dues.read", [&svc, &ctx](RequestContext& c) {
           return Response::json(svc.month_report(query_id(c.req, "org"), month_of(c, ctx), c.scope));
         }});
  r.add({"GET", "/api/dues/reports/year", "dues.read", [&svc, &ctx](RequestContext& c) {
           return Response::json(svc.year_report(query_id(c.req, "org"), year_of(c, ctx), c.scope));
         }});
  r.add({"GET", "/api/dues/reports/statement", "dues.read", [&svc, &ctx](RequestContext& c) {
           return Response::json(svc.statement(query_id(c.req, "org"), year_of(c, ctx), c.scope));
         }});
  r.add({"GET", "/api/dues/reports/register/export", "dues.read", [&svc, &ctx](RequestContext& c) {
           ReportFile f = svc.register_xlsx(query_id(c.req, "org"), year_of(c, ctx), meta_of(c), c.scope);
           return Response::download(std::move(f.file), kXlsx, f.filename);
         }});
  r.add({"GET", "/api/dues/reports/summary/export", "dues.read", [&svc, &ctx](RequestContext& c) {
           ReportFile f = svc.summary_xlsx(query_id(c.req, "org"), year_of(c, ctx), meta_of(c), c.scope);
           return Response::download(std::move(f.file), kXlsx, f.filename);
         }});
  // The remittance of a year's dues (R-F10): default the year before, the one due this April.
  r.add({"GET", "/api/dues/remittance", "dues.read", [&svc, &ctx](RequestContext& c) {
           const int year = query_int(c, "year", "year 应为四位年份").value_or(ctx.today().year - 1);
           return Response::json(svc.remittance(query_id(c.req, "org"), year, c.scope));
         }});
  r.add({"POST", "/api/dues/remittances", "dues.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           return Response::json(svc.record_remittance(b, meta_of(c), c.scope), 201);
         }});
  r.add({"GET", "/api/dues/reconciliation", "dues.read", [&svc](RequestContext& c) {
           const int hours = query_int(c, "pending_hours", "pending_hours 应为整数").value_or(24);
           return Response::json(svc.reconciliation(query_id(c.req, "org"), hours, c.scope));
         }});
}

}  // namespace lianxin::modules::dues
