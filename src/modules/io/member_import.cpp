#include "modules/io/member_import.hpp"

#include <optional>
#include <unordered_map>

#include "http/errors.hpp"
#include "modules/io/csv_stream.hpp"
#include "modules/io/member_draft.hpp"
#include "modules/io/org_lookup.hpp"

namespace lianxin::modules::io {

namespace {

using member::MemberService;

struct PendingRow {
  int64_t row_no = 0;
  MemberService::NewMember m;
  std::string hash;
};

// The first 17 digits of a normalized ID number as an integer (the 18th follows from them): a
// key for the in-file duplicate check that needs no string per row.
uint64_t id_key(const std::string& id) {
  uint64_t k = 0;
  for (size_t i = 0; i < 17 && i < id.size(); ++i) k = k * 10 + static_cast<uint64_t>(id[i] - '0');
  return k;
}

std::string_view raw_cell(const HeaderMap& map, const std::vector<std::string_view>& rec, std::string_view field) {
  const auto& specs = column_specs(ImportKind::members);
  for (size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].field == field) return cell(map, rec, static_cast<int>(i));
  }
  return {};
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
        today_(ctx.today()) {
    seen_.reserve(1024);
  }

  RunTotals run(std::string_view utf8);

private:
  void on_record(const std::vector<std::string_view>& rec, int64_t line);
  void add_error(int64_t line, domain::FieldError e, std::string value);
  void count_error_row();
  void flush_lookup();
  void place(PendingRow& row, std::optional<int64_t> existing);
  bool member_in_scope(int64_t member_id);
  void update_existing(PendingRow& row, int64_t member_id);
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
  domain::MemberDraft draft_;  // reused: its strings keep their capacity from row to row
  std::vector<PendingRow> pending_;
  std::vector<MemberService::NewMember> creates_;
  std::vector<db::Params> update_rows_;
  std::unordered_map<uint64_t, int64_t> seen_;  // ID key -> first row with it
  RunTotals t_;
  // A commit that will be refused anyway (an invalid row without skip_invalid, or a registered
  // row under policy fail) stops writing but keeps checking, so the answer lists every problem.
  bool stop_writing_ = false;
};

RunTotals MemberRun::run(std::string_view utf8) {
  CsvStream csv(utf8);
  bool header_seen = false;
  try {
    while (csv.next()) {
      if (is_blank_record(csv.fields())) continue;
      if (!header_seen) {  // read_layout already mapped it
        header_seen = true;
        continue;
      }
      on_record(csv.fields(), static_cast<int64_t>(csv.line()));
      if (opt_.progress && t_.total_rows % 100000 == 0) opt_.progress(t_.total_rows);
    }
  } catch (const std::invalid_argument& e) {
    add_error(static_cast<int64_t>(csv.line()), {"file", "import.bad_csv", std::string("CSV 格式错误：") + e.what()},
              "");
    count_error_row();
  }
  flush_lookup();
  flush_creates();
  flush_updates();
  return std::move(t_);
}

void MemberRun::on_record(const std::vector<std::string_view>& rec, int64_t line) {
  ++t_.total_rows;
  fill_member_draft(draft_, layout_.header, rec);
  domain::MemberValidation v = domain::validate_member(draft_, today_, ctx_.member_rules);
  const OrgTarget& org = lookup_.resolve(tx_, cell(layout_.header, rec, kOrgCode));
  std::vector<domain::FieldError> errors = std::move(v.errors);
  if (org.error) errors.push_back(*org.error);
  else t_.reach_path(org.path);
  if (errors.empty()) {
    auto [first, inserted] = seen_.emplace(id_key(v.fields.id_number), line);
    if (!inserted) {
      errors.push_back({"id_number", "id_number.duplicate_in_file",
                        "与第" + std::to_string(first->second) + "行的公民身份号码重复"});
    }
  }
  if (!errors.empty()) {
    for (auto& e : errors) {
      std::string value = error_value(e.field, raw_cell(layout_.header, rec, e.field));
      add_error(line, std::move(e), std::move(value));
    }
    count_error_row();
    return;
  }
  PendingRow row;
  row.row_no = line;
  row.m.org_id = org.id;
  row.m.org_path = org.path;
  row.m.fields = std::move(v.fields);
  row.hash = members_.id_hash(row.m.fields.id_number);
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
  std::vector<std::string> hashes;
  hashes.reserve(pending_.size());
  for (const auto& r : pending_) hashes.push_back(r.hash);
  const std::map<std::string, int64_t> existing = members_.existing_by_hash(tx_, hashes);
  for (auto& r : pending_) {
    auto it = existing.find(r.hash);
    place(r, it == existing.end() ? std::nullopt : std::optional<int64_t>(it->second));
  }
  pending_.clear();
}

void MemberRun::place(PendingRow& row, std::optional<int64_t> existing) {
  if (!existing) {
    ++t_.created;
    if (writing()) {
      creates_.push_back(std::move(row.m));
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
      t_.duplicate_rows.push_back(row.row_no);
      if (opt_.write) stop_writing_ = true;
      return;
    case DupPolicy::update:
      if (!member_in_scope(*existing)) {
        add_error(row.row_no,
                  {"id_number", "id_number.taken", "该公民身份号码已登记在您管理范围以外的党组织，不能通过导入修改"},
                  error_value("id_number", row.m.fields.id_number));
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

void MemberRun::update_existing(PendingRow& row, int64_t member_id) {
  MemberService::Input in;
  in.draft = draft_from_fields(row.m.fields);
  in.org_id = row.m.org_id;
  member::ImportOutcome out;
  try {
    out = members_.import_row(tx_, in, "update", opt_.batch_id, opt_.meta);
  } catch (http::ApiError& e) {
    e.message = "第" + std::to_string(row.row_no) + "行：" + e.message;
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
    members_.bulk_create(tx_, creates_, opt_.batch_id);
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
