// A member's own meetings (/api/auth/me/meetings): what is coming and how they attended.
#include "domain/date.hpp"
#include "modules/life/meeting_internal.hpp"
#include "modules/life/meeting_service.hpp"

namespace lianxin::modules::life {

namespace json = boost::json;
using namespace detail;

json::object MeetingService::own(int64_t member_id, int months) {
  const domain::Date today = ctx_.today();
  const std::string since = domain::add_months(domain::YearMonth::of(today), -(months - 1)).first_day().iso();
  return ctx_.db.read_value([&](db::Tx& tx) {
    json::array upcoming;
    for (const auto& r : tx.query(
             "SELECT m.id, m.topic, m.primary_type, m.starts_at, m.ends_at, m.place, m.online, o.name, a.id, a.status, "
             "a.leave_state, a.leave_reason FROM meeting_attendees a JOIN meetings m ON m.id = a.meeting_id "
             "JOIN orgs o ON o.id = m.org_id WHERE a.member_id = $1 AND m.state = 'planned' AND m.meeting_date >= $2 "
             "ORDER BY m.starts_at, m.id LIMIT 50",
             {member_id, today.iso()}))
      upcoming.push_back(json::object{{"id", r.i64(0)},
                                      {"topic", r.text(1)},
                                      {"primary_type", r.text(2)},
                                      {"starts_at", r.text(3)},
                                      {"ends_at", r.text_or(4, "")},
                                      {"place", r.text_or(5, "")},
                                      {"online", r.i64(6) != 0},
                                      {"org_name", r.text(7)},
                                      {"attendee_id", r.i64(8)},
                                      {"status", r.text(9)},
                                      {"leave_state", r.is_null(10) ? json::value(nullptr) : json::value(r.text(10))},
                                      {"leave_reason", r.is_null(11) ? json::value(nullptr) : json::value(r.text(11))}});
    // Held meetings since `since`, by month: present / leave / absent counts and the meetings.
    json::array by_month;
    json::object* cur = nullptr;
    for (const auto& r : tx.query(
             "SELECT m.id, m.topic, m.primary_type, m.meeting_date, a.status, a.checkin_via FROM meeting_attendees a "
             "JOIN meetings m ON m.id = a.meeting_id WHERE a.member_id = $1 AND m.state = 'held' "
             "AND a.meeting_date >= $2 ORDER BY a.meeting_date DESC, m.id DESC",
             {member_id, since})) {
      const std::string month = r.text(3).substr(0, 7);
      if (!cur || cur->at("month").as_string() != month) {
        by_month.push_back(json::object{{"month", month}, {"present", 0}, {"leave", 0}, {"absent", 0},
                                        {"meetings", json::array{}}});
        cur = &by_month.back().as_object();
      }
      const std::string status = r.text(4);
      if (cur->contains(status)) (*cur)[status] = (*cur)[status].as_int64() + 1;
      (*cur)["meetings"].as_array().push_back(json::object{{"id", r.i64(0)},
                                                           {"topic", r.text(1)},
                                                           {"primary_type", r.text(2)},
                                                           {"meeting_date", r.text(3)},
                                                           {"status", status}});
    }
    return json::object{{"upcoming", std::move(upcoming)}, {"attendance", std::move(by_month)}, {"since", since}};
  });
}

}  // namespace lianxin::modules::life
