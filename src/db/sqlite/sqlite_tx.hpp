// The Tx handed to module code on SQLite: a thin guard over one Connection.
#pragma once

#include "db/sqlite/sqlite_connection.hpp"

namespace lianxin::db::sqlite {

class SqliteTx final : public Tx {
public:
  explicit SqliteTx(Connection& c) : c_(c) {}

  Rows query(std::string_view sql, const Params& params = {}) override;
  void query_each(std::string_view sql, const Params& params, const std::function<void(const Row&)>& fn) override;
  int64_t exec(std::string_view sql, const Params& params = {}) override;
  void exec_script(std::string_view sql) override;
  void bulk_insert(std::string_view table, const std::vector<std::string>& columns,
                   const std::vector<Params>& rows) override;
  Backend backend() const override { return Backend::sqlite; }

private:
  void ensure_in_transaction() const;
  Connection& c_;
};

}  // namespace lianxin::db::sqlite
