// 组织生活 meetings (issue #6; org-life.md, pack branch/2018支部条例): the write side — plan a
// meeting of a branch (or a 党小组 for 党小组会) with its expected attendees, leave requests, QR and
// link check-in, manual check-in with a reason, the record (minutes, resolutions → held, with
// domain::record_defects), 党员大会 votes, photos and files, and a member's own meetings.
// Compliance (held vs required, colours, review) reads the same tables (migration 0011) and lives
// elsewhere. Routes: meeting_routes.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "http/api.hpp"
#include "http/pagination.hpp"
#include "modules/common/context.hpp"
#include "modules/common/file_store.hpp"
#include "modules/life/checkin_token.hpp"

namespace lianxin::modules::life {

// POST /api/meetings and PATCH /api/meetings/{id}, as received (absent = unchanged on PATCH).
struct MeetingInput {
  std::optional<int64_t> org_id;
  std::optional<std::vector<std::string>> types;  // codes of domain::MeetingType, primary first
  std::optional<std::string> topic, starts_at, ends_at, place;  // times: local "YYYY-MM-DDTHH:MM"
  std::optional<bool> online;
  std::optional<std::string> host, recorder, lecturer;
  std::optional<int64_t> version;
};

struct MeetingFilter {
  std::optional<int64_t> org_id;  // the organization's subtree; absent: the caller's scope
  std::optional<std::string> from, to, type, state;
};

struct VoteInput {
  std::optional<std::string> item, kind;  // kind: ordinary | admission
  std::optional<int64_t> yes, no, abstain;
};

struct MeetingFile {
  std::string file_name, content_type, body;
};

class MeetingService {
public:
  explicit MeetingService(ModuleContext& ctx) : ctx_(ctx), tokens_(ctx.cipher) {}

  // Plan: the expected attendees are computed from the organization's current members (voting:
  // full members with voting rights, members away as 流动党员 included; probationary members
  // without a vote) and, at a branch, the active 流动党员 hosted there (no vote, R-M01).
  boost::json::object plan(const MeetingInput& in, const ChangeMeta& meta, const http::Scope& scope);
  // Only while planned; 409 on a stale version.
  boost::json::object edit(int64_t id, const MeetingInput& in, const ChangeMeta& meta, const http::Scope& scope);
  boost::json::object cancel(int64_t id, const std::optional<std::string>& reason, const ChangeMeta& meta,
                             const http::Scope& scope);
  boost::json::object list(const MeetingFilter& f, const http::Scope& scope, const http::PageRequest& page);
  // The meeting with its attendees, votes and files.
  boost::json::object detail(int64_t id, const http::Scope& scope);

  // ---- leave (member self asks; the secretary decides) ----
  boost::json::object request_leave(int64_t member_id, int64_t meeting_id, const std::optional<std::string>& reason,
                                    const ChangeMeta& meta);
  boost::json::object decide_leave(int64_t id, int64_t attendee_id, std::optional<bool> approve,
                                   const std::optional<std::string>& note, const ChangeMeta& meta,
                                   const http::Scope& scope);

  // ---- check-in (checkin.cpp) ----
  struct CheckinCode {
    std::string url, token;
    int64_t expires_at = 0;
    std::string svg;
  };
  // A QR code (or, for an online meeting with link = true, a link valid until the meeting ends)
  // for a planned meeting. `origin` is the console's address when no public-url is set.
  CheckinCode checkin_code(int64_t id, bool link, const std::string& origin, const http::Scope& scope);
  // A logged-in member scans: present once (a second scan answers already = true), only an expected
  // attendee (403 checkin.not_expected), only while planned (409).
  boost::json::object checkin(int64_t member_id, const std::string& token, const ChangeMeta& meta);
  // By the secretary, with a reason (422 without).
  boost::json::object manual_checkin(int64_t id, int64_t attendee_id, const std::optional<std::string>& reason,
                                     const ChangeMeta& meta, const http::Scope& scope);

  // ---- record and votes (meeting_record.cpp) ----
  boost::json::object record(int64_t id, const std::optional<std::string>& minutes,
                             const std::optional<std::string>& resolutions, std::optional<int64_t> version,
                             const ChangeMeta& meta, const http::Scope& scope);
  boost::json::object add_vote(int64_t id, const VoteInput& in, const ChangeMeta& meta, const http::Scope& scope);

  // ---- files (meeting_files.cpp) ----
  boost::json::object upload(int64_t id, const FileUpload& up, const std::optional<std::string>& kind,
                             const ChangeMeta& meta, const http::Scope& scope);
  MeetingFile download(int64_t id, int64_t file_id, const ChangeMeta& meta, const http::Scope& scope);
  void remove_file(int64_t id, int64_t file_id, const ChangeMeta& meta, const http::Scope& scope);

  // ---- a member's own (meeting_self.cpp) ----
  // Upcoming meetings (planned, from today) and the attendance record by month (present / leave /
  // absent) over the last `months` months.
  boost::json::object own(int64_t member_id, int months);

private:
  ModuleContext& ctx_;
  CheckinTokens tokens_;
};

}  // namespace lianxin::modules::life
