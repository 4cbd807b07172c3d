// Member record validation (members.md §1, §3, §5) and derived values such as 党龄.
// Input arrives as raw text from JSON or CSV; validation normalizes it and collects every field
// error (stable code, Chinese message) so the caller can show them all at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/date.hpp"
#include "domain/field_error.hpp"

namespace lianxin::domain {

// Raw values as entered; absent fields are nullopt, empty strings count as absent.
// Field names (also the FieldError::field values and the API's JSON keys):
struct MemberDraft {
  std::optional<std::string> name;              // 姓名, required, 1..50 characters
  std::optional<std::string> id_number;         // 公民身份号码, required, GB 11643
  std::optional<std::string> gender;            // 性别, code or label; derived from the ID when absent, must agree
  std::optional<std::string> birth_date;        // 出生日期; derived from the ID when absent, must agree
  std::optional<std::string> ethnicity;         // 民族, GB/T 3304 name or code
  std::optional<std::string> education;         // 学历
  std::optional<std::string> category;          // 人员类别, required: full / probationary
  std::optional<std::string> status;            // 党员状态, default normal
  std::optional<std::string> application_date;  // 申请入党日期
  std::optional<std::string> join_date;         // 加入党组织日期, required
  std::optional<std::string> full_date;         // 转为正式党员日期: required for full, absent for probationary
  std::optional<std::string> employment;        // 工作岗位 / employment category
  std::optional<std::string> position;          // 职务 (free text)
  std::optional<std::string> mobile;            // 手机号: 11 digits starting 1[3-9]
  std::optional<std::string> landline;          // 固定电话: 0area-number[-ext]
  std::optional<std::string> address;           // 家庭住址
  std::optional<std::string> income_base;       // monthly income base in yuan, "1234.5" (dues later)
};

// Normalized values (codes, parsed dates, integer fen).
struct MemberFields {
  std::string name;
  std::string id_number;  // 18 chars, upper-case X
  std::string gender;     // male / female
  Date birth_date;
  std::optional<std::string> ethnicity;  // GB/T 3304 code
  std::optional<std::string> education;
  std::string category;  // full / probationary
  std::string status;    // normal ... (enums.hpp)
  std::optional<Date> application_date;
  Date join_date;
  std::optional<Date> full_date;
  std::optional<std::string> employment;
  std::optional<std::string> position;
  std::optional<std::string> mobile;
  std::optional<std::string> landline;
  std::optional<std::string> address;
  std::optional<int64_t> income_base_fen;
};

struct MemberValidation {
  MemberFields fields;             // meaningful only when errors is empty
  std::vector<FieldError> errors;  // every problem found
  bool ok() const { return errors.empty(); }
};

struct MemberRulePack {
  std::string id = "member/2019教育管理条例";
  int min_age_at_application = 18;  // 党章 §1
  int min_age_at_joining = 18;
  int name_max_chars = 50;
  static const MemberRulePack& defaults();
};

// Rules checked (codes in parentheses): required fields (<field>.required), enumerations
// (<field>.invalid), ID number (id_number.*, see id_number.hpp), gender and birth date agree with
// the ID (gender.mismatch, birth_date.mismatch), dates real and not in the future
// (<field>.invalid / <field>.future), date order birth < application <= join < full (members.md
// §1 item 10, §3: the full-member date is strictly after the join date) (application_date.order,
// join_date.order, full_date.order), age >= 18 at application and at joining
// (application_date.age, join_date.age), full date present exactly for full members
// (full_date.required / full_date.not_allowed), phone formats (mobile.invalid, landline.invalid),
// income base a non-negative amount with at most 2 decimals (income_base.invalid).
MemberValidation validate_member(const MemberDraft& draft, Date today,
                                 const MemberRulePack& pack = MemberRulePack::defaults());

// 党龄 (R-N09, R-N10): completed years since the full-member date; 0 for probationary members.
int party_age_years(const std::string& category, const std::optional<Date>& full_date, Date today);

// Age band used by statistics: "18-30", "31-40", "41-50", "51-60", "61-70", "71-80", "81+"
// (completed years on `today`; younger than 18 falls into "18-30").
std::string age_band(Date birth, Date today);

// Mobile numbers: 11 digits 1[3-9]xxxxxxxxx; spaces, hyphens and a +86 prefix are dropped.
std::optional<std::string> normalize_mobile(std::string_view s);

}  // namespace lianxin::domain
