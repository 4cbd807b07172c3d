// The audit trail's read side (search, export), its integrity check (verify) and its retention
// (purge). The write side is audit_log.hpp.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/json.hpp>

#include "http/api.hpp"
#include "http/pagination.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/common/context.hpp"
#include "util/temp_file.hpp"

namespace lianxin::modules::audit {

// Search filters, all optional and combined with AND. Times are UTC like the stored `at`:
// "YYYY-MM-DD" (a whole day; `to` includes that day) or "YYYY-MM-DDTHH:MM:SSZ".
struct Filter {
  std::optional<std::string> from, to;
  std::optional<int64_t> actor_id;
  std::optional<std::string> actor;  // the stored actor name, exact
  std::optional<std::string> entity, entity_id;
  std::optional<std::string> action;  // exact, or a prefix when it ends with '.' ("member.")
  std::optional<int64_t> org_id;      // records of this organization and its whole subtree
};

struct VerifyResult {
  bool ok = true;
  int64_t checked = 0;  // records whose hash was recomputed
  std::optional<int64_t> first_broken_seq;
  std::string reason;  // empty when ok
  int64_t head_seq = 0, purged_through = 0;
};

struct PurgeResult {
  int64_t deleted = 0;
  int64_t purged_through = 0;  // every record up to this seq is gone
};

struct ExportedFile {
  std::string filename, content_type;
  std::shared_ptr<util::TempFile> file;  // removed when the last holder lets go
  int64_t rows = 0;
};

inline constexpr int kMinRetentionDays = 180;  // Cybersecurity Law art. 21: logs kept >= 6 months

class AuditService {
public:
  // Throws std::invalid_argument when retention_days < kMinRetentionDays.
  AuditService(ModuleContext& ctx, int retention_days = kMinRetentionDays);

  // Newest first (by seq), keyset-paged; restricted to records of organizations in the scope
  // unless the scope is everything (records without an organization: logins, settings...).
  boost::json::object search(const Filter& f, const http::Scope& scope, const http::PageRequest& page);
  // The whole filtered search as "csv" (UTF-8 with BOM) or "xlsx"; writes an "audit.export" record.
  // 422 when more rows match than one file may hold (narrow the filter).
  ExportedFile export_file(const Filter& f, const std::string& format, const ChangeMeta& meta,
                           const http::Scope& scope);

  // Walks the chain from the purge point to the head, recomputing every hash.
  VerifyResult verify();
  // Deletes the records older than `before_date` (YYYY-MM-DD, UTC) and moves the purge point;
  // refuses (std::invalid_argument, message for the operator) when that would delete a record
  // younger than the retention. Writes an "audit.purge" record.
  PurgeResult purge(const std::string& before_date, const ChangeMeta& meta);

  int retention_days() const { return retention_days_; }
  static boost::json::object to_json(const Record& r);

private:
  ModuleContext& ctx_;
  int retention_days_;
};

}  // namespace lianxin::modules::audit
