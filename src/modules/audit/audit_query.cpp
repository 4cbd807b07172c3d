#include "modules/audit/audit_query.hpp"

#include "domain/date.hpp"
#include "http/errors.hpp"
#include "modules/common/tree_path.hpp"

namespace lianxin::modules::audit {

namespace {

class Builder {
public:
  explicit Builder(Where& w) : w_(w) {}
  // Adds "<expr>" with each "?" replaced by the next placeholder for the given values.
  void add(const std::string& expr, const std::vector<db::Value>& values) {
    std::string out;
    auto it = values.begin();
    for (char c : expr) {
      if (c != '?') {
        out += c;
        continue;
      }
      w_.params.push_back(*it++);
      out += db::last_placeholder(w_.params);
    }
    w_.sql += (w_.sql.empty() ? " WHERE " : " AND ") + out;
  }

private:
  Where& w_;
};

// `at` is "YYYY-MM-DDTHH:MM:SSZ" text, so bounds compare as text. A date `to` covers its whole day.
std::string time_bound(const std::string& v, const char* field, bool upper, bool& inclusive) {
  inclusive = true;
  if (auto d = domain::Date::parse(v); d && v.size() == 10) {
    if (!upper) return d->iso();
    inclusive = false;
    return domain::add_days(*d, 1).iso();
  }
  const bool shaped = v.size() == 20 && v[10] == 'T' && v[19] == 'Z' && domain::Date::parse(v.substr(0, 10));
  if (!shaped)
    throw http::bad_request("bad_parameter", std::string("参数 ") + field + " 应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM:SSZ（UTC）",
                            field);
  return v;
}

void add_org(db::Tx& tx, Builder& b, int64_t org_id, const http::Scope& scope) {
  auto row = tx.query_one("SELECT path FROM orgs WHERE id = $1", {org_id});
  if (!row) throw http::not_found("组织");
  scope.require(row->text(0), "组织");
  const std::string path = row->text(0);
  b.add("org_id IN (SELECT id FROM orgs WHERE path >= ? AND path < ?)", {path, path_upper(path)});
}

// Outside an everything-scope a caller sees the records of its subtrees only.
void add_scope(Builder& b, const http::Scope& scope) {
  if (scope.everything) return;
  if (scope.paths.empty()) {
    b.add("1 = 0", {});
    return;
  }
  std::string expr;
  std::vector<db::Value> values;
  for (const auto& p : scope.paths) {
    expr += expr.empty() ? "org_id IN (SELECT id FROM orgs WHERE " : " OR ";
    expr += "(path >= ? AND path < ?)";
    values.emplace_back(p);
    values.emplace_back(path_upper(p));
  }
  b.add(expr + ")", values);
}

}  // namespace

Where where_of(db::Tx& tx, const Filter& f, const http::Scope& scope) {
  Where w;
  Builder b(w);
  bool inclusive = true;
  if (f.from) b.add("at >= ?", {time_bound(*f.from, "from", false, inclusive)});
  if (f.to) {
    std::string bound = time_bound(*f.to, "to", true, inclusive);
    b.add(inclusive ? "at <= ?" : "at < ?", {bound});
  }
  if (f.actor_id) b.add("actor_id = ?", {*f.actor_id});
  if (f.actor) b.add("actor = ?", {*f.actor});
  if (f.entity) b.add("entity = ?", {*f.entity});
  if (f.entity_id) b.add("entity_id = ?", {*f.entity_id});
  if (f.action && !f.action->empty() && f.action->back() == '.') {
    // A prefix as a range, so it uses the action index: "member." .. "member/" ('/' follows '.').
    std::string upper = f.action->substr(0, f.action->size() - 1) + "/";
    b.add("action >= ? AND action < ?", {*f.action, upper});
  } else if (f.action) {
    b.add("action = ?", {*f.action});
  }
  if (f.org_id) add_org(tx, b, *f.org_id, scope);
  add_scope(b, scope);
  return w;
}

const char* const kColumns =
    "seq, at, actor_id, actor, action, route, entity, entity_id, org_id, before_json, after_json, client_addr, "
    "user_agent, request_id, prev_hash, hash";

Record record_from_row(const db::Row& r) {
  Record x;
  x.seq = r.i64(0);
  x.at = r.text(1);
  x.actor_id = r.opt_i64(2);
  x.actor = r.text(3);
  x.action = r.text(4);
  x.route = r.opt_text(5);
  x.entity = r.opt_text(6);
  x.entity_id = r.opt_text(7);
  x.org_id = r.opt_i64(8);
  x.before_json = r.opt_text(9);
  x.after_json = r.opt_text(10);
  x.client_addr = r.opt_text(11);
  x.user_agent = r.opt_text(12);
  x.request_id = r.opt_text(13);
  x.prev_hash = r.text(14);
  x.hash = r.text(15);
  return x;
}

}  // namespace lianxin::modules::audit
