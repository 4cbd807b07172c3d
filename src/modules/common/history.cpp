#include "modules/common/history.hpp"

#include <string>

#include "db/keyset.hpp"
#include "modules/common/json_util.hpp"

namespace lianxin::modules {

HistoryPage read_history(db::Tx& tx, const char* table, const char* owner_column, int64_t owner_id,
                         const http::PageRequest& page) {
  const std::string from = std::string(" FROM ") + table + " WHERE " + owner_column + " = $1";
  HistoryPage out;
  out.total = tx.query_int("SELECT count(*)" + from, {owner_id});
  db::Params params{owner_id};
  std::string where;
  if (page.after) {
    where = " AND " + db::after_key(params, {"id", page.after_int(0)}, db::Direction::descending);
  }
  params.emplace_back(page.limit + 1);
  auto rows = tx.query("SELECT id, action, effective_date, before_json, after_json, reason, recorded_at, request_id" +
                           from + where + " ORDER BY id DESC LIMIT $" + std::to_string(params.size()),
                       params);
  for (const auto& r : rows)
    out.items.push_back(boost::json::object{{"id", r.i64(0)}, {"action", r.text(1)}, {"effective_date", r.text(2)},
                                            {"before", parse_stored_json(r.opt_text(3))},
                                            {"after", parse_stored_json(r.opt_text(4))},
                                            {"reason", opt_json(r.opt_text(5))}, {"recorded_at", r.text(6)},
                                            {"request_id", opt_json(r.opt_text(7))}});
  return out;
}

}  // namespace lianxin::modules
