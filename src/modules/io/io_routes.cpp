#include "modules/io/io_routes.hpp"

#include <charconv>

#include "http/errors.hpp"
#include "http/json_body.hpp"
#include "http/pagination.hpp"
#include "modules/common/route_util.hpp"
#include "modules/io/import_json.hpp"

namespace lianxin::modules::io {

namespace json = boost::json;

namespace {

std::string query_or(const http::Request& req, const char* name, const char* dflt) {
  const std::string* v = req.query_param(name);
  return v && !v->empty() ? *v : std::string(dflt);
}

Upload upload_from(const http::Request& req) {
  Upload up;
  const std::string kind = query_or(req, "kind", "");
  const std::string policy = query_or(req, "policy", "skip");
  auto k = parse_kind(kind);
  if (!k) throw http::bad_request("invalid_kind", "kind 应为 members 或 orgs", "kind");
  auto p = parse_policy(policy);
  if (!p) throw http::bad_request("invalid_policy", "policy 应为 skip、update 或 fail", "policy");
  up.kind = *k;
  up.policy = *p;
  up.filename = query_or(req, "filename", "");
  up.bytes = req.body;
  return up;
}

// {"skip_invalid": true} in the body, or ?skip_invalid=true; an empty body means false.
bool skip_invalid_of(const http::Request& req) {
  if (const std::string* q = req.query_param("skip_invalid")) return *q == "true" || *q == "1";
  if (req.body.find_first_not_of(" \t\r\n") == std::string::npos) return false;
  http::JsonBody body(req.body);
  const json::value* v = body.object().if_contains("skip_invalid");
  if (v && !v->is_null() && !v->is_bool())
    body.add_error("skip_invalid", "skip_invalid.invalid", "skip_invalid 应为 true 或 false");
  body.finish();
  return v && v->is_bool() && v->get_bool();
}

int64_t org_param(const http::Request& req) {
  const std::string* s = req.query_param("org");
  int64_t v = 0;
  if (!s || s->empty()) throw http::bad_request("missing_org", "请指定要导出的党组织（org）", "org");
  auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || end != s->data() + s->size() || v <= 0) throw http::not_found("党组织");
  return v;
}

ExportFormat format_param(const http::Request& req) {
  auto f = parse_format(query_or(req, "format", "xlsx"));
  if (!f) throw http::bad_request("invalid_format", "format 应为 csv 或 xlsx", "format");
  return *f;
}

http::Response file_response(ExportFile f) {
  return http::Response::download(std::move(f.file), f.content_type, f.filename);
}

// The scope of the import permission a kind needs: member.import (the route's own) or org.import.
http::Scope import_scope(http::RequestContext& ctx, ImportKind kind) {
  http::Scope s = ctx.scope_of(import_permission(kind));
  if (!s.everything && s.paths.empty()) throw http::forbidden("permission_denied", "没有导入党组织的权限");
  return s;
}

BatchViewer viewer_of(const http::RequestContext& ctx) { return {ctx.caller.user_id, ctx.scope}; }

void add_import_routes(http::Router& router, ImportService& imports) {
  // The route needs member.import; a batch of organizations needs org.import as well, checked
  // here and in commit/rollback by the batch's kind.
  router.add({"POST", "/api/imports", "member.import", [&imports](http::RequestContext& ctx) {
                Upload up = upload_from(ctx.req);
                const http::Scope scope = import_scope(ctx, up.kind);
                return http::Response::json(report_json(imports.preview(up, meta_of(ctx), scope)), 201);
              }});
  router.add({"GET", "/api/imports", "member.import", [&imports](http::RequestContext& ctx) {
                const http::PageRequest page = http::PageRequest::from(ctx.req);
                std::optional<int64_t> before;
                if (page.after && !page.after->empty() && page.after->at(0).is_int64())
                  before = page.after->at(0).as_int64();
                int64_t total = 0;
                json::array items;
                for (const auto& b : imports.list(before, page.limit + 1, total, viewer_of(ctx)))
                  items.push_back(batch_json(b));
                return http::Response::json(
                    http::page_body(std::move(items), total, page.limit,
                                    [](const json::value& v) { return json::array{v.as_object().at("id")}; }));
              }});
  router.add({"GET", "/api/imports/{id}", "member.import", [&imports](http::RequestContext& ctx) {
                return http::Response::json(report_json(imports.get(ctx.req.id_param(), viewer_of(ctx))));
              }});
  router.add({"GET", "/api/imports/{id}/errors", "member.import", [&imports](http::RequestContext& ctx) {
                const int64_t id = ctx.req.id_param();
                return http::Response::download(imports.errors_csv(id, viewer_of(ctx)), "text/csv; charset=utf-8",
                                                "导入错误-" + std::to_string(id) + ".csv");
              }});
  router.add({"POST", "/api/imports/{id}/commit", "member.import", [&imports](http::RequestContext& ctx) {
                const int64_t id = ctx.req.id_param();
                const bool skip = skip_invalid_of(ctx.req);
                return http::Response::json(report_json(imports.commit(id, skip, meta_of(ctx), ctx.scope_of)));
              }});
  router.add({"POST", "/api/imports/{id}/rollback", "member.import", [&imports](http::RequestContext& ctx) {
                return http::Response::json(
                    report_json(imports.rollback(ctx.req.id_param(), meta_of(ctx), ctx.scope_of)));
              }});
}

void add_export_routes(http::Router& router, ExportService& exports) {
  router.add({"GET", "/api/exports/members", "member.export", [&exports](http::RequestContext& ctx) {
                const int64_t org = org_param(ctx.req);
                const ExportFormat format = format_param(ctx.req);
                // Full ID numbers and phones need member.reveal on the subtree as well as
                // member.export. Every export is audited, with the reveal flag.
                const bool reveal = query_or(ctx.req, "reveal", "false") == "true";
                http::Scope scope = ctx.scope;
                if (reveal) {  // what the caller sees stays the same: outside it 404, inside it 403
                  const http::Scope both = http::Scope::intersect(ctx.scope, ctx.scope_of("member.reveal"));
                  scope.everything = both.everything;
                  scope.paths = both.paths;
                }
                return file_response(exports.members(org, format, reveal, meta_of(ctx), scope));
              }});
  router.add({"GET", "/api/exports/orgs", "org.export", [&exports](http::RequestContext& ctx) {
                const int64_t org = org_param(ctx.req);
                return file_response(exports.orgs(org, format_param(ctx.req), meta_of(ctx), ctx.scope));
              }});
}

}  // namespace

void register_io_routes(http::Router& router, ImportService& imports, ExportService& exports) {
  add_import_routes(router, imports);
  add_export_routes(router, exports);
}

}  // namespace lianxin::modules::io
