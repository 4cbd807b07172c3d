// The record of a held meeting and the 党员大会's votes. A record is accepted with its defects
// (domain::record_defects: minutes too short, identical to an earlier meeting's minutes in the
// same organization, nobody present, 主题党日 attendance below the threshold) stored on the
// meeting for compliance to colour YELLOW and for a reviewer to look at; only a record without
// any minutes is refused (there is nothing to review). Late = recorded after the period of the
// meeting's primary obligation ended (the meeting keeps its date).
#include <algorithm>
#include <set>

#include "domain/branch_vote.hpp"
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/common/file_store.hpp"
#include "modules/life/meeting_internal.hpp"
#include "modules/life/meeting_service.hpp"
#include "util/csv.hpp"

namespace lianxin::modules::life {

namespace json = boost::json;
using namespace detail;

namespace {

// Whitespace does not make minutes different: copying an old record and re-spacing it is still a copy.
std::string minutes_hash(const std::string& minutes) {
  std::string norm;
  for (char c : minutes)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') norm += c;
  // U+3000 (ideographic space) as well.
  for (size_t p; (p = norm.find("\xE3\x80\x80")) != std::string::npos;) norm.erase(p, 3);
  return FileStore::sha256_hex(norm);
}

}  // namespace

json::object MeetingService::record(int64_t id, const std::optional<std::string>& minutes_in,
                                    const std::optional<std::string>& resolutions, std::optional<int64_t> version,
                                    const ChangeMeta& meta, const http::Scope& scope) {
  const std::string minutes = minutes_in.value_or("");
  const domain::OrgLifePack& pack = ctx_.orglife_rules;
  return ctx_.db.write_value([&](db::Tx& tx) {
    const MeetingRow m = load_meeting(tx, id, scope);
    require_planned(m);
    if (version && *version != m.version)
      throw http::conflict("version_conflict", "会议已被他人修改，请刷新后重试", "version");
    std::vector<domain::FieldError> errs;
    if (minutes.find_first_not_of(" \t\r\n") == std::string::npos)
      errs.push_back({"minutes", "minutes.required", "请填写会议记录"});
    else if (util::utf8_length(minutes) > 50000)
      errs.push_back({"minutes", "minutes.too_long", "会议记录不能超过50000个字"});
    if (resolutions && util::utf8_length(*resolutions) > 20000)
      errs.push_back({"resolutions", "resolutions.too_long", "会议决议不能超过20000个字"});
    const domain::Date today = ctx_.today();
    if (domain::Date::parse(m.meeting_date) > std::optional<domain::Date>(today))
      errs.push_back({"minutes", "meeting.not_yet", "会议尚未召开，不能记录"});
    if (!errs.empty()) throw http::validation_failed(errs);

    // Attendance is final: whoever did not check in and has no approved leave is absent.
    tx.exec("UPDATE meeting_attendees SET status = 'absent' WHERE meeting_id = $1 AND status = 'expected'", {id});
    recount(tx, id, pack);
    auto counts = tx.query_one("SELECT expected, present, voting_n, quorate FROM meetings WHERE id = $1", {id});

    const std::string hash = minutes_hash(minutes);
    const bool duplicate = tx.query_one("SELECT 1 FROM meetings WHERE org_id = $1 AND minutes_hash = $2 AND id <> $3 "
                                        "AND state = 'held'",
                                        {m.org_id, hash, id})
                               .has_value();
    const int chars = static_cast<int>(util::utf8_length(minutes));
    json::array defects;
    std::vector<std::string> types;
    for (const auto& t : tx.query("SELECT type FROM meeting_types WHERE meeting_id = $1", {id})) types.push_back(t.text(0));
    std::set<std::string> seen;
    for (const auto& code : types) {
      domain::RecordFacts f;
      f.type = *domain::parse_meeting_type(code);
      f.minutes_chars = chars;
      f.minutes_duplicate = duplicate;
      f.attendees = static_cast<int>(counts->i64(1));
      f.expected = static_cast<int>(counts->i64(0));
      for (auto& d : domain::record_defects(f, pack))
        if (seen.insert(d).second) defects.push_back(json::value(d));
    }
    const bool member_meeting = std::find(types.begin(), types.end(), "member_meeting") != types.end();
    if (member_meeting && !counts->is_null(3) && counts->i64(3) == 0) {
      const std::string d = "党员大会未达到法定人数（应到有表决权党员" + std::to_string(counts->i64(2)) + "人）";
      if (seen.insert(d).second) defects.push_back(json::value(d));
    }
    const auto ob = pack.obligation(*domain::parse_meeting_type(m.primary_type));
    const domain::Period period =
        domain::period_of(ob ? ob->period : domain::PeriodKind::kMonth, *domain::Date::parse(m.meeting_date));
    const bool late = today > period.end;
    const std::string now = now_timestamp();
    tx.exec("UPDATE meetings SET state = 'held', minutes = $1, resolutions = $2, minutes_hash = $3, minutes_chars = $4, "
            "defects = $5, late = $6, held_recorded_at = $7, updated_at = $7, version = version + 1 WHERE id = $8",
            {minutes, resolutions && !resolutions->empty() ? db::Value(*resolutions) : db::Value(), hash,
             static_cast<int64_t>(chars), json::serialize(defects), static_cast<int64_t>(late), now, id});
    tx.exec("UPDATE meeting_types SET held = 1 WHERE meeting_id = $1", {id});
    audit::record(tx, ctx_.cipher, meta,
                  {"meeting.record", "meeting", std::to_string(id), m.org_id, std::nullopt,
                   json::serialize(json::object{{"state", "held"},
                                                {"minutes_chars", chars},
                                                {"minutes_hash", hash},
                                                {"defects", defects},
                                                {"late", late},
                                                {"present", counts->i64(1)},
                                                {"expected", counts->i64(0)}})});
    return full_meeting(tx, id);
  });
}

json::object MeetingService::add_vote(int64_t id, const VoteInput& in, const ChangeMeta& meta, const http::Scope& scope) {
  return ctx_.db.write_value([&](db::Tx& tx) {
    const MeetingRow m = load_meeting(tx, id, scope);
    if (!tx.query_one("SELECT 1 FROM meeting_types WHERE meeting_id = $1 AND type = 'member_meeting'", {id}))
      throw http::conflict("vote.not_member_meeting", "只有支部党员大会才能表决");
    if (m.state != "held") throw http::conflict("vote.not_held", "请先记录会议（出席情况确定后才能记录表决）");
    std::vector<domain::FieldError> errs;
    std::string item = in.item.value_or("");
    if (item.find_first_not_of(" \t\r\n") == std::string::npos)
      errs.push_back({"item", "item.required", "请填写表决事项"});
    else if (util::utf8_length(item) > 200) errs.push_back({"item", "item.too_long", "表决事项不能超过200个字"});
    const std::string kind = in.kind.value_or("ordinary");
    if (kind != "ordinary" && kind != "admission")
      errs.push_back({"kind", "kind.invalid", "表决类型只能是 ordinary（一般事项）或 admission（接收、转正、延长预备期、取消预备党员资格）"});
    for (auto [v, f] : {std::pair{in.yes, "yes"}, std::pair{in.no, "no"}, std::pair{in.abstain, "abstain"}})
      if (!v || *v < 0) errs.push_back({f, std::string(f) + ".required", "请填写票数（不小于0的整数）"});
    if (!errs.empty()) throw http::validation_failed(errs);
    auto c = tx.query_one("SELECT COALESCE(SUM(voting), 0), "
                          "COALESCE(SUM(CASE WHEN status = 'present' AND voting = 1 THEN 1 ELSE 0 END), 0) "
                          "FROM meeting_attendees WHERE meeting_id = $1",
                          {id});
    const int n = static_cast<int>(c->i64(0)), present = static_cast<int>(c->i64(1));
    const int yes = static_cast<int>(*in.yes), no = static_cast<int>(*in.no), abstain = static_cast<int>(*in.abstain);
    if (yes + no + abstain > present)
      throw http::validation_failed({{"yes", "vote.too_many", "票数合计（" + std::to_string(yes + no + abstain) +
                                                                   "）超过到会有表决权的党员人数（" + std::to_string(present) + "）"}});
    bool quorate = false, passed = false;
    std::string explanation;
    if (kind == "admission") {
      // 细则 §20: more than half present, yes more than half of N (domain/branch_vote, R-D15).
      const auto r = domain::evaluate_ballot({n, present, 0}, {item, yes, no, abstain, 0, 0, 0});
      if (r.outcome == domain::VoteOutcome::kBadTally) throw http::validation_failed({{"yes", "vote.bad_tally", r.message}});
      quorate = r.outcome != domain::VoteOutcome::kNoQuorum && r.outcome != domain::VoteOutcome::kNoVoters;
      passed = r.passed();
      explanation = r.message;
      if (!quorate) explanation += "；会议未达到法定人数，本项表决无效";
    } else {
      quorate = n > 0 && domain::quorum_met(domain::QuorumRule::kHalfOrMore, n, present, ctx_.orglife_rules);
      const int needed = domain::quorum_needed(domain::QuorumRule::kHalfOrMore, n, ctx_.orglife_rules);
      const int yes_needed = n / 2 + 1;
      if (n == 0) {
        explanation = "本支部没有有表决权的党员（应到0人），不能表决，请报上级党组织";
      } else if (!quorate) {
        explanation = "应到有表决权党员" + std::to_string(n) + "人，实到" + std::to_string(present) + "人，不足半数（需" +
                      std::to_string(needed) + "人），会议未达到法定人数，本项表决无效";
      } else {
        passed = domain::majority_passes(n, yes);
        explanation = "应到有表决权党员" + std::to_string(n) + "人，实到" + std::to_string(present) + "人（需" +
                      std::to_string(needed) + "人），赞成" + std::to_string(yes) + "票、反对" + std::to_string(no) +
                      "票、弃权" + std::to_string(abstain) + "票；赞成票须超过应到会有表决权党员的半数（" +
                      std::to_string(yes_needed) + "票），" + (passed ? "通过" : "未通过");
      }
    }
    const std::string now = now_timestamp();
    const int64_t vid = tx.query_int(
        "INSERT INTO meeting_votes (meeting_id, item, kind, n, present, votes_yes, votes_no, votes_abstain, quorate, "
        "passed, explanation, recorded_by_name, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
        "RETURNING id",
        {id, item, kind, static_cast<int64_t>(n), static_cast<int64_t>(present), static_cast<int64_t>(yes),
         static_cast<int64_t>(no), static_cast<int64_t>(abstain), static_cast<int64_t>(quorate),
         static_cast<int64_t>(passed), explanation, meta.actor, now});
    json::object v{{"id", vid},       {"item", item},     {"kind", kind},         {"n", n},
                   {"present", present}, {"yes", yes},    {"no", no},             {"abstain", abstain},
                   {"quorate", quorate}, {"passed", passed}, {"explanation", explanation},
                   {"recorded_by", meta.actor}, {"recorded_at", now}};
    audit::record(tx, ctx_.cipher, meta,
                  {"meeting.vote", "meeting", std::to_string(id), m.org_id, std::nullopt, json::serialize(v)});
    return v;
  });
}

}  // namespace lianxin::modules::life
