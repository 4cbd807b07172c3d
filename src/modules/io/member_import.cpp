#include "modules/io/member_import.hpp"

#include <optional>

#include "http/errors.hpp"
#include "modules/io/first_line_index.hpp"
#include "modules/io/member_draft.hpp"
#include "modules/io/member_rows.hpp"
#include "modules/io/org_lookup.hpp"

namespace lianxin::modules::io {

namespace {

using member::MemberService;

// The first 17 digits of a normalized ID number as an integer (the 18th follows from them): a
// key for the in-file duplicate check that needs no string per row.
uint64_t id_key(const std::string& id) {
  uint64_t k = 0;
  for (size_t i = 0; i < 17 && i < id.size(); ++i) k = k * 10 + static_cast<uint64_t>(id[i] - '0');
  return k;
}

class MemberRun {
public:
  MemberRun(ModuleContext& ctx, MemberService& members, org::OrgService& orgs, db::Tx& tx, const FileLayout& layout,
            const RunOptions& opt)
      : ctx_(ctx),
        members_(members),
        orgs_(orgs),
        tx_(tx),
        layout_(layout),
        opt_(opt),
        lookup_(orgs, opt.scope),
        today_(ctx.today()),
        registry_empty_(tx.backend() == db::Backend::sqlite && !tx.query_one("SELECT 1 FROM members LIMIT 1")) {
  }

  RunTotals run(std::string_view utf8);

private:
  void on_row(ParsedRow&& row);
  void add_error(int64_t line, domain::FieldError e, std::string value);
  void count_error_row();
  void flush_lookup();
  void place(ParsedRow& row, std::optional<int64_t> existing);
  bool member_in_scope(int64_t member_id);
  void update_existing(ParsedRow& row, int64_t member_id);
  void flush_creates();
  void flush_updates();
  bool writing() const { return opt_.write && !stop_writing_; }

  ModuleContext& ctx_;
  MemberService& members_;
  org::OrgService& orgs_;
  db::Tx& tx_;
  const FileLayout& layout_;
  const RunOptions& opt_;
  OrgLookup lookup_;
  domain::Date today_;
  std::vector<ParsedRow> pending_;  // valid rows waiting for the look-up by ID hash
  std::vector<MemberService::EncodedMember> creates_;
  MemberRowReader* reader_ = nullptr;  // during run()
  std::string now_;  // created_at of rows the writer encrypts itself
  MemberService::BulkStats stats_;  // rollup deltas of everything created, applied once at the end
  std::vector<db::Params> update_rows_;
  FirstLineIndex seen_;  // ID key -> first row with it
  // No member registered when the run started: only the file's own rows could collide, and the
  // in-file check catches those, so the look-ups by hash (7% of a first import) are skipped.
  // SQLite only: its write transaction excludes other writers for the whole run, whereas on
  // PostgreSQL a member registered concurrently must still be found (and counted as existing).
  bool registry_empty_;
  RunTotals t_;
  // A commit that will be refused anyway (an invalid row without skip_invalid, or a registered
  // row under policy fail) stops writing but keeps checking, so the answer lists every problem.
  bool stop_writing_ = false;
};

RunTotals MemberRun::run(std::string_view utf8) {
  seen_ = FirstLineIndex(utf8.size() / 200);  // ~200 bytes a row: no rehash of a million entries on the way
  MemberRowReader reader(utf8, layout_, {members_, ctx_.member_rules, today_, opt_.write, opt_.batch_id});
  reader_ = &reader;
  for (;;) {
    ParsedBatch batch = reader.next();
    now_ = now_timestamp();  // once per batch of 1000 rows
    for (auto& row : batch.rows) {
      on_row(std::move(row));
      if (opt_.progress && t_.total_rows % 100000 == 0) opt_.progress(t_.total_rows);
    }
    if (batch.bad_csv) {
      t_.errors.push_back(std::move(*batch.bad_csv));
      count_error_row();
    }
    if (batch.end) break;
  }
  flush_lookup();
  flush_creates();
  flush_updates();
  MemberService::apply_bulk_stats(tx_, stats_);  // for the rows inserted, whatever happened after
  return std::move(t_);
}

void MemberRun::on_row(ParsedRow&& row) {
  ++t_.total_rows;
  const OrgTarget& org = lookup_.resolve(tx_, row.org_key);
  if (org.error) row.errors.push_back(RowError{row.line, org.error->field, org.error->code, org.error->message,
                                               error_value(org.error->field, row.org_key)});
  else t_.reach_path(org.path);
  if (row.errors.empty()) {
    if (const auto first = seen_.first_or_add(id_key(row.fields.id_number), row.line)) {
      row.errors.push_back(RowError{row.line, "id_number", "id_number.duplicate_in_file",
                                    "与第" + std::to_string(*first) + "行的公民身份号码重复",
                                    error_value("id_number", row.raw_id)});
    }
  }
  if (!row.errors.empty()) {
    for (auto& e : row.errors) t_.errors.push_back(std::move(e));
    count_error_row();
    return;
  }
  row.org = &org;
  pending_.push_back(std::move(row));
  if (pending_.size() >= kLookupChunk) flush_lookup();
}

void MemberRun::add_error(int64_t line, domain::FieldError e, std::string value) {
  t_.errors.push_back(RowError{line, std::move(e.field), std::move(e.code), std::move(e.message), std::move(value)});
}

void MemberRun::count_error_row() {
  ++t_.error_rows;
  if (opt_.write && !opt_.skip_invalid) stop_writing_ = true;
}

void MemberRun::flush_lookup() {
  if (pending_.empty()) return;
  std::map<std::string, int64_t> existing;
  if (!registry_empty_) {
    std::vector<std::string> hashes;
    hashes.reserve(pending_.size());
    for (const auto& r : pending_) hashes.push_back(r.id_hash);
    existing = members_.existing_by_hash(tx_, hashes);
  }
  for (auto& r : pending_) {
    auto it = existing.find(r.id_hash);
    place(r, it == existing.end() ? std::nullopt : std::optional<int64_t>(it->second));
  }
  reader_->recycle({std::move(pending_), {}});
  pending_.clear();  // valid but unspecified after the move
  pending_.reserve(kLookupChunk);
}

void MemberRun::place(ParsedRow& row, std::optional<int64_t> existing) {
  if (!existing) {
    ++t_.created;
    if (writing()) {
      if (!row.encoded) row.encoded = members_.encode_new(row.fields, row.id_hash, opt_.batch_id, now_);
      creates_.push_back(std::move(*row.encoded));
      creates_.back().set_org(row.org->id, row.org->path);
      if (creates_.size() >= kCreateChunk) flush_creates();
    }
    return;
  }
  ++t_.existing_rows;
  switch (opt_.policy) {
    case DupPolicy::skip:
      ++t_.skipped;
      return;
    case DupPolicy::fail:
      t_.duplicate_rows.push_back(row.line);
      if (opt_.write) stop_writing_ = true;
      return;
    case DupPolicy::update:
      if (!member_in_scope(*existing)) {
        add_error(row.line,
                  {"id_number", "id_number.taken", "该公民身份号码已登记在您管理范围以外的党组织，不能通过导入修改"},
                  error_value("id_number", row.fields.id_number));
        count_error_row();
        return;
      }
      if (writing())
        update_existing(row, *existing);
      else
        ++t_.updated;
      return;
  }
}

bool MemberRun::member_in_scope(int64_t member_id) {
  if (opt_.scope.everything) return true;
  auto m = members_.find(tx_, member_id);
  if (!m) return false;
  auto o = orgs_.find(tx_, m->org_id);
  return o && opt_.scope.contains_path(o->path);
}

void MemberRun::update_existing(ParsedRow& row, int64_t member_id) {
  MemberService::Input in;
  in.draft = draft_from_fields(row.fields);
  in.org_id = row.org->id;
  member::ImportOutcome out;
  try {
    out = members_.import_row(tx_, in, "update", opt_.batch_id, opt_.meta);
  } catch (http::ApiError& e) {
    e.message = "第" + std::to_string(row.line) + "行：" + e.message;
    throw;
  }
  using Action = member::ImportOutcome::Action;
  if (out.action == Action::updated) {
    ++t_.updated;
    update_rows_.push_back({opt_.batch_id, "member", out.member_id, out.version_after, out.before_json});
  } else if (out.action == Action::created) {
    ++t_.created;
  } else {
    ++t_.skipped;  // nothing differed
  }
  if (update_rows_.size() >= kLookupChunk) flush_updates();
}

void MemberRun::flush_creates() {
  if (creates_.empty() || !writing()) {
    creates_.clear();
    return;
  }
  try {
    reader_->recycle({{}, members_.insert_encoded(tx_, creates_, stats_)});
  } catch (const db::DbError& e) {
    if (e.kind != db::DbError::Kind::unique_violation) throw;
    throw http::conflict("import.duplicate", "导入期间有相同公民身份号码的党员被登记，请重新预览后再提交");
  }
  creates_.clear();
}

void MemberRun::flush_updates() {
  if (update_rows_.empty()) return;
  tx_.bulk_insert("import_updates", {"batch_id", "entity", "entity_id", "version_after", "before_json"}, update_rows_);
  update_rows_.clear();
}

}  // namespace

RunTotals run_member_rows(ModuleContext& ctx, MemberService& members, org::OrgService& orgs, db::Tx& tx,
                          std::string_view utf8, const FileLayout& layout, const RunOptions& opt) {
  return MemberRun(ctx, members, orgs, tx, layout, opt).run(utf8);
}

}  // namespace lianxin::modules::io
