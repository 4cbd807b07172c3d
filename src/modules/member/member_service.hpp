// Member registry use cases. Public to other modules (import/export, later recruitment, dues...);
// routes live in member_routes.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "domain/member_rules.hpp"
#include "http/api.hpp"
#include "http/json_writer.hpp"
#include "http/pagination.hpp"
#include "modules/common/context.hpp"
#include "modules/org/org_stats.hpp"
#include "modules/org/org_types.hpp"

namespace lianxin::modules::member {

// A stored member with personal data still encrypted.
struct MemberRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string name;
  std::string id_enc, id_hash;
  std::string gender, birth_date;
  std::optional<std::string> ethnicity, education;
  std::string category, status;
  std::optional<std::string> application_date;
  std::string join_date;
  std::optional<std::string> full_date, employment, position;
  std::optional<std::string> mobile_enc, mobile_hash, landline_enc, address_enc;
  std::optional<int64_t> income_base_fen;
  int64_t version = 1;
  std::optional<int64_t> created_batch_id;
  std::string created_at, updated_at;
};

// Filters of GET /api/members (all optional; org defaults to the caller's scope).
struct MemberFilter {
  std::optional<int64_t> org_id;
  std::optional<std::string> category, status, gender, education, ethnicity, name_prefix;
  std::optional<int> age_min, age_max;
  std::string sort = "id";  // id | name | join_date | birth_date
  bool descending = false;
  bool all_statuses = false;  // status=all: include non-current records
};

// What import needs to know to decide per row.
struct ImportOutcome {
  enum class Action { created, updated, skipped } action;
  int64_t member_id = 0;
  int64_t version_after = 0;
  std::string before_json;  // for updated rows: the record as it was (restored on rollback)
};

class MemberService {
public:
  explicit MemberService(ModuleContext& ctx) : ctx_(ctx) {}

  // Validation with the domain rules plus the checks that need storage (org exists, is a branch,
  // ID number not taken). `org` may be given as id or as code.
  struct Input {
    domain::MemberDraft draft;
    std::optional<int64_t> org_id;
    std::optional<std::string> org_code;
  };
  std::vector<domain::FieldError> check(db::Tx& tx, const Input& in, std::optional<int64_t> existing_id = {});

  // The member's organization must lie in `scope` (404/403 before any validation message).
  MemberRecord create(const Input& in, const ChangeMeta& meta, const http::Scope& scope);
  // Same, inside the caller's write transaction (recruitment admits a 预备党员 together with the
  // step record that admits it).
  MemberRecord create_in(db::Tx& tx, const Input& in, const ChangeMeta& meta, const http::Scope& scope);
  // Inside the caller's transaction; duplicate policy for imports: "skip" | "update" | "fail".
  ImportOutcome import_row(db::Tx& tx, const Input& in, const std::string& policy, int64_t batch_id,
                           const ChangeMeta& meta);
  // Restores a member changed by an import (rollback), or deletes one the import created.
  void undo_import_update(db::Tx& tx, int64_t member_id, const std::string& before_json, const ChangeMeta& meta);
  void delete_imported(db::Tx& tx, int64_t member_id);

  // Fast path for large imports and the demo generator: rows already validated by the caller
  // (check()/domain::validate_member) and known not to exist; one multi-row write (COPY on
  // PostgreSQL), no history row per member (created_batch_id marks them), rollups applied once in
  // aggregate. Returns how many rows were written.
  struct NewMember {
    int64_t org_id = 0;
    std::string org_path;
    domain::MemberFields fields;
  };
  size_t bulk_create(db::Tx& tx, const std::vector<NewMember>& rows, std::optional<int64_t> batch_id);

  // bulk_create in steps, so that a large import can encrypt on another thread than the one that
  // writes: encode_new() touches no storage and may run concurrently with anything;
  // insert_encoded() writes the rows and adds their rollup deltas to `stats`, which the caller
  // applies once, with apply_bulk_stats(), before its transaction commits.
  struct EncodedMember {
    std::string_view org_path;  // the member's branch, set with set_org(); must outlive insert_encoded
    db::Params row;             // the members columns in bulk_create's order; row[0] is org_id
    void set_org(int64_t org_id, std::string_view path) {
      row[0] = org_id;
      org_path = path;
    }
  };
  // The rollup deltas of the members inserted (org_stats.hpp).
  using BulkStats = org::MemberTally;
  // `id_hash`: id_hash(f.id_number), when the caller has it already (it looked the row up by it).
  EncodedMember encode_new(const domain::MemberFields& f, std::string id_hash, std::optional<int64_t> batch_id,
                           const std::string& now) const;
  // Consumes `rows` (their values are moved into the statement): it is empty afterwards. Returns
  // the parameter rows written, for a caller that wants them freed on the thread that made them.
  std::vector<db::Params> insert_encoded(db::Tx& tx, std::vector<EncodedMember>& rows, BulkStats& stats);
  static void apply_bulk_stats(db::Tx& tx, const BulkStats& stats);
  // Which of these ID-number hashes exist already: hash -> member id.
  std::map<std::string, int64_t> existing_by_hash(db::Tx& tx, const std::vector<std::string>& hashes);
  // The keyed lookup hash of a normalized ID number.
  std::string id_hash(const std::string& normalized_id_number) const;

  // Partial update: fields absent from the patch keep their values; the merged record is
  // validated as a whole. org_id moves the member (history action "move").
  MemberRecord update(int64_t id, const Input& patch, std::optional<int64_t> expected_version,
                      std::optional<std::string> effective_date, const ChangeMeta& meta, const http::Scope& scope);
  // Moves the member to another branch inside the caller's transaction: the same dated history
  // row (action "move"), rollup deltas and audit record ("member.move") as a move through update().
  // The caller has authorized it (a transfer accepted by the receiving organization moves a member
  // out of a subtree the acceptor need not see), so there is no scope check here; the target must
  // be a branch in use (422 otherwise), a stale `expected_version` is 409.
  MemberRecord move_in(db::Tx& tx, int64_t id, int64_t to_org_id, const std::string& effective_date,
                       const std::optional<std::string>& reason, const ChangeMeta& meta,
                       std::optional<int64_t> expected_version = std::nullopt);
  // Checks other modules add before update() moves a member to another branch (a transfer in
  // progress keeps the member with the sender until the receiver accepts, R-T04); a guard throws
  // ApiError to refuse. move_in() does not run them: its caller is the module that decided.
  using MoveGuard = std::function<void(db::Tx& tx, int64_t member_id)>;
  void add_move_guard(MoveGuard guard) { move_guards_.push_back(std::move(guard)); }
  // A status change as a dated event (R-N02, R-N03, R-N06): the new status, the day it takes
  // effect, why, who decided it and a code that says which case of the status it is (an exit kind
  // for 出党, a 失联 情形 for lost_contact). History keeps the earlier state.
  struct StatusChange {
    std::string status;
    std::optional<std::string> effective_date;  // default today
    std::optional<std::string> reason;
    std::optional<std::string> approver;        // the deciding body or person, as written on the decision
    std::optional<std::string> kind;            // e.g. exit kind or lost-contact case code
    std::optional<int64_t> expected_version;
    std::optional<std::string> lost_since;      // 失去联系日期 (失联; 停止党籍 for lost contact), or the
                                                // date the member went abroad (停止党籍, abroad study)
    std::string source = "manual";              // stored with the event: "manual" or the deciding module
  };
  MemberRecord change_status(int64_t id, const StatusChange& change, const ChangeMeta& meta,
                             const http::Scope& scope);
  // Same, inside the caller's transaction and without a scope check: for the module that decided
  // (a transfer out of the instance, a mobile-member registration, a cancelled probation).
  // Both check the change against domain::status_table() (422 naming the rule id when refused) and
  // store a member_status_events row beside the history row.
  MemberRecord change_status_in(db::Tx& tx, int64_t id, const StatusChange& change, const ChangeMeta& meta);
  // The member's 党籍状态 page: status, events newest first, review flags with due dates (R-F12)
  // and the transitions the table allows next with what each needs.
  boost::json::object status_view(int64_t id, const http::Scope& scope);
  // Members in the subtree (?org= or the caller's scope) whose review is due on or before today
  // (kind: "suspension" | "removal" | all), by due date then member id, keyset paginated.
  boost::json::object status_reviews(std::optional<int64_t> org_id, const std::optional<std::string>& kind,
                                     const http::Scope& scope, const http::PageRequest& page);
  // Conversion (R-N01, R-D26): a 预备党员 becomes 正式党员 with `full_date` (the end of probation,
  // never the approval date), inside the caller's transaction, with a history row ("convert") and
  // an audit record. The caller has authorized it (recruitment step 24). Idempotent: a member who
  // is already full with this date is returned unchanged; an already full member with another
  // date gets the date corrected (a corrected step). 422 if the date is not after join_date.
  MemberRecord convert_to_full_in(db::Tx& tx, int64_t id, const std::string& full_date, const std::string& reason,
                                  const ChangeMeta& meta);
  // The reverse, when a correction of the recruitment record withdraws an approved conversion
  // (R-D26 path): back to 预备党员, full_date cleared, a history row ("convert_revert", dated
  // today) and an audit record, in the caller's transaction. A member who is not full is
  // returned unchanged (idempotent like convert_to_full_in).
  MemberRecord revert_conversion_in(db::Tx& tx, int64_t id, const std::string& reason, const ChangeMeta& meta);
  // Undoes the latest status event of this `kind` set by `source` (a corrected 取消预备党员资格):
  // the status goes back to the event's from_status with a new event (rule `rule_id`, the reverse
  // is not a transition of the status table) and a history row. Unchanged when the latest
  // event is another one.
  MemberRecord revert_status_event_in(db::Tx& tx, int64_t id, const std::string& kind, const std::string& source,
                                      const std::string& rule_id, const std::string& reason, const ChangeMeta& meta);

  // The roster of a branch meeting (R-D15, members.md §2): members whose branch is `org_id`, any
  // status, id order; and a member's 党籍状态 on a date from the dated status events (the status
  // the latest event on or before the date set; before the first event, its from_status).
  std::vector<MemberRecord> of_branch(db::Tx& tx, int64_t org_id);
  std::string status_on(db::Tx& tx, const MemberRecord& m, const std::string& date);

  // The member a workflow is about to act on (a transfer, a letter, a mobile-member registration):
  // 404 when there is no such member, the caller's scope over its branch (403/404), and the branch.
  // When the member is no longer current, `not_current` holds a field error on member_id saying
  // that `purpose` ("办理组织关系转接") is not possible; the caller adds it to its other errors.
  struct Subject {
    MemberRecord member;
    org::OrgRecord org;
    std::optional<domain::FieldError> not_current;
  };
  Subject subject_in_scope(db::Tx& tx, int64_t id, const http::Scope& scope, const std::string& purpose);

  MemberRecord get(int64_t id, const http::Scope& scope);
  std::optional<MemberRecord> find(db::Tx& tx, int64_t id);
  std::optional<MemberRecord> find_by_id_number(db::Tx& tx, const std::string& id_number);
  // Members with this mobile number (normalized, see domain::normalize_mobile), for login by phone.
  std::vector<int64_t> ids_by_mobile(db::Tx& tx, const std::string& normalized_mobile);
  // The path of the member's organization (nullopt when there is no such member).
  std::optional<std::string> org_path_of(db::Tx& tx, int64_t member_id);
  // Exact lookup by ID number within the caller's scope (nullopt also when outside it); writes an
  // audit record "member.lookup" with the found id (never the ID number).
  std::optional<MemberRecord> find_in_scope_by_id_number(const std::string& id_number, const ChangeMeta& meta,
                                                         const http::Scope& scope);

  // The list body as JSON text (the API's list shape), written without an intermediate value.
  std::string list(const MemberFilter& f, const http::Scope& scope, const http::PageRequest& page);
  boost::json::object history(int64_t id, const http::Scope& scope, const http::PageRequest& page);
  // Decrypts one field: "id_number" | "mobile" | "landline" | "address", and writes an audit
  // record "member.reveal" with the field and the reason (never the value).
  std::string reveal(int64_t id, const std::string& field, const std::optional<std::string>& reason,
                     const ChangeMeta& meta, const http::Scope& scope);

  // A member's masked fields into an open JSON object (the one definition of a member in the API);
  // `detail` adds the fields of the detail view. List items are the same without `detail`.
  void write_fields(http::JsonWriter& w, const MemberRecord& m, bool detail) const;
  // The detail view as a JSON object text.
  std::string detail_json(const MemberRecord& m) const;
  // Every member in a subtree, organization by organization (path order), in id order within
  // each, for exports (callback per row).
  void for_each_in_subtree(db::Tx& tx, const std::string& org_path,
                           const std::function<void(const MemberRecord&)>& fn);
  std::string decrypt(const std::optional<std::string>& enc) const;

private:
  std::string reveal_field(const MemberRecord& m, const std::string& field) const;

  ModuleContext& ctx_;
  std::vector<MoveGuard> move_guards_;
};

}  // namespace lianxin::modules::member
