// Member writes: create, update, status changes, and the import hooks. Each write runs in one
// transaction with its history row and its rollup delta.
#include "modules/member/member_service.hpp"

#include "domain/enums.hpp"
#include "domain/id_number.hpp"
#include "domain/member_status.hpp"
#include "domain/org_hierarchy.hpp"
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/member/member_audit.hpp"
#include "modules/member/member_codec.hpp"
#include "modules/member/member_repo.hpp"
#include "modules/org/org_service.hpp"
#include "modules/org/org_stats.hpp"

namespace lianxin::modules::member {

namespace {

constexpr const char* kDuplicate = "id_number.duplicate";

// The member's org must exist, be in use, and be a branch (members belong to branches).
std::optional<org::OrgRecord> resolve_org(db::Tx& tx, org::OrgService& orgs, const MemberService::Input& in,
                                          std::vector<domain::FieldError>& errs) {
  std::optional<org::OrgRecord> o;
  const char* field = in.org_id ? "org_id" : "org_code";
  if (in.org_id) o = orgs.find(tx, *in.org_id);
  else if (in.org_code && !in.org_code->empty()) o = orgs.find_by_code(tx, *in.org_code);
  else {
    errs.push_back({"org_id", "org_id.required", "所在党支部为必填项"});
    return std::nullopt;
  }
  if (!o) errs.push_back({field, "org.not_found", "所在党组织不存在"});
  else if (o->dissolved()) errs.push_back({field, "org.dissolved", "所在党组织已撤销"});
  else if (!domain::org_kind_holds_members(o->kind))
    errs.push_back({field, "org.not_branch", "党员只能编入党支部（含联合党支部、临时党支部）"});
  return o;
}

void throw_check_errors(const std::vector<domain::FieldError>& errs) {
  if (errs.empty()) return;
  if (errs.size() == 1 && errs[0].code == kDuplicate) throw http::conflict(kDuplicate, errs[0].message, "id_number");
  throw http::validation_failed(errs);
}

org::MemberStatFacts facts_of(const MemberRecord& m) {
  return {m.category, m.gender, m.birth_date, m.status, m.education, m.ethnicity};
}

std::string effective_or_today(const std::optional<std::string>& d, domain::Date today) {
  if (!d || d->empty()) return today.iso();
  auto parsed = domain::Date::parse(*d);
  if (!parsed) throw http::validation_failed({{"effective_date", "effective_date.invalid", "日期格式应为YYYY-MM-DD"}});
  if (*parsed > today) throw http::validation_failed({{"effective_date", "effective_date.future", "生效日期不能晚于今天"}});
  return parsed->iso();
}

}  // namespace

std::string MemberService::id_hash(const std::string& normalized) const { return ctx_.cipher.lookup_hash(normalized); }

std::string MemberService::decrypt(const std::optional<std::string>& enc) const {
  return enc ? ctx_.cipher.decrypt(*enc) : std::string();
}

std::vector<domain::FieldError> MemberService::check(db::Tx& tx, const Input& in, std::optional<int64_t> existing_id) {
  auto v = domain::validate_member(in.draft, ctx_.today(), ctx_.member_rules);
  org::OrgService orgs(ctx_);
  resolve_org(tx, orgs, in, v.errors);
  if (!v.fields.id_number.empty() && std::none_of(v.errors.begin(), v.errors.end(), [](const auto& e) {
        return e.field == "id_number";
      })) {
    auto other = repo::by_id_hash(tx, id_hash(v.fields.id_number));
    if (other && (!existing_id || other->id != *existing_id))
      v.errors.push_back({"id_number", kDuplicate, "该公民身份号码已登记在其他党员记录中，一人只能有一条记录"});
  }
  return v.errors;
}

namespace {

struct Prepared {
  MemberRecord record;
  org::OrgRecord org;
};

}  // namespace

static Prepared prepare(MemberService& svc, ModuleContext& ctx, db::Tx& tx, const MemberService::Input& in,
                        std::optional<int64_t> existing_id) {
  throw_check_errors(svc.check(tx, in, existing_id));
  auto v = domain::validate_member(in.draft, ctx.today(), ctx.member_rules);
  org::OrgService orgs(ctx);
  std::vector<domain::FieldError> ignored;
  auto o = resolve_org(tx, orgs, in, ignored);
  return Prepared{encode_record(ctx.cipher, v.fields, o->id), *o};
}

// Before any validation message can tell anything about it, the target organization must lie in
// the caller's scope (404 outside what the caller sees, 403 inside it).
static void require_target_in_scope(ModuleContext& ctx, db::Tx& tx, const MemberService::Input& in,
                                    const http::Scope& scope) {
  org::OrgService orgs(ctx);
  std::vector<domain::FieldError> ignored;
  if (auto o = resolve_org(tx, orgs, in, ignored)) scope.require(o->path, "组织");
}

MemberRecord MemberService::create(const Input& in, const ChangeMeta& meta, const http::Scope& scope) {
  return ctx_.db.write_value([&](db::Tx& tx) { return create_in(tx, in, meta, scope); });
}

MemberRecord MemberService::create_in(db::Tx& tx, const Input& in, const ChangeMeta& meta, const http::Scope& scope) {
  require_target_in_scope(ctx_, tx, in, scope);
  Prepared p = prepare(*this, ctx_, tx, in, std::nullopt);
  p.record.created_at = now_timestamp();
  p.record.id = repo::insert(tx, p.record);
  org::apply_member_stats(tx, p.org.path, p.org.kind, facts_of(p.record), 1);
  repo::add_history(tx, p.record.id, "create", p.record.join_date, std::nullopt,
                    history_snapshot(ctx_.cipher, p.record, p.org.name), std::nullopt, meta);
  audit_change(ctx_, tx, meta, "create", nullptr, p.record, std::nullopt);
  return *repo::by_id(tx, p.record.id);
}

namespace {

// Overlays the given patch fields on the stored values: nullopt keeps, "" clears.
domain::MemberDraft merge(domain::MemberDraft base, const domain::MemberDraft& p) {
  auto over = [](std::optional<std::string>& dst, const std::optional<std::string>& src) {
    if (src) dst = *src;
  };
  over(base.name, p.name);
  over(base.id_number, p.id_number);
  over(base.gender, p.gender);
  over(base.birth_date, p.birth_date);
  over(base.ethnicity, p.ethnicity);
  over(base.education, p.education);
  over(base.category, p.category);
  over(base.application_date, p.application_date);
  over(base.join_date, p.join_date);
  over(base.full_date, p.full_date);
  over(base.employment, p.employment);
  over(base.position, p.position);
  over(base.mobile, p.mobile);
  over(base.landline, p.landline);
  over(base.address, p.address);
  over(base.income_base, p.income_base);
  return base;
}

std::optional<org::OrgRecord> org_of(ModuleContext& ctx, db::Tx& tx, int64_t org_id) {
  org::OrgService orgs(ctx);
  return orgs.find(tx, org_id);
}

}  // namespace

// Writes `next` over `old` with its rollup delta and history row; throws 409 on a stale version.
static MemberRecord store_change(ModuleContext& ctx, db::Tx& tx, const MemberRecord& old, MemberRecord next,
                                 const std::string& action, const std::string& eff,
                                 const std::optional<std::string>& reason, const ChangeMeta& meta) {
  if (!repo::update(tx, next, old.version))
    throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试", "version");
  auto old_org = org_of(ctx, tx, old.org_id);
  auto new_org = org_of(ctx, tx, next.org_id);
  // One batch in the rollups' key order: two separate batches (old −1, then new +1) made opposite
  // changes at the same time (a status there and back) take the same rows in opposite orders, a
  // deadlock on PostgreSQL.
  org::MemberTally tally;
  tally.add(old_org->path, old_org->kind, facts_of(old), -1);
  tally.add(new_org->path, new_org->kind, facts_of(next), 1);
  tally.apply(tx);
  repo::add_history(tx, old.id, action, eff, history_snapshot(ctx.cipher, old, old_org->name),
                    history_snapshot(ctx.cipher, next, new_org->name), reason, meta);
  return *repo::by_id(tx, old.id);
}

MemberRecord MemberService::update(int64_t id, const Input& patch, std::optional<int64_t> expected_version,
                                   std::optional<std::string> effective_date, const ChangeMeta& meta,
                                   const http::Scope& scope) {
  if (patch.draft.status)
    throw http::bad_request("use_status_change", "党员状态请通过“状态变更”办理", "status");
  std::string eff = effective_or_today(effective_date, ctx_.today());
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto old = repo::by_id(tx, id);
    auto old_org = old ? org_of(ctx_, tx, old->org_id) : std::nullopt;
    if (!old) throw http::not_found("党员");
    scope.require(old_org->path, "党员");
    if (expected_version && *expected_version != old->version)
      throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试", "version");
    Input merged{merge(draft_of(ctx_.cipher, *old), patch.draft), patch.org_id, patch.org_code};
    if (!merged.org_id && !merged.org_code) merged.org_id = old->org_id;
    require_target_in_scope(ctx_, tx, merged, scope);
    Prepared p = prepare(*this, ctx_, tx, merged, id);
    scope.require(p.org.path, "组织");
    p.record.id = id;
    p.record.status = old->status;  // status changes go through change_status
    p.record.created_batch_id = old->created_batch_id;
    std::string action = p.record.org_id != old->org_id ? "move" : "update";
    if (action == "move")
      for (const auto& guard : move_guards_) guard(tx, id);
    MemberRecord now = store_change(ctx_, tx, *old, p.record, action, eff, std::nullopt, meta);
    audit_change(ctx_, tx, meta, action, &*old, now, std::nullopt);
    return now;
  });
}

MemberRecord MemberService::move_in(db::Tx& tx, int64_t id, int64_t to_org_id, const std::string& effective_date,
                                    const std::optional<std::string>& reason, const ChangeMeta& meta,
                                    std::optional<int64_t> expected_version) {
  auto old = repo::by_id(tx, id);
  if (!old) throw http::not_found("党员");
  if (expected_version && *expected_version != old->version)
    throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试", "version");
  org::OrgService orgs(ctx_);
  std::vector<domain::FieldError> errs;
  Input target;
  target.org_id = to_org_id;
  resolve_org(tx, orgs, target, errs);
  if (!errs.empty()) throw http::validation_failed(errs);
  MemberRecord next = *old;
  next.org_id = to_org_id;
  MemberRecord now = store_change(ctx_, tx, *old, next, "move", effective_date, reason, meta);
  audit_change(ctx_, tx, meta, "move", &*old, now, reason);
  return now;
}

MemberRecord MemberService::change_status(int64_t id, const StatusChange& change, const ChangeMeta& meta,
                                          const http::Scope& scope) {
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto old = repo::by_id(tx, id);
    auto o = old ? org_of(ctx_, tx, old->org_id) : std::nullopt;
    if (!old) throw http::not_found("党员");
    scope.require(o->path, "党员");
    return change_status_in(tx, id, change, meta);
  });
}

namespace {

std::optional<domain::Date> opt_date(const std::optional<std::string>& s) {
  if (!s || s->empty()) return std::nullopt;
  return domain::Date::parse(*s);
}

}  // namespace

MemberRecord MemberService::change_status_in(db::Tx& tx, int64_t id, const StatusChange& change,
                                             const ChangeMeta& meta) {
  if (!domain::find_enum(domain::member_statuses(), change.status))
    throw http::validation_failed({{"status", "status.invalid", "党员状态无效"}});
  const domain::Date today = ctx_.today();
  std::string eff = effective_or_today(change.effective_date, today);
  auto old = repo::by_id(tx, id);
  if (!old) throw http::not_found("党员");
  if (change.expected_version && *change.expected_version != old->version)
    throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试", "version");

  domain::StatusRequest rq;
  rq.from = old->status;
  rq.to = change.status;
  rq.category = old->category;
  rq.effective = *domain::Date::parse(eff);
  rq.today = today;
  rq.kind = change.kind;
  rq.reason = change.reason;
  rq.approver = change.approver;
  rq.source = change.source.empty() ? "manual" : change.source;
  if (change.lost_since && !change.lost_since->empty()) {
    rq.since = domain::Date::parse(*change.lost_since);
    if (!rq.since) throw http::validation_failed({{"lost_since", "lost_since.invalid", "日期格式应为YYYY-MM-DD"}});
    if (*rq.since > today)
      throw http::validation_failed({{"lost_since", "lost_since.future", "失去联系日期不能晚于今天"}});
  }
  // What the record says about the status in force: the event that set it, or (status set before
  // status events existed) the date of the last status history row.
  auto latest = repo::latest_status_event(tx, id);
  const bool latest_in_force = latest && latest->to_status == old->status;
  if (old->status == "lost_contact" && latest_in_force) rq.lost_since_on_record = opt_date(latest->lost_since);
  if (old->status == "suspended")
    rq.suspended_on = latest_in_force ? opt_date(latest->effective_date)
                                      : opt_date(repo::latest_status_history_date(tx, id));

  const domain::StatusDecision dec = domain::check_status_change(rq, ctx_.member_status_rules);
  if (!dec.ok()) {
    if (dec.errors.size() == 1 && dec.errors[0].code == "status.unchanged")
      throw http::conflict("status.unchanged", "党员状态未发生变化", "status");
    throw http::validation_failed(dec.errors);
  }
  MemberRecord next = *old;
  next.status = dec.to;
  MemberRecord now = store_change(ctx_, tx, *old, next, "status", eff, change.reason, meta);

  repo::StatusEvent e;
  e.member_id = id;
  e.from_status = old->status;
  e.to_status = dec.to;
  e.kind = dec.kind;
  e.effective_date = eff;
  e.reason = change.reason;
  e.approver = change.approver;
  if (dec.lost_since) e.lost_since = dec.lost_since->iso();
  e.rule_id = std::string(dec.transition->rule_id);
  e.table_version = std::string(domain::status_table().version);
  if (dec.review) {
    e.review_kind = dec.review->kind;
    e.review_due = dec.review->due.iso();
  }
  e.source = change.source.empty() ? "manual" : change.source;
  e.recorded_at = now_timestamp();
  if (meta.user_id) e.recorded_by = meta.user_id;
  e.recorded_by_name = meta.actor;
  if (!meta.request_id.empty()) e.request_id = meta.request_id;
  const int64_t event_id = repo::insert_status_event(tx, e);

  boost::json::object extra{{"status_event_id", event_id}, {"rule_id", e.rule_id}};
  if (e.kind) extra["kind"] = *e.kind;
  if (e.approver) extra["approver"] = *e.approver;
  if (e.lost_since) extra["lost_since"] = *e.lost_since;
  audit_change(ctx_, tx, meta, "status", &*old, now, change.reason, &extra);
  return now;
}

MemberRecord MemberService::convert_to_full_in(db::Tx& tx, int64_t id, const std::string& full_date,
                                               const std::string& reason, const ChangeMeta& meta) {
  auto old = repo::by_id(tx, id);
  if (!old) throw http::not_found("党员");
  const auto fd = domain::Date::parse(full_date);
  const auto jd = domain::Date::parse(old->join_date);
  if (!fd || (jd && *fd <= *jd))
    throw http::validation_failed({{"full_date", "full_date.order", "转为正式党员日期须晚于加入党组织日期"}});
  if (old->category == "full" && old->full_date == fd->iso()) return *old;  // applied already
  MemberRecord next = *old;
  next.category = "full";
  next.full_date = fd->iso();
  // The history row is dated with the full-member date: 党龄 counts from it (R-D26).
  MemberRecord now = store_change(ctx_, tx, *old, next, "convert", fd->iso(), reason, meta);
  audit_change(ctx_, tx, meta, "convert", &*old, now, reason);
  return now;
}

MemberRecord MemberService::revert_conversion_in(db::Tx& tx, int64_t id, const std::string& reason,
                                                 const ChangeMeta& meta) {
  auto old = repo::by_id(tx, id);
  if (!old) throw http::not_found("党员");
  if (old->category != "full") return *old;  // reverted already
  MemberRecord next = *old;
  next.category = "probationary";
  next.full_date.reset();
  MemberRecord now = store_change(ctx_, tx, *old, next, "convert_revert", ctx_.today().iso(), reason, meta);
  audit_change(ctx_, tx, meta, "convert_revert", &*old, now, reason);
  return now;
}

MemberRecord MemberService::revert_status_event_in(db::Tx& tx, int64_t id, const std::string& kind,
                                                   const std::string& source, const std::string& rule_id,
                                                   const std::string& reason, const ChangeMeta& meta) {
  auto old = repo::by_id(tx, id);
  if (!old) throw http::not_found("党员");
  auto latest = repo::latest_status_event(tx, id);
  if (!latest || latest->kind != kind || latest->source != source || latest->to_status != old->status) return *old;
  const std::string today = ctx_.today().iso();
  MemberRecord next = *old;
  next.status = latest->from_status;
  MemberRecord now = store_change(ctx_, tx, *old, next, "status", today, reason, meta);
  repo::StatusEvent e;
  e.member_id = id;
  e.from_status = old->status;
  e.to_status = next.status;
  e.kind = kind + "_withdrawn";
  e.effective_date = today;
  e.reason = reason;
  e.rule_id = rule_id;
  e.table_version = std::string(domain::status_table().version);
  e.source = source;
  e.recorded_at = now_timestamp();
  e.recorded_by = meta.user_id ? std::optional(meta.user_id) : std::nullopt;
  e.recorded_by_name = meta.actor;
  e.request_id = meta.request_id;
  repo::insert_status_event(tx, e);
  audit_change(ctx_, tx, meta, "status", &*old, now, reason);
  return now;
}

std::vector<MemberRecord> MemberService::of_branch(db::Tx& tx, int64_t org_id) {
  std::vector<MemberRecord> out;
  for (const auto& r : tx.query(std::string("SELECT ") + repo::kColumns + " FROM members m WHERE m.org_id = $1 ORDER BY m.id",
                                {org_id}))
    out.push_back(repo::from_row(r));
  return out;
}

std::string MemberService::status_on(db::Tx& tx, const MemberRecord& m, const std::string& date) {
  auto events = repo::status_events(tx, m.id);  // newest first
  if (events.empty()) return m.status;
  for (const auto& e : events)
    if (e.effective_date <= date) return e.to_status;
  return events.back().from_status;
}

ImportOutcome MemberService::import_row(db::Tx& tx, const Input& in, const std::string& policy, int64_t batch_id,
                                        const ChangeMeta& meta) {
  auto v = domain::validate_member(in.draft, ctx_.today(), ctx_.member_rules);
  if (!v.ok()) throw http::validation_failed(v.errors);
  auto existing = repo::by_id_hash(tx, id_hash(v.fields.id_number));
  if (!existing) {
    Prepared p = prepare(*this, ctx_, tx, in, std::nullopt);
    p.record.created_at = now_timestamp();
    p.record.created_batch_id = batch_id;
    p.record.id = repo::insert(tx, p.record);
    org::apply_member_stats(tx, p.org.path, p.org.kind, facts_of(p.record), 1);
    return {ImportOutcome::Action::created, p.record.id, 1, {}};
  }
  if (policy == "skip") return {ImportOutcome::Action::skipped, existing->id, existing->version, {}};
  if (policy != "update")
    throw http::conflict(kDuplicate, "公民身份号码已登记：" + existing->name, "id_number");
  Input merged{merge(draft_of(ctx_.cipher, *existing), in.draft), in.org_id, in.org_code};
  Prepared p = prepare(*this, ctx_, tx, merged, existing->id);
  p.record.id = existing->id;
  p.record.status = in.draft.status ? p.record.status : existing->status;
  p.record.created_batch_id = existing->created_batch_id;
  MemberRecord now = store_change(ctx_, tx, *existing, p.record, "import", ctx_.today().iso(), std::nullopt, meta);
  return {ImportOutcome::Action::updated, now.id, now.version, full_snapshot(*existing)};
}

void MemberService::undo_import_update(db::Tx& tx, int64_t member_id, const std::string& before_json,
                                       const ChangeMeta& meta) {
  auto current = repo::by_id(tx, member_id);
  if (!current) throw http::conflict("import.rollback_blocked", "党员记录已不存在，无法回滚");
  MemberRecord before = restore_snapshot(before_json);
  store_change(ctx_, tx, *current, before, "import_rollback", ctx_.today().iso(), std::nullopt, meta);
}

void MemberService::delete_imported(db::Tx& tx, int64_t member_id) {
  auto m = repo::by_id(tx, member_id);
  if (!m) return;
  auto o = org_of(ctx_, tx, m->org_id);
  org::apply_member_stats(tx, o->path, o->kind, facts_of(*m), -1);
  tx.exec("DELETE FROM member_status_events WHERE member_id = $1", {member_id});
  tx.exec("DELETE FROM member_history WHERE member_id = $1", {member_id});
  tx.exec("DELETE FROM members WHERE id = $1", {member_id});
}

std::map<std::string, int64_t> MemberService::existing_by_hash(db::Tx& tx, const std::vector<std::string>& hashes) {
  std::map<std::string, int64_t> out;
  constexpr size_t kChunk = 500;
  for (size_t start = 0; start < hashes.size(); start += kChunk) {
    size_t end = std::min(hashes.size(), start + kChunk);
    std::string sql = "SELECT id_hash, id FROM members WHERE id_hash IN (";
    db::Params params;
    for (size_t i = start; i < end; ++i) {
      params.emplace_back(hashes[i]);
      sql += (i == start ? "$" : ", $") + std::to_string(params.size());
    }
    for (const auto& r : tx.query(sql + ")", params)) out[r.text(0)] = r.i64(1);
  }
  return out;
}

std::optional<MemberRecord> MemberService::find(db::Tx& tx, int64_t id) { return repo::by_id(tx, id); }

std::optional<MemberRecord> MemberService::find_by_id_number(db::Tx& tx, const std::string& id_number) {
  auto check = domain::check_id_number(id_number, ctx_.today());
  if (!check.ok()) return std::nullopt;
  return repo::by_id_hash(tx, id_hash(check.info->normalized));
}

std::vector<int64_t> MemberService::ids_by_mobile(db::Tx& tx, const std::string& normalized_mobile) {
  std::vector<int64_t> ids;
  for (const auto& r : tx.query("SELECT id FROM members WHERE mobile_hash = $1 ORDER BY id LIMIT 10",
                                {ctx_.cipher.lookup_hash(normalized_mobile)}))
    ids.push_back(r.i64(0));
  return ids;
}

std::optional<std::string> MemberService::org_path_of(db::Tx& tx, int64_t member_id) {
  auto r = tx.query_one("SELECT o.path FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.id = $1", {member_id});
  if (!r) return std::nullopt;
  return r->text(0);
}

MemberService::Subject MemberService::subject_in_scope(db::Tx& tx, int64_t id, const http::Scope& scope,
                                                      const std::string& purpose) {
  auto m = repo::by_id(tx, id);
  if (!m) throw http::not_found("党员");
  auto o = org_of(ctx_, tx, m->org_id);
  scope.require(o->path, "党员");
  Subject s{std::move(*m), std::move(*o), std::nullopt};
  if (!domain::status_is_current(s.member.status)) {
    auto st = domain::find_enum(domain::member_statuses(), s.member.status);
    s.not_current = domain::FieldError{"member_id", "member.not_current",
                                       "党员状态为“" + std::string(st ? st->label : s.member.status) + "”，不能" + purpose};
  }
  return s;
}

MemberRecord MemberService::get(int64_t id, const http::Scope& scope) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    // One statement: the member and its organization's path for the scope check (the hot path).
    static const std::string sql = std::string("SELECT ") + repo::kColumns +
                                   ", o.path FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.id = $1";
    auto r = tx.query_one(sql, {id});
    if (!r) throw http::not_found("党员");
    scope.require(r->text(25), "党员");
    return repo::from_row(std::move(*r));
  });
}

// A write transaction although nothing changes: the reveal is audited, and the value leaves only
// if its audit record commits.
std::string MemberService::reveal(int64_t id, const std::string& field, const std::optional<std::string>& reason,
                                  const ChangeMeta& meta, const http::Scope& scope) {
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto m = repo::by_id(tx, id);
    auto o = m ? org_of(ctx_, tx, m->org_id) : std::nullopt;
    if (!m) throw http::not_found("党员");
    scope.require(o->path, "党员");
    std::string value = reveal_field(*m, field);
    boost::json::object what{{"field", field}, {"reason", reason ? boost::json::value(*reason) : nullptr}};
    audit::record(tx, ctx_.cipher, meta,
                  {"member.reveal", "member", std::to_string(id), m->org_id, std::nullopt, boost::json::serialize(what)});
    return value;
  });
}

std::string MemberService::reveal_field(const MemberRecord& m, const std::string& field) const {
  const std::optional<std::string>* enc = nullptr;
  std::optional<std::string> id_enc = m.id_enc;
  if (field == "id_number") enc = &id_enc;
  else if (field == "mobile") enc = &m.mobile_enc;
  else if (field == "landline") enc = &m.landline_enc;
  else if (field == "address") enc = &m.address_enc;
  else throw http::validation_failed({{"field", "field.invalid", "只能查看身份证号、手机号、固定电话或家庭住址"}});
  if (!*enc) throw http::not_found("该字段");
  return decrypt(*enc);
}

}  // namespace lianxin::modules::member

namespace lianxin::modules::member {

// Audited (who looked up, what was found; never the ID number), hence a write transaction.
std::optional<MemberRecord> MemberService::find_in_scope_by_id_number(const std::string& id_number,
                                                                      const ChangeMeta& meta,
                                                                      const http::Scope& scope) {
  return ctx_.db.write_value([&](db::Tx& tx) -> std::optional<MemberRecord> {
    auto m = find_by_id_number(tx, id_number);
    auto o = m ? org_of(ctx_, tx, m->org_id) : std::nullopt;
    if (m && (!o || !scope.contains_path(o->path))) m.reset();
    audit::record(tx, ctx_.cipher, meta,
                  {"member.lookup", "member", m ? std::optional(std::to_string(m->id)) : std::nullopt,
                   m ? std::optional(m->org_id) : std::nullopt, std::nullopt,
                   boost::json::serialize(boost::json::object{{"found", m.has_value()}})});
    return m;
  });
}

}  // namespace lianxin::modules::member
