#include "modules/org/org_routes.hpp"

#include "http/errors.hpp"
#include "http/json_body.hpp"
#include "http/pagination.hpp"
#include "modules/common/route_util.hpp"

namespace lianxin::modules::org {

namespace json = boost::json;
using http::RequestContext;
using http::Response;

namespace {

OrgDraft draft_from(http::JsonBody& b) {
  OrgDraft d;
  d.code = b.opt_str("code");
  d.name = b.opt_str("name");
  d.kind = b.opt_str("kind");
  d.parent_id = b.opt_int("parent_id");
  d.parent_code = b.opt_str("parent_code");
  d.host_unit = b.opt_str("host_unit");
  d.region_code = b.opt_str("region_code");
  d.category = b.opt_str("category");
  d.established_date = b.opt_str("established_date");
  d.contact_name = b.opt_str("contact_name");
  d.contact_phone = b.opt_str("contact_phone");
  d.village_or_community = opt_bool(b, "village_or_community");
  d.can_approve_probationary = opt_bool(b, "can_approve_probationary");
  d.can_transfer_directly = opt_bool(b, "can_transfer_directly");
  return d;
}

// The parent (by id or code) must be in the caller's scope; a new top-level organization needs a
// scope over the whole tree.
void require_parent_in_scope(OrgService& svc, const OrgDraft& d, const http::Scope& scope) {
  if (d.parent_id) {
    svc.get(*d.parent_id, scope);
  } else if (d.parent_code && !d.parent_code->empty()) {
    svc.get_by_code(*d.parent_code, scope);
  } else if (!scope.everything) {
    throw http::forbidden("permission_denied", "只有管理全部组织的账号可以新建顶级党组织");
  }
}

}  // namespace

void register_org_routes(http::Router& r, OrgService& svc) {
  r.add({"GET", "/api/orgs", "org.read", [&svc](RequestContext& c) {
           const std::string* q = c.req.query_param("q");
           auto kinds = query_codes(c.req, "kind", domain::org_kinds());
           return Response::json(svc.search(q ? *q : "", kinds, c.scope, http::PageRequest::from(c.req),
                                            query_flag(c.req, "include_dissolved")));
         }});
  r.add({"POST", "/api/orgs", "org.write", [&svc](RequestContext& c) {
           http::JsonBody b(c.req.body);
           OrgDraft d = draft_from(b);
           b.finish();
           require_parent_in_scope(svc, d, c.scope);
           OrgRecord o = svc.create(d, meta_of(c));
           return Response::json(svc.to_json(o), 201);
         }});
  r.add({"GET", "/api/orgs/{id}", "org.read", [&svc](RequestContext& c) {
           OrgRecord o = svc.get(c.req.id_param(), c.scope);
           return Response::json(svc.detail_json(o));
         }});
  r.add({"PATCH", "/api/orgs/{id}", "org.write", [&svc](RequestContext& c) {
           int64_t id = c.req.id_param();
           svc.get(id, c.scope);
           http::JsonBody b(c.req.body);
           OrgDraft d = draft_from(b);
           auto eff = b.opt_str("effective_date");
           auto version = b.opt_int("version");
           b.finish();
           return Response::json(svc.to_json(svc.update(id, d, eff, version, meta_of(c))));
         }});
  r.add({"POST", "/api/orgs/{id}/move", "org.write", [&svc](RequestContext& c) {
           int64_t id = c.req.id_param();
           svc.get(id, c.scope);
           http::JsonBody b(c.req.body);
           int64_t parent = b.integer("parent_id");
           auto eff = b.opt_str("effective_date");
           auto reason = b.opt_str("reason");
           b.finish();
           svc.get(parent, c.scope);
           return Response::json(svc.to_json(svc.move(id, parent, eff, reason, meta_of(c))));
         }});
  r.add({"POST", "/api/orgs/{id}/dissolve", "org.write", [&svc](RequestContext& c) {
           int64_t id = c.req.id_param();
           svc.get(id, c.scope);
           http::JsonBody b(c.req.body);
           auto date = b.opt_str("date");
           std::string reason = b.str("reason");
           b.finish();
           return Response::json(svc.to_json(svc.dissolve(id, date, reason, meta_of(c))));
         }});
  r.add({"GET", "/api/orgs/{id}/children", "org.read", [&svc](RequestContext& c) {
           return Response::json(svc.children(c.req.id_param(), c.scope, http::PageRequest::from(c.req)));
         }});
  r.add({"GET", "/api/orgs/{id}/subtree", "org.read", [&svc](RequestContext& c) {
           return Response::json(svc.subtree(c.req.id_param(), c.scope, http::PageRequest::from(c.req),
                                             query_flag(c.req, "include_dissolved")));
         }});
  r.add({"GET", "/api/orgs/{id}/ancestors", "org.read", [&svc](RequestContext& c) {
           return Response::json(svc.ancestors(c.req.id_param(), c.scope));
         }});
  r.add({"GET", "/api/orgs/{id}/history", "org.read", [&svc](RequestContext& c) {
           return Response::json(svc.history(c.req.id_param(), c.scope, http::PageRequest::from(c.req)));
         }});
  r.add({"GET", "/api/orgs/{id}/terms", "org.read", [&svc](RequestContext& c) {
           return Response::json(svc.terms(c.req.id_param(), c.scope, http::PageRequest::from(c.req)));
         }});
  r.add({"POST", "/api/orgs/{id}/terms", "org.write", [&svc](RequestContext& c) {
           int64_t id = c.req.id_param();
           svc.get(id, c.scope);
           http::JsonBody b(c.req.body);
           TermRecord t = svc.add_term(id, b.object(), meta_of(c));
           return Response::json(json::object{{"id", t.id}, {"elected_date", t.elected_date},
                                              {"term_years", t.term_years}, {"due_date", t.due_date},
                                              {"has_committee", t.has_committee}},
                                 201);
         }});
  r.add({"GET", "/api/orgs/{id}/warnings", "org.read", [&svc](RequestContext& c) {
           OrgRecord o = svc.get(c.req.id_param(), c.scope);
           json::array items = svc.detail_json(o).at("warnings").as_array();
           int64_t n = static_cast<int64_t>(items.size());
           return Response::json(json::object{{"items", std::move(items)}, {"total", n}, {"next", nullptr}});
         }});
  r.add({"GET", "/api/orgs/{id}/subtree/warnings", "org.read", [&svc](RequestContext& c) {
           return Response::json(svc.subtree_warnings(c.req.id_param(), c.scope, http::PageRequest::from(c.req)));
         }});
  r.add({"GET", "/api/orgs/{id}/stats", "org.read", [&svc](RequestContext& c) {
           return Response::json(svc.stats(c.req.id_param(), c.scope));
         }});
}

}  // namespace lianxin::modules::org
