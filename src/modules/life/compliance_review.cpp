// Writes of the compliance side: the review of a held record (reject as perfunctory / clear) and
// the fixed 主题党日 day of a branch. One transaction each, audited last.
//
// Who reviews: meeting.write over the parent of the meeting's branch (for a 党小组会, of the
// group's branch). The branch that held the meeting records it; the level above judges whether the
// record is perfunctory — a branch rejecting its own record would be meaningless. A branch at the
// top of the tree can be reviewed only by a grant over the whole tree.
#include "modules/life/compliance_service.hpp"

#include "domain/enums.hpp"
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/common/json_util.hpp"
#include "modules/common/tree_path.hpp"

namespace lianxin::modules::life {

namespace json = boost::json;

namespace {

// "/1/5/23/" -> "/1/5/"; "/1/" -> "" (no parent).
std::string parent_path(const std::string& path) {
  if (path.size() < 2) return "";
  const size_t cut = path.rfind('/', path.size() - 2);
  return cut == 0 ? "" : path.substr(0, cut + 1);
}

std::string review_json_text(const std::optional<std::string>& state, const std::optional<std::string>& note) {
  return json::serialize(json::object{{"review_state", opt_json(state)}, {"review_note", opt_json(note)}});
}

}  // namespace

json::object ComplianceService::review(int64_t meeting_id, const ReviewInput& in, const ChangeMeta& meta,
                                       const http::Scope& scope) {
  if (in.action != "reject" && in.action != "clear")
    throw http::validation_failed({{"action", "invalid", "action 只能是 reject（退回）或 clear（撤销退回）"}});
  std::optional<std::string> reason = in.reason;
  if (reason && reason->find_first_not_of(" \t\r\n") == std::string::npos) reason.reset();
  if (in.action == "reject" && !reason)
    throw http::validation_failed({{"reason", "required", "退回会议记录必须说明理由"}});
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto r = tx.query_one(
        "SELECT m.org_id, m.state, m.review_state, m.review_note, m.version, o.path, o.kind, m.meeting_date, m.topic "
        "FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE m.id = $1",
        {meeting_id});
    if (!r) throw http::not_found("会议");
    const std::string path = r->text(5);
    scope.require(path, "会议");
    const std::string branch = r->text(6) == "party_group" ? parent_path(path) : path;
    const std::string above = parent_path(branch);
    if (!(scope.everything || (!above.empty() && scope.contains_path(above))))
      throw http::forbidden("meeting.review_scope", "会议记录由上级党组织审核，本支部不能审核自己的会议记录");
    if (r->text(1) != "held") throw http::conflict("meeting.not_held", "只有已召开并录入记录的会议可以审核", "id");
    if (in.version && *in.version != r->i64(4))
      throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试", "version");
    const auto before_state = r->opt_text(2);
    const auto before_note = r->opt_text(3);
    if (in.action == "clear" && before_state != "rejected")
      throw http::conflict("meeting.not_rejected", "该会议记录没有被退回", "action");
    std::optional<std::string> state, note;
    if (in.action == "reject") state = "rejected", note = reason;
    const std::string now = now_timestamp();
    tx.exec("UPDATE meetings SET review_state = $2, review_note = $3, updated_at = $4, version = version + 1 WHERE id = $1",
            {meeting_id, state, note, now});
    audit::record(tx, ctx_.cipher, meta,
                  {in.action == "reject" ? "meeting.review_reject" : "meeting.review_clear", "meeting",
                   std::to_string(meeting_id), r->i64(0), review_json_text(before_state, before_note),
                   review_json_text(state, note)});
    return json::object{{"id", meeting_id},           {"org_id", r->i64(0)},
                        {"date", r->text(7)},         {"topic", r->text(8)},
                        {"review_state", opt_json(state)}, {"review_note", opt_json(note)},
                        {"version", r->i64(4) + 1}};
  });
}

json::object ComplianceService::org_settings(int64_t org_id, const http::Scope& scope) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    auto o = orgs_.find(tx, org_id);
    if (!o) throw http::not_found("组织");
    scope.require(o->path, "组织");
    auto r = tx.query_one("SELECT theme_day, updated_by_name, updated_at FROM orglife_org_settings WHERE org_id = $1", {org_id});
    return json::object{{"org_id", org_id},
                        {"theme_day", r && r->opt_i64(0) ? json::value(*r->opt_i64(0)) : json::value(nullptr)},
                        {"updated_by", r ? json::value(r->text(1)) : json::value(nullptr)},
                        {"updated_at", r ? json::value(r->text(2)) : json::value(nullptr)}};
  });
}

json::object ComplianceService::set_org_settings(int64_t org_id, const json::object& body, const ChangeMeta& meta,
                                                 const http::Scope& scope) {
  // {"theme_day": 1..31 | null}: the day of the month of the 主题党日 (R-L05); null: any day.
  std::optional<int64_t> day;
  const auto* v = body.if_contains("theme_day");
  if (!v) throw http::validation_failed({{"theme_day", "required", "请填写主题党日（每月几日），或 null 表示不固定"}});
  if (!v->is_null()) {
    if (!v->is_int64() || v->as_int64() < 1 || v->as_int64() > 31)
      throw http::validation_failed({{"theme_day", "invalid", "主题党日应为每月1–31日之一"}});
    day = v->as_int64();
  }
  for (const auto& [k, _] : body)
    if (k != "theme_day") throw http::validation_failed({{std::string(k), "unknown_field", "不支持的字段"}});
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto o = orgs_.find(tx, org_id);
    if (!o) throw http::not_found("组织");
    scope.require(o->path, "组织");
    if (!domain::org_kind_is_branch(o->kind))
      throw http::validation_failed({{"org_id", "not_branch", "主题党日按党支部设置"}});
    auto before = tx.query_one("SELECT theme_day FROM orglife_org_settings WHERE org_id = $1", {org_id});
    const std::string now = now_timestamp();
    tx.exec("INSERT INTO orglife_org_settings (org_id, theme_day, updated_by_name, updated_at) VALUES ($1, $2, $3, $4) "
            "ON CONFLICT (org_id) DO UPDATE SET theme_day = excluded.theme_day, "
            "updated_by_name = excluded.updated_by_name, updated_at = excluded.updated_at",
            {org_id, day, meta.actor, now});
    auto as_json = [](std::optional<int64_t> d) {
      return json::serialize(json::object{{"theme_day", d ? json::value(*d) : json::value(nullptr)}});
    };
    audit::record(tx, ctx_.cipher, meta,
                  {"meeting.theme_day", "org", std::to_string(org_id), org_id,
                   as_json(before ? before->opt_i64(0) : std::nullopt), as_json(day)});
    return json::object{{"org_id", org_id},
                        {"theme_day", day ? json::value(*day) : json::value(nullptr)},
                        {"updated_by", meta.actor},
                        {"updated_at", now}};
  });
}

}  // namespace lianxin::modules::life
