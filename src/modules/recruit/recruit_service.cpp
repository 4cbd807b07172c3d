// Recruitment cases: create (with step 1), list, detail with the engine's evaluation, and step
// records. Every write runs in one transaction with its audit record (called last).
#include "modules/recruit/recruit_service.hpp"

#include <set>

#include "db/keyset.hpp"
#include "domain/enums.hpp"
#include "domain/id_number.hpp"
#include "domain/org_hierarchy.hpp"
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/common/json_util.hpp"
#include "modules/common/subtree_sql.hpp"
#include "modules/org/org_service.hpp"
#include "modules/recruit/recruit_internal.hpp"
#include "util/csv.hpp"

namespace lianxin::modules::recruit {

namespace json = boost::json;
using namespace detail;

namespace {

// A blocking finding refuses the write: 422 with every blocking finding in error.details, the
// rule id as code (the first one also on top).
[[noreturn]] void throw_blocked(const std::vector<domain::Finding>& findings, const std::string& field) {
  std::vector<domain::FieldError> errs;
  for (const auto& f : findings)
    if (f.severity == domain::Severity::kBlock) errs.push_back({field, f.rule_id, f.message});
  throw http::validation_failed(errs);
}

// Stores the engine's status in the case's list columns.
void apply_status(CaseRecord& c, const domain::CaseStatus& st) {
  c.state = domain::case_state_code(st.state);
  c.stage = st.stage;
  c.current_step = st.current_step;
  c.next_step = st.next_step;
  std::optional<domain::Date> next_due;
  for (const auto* list : {&st.overdue, &st.due})
    for (const auto& d : *list)
      if (!next_due || d.due < *next_due) next_due = d.due;
  c.next_due = next_due ? std::optional(next_due->iso()) : std::nullopt;
}

domain::VoteParams vote_params(const domain::RecruitPack& pack) {
  domain::VoteParams v;
  if (const auto* p = pack.param("vote.written_counts_for_quorum")) v.written_counts_for_quorum = p->value != 0;
  if (const auto* p = pack.param("vote.exclude_suspended_membership")) v.exclude_suspended_membership = p->value != 0;
  return v;
}

json::object record_json(const StepRow& s, const std::vector<StepRow>& all, const domain::RecruitPack& pack) {
  json::object facts = json::parse(s.facts_json).as_object();
  json::value superseded = nullptr;
  for (const auto& o : all)
    if (o.corrects_id == s.id) superseded = o.id;
  json::object j{{"id", s.id},
                 {"step", s.step},
                 {"step_name", step_name(pack, s.step)},
                 {"date", s.date},
                 {"facts", facts},
                 {"findings", json::parse(s.findings_json)},
                 {"pack_id", s.pack_id},
                 {"corrects", opt_json(s.corrects_id)},
                 {"correction_reason", opt_json(s.correction_reason)},
                 {"superseded_by", superseded},
                 {"recorded_by", s.recorded_by_name},
                 {"recorded_at", s.recorded_at}};
  const auto* def = pack.step(s.step);
  if (def && (def->result == domain::StepResult::kVote || def->result == domain::StepResult::kConversion)) {
    auto r = to_step_record(s.step, *domain::Date::parse(s.date), facts);
    if (r.attendance && r.ballot) j["vote"] = vote_json(domain::evaluate_ballot(*r.attendance, *r.ballot, vote_params(pack)));
  }
  return j;
}

std::optional<std::string> trimmed(const std::optional<std::string>& s) {
  if (!s || s->empty()) return std::nullopt;
  return s;
}

}  // namespace

namespace detail {

// The case as the API shows it (ID number masked); `org_name` when known.
json::object case_json(ModuleContext& ctx, const CaseRecord& c, const domain::RecruitPack& pack,
                       const std::optional<std::string>& org_name) {
  const std::string today = ctx.today().iso();
  auto g = domain::find_enum(domain::genders(), c.gender);
  return json::object{{"id", c.id},
                      {"org_id", c.org_id},
                      {"org_name", opt_json(org_name)},
                      {"name", c.name},
                      {"id_number", domain::mask_id_number(ctx.cipher.decrypt(c.id_enc))},
                      {"gender", c.gender},
                      {"gender_label", g ? json::value(std::string(g->label)) : json::value(nullptr)},
                      {"birth_date", c.birth_date},
                      {"unit", opt_json(c.unit)},
                      {"application_date", c.application_date},
                      {"state", c.state},
                      {"pack_id", c.pack_id},
                      {"stage", c.stage},
                      {"current_step", c.current_step},
                      {"next_step", c.next_step},
                      {"next_step_name", step_name(pack, c.next_step)},
                      {"next_due", opt_json(c.next_due)},
                      {"overdue", c.state == "in_progress" && c.next_due && *c.next_due < today},
                      {"member_id", opt_json(c.member_id)},
                      {"version", c.version},
                      {"created_at", c.created_at},
                      {"updated_at", c.updated_at}};
}

}  // namespace detail

namespace {

json::object detail_in(RecruitService& svc, ModuleContext& ctx, db::Tx& tx, const CaseRecord& c,
                       const std::optional<std::string>& org_name) {
  const domain::RecruitPack& pack = svc.pack_by_id(c.pack_id);
  auto all = steps_of(tx, c.id);
  auto active = active_steps(all);
  auto st = domain::evaluate_case(to_case(c, active, pack), pack, svc.load_calendar(tx), ctx.today());
  json::object j = case_json(ctx, c, pack, org_name);
  json::array records;
  for (const auto& s : all) records.push_back(record_json(s, all, pack));
  j["records"] = std::move(records);
  j["evaluation"] = evaluation_json(st, pack);
  return j;
}

}  // namespace

json::object RecruitService::create_case(const CaseInput& in, const ChangeMeta& meta, const http::Scope& scope) {
  const domain::Date today = ctx_.today();
  return ctx_.db.write_value([&](db::Tx& tx) {
    org::OrgService orgs(ctx_);
    std::vector<domain::FieldError> errs;
    std::optional<org::OrgRecord> o;
    if (!in.org_id) {
      errs.push_back({"org_id", "org_id.required", "所在党支部为必填项"});
    } else {
      o = orgs.find(tx, *in.org_id);
      if (!o) throw http::not_found("组织");
      scope.require(o->path, "组织");
      if (o->dissolved()) errs.push_back({"org_id", "org.dissolved", "所在党组织已撤销"});
      else if (!domain::org_kind_holds_members(o->kind))
        errs.push_back({"org_id", "org.not_branch", "入党申请人应向党支部（含联合党支部、临时党支部）提出申请"});
    }
    auto name = trimmed(in.name);
    if (!name) errs.push_back({"name", "name.required", "姓名为必填项"});
    else if (util::utf8_length(*name) > 50) errs.push_back({"name", "name.too_long", "姓名不能超过50个字"});

    std::optional<domain::IdNumberInfo> info;
    if (!trimmed(in.id_number)) {
      errs.push_back({"id_number", "id_number.required", "公民身份号码为必填项"});
    } else {
      auto chk = domain::check_id_number(*in.id_number, today);
      if (!chk.ok()) errs.push_back({"id_number", chk.error_code, chk.error_message});
      else info = chk.info;
    }
    std::optional<domain::Date> birth = info ? std::optional(info->birth) : std::nullopt;
    if (auto b = trimmed(in.birth_date)) {
      auto d = domain::Date::parse(*b);
      if (!d) errs.push_back({"birth_date", "birth_date.invalid", "出生日期格式应为YYYY-MM-DD"});
      else if (info && *d != info->birth)
        errs.push_back({"birth_date", "birth_date.mismatch", "出生日期与公民身份号码中的出生日期（" + info->birth.iso() + "）不一致"});
    }
    std::string gender = info ? (info->gender == domain::Gender::male ? "male" : "female") : "";
    if (auto g = trimmed(in.gender)) {
      auto e = domain::find_enum(domain::genders(), *g);
      if (!e) errs.push_back({"gender", "gender.invalid", "性别只能是男或女"});
      else if (info && e->code != gender) errs.push_back({"gender", "gender.mismatch", "性别与公民身份号码不一致"});
    }
    std::optional<domain::Date> applied;
    if (auto a = trimmed(in.application_date)) {
      applied = domain::Date::parse(*a);
      if (!applied) errs.push_back({"application_date", "application_date.invalid", "日期格式应为YYYY-MM-DD"});
      else if (*applied > today) errs.push_back({"application_date", "application_date.future", "递交入党申请书日期不能晚于今天"});
      else if (birth && *applied <= *birth) errs.push_back({"application_date", "application_date.before_birth", "递交入党申请书日期应晚于出生日期"});
    } else {
      errs.push_back({"application_date", "application_date.required", "递交入党申请书日期为必填项"});
    }
    auto unit = trimmed(in.unit);
    if (unit && util::utf8_length(*unit) > 100) errs.push_back({"unit", "unit.too_long", "工作单位不能超过100个字"});
    if (!errs.empty()) throw http::validation_failed(errs);

    // One person, one record: not a member already (member module's public service), and at
    // most one open case per ID number.
    if (members_.find_by_id_number(tx, info->normalized))
      throw http::conflict("recruit.already_member", "该公民身份号码已登记为党员，不能建立发展党员档案", "id_number");
    const std::string hash = members_.id_hash(info->normalized);
    if (tx.query_one("SELECT id FROM recruit_cases WHERE open_hash = $1", {hash}))
      throw http::conflict("recruit.open_case", "该公民身份号码已有进行中的发展党员档案", "id_number");

    CaseRecord c;
    c.org_id = o->id;
    c.name = *name;
    c.id_enc = ctx_.cipher.encrypt(info->normalized);
    c.id_hash = hash;
    c.gender = gender;
    c.birth_date = birth->iso();
    c.unit = unit;
    c.application_date = applied->iso();
    c.pack_id = effective_pack_id(tx, o->path);
    c.created_at = c.updated_at = now_timestamp();
    const domain::RecruitPack& pack = pack_by_id(c.pack_id);
    const domain::WorkCalendar cal = load_calendar(tx);

    // Step 1 (递交入党申请书) is the application itself, dated application_date.
    StepRow s;
    s.step = 1;
    s.date = c.application_date;
    s.facts_json = json::serialize(json::object{{"documents", json::array{"入党申请书"}}});
    s.pack_id = pack.id;
    std::vector<StepRow> rows{s};
    domain::RecruitCase rc = to_case(c, rows, pack);
    auto findings = domain::check_step(rc, rc.records.front(), pack, cal, today);
    if (domain::has_block(findings)) throw_blocked(findings, "application_date");
    apply_status(c, domain::evaluate_case(rc, pack, cal, today));
    c.id = insert_case(tx, c);
    s.case_id = c.id;
    s.findings_json = json::serialize(findings_json(findings));
    s.recorded_by = meta.user_id ? std::optional(meta.user_id) : std::nullopt;
    s.recorded_by_name = meta.actor;
    s.recorded_at = c.created_at;
    s.request_id = meta.request_id;
    insert_step(tx, s);
    json::object after{{"name", c.name},
                       {"id_number", domain::mask_id_number(info->normalized)},
                       {"org_id", c.org_id},
                       {"application_date", c.application_date},
                       {"pack_id", c.pack_id},
                       {"state", c.state}};
    audit::record(tx, ctx_.cipher, meta,
                  {"recruit.create", "recruit_case", std::to_string(c.id), c.org_id, std::nullopt, json::serialize(after)});
    json::object out = detail_in(*this, ctx_, tx, *case_by_id(tx, c.id), o->name);
    out["findings"] = findings_json(findings);
    return out;
  });
}

json::object RecruitService::detail(int64_t id, const http::Scope& scope) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    auto c = case_by_id(tx, id);
    if (!c) throw http::not_found("发展党员档案");
    org::OrgService orgs(ctx_);
    auto o = orgs.find(tx, c->org_id);
    scope.require(o->path, "发展党员档案");
    return detail_in(*this, ctx_, tx, *c, o->name);
  });
}

// Conversion (steps 22–24): once the upper committee's approval (step 24) settles the outcome
// of the conversion meeting, the member record follows it through the member module — 正式党员
// from the end of probation, extension included (R-D26, never the approval date), or out of the
// party as 取消预备党员资格 (R-D22). Both are idempotent (a member already converted with this
// date, or already out, is left alone), so a correction of these steps never applies them twice.
void RecruitService::apply_conversion(db::Tx& tx, int64_t member_id, const domain::CaseStatus& status,
                                      const std::vector<StepRow>& steps, const ChangeMeta& meta, bool correction) {
  // A correction can withdraw what an earlier record decided (R-D26 / R-D22 path): a member
  // converted by this case but no longer converted goes back to 预备党员, a cancellation no longer
  // decided is undone — in this transaction, with the member's history and an audit record.
  if (correction) {
    auto m = members_.find(tx, member_id);
    if (m && m->category == "full" && !status.full_member_date)
      members_.revert_conversion_in(tx, member_id, "更正发展党员档案记录：撤回转为正式党员", meta);
    if (status.state != domain::CaseState::kCancelled)
      members_.revert_status_event_in(tx, member_id, "probation_cancelled", "recruit", "R-D22",
                                      "更正发展党员档案记录：撤回取消预备党员资格", meta);
  }
  if (status.full_member_date) {
    members_.convert_to_full_in(tx, member_id, status.full_member_date->iso(), "预备党员按期转为正式党员（发展党员档案）",
                                meta);
    return;
  }
  if (status.state != domain::CaseState::kCancelled) return;
  auto m = members_.find(tx, member_id);
  if (!m || !domain::status_is_current(m->status)) return;  // already out (or moved away for good)
  // The latest approval (step 24) dates the decision and names the approving committee.
  const StepRow* approval = nullptr;
  for (const auto& r : steps)
    if (r.step == 24 && (!approval || r.date >= approval->date)) approval = &r;
  member::MemberService::StatusChange ch;
  ch.status = "expelled";
  ch.kind = "probation_cancelled";
  ch.reason = "取消预备党员资格（发展党员档案，R-D22）";
  ch.approver = "上级党委";
  ch.source = "recruit";
  if (approval) {
    ch.effective_date = approval->date;
    const json::value facts = json::parse(approval->facts_json);
    if (const auto* a = facts.as_object().if_contains("approver_org_id"); a && a->is_int64())
      if (auto o = org::OrgService(ctx_).find(tx, a->as_int64())) ch.approver = o->name;
  }
  members_.change_status_in(tx, member_id, ch, meta);
}

json::object RecruitService::record_step(int64_t id, const json::object& body, const ChangeMeta& meta,
                                         const http::Scope& scope) {
  return ctx_.db.write_value([&](db::Tx& tx) { return record_step_in(tx, id, body, meta, scope); });
}

// The body stays a lambda called at once (it was write_value's) so that this function's history
// reads as one piece.
json::object RecruitService::record_step_in(db::Tx& tx, int64_t id, const json::object& body, const ChangeMeta& meta,
                                            const http::Scope& scope) {
  const domain::Date today = ctx_.today();
  return [&](db::Tx& tx) {
    auto c = case_by_id(tx, id);
    if (!c) throw http::not_found("发展党员档案");
    org::OrgService orgs(ctx_);
    auto o = orgs.find(tx, c->org_id);
    scope.require(o->path, "发展党员档案");

    std::vector<domain::FieldError> errs;
    StepInput in = parse_step_input(body, errs);
    if (!errs.empty()) throw http::validation_failed(errs);
    if (in.version && *in.version != c->version)
      throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试", "version");
    const auto all = steps_of(tx, id);
    std::optional<StepRow> corrected;
    if (in.corrects) {
      for (const auto& s : all)
        if (s.id == *in.corrects) corrected = s;
      if (!corrected) throw http::validation_failed({{"corrects", "recruit.corrects_not_found", "要更正的记录不属于本档案"}});
      for (const auto& s : all)
        if (s.corrects_id == *in.corrects)
          throw http::conflict("recruit.already_corrected", "该记录已被更正（记录" + std::to_string(s.id) + "），请更正最新的记录", "corrects");
      if (in.step && *in.step != corrected->step)
        throw http::validation_failed({{"step", "recruit.correction_step", "更正记录的步骤须与原记录相同"}});
      in.step = corrected->step;
    } else if (c->state != "in_progress") {
      throw http::conflict("recruit.case_closed", "该发展党员档案已结束，只能更正已有记录", "step");
    }
    const int step = *in.step;
    const domain::Date date = *domain::Date::parse(*in.date);
    const domain::RecruitPack& pack = pack_by_id(c->pack_id);

    // People named by member id: their standing on this date is stored with the record.
    json::object& facts = in.facts;
    if (auto* people = facts.if_contains("people")) {
      auto& arr = people->as_array();
      for (size_t i = 0; i < arr.size(); ++i) {
        auto& p = arr[i].as_object();
        if (!in.people_member_ids[i]) continue;
        const int64_t mid = *in.people_member_ids[i];
        auto m = members_.find(tx, mid);
        auto path = m ? members_.org_path_of(tx, mid) : std::nullopt;
        if (!m || !path || !scope.sees_path(*path)) {
          errs.push_back({"people[" + std::to_string(i) + "].member_id", "member.not_found", "党员不存在"});
          continue;
        }
        if (p["name"].as_string().empty()) p["name"] = m->name;
        p["category"] = m->category;
        p["status"] = m->status;
      }
    }
    if (in.approver_org_id) {
      auto a = orgs.find(tx, *in.approver_org_id);
      if (!a || !scope.sees_path(a->path)) {
        errs.push_back({"approver_org_id", "org.not_found", "审批党组织不存在"});
      } else {
        facts["approver_org_id"] = a->id;
        facts["approver_can_approve"] = a->can_approve_probationary;
      }
    }
    // A conclusion (政审) or an approval must say how it went: the engine would take an approval
    // without a result as granted.
    if (const auto* d = pack.step(step);
        d && (d->result == domain::StepResult::kConclusion || d->result == domain::StepResult::kApproval) &&
        !facts.contains("passed"))
      errs.push_back({"passed", "passed.required", d->result == domain::StepResult::kConclusion
                                                        ? "须填写政治审查结论（合格或不合格）"
                                                        : "须填写审批结果（同意或不同意）"});
    // R-D18 can only be checked when the approving organization is named: the engine skips it
    // otherwise, so a step the pack checks for approval power needs it.
    if (!in.approver_org_id)
      for (const auto& rule : pack.rules)
        if (rule.kind == domain::RuleKind::kApprover && rule.at_step == step && rule.severity != domain::Severity::kOff) {
          errs.push_back({"approver_org_id", "approver_org_id.required", "须指定审批的党委（" + rule.rule_id + "）"});
          break;
        }
    // R-D15 / R-D23: N comes from the roster on the meeting date. The roster's N is stored with the
    // record; a typed N that differs needs a stated reason (n_reason, stored and shown with the
    // record) — never silently accepted.
    if (const auto* d = pack.step(step);
        d && (d->result == domain::StepResult::kVote || d->result == domain::StepResult::kConversion))
      if (auto* a = facts.if_contains("attendance"); a && a->is_object()) {
        auto& att = a->as_object();
        const int roster_n = roster_in(tx, c->org_id, date).should_attend;
        att["roster_n"] = roster_n;
        if (att.at("should_attend").as_int64() != roster_n && !att.contains("n_reason"))
          errs.push_back({"attendance.should_attend", "R-D15.roster",
                          "应到会有表决权的正式党员人数与党员名册不一致（名册为" + std::to_string(roster_n) +
                              "人），请说明原因（attendance.n_reason）"});
      }
    if (!errs.empty()) throw http::validation_failed(errs);

    std::vector<StepRow> base;
    for (const auto& s : active_steps(all))
      if (!corrected || s.id != corrected->id) base.push_back(s);
    const domain::WorkCalendar cal = load_calendar(tx);
    const domain::StepDef* def = pack.step(step);
    if (!in.corrects && def && !def->repeatable) {
      const bool recorded = std::any_of(base.begin(), base.end(), [&](const StepRow& s) { return s.step == step; });
      auto st = domain::evaluate_case(to_case(*c, base, pack), pack, cal, today);
      if (recorded && st.current_step >= step)
        throw http::conflict("recruit.step_recorded", "第" + std::to_string(step) + "步“" + def->name +
                                                          "”已记录；如需修改，请提交更正记录（corrects）",
                             "step");
    }

    StepRow s;
    s.case_id = id;
    s.step = step;
    s.date = date.iso();
    s.facts_json = json::serialize(facts);
    s.pack_id = pack.id;
    s.corrects_id = in.corrects;
    s.correction_reason = in.correction_reason;
    std::vector<StepRow> with = base;
    with.push_back(s);
    domain::RecruitCase rc = to_case(*c, with, pack);
    auto findings = domain::check_step(rc, rc.records.back(), pack, cal, today);
    if (domain::has_block(findings)) throw_blocked(findings, "step");

    s.findings_json = json::serialize(findings_json(findings));
    s.recorded_by = meta.user_id ? std::optional(meta.user_id) : std::nullopt;
    s.recorded_by_name = meta.actor;
    s.recorded_at = now_timestamp();
    s.request_id = meta.request_id;
    s.id = insert_step(tx, s);

    CaseRecord next = *c;
    const domain::CaseStatus status = domain::evaluate_case(rc, pack, cal, today);
    apply_status(next, status);
    next.updated_at = s.recorded_at;
    // Admission: once the upper committee's approval (step 17) completes the admission in order,
    // the person becomes a member record (预备党员), 党籍 from the branch meeting (R-D19), through
    // the member module's public service in this transaction.
    if (!c->member_id && status.current_step >= 17 && status.membership_start) {
      member::MemberService::Input m;
      m.org_id = c->org_id;
      m.draft.name = c->name;
      m.draft.id_number = ctx_.cipher.decrypt(c->id_enc);
      m.draft.gender = c->gender;
      m.draft.birth_date = c->birth_date;
      m.draft.category = "probationary";
      m.draft.application_date = c->application_date;
      m.draft.join_date = status.membership_start->iso();
      next.member_id = members_.create_in(tx, m, meta, scope).id;
    }
    if (next.member_id) apply_conversion(tx, *next.member_id, status, with, meta, in.corrects.has_value());
    if (!update_case_status(tx, next, c->version))
      throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试", "version");

    json::array rule_ids;
    for (const auto& f : findings) rule_ids.emplace_back(f.rule_id);
    json::object before{{"state", c->state}, {"current_step", c->current_step}, {"next_step", c->next_step}};
    json::object after{{"record_id", s.id},    {"step", step},
                       {"date", s.date},        {"corrects", opt_json(s.corrects_id)},
                       {"findings", rule_ids},  {"state", next.state},
                       {"current_step", next.current_step}, {"next_step", next.next_step},
                       {"member_id", opt_json(next.member_id)}};
    audit::record(tx, ctx_.cipher, meta,
                  {in.corrects ? "recruit.correct" : "recruit.step", "recruit_case", std::to_string(id), c->org_id,
                   json::serialize(before), json::serialize(after)});

    json::object detail = detail_in(*this, ctx_, tx, *case_by_id(tx, id), o->name);
    json::object record;
    for (const auto& r : detail.at("records").as_array())
      if (r.as_object().at("id").as_int64() == s.id) record = r.as_object();
    return json::object{{"record", std::move(record)}, {"findings", findings_json(findings)}, {"case", std::move(detail)}};
  }(tx);
}

json::object RecruitService::list(const CaseFilter& f, const http::Scope& scope, const http::PageRequest& page) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    std::string where = "1 = 1";
    db::Params params;
    if (const auto roots = org::OrgService(ctx_).list_roots(tx, f.org_id, scope))
      where += " AND " + within_subtrees("o.path", *roots, params);
    if (f.state) {
      static const std::set<std::string> states = {"in_progress", "rejected", "cancelled", "completed"};
      if (!states.contains(*f.state))
        throw http::bad_request("bad_parameter", "state 只能是 in_progress、rejected、cancelled 或 completed", "state");
      params.emplace_back(*f.state);
      where += " AND c.state = " + db::last_placeholder(params);
    }
    if (f.stage) {
      params.emplace_back(*f.stage);
      where += " AND c.stage = " + db::last_placeholder(params);
    }
    if (f.step) {
      params.emplace_back(*f.step);
      where += " AND c.next_step = " + db::last_placeholder(params);
    }
    const std::string today = ctx_.today().iso();
    if (f.overdue) {
      params.emplace_back(today);
      const std::string od = "(c.state = 'in_progress' AND c.next_due IS NOT NULL AND c.next_due < " +
                             db::last_placeholder(params) + ")";
      where += *f.overdue ? " AND " + od : " AND NOT " + od;
    }
    if (f.due_month) {
      auto first = f.due_month->size() == 7 ? domain::Date::parse(*f.due_month + "-01") : std::nullopt;
      if (!first) throw http::bad_request("bad_parameter", "due_month 格式应为YYYY-MM", "due_month");
      const domain::Date last{first->year, first->month, domain::days_in_month(first->year, first->month)};
      params.emplace_back(last.iso());
      where += " AND c.state = 'in_progress' AND c.next_due IS NOT NULL AND c.next_due <= " + db::last_placeholder(params);
    }
    const std::string from = " FROM recruit_cases c JOIN orgs o ON o.id = c.org_id WHERE ";
    const int64_t total = tx.query_int("SELECT COUNT(*)" + from + where, params);
    if (page.after) {
      where += " AND " + db::after_key(params, {"c.id", page.after_int(0)});
    }
    params.emplace_back(static_cast<int64_t>(page.limit + 1));
    json::array items;
    for (const auto& r : tx.query(std::string("SELECT ") + kCaseColumns + ", o.name" + from + where +
                                      " ORDER BY c.id LIMIT " + db::last_placeholder(params),
                                  params)) {
      CaseRecord c = case_from_row(r);
      items.push_back(case_json(ctx_, c, pack_by_id(c.pack_id), r.text(19)));
    }
    return http::page_body(std::move(items), total, page.limit,
                           [](const json::value& last) { return json::array{last.at("id")}; });
  });
}

}  // namespace lianxin::modules::recruit
