#include "domain/dues_rules.hpp"

#include <algorithm>

#include "domain/money.hpp"
#include "domain/text.hpp"

namespace lianxin::domain {

namespace {

struct CategoryName {
  DuesCategory category;
  const char* code;
  const char* label;
};
constexpr CategoryName kCategories[] = {
    {DuesCategory::kSalaried, "salaried", "按月领取工资"},
    {DuesCategory::kAnnualSalary, "annual_salary", "年薪制"},
    {DuesCategory::kSelfEmployed, "self_employed", "非按月取酬（个体等）"},
    {DuesCategory::kRetired, "retired", "离退休"},
    {DuesCategory::kPostgraduate, "postgraduate", "有固定收入的研究生"},
    {DuesCategory::kFarmer, "farmer", "农民"},
    {DuesCategory::kStudent, "student", "学生"},
    {DuesCategory::kUnemployed, "unemployed", "下岗失业"},
    {DuesCategory::kRelief, "relief", "依靠抚恤或救济生活、领取最低生活保障"},
};

struct PayerName {
  Payer payer;
  const char* code;
};
constexpr PayerName kPayers[] = {
    {Payer::kSelf, "self"},
    {Payer::kRelative, "relative"},
    {Payer::kMemberProxy, "member_proxy"},
    {Payer::kOrgAccount, "org_account"},
    {Payer::kPayrollDeduction, "payroll_deduction"},
};

std::string percent(int bp) {  // 50 -> "0.5%", 150 -> "1.5%", 200 -> "2%"
  std::string s = std::to_string(bp / 100);
  if (bp % 100) {
    std::string frac = std::to_string(bp % 100);
    if (frac.size() < 2) frac = "0" + frac;
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    s += "." + frac;
  }
  return s + "%";
}

// The bracket of `base`, and its wording ("3000元以下（含）", "超过3000元至5000元（含）", "超过10000元").
std::pair<const RateBracket*, std::string> bracket_of(const std::vector<RateBracket>& brackets, int64_t base) {
  int64_t lower = -1;
  for (const auto& b : brackets) {
    if (!b.upper_fen || base <= *b.upper_fen) {
      std::string text;
      if (lower < 0) text = format_yuan(*b.upper_fen) + "元以下（含）";
      else if (!b.upper_fen) text = "超过" + format_yuan(lower) + "元";
      else text = "超过" + format_yuan(lower) + "元至" + format_yuan(*b.upper_fen) + "元（含）";
      return {&b, text};
    }
    lower = *b.upper_fen;
  }
  return {nullptr, {}};
}

DuesAmount rated(const std::vector<RateBracket>& brackets, int64_t base, const std::string& base_name,
                 const DuesPack& pack) {
  auto [b, text] = bracket_of(brackets, base);
  DuesAmount a;
  a.base_fen = base;
  a.rate_bp = b->rate_bp;
  a.due_fen = round_div(base * b->rate_bp, 10000, pack.rounding);
  a.rule_id = "R-F13";
  a.basis = base_name + format_yuan(base) + "元，属" + text + "档，按" + percent(b->rate_bp) + "交纳（全额计算，不累进）";
  return a;
}

DuesAmount flat(int64_t fen, const std::string& who) {
  DuesAmount a;
  a.due_fen = fen;
  a.rule_id = "R-F15";
  a.basis = who + "每月交纳" + format_yuan(fen) + "元";
  return a;
}

std::optional<bool> parse_choice(std::string_view v, const char* yes, const char* no) {
  v = trim_spaces(v);
  if (v == yes) return true;
  if (v == no) return false;
  return std::nullopt;
}

std::optional<int> parse_months(std::string_view v) {
  v = trim_spaces(v);
  if (v.empty() || v.size() > 3 || !all_digits(v)) return std::nullopt;
  int n = 0;
  for (char c : v) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

const char* dues_category_code(DuesCategory c) {
  for (const auto& n : kCategories)
    if (n.category == c) return n.code;
  return "";
}

const char* dues_category_label(DuesCategory c) {
  for (const auto& n : kCategories)
    if (n.category == c) return n.label;
  return "";
}

std::optional<DuesCategory> parse_dues_category(std::string_view code) {
  for (const auto& n : kCategories)
    if (code == n.code) return n.category;
  return std::nullopt;
}

const DuesPack& DuesPack::defaults() {
  static const DuesPack p;
  return p;
}

std::optional<std::string> DuesPack::set(const std::string& key, const std::string& value) {
  const std::string_view v = trim_spaces(value);
  if (key == "dues.flat.farmer" || key == "dues.flat.low_income") {
    const auto fen = parse_yuan(v);
    const bool farmer = key == "dues.flat.farmer";
    // R-F15: the farmer rate is chosen locally within 0.20–1.00 yuan.
    if (!fen || (farmer && (*fen < 20 || *fen > 100)) || (!farmer && (*fen < 1 || *fen > 100)))
      return farmer ? "参数 dues.flat.farmer 应在0.20–1.00元之间（R-F15）" : "参数 dues.flat.low_income 应在0.01–1.00元之间";
    (farmer ? flat_farmer_fen : flat_low_income_fen) = *fen;
    return std::nullopt;
  }
  if (key == "dues.rounding") {
    if (v == "HALF_UP") rounding = Rounding::kHalfUp;
    else if (v == "HALF_EVEN") rounding = Rounding::kHalfEven;
    else if (v == "DOWN") rounding = Rounding::kDown;
    else return "参数 dues.rounding 应为 HALF_UP、HALF_EVEN 或 DOWN";
    return std::nullopt;
  }
  struct Choice {
    const char* key;
    bool DuesPack::*field;
    const char* yes;  // the value that sets the field to true
    const char* no;
  };
  static constexpr Choice kChoices[] = {
      {"dues.retired_base", &DuesPack::retired_base_basic, "BASIC", "TOTAL"},
      {"dues.postgrad_base", &DuesPack::postgrad_stipend, "STIPEND", "FLAT_STUDENT"},
      {"dues.probationary_first_month", &DuesPack::probationary_next_month, "NEXT_MONTH", "MEETING_MONTH"},
      {"dues.rebase_mode", &DuesPack::rebase_yearly, "YEARLY", "ON_SALARY_CHANGE"},
      {"dues.base_deduct_social_insurance", &DuesPack::base_deduct_social_insurance, "true", "false"},
      {"dues.large_voluntary_inclusive", &DuesPack::large_voluntary_inclusive, "true", "false"},
  };
  for (const auto& c : kChoices) {
    if (key != c.key) continue;
    const auto b = parse_choice(v, c.yes, c.no);
    if (!b) return "参数 " + key + " 应为 " + c.no + " 或 " + c.yes;
    this->*c.field = *b;
    return std::nullopt;
  }
  if (key == "dues.backpay_max_months" || key == "dues.prepay_max_months") {
    const auto n = parse_months(v);
    if (!n || *n < 1 || *n > 24) return "参数 " + key + " 应为1–24的整数";
    (key == "dues.backpay_max_months" ? backpay_max_months : prepay_max_months) = *n;
    return std::nullopt;
  }
  if (key == "dues.large_voluntary_threshold") {
    const auto fen = parse_yuan(v);
    if (!fen || *fen < 1) return "参数 dues.large_voluntary_threshold 应为大于0的金额";
    large_voluntary_threshold_fen = *fen;
    return std::nullopt;
  }
  return "参数“" + key + "”不存在";
}

int64_t round_div(int64_t numerator, int64_t denominator, Rounding r) {
  const int64_t q = numerator / denominator, rem = numerator % denominator;
  if (rem == 0 || r == Rounding::kDown) return q;
  const int64_t twice = rem * 2;
  if (twice > denominator) return q + 1;
  if (twice < denominator) return q;
  return r == Rounding::kHalfUp ? q + 1 : q + (q % 2);  // exactly half: up, or to the even neighbour
}

DuesResult monthly_dues(const DuesBase& in, const DuesPack& pack) {
  DuesResult out;
  auto negative = [&](int64_t v, const char* field) {
    if (v >= 0) return false;
    out.errors.push_back({field, "dues.base_negative", "交纳党费的基数不能为负数"});
    return true;
  };
  switch (in.category) {
    case DuesCategory::kFarmer:
      out.amount = flat(pack.flat_farmer_fen, "农民党员");
      return out;
    case DuesCategory::kStudent:
    case DuesCategory::kUnemployed:
    case DuesCategory::kRelief:
      out.amount = flat(pack.flat_low_income_fen, std::string(dues_category_label(in.category)) + "党员");
      return out;
    case DuesCategory::kPostgraduate:
      if (!pack.postgrad_stipend) {
        out.amount = flat(pack.flat_low_income_fen, "研究生党员（按学生标准，dues.postgrad_base = FLAT_STUDENT）");
        return out;
      }
      if (negative(in.base_fen, "base")) return out;
      out.amount = rated(pack.salaried, in.base_fen, "助学金", pack);
      return out;
    case DuesCategory::kRetired: {
      int64_t base = in.base_fen;
      std::string name = "离退休费总额";
      if (pack.retired_base_basic) {
        if (!in.pension_basic_fen) {
          out.errors.push_back({"pension_basic", "dues.pension_basic_required",
                                "按基本离退休费计算（dues.retired_base = BASIC）时须填写基本离退休费"});
          return out;
        }
        base = *in.pension_basic_fen;
        name = "基本离退休费";
      }
      if (negative(base, pack.retired_base_basic ? "pension_basic" : "base")) return out;
      out.amount = rated(pack.retired, base, name, pack);
      return out;
    }
    case DuesCategory::kSelfEmployed: {
      if (in.previous_quarter_fen.size() != 3) {
        out.errors.push_back({"previous_quarter", "dues.quarter_required", "须填写上一季度三个月的月纯收入"});
        return out;
      }
      int64_t sum = 0;
      for (int64_t v : in.previous_quarter_fen) {
        if (negative(v, "previous_quarter")) return out;
        sum += v;
      }
      // The average is rounded to the fen like every amount; the rate then applies to it.
      out.amount = rated(pack.salaried, round_div(sum, 3, pack.rounding), "上一季度月平均纯收入", pack);
      return out;
    }
    case DuesCategory::kSalaried:
    case DuesCategory::kAnnualSalary: {
      int64_t base = in.base_fen;
      if (pack.base_deduct_social_insurance) base -= std::max<int64_t>(in.social_insurance_fen, 0);
      if (negative(in.base_fen, "base")) return out;
      base = std::max<int64_t>(base, 0);
      out.amount = rated(pack.salaried, base,
                         in.category == DuesCategory::kAnnualSalary ? "当月实际领取的年薪" : "税后工资", pack);
      if (base == 0)
        out.amount->warnings.push_back("工资收入为0：请核对人员类别（下岗失业等按每月0.20元交纳）");
      return out;
    }
  }
  return out;
}

YearMonth first_due_month(Date admitted, const DuesPack& pack) {
  const YearMonth m = YearMonth::of(admitted);
  return pack.probationary_next_month ? add_months(m, 1) : m;
}

std::optional<int64_t> base_for_month(YearMonth month, const std::vector<BaseChange>& changes, const DuesPack& pack) {
  const YearMonth cutoff = pack.rebase_yearly ? YearMonth{month.year, 1} : month;
  const BaseChange* best = nullptr;
  for (const auto& c : changes)
    if (c.first_received <= cutoff && (!best || best->first_received <= c.first_received)) best = &c;
  if (best) return best->base_fen;
  // YEARLY, first base received during its first year: it applies from the month received.
  if (pack.rebase_yearly)
    for (const auto& c : changes)
      if (c.first_received <= month && (!best || c.first_received < best->first_received)) best = &c;
  return best ? std::optional(best->base_fen) : std::nullopt;
}

std::optional<DuesFinding> check_back_payment(YearMonth now, YearMonth earliest, const DuesPack& pack) {
  const int back = months_between(earliest, now);
  if (back <= pack.backpay_max_months) return std::nullopt;
  return DuesFinding{"R-F05", Severity::kWarn,
                     "补交" + earliest.iso() + "起共" + std::to_string(back) + "个月的党费，超过一般补交期限" +
                         std::to_string(pack.backpay_max_months) + "个月，须记录党支部的决定"};
}

std::optional<DuesFinding> check_prepayment(YearMonth now, YearMonth latest, const DuesPack& pack) {
  const int ahead = months_between(now, latest);
  if (ahead <= pack.prepay_max_months) return std::nullopt;
  return DuesFinding{"R-F05", Severity::kWarn,
                     "预交至" + latest.iso() + "，超过预交期限" + std::to_string(pack.prepay_max_months) +
                         "个月，须记录党支部的决定"};
}

bool dues_overdue(YearMonth month, bool quarterly, Date today) {
  YearMonth last = month;
  if (quarterly) last.month = ((month.month - 1) / 3) * 3 + 3;
  return today > last.last_day();
}

const char* payer_code(Payer p) {
  for (const auto& n : kPayers)
    if (n.payer == p) return n.code;
  return "";
}

std::optional<Payer> parse_payer(std::string_view code) {
  for (const auto& n : kPayers)
    if (code == n.code) return n.payer;
  return std::nullopt;
}

std::optional<DuesFinding> check_payer(Payer p) {
  if (p == Payer::kOrgAccount)
    return DuesFinding{"R-F07", Severity::kBlock, "党组织不得为党员垫交党费（《党费规定》第14条）"};
  if (p == Payer::kPayrollDeduction)
    return DuesFinding{"R-F07", Severity::kBlock, "不得从工资中扣缴党费（《党费规定》第14条）"};
  return std::nullopt;
}

bool large_voluntary(int64_t extra_fen, const DuesPack& pack) {
  return pack.large_voluntary_inclusive ? extra_fen >= pack.large_voluntary_threshold_fen
                                        : extra_fen > pack.large_voluntary_threshold_fen;
}

Remittance remittance(int year, int64_t year_total_fen, const DuesPack& pack) {
  return {round_div(year_total_fen * pack.remit_share_bp, 10000, pack.rounding),
          YearMonth{year + 1, pack.remit_due_month}.last_day()};
}

UnpaidRun unpaid_run(const std::vector<MonthDues>& months, Date today, const DuesPack& pack) {
  std::vector<const MonthDues*> sorted;
  for (const auto& m : months) sorted.push_back(&m);
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->month < b->month; });
  const YearMonth current = YearMonth::of(today);
  UnpaidRun run;
  YearMonth expect = add_months(current, -1);  // the last closed month
  for (auto it = sorted.rbegin(); it != sorted.rend(); ++it) {
    const MonthDues& m = **it;
    if (m.month >= current) continue;
    if (m.month != expect || m.due_fen <= 0 || m.paid_fen >= m.due_fen) break;
    ++run.months;
    run.since = m.month;
    expect = add_months(expect, -1);
  }
  run.flagged = run.months >= pack.unpaid_flag_months;
  return run;
}

}  // namespace lianxin::domain
