#include "modules/member/member_query.hpp"

#include "db/keyset.hpp"
#include "domain/enums.hpp"
#include "http/errors.hpp"
#include "modules/common/status_sql.hpp"
#include "modules/common/subtree_sql.hpp"
#include "modules/common/text_prefix_sql.hpp"
#include "modules/member/member_repo.hpp"
#include "modules/org/org_service.hpp"
#include "modules/org/org_stats.hpp"
#include "util/csv.hpp"

namespace lianxin::modules::member {

namespace json = boost::json;

namespace {


// One enumerated filter: resolves a code or label, or answers 400 naming the parameter; returns the code.
std::optional<std::string> enum_filter(ListQuery& q, const char* column, const char* param,
                                       std::span<const domain::EnumValue> values, const std::optional<std::string>& v) {
  if (!v) return std::nullopt;
  auto e = domain::find_enum(values, *v);
  if (!e) throw http::bad_request("bad_parameter", std::string("参数 ") + param + " 的取值无效", param);
  q.params.emplace_back(std::string(e->code));
  q.where += std::string(" AND m.") + column + " = " + db::last_placeholder(q.params);
  return std::string(e->code);
}

// One rollup value; "status:*" sums every status (all records, current or not).
int64_t rollup_of(db::Tx& tx, const org::OrgRecord& o, const std::string& key) {
  if (key != "status:*") return org::read_stat(tx, o.id, o.kind, key);
  int64_t n = 0;
  for (const auto& [k, v] : org::read_stats(tx, o.id, o.kind))
    if (k.rfind("status:", 0) == 0) n += v;
  return n;
}

// The subtrees searched, restricted by path ranges in q.where.
// Returns true when the bases are all the roots of the tree (the whole registry).
bool add_bases(ModuleContext& ctx, db::Tx& tx, ListQuery& q, const MemberFilter& f, const http::Scope& scope) {
  org::OrgService orgs(ctx);
  if (f.org_id) {
    auto root = orgs.find(tx, *f.org_id);
    if (!root) throw http::not_found("组织");
    scope.require(root->path, "组织");
    q.bases.push_back(*root);
  } else if (scope.everything) {
    for (const auto& r : tx.query("SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id"))
      q.bases.push_back(*orgs.find(tx, r.i64(0)));
    return true;  // every member is in some root's subtree: no path condition needed
  } else {
    for (const auto& p : scope.paths)
      if (auto r = tx.query_one("SELECT id FROM orgs WHERE path = $1", {p})) q.bases.push_back(*orgs.find(tx, r->i64(0)));
  }
  std::vector<std::string> roots;
  for (const auto& b : q.bases) roots.push_back(b.path);
  q.where += " AND " + within_subtrees("o.path", roots, q.params);
  return false;
}

// The name-prefix filter. In a large subtree a prefix of two or more characters (a surname and
// more) matches few members, and a range on members_name finds them directly: at 1M members "王丽"
// took 3.5 ms instead of a 0.6 s scan. One character (a surname alone) matches up to a tenth of
// the registry, which the range would then fetch row by row from all over the table (0.8 s for
// "王" against 0.37 s scanning). In a small subtree the members are few and found through its
// organizations, a plan SQLite gives up for the range when the range is allowed.
std::string name_condition(db::Tx& tx, ListQuery& q, const std::string& prefix) {
  const bool narrow = util::utf8_length(prefix) >= 2;
  const auto how = q.large && narrow ? Search::index : Search::scan;
  return starts_with(q.params, "m.name", prefix, tx.backend(), how);
}

}  // namespace

SortSpec sort_spec(const std::string& sort) {
  if (sort == "id") return {"id", false};
  if (sort == "name") return {"name", true};
  if (sort == "join_date") return {"join_date", true};
  if (sort == "birth_date") return {"birth_date", true};
  throw http::bad_request("bad_parameter", "sort 只能是 id、name、join_date 或 birth_date", "sort");
}

ListQuery build_list_query(ModuleContext& ctx, db::Tx& tx, const MemberFilter& f, const http::Scope& scope) {
  ListQuery q;
  const bool whole_registry = add_bases(ctx, tx, q, f, scope);
  std::vector<std::string> keys;  // rollup keys the filters correspond to
  if (auto s = enum_filter(q, "status", "status", domain::member_statuses(), f.status)) keys.push_back("status:" + *s);
  else if (!f.all_statuses) q.where += " AND m.status IN " + current_statuses_sql();
  else keys.push_back("status:*");  // all statuses: the sum of the status:<code> rollups
  if (auto c = enum_filter(q, "category", "category", domain::member_categories(), f.category)) keys.push_back("category:" + *c);
  if (auto g = enum_filter(q, "gender", "gender", domain::genders(), f.gender)) keys.push_back("gender:" + *g);
  if (auto e = enum_filter(q, "education", "education", domain::educations(), f.education)) keys.push_back("education:" + *e);
  if (enum_filter(q, "ethnicity", "ethnicity", domain::ethnicities(), f.ethnicity)) keys.push_back("");
  domain::Date today = ctx.today();
  if (f.age_min) {  // at least age_min years old today: born on or before today - age_min years
    q.params.emplace_back(domain::add_years(today, -*f.age_min).iso());
    q.where += " AND m.birth_date <= " + db::last_placeholder(q.params);
    keys.push_back("");
  }
  if (f.age_max) {  // at most age_max: born after today - (age_max + 1) years
    q.params.emplace_back(domain::add_years(today, -(*f.age_max + 1)).iso());
    q.where += " AND m.birth_date > " + db::last_placeholder(q.params);
    keys.push_back("");
  }
  if (f.name_prefix) keys.push_back("");
  // A filter on the current statuses alone is the "members" rollup; one more dimension is its key.
  if (keys.empty()) q.rollup_key = "members";
  else if (keys.size() == 1 && !keys[0].empty()) q.rollup_key = keys[0];
  bool holders = !q.bases.empty() && std::all_of(q.bases.begin(), q.bases.end(), [](const auto& b) {
    return org::holds_rollups(b.kind);
  });
  if (!holders) q.rollup_key.reset();
  // Scan members in id order when the subtree holds a large share of the registry (a root, a
  // city); otherwise start from the subtree's organizations and sort the few members found.
  if (whole_registry) {
    q.large = true;
  } else if (holders) {
    int64_t mine = 0, all = 0;
    for (const auto& b : q.bases) mine += rollup_of(tx, b, "members");
    for (const auto& r : tx.query("SELECT id, kind FROM orgs WHERE parent_id IS NULL"))
      if (org::holds_rollups(r.text(1))) all += org::read_stat(tx, r.i64(0), r.text(1), "members");
    q.large = all > 0 && mine * 20 >= all;
  }
  if (f.name_prefix) q.where += " AND " + name_condition(tx, q, *f.name_prefix);
  return q;
}

int64_t list_total(db::Tx& tx, const ListQuery& q) {
  if (q.rollup_key) {
    int64_t total = 0;
    for (const auto& b : q.bases) total += rollup_of(tx, b, *q.rollup_key);
    return total;  // O(1) at any subtree size
  }
  return tx.query_int("SELECT count(*) FROM members m JOIN orgs o ON o.id = m.org_id WHERE " + q.where, q.params);
}

db::Rows list_page(db::Tx& tx, ListQuery q, const MemberFilter& f, const http::PageRequest& page) {
  SortSpec sort = sort_spec(f.sort);
  if (page.after) {
    const auto direction = f.descending ? db::Direction::descending : db::Direction::ascending;
    q.where += " AND " + (sort.text ? db::after_key(q.params, {std::string("m.") + sort.column, page.after_text(0)},
                                                    {"m.id", page.after_int(1)}, direction)
                                    : db::after_key(q.params, {"m.id", page.after_int(0)}, direction));
  }
  const char* dir = f.descending ? " DESC" : "";
  std::string order = sort.text ? std::string("m.") + sort.column + dir + ", m.id" + dir : std::string("m.id") + dir;
  q.params.emplace_back(page.limit + 1);
  // SQLite keeps the written join order for CROSS JOIN (members first: index order, stop at the
  // limit); PostgreSQL plans it like any join.
  std::string from = q.large ? " FROM members m CROSS JOIN orgs o WHERE o.id = m.org_id AND "
                             : " FROM members m JOIN orgs o ON o.id = m.org_id WHERE ";
  return tx.query(std::string("SELECT ") + repo::kColumns + ", o.name" + from + q.where + " ORDER BY " + order +
                      " LIMIT " + db::last_placeholder(q.params),
                  q.params);
}

}  // namespace lianxin::modules::member
