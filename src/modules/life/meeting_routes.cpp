#include "modules/life/meeting_routes.hpp"

#include <charconv>

#include "http/errors.hpp"
#include "http/json_body.hpp"
#include "http/pagination.hpp"
#include "modules/common/route_util.hpp"

namespace lianxin::modules::life {

namespace json = boost::json;
using http::RequestContext;
using http::Response;

namespace {

MeetingInput input_of(http::JsonBody& b) {
  MeetingInput in;
  in.org_id = b.opt_int("org_id");
  if (const auto* v = b.object().if_contains("types"); v && !v->is_null()) {
    std::vector<std::string> codes;
    if (!v->is_array()) b.add_error("types", "invalid_type", "应为会议类型代码的数组");
    else
      for (const auto& t : v->as_array()) {
        if (t.is_string()) codes.emplace_back(t.as_string());
        else b.add_error("types", "invalid_type", "应为会议类型代码的数组");
      }
    in.types = std::move(codes);
  }
  in.topic = b.opt_str("topic");
  in.starts_at = b.opt_str("starts_at");
  in.ends_at = b.opt_str("ends_at");
  in.place = b.opt_str("place");
  in.online = opt_bool(b, "online");
  in.host = b.opt_str("host");
  in.recorder = b.opt_str("recorder");
  in.lecturer = b.opt_str("lecturer");
  in.version = b.opt_int("version");
  b.finish();
  return in;
}

// The console's address as the secretary's browser reached it (for the URL in the QR code when
// no public-url is set); a proxy says the scheme in X-Forwarded-Proto.
std::string origin_of(const http::Request& req) {
  std::string proto = req.header("x-forwarded-proto");
  if (proto != "https") proto = "http";
  return proto + "://" + req.header("host");
}

int64_t member_of(const RequestContext& c) {
  if (!c.caller.member_id) throw http::not_found("党员档案");
  return c.caller.member_id;
}

}  // namespace

void register_meeting_routes(http::Router& r, MeetingService& svc) {
  r.add({"GET", "/api/meetings", "meeting.read", [&svc](RequestContext& c) {
           MeetingFilter f;
           f.org_id = query_id(c.req, "org");
           f.from = query_text(c.req, "from");
           f.to = query_text(c.req, "to");
           f.type = query_text(c.req, "type");
           f.state = query_text(c.req, "state");
           return Response::json(svc.list(f, c.scope, http::PageRequest::from(c.req)));
         }});
  r.add({"POST", "/api/meetings", "meeting.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           return Response::json(svc.plan(input_of(b), meta_of(c), c.scope), 201);
         }});
  r.add({"GET", "/api/meetings/{id}", "meeting.read", [&svc](RequestContext& c) {
           return Response::json(svc.detail(c.req.id_param(), c.scope));
         }});
  r.add({"PATCH", "/api/meetings/{id}", "meeting.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           MeetingInput in = input_of(b);
           if (in.org_id) throw http::validation_failed({{"org_id", "org_id.fixed", "会议的召开组织不能修改，请取消后重新计划"}});
           return Response::json(svc.edit(c.req.id_param(), in, meta_of(c), c.scope));
         }});
  r.add({"POST", "/api/meetings/{id}/cancel", "meeting.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           auto reason = b.opt_str("reason");
           b.finish();
           return Response::json(svc.cancel(c.req.id_param(), reason, meta_of(c), c.scope));
         }});
  // The code changes every checkin-token-seconds: never cached.
  r.add({"GET", "/api/meetings/{id}/checkin-qr", "meeting.write", [&svc](RequestContext& c) {
           auto code = svc.checkin_code(c.req.id_param(), false, origin_of(c.req), c.scope);
           Response res = Response::text(std::move(code.svg), "image/svg+xml");
           res.headers.emplace_back("Cache-Control", "no-store");
           res.headers.emplace_back("X-Checkin-Url", code.url);
           res.headers.emplace_back("X-Checkin-Expires-At", timestamp_at(code.expires_at));
           return res;
         }});
  r.add({"GET", "/api/meetings/{id}/checkin-link", "meeting.write", [&svc](RequestContext& c) {
           auto code = svc.checkin_code(c.req.id_param(), true, origin_of(c.req), c.scope);
           return Response::json(json::object{
               {"url", code.url}, {"token", code.token}, {"expires_at", timestamp_at(code.expires_at)}});
         }});
  r.add({"POST", "/api/meetings/{id}/attendees/{attendee_id}/checkin", "meeting.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           auto reason = b.opt_str("reason");
           b.finish();
           return Response::json(
               svc.manual_checkin(c.req.id_param(), c.req.id_param("attendee_id"), reason, meta_of(c), c.scope));
         }});
  r.add({"POST", "/api/meetings/{id}/attendees/{attendee_id}/leave", "meeting.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           auto approve = opt_bool(b, "approve");
           auto note = b.opt_str("note");
           b.finish();
           return Response::json(
               svc.decide_leave(c.req.id_param(), c.req.id_param("attendee_id"), approve, note, meta_of(c), c.scope));
         }});
  r.add({"POST", "/api/meetings/{id}/record", "meeting.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           auto minutes = b.opt_str("minutes");
           auto resolutions = b.opt_str("resolutions");
           auto version = b.opt_int("version");
           b.finish();
           return Response::json(svc.record(c.req.id_param(), minutes, resolutions, version, meta_of(c), c.scope));
         }});
  r.add({"POST", "/api/meetings/{id}/votes", "meeting.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           VoteInput in;
           in.item = b.opt_str("item");
           in.kind = b.opt_str("kind");
           in.yes = b.opt_int("yes");
           in.no = b.opt_int("no");
           in.abstain = b.opt_int("abstain");
           b.finish();
           return Response::json(svc.add_vote(c.req.id_param(), in, meta_of(c), c.scope), 201);
         }});
  r.add({"POST", "/api/meetings/{id}/files", "meeting.write", [&svc](RequestContext& c) {
           FileUpload up;
           if (const std::string* q = c.req.query_param("filename")) up.file_name = *q;
           else up.file_name = percent_decode(c.req.header("x-filename"));
           up.content_type = c.req.header("content-type");
           up.bytes = &c.req.body;
           return Response::json(svc.upload(c.req.id_param(), up, query_text(c.req, "kind"), meta_of(c), c.scope), 201);
         }});
  r.add({"GET", "/api/meetings/{id}/files/{file_id}", "meeting.read", [&svc](RequestContext& c) {
           MeetingFile f = svc.download(c.req.id_param(), c.req.id_param("file_id"), meta_of(c), c.scope);
           return Response::download(std::move(f.body), f.content_type, f.file_name);
         }});
  r.add({"DELETE", "/api/meetings/{id}/files/{file_id}", "meeting.write", [&svc](RequestContext& c) {
           svc.remove_file(c.req.id_param(), c.req.id_param("file_id"), meta_of(c), c.scope);
           return Response::no_content();
         }});

  // ---- the member's own (an account without a member record: 404 like the other /api/auth/me/ routes)
  r.add({"GET", "/api/auth/me/meetings", "self", [&svc](RequestContext& c) {
           return Response::json(svc.own(member_of(c), 6));
         }});
  r.add({"POST", "/api/auth/me/meetings/checkin", "self", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           auto token = b.opt_str("token");
           b.finish();
           return Response::json(svc.checkin(member_of(c), token.value_or(""), meta_of(c)));
         }});
  r.add({"POST", "/api/auth/me/meetings/{id}/leave", "self", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           auto reason = b.opt_str("reason");
           b.finish();
           return Response::json(svc.request_leave(member_of(c), c.req.id_param(), reason, meta_of(c)));
         }});
}

}  // namespace lianxin::modules::life
