// The member list query: filters to SQL, the total (from the subtree rollups whenever the filter
// is one of their keys, else a count), and the page (keyset). Internal to the member module.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "domain/date.hpp"
#include "http/api.hpp"
#include "http/pagination.hpp"
#include "modules/common/context.hpp"
#include "modules/member/member_service.hpp"
#include "modules/org/org_types.hpp"

namespace lianxin::modules::member {

struct SortSpec {
  const char* column;  // m.<column>
  bool text;           // keyset value is text (else the id alone)
};
SortSpec sort_spec(const std::string& sort);

struct ListQuery {
  std::vector<org::OrgRecord> bases;       // subtree roots searched (the org filter, or the scope's roots)
  std::string where = "1 = 1";
  db::Params params;
  std::optional<std::string> rollup_key;   // the rollup key equal to this filter's count, if any
  bool large = false;                      // the subtree holds much of the registry: scan members in id order
};

// Throws ApiError 400 on a bad filter value, 404 when the org is outside the scope.
ListQuery build_list_query(ModuleContext& ctx, db::Tx& tx, const MemberFilter& f, const http::Scope& scope);
int64_t list_total(db::Tx& tx, const ListQuery& q);
// Rows of members (kColumns) plus o.name, at most page.limit + 1, after the page cursor.
db::Rows list_page(db::Tx& tx, ListQuery q, const MemberFilter& f, const http::PageRequest& page);

}  // namespace lianxin::modules::member
