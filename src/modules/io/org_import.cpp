#include "modules/io/org_import.hpp"

#include <unordered_map>

#include "domain/enums.hpp"
#include "domain/org_hierarchy.hpp"
#include "http/errors.hpp"
#include "modules/io/csv_stream.hpp"
#include "modules/io/org_import_update.hpp"

namespace lianxin::modules::io {

namespace {

using FieldErrors = std::vector<domain::FieldError>;

std::optional<std::string> given(std::string_view v) {
  return v.empty() ? std::nullopt : std::optional<std::string>(v);
}

org::OrgDraft org_draft(const HeaderMap& map, const std::vector<std::string_view>& r) {
  org::OrgDraft d;
  d.code = given(cell(map, r, kOrgCodeCol));
  d.name = given(cell(map, r, kOrgName));
  d.kind = given(cell(map, r, kOrgKind));
  d.parent_code = given(cell(map, r, kParentCode));
  d.host_unit = given(cell(map, r, kHostUnit));
  d.region_code = given(cell(map, r, kRegionCode));
  d.established_date = given(cell(map, r, kEstablishedDate));
  d.contact_name = given(cell(map, r, kContactName));
  d.contact_phone = given(cell(map, r, kContactPhone));
  return d;
}

std::string_view raw_cell(const HeaderMap& map, const std::vector<std::string_view>& rec, std::string_view field) {
  const auto& specs = column_specs(ImportKind::orgs);
  for (size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].field == field) return cell(map, rec, static_cast<int>(i));
  }
  return {};
}

bool is_parent_field(const std::string& f) { return f == "parent_code" || f == "parent_id"; }

// A code seen earlier in this file.
struct FileRow {
  int64_t row_no = 0;
  bool valid = false;
  bool is_new = false;                // not registered before this import
  std::string kind;                   // kind code, when the row gave a valid one
  std::optional<int64_t> created_id;  // set once the commit created it
};

class OrgRun {
public:
  OrgRun(ModuleContext& ctx, org::OrgService& orgs, db::Tx& tx, const FileLayout& layout, const RunOptions& opt)
      : ctx_(ctx), orgs_(orgs), tx_(tx), layout_(layout), opt_(opt), today_(ctx.today()) {}
  RunTotals run(std::string_view utf8);

private:
  void on_record(const std::vector<std::string_view>& rec, int64_t line);
  bool on_new(org::OrgDraft& d, FileRow& self, FieldErrors& errors, int64_t line);
  bool on_existing(const org::OrgRecord& existing, const org::OrgDraft& d, FieldErrors& errors, int64_t line);
  org::CheckedOrg check_new(const org::OrgDraft& d);
  void report(const FieldErrors& errors, const std::vector<std::string_view>& rec, int64_t line);
  bool writing() const { return opt_.write && !stop_writing_; }

  ModuleContext& ctx_;
  org::OrgService& orgs_;
  db::Tx& tx_;
  const FileLayout& layout_;
  const RunOptions& opt_;
  domain::Date today_;
  std::unordered_map<std::string, FileRow> file_rows_;
  RunTotals t_;
  bool stop_writing_ = false;  // see MemberRun: a refused commit keeps checking but stops writing
};

RunTotals OrgRun::run(std::string_view utf8) {
  CsvStream csv(utf8);
  bool header_seen = false;
  try {
    while (csv.next()) {
      if (is_blank_record(csv.fields())) continue;
      if (!header_seen) {
        header_seen = true;
        continue;
      }
      on_record(csv.fields(), static_cast<int64_t>(csv.line()));
    }
  } catch (const std::invalid_argument& e) {
    report({{"file", "import.bad_csv", std::string("CSV 格式错误：") + e.what()}}, {},
           static_cast<int64_t>(csv.line()));
  }
  return std::move(t_);
}

void OrgRun::on_record(const std::vector<std::string_view>& rec, int64_t line) {
  ++t_.total_rows;
  org::OrgDraft d = org_draft(layout_.header, rec);
  FieldErrors errors;
  const std::string code = d.code.value_or("");
  if (!code.empty()) {
    if (auto seen = file_rows_.find(code); seen != file_rows_.end()) {
      report({{"code", "code.duplicate_in_file", "与第" + std::to_string(seen->second.row_no) + "行的组织编码重复"}},
             rec, line);
      return;
    }
  }
  FileRow self;
  self.row_no = line;
  if (d.kind) {
    if (auto k = domain::find_enum(domain::org_kinds(), *d.kind)) self.kind = std::string(k->code);
  }
  std::optional<org::OrgRecord> existing = code.empty() ? std::nullopt : orgs_.find_by_code(tx_, code);
  self.valid = existing ? on_existing(*existing, d, errors, line) : on_new(d, self, errors, line);
  if (!errors.empty()) report(errors, rec, line);
  if (!code.empty()) file_rows_.emplace(code, self);
}

// The parent named by the row: one created by an earlier row of this file, or a registered one
// that must be inside the caller's scope; a new root needs the whole tree in scope.
bool OrgRun::on_new(org::OrgDraft& d, FileRow& self, FieldErrors& errors, int64_t line) {
  self.is_new = true;
  std::optional<org::CheckedOrg> checked;
  const FileRow* parent = nullptr;
  if (d.parent_code) {
    auto it = file_rows_.find(*d.parent_code);
    if (it != file_rows_.end() && it->second.is_new) parent = &it->second;
  }
  if (parent && !parent->created_id) {
    // Not in the database (preview, or a commit that stopped writing): check against the file.
    if (!parent->valid) {
      errors.push_back({"parent_code", "parent_code.invalid_parent",
                        "上级组织（第" + std::to_string(parent->row_no) + "行）有错误，本行无法导入"});
    }
    // check_draft sees the row as a root; the placement under the file's parent is checked here.
    org::OrgDraft probe = d;
    probe.parent_code.reset();
    for (auto& e : orgs_.check_draft(tx_, probe)) {
      if (!is_parent_field(e.field)) errors.push_back(std::move(e));
    }
    if (!parent->kind.empty() && !self.kind.empty()) {
      if (auto why = domain::check_org_placement(parent->kind, self.kind)) {
        errors.push_back({"kind", "kind.placement", *why});
      }
    }
  } else {
    checked = check_new(d);
    errors = std::move(checked->errors);
  }
  if (!errors.empty()) return false;
  ++t_.created;
  if (writing()) {
    try {
      self.created_id = (checked ? orgs_.create_checked(tx_, std::move(*checked), opt_.meta, opt_.batch_id)
                                 : orgs_.create_in(tx_, d, opt_.meta, opt_.batch_id))
                            .id;
    } catch (http::ApiError& e) {
      e.message = "第" + std::to_string(line) + "行：" + e.message;
      throw;
    }
  }
  return true;
}

// Checked once: the parent it resolved decides the scope, and the same check is what gets inserted.
org::CheckedOrg OrgRun::check_new(const org::OrgDraft& d) {
  org::CheckedOrg c;
  if (!d.parent_code && !opt_.scope.everything) {
    c.errors = {{"parent_code", "parent_code.required", "请填写上级组织编码"}};
    return c;
  }
  if (!d.parent_code) t_.reach_everything = true;
  c = orgs_.check_create(tx_, d);
  if (c.parent && !opt_.scope.contains_path(c.parent->path)) {
    c.errors = {{"parent_code", "parent_code.not_found", "上级组织不存在：" + *d.parent_code}};
    return c;
  }
  if (c.parent) t_.reach_path(c.parent->path);
  return c;
}

bool OrgRun::on_existing(const org::OrgRecord& existing, const org::OrgDraft& d, FieldErrors& errors, int64_t line) {
  ++t_.existing_rows;
  switch (opt_.policy) {
    case DupPolicy::skip:
      ++t_.skipped;
      return true;
    case DupPolicy::fail:
      t_.duplicate_rows.push_back(line);
      if (opt_.write) stop_writing_ = true;
      return true;
    case DupPolicy::update:
      break;
  }
  if (!opt_.scope.contains_path(existing.path)) {
    errors.push_back({"code", "code.taken", "该组织编码已被您管理范围以外的组织使用"});
    return false;
  }
  t_.reach_path(existing.path);
  errors = check_org_update(tx_, orgs_, existing, d);
  if (!errors.empty()) return false;
  if (!writing()) {
    ++t_.updated;
  } else if (apply_org_update(tx_, orgs_, existing, d, opt_.batch_id, opt_.meta, today_)) {
    ++t_.updated;
  } else {
    ++t_.skipped;
  }
  return true;
}

void OrgRun::report(const FieldErrors& errors, const std::vector<std::string_view>& rec, int64_t line) {
  for (const auto& e : errors) {
    t_.errors.push_back(
        RowError{line, e.field, e.code, e.message, std::string(raw_cell(layout_.header, rec, e.field))});
  }
  ++t_.error_rows;
  if (opt_.write && !opt_.skip_invalid) stop_writing_ = true;
}

}  // namespace

RunTotals run_org_rows(ModuleContext& ctx, org::OrgService& orgs, db::Tx& tx, std::string_view utf8,
                       const FileLayout& layout, const RunOptions& opt) {
  return OrgRun(ctx, orgs, tx, layout, opt).run(utf8);
}

}  // namespace lianxin::modules::io
