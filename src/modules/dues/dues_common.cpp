#include "modules/dues/dues_common.hpp"

#include <algorithm>

namespace lianxin::modules::dues {

namespace json = boost::json;
using domain::DuesCategory;
using domain::YearMonth;

bool status_owes(const std::string& s) { return s == "normal" || s == "mobile" || s == "lost_contact"; }

BaseRow base_row(const db::Row& r, size_t i) {
  BaseRow b;
  b.id = r.i64(i);
  b.category = r.text(i + 1);
  b.base_fen = r.i64(i + 2);
  b.pension_basic_fen = r.opt_i64(i + 3);
  b.quarter_json = r.opt_text(i + 4);
  b.social_insurance_fen = r.i64(i + 5);
  b.first_received = YearMonth::parse(r.text(i + 6)).value_or(YearMonth{1900, 1});
  return b;
}

MemberBasics basics_row(const db::Row& r, size_t i) {
  MemberBasics m;
  m.id = r.i64(i);
  m.org_id = r.i64(i + 1);
  m.category = r.text(i + 2);
  m.join_date = r.text(i + 3);
  m.status = r.text(i + 4);
  m.employment = r.opt_text(i + 5);
  m.income_base_fen = r.opt_i64(i + 6);
  return m;
}

const BaseRow* base_in_force(YearMonth month, const std::vector<BaseRow>& bases, const domain::DuesPack& pack) {
  const YearMonth cutoff = pack.rebase_yearly ? YearMonth{month.year, 1} : month;
  const BaseRow* best = nullptr;
  for (const auto& b : bases)
    if (b.first_received <= cutoff && (!best || best->first_received <= b.first_received)) best = &b;
  if (best) return best;
  if (pack.rebase_yearly)
    for (const auto& b : bases)
      if (b.first_received <= month && (!best || b.first_received < best->first_received)) best = &b;
  return best;
}

namespace {

// The category members.employment implies when no base was declared.
DuesCategory fallback_category(const std::optional<std::string>& employment) {
  if (!employment) return DuesCategory::kSalaried;
  if (*employment == "farmer") return DuesCategory::kFarmer;
  if (*employment == "student") return DuesCategory::kStudent;
  if (*employment == "unemployed") return DuesCategory::kUnemployed;
  if (*employment == "retired") return DuesCategory::kRetired;
  return DuesCategory::kSalaried;
}

bool flat_category(DuesCategory c, const domain::DuesPack& pack) {
  return c == DuesCategory::kFarmer || c == DuesCategory::kStudent || c == DuesCategory::kUnemployed ||
         c == DuesCategory::kRelief || (c == DuesCategory::kPostgraduate && !pack.postgrad_stipend);
}

Standard no_base(DuesCategory c, std::string why) {
  Standard s;
  s.category = domain::dues_category_code(c);
  s.rule_id = "R-F14";
  s.basis = std::move(why);
  s.no_base = true;
  return s;
}

Standard from_result(DuesCategory c, const domain::DuesResult& r, const std::string& note) {
  if (!r.amount) return no_base(c, r.errors.empty() ? "无法计算党费" : r.errors.front().message);
  Standard s;
  s.category = domain::dues_category_code(c);
  s.base_fen = r.amount->base_fen;
  s.rate_bp = r.amount->rate_bp;
  s.standard_fen = r.amount->due_fen;
  s.rule_id = r.amount->rule_id;
  s.basis = r.amount->basis + note;
  return s;
}

}  // namespace

Standard standard_for(const MemberBasics& m, YearMonth month, const std::vector<BaseRow>& bases,
                      const domain::DuesPack& pack) {
  if (const BaseRow* b = base_in_force(month, bases, pack)) {
    const auto cat = domain::parse_dues_category(b->category).value_or(DuesCategory::kSalaried);
    domain::DuesBase in;
    in.category = cat;
    in.base_fen = b->base_fen;
    in.pension_basic_fen = b->pension_basic_fen;
    in.social_insurance_fen = b->social_insurance_fen;
    if (b->quarter_json) {
      json::value v = json::parse(*b->quarter_json);
      if (v.is_array())
        for (const auto& x : v.as_array())
          if (x.is_int64()) in.previous_quarter_fen.push_back(x.as_int64());
    }
    return from_result(cat, domain::monthly_dues(in, pack), "（基数" + b->first_received.iso() + "起）");
  }
  const DuesCategory cat = fallback_category(m.employment);
  if (flat_category(cat, pack)) {
    domain::DuesBase in;
    in.category = cat;
    return from_result(cat, domain::monthly_dues(in, pack), "（按人员信息中的职业）");
  }
  if (!m.income_base_fen) return no_base(cat, "未申报交纳党费的基数");
  domain::DuesBase in;
  in.category = cat;
  in.base_fen = *m.income_base_fen;
  return from_result(cat, domain::monthly_dues(in, pack), "（按人员信息中的月收入基数）");
}

bool owes_in(const MemberBasics& m, YearMonth month, const domain::DuesPack& pack) {
  auto joined = domain::Date::parse(m.join_date);
  if (!joined) return true;
  return domain::first_due_month(*joined, pack) <= month;
}

int64_t reduced_due(int64_t standard_fen, const Reduction& r) {
  if (r.kind == "exempt") return 0;
  return std::min(standard_fen, r.monthly_fen);
}

std::string item_state(bool no_base, int64_t due_fen, int64_t paid_fen) {
  if (no_base) return "no_base";
  if (due_fen <= 0) return "exempt";
  if (paid_fen >= due_fen) return "paid";
  if (paid_fen > 0) return "partial";
  return "unpaid";
}

const char* item_state_label(const std::string& s) {
  if (s == "unpaid") return "未交";
  if (s == "partial") return "部分交纳";
  if (s == "paid") return "已交";
  if (s == "exempt") return "免交";
  if (s == "no_base") return "未定基数";
  return "";
}

std::optional<YearMonth> month_field(const std::optional<std::string>& raw, const char* field, const char* label,
                                     bool required, std::vector<domain::FieldError>& errs) {
  if (!raw || raw->empty()) {
    if (required) errs.push_back({field, std::string(field) + ".required", std::string(label) + "为必填项"});
    return std::nullopt;
  }
  auto m = YearMonth::parse(*raw);
  if (!m) errs.push_back({field, std::string(field) + ".invalid", std::string(label) + "应为 YYYY-MM 格式的月份"});
  return m;
}

json::object finding_json(const domain::DuesFinding& f) {
  return json::object{{"rule_id", f.rule_id}, {"severity", domain::severity_code(f.severity)}, {"message", f.message}};
}

json::array json_array_of(const std::string& text) {
  json::value v = json::parse(text);
  return v.is_array() ? v.as_array() : json::array{};
}

void refresh_period_totals(db::Tx& tx, int64_t period_id) {
  tx.exec("UPDATE dues_periods SET members = (SELECT COUNT(*) FROM dues_items WHERE period_id = $1), "
          "due_fen = (SELECT COALESCE(SUM(due_fen), 0) FROM dues_items WHERE period_id = $1), version = version + 1 "
          "WHERE id = $1",
          {period_id});
}

}  // namespace lianxin::modules::dues
