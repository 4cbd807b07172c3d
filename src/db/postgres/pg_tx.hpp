// The Tx handed to module code on PostgreSQL.
#pragma once

#include "db/postgres/pg_connection.hpp"

namespace lianxin::db::postgres {

class PgTx final : public Tx {
public:
  explicit PgTx(Connection& c) : c_(c) {}

  Rows query(std::string_view sql, const Params& params = {}) override { return c_.query(sql, params); }
  void query_each(std::string_view sql, const Params& params, const std::function<void(const Row&)>& fn) override {
    c_.query_each(sql, params, fn);
  }
  int64_t exec(std::string_view sql, const Params& params = {}) override { return c_.exec(sql, params); }
  void exec_script(std::string_view sql) override { c_.exec_script(sql); }
  void bulk_insert(std::string_view table, const std::vector<std::string>& columns,
                   const std::vector<Params>& rows) override;
  Backend backend() const override { return Backend::postgres; }

private:
  Connection& c_;
};

}  // namespace lianxin::db::postgres
