// One libpq connection: session settings, per-connection prepared statements, text results.
// Not thread-safe: the pool hands it to one thread at a time.
#pragma once

#include <functional>

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "db/database.hpp"

namespace lianxin::db::postgres {

struct ClearResult {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ClearResult>;

class Connection {
public:
  Connection(const std::string& conninfo, const OpenOptions& opts);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Rows query(std::string_view sql, const Params& params);
  void query_each(std::string_view sql, const Params& params, const std::function<void(const Row&)>& fn);
  int64_t exec(std::string_view sql, const Params& params);
  // Simple-query protocol: several statements, no parameters.
  void exec_script(std::string_view sql);
  void copy_in(std::string_view copy_sql, const std::string& data);

  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
  PGTransactionStatusType transaction_status() const { return PQtransactionStatus(conn_); }

private:
  Result execute(std::string_view sql, const Params& params);
  const std::string* prepared_name(std::string_view sql);
  void apply_session_settings(const OpenOptions& opts);

  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> "s<n>"
  int next_id_ = 0;
};

}  // namespace lianxin::db::postgres
