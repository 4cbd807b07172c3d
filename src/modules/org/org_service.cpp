// Organization writes: create, update, move, dissolve, terms. Each runs in one write transaction
// with its history row and its rollup delta, so nothing is ever half-written.
#include "modules/org/org_service.hpp"

#include <boost/json.hpp>

#include "domain/id_number.hpp"
#include "domain/org_hierarchy.hpp"
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/common/json_util.hpp"
#include "modules/common/status_sql.hpp"
#include "modules/common/tree_path.hpp"
#include "modules/org/org_repo.hpp"
#include "modules/org/org_stats.hpp"
#include "modules/org/org_validate.hpp"

namespace lianxin::modules::org {

namespace {

std::string effective_or_today(const std::optional<std::string>& d, domain::Date today, const char* field) {
  if (!d) return today.iso();
  auto parsed = domain::Date::parse(*d);
  if (!parsed) throw http::validation_failed({{field, std::string(field) + ".invalid", "日期格式应为YYYY-MM-DD"}});
  return parsed->iso();
}

std::string snapshot(const OrgService& svc, const OrgRecord& o) {
  auto j = svc.to_json(o);
  j.erase("warnings");
  return boost::json::serialize(j);
}

// The contact phone may be a person's mobile: the audit trail keeps it masked, like member phones.
std::optional<std::string> mask_contact(const std::optional<std::string>& json_text) {
  if (!json_text) return json_text;
  boost::json::value v = boost::json::parse(*json_text);
  if (auto* phone = v.as_object().if_contains("contact_phone"); phone && phone->is_string())
    *phone = domain::mask_phone(phone->get_string());
  return boost::json::serialize(v);
}

// The audit record of an org change (changed fields only), written last in the change's transaction.
void audit_change(ModuleContext& ctx, db::Tx& tx, const ChangeMeta& meta, const std::string& action, int64_t org_id,
                  const std::optional<std::string>& before, const std::optional<std::string>& after) {
  auto c = audit::changed_fields(mask_contact(before), mask_contact(after));
  audit::record(tx, ctx.cipher, meta, {"org." + action, "org", std::to_string(org_id), org_id, c.before, c.after});
}

}  // namespace

std::vector<domain::FieldError> OrgService::check_draft(db::Tx& tx, const OrgDraft& d) {
  return validate_org(tx, d, std::nullopt, ctx_.today()).errors;
}

CheckedOrg OrgService::check_create(db::Tx& tx, const OrgDraft& d) {
  return validate_org(tx, d, std::nullopt, ctx_.today());
}

OrgRecord OrgService::create_in(db::Tx& tx, const OrgDraft& d, const ChangeMeta& meta, std::optional<int64_t> batch_id) {
  return create_checked(tx, check_create(tx, d), meta, batch_id);
}

OrgRecord OrgService::create_checked(db::Tx& tx, CheckedOrg v, const ChangeMeta& meta, std::optional<int64_t> batch_id) {
  if (!v.errors.empty()) throw http::validation_failed(v.errors);
  v.record.created_batch_id = batch_id;
  v.record.created_at = now_timestamp();
  OrgRecord o = repo::insert(tx, v.record);
  apply_stats(tx, rollup_path(o.path, o.kind), {{"orgs:" + o.kind, 1}});
  repo::add_history(tx, o.id, "create", o.established_date.value_or(ctx_.today().iso()), std::nullopt,
                    snapshot(*this, o), std::nullopt, meta);
  return o;
}

OrgRecord OrgService::create(const OrgDraft& d, const ChangeMeta& meta) {
  return ctx_.db.write_value([&](db::Tx& tx) {
    OrgRecord o = create_in(tx, d, meta, std::nullopt);
    audit_change(ctx_, tx, meta, "create", o.id, std::nullopt, snapshot(*this, o));
    return o;
  });
}

OrgRecord OrgService::update(int64_t id, const OrgDraft& patch, std::optional<std::string> effective_date,
                             std::optional<int64_t> expected_version, const ChangeMeta& meta) {
  if (patch.parent_id || patch.parent_code)
    throw http::bad_request("use_move", "调整上级组织请使用“移动”操作", "parent_id");
  std::string eff = effective_or_today(effective_date, ctx_.today(), "effective_date");
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto old = repo::by_id(tx, id);
    if (!old) throw http::not_found("组织");
    if (old->dissolved()) throw http::conflict("org.dissolved", "组织已撤销，不能修改");
    if (expected_version && *expected_version != old->version)
      throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试", "version");
    auto v = validate_org(tx, patch, old, ctx_.today());
    if (!v.errors.empty()) throw http::validation_failed(v.errors);
    if (v.record.kind != old->kind) {
      auto children = tx.query(
          "SELECT kind FROM orgs WHERE parent_id = $1 AND dissolved_date IS NULL GROUP BY kind", {id});
      for (const auto& c : children)
        if (auto why = domain::check_org_placement(v.record.kind, c.text(0)))
          throw http::validation_failed({{"kind", "kind.children", "下级组织与新类型不符：" + *why}});
      if (tx.query_int("SELECT count(*) FROM members WHERE org_id = $1", {id}) > 0 &&
          !domain::org_kind_holds_members(v.record.kind))
        throw http::validation_failed({{"kind", "kind.members", "该组织有党员，只能为党支部类型"}});
    }
    if (!repo::update(tx, v.record, old->version))
      throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试", "version");
    OrgRecord now = *repo::by_id(tx, id);
    if (now.kind != old->kind) {
      StatsDelta minus{{"orgs:" + old->kind, -1}}, plus{{"orgs:" + now.kind, 1}};
      apply_stats(tx, rollup_path(old->path, old->kind), minus);
      apply_stats(tx, rollup_path(now.path, now.kind), plus);
      // The placement checks above leave a kind change only to an org without members and without
      // children of the wrong kind, so no other rollup moves between holders.
    }
    const std::string action = now.name != old->name ? "rename" : "update";
    const std::string before = snapshot(*this, *old), after = snapshot(*this, now);
    repo::add_history(tx, id, action, eff, before, after, std::nullopt, meta);
    audit_change(ctx_, tx, meta, action, id, before, after);
    return now;
  });
}

namespace {

// The rollup content that travels with a moved subtree: the stored rollup of a holder, or for a
// branch its live statistics (members and 党小组).
StatsDelta subtree_totals(db::Tx& tx, const OrgRecord& o) {
  StatsDelta d;
  for (const auto& [k, n] : read_stats(tx, o.id, o.kind)) d[k] = n;
  return d;
}

StatsDelta negated(const StatsDelta& d) {
  StatsDelta out;
  for (const auto& [k, n] : d) out[k] = -n;
  return out;
}

// Ancestors that hold rollups, excluding the moved node itself: the rollup path of its parent.
std::string ancestors_rollup_path(const std::optional<OrgRecord>& parent) {
  return parent ? rollup_path(parent->path, parent->kind) : std::string("/");
}

}  // namespace

OrgRecord OrgService::move(int64_t id, int64_t new_parent_id, std::optional<std::string> effective_date,
                           std::optional<std::string> reason, const ChangeMeta& meta) {
  std::string eff = effective_or_today(effective_date, ctx_.today(), "effective_date");
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto o = repo::by_id(tx, id);
    if (!o) throw http::not_found("组织");
    if (o->dissolved()) throw http::conflict("org.dissolved", "组织已撤销，不能移动");
    auto np = repo::by_id(tx, new_parent_id);
    if (!np) throw http::validation_failed({{"parent_id", "parent.not_found", "新的上级组织不存在"}});
    if (np->dissolved()) throw http::validation_failed({{"parent_id", "parent.dissolved", "新的上级组织已撤销"}});
    if (path_within(np->path, o->path))
      throw http::validation_failed({{"parent_id", "parent.cycle", "不能移动到自身或其下级组织之下"}});
    if (o->parent_id && *o->parent_id == new_parent_id)
      throw http::validation_failed({{"parent_id", "parent.same", "新的上级组织与当前相同"}});
    if (auto why = domain::check_org_placement(np->kind, o->kind))
      throw http::validation_failed({{"parent_id", "kind.placement", *why}});

    std::optional<OrgRecord> old_parent = o->parent_id ? repo::by_id(tx, *o->parent_id) : std::nullopt;
    StatsDelta totals = subtree_totals(tx, *o);
    // Rollups the node holds itself stay with it; only its ancestors change.
    apply_stats(tx, ancestors_rollup_path(old_parent), negated(totals));

    std::string new_path = child_path(np->path, id);
    tx.exec("UPDATE orgs SET path = $1 || substr(path, $2), depth = depth + $3, updated_at = $4 "
            "WHERE path >= $5 AND path < $6",
            {new_path, static_cast<int64_t>(o->path.size()) + 1, np->depth + 1 - o->depth, now_timestamp(), o->path,
             path_upper(o->path)});
    tx.exec("UPDATE orgs SET parent_id = $1, version = version + 1 WHERE id = $2", {new_parent_id, id});
    apply_stats(tx, ancestors_rollup_path(np), totals);

    OrgRecord now = *repo::by_id(tx, id);
    // The parents' names as they were on the day: the history reads "from A to B" without lookups.
    boost::json::object before{{"parent_id", opt_json(o->parent_id)},
                               {"parent_name", old_parent ? boost::json::value(old_parent->name) : nullptr},
                               {"path", o->path}};
    boost::json::object after{{"parent_id", new_parent_id}, {"parent_name", np->name}, {"path", now.path}};
    repo::add_history(tx, id, "move", eff, boost::json::serialize(before), boost::json::serialize(after), reason, meta);
    after["reason"] = opt_json(reason);
    audit_change(ctx_, tx, meta, "move", id, boost::json::serialize(before), boost::json::serialize(after));
    return now;
  });
}

OrgRecord OrgService::dissolve(int64_t id, std::optional<std::string> date, std::string reason, const ChangeMeta& meta) {
  std::string eff = effective_or_today(date, ctx_.today(), "date");
  if (reason.empty()) throw http::validation_failed({{"reason", "reason.required", "请填写撤销原因"}});
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto o = repo::by_id(tx, id);
    if (!o) throw http::not_found("组织");
    if (o->dissolved()) throw http::conflict("org.dissolved", "组织已撤销");
    int64_t children = tx.query_int("SELECT count(*) FROM orgs WHERE parent_id = $1 AND dissolved_date IS NULL", {id});
    int64_t members =
        tx.query_int("SELECT count(*) FROM members WHERE org_id = $1 AND status IN " + current_statuses_sql(), {id});
    if (children > 0 || members > 0)
      throw http::conflict("org.not_empty", "请先转移下级组织（" + std::to_string(children) + "个）和党员（" +
                                                std::to_string(members) + "名）后再撤销");
    OrgRecord next = *o;
    next.dissolved_date = eff;
    next.dissolve_reason = reason;
    if (!repo::update(tx, next, o->version)) throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试");
    apply_stats(tx, rollup_path(o->path, o->kind), {{"orgs:" + o->kind, -1}});
    OrgRecord now = *repo::by_id(tx, id);
    const std::string before = snapshot(*this, *o), after = snapshot(*this, now);
    repo::add_history(tx, id, "dissolve", eff, before, after, reason, meta);
    audit_change(ctx_, tx, meta, "dissolve", id, before, after);
    return now;
  });
}

namespace {

struct TermInput {
  domain::Date elected;
  std::optional<int> years;
  bool has_committee = false;
  std::optional<std::string> secretary, approval_ref;
  boost::json::array members;
};

TermInput parse_term(const boost::json::object& b, domain::Date today) {
  std::vector<domain::FieldError> errs;
  TermInput t;
  auto date_text = b.if_contains("elected_date");
  auto parsed = date_text && date_text->is_string() ? domain::Date::parse(date_text->as_string()) : std::nullopt;
  if (!parsed) errs.push_back({"elected_date", "elected_date.invalid", "选举日期为必填项，格式为YYYY-MM-DD"});
  else if (*parsed > today) errs.push_back({"elected_date", "elected_date.future", "选举日期不能晚于今天"});
  else t.elected = *parsed;
  if (auto y = b.if_contains("term_years"); y && !y->is_null()) {
    if (!y->is_int64()) errs.push_back({"term_years", "term_years.invalid", "任期年限应为整数"});
    else t.years = static_cast<int>(y->as_int64());
  }
  if (auto c = b.if_contains("has_committee"); c && c->is_bool()) t.has_committee = c->as_bool();
  if (auto s = b.if_contains("secretary"); s && s->is_string()) t.secretary = std::string(s->as_string());
  if (auto s = b.if_contains("approval_ref"); s && s->is_string()) t.approval_ref = std::string(s->as_string());
  if (auto m = b.if_contains("members"); m && m->is_array()) t.members = m->as_array();
  if (!errs.empty()) throw http::validation_failed(errs);
  return t;
}

}  // namespace

TermRecord OrgService::add_term(int64_t id, const boost::json::object& body, const ChangeMeta& meta) {
  TermInput in = parse_term(body, ctx_.today());
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto o = repo::by_id(tx, id);
    if (!o) throw http::not_found("组织");
    if (o->dissolved()) throw http::conflict("org.dissolved", "组织已撤销");
    auto dflt = domain::default_term_years(o->kind, o->village_or_community, ctx_.org_rules);
    if (!dflt) throw http::validation_failed({{"kind", "term.not_applicable", "该类型组织不设任期"}});
    int years = in.years.value_or(*dflt);
    if (!domain::term_years_allowed(years, ctx_.org_rules))
      throw http::validation_failed({{"term_years", "term_years.range", "任期应为3至5年（党章第三十一条）"}});
    if (in.members.size() > 0 && in.members.size() < 3 && in.has_committee)
      throw http::validation_failed({{"members", "committee.too_small", "支部委员会应由3至5人组成（R-O06）"}});
    auto dates = domain::compute_term(in.elected, years, ctx_.org_rules);
    int64_t term_id = tx.query_int(
        "INSERT INTO org_terms (org_id, elected_date, term_years, due_date, has_committee, secretary, members_json, "
        "approval_ref, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        {id, in.elected.iso(), years, dates.due.iso(), in.has_committee ? 1 : 0, in.secretary,
         boost::json::serialize(in.members), in.approval_ref, now_timestamp()});
    const std::string term_json =
        boost::json::serialize(boost::json::object{{"term_id", term_id}, {"due_date", dates.due.iso()}});
    repo::add_history(tx, id, "term", in.elected.iso(), std::nullopt, term_json, std::nullopt, meta);
    audit_change(ctx_, tx, meta, "term_add", id, std::nullopt, term_json);
    auto r = tx.query_one(std::string("SELECT ") + repo::kTermColumns + " FROM org_terms WHERE id = $1", {term_id});
    return repo::term_from_row(*r);
  });
}

}  // namespace lianxin::modules::org
