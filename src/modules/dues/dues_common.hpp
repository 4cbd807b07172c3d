// What the dues files share: how one member's monthly amount is fixed from the bases in force
// (with the fallback when none was declared), how an approved reduction applies, an item's state,
// and small parsers. Internal to src/modules/dues.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "db/database.hpp"
#include "domain/date.hpp"
#include "domain/dues_rules.hpp"
#include "domain/field_error.hpp"
#include "http/api.hpp"

namespace lianxin::modules::dues {

// Member statuses that owe dues: on the rolls and not suspended (停止党籍), gone (已转出, 出党) or
// dead. 失联 members still owe (their unpaid months feed R-F11); 流动 members pay at home (R-F03).
inline constexpr const char* kOwingStatuses = "('normal', 'mobile', 'lost_contact')";
bool status_owes(const std::string& status);

// One dues_bases row.
struct BaseRow {
  int64_t id = 0;
  std::string category;
  int64_t base_fen = 0;
  std::optional<int64_t> pension_basic_fen;
  std::optional<std::string> quarter_json;
  int64_t social_insurance_fen = 0;
  domain::YearMonth first_received;
};
inline constexpr const char* kBaseColumns =
    "b.id, b.category, b.base_fen, b.pension_basic_fen, b.quarter_json, b.social_insurance_fen, b.first_received";
BaseRow base_row(const db::Row& r, size_t first = 0);

// The member fields the amount depends on when nothing was declared.
struct MemberBasics {
  int64_t id = 0, org_id = 0;
  std::string category;  // full | probationary
  std::string join_date, status;
  std::optional<std::string> employment;
  std::optional<int64_t> income_base_fen;
};

// A month's standard amount for one member (dues_items columns).
struct Standard {
  std::string category;
  int64_t base_fen = 0;
  int rate_bp = 0;
  int64_t standard_fen = 0;
  std::string rule_id, basis;
  bool no_base = false;
};

// The row in force for `month`: the same choice as domain::base_for_month (ON_SALARY_CHANGE: the
// latest received in or before the month; YEARLY: the one in force in January, or the first ever
// received during its first year). `bases` sorted by (first_received, id).
const BaseRow* base_in_force(domain::YearMonth month, const std::vector<BaseRow>& bases, const domain::DuesPack& pack);

// Declared base in force, else the fallback: the category implied by members.employment (farmer,
// student, unemployed: flat rates that need no base; retired: pension) with members.income_base_fen
// as the base. A rated category without any base: no_base (due 0 until the branch declares one).
Standard standard_for(const MemberBasics& m, domain::YearMonth month, const std::vector<BaseRow>& bases,
                      const domain::DuesPack& pack);

// Whether the member owes for `month` at all: from first_due_month(join_date) (R-F02).
bool owes_in(const MemberBasics& m, domain::YearMonth month, const domain::DuesPack& pack);

// An approved reduction covering a month.
struct Reduction {
  int64_t id = 0;
  std::string kind;  // reduce | exempt
  int64_t monthly_fen = 0;
  std::string from_month, to_month;
};
int64_t reduced_due(int64_t standard_fen, const Reduction& r);

// unpaid | partial | paid | exempt | no_base
std::string item_state(bool no_base, int64_t due_fen, int64_t paid_fen);
const char* item_state_label(const std::string& state);

// "YYYY-MM" or a field error.
std::optional<domain::YearMonth> month_field(const std::optional<std::string>& raw, const char* field,
                                             const char* label, bool required, std::vector<domain::FieldError>& errs);

boost::json::object finding_json(const domain::DuesFinding& f);
boost::json::array json_array_of(const std::string& text);

// Member row → MemberBasics (columns id, org_id, category, join_date, status, employment, income_base_fen).
inline constexpr const char* kBasicsColumns =
    "m.id, m.org_id, m.category, m.join_date, m.status, m.employment, m.income_base_fen";
MemberBasics basics_row(const db::Row& r, size_t first = 0);

// Recomputes a period's totals (members, due_fen) after its items changed.
void refresh_period_totals(db::Tx& tx, int64_t period_id);

}  // namespace lianxin::modules::dues
