#include "modules/io/export_service.hpp"

#include <unordered_map>

#include "domain/enums.hpp"
#include "domain/id_number.hpp"
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/common/tree_path.hpp"
#include "modules/io/member_draft.hpp"
#include "modules/io/text_util.hpp"

namespace lianxin::modules::io {

namespace {

constexpr const char* kCsvType = "text/csv; charset=utf-8";
constexpr const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

struct OrgName {
  std::string code, name;
};

std::string label(std::span<const domain::EnumValue> values, const std::optional<std::string>& code) {
  if (!code || code->empty()) return {};
  auto v = domain::find_enum(values, *code);
  return v ? std::string(v->label) : *code;
}

std::unordered_map<int64_t, OrgName> subtree_names(db::Tx& tx, const std::string& path) {
  std::unordered_map<int64_t, OrgName> out;
  for (const auto& r :
       tx.query("SELECT id, code, name FROM orgs WHERE path >= $1 AND path < $2", {path, path_upper(path)})) {
    out.emplace(r.i64(0), OrgName{r.text(1), r.text(2)});
  }
  return out;
}

// The import's headers, so an exported roll can be edited and imported again.
const std::vector<std::string> kMemberHeader{"姓名",         "公民身份号码", "性别",         "民族",
                                             "出生日期",     "学历",         "人员类别",     "党员状态",
                                             "申请入党日期", "加入党组织日期", "转为正式党员日期", "工作岗位",
                                             "职务",         "手机号",       "固定电话",     "家庭住址",
                                             "党组织编码",   "所在党支部"};
const std::vector<std::string> kOrgHeader{"组织编码", "组织名称", "组织类型", "上级组织编码", "所在单位",
                                          "行政区划代码", "成立日期", "联系人", "联系电话"};

void add_row(util::TableFileWriter& out, const std::vector<std::string>& row) {
  try {
    out.add(row);
  } catch (const util::TooManyRows&) {
    throw http::validation_failed(
        {{"format", "export.too_many_rows", "数据超过 Excel 单表 1048575 行的上限，请导出 CSV 格式"}});
  }
}

ExportFile finish(util::TableFileWriter& out, ExportFormat format, const std::string& title,
                  const std::string& org_name, domain::Date today) {
  ExportFile f;
  f.rows = out.rows();
  f.file = out.finish();
  const bool xlsx = format == ExportFormat::xlsx;
  f.content_type = xlsx ? kXlsxType : kCsvType;
  f.filename = title + "-" + org_name + "-" + today.iso() + (xlsx ? ".xlsx" : ".csv");
  return f;
}

}  // namespace

std::optional<ExportFormat> parse_format(std::string_view s) {
  if (s == "csv") return ExportFormat::csv;
  if (s == "xlsx") return ExportFormat::xlsx;
  return std::nullopt;
}

org::OrgRecord ExportService::subtree_root(db::Tx& tx, int64_t org_id, const http::Scope& scope) {
  auto o = orgs_.find(tx, org_id);
  if (!o) throw http::not_found("党组织");
  scope.require(o->path, "党组织");
  return *o;
}

// The rows are read first (a long read must not hold the single writer), then the record is
// written; the file is returned only once its audit record has committed.
void ExportService::audit_export(const std::string& action, int64_t org_id, ExportFormat format, bool reveal,
                                 int64_t rows, const ChangeMeta& meta) {
  boost::json::object after{{"format", format == ExportFormat::xlsx ? "xlsx" : "csv"}, {"rows", rows}};
  if (action == "member.export") after["reveal"] = reveal;
  ctx_.db.write([&](db::Tx& tx) {
    audit::record(tx, ctx_.cipher, meta,
                  {action, "org", std::to_string(org_id), org_id, std::nullopt, boost::json::serialize(after)});
  });
}

ExportFile ExportService::members(int64_t org_id, ExportFormat format, bool reveal, const ChangeMeta& meta,
                                  const http::Scope& scope) {
  util::TableFileWriter out(format, "党员名册", kMemberHeader, ctx_.temp_directory());
  std::string root_name;
  ctx_.db.read([&](db::Tx& tx) {
    const org::OrgRecord root = subtree_root(tx, org_id, scope);
    root_name = root.name;
    const auto names = subtree_names(tx, root.path);
    members_.for_each_in_subtree(tx, root.path, [&](const member::MemberRecord& m) {
      if (!domain::status_is_current(m.status)) return;
      const std::string id = members_.decrypt(m.id_enc);
      const std::string mobile = members_.decrypt(m.mobile_enc);
      const std::string landline = members_.decrypt(m.landline_enc);
      const std::string address = members_.decrypt(m.address_enc);
      auto org = names.find(m.org_id);
      add_row(out, {m.name, reveal ? id : domain::mask_id_number(id), label(domain::genders(), m.gender),
                    label(domain::ethnicities(), m.ethnicity), m.birth_date,
                    label(domain::educations(), m.education), label(domain::member_categories(), m.category),
                    label(domain::member_statuses(), m.status), m.application_date.value_or(""), m.join_date,
                    m.full_date.value_or(""), label(domain::employment_categories(), m.employment),
                    m.position.value_or(""), reveal || mobile.empty() ? mobile : domain::mask_phone(mobile),
                    reveal || landline.empty() ? landline : domain::mask_phone(landline),
                    reveal ? address : mask_tail(address, 6),
                    org == names.end() ? std::string() : org->second.code,
                    org == names.end() ? std::string() : org->second.name});
    });
  });
  ExportFile f = finish(out, format, "党员名册", root_name, ctx_.today());
  audit_export("member.export", org_id, format, reveal, f.rows, meta);
  return f;
}

ExportFile ExportService::orgs(int64_t org_id, ExportFormat format, const ChangeMeta& meta,
                               const http::Scope& scope) {
  util::TableFileWriter out(format, "组织名册", kOrgHeader, ctx_.temp_directory());
  std::string root_name;
  ctx_.db.read([&](db::Tx& tx) {
    const org::OrgRecord root = subtree_root(tx, org_id, scope);
    root_name = root.name;
    // Path order puts every parent before its children, so the file imports in one pass.
    tx.query_each(
        "SELECT o.code, o.name, o.kind, p.code, o.host_unit, o.region_code, o.established_date, o.contact_name, "
        "o.contact_phone FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id "
        "WHERE o.path >= $1 AND o.path < $2 AND o.dissolved_date IS NULL ORDER BY o.path",
        {root.path, path_upper(root.path)}, [&](const db::Row& r) {
          add_row(out, {r.text(0), r.text(1), label(domain::org_kinds(), r.opt_text(2)), r.text_or(3, ""),
                        r.text_or(4, ""), r.text_or(5, ""), r.text_or(6, ""), r.text_or(7, ""), r.text_or(8, "")});
        });
  });
  ExportFile f = finish(out, format, "组织名册", root_name, ctx_.today());
  audit_export("org.export", org_id, format, false, f.rows, meta);
  return f;
}

}  // namespace lianxin::modules::io
