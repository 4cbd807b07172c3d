// 党费 rules that need no storage (dues.md, pack dues/2008规定 + 党章 §9): the monthly amount from a
// member's category and base (R-F13 brackets, inclusive at the upper end, rate on the whole base;
// R-F14 bases; R-F15 flat rates; R-F16 rounding), the month a base applies from (R-F04 / R-F08), the
// first month a probationary member owes (R-F02), back-payment and prepayment windows (R-F05), who
// may pay (R-F07), large voluntary dues (R-F09), the upward remittance (R-F10) and the
// six-consecutive-months-unpaid flag (R-F11; a flag for the branch, never an automatic removal).
//
// The numbers are data in DuesPack; [UNCONFIRMED] and [LOCAL] values are parameters with the
// documented defaults (`dues.*` keys, set()). Money is integer fen; rates are basis points (1/10000).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.hpp"
#include "domain/field_error.hpp"
#include "domain/rule_pack.hpp"

namespace lianxin::domain {

enum class DuesCategory {
  kSalaried,       // 按月领取工资: after-tax monthly salary
  kAnnualSalary,   // 年薪制: the pay actually received that month
  kSelfEmployed,   // not paid monthly: average monthly net income of the previous quarter
  kRetired,        // 离退休: pension (total, or basic: dues.retired_base)
  kPostgraduate,   // with a stipend: student flat rate or stipend × salaried brackets (dues.postgrad_base)
  kFarmer,         // 农民党员: flat, locally chosen 0.20–1.00
  kStudent,        // flat 0.20
  kUnemployed,     // 下岗失业: flat 0.20
  kRelief,         // 抚恤 / 救济 / 低保: flat 0.20
};
const char* dues_category_code(DuesCategory c);   // "salaried", "annual_salary", ...
const char* dues_category_label(DuesCategory c);  // Chinese
std::optional<DuesCategory> parse_dues_category(std::string_view code);

enum class Rounding { kHalfUp, kHalfEven, kDown };

// One bracket: bases up to and including upper_fen (none: no upper end) pay rate_bp of the whole base.
struct RateBracket {
  std::optional<int64_t> upper_fen;
  int rate_bp = 0;
};

struct DuesPack {
  std::string id = "dues/2008规定";
  std::string title = "关于中国共产党党费收缴、使用和管理的规定";
  std::string doc_no = "中组发〔2008〕3号";
  std::string effective_from = "2008-04-01";
  std::vector<RateBracket> salaried{{300000, 50}, {500000, 100}, {1000000, 150}, {std::nullopt, 200}};  // R-F13
  std::vector<RateBracket> retired{{500000, 50}, {std::nullopt, 100}};                                 // R-F13
  int64_t flat_farmer_fen = 20;      // dues.flat.farmer, 0.20–1.00 (R-F15)
  int64_t flat_low_income_fen = 20;  // dues.flat.low_income (R-F15)
  Rounding rounding = Rounding::kHalfUp;    // dues.rounding [UNCONFIRMED] (R-F16)
  bool retired_base_basic = false;          // dues.retired_base: TOTAL (default) | BASIC [UNCONFIRMED]
  bool postgrad_stipend = false;            // dues.postgrad_base: FLAT_STUDENT (default) | STIPEND [UNCONFIRMED]
  bool base_deduct_social_insurance = false;  // dues.base_deduct_social_insurance [UNCONFIRMED]
  bool probationary_next_month = false;     // dues.probationary_first_month: MEETING_MONTH (default) | NEXT_MONTH
  bool rebase_yearly = false;               // dues.rebase_mode: ON_SALARY_CHANGE (default, R-F04) | YEARLY (R-F08)
  int backpay_max_months = 6;               // dues.backpay_max_months (R-F05)
  int prepay_max_months = 6;                // dues.prepay_max_months (R-F05)
  int64_t large_voluntary_threshold_fen = 100000;  // dues.large_voluntary_threshold (R-F09)
  bool large_voluntary_inclusive = true;           // dues.large_voluntary_inclusive: 以上 includes 1000.00
  int remit_share_bp = 500;                 // R-F10: 5% of the year's dues to the Centre
  int remit_due_month = 4;                  // R-F10: by the end of April of the next year
  int unpaid_flag_months = 6;               // R-F11 / 党章 §9

  static const DuesPack& defaults();
  // "dues.flat.farmer=0.50"-style overrides; a Chinese error for an unknown key or a bad value
  // (e.g. a farmer rate outside 0.20–1.00). Keys as in the field comments above.
  std::optional<std::string> set(const std::string& key, const std::string& value);
};

// Rounds numerator / denominator (both ≥ 0) to whole fen.
int64_t round_div(int64_t numerator, int64_t denominator, Rounding r);

// What a member's monthly amount is computed from. Only the fields the category uses matter.
struct DuesBase {
  DuesCategory category = DuesCategory::kSalaried;
  int64_t base_fen = 0;                      // salaried / annual: that month's after-tax pay; retired: pension
                                             // total; postgraduate: stipend
  std::optional<int64_t> pension_basic_fen;  // retired, when dues.retired_base = BASIC
  std::vector<int64_t> previous_quarter_fen; // self-employed: the 3 monthly net incomes of the previous quarter
  int64_t social_insurance_fen = 0;          // deducted only when dues.base_deduct_social_insurance
};

struct DuesAmount {
  int64_t due_fen = 0;
  int64_t base_fen = 0;   // the base the rate applied to (0 for flat rates)
  int rate_bp = 0;        // 0 for flat rates
  std::string rule_id;    // "R-F13" (rate) | "R-F15" (flat)
  std::string basis;      // Chinese: how the amount was found
  std::vector<std::string> warnings;  // e.g. a zero salary: check the category
};

struct DuesResult {
  std::optional<DuesAmount> amount;
  std::vector<FieldError> errors;  // field "base" | "pension_basic" | "previous_quarter"
};
DuesResult monthly_dues(const DuesBase& in, const DuesPack& pack = DuesPack::defaults());

// R-F02: the first month a member admitted at the branch meeting on `admitted` owes dues.
YearMonth first_due_month(Date admitted, const DuesPack& pack = DuesPack::defaults());

// R-F04 / R-F08: the base in force for `month` given when each base was first received.
struct BaseChange {
  YearMonth first_received;
  int64_t base_fen = 0;
};
// ON_SALARY_CHANGE: the latest change received in or before the month; YEARLY: the one in force in
// January of that year (a change during the year applies from next January). nullopt: no base yet.
std::optional<int64_t> base_for_month(YearMonth month, const std::vector<BaseChange>& changes,
                                      const DuesPack& pack = DuesPack::defaults());

struct DuesFinding {
  std::string rule_id;
  Severity severity = Severity::kWarn;
  std::string message;  // Chinese
};

// R-F05: paying in month `now` back from `earliest` (months before now) or ahead through `latest`.
// More than the allowed months is a WARN: the branch decides and its decision is recorded.
std::optional<DuesFinding> check_back_payment(YearMonth now, YearMonth earliest, const DuesPack& pack = DuesPack::defaults());
std::optional<DuesFinding> check_prepayment(YearMonth now, YearMonth latest, const DuesPack& pack = DuesPack::defaults());
// R-F05: a month's dues are overdue after the month ends, or after its quarter ends for a member
// the branch allowed to pay quarterly.
bool dues_overdue(YearMonth month, bool quarterly, Date today);

// R-F07: who pays. Organizations never pay on a member's behalf nor deduct from pay.
enum class Payer { kSelf, kRelative, kMemberProxy, kOrgAccount, kPayrollDeduction };
const char* payer_code(Payer p);
std::optional<Payer> parse_payer(std::string_view code);
std::optional<DuesFinding> check_payer(Payer p);  // BLOCK for org account / payroll deduction

// R-F09: a one-off voluntary extra of 1000 yuan or more (by default) is 大额党费, remitted whole.
bool large_voluntary(int64_t extra_fen, const DuesPack& pack = DuesPack::defaults());

// R-F10: the share of a year's dues remitted upward and the day it is due.
struct Remittance {
  int64_t amount_fen = 0;
  Date due;
};
Remittance remittance(int year, int64_t year_total_fen, const DuesPack& pack = DuesPack::defaults());

// R-F11: consecutive closed months (before today's month) left unpaid, counted back from the last
// closed month. A month with nothing due (an approved exemption) is not unpaid and ends the run; a
// month missing from `months` (no period opened) also ends it.
struct MonthDues {
  YearMonth month;
  int64_t due_fen = 0;
  int64_t paid_fen = 0;
};
struct UnpaidRun {
  int months = 0;                 // length of the run ending at the last closed month
  std::optional<YearMonth> since; // its first month
  bool flagged = false;           // months >= dues.unpaid_flag_months: for the branch to decide
};
UnpaidRun unpaid_run(const std::vector<MonthDues>& months, Date today, const DuesPack& pack = DuesPack::defaults());

}  // namespace lianxin::domain
