// Organization reads: lookups, lists (keyset-paginated), history, terms, warnings, statistics.
// Every read is restricted to the caller's scope; outside it an org is "not found".
#include <iterator>
#include <map>

#include <boost/json.hpp>

#include "db/keyset.hpp"
#include "domain/enums.hpp"
#include "domain/text.hpp"
#include "http/errors.hpp"
#include "modules/common/history.hpp"
#include "modules/common/json_util.hpp"
#include "modules/common/subtree_sql.hpp"
#include "modules/common/tree_path.hpp"
#include "modules/org/org_repo.hpp"
#include "modules/org/org_service.hpp"
#include "modules/org/org_stats.hpp"

namespace lianxin::modules::org {

namespace json = boost::json;

std::optional<OrgRecord> OrgService::find(db::Tx& tx, int64_t id) { return repo::by_id(tx, id); }
std::optional<OrgRecord> OrgService::find_by_code(db::Tx& tx, const std::string& code) { return repo::by_code(tx, code); }

std::optional<std::vector<std::string>> OrgService::list_roots(db::Tx& tx, std::optional<int64_t> org_id,
                                                               const http::Scope& scope) {
  if (org_id) {
    auto o = repo::by_id(tx, *org_id);
    if (!o) throw http::not_found("组织");
    scope.require(o->path, "组织");
    return std::vector<std::string>{o->path};
  }
  if (scope.everything) return std::nullopt;
  return scope.paths;
}

namespace {

OrgRecord load_in_scope(db::Tx& tx, int64_t id, const http::Scope& scope) {
  auto o = repo::by_id(tx, id);
  if (!o) throw http::not_found("组织");
  scope.require(o->path, "组织");
  return *o;
}


std::string label_of(std::span<const domain::EnumValue> values, const std::string& code) {
  return std::string(domain::enum_label(values, code).value_or(code));
}

std::string p(size_t n) { return "$" + std::to_string(n); }

// A LIKE pattern for "contains q": q is text, so its %, _ and backslash (the ESCAPE character) match literally.
std::string like_contains(const std::string& q) {
  std::string out(1, '%');
  for (char c : q) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}

}  // namespace

OrgRecord OrgService::get_by_code(const std::string& code, const http::Scope& scope) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    auto o = find_by_code(tx, code);
    if (!o) throw http::not_found("组织");
    scope.require(o->path, "组织");
    return *o;
  });
}

OrgRecord OrgService::get(int64_t id, const http::Scope& scope) {
  return ctx_.db.read_value([&](db::Tx& tx) { return load_in_scope(tx, id, scope); });
}

json::object OrgService::to_json(const OrgRecord& o) const {
  return json::object{
      {"id", o.id},
      {"code", o.code},
      {"name", o.name},
      {"kind", o.kind},
      {"kind_label", label_of(domain::org_kinds(), o.kind)},
      {"parent_id", opt_json(o.parent_id)},
      {"path", o.path},
      {"depth", o.depth},
      {"host_unit", opt_json(o.host_unit)},
      {"region_code", opt_json(o.region_code)},
      {"category", opt_json(o.category)},
      {"established_date", opt_json(o.established_date)},
      {"contact_name", opt_json(o.contact_name)},
      {"contact_phone", opt_json(o.contact_phone)},
      {"village_or_community", o.village_or_community},
      {"can_approve_probationary", o.can_approve_probationary},
      {"can_transfer_directly", o.can_transfer_directly},
      {"dissolved", o.dissolved()},
      {"dissolved_date", opt_json(o.dissolved_date)},
      {"dissolve_reason", opt_json(o.dissolve_reason)},
      {"version", o.version},
      {"created_at", o.created_at},
      {"updated_at", o.updated_at},
  };
}

json::object OrgService::children(int64_t id, const http::Scope& scope, const http::PageRequest& page) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    load_in_scope(tx, id, scope);
    db::Params params{id};
    std::string where = "o.parent_id = $1 AND o.dissolved_date IS NULL";
    int64_t total = tx.query_int("SELECT count(*) FROM orgs o WHERE " + where, params);
    if (page.after) {
      where += " AND " + db::after_key(params, {"o.code", page.after_text(0)});
    }
    params.emplace_back(page.limit + 1);
    auto rows = tx.query(std::string("SELECT ") + repo::kColumns + " FROM orgs o WHERE " + where +
                             " ORDER BY o.code LIMIT " + p(params.size()),
                         params);
    json::array items;
    for (const auto& r : rows) items.push_back(to_json(repo::from_row(r)));
    return http::page_body(std::move(items), total, page.limit,
                           [](const json::value& last) { return json::array{last.at("code")}; });
  });
}

json::object OrgService::subtree(int64_t id, const http::Scope& scope, const http::PageRequest& page,
                                 bool include_dissolved) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    OrgRecord root = load_in_scope(tx, id, scope);
    db::Params params{root.path, path_upper(root.path)};
    std::string where = "o.path >= $1 AND o.path < $2";
    if (!include_dissolved) where += " AND o.dissolved_date IS NULL";
    int64_t total = tx.query_int("SELECT count(*) FROM orgs o WHERE " + where, params);
    if (page.after) {
      where += " AND " + db::after_key(params, {"o.path", page.after_text(0)});
    }
    params.emplace_back(page.limit + 1);
    auto rows = tx.query(std::string("SELECT ") + repo::kColumns + " FROM orgs o WHERE " + where +
                             " ORDER BY o.path LIMIT " + p(params.size()),
                         params);
    json::array items;
    for (const auto& r : rows) {
      auto j = to_json(repo::from_row(r));
      j["relative_depth"] = j.at("depth").as_int64() - root.depth;
      items.push_back(std::move(j));
    }
    return http::page_body(std::move(items), total, page.limit,
                           [](const json::value& last) { return json::array{last.at("path")}; });
  });
}

json::object OrgService::ancestors(int64_t id, const http::Scope& scope) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    OrgRecord o = load_in_scope(tx, id, scope);
    json::array items;
    for (int64_t aid : path_ids(o.path)) {
      auto a = repo::by_id(tx, aid);
      // The breadcrumb starts at the caller's scope root: higher levels are not theirs to see.
      if (a && scope.contains_path(a->path))
        items.push_back(json::object{{"id", a->id}, {"code", a->code}, {"name", a->name}, {"kind", a->kind}});
    }
    int64_t total = static_cast<int64_t>(items.size());
    return json::object{{"items", std::move(items)}, {"total", total}, {"next", nullptr}};
  });
}

json::object OrgService::search(const std::string& q, const std::vector<std::string>& kinds,
                                const http::Scope& scope, const http::PageRequest& page, bool include_dissolved) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    db::Params params;
    std::string where = within_scope("o.path", scope, params);
    if (!kinds.empty()) {
      std::string in;
      for (const auto& k : kinds) {
        params.emplace_back(k);
        in += (in.empty() ? "" : ", ") + p(params.size());
      }
      where += " AND o.kind IN (" + in + ")";
    }
    if (q.empty() && kinds.empty()) {
      // The tops of the caller's scope: roots of the tree, or the scope roots themselves.
      if (scope.everything) where += " AND o.parent_id IS NULL";
      else {
        std::string in;
        for (const auto& sp : scope.paths) {
          params.emplace_back(sp);
          in += (in.empty() ? "" : ", ") + p(params.size());
        }
        where += " AND o.path IN (" + in + ")";
      }
    } else if (!q.empty()) {
      // Letters match in either case on both engines (SQLite's LIKE ignores ASCII case, PostgreSQL's
      // does not): both sides are lower-cased, ASCII only, as SQLite's lower() does.
      params.emplace_back(like_contains(domain::ascii_lower(q)));
      params.emplace_back(q);
      where += " AND (lower(o.name) LIKE " + p(params.size() - 1) + " ESCAPE '\\' OR o.code = " + p(params.size()) + ")";
    }
    if (!include_dissolved) where += " AND o.dissolved_date IS NULL";
    int64_t total = tx.query_int("SELECT count(*) FROM orgs o WHERE " + where, params);
    if (page.after) {
      where += " AND " + db::after_key(params, {"o.name", page.after_text(0)}, {"o.id", page.after_int(1)});
    }
    params.emplace_back(page.limit + 1);
    auto rows = tx.query(std::string("SELECT ") + repo::kColumns + " FROM orgs o WHERE " + where +
                             " ORDER BY o.name, o.id LIMIT " + p(params.size()),
                         params);
    json::array items;
    for (const auto& r : rows) items.push_back(to_json(repo::from_row(r)));
    return http::page_body(std::move(items), total, page.limit,
                           [](const json::value& last) { return json::array{last.at("name"), last.at("id")}; });
  });
}

json::object OrgService::history(int64_t id, const http::Scope& scope, const http::PageRequest& page) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    load_in_scope(tx, id, scope);
    auto h = read_history(tx, "org_history", "org_id", id, page);
    return http::page_body(std::move(h.items), h.total, page.limit,
                           [](const json::value& last) { return json::array{last.at("id")}; });
  });
}

json::object OrgService::terms(int64_t id, const http::Scope& scope, const http::PageRequest& page) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    load_in_scope(tx, id, scope);
    db::Params params{id};
    int64_t total = tx.query_int("SELECT count(*) FROM org_terms WHERE org_id = $1", params);
    std::string where = "org_id = $1";
    if (page.after) {
      where += " AND " + db::after_key(params, {"id", page.after_int(0)}, db::Direction::descending);
    }
    params.emplace_back(page.limit + 1);
    auto rows = tx.query(std::string("SELECT ") + repo::kTermColumns + " FROM org_terms WHERE " + where +
                             " ORDER BY id DESC LIMIT " + p(params.size()),
                         params);
    json::array items;
    for (const auto& r : rows) {
      TermRecord t = repo::term_from_row(r);
      items.push_back(json::object{{"id", t.id}, {"elected_date", t.elected_date}, {"term_years", t.term_years},
                                   {"due_date", t.due_date}, {"has_committee", t.has_committee},
                                   {"secretary", opt_json(t.secretary)}, {"members", parse_stored_json(t.members_json)},
                                   {"approval_ref", opt_json(t.approval_ref)}, {"recorded_at", t.recorded_at}});
    }
    return http::page_body(std::move(items), total, page.limit,
                           [](const json::value& last) { return json::array{last.at("id")}; });
  });
}

std::vector<domain::OrgWarning> OrgService::warnings(db::Tx& tx, const OrgRecord& o) {
  domain::OrgFacts f;
  f.kind = o.kind;
  f.village_or_community = o.village_or_community;
  f.dissolved = o.dissolved();
  if (domain::org_kind_is_branch(o.kind)) {
    const MemberCounts c = read_member_counts(tx, o.id);
    f.full_members = c.full;
    f.probationary_members = c.probationary;
  }
  if (auto t = repo::current_term(tx, o.id)) {
    f.has_committee = t->has_committee;
    f.term_due = domain::Date::parse(t->due_date);
  }
  return domain::evaluate_org(f, ctx_.today(), ctx_.org_rules);
}

namespace {

json::object warning_json(const domain::OrgWarning& w) {
  json::object data;
  for (const auto& [k, v] : w.data) std::visit([&](const auto& x) { data[k] = x; }, v);
  return json::object{{"rule_id", w.rule_id}, {"severity", w.severity}, {"code", w.code},
                      {"message", w.message}, {"data", std::move(data)}};
}

json::array warnings_json(const std::vector<domain::OrgWarning>& ws) {
  json::array out;
  for (const auto& w : ws) out.push_back(warning_json(w));
  return out;
}

// Kinds evaluate_org can raise a warning for: branch kinds and kinds with elected terms.
std::vector<std::string> kinds_with_warnings(const domain::OrgRulePack& pack) {
  std::vector<std::string> out;
  for (const auto& k : domain::org_kinds()) {
    const std::string code(k.code);
    if (domain::org_kind_is_branch(code) || domain::default_term_years(code, false, pack) ||
        domain::default_term_years(code, true, pack))
      out.push_back(code);
  }
  return out;
}

}  // namespace

json::object OrgService::subtree_warnings(int64_t id, const http::Scope& scope, const http::PageRequest& page) {
  std::optional<std::pair<std::string, std::string>> after;  // (path, rule_id) of the last item shown
  if (page.after) after.emplace(page.after_text(0), page.after_text(1));
  return ctx_.db.read_value([&](db::Tx& tx) {
    OrgRecord root = load_in_scope(tx, id, scope);
    db::Params params{root.path, path_upper(root.path)};
    std::string kinds;
    for (const auto& k : kinds_with_warnings(ctx_.org_rules)) {
      params.emplace_back(k);
      kinds += (kinds.empty() ? "" : ", ") + p(params.size());
    }
    // Only what the rules read (orgs_kind_path covers the orgs part); names for the page come after.
    const std::string sql =
        "SELECT o.id, o.kind, o.path, o.village_or_community, c.full_members, c.probationary_members, "
        "t.has_committee, t.due_date FROM orgs o "
        "LEFT JOIN org_member_counts c ON c.org_id = o.id "
        "LEFT JOIN org_terms t ON t.id = (SELECT t2.id FROM org_terms t2 WHERE t2.org_id = o.id "
        "ORDER BY t2.elected_date DESC, t2.id DESC LIMIT 1) "
        "WHERE o.kind IN (" + kinds + ") AND o.path >= $1 AND o.path < $2 AND o.dissolved_date IS NULL";
    const domain::Date today = ctx_.today();
    int64_t total = 0;
    struct Hit {
      int64_t org_id;
      std::string kind;
      domain::OrgWarning warning;
    };
    // Every warning is counted; the page is the first limit+1 after the cursor in (path, rule id)
    // order, kept sorted while scanning (rows come in index order, not path order).
    std::map<std::pair<std::string, std::string>, Hit> best;
    const size_t keep = static_cast<size_t>(page.limit) + 1;
    domain::OrgFacts f;
    tx.query_each(sql, params, [&](const db::Row& r) {
      f.kind = r.text(1);
      f.village_or_community = r.i64(3) != 0;
      f.full_members = r.opt_i64(4).value_or(0);
      f.probationary_members = r.opt_i64(5).value_or(0);
      f.has_committee = false;
      f.term_due.reset();
      if (auto due = r.opt_text(7)) {
        f.has_committee = r.i64(6) != 0;
        f.term_due = domain::Date::parse(*due);
      }
      for (auto& w : domain::evaluate_org(f, today, ctx_.org_rules)) {
        ++total;
        std::pair<std::string, std::string> key{r.text(2), w.rule_id};
        if (after && key <= *after) continue;
        if (best.size() == keep && key >= best.rbegin()->first) continue;
        best.emplace(std::move(key), Hit{r.i64(0), f.kind, std::move(w)});
        if (best.size() > keep) best.erase(std::prev(best.end()));
      }
    });
    std::map<int64_t, std::pair<std::string, std::string>> names;  // id -> (code, name)
    if (!best.empty()) {
      db::Params ids;
      std::string in;
      for (const auto& [key, hit] : best) {
        ids.emplace_back(hit.org_id);
        in += (in.empty() ? "" : ", ") + p(ids.size());
      }
      for (const auto& r : tx.query("SELECT id, code, name FROM orgs WHERE id IN (" + in + ")", ids))
        names[r.i64(0)] = {r.text(1), r.text(2)};
    }
    json::array items;
    for (auto& [key, hit] : best) {
      json::object item = warning_json(hit.warning);
      const auto& [code, name] = names[hit.org_id];
      item["org"] = json::object{{"id", hit.org_id}, {"code", code}, {"name", name}, {"kind", hit.kind},
                                 {"kind_label", label_of(domain::org_kinds(), hit.kind)}, {"path", key.first}};
      items.push_back(std::move(item));
    }
    return http::page_body(std::move(items), total, page.limit, [](const json::value& last) {
      return json::array{last.at("org").at("path"), last.at("rule_id")};
    });
  });
}

json::object OrgService::detail_json(const OrgRecord& o) {
  json::object j = to_json(o);
  ctx_.db.read([&](db::Tx& tx) {
    j["warnings"] = warnings_json(warnings(tx, o));
    auto t = repo::current_term(tx, o.id);
    j["current_term"] = t ? json::value(json::object{{"id", t->id}, {"elected_date", t->elected_date},
                                                     {"term_years", t->term_years}, {"due_date", t->due_date},
                                                     {"has_committee", t->has_committee},
                                                     {"secretary", opt_json(t->secretary)}})
                          : json::value(nullptr);
  });
  return j;
}

}  // namespace lianxin::modules::org
