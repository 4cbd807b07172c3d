// Organization tree use cases. Public to other modules; routes live in org_routes.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "domain/org_rules.hpp"
#include "http/api.hpp"
#include "http/pagination.hpp"
#include "modules/common/context.hpp"
#include "modules/org/org_types.hpp"
#include "modules/org/org_validate.hpp"

namespace lianxin::modules::org {

class OrgService {
public:
  explicit OrgService(ModuleContext& ctx) : ctx_(ctx) {}

  // Validates and inserts; throws http::ApiError (422 field errors, 409 duplicate code, 404 parent).
  OrgRecord create(const OrgDraft& d, const ChangeMeta& meta);
  // Same, inside the caller's transaction (imports). `batch_id` marks rows an import created.
  OrgRecord create_in(db::Tx& tx, const OrgDraft& d, const ChangeMeta& meta, std::optional<int64_t> batch_id);
  // Validates the draft as create would, without writing (import preview). Returns field errors.
  std::vector<domain::FieldError> check_draft(db::Tx& tx, const OrgDraft& d);
  // The same check, keeping what it resolved (the parent, the normalized record) so that an import
  // can look at the parent and then insert without validating twice: every statement is a round
  // trip on PostgreSQL.
  CheckedOrg check_create(db::Tx& tx, const OrgDraft& d);
  // Inserts a draft check_create passed (no errors).
  OrgRecord create_checked(db::Tx& tx, CheckedOrg checked, const ChangeMeta& meta, std::optional<int64_t> batch_id);

  OrgRecord update(int64_t id, const OrgDraft& patch, std::optional<std::string> effective_date,
                   std::optional<int64_t> expected_version, const ChangeMeta& meta);
  OrgRecord move(int64_t id, int64_t new_parent_id, std::optional<std::string> effective_date,
                 std::optional<std::string> reason, const ChangeMeta& meta);
  OrgRecord dissolve(int64_t id, std::optional<std::string> date, std::string reason, const ChangeMeta& meta);

  // Lookups honour the scope: outside it is "not found".
  OrgRecord get(int64_t id, const http::Scope& scope);
  // The subtree roots a list is restricted to: the organization `org_id` names (404 when unknown or
  // outside what the caller sees, 403 inside it without the permission), else the caller's scope;
  // nullopt when the list covers the whole tree.
  std::optional<std::vector<std::string>> list_roots(db::Tx& tx, std::optional<int64_t> org_id,
                                                     const http::Scope& scope);
  // By code; 404 when unknown or outside what the caller sees, 403 when visible but not in scope.
  OrgRecord get_by_code(const std::string& code, const http::Scope& scope);
  std::optional<OrgRecord> find(db::Tx& tx, int64_t id);
  std::optional<OrgRecord> find_by_code(db::Tx& tx, const std::string& code);

  boost::json::object children(int64_t id, const http::Scope& scope, const http::PageRequest& page);
  boost::json::object subtree(int64_t id, const http::Scope& scope, const http::PageRequest& page, bool include_dissolved);
  boost::json::object ancestors(int64_t id, const http::Scope& scope);
  // Roots of the caller's scope when q and kinds are empty; else every organization in the scope
  // whose name contains q or whose code equals q (when q is given) and whose kind is one of
  // `kinds` (when given).
  boost::json::object search(const std::string& q, const std::vector<std::string>& kinds, const http::Scope& scope,
                             const http::PageRequest& page, bool include_dissolved);
  boost::json::object history(int64_t id, const http::Scope& scope, const http::PageRequest& page);

  TermRecord add_term(int64_t id, const boost::json::object& body, const ChangeMeta& meta);
  boost::json::object terms(int64_t id, const http::Scope& scope, const http::PageRequest& page);

  std::vector<domain::OrgWarning> warnings(db::Tx& tx, const OrgRecord& o);
  // The warnings of every organization of the subtree of `id` (itself included, dissolved ones
  // excluded), in (path, rule id) order, keyset-paginated: one scan of the subtree's branches and
  // elected organizations with their own member counts (org_member_counts) and current terms.
  boost::json::object subtree_warnings(int64_t id, const http::Scope& scope, const http::PageRequest& page);
  boost::json::object stats(int64_t id, const http::Scope& scope);

  boost::json::object to_json(const OrgRecord& o) const;
  // to_json plus the warnings and the current term (GET /api/orgs/{id}).
  boost::json::object detail_json(const OrgRecord& o);

private:
  ModuleContext& ctx_;
};

}  // namespace lianxin::modules::org
