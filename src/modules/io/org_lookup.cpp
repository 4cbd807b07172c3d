#include "modules/io/org_lookup.hpp"

#include "domain/org_hierarchy.hpp"

namespace lianxin::modules::io {

namespace {

OrgTarget failed(std::string code, std::string message) {
  OrgTarget t;
  t.error = domain::FieldError{"org_code", std::move(code), std::move(message)};
  return t;
}

}  // namespace

const OrgTarget& OrgLookup::resolve(db::Tx& tx, std::string_view code_or_name) {
  auto it = cache_.find(code_or_name);
  if (it != cache_.end()) return it->second;
  std::string key(code_or_name);
  OrgTarget t = load(tx, key);
  return cache_.emplace(std::move(key), std::move(t)).first->second;
}

// OrgService has no lookup by name; names are not unique, so only an unambiguous one is accepted.
std::optional<org::OrgRecord> OrgLookup::find_by_unique_name(db::Tx& tx, const std::string& name, bool& ambiguous) {
  db::Rows rows = tx.query("SELECT id FROM orgs WHERE name = $1 AND dissolved_date IS NULL LIMIT 2", {name});
  ambiguous = rows.size() > 1;
  if (rows.size() != 1) return std::nullopt;
  return orgs_.find(tx, rows[0].i64(0));
}

OrgTarget OrgLookup::load(db::Tx& tx, const std::string& key) {
  if (key.empty()) return failed("org_id.required", "所在党支部为必填项（填写党组织编码或名称）");
  std::optional<org::OrgRecord> o = orgs_.find_by_code(tx, key);
  if (!o) {
    bool ambiguous = false;
    o = find_by_unique_name(tx, key, ambiguous);
    if (ambiguous) return failed("org.ambiguous", "有多个党组织叫“" + key + "”，请改填党组织编码");
  }
  // Outside the caller's scope reads as absent: the file must not reveal what exists elsewhere.
  if (!o || !scope_.contains_path(o->path)) return failed("org.not_found", "所在党组织不存在：" + key);
  if (o->dissolved()) return failed("org.dissolved", "所在党组织“" + o->name + "”已撤销");
  if (!domain::org_kind_holds_members(o->kind)) {
    return failed("org.not_branch", "党员只能编入党支部（含联合党支部、临时党支部），“" + o->name + "”不是党支部");
  }
  OrgTarget t;
  t.id = o->id;
  t.path = o->path;
  t.name = o->name;
  return t;
}

}  // namespace lianxin::modules::io
