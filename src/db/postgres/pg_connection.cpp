#include "db/postgres/pg_connection.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <vector>

#include "db/column_names.hpp"
#include "db/postgres/pg_conninfo.hpp"
#include "db/postgres/pg_errors.hpp"

namespace lianxin::db::postgres {
namespace {

// Dynamic SQL (IN lists of varying length) would prepare without end; beyond this many, new
// texts run unnamed (parsed each time) instead.
constexpr size_t kMaxPrepared = 512;

// Notices ("table exists, skipping") are not errors; keep them out of stderr.
void on_notice(void*, const char* message) { spdlog::debug("postgres notice: {}", message); }

bool ok(const PGresult* r) {
  auto s = PQresultStatus(r);
  return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY;
}

}  // namespace

Connection::Connection(const std::string& conninfo, const OpenOptions& opts)
    : conn_(PQconnectdb(conninfo.c_str())) {
  if (!healthy()) {
    std::string msg = conn_ ? PQerrorMessage(conn_) : "out of memory";
    PQfinish(conn_);
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    throw DbError(DbError::Kind::connection,
                  "postgres: cannot connect to " + describe_conninfo(conninfo) + ": " + msg);
  }
  PQsetNoticeProcessor(conn_, on_notice, nullptr);
  try {
    apply_session_settings(opts);
  } catch (...) {
    PQfinish(conn_);
    throw;
  }
}

Connection::~Connection() { PQfinish(conn_); }

void Connection::apply_session_settings(const OpenOptions& opts) {
  exec_script("SET statement_timeout = " + std::to_string(opts.statement_timeout_ms) +
              "; SET lock_timeout = " + std::to_string(opts.busy_timeout_ms) +
              "; SET client_encoding = 'UTF8'; SET TimeZone = 'UTC'; SET application_name = 'lianxin'");
}

const std::string* Connection::prepared_name(std::string_view sql) {
  auto it = prepared_.find(std::string(sql));
  if (it != prepared_.end()) return &it->second;
  if (prepared_.size() >= kMaxPrepared) return nullptr;
  std::string name = "s";  // built in two steps: GCC 12 gives a false -Wrestrict on "s" + to_string
  name += std::to_string(++next_id_);
  Result r(PQprepare(conn_, name.c_str(), std::string(sql).c_str(), 0, nullptr));
  if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) throw make_error(r.get(), conn_, sql);
  return &prepared_.emplace(std::string(sql), std::move(name)).first->second;
}

// Parameters go as text (NULL as a null pointer); results come back as text.
Result Connection::execute(std::string_view sql, const Params& params) {
  std::vector<std::string> ints;
  ints.reserve(params.size());
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) {
    if (p.is_null()) values.push_back(nullptr);
    else if (p.is_int()) values.push_back(ints.emplace_back(std::to_string(p.as_int())).c_str());
    else values.push_back(p.as_text().c_str());
  }
  const int n = static_cast<int>(values.size());
  const std::string* name = prepared_name(sql);
  Result r(name ? PQexecPrepared(conn_, name->c_str(), n, values.data(), nullptr, nullptr, 0)
                : PQexecParams(conn_, std::string(sql).c_str(), n, nullptr, values.data(), nullptr, nullptr, 0));
  if (!r || !ok(r.get())) throw make_error(r.get(), conn_, sql);
  return r;
}

Rows Connection::query(std::string_view sql, const Params& params) {
  Result r = execute(sql, params);
  Rows out;
  const int cols = PQnfields(r.get());
  std::vector<std::string> column_names;
  for (int c = 0; c < cols; ++c) column_names.emplace_back(PQfname(r.get(), c));
  out.names = intern_column_names(column_names);
  const int n = PQntuples(r.get());
  out.rows.reserve(n);
  for (int i = 0; i < n; ++i) {
    Row& row = out.rows.emplace_back(out.names, static_cast<size_t>(cols));
    for (int c = 0; c < cols; ++c) {
      if (PQgetisnull(r.get(), i, c)) row.append_null();
      else row.append({PQgetvalue(r.get(), i, c), static_cast<size_t>(PQgetlength(r.get(), i, c))});
    }
  }
  return out;
}

// Streams a large result in single-row mode, so memory stays flat however many rows there are. If
// fn throws, the query is cancelled and the connection drained before the exception propagates.
void Connection::query_each(std::string_view sql, const Params& params, const std::function<void(const Row&)>& fn) {
  std::vector<std::string> ints;
  ints.reserve(params.size());
  std::vector<const char*> values;
  for (const auto& p : params) {
    if (p.is_null()) values.push_back(nullptr);
    else if (p.is_int()) values.push_back(ints.emplace_back(std::to_string(p.as_int())).c_str());
    else values.push_back(p.as_text().c_str());
  }
  std::string text(sql);
  if (!PQsendQueryParams(conn_, text.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                         nullptr, 0))
    throw make_error(nullptr, conn_, sql);
  PQsetSingleRowMode(conn_);
  std::optional<DbError> error;
  std::exception_ptr thrown;
  const std::vector<std::string>* names = nullptr;
  while (PGresult* raw = PQgetResult(conn_)) {
    Result r(raw);
    ExecStatusType st = PQresultStatus(raw);
    if (st == PGRES_SINGLE_TUPLE) {
      if (error || thrown) continue;
      const int cols = PQnfields(raw);
      if (!names) {
        std::vector<std::string> cn;
        for (int c = 0; c < cols; ++c) cn.emplace_back(PQfname(raw, c));
        names = intern_column_names(cn);
      }
      Row row(names, static_cast<size_t>(cols));
      for (int c = 0; c < cols; ++c) {
        if (PQgetisnull(raw, 0, c)) row.append_null();
        else row.append({PQgetvalue(raw, 0, c), static_cast<size_t>(PQgetlength(raw, 0, c))});
      }
      try {
        fn(std::move(row));
      } catch (...) {
        thrown = std::current_exception();
        if (PGcancel* cancel = PQgetCancel(conn_)) {
          char buf[256];
          PQcancel(cancel, buf, sizeof buf);
          PQfreeCancel(cancel);
        }
      }
    } else if (st != PGRES_TUPLES_OK && !error && !thrown) {
      error = make_error(raw, conn_, sql);
    }
  }
  if (thrown) std::rethrow_exception(thrown);
  if (error) throw *error;
}

int64_t Connection::exec(std::string_view sql, const Params& params) {
  Result r = execute(sql, params);
  const char* tuples = PQcmdTuples(r.get());  // "" for statements that report no count
  int64_t n = 0;
  std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), n);
  return n;
}

void Connection::exec_script(std::string_view sql) {
  Result r(PQexec(conn_, std::string(sql).c_str()));
  if (!r || !ok(r.get())) throw make_error(r.get(), conn_, sql);
}

// copy_sql is "COPY t(cols) FROM STDIN"; data is the whole text-format payload.
void Connection::copy_in(std::string_view copy_sql, const std::string& data) {
  Result start(PQexec(conn_, std::string(copy_sql).c_str()));
  if (!start || PQresultStatus(start.get()) != PGRES_COPY_IN) throw make_error(start.get(), conn_, copy_sql);
  constexpr size_t chunk = 1 << 16;
  bool sent = true;
  for (size_t off = 0; sent && off < data.size(); off += chunk) {
    size_t len = std::min(chunk, data.size() - off);
    sent = PQputCopyData(conn_, data.data() + off, static_cast<int>(len)) == 1;
  }
  // On a failed send, ending the copy with an error message makes the server abort it cleanly.
  PQputCopyEnd(conn_, sent ? nullptr : "client failed to send COPY data");
  std::optional<DbError> error;
  while (PGresult* raw = PQgetResult(conn_)) {
    Result r(raw);
    if (!error && PQresultStatus(raw) != PGRES_COMMAND_OK) error = make_error(raw, conn_, copy_sql);
  }
  if (error) throw *error;
  if (!sent) throw make_error(nullptr, conn_, copy_sql);
}

}  // namespace lianxin::db::postgres
