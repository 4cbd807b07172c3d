// Routes of the ledger, the member's own case and step attachments.
#include <charconv>

#include "http/errors.hpp"
#include "http/json_body.hpp"
#include "modules/common/route_util.hpp"
#include "modules/recruit/recruit_routes.hpp"

namespace lianxin::modules::recruit {

using http::RequestContext;
using http::Response;

namespace {

// ?year=YYYY, default this year.
int year_of(const RequestContext& c, const ModuleContext& ctx) {
  const std::string* v = c.req.query_param("year");
  if (!v || v->empty()) return ctx.today().year;
  int y = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), y);
  if (ec != std::errc() || p != v->data() + v->size())
    throw http::bad_request("bad_parameter", "year 应为四位年份", "year");
  return y;
}

}  // namespace

void register_recruit_ledger_routes(http::Router& r, RecruitLedger& ledger, RecruitAttachments& att,
                                    RecruitMeetings& meetings) {
  ModuleContext& ctx = ledger.context();
  r.add({"GET", "/api/recruitment/ledger", "recruit.read", [&ledger, &ctx](RequestContext& c) {
           return Response::json(ledger.ledger(query_id(c.req, "org"), year_of(c, ctx), c.scope));
         }});
  r.add({"GET", "/api/recruitment/ledger/export", "recruit.read", [&ledger, &ctx](RequestContext& c) {
           LedgerFile f = ledger.export_xlsx(query_id(c.req, "org"), year_of(c, ctx), meta_of(c), c.scope);
           return Response::download(std::move(f.file),
                                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", f.filename);
         }});
  // An account without a member record has no case to see: 404 like the other /api/auth/me/ routes.
  r.add({"POST", "/api/recruitment/meetings", "recruit.write", [&meetings](RequestContext& c) {
           http::JsonBody b(c.req.body);
           return Response::json(meetings.record(b.object(), meta_of(c), c.scope), 201);
         }});
  r.add({"GET", "/api/recruitment/meetings/roster", "recruit.read", [&meetings](RequestContext& c) {
           auto org = query_id(c.req, "org");
           if (!org) throw http::bad_request("bad_parameter", "须指定党支部（org）", "org");
           return Response::json(meetings.service().roster(*org, query_text(c.req, "date"), c.scope));
         }});
  r.add({"GET", "/api/auth/me/recruitment", "self", [&ledger](RequestContext& c) {
           if (!c.caller.member_id) throw http::not_found("党员档案");
           return Response::json(ledger.own_case(c.caller.member_id));
         }});
  r.add({"GET", "/api/recruitment/cases/{id}/attachments", "recruit.read", [&att](RequestContext& c) {
           return Response::json(att.list(c.req.id_param(), c.scope));
         }});
  r.add({"POST", "/api/recruitment/cases/{id}/steps/{record_id}/attachments", "recruit.write",
         [&att](RequestContext& c) {
           AttachmentUpload up;
           if (const std::string* q = c.req.query_param("filename")) up.file_name = *q;
           else up.file_name = percent_decode(c.req.header("x-filename"));
           up.content_type = c.req.header("content-type");
           up.bytes = &c.req.body;
           return Response::json(att.upload(c.req.id_param(), c.req.id_param("record_id"), up, meta_of(c), c.scope), 201);
         }});
  r.add({"GET", "/api/recruitment/cases/{id}/attachments/{att_id}", "recruit.read", [&att](RequestContext& c) {
           AttachmentFile f = att.download(c.req.id_param(), c.req.id_param("att_id"), meta_of(c), c.scope);
           return Response::download(std::move(f.body), f.content_type, f.file_name);
         }});
  r.add({"DELETE", "/api/recruitment/cases/{id}/attachments/{att_id}", "recruit.write", [&att](RequestContext& c) {
           att.remove(c.req.id_param(), c.req.id_param("att_id"), meta_of(c), c.scope);
           return Response::no_content();
         }});
}

}  // namespace lianxin::modules::recruit
