#include "db/postgres/pg_tx.hpp"

#include "db/identifiers.hpp"
#include "db/postgres/pg_copy.hpp"

namespace lianxin::db::postgres {

void PgTx::bulk_insert(std::string_view table, const std::vector<std::string>& columns,
                       const std::vector<Params>& rows) {
  std::string target = table_with_columns(table, columns);  // validates before anything is sent
  std::string data = encode_copy_text(rows, columns.size());
  if (rows.empty()) return;
  c_.copy_in("COPY " + target + " FROM STDIN", data);
}

}  // namespace lianxin::db::postgres
