// One reader for the history tables (org_history, member_history): newest first, keyset-paged
// by id, before/after snapshots parsed back into JSON.
#pragma once

#include <cstdint>

#include <boost/json.hpp>

#include "db/database.hpp"
#include "http/pagination.hpp"

namespace lianxin::modules {

struct HistoryPage {
  boost::json::array items;  // up to page.limit + 1 entries (page_body trims and makes the cursor)
  int64_t total = 0;
};

// table: "org_history" | "member_history"; owner_column: "org_id" | "member_id".
HistoryPage read_history(db::Tx& tx, const char* table, const char* owner_column, int64_t owner_id,
                         const http::PageRequest& page);

}  // namespace lianxin::modules
