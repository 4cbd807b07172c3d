#include "modules/life/meeting_internal.hpp"

#include <chrono>
#include <cstdio>

#include "domain/date.hpp"
#include "http/errors.hpp"
#include "modules/common/json_util.hpp"

namespace lianxin::modules::life::detail {

namespace json = boost::json;

const char* const kMeetingColumns =
    "m.id, m.org_id, o.name AS org_name, m.primary_type, m.topic, m.starts_at, m.ends_at, m.meeting_date, m.place, "
    "m.online, m.host_name, m.recorder_name, m.lecturer_name, m.state, m.minutes, m.resolutions, m.minutes_chars, "
    "m.expected, m.present, m.voting_n, m.quorate, m.defects, m.late, m.held_recorded_at, m.review_state, "
    "m.review_note, m.cancel_reason, m.created_by_name, m.created_at, m.updated_at, m.version";

const char* const kAttendeeColumns =
    "a.id, a.member_id, a.mobile_id, a.name, a.role, a.voting, a.status, a.checkin_at, a.checkin_via, "
    "a.checkin_reason, a.checked_by_name, a.leave_reason, a.leave_state, a.leave_decided_by_name, a.leave_decided_at";

namespace {

MeetingRow row_of(const db::Row& r) {
  MeetingRow m;
  m.id = r.i64(0);
  m.org_id = r.i64(1);
  m.org_path = r.text(2);
  m.org_kind = r.text(3);
  m.state = r.text(4);
  m.primary_type = r.text(5);
  m.meeting_date = r.text(6);
  m.starts_at = r.text(7);
  m.ends_at = r.text_or(8, "");
  m.online = r.i64(9) != 0;
  m.version = r.i64(10);
  return m;
}

constexpr const char* kLoad =
    "SELECT m.id, m.org_id, o.path, o.kind, m.state, m.primary_type, m.meeting_date, m.starts_at, m.ends_at, "
    "m.online, m.version FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE m.id = $1";

}  // namespace

std::optional<MeetingRow> find_meeting(db::Tx& tx, int64_t id) {
  auto r = tx.query_one(kLoad, {id});
  if (!r) return std::nullopt;
  return row_of(*r);
}

MeetingRow load_meeting(db::Tx& tx, int64_t id, const http::Scope& scope) {
  auto m = find_meeting(tx, id);
  if (!m) throw http::not_found("会议");
  scope.require(m->org_path, "会议");
  return *m;
}

void require_planned(const MeetingRow& m) {
  if (m.state == "planned") return;
  throw http::conflict("meeting.not_planned", m.state == "held" ? "会议已记录，不能再修改计划或签到" : "会议已取消");
}

json::object meeting_json(const db::Row& r) {
  json::object o{{"id", r.i64("id")},
                 {"org", json::object{{"id", r.i64("org_id")}, {"name", r.text("org_name")}}},
                 {"primary_type", r.text("primary_type")},
                 {"topic", r.text("topic")},
                 {"starts_at", r.text("starts_at")},
                 {"ends_at", opt_json(r.opt_text("ends_at"))},
                 {"meeting_date", r.text("meeting_date")},
                 {"place", opt_json(r.opt_text("place"))},
                 {"online", r.i64("online") != 0},
                 {"host", opt_json(r.opt_text("host_name"))},
                 {"recorder", opt_json(r.opt_text("recorder_name"))},
                 {"lecturer", opt_json(r.opt_text("lecturer_name"))},
                 {"state", r.text("state")},
                 {"minutes", opt_json(r.opt_text("minutes"))},
                 {"resolutions", opt_json(r.opt_text("resolutions"))},
                 {"minutes_chars", r.i64("minutes_chars")},
                 {"expected", r.i64("expected")},
                 {"present", r.i64("present")},
                 {"voting_n", opt_json(r.opt_i64("voting_n"))},
                 {"quorate", r.is_null("quorate") ? json::value(nullptr) : json::value(r.i64("quorate") != 0)},
                 {"defects", parse_stored_json(r.opt_text("defects"))},
                 {"late", r.i64("late") != 0},
                 {"recorded_at", opt_json(r.opt_text("held_recorded_at"))},
                 {"review_state", opt_json(r.opt_text("review_state"))},
                 {"review_note", opt_json(r.opt_text("review_note"))},
                 {"cancel_reason", opt_json(r.opt_text("cancel_reason"))},
                 {"created_by", r.text("created_by_name")},
                 {"created_at", r.text("created_at")},
                 {"updated_at", r.text("updated_at")},
                 {"version", r.i64("version")}};
  return o;
}

json::object attendee_json(const db::Row& r) {
  return json::object{{"id", r.i64(0)},
                      {"member_id", opt_json(r.opt_i64(1))},
                      {"mobile_id", opt_json(r.opt_i64(2))},
                      {"name", r.text(3)},
                      {"role", r.text(4)},
                      {"voting", r.i64(5) != 0},
                      {"status", r.text(6)},
                      {"checkin_at", opt_json(r.opt_text(7))},
                      {"checkin_via", opt_json(r.opt_text(8))},
                      {"checkin_reason", opt_json(r.opt_text(9))},
                      {"checked_by", opt_json(r.opt_text(10))},
                      {"leave_reason", opt_json(r.opt_text(11))},
                      {"leave_state", opt_json(r.opt_text(12))},
                      {"leave_decided_by", opt_json(r.opt_text(13))},
                      {"leave_decided_at", opt_json(r.opt_text(14))}};
}

json::object full_meeting(db::Tx& tx, int64_t id) {
  auto r = tx.query_one(std::string("SELECT ") + kMeetingColumns +
                            " FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE m.id = $1",
                        {id});
  if (!r) throw http::not_found("会议");
  json::object out = meeting_json(*r);
  json::array types;
  for (const auto& t : tx.query("SELECT type FROM meeting_types WHERE meeting_id = $1", {id})) types.push_back(json::value(t.text(0)));
  // Primary first, as planned.
  json::array ordered{json::value(r->text("primary_type"))};
  for (const auto& t : types)
    if (t.as_string() != r->text("primary_type")) ordered.push_back(t);
  out["types"] = std::move(ordered);
  json::array atts;
  for (const auto& a : tx.query(std::string("SELECT ") + kAttendeeColumns +
                                    " FROM meeting_attendees a WHERE a.meeting_id = $1 ORDER BY a.voting DESC, a.id",
                                {id}))
    atts.push_back(attendee_json(a));
  out["attendees"] = std::move(atts);
  json::array votes;
  for (const auto& v : tx.query("SELECT id, item, kind, n, present, votes_yes, votes_no, votes_abstain, quorate, passed, "
                                "explanation, recorded_by_name, recorded_at FROM meeting_votes WHERE meeting_id = $1 ORDER BY id",
                                {id}))
    votes.push_back(json::object{{"id", v.i64(0)},          {"item", v.text(1)},       {"kind", v.text(2)},
                                 {"n", v.i64(3)},           {"present", v.i64(4)},     {"yes", v.i64(5)},
                                 {"no", v.i64(6)},          {"abstain", v.i64(7)},     {"quorate", v.i64(8) != 0},
                                 {"passed", v.i64(9) != 0}, {"explanation", v.text(10)}, {"recorded_by", v.text(11)},
                                 {"recorded_at", v.text(12)}});
  out["votes"] = std::move(votes);
  json::array files;
  for (const auto& f : tx.query("SELECT id, kind, filename, content_type, size_bytes, sha256, uploaded_by_name, uploaded_at "
                                "FROM meeting_files WHERE meeting_id = $1 AND deleted_at IS NULL ORDER BY id",
                                {id}))
    files.push_back(json::object{{"id", f.i64(0)},        {"kind", f.text(1)},         {"file_name", f.text(2)},
                                 {"content_type", f.text(3)}, {"size", f.i64(4)},     {"sha256", f.text(5)},
                                 {"uploaded_by", f.text(6)}, {"uploaded_at", f.text(7)}});
  out["files"] = std::move(files);
  return out;
}

std::optional<std::string> normalize_local(const std::string& s) {
  if (s.size() < 16) return std::nullopt;
  if (s[10] != 'T' && s[10] != ' ') return std::nullopt;
  if (!domain::Date::parse(s.substr(0, 10)) || s[4] != '-' || s[13] != ':') return std::nullopt;
  auto digit = [&](size_t i) { return s[i] >= '0' && s[i] <= '9'; };
  if (!digit(11) || !digit(12) || !digit(14) || !digit(15)) return std::nullopt;
  const int h = (s[11] - '0') * 10 + (s[12] - '0'), mi = (s[14] - '0') * 10 + (s[15] - '0');
  if (h > 23 || mi > 59) return std::nullopt;
  if (s.size() != 16 && !(s.size() == 19 && s[16] == ':' && digit(17) && digit(18))) return std::nullopt;
  return s.substr(0, 10) + "T" + s.substr(11, 5);
}

std::optional<int64_t> local_epoch(const std::string& local) {
  auto n = normalize_local(local);
  if (!n) return std::nullopt;
  const auto d = domain::Date::parse(n->substr(0, 10));
  const int h = std::stoi(n->substr(11, 2)), mi = std::stoi(n->substr(14, 2));
  return d->days_since_epoch() * 86400 + h * 3600 + mi * 60 - 8 * 3600;
}

std::string local_now() {
  const int64_t t =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count() +
      8 * 3600;
  const domain::Date d = domain::Date::from_days(t / 86400);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(t % 86400 / 3600), static_cast<int>(t % 3600 / 60));
  return d.iso() + "T" + buf;
}

void recount(db::Tx& tx, int64_t meeting_id, const domain::OrgLifePack& pack) {
  const bool member_meeting =
      tx.query_one("SELECT 1 FROM meeting_types WHERE meeting_id = $1 AND type = 'member_meeting'", {meeting_id})
          .has_value();
  auto c = tx.query_one(
      "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'present' THEN 1 ELSE 0 END), 0), "
      "COALESCE(SUM(voting), 0), COALESCE(SUM(CASE WHEN status = 'present' AND voting = 1 THEN 1 ELSE 0 END), 0) "
      "FROM meeting_attendees WHERE meeting_id = $1",
      {meeting_id});
  const int64_t expected = c->i64(0), present = c->i64(1), n = c->i64(2), voting_present = c->i64(3);
  db::Value voting_n, quorate;
  if (member_meeting) {
    voting_n = n;
    quorate = static_cast<int64_t>(
        domain::quorum_met(domain::QuorumRule::kHalfOrMore, static_cast<int>(n), static_cast<int>(voting_present), pack));
  }
  tx.exec("UPDATE meetings SET expected = $1, present = $2, voting_n = $3, quorate = $4 WHERE id = $5",
          {expected, present, voting_n, quorate, meeting_id});
}

}  // namespace lianxin::modules::life::detail
