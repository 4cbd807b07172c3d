#include "modules/org/org_validate.hpp"

#include <regex>

#include "domain/enums.hpp"
#include "domain/org_hierarchy.hpp"
#include "modules/org/org_repo.hpp"
#include "util/csv.hpp"

namespace lianxin::modules::org {

namespace {

using domain::FieldError;

std::optional<std::string> clean(const std::optional<std::string>& v) {
  if (!v) return std::nullopt;
  auto b = v->find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return std::nullopt;
  auto e = v->find_last_not_of(" \t\r\n");
  return v->substr(b, e - b + 1);
}

void check_text_fields(const OrgDraft& d, OrgRecord& o, bool creating, std::vector<FieldError>& errs) {
  static const std::regex code_re("[A-Za-z0-9_.-]{1,32}");
  if (auto c = clean(d.code)) {
    if (!std::regex_match(*c, code_re))
      errs.push_back({"code", "code.invalid", "组织编码只能包含字母、数字、下划线、点和连字符，长度1至32位"});
    o.code = *c;
  } else if (creating) {
    errs.push_back({"code", "code.required", "组织编码为必填项"});
  }
  if (auto n = clean(d.name)) {
    if (util::utf8_length(*n) > 100) errs.push_back({"name", "name.too_long", "组织名称不能超过100个字"});
    o.name = *n;
  } else if (creating || d.name) {
    errs.push_back({"name", "name.required", "组织名称为必填项"});
  }
  if (auto k = clean(d.kind)) {
    if (auto e = domain::find_enum(domain::org_kinds(), *k)) o.kind = std::string(e->code);
    else errs.push_back({"kind", "kind.invalid", "组织类型无效"});
  } else if (creating) {
    errs.push_back({"kind", "kind.required", "组织类型为必填项"});
  }
}

void check_optional_fields(const OrgDraft& d, OrgRecord& o, domain::Date today, std::vector<FieldError>& errs) {
  static const std::regex region_re("[0-9]{6,12}");
  static const std::regex phone_re("(1[3-9][0-9]{9})|(0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?)");
  if (d.host_unit) o.host_unit = clean(d.host_unit);
  if (d.contact_name) o.contact_name = clean(d.contact_name);
  if (d.region_code) {
    o.region_code = clean(d.region_code);
    if (o.region_code && !std::regex_match(*o.region_code, region_re))
      errs.push_back({"region_code", "region_code.invalid", "行政区划代码应为6至12位数字"});
  }
  if (d.category) {
    o.category = clean(d.category);
    if (o.category) {
      if (auto e = domain::find_enum(domain::org_categories(), *o.category)) o.category = std::string(e->code);
      else errs.push_back({"category", "category.invalid", "组织类别代码应为1至9"});
    }
  }
  if (d.contact_phone) {
    o.contact_phone = clean(d.contact_phone);
    if (o.contact_phone && !std::regex_match(*o.contact_phone, phone_re))
      errs.push_back({"contact_phone", "contact_phone.invalid", "联系电话格式不正确（手机号或带区号的固定电话）"});
  }
  if (d.established_date) {
    auto raw = clean(d.established_date);
    auto dt = raw ? domain::Date::parse(*raw) : std::nullopt;
    if (raw && !dt) errs.push_back({"established_date", "established_date.invalid", "成立日期格式应为YYYY-MM-DD"});
    else if (dt && *dt > today) errs.push_back({"established_date", "established_date.future", "成立日期不能晚于今天"});
    o.established_date = dt ? std::optional<std::string>(dt->iso()) : std::nullopt;
  }
  if (d.village_or_community) o.village_or_community = *d.village_or_community;
}

// Resolves the parent (by id or code) and checks the placement rule; sets path/depth for creates.
void check_parent(db::Tx& tx, const OrgDraft& d, ValidatedOrg& v, bool creating, std::vector<FieldError>& errs) {
  if (creating) {
    if (d.parent_id) v.parent = repo::by_id(tx, *d.parent_id);
    else if (auto pc = clean(d.parent_code)) v.parent = repo::by_code(tx, *pc);
    bool asked = d.parent_id || clean(d.parent_code);
    const char* field = d.parent_id ? "parent_id" : "parent_code";
    if (asked && !v.parent) errs.push_back({field, "parent.not_found", "上级组织不存在"});
    else if (v.parent && v.parent->dissolved()) errs.push_back({field, "parent.dissolved", "上级组织已撤销"});
    v.record.parent_id = v.parent ? std::optional<int64_t>(v.parent->id) : std::nullopt;
    v.record.path = v.parent ? v.parent->path : "/";
    v.record.depth = v.parent ? v.parent->depth + 1 : 0;
  } else if (v.record.parent_id) {
    v.parent = repo::by_id(tx, *v.record.parent_id);
  }
  if (v.record.kind.empty()) return;
  if (auto why = domain::check_org_placement(v.parent ? v.parent->kind : "", v.record.kind))
    errs.push_back({"kind", "kind.placement", *why});
}

}  // namespace

ValidatedOrg validate_org(db::Tx& tx, const OrgDraft& d, const std::optional<OrgRecord>& existing, domain::Date today) {
  ValidatedOrg v;
  bool creating = !existing;
  if (existing) v.record = *existing;
  check_text_fields(d, v.record, creating, v.errors);
  check_optional_fields(d, v.record, today, v.errors);
  check_parent(tx, d, v, creating, v.errors);
  bool committee = v.record.kind == "committee" || v.record.kind == "working_committee" ||
                   v.record.kind == "basic_committee";
  if (d.can_approve_probationary) v.record.can_approve_probationary = *d.can_approve_probationary;
  else if (creating) v.record.can_approve_probationary = committee && !v.record.village_or_community;
  if (v.record.can_approve_probationary && !committee && !v.record.kind.empty())
    v.errors.push_back({"can_approve_probationary", "can_approve_probationary.kind",
                        "只有党委可以审批预备党员（党总支、党支部不能审批）"});
  // R-T10: the pre-2019 direct nodes are committees (组织部 of a 党委 or 工委); never set by default.
  if (d.can_transfer_directly) v.record.can_transfer_directly = *d.can_transfer_directly;
  if (v.record.can_transfer_directly && !committee && !v.record.kind.empty())
    v.errors.push_back({"can_transfer_directly", "can_transfer_directly.kind",
                        "只有党委（工委）可以设为可直接转接组织关系的党组织"});
  if (!v.record.code.empty() && (creating || v.record.code != existing->code)) {
    if (repo::by_code(tx, v.record.code))
      v.errors.push_back({"code", "code.duplicate", "组织编码已被使用"});
  }
  return v;
}

}  // namespace lianxin::modules::org
