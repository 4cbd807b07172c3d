// Plan, edit, cancel, list and show meetings; leave requests and decisions.
#include "modules/life/meeting_service.hpp"

#include <set>

#include "db/keyset.hpp"
#include "domain/branch_vote.hpp"
#include "domain/enums.hpp"
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/common/status_sql.hpp"
#include "modules/common/subtree_sql.hpp"
#include "modules/life/meeting_internal.hpp"
#include "modules/org/org_service.hpp"
#include "util/csv.hpp"

namespace lianxin::modules::life {

namespace json = boost::json;
using namespace detail;

namespace {

void audit_meeting(db::Tx& tx, const ModuleContext& ctx, const ChangeMeta& meta, const std::string& action,
                   int64_t id, int64_t org_id, std::optional<std::string> before, json::object after) {
  audit::record(tx, ctx.cipher, meta,
                {action, "meeting", std::to_string(id), org_id, std::move(before), json::serialize(after)});
}

void check_text(std::vector<domain::FieldError>& errs, const std::optional<std::string>& v, const char* field,
                size_t max, const char* label) {
  if (v && util::utf8_length(*v) > max)
    errs.push_back({field, std::string(field) + ".too_long", std::string(label) + "不能超过" + std::to_string(max) + "个字"});
}

// The planned fields after applying `in` on `cur` (for edit) or alone (for plan); field errors in errs.
struct Planned {
  std::vector<domain::MeetingType> types;
  std::string topic, starts_at, ends_at;
  std::optional<std::string> place, host, recorder, lecturer;
  bool online = false;
};

void validate(const Planned& p, const std::string& org_kind, const domain::OrgLifePack& pack,
              std::vector<domain::FieldError>& errs) {
  if (p.types.size() > 1 && !pack.allow_combined_types)
    errs.push_back({"types", "types.combined", "本平台设置为一次会议只能记为一种类型（orglife.allow_combined_types）"});
  const bool group_org = org_kind == "party_group";
  const bool has_group = std::find(p.types.begin(), p.types.end(), domain::MeetingType::kGroup) != p.types.end();
  if (group_org && !has_group)
    errs.push_back({"types", "types.group_org", "党小组只能召开党小组会（可同时记为党课等）"});
  if (!group_org && has_group) errs.push_back({"types", "types.group_needs_group", "党小组会须由党小组组织召开"});
  if (!group_org && !domain::org_kind_is_branch(org_kind))
    errs.push_back({"org_id", "org.not_branch", "组织生活会议由党支部或党小组召开"});
  if (p.topic.empty()) errs.push_back({"topic", "topic.required", "请填写会议主题"});
  if (p.starts_at.empty()) errs.push_back({"starts_at", "starts_at.invalid", "开始时间格式应为 YYYY-MM-DDTHH:MM"});
  if (p.ends_at.empty()) errs.push_back({"ends_at", "ends_at.invalid", "结束时间格式应为 YYYY-MM-DDTHH:MM"});
  else if (!p.starts_at.empty() && p.ends_at <= p.starts_at)
    errs.push_back({"ends_at", "ends_at.before_start", "结束时间须晚于开始时间"});
  if (!p.online && (!p.place || p.place->empty()))
    errs.push_back({"place", "place.required", "请填写会议地点，或选择线上会议"});
  const bool lecture = std::find(p.types.begin(), p.types.end(), domain::MeetingType::kLecture) != p.types.end();
  if (lecture && (!p.lecturer || p.lecturer->empty()))
    errs.push_back({"lecturer", "lecturer.required", "党课须填写授课人"});
}

std::optional<std::string> trimmed(const std::optional<std::string>& v) {
  if (!v) return v;
  auto b = v->find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return std::string();
  return v->substr(b, v->find_last_not_of(" \t\r\n") - b + 1);
}

std::vector<domain::MeetingType> parse_types(const std::vector<std::string>& codes,
                                             std::vector<domain::FieldError>& errs) {
  std::vector<domain::MeetingType> out;
  std::set<std::string> seen;
  for (size_t i = 0; i < codes.size(); ++i) {
    auto t = domain::parse_meeting_type(codes[i]);
    if (!t) {
      errs.push_back({"types[" + std::to_string(i) + "]", "types.unknown", "未知的会议类型：" + codes[i]});
      continue;
    }
    if (seen.insert(codes[i]).second) out.push_back(*t);
  }
  if (codes.empty()) errs.push_back({"types", "types.required", "请选择会议类型"});
  return out;
}

// Expected attendees: the organization's current members, and at a branch the active 流动党员
// hosted there (R-M01: they take part without a vote and are not counted in N).
void add_attendees(db::Tx& tx, int64_t meeting_id, int64_t org_id, bool branch, const std::string& date) {
  for (const auto& r : tx.query("SELECT id, name, category, status FROM members WHERE org_id = $1 AND status IN " +
                                    current_statuses_sql() + " ORDER BY id",
                                {org_id})) {
    domain::VoterStanding s;
    s.category = r.text(2);
    s.status = r.text(3);
    const bool voting = domain::has_voting_right(s);
    const std::string role = s.category == "full" ? "full" : "probationary";
    tx.exec("INSERT INTO meeting_attendees (meeting_id, member_id, name, role, voting, status, meeting_date) "
            "VALUES ($1, $2, $3, $4, $5, 'expected', $6)",
            {meeting_id, r.i64(0), r.text(1), role, static_cast<int64_t>(voting), date});
  }
  if (!branch) return;
  for (const auto& r : tx.query("SELECT id, member_id, member_name FROM mobile_members WHERE host_org_id = $1 "
                                "AND state = 'active' ORDER BY id",
                                {org_id})) {
    // A card holder of this instance is listed by member (they can scan with their own account).
    if (auto mid = r.opt_i64(1)) {
      if (tx.query_one("SELECT 1 FROM meeting_attendees WHERE meeting_id = $1 AND member_id = $2", {meeting_id, *mid}))
        continue;
      tx.exec("INSERT INTO meeting_attendees (meeting_id, member_id, mobile_id, name, role, voting, status, meeting_date) "
              "VALUES ($1, $2, $3, $4, 'mobile_guest', 0, 'expected', $5)",
              {meeting_id, *mid, r.i64(0), r.text(2), date});
    } else {
      tx.exec("INSERT INTO meeting_attendees (meeting_id, mobile_id, name, role, voting, status, meeting_date) "
              "VALUES ($1, $2, $3, 'mobile_guest', 0, 'expected', $4)",
              {meeting_id, r.i64(0), r.text(2), date});
    }
  }
}

void write_types(db::Tx& tx, int64_t id, int64_t org_id, const std::vector<domain::MeetingType>& types,
                 const std::string& date) {
  tx.exec("DELETE FROM meeting_types WHERE meeting_id = $1", {id});
  for (auto t : types)
    tx.exec("INSERT INTO meeting_types (meeting_id, type, org_id, meeting_date, held) VALUES ($1, $2, $3, $4, 0)",
            {id, domain::meeting_type_code(t), org_id, date});
}

json::object snapshot(const Planned& p) {
  json::array types;
  for (auto t : p.types) types.push_back(json::value(domain::meeting_type_code(t)));
  return json::object{{"types", std::move(types)}, {"topic", p.topic},        {"starts_at", p.starts_at},
                      {"ends_at", p.ends_at},      {"place", p.place ? json::value(*p.place) : json::value(nullptr)},
                      {"online", p.online},        {"host", p.host ? json::value(*p.host) : json::value(nullptr)},
                      {"recorder", p.recorder ? json::value(*p.recorder) : json::value(nullptr)},
                      {"lecturer", p.lecturer ? json::value(*p.lecturer) : json::value(nullptr)}};
}

void apply_input(Planned& p, const MeetingInput& in, std::vector<domain::FieldError>& errs) {
  if (in.types) p.types = parse_types(*in.types, errs);
  if (in.topic) p.topic = *trimmed(in.topic);
  if (in.starts_at) p.starts_at = normalize_local(*in.starts_at).value_or("");
  if (in.ends_at) p.ends_at = normalize_local(*in.ends_at).value_or("");
  if (in.place) p.place = trimmed(in.place);
  if (in.online) p.online = *in.online;
  if (in.host) p.host = trimmed(in.host);
  if (in.recorder) p.recorder = trimmed(in.recorder);
  if (in.lecturer) p.lecturer = trimmed(in.lecturer);
  check_text(errs, in.topic, "topic", 200, "会议主题");
  check_text(errs, in.place, "place", 200, "会议地点");
  check_text(errs, in.host, "host", 50, "主持人");
  check_text(errs, in.recorder, "recorder", 50, "记录人");
  check_text(errs, in.lecturer, "lecturer", 50, "授课人");
}

db::Value opt_value(const std::optional<std::string>& v) {
  return v && !v->empty() ? db::Value(*v) : db::Value();
}

}  // namespace

json::object MeetingService::plan(const MeetingInput& in, const ChangeMeta& meta, const http::Scope& scope) {
  std::vector<domain::FieldError> errs;
  if (!in.org_id) errs.push_back({"org_id", "org_id.required", "请选择召开会议的组织"});
  if (!in.types) errs.push_back({"types", "types.required", "请选择会议类型"});
  if (!in.topic) errs.push_back({"topic", "topic.required", "请填写会议主题"});
  if (!in.starts_at) errs.push_back({"starts_at", "starts_at.required", "请填写开始时间"});
  if (!in.ends_at) errs.push_back({"ends_at", "ends_at.required", "请填写结束时间"});
  if (!errs.empty()) throw http::validation_failed(errs);
  Planned p;
  apply_input(p, in, errs);
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto o = org::OrgService(ctx_).find(tx, *in.org_id);
    if (!o) throw http::not_found("组织");
    scope.require(o->path, "组织");
    if (o->dissolved()) errs.push_back({"org_id", "org.dissolved", "该组织已撤销"});
    validate(p, o->kind, ctx_.orglife_rules, errs);
    if (!errs.empty()) throw http::validation_failed(errs);
    const std::string date = p.starts_at.substr(0, 10), now = now_timestamp();
    const int64_t id = tx.query_int(
        "INSERT INTO meetings (org_id, primary_type, topic, starts_at, ends_at, meeting_date, place, online, host_name, "
        "recorder_name, lecturer_name, state, created_by_name, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'planned', $12, $13, $13) RETURNING id",
        {o->id, domain::meeting_type_code(p.types.front()), p.topic, p.starts_at, p.ends_at, date, opt_value(p.place),
         static_cast<int64_t>(p.online), opt_value(p.host), opt_value(p.recorder), opt_value(p.lecturer), meta.actor,
         now});
    write_types(tx, id, o->id, p.types, date);
    add_attendees(tx, id, o->id, domain::org_kind_is_branch(o->kind), date);
    recount(tx, id, ctx_.orglife_rules);
    json::object after = snapshot(p);
    after["org_id"] = o->id;
    after["expected"] = tx.query_int("SELECT expected FROM meetings WHERE id = $1", {id});
    audit_meeting(tx, ctx_, meta, "meeting.plan", id, o->id, std::nullopt, std::move(after));
    return full_meeting(tx, id);
  });
}

json::object MeetingService::edit(int64_t id, const MeetingInput& in, const ChangeMeta& meta, const http::Scope& scope) {
  return ctx_.db.write_value([&](db::Tx& tx) {
    const MeetingRow m = load_meeting(tx, id, scope);
    require_planned(m);
    if (in.version && *in.version != m.version)
      throw http::conflict("version_conflict", "会议已被他人修改，请刷新后重试", "version");
    auto r = tx.query_one("SELECT topic, place, host_name, recorder_name, lecturer_name FROM meetings WHERE id = $1", {id});
    Planned p;
    std::vector<domain::FieldError> errs;
    std::vector<std::string> codes{m.primary_type};
    for (const auto& t : tx.query("SELECT type FROM meeting_types WHERE meeting_id = $1", {id}))
      if (t.text(0) != m.primary_type) codes.push_back(t.text(0));
    p.types = parse_types(codes, errs);
    p.topic = r->text(0);
    p.starts_at = m.starts_at;
    p.ends_at = m.ends_at;
    p.place = r->opt_text(1);
    p.online = m.online;
    p.host = r->opt_text(2);
    p.recorder = r->opt_text(3);
    p.lecturer = r->opt_text(4);
    const json::object before = snapshot(p);
    apply_input(p, in, errs);
    validate(p, m.org_kind, ctx_.orglife_rules, errs);
    if (!errs.empty()) throw http::validation_failed(errs);
    const std::string date = p.starts_at.substr(0, 10);
    tx.exec("UPDATE meetings SET primary_type = $1, topic = $2, starts_at = $3, ends_at = $4, meeting_date = $5, "
            "place = $6, online = $7, host_name = $8, recorder_name = $9, lecturer_name = $10, updated_at = $11, "
            "version = version + 1 WHERE id = $12",
            {domain::meeting_type_code(p.types.front()), p.topic, p.starts_at, p.ends_at, date, opt_value(p.place),
             static_cast<int64_t>(p.online), opt_value(p.host), opt_value(p.recorder), opt_value(p.lecturer),
             now_timestamp(), id});
    write_types(tx, id, m.org_id, p.types, date);
    tx.exec("UPDATE meeting_attendees SET meeting_date = $1 WHERE meeting_id = $2", {date, id});
    recount(tx, id, ctx_.orglife_rules);
    audit_meeting(tx, ctx_, meta, "meeting.edit", id, m.org_id, json::serialize(before), snapshot(p));
    return full_meeting(tx, id);
  });
}

json::object MeetingService::cancel(int64_t id, const std::optional<std::string>& reason, const ChangeMeta& meta,
                                    const http::Scope& scope) {
  const auto why = trimmed(reason);
  return ctx_.db.write_value([&](db::Tx& tx) {
    const MeetingRow m = load_meeting(tx, id, scope);
    require_planned(m);
    if (!why || why->empty()) throw http::validation_failed({{"reason", "reason.required", "请填写取消原因"}});
    tx.exec("UPDATE meetings SET state = 'cancelled', cancel_reason = $1, updated_at = $2, version = version + 1 "
            "WHERE id = $3",
            {*why, now_timestamp(), id});
    audit_meeting(tx, ctx_, meta, "meeting.cancel", id, m.org_id, std::nullopt,
                  json::object{{"state", "cancelled"}, {"reason", *why}});
    return full_meeting(tx, id);
  });
}

json::object MeetingService::list(const MeetingFilter& f, const http::Scope& scope, const http::PageRequest& page) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    std::string where = "1 = 1";
    db::Params params;
    if (auto roots = org::OrgService(ctx_).list_roots(tx, f.org_id, scope))
      where += " AND " + within_subtrees("o.path", *roots, params);
    auto date_param = [&](const std::optional<std::string>& v, const char* name) -> std::optional<std::string> {
      if (!v) return std::nullopt;
      if (!domain::Date::parse(*v)) throw http::bad_request("bad_parameter", std::string(name) + " 应为 YYYY-MM-DD", name);
      return domain::Date::parse(*v)->iso();
    };
    if (auto from = date_param(f.from, "from")) {
      params.emplace_back(*from);
      where += " AND m.meeting_date >= " + db::last_placeholder(params);
    }
    if (auto to = date_param(f.to, "to")) {
      params.emplace_back(*to);
      where += " AND m.meeting_date <= " + db::last_placeholder(params);
    }
    if (f.type) {
      if (!domain::parse_meeting_type(*f.type)) throw http::bad_request("bad_parameter", "未知的会议类型", "type");
      params.emplace_back(*f.type);
      where += " AND EXISTS (SELECT 1 FROM meeting_types t WHERE t.meeting_id = m.id AND t.type = " +
               db::last_placeholder(params) + ")";
    }
    if (f.state) {
      if (*f.state != "planned" && *f.state != "held" && *f.state != "cancelled")
        throw http::bad_request("bad_parameter", "state 只能是 planned、held 或 cancelled", "state");
      params.emplace_back(*f.state);
      where += " AND m.state = " + db::last_placeholder(params);
    }
    const std::string from = " FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE ";
    const int64_t total = tx.query_int("SELECT COUNT(*)" + from + where, params);
    if (page.after) {
      where += " AND " + db::after_key(params, {"m.meeting_date", page.after_text(0)}, {"m.id", page.after_int(1)},
                                       db::Direction::descending);
    }
    params.emplace_back(static_cast<int64_t>(page.limit + 1));
    json::array items;
    for (const auto& r : tx.query(std::string("SELECT ") + kMeetingColumns + from + where +
                                      " ORDER BY m.meeting_date DESC, m.id DESC LIMIT " + db::last_placeholder(params),
                                  params)) {
      json::object o = meeting_json(r);
      o.erase("minutes");
      o.erase("resolutions");
      json::array types;
      for (const auto& t : tx.query("SELECT type FROM meeting_types WHERE meeting_id = $1 ORDER BY type", {r.i64(0)}))
        types.push_back(json::value(t.text(0)));
      o["types"] = std::move(types);
      items.push_back(std::move(o));
    }
    return http::page_body(std::move(items), total, page.limit, [](const json::value& last) {
      return json::array{last.at("meeting_date"), last.at("id")};
    });
  });
}

json::object MeetingService::detail(int64_t id, const http::Scope& scope) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    load_meeting(tx, id, scope);
    return full_meeting(tx, id);
  });
}

json::object MeetingService::request_leave(int64_t member_id, int64_t meeting_id,
                                           const std::optional<std::string>& reason, const ChangeMeta& meta) {
  const auto why = trimmed(reason);
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto m = find_meeting(tx, meeting_id);
    auto a = m ? tx.query_one("SELECT id, status, leave_state FROM meeting_attendees WHERE meeting_id = $1 AND member_id = $2",
                              {meeting_id, member_id})
               : std::nullopt;
    // Someone not on the list does not learn that the meeting exists.
    if (!a) throw http::not_found("会议");
    require_planned(*m);
    if (!why || why->empty()) throw http::validation_failed({{"reason", "reason.required", "请填写请假事由"}});
    if (util::utf8_length(*why) > 500) throw http::validation_failed({{"reason", "reason.too_long", "请假事由不能超过500个字"}});
    if (a->text(1) == "present") throw http::conflict("meeting.already_present", "已签到，无需请假");
    tx.exec("UPDATE meeting_attendees SET leave_reason = $1, leave_state = 'requested', leave_decided_by_name = NULL, "
            "leave_decided_at = NULL, status = 'expected' WHERE id = $2",
            {*why, a->i64(0)});
    audit_meeting(tx, ctx_, meta, "meeting.leave_request", meeting_id, m->org_id, std::nullopt,
                  json::object{{"attendee_id", a->i64(0)}, {"reason", *why}});
    auto r = tx.query_one(std::string("SELECT ") + kAttendeeColumns + " FROM meeting_attendees a WHERE a.id = $1",
                          {a->i64(0)});
    return attendee_json(*r);
  });
}

json::object MeetingService::decide_leave(int64_t id, int64_t attendee_id, std::optional<bool> approve,
                                          const std::optional<std::string>& note, const ChangeMeta& meta,
                                          const http::Scope& scope) {
  return ctx_.db.write_value([&](db::Tx& tx) {
    const MeetingRow m = load_meeting(tx, id, scope);
    if (m.state == "cancelled") require_planned(m);
    auto a = tx.query_one("SELECT leave_state, status FROM meeting_attendees WHERE id = $1 AND meeting_id = $2",
                          {attendee_id, id});
    if (!a) throw http::not_found("参会人员");
    if (!approve) throw http::validation_failed({{"approve", "approve.required", "请选择批准或不批准"}});
    if (a->text_or(0, "") != "requested") throw http::conflict("leave.not_requested", "该人员没有待审批的请假");
    const std::string state = *approve ? "approved" : "rejected";
    // Approved leave is the attendee's status; a rejected request leaves them expected (absent if
    // they do not come).
    tx.exec("UPDATE meeting_attendees SET leave_state = $1, leave_decided_by_name = $2, leave_decided_at = $3, "
            "status = CASE WHEN $4 = 1 THEN 'leave' WHEN status = 'leave' THEN 'expected' ELSE status END WHERE id = $5",
            {state, meta.actor, now_timestamp(), static_cast<int64_t>(*approve), attendee_id});
    if (m.state == "held") {
      // After the record: a rejected request is an absence.
      tx.exec("UPDATE meeting_attendees SET status = 'absent' WHERE id = $1 AND status = 'expected'", {attendee_id});
      recount(tx, id, ctx_.orglife_rules);
    }
    audit_meeting(tx, ctx_, meta, "meeting.leave_decide", id, m.org_id, std::nullopt,
                  json::object{{"attendee_id", attendee_id},
                               {"leave_state", state},
                               {"note", note ? json::value(*note) : json::value(nullptr)}});
    auto r = tx.query_one(std::string("SELECT ") + kAttendeeColumns + " FROM meeting_attendees a WHERE a.id = $1",
                          {attendee_id});
    return attendee_json(*r);
  });
}

}  // namespace lianxin::modules::life
