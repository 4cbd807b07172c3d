#include "domain/member_rules.hpp"

#include <span>
#include <string_view>
#include <utility>

#include "domain/enums.hpp"
#include "domain/id_number.hpp"
#include "domain/money.hpp"
#include "domain/text.hpp"

namespace lianxin::domain {

namespace {

std::string label_of(std::string_view field) {
  static constexpr std::pair<std::string_view, std::string_view> kLabels[] = {
      {"name", "姓名"},           {"id_number", "公民身份号码"},  {"gender", "性别"},
      {"birth_date", "出生日期"}, {"ethnicity", "民族"},          {"education", "学历"},
      {"category", "人员类别"},   {"status", "党员状态"},         {"application_date", "申请入党日期"},
      {"join_date", "加入党组织日期"}, {"full_date", "转为正式党员日期"}, {"employment", "工作岗位"},
      {"mobile", "手机号"},       {"landline", "固定电话"},       {"income_base", "收入基数"},
  };
  for (const auto& [f, label] : kLabels)
    if (f == field) return std::string(label);
  return std::string(field);
}

// Landlines: 0 + 2-3 digit area code, a 7-8 digit number, an optional 1-6 digit extension,
// separated by hyphens ("010-12345678", "0755-1234567-801").
bool valid_landline(std::string_view s) {
  std::string_view parts[3];
  size_t n = 0;
  for (size_t start = 0;; ++n) {
    if (n == 3) return false;
    const size_t dash = s.find('-', start);
    parts[n] = s.substr(start, dash == std::string_view::npos ? dash : dash - start);
    if (dash == std::string_view::npos) break;
    start = dash + 1;
  }
  auto digits_between = [](std::string_view p, size_t lo, size_t hi) {
    return p.size() >= lo && p.size() <= hi && all_digits(p);
  };
  return n >= 1 && parts[0].starts_with('0') && digits_between(parts[0], 3, 4) &&
         digits_between(parts[1], 7, 8) && (n == 1 || digits_between(parts[2], 1, 6));
}

bool has_control_chars(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7F) return true;
  return false;
}

}  // namespace

// Mobile numbers: 11 digits 1[3-9]xxxxxxxxx; spaces, hyphens and a +86 prefix are dropped.
std::optional<std::string> normalize_mobile(std::string_view s) {
  std::string digits;
  for (char c : s)
    if (c != ' ' && c != '-') digits += c;
  if (digits.starts_with("+86")) digits.erase(0, 3);
  if (digits.size() != 11 || !all_digits(digits) || digits[0] != '1' || digits[1] < '3')
    return std::nullopt;
  return digits;
}

const MemberRulePack& MemberRulePack::defaults() {
  static const MemberRulePack pack;
  return pack;
}

namespace {

class MemberValidator {
public:
  MemberValidator(const MemberDraft& draft, Date today, const MemberRulePack& pack)
      : d_(draft), today_(today), pack_(pack) {}

  MemberValidation run() {
    check_name();
    check_identity();
    r_.fields.ethnicity = optional_enum("ethnicity", d_.ethnicity, ethnicities());
    r_.fields.education = optional_enum("education", d_.education, educations());
    r_.fields.employment = optional_enum("employment", d_.employment, employment_categories());
    r_.fields.status = optional_enum("status", d_.status, member_statuses()).value_or("normal");
    check_category();
    check_dates();
    check_contacts();
    check_income();
    return std::move(r_);
  }

private:
  void error(const std::string& field, const std::string& code, std::string message) {
    r_.errors.push_back({field, code, std::move(message)});
  }

  // Trimmed text; empty counts as absent.
  static std::optional<std::string> text(const std::optional<std::string>& v) {
    if (!v) return std::nullopt;
    const std::string_view t = trim_spaces(*v);
    if (t.empty()) return std::nullopt;
    return std::string(t);
  }

  std::optional<std::string> required(const std::string& field, const std::optional<std::string>& v) {
    auto t = text(v);
    if (!t) error(field, field + ".required", label_of(field) + "为必填项");
    return t;
  }

  std::optional<std::string> optional_enum(const std::string& field, const std::optional<std::string>& v,
                                           std::span<const EnumValue> values) {
    const auto t = text(v);
    if (!t) return std::nullopt;
    if (auto e = find_enum(values, *t)) return std::string(e->code);
    error(field, field + ".invalid", label_of(field) + "的取值不在代码表中");
    return std::nullopt;
  }

  // A real date, not after today.
  std::optional<Date> date_field(const std::string& field, const std::optional<std::string>& t) {
    if (!t) return std::nullopt;
    const auto date = Date::parse(*t);
    if (!date) {
      error(field, field + ".invalid", label_of(field) + "不是有效日期（格式 YYYY-MM-DD）");
      return std::nullopt;
    }
    if (*date > today_) {
      error(field, field + ".future", label_of(field) + "不能晚于今天");
      return std::nullopt;
    }
    return date;
  }

  void check_name() {
    const auto name = required("name", d_.name);
    if (!name) return;
    if (code_points(*name) > static_cast<size_t>(pack_.name_max_chars) || has_control_chars(*name))
      error("name", "name.invalid", "姓名不能超过" + std::to_string(pack_.name_max_chars) + "个字，且不能含控制字符");
    r_.fields.name = *name;
  }

  // ID number, then gender and birth date, which default to and must agree with the ID.
  void check_identity() {
    std::optional<IdNumberInfo> id;
    if (const auto raw = required("id_number", d_.id_number)) {
      auto check = check_id_number(*raw, today_);
      if (check.ok()) id = check.info;
      else error("id_number", check.error_code, check.error_message);
    }
    if (id) r_.fields.id_number = id->normalized;

    const std::string id_gender = !id ? "" : id->gender == Gender::male ? "male" : "female";
    const auto gender = optional_enum("gender", d_.gender, genders());
    if (gender && id && *gender != id_gender)
      error("gender", "gender.mismatch", "性别与公民身份号码不一致（第17位奇数为男、偶数为女）");
    r_.fields.gender = gender.value_or(id_gender);

    birth_ = date_field("birth_date", text(d_.birth_date));
    if (birth_ && id && *birth_ != id->birth)
      error("birth_date", "birth_date.mismatch", "出生日期与公民身份号码中的出生日期不一致");
    if (!birth_ && id && !text(d_.birth_date)) birth_ = id->birth;
    if (birth_) r_.fields.birth_date = *birth_;
  }

  void check_category() {
    const auto category = required("category", d_.category);
    if (!category) return;
    if (auto e = find_enum(member_categories(), *category)) r_.fields.category = e->code;
    else error("category", "category.invalid", "人员类别应为正式党员或预备党员");
  }

  void check_dates() {
    const auto application = date_field("application_date", text(d_.application_date));
    const auto join = date_field("join_date", required("join_date", d_.join_date));
    const auto full_text = text(d_.full_date);
    const auto full = date_field("full_date", full_text);
    if (r_.fields.category == "full" && !full_text)
      error("full_date", "full_date.required", "正式党员须填写转为正式党员日期");
    if (r_.fields.category == "probationary" && full_text)
      error("full_date", "full_date.not_allowed", "预备党员不应填写转为正式党员日期");
    check_order_and_age(application, join, full);
    r_.fields.application_date = application;
    if (join) r_.fields.join_date = *join;
    r_.fields.full_date = full;
  }

  // birth < application <= join < full (members.md §1 items 9-10, §3); age limits (党章 §1).
  void check_order_and_age(std::optional<Date> application, std::optional<Date> join, std::optional<Date> full) {
    if (application && ((birth_ && *application <= *birth_) || (join && *application > *join))) {
      error("application_date", "application_date.order", "申请入党日期应晚于出生日期，且不晚于加入党组织日期");
    } else if (application && birth_ && completed_years(*birth_, *application) < pack_.min_age_at_application) {
      error("application_date", "application_date.age",
            "申请入党时应年满" + std::to_string(pack_.min_age_at_application) + "周岁");
    }
    if (join && birth_ && *join <= *birth_) {
      error("join_date", "join_date.order", "加入党组织日期应晚于出生日期");
    } else if (join && birth_ && completed_years(*birth_, *join) < pack_.min_age_at_joining) {
      error("join_date", "join_date.age", "加入党组织时应年满" + std::to_string(pack_.min_age_at_joining) + "周岁");
    }
    if (full && join && *full <= *join)
      error("full_date", "full_date.order", "转为正式党员日期应晚于加入党组织日期");
  }

  void check_contacts() {
    if (const auto mobile = text(d_.mobile)) {
      r_.fields.mobile = normalize_mobile(*mobile);
      if (!r_.fields.mobile) error("mobile", "mobile.invalid", "手机号应为1开头的11位数字");
    }
    if (const auto landline = text(d_.landline)) {
      if (valid_landline(*landline)) r_.fields.landline = landline;
      else error("landline", "landline.invalid", "固定电话格式应为“区号-号码”或“区号-号码-分机号”");
    }
    r_.fields.position = text(d_.position);
    r_.fields.address = text(d_.address);
  }

  void check_income() {
    const auto base = text(d_.income_base);
    if (!base) return;
    r_.fields.income_base_fen = parse_yuan(*base);
    if (!r_.fields.income_base_fen)
      error("income_base", "income_base.invalid", "收入基数应为不小于0的金额，最多两位小数");
  }

  const MemberDraft& d_;
  const Date today_;
  const MemberRulePack& pack_;
  std::optional<Date> birth_;
  MemberValidation r_;
};

}  // namespace

MemberValidation validate_member(const MemberDraft& draft, Date today, const MemberRulePack& pack) {
  return MemberValidator(draft, today, pack).run();
}

int party_age_years(const std::string& category, const std::optional<Date>& full_date, Date today) {
  if (category != "full" || !full_date) return 0;
  return completed_years(*full_date, today);
}

std::string age_band(Date birth, Date today) {
  const int age = completed_years(birth, today);
  if (age <= 30) return "18-30";
  if (age > 80) return "81+";
  const int lower = (age - 1) / 10 * 10 + 1;  // 31..40 -> 31, 71..80 -> 71
  return std::to_string(lower) + "-" + std::to_string(lower + 9);
}

}  // namespace lianxin::domain
