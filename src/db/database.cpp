// Row accessors, the Tx conveniences and the URL dispatch of open_database.
#include "db/database.hpp"

#include <charconv>

#include "db/postgres/pg_database.hpp"
#include "db/sqlite/sqlite_database.hpp"

namespace lianxin::db {
namespace {

std::string column_label(const std::vector<std::string>* names, size_t i) {
  std::string label = "column " + std::to_string(i);
  if (names && i < names->size()) label += " (" + (*names)[i] + ")";
  return label;
}

int64_t parse_i64(const std::string& s, const std::vector<std::string>* names, size_t i) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty())
    throw DbError(DbError::Kind::other, column_label(names, i) + " is not an integer: '" + s + "'");
  return v;
}

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

void Row::append_null() {
  const size_t i = cells_.size();
  if (i < 64) {
    nulls_ |= uint64_t{1} << i;
  } else {
    more_nulls_.resize(i - 63, false);
    more_nulls_[i - 64] = true;
  }
  cells_.emplace_back();
}

bool Row::is_null(size_t i) const {
  if (i >= cells_.size()) throw std::out_of_range(column_label(names_, i) + " is out of range");
  if (i < 64) return (nulls_ >> i) & 1;
  return i - 64 < more_nulls_.size() && more_nulls_[i - 64];
}

const std::string& Row::text(size_t i) const {
  if (is_null(i)) throw DbError(DbError::Kind::other, column_label(names_, i) + " is NULL");
  return cells_[i];
}

std::string Row::text_or(size_t i, std::string dflt) const { return is_null(i) ? std::move(dflt) : cells_[i]; }

std::optional<std::string> Row::opt_text(size_t i) const {
  if (is_null(i)) return std::nullopt;
  return cells_[i];
}

std::string Row::take(size_t i) {
  if (is_null(i)) throw DbError(DbError::Kind::other, column_label(names_, i) + " is NULL");
  return std::move(cells_[i]);
}

std::optional<std::string> Row::take_opt(size_t i) {
  if (is_null(i)) return std::nullopt;
  return std::move(cells_[i]);
}

const std::vector<std::string>& Rows::columns() const {
  static const std::vector<std::string> none;
  return names ? *names : none;
}

int64_t Row::i64(size_t i) const { return parse_i64(text(i), names_, i); }

std::optional<int64_t> Row::opt_i64(size_t i) const {
  if (is_null(i)) return std::nullopt;
  return parse_i64(cells_[i], names_, i);
}

size_t Row::index(std::string_view name) const {
  if (names_) {
    for (size_t i = 0; i < names_->size(); ++i)
      if ((*names_)[i] == name) return i;
  }
  throw std::out_of_range("no column named '" + std::string(name) + "' in the result");
}

std::optional<Row> Tx::query_one(std::string_view sql, const Params& params) {
  Rows rows = query(sql, params);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.rows.front());
}

int64_t Tx::query_int(std::string_view sql, const Params& params) {
  auto row = query_one(sql, params);
  if (!row) throw DbError(DbError::Kind::other, "query_int: the query returned no row: " + std::string(sql));
  return row->i64(0);
}

std::unique_ptr<Database> open_database(const std::string& url, const OpenOptions& opts) {
  if (starts_with(url, "sqlite:")) return open_sqlite(url.substr(7), opts);
  if (starts_with(url, "postgresql://") || starts_with(url, "postgres://")) return open_postgres(url, opts);
  throw std::invalid_argument("unsupported database URL '" + url.substr(0, url.find(':') + 1) +
                              "...': expected sqlite:/path/to/file.db or postgresql://user@host:port/dbname");
}

std::string last_placeholder(const Params& p) {
  std::string s = "$";  // appended, not "$" + std::string: g++ 12 warns falsely (-Wrestrict)
  s += std::to_string(p.size());
  return s;
}

}  // namespace lianxin::db
