#include "modules/io/member_draft.hpp"


#include "domain/id_number.hpp"
#include "domain/money.hpp"
#include "modules/io/text_util.hpp"

namespace lianxin::modules::io {

namespace {

void set(std::optional<std::string>& slot, std::string_view v) {
  if (v.empty()) {
    slot.reset();
  } else if (slot) {
    slot->assign(v);  // keeps the capacity of the previous row's value
  } else {
    slot.emplace(v);
  }
}

std::optional<std::string> opt_date(const std::optional<domain::Date>& d) {
  return d ? std::optional<std::string>(d->iso()) : std::nullopt;
}

}  // namespace

void fill_member_draft(domain::MemberDraft& d, const HeaderMap& map, const std::vector<std::string_view>& r) {
  set(d.name, cell(map, r, kName));
  set(d.id_number, cell(map, r, kIdNumber));
  set(d.gender, cell(map, r, kGender));
  set(d.ethnicity, cell(map, r, kEthnicity));
  set(d.birth_date, cell(map, r, kBirthDate));
  set(d.education, cell(map, r, kEducation));
  set(d.category, cell(map, r, kCategory));
  set(d.status, cell(map, r, kStatus));
  set(d.application_date, cell(map, r, kApplicationDate));
  set(d.join_date, cell(map, r, kJoinDate));
  set(d.full_date, cell(map, r, kFullDate));
  set(d.employment, cell(map, r, kEmployment));
  set(d.position, cell(map, r, kPosition));
  set(d.mobile, cell(map, r, kMobile));
  set(d.landline, cell(map, r, kLandline));
  set(d.address, cell(map, r, kAddress));
  set(d.income_base, cell(map, r, kIncomeBase));
}

domain::MemberDraft draft_from_fields(const domain::MemberFields& f) {
  domain::MemberDraft d;
  d.name = f.name;
  d.id_number = f.id_number;
  d.gender = f.gender;
  d.birth_date = f.birth_date.iso();
  d.ethnicity = f.ethnicity;
  d.education = f.education;
  d.category = f.category;
  d.status = f.status;
  d.application_date = opt_date(f.application_date);
  d.join_date = f.join_date.iso();
  d.full_date = opt_date(f.full_date);
  d.employment = f.employment;
  d.position = f.position;
  d.mobile = f.mobile;
  d.landline = f.landline;
  d.address = f.address;
  if (f.income_base_fen) d.income_base = domain::format_yuan(*f.income_base_fen);
  return d;
}

std::string error_value(std::string_view field, std::string_view raw) {
  if (raw.empty()) return {};
  if (field == "id_number") return raw.size() > 8 ? domain::mask_id_number(raw) : std::string("****");
  if (field == "mobile" || field == "landline") {
    return raw.size() > 5 ? domain::mask_phone(raw) : std::string("****");
  }
  if (field == "address") return mask_tail(raw, 6);
  return std::string(raw);
}

}  // namespace lianxin::modules::io
