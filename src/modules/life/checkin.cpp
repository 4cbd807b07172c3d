// QR / link check-in and manual check-in. A check-in is one conditional UPDATE
// (status <> 'present'): two scans at once change one row once — SQLite has one writer, and on
// PostgreSQL the second UPDATE waits for the first's row lock and then finds the row present —
// so the answer to the second is "已签到" and there is never a second row (attendees are rows
// made at planning time; check-in never inserts).
#include <chrono>

#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/life/meeting_internal.hpp"
#include "modules/life/meeting_service.hpp"
#include "util/csv.hpp"
#include "util/qr_svg.hpp"

namespace lianxin::modules::life {

namespace json = boost::json;
using namespace detail;

namespace {

int64_t epoch_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// How long before the start a link works (people join early).
constexpr int64_t kLinkEarlySeconds = 30 * 60;

}  // namespace

MeetingService::CheckinCode MeetingService::checkin_code(int64_t id, bool link, const std::string& origin,
                                                         const http::Scope& scope) {
  const MeetingRow m = ctx_.db.read_value([&](db::Tx& tx) { return load_meeting(tx, id, scope); });
  require_planned(m);
  CheckinClaim claim{id, 0, link ? CheckinVia::kLink : CheckinVia::kQr};
  if (link) {
    if (!m.online) throw http::conflict("checkin.not_online", "签到链接只用于线上会议；现场会议请使用二维码");
    claim.expires_at = local_epoch(m.ends_at).value_or(epoch_now());
    if (claim.expires_at < epoch_now()) throw http::conflict("checkin.meeting_over", "会议已结束，不能再生成签到链接");
  } else {
    claim.expires_at = epoch_now() + ctx_.checkin_token_seconds;
  }
  CheckinCode out;
  out.token = tokens_.issue(claim);
  out.expires_at = claim.expires_at;
  const std::string base = ctx_.public_url.empty() ? origin : ctx_.public_url;
  out.url = base + "/checkin?t=" + out.token;
  if (!link) out.svg = util::qr_svg(out.url);
  return out;
}

json::object MeetingService::checkin(int64_t member_id, const std::string& token, const ChangeMeta& meta) {
  if (token.empty()) throw http::validation_failed({{"token", "token.required", "缺少签到码"}});
  const int64_t now = epoch_now();
  const CheckinClaim c = tokens_.verify(token, now);
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto m = find_meeting(tx, c.meeting_id);
    if (!m) throw http::not_found("会议");
    auto a = member_id ? tx.query_one("SELECT id FROM meeting_attendees WHERE meeting_id = $1 AND member_id = $2",
                                      {c.meeting_id, member_id})
                       : std::nullopt;
    if (!a) throw http::forbidden("checkin.not_expected", "您不在本次会议的应到人员名单中，请联系会议组织者");
    json::object meeting{{"id", m->id}, {"starts_at", m->starts_at}};
    meeting["topic"] = tx.query_one("SELECT topic FROM meetings WHERE id = $1", {m->id})->text(0);
    if (c.via == CheckinVia::kLink && now < local_epoch(m->starts_at).value_or(0) - kLinkEarlySeconds)
      throw http::conflict("checkin.too_early", "会议开始前30分钟起才能签到");
    const std::string at = now_timestamp();
    const int64_t changed = m->state != "planned" ? 0
        : tx.exec("UPDATE meeting_attendees SET status = 'present', checkin_at = $1, checkin_via = $2, "
                  "checkin_reason = NULL, checked_by_name = $3 WHERE id = $4 AND status <> 'present'",
                  {at, checkin_via_code(c.via), meta.actor, a->i64(0)});
    auto r = tx.query_one(std::string("SELECT ") + kAttendeeColumns + " FROM meeting_attendees a WHERE a.id = $1",
                          {a->i64(0)});
    if (changed == 0) {
      if (r->text(6) == "present")
        return json::object{{"already", true}, {"message", "已签到"}, {"meeting", meeting}, {"attendee", attendee_json(*r)}};
      require_planned(*m);
    }
    audit::record(tx, ctx_.cipher, meta,
                  {"meeting.checkin", "meeting", std::to_string(m->id), m->org_id, std::nullopt,
                   json::serialize(json::object{{"attendee_id", a->i64(0)}, {"via", checkin_via_code(c.via)}})});
    return json::object{{"already", false}, {"message", "签到成功"}, {"meeting", meeting}, {"attendee", attendee_json(*r)}};
  });
}

json::object MeetingService::manual_checkin(int64_t id, int64_t attendee_id, const std::optional<std::string>& reason,
                                            const ChangeMeta& meta, const http::Scope& scope) {
  return ctx_.db.write_value([&](db::Tx& tx) {
    const MeetingRow m = load_meeting(tx, id, scope);
    if (m.state == "cancelled") require_planned(m);
    auto a = tx.query_one("SELECT status FROM meeting_attendees WHERE id = $1 AND meeting_id = $2", {attendee_id, id});
    if (!a) throw http::not_found("参会人员");
    std::string why = reason.value_or("");
    while (!why.empty() && (why.back() == ' ' || why.back() == '\n')) why.pop_back();
    while (!why.empty() && (why.front() == ' ' || why.front() == '\n')) why.erase(0, 1);
    if (why.empty())
      throw http::validation_failed({{"reason", "reason.required", "代签到须说明原因（如：手机无法扫码、现场核验）"}});
    if (util::utf8_length(why) > 200) throw http::validation_failed({{"reason", "reason.too_long", "原因不能超过200个字"}});
    if (a->text(0) == "present") throw http::conflict("checkin.already", "已签到");
    tx.exec("UPDATE meeting_attendees SET status = 'present', checkin_at = $1, checkin_via = 'manual', "
            "checkin_reason = $2, checked_by_name = $3 WHERE id = $4 AND status <> 'present'",
            {now_timestamp(), why, meta.actor, attendee_id});
    // After the record the counts follow the correction.
    if (m.state == "held") recount(tx, id, ctx_.orglife_rules);
    audit::record(tx, ctx_.cipher, meta,
                  {"meeting.checkin_manual", "meeting", std::to_string(id), m.org_id, std::nullopt,
                   json::serialize(json::object{{"attendee_id", attendee_id}, {"reason", why}})});
    auto r = tx.query_one(std::string("SELECT ") + kAttendeeColumns + " FROM meeting_attendees a WHERE a.id = $1",
                          {attendee_id});
    return attendee_json(*r);
  });
}

}  // namespace lianxin::modules::life
