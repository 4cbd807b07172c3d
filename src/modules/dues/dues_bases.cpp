// Declared bases (R-F04 / R-F14): append-only rows with the month a base was first received; the
// branch declares for a member, the member for itself, payroll files in bulk (all rows or none).
// A declaration never rewrites a month already opened, except an item still waiting for a base
// (state no_base), which gets its amount now.
#include <unordered_set>

#include "domain/id_number.hpp"
#include "domain/money.hpp"
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/common/json_util.hpp"
#include "modules/dues/dues_common.hpp"
#include "modules/dues/dues_service.hpp"
#include "util/csv.hpp"

namespace lianxin::modules::dues {

namespace json = boost::json;
using domain::FieldError;
using domain::YearMonth;

namespace {

constexpr size_t kMaxImportRows = 50000;

const char* source_label(const std::string& s) {
  if (s == "member") return "本人申报";
  if (s == "branch") return "党支部录入";
  if (s == "payroll") return "工资表导入";
  return "";
}

json::array base_history(db::Tx& tx, int64_t member_id) {
  json::array out;
  for (const auto& r : tx.query("SELECT id, category, base_fen, pension_basic_fen, quarter_json, social_insurance_fen, "
                                "first_received, source, batch_ref, note, actor_name, at FROM dues_bases WHERE "
                                "member_id = $1 ORDER BY first_received DESC, id DESC",
                                {member_id})) {
    const auto cat = domain::parse_dues_category(r.text(1));
    out.push_back(json::object{{"id", r.i64(0)},
                               {"category", r.text(1)},
                               {"category_label", cat ? domain::dues_category_label(*cat) : ""},
                               {"base_fen", r.i64(2)},
                               {"pension_basic_fen", opt_json(r.opt_i64(3))},
                               {"previous_quarter_fen", r.is_null(4) ? json::value(nullptr) : json::parse(r.text(4))},
                               {"social_insurance_fen", r.i64(5)},
                               {"first_received", r.text(6)},
                               {"source", r.text(7)},
                               {"source_label", source_label(r.text(7))},
                               {"batch_ref", opt_json(r.opt_text(8))},
                               {"note", opt_json(r.opt_text(9))},
                               {"actor", r.text(10)},
                               {"at", r.text(11)}});
  }
  return out;
}

// Checked input of one declaration, or the field errors.
struct CheckedBase {
  domain::DuesBase base;
  std::string category;
  YearMonth first;
  std::optional<std::string> quarter_json;
};

std::optional<CheckedBase> check_base(const BaseInput& in, const domain::DuesPack& pack, YearMonth now,
                                      std::vector<FieldError>& errs) {
  CheckedBase c;
  std::optional<domain::DuesCategory> cat;
  if (!in.category) errs.push_back({"category", "category.required", "交纳党费的人员类别为必填项"});
  else if (!(cat = domain::parse_dues_category(*in.category)))
    errs.push_back({"category", "category.invalid", "人员类别不正确"});
  auto first = month_field(in.first_received, "first_received", "首次领取月份", true, errs);
  if (first && *first > domain::add_months(now, 1))
    errs.push_back({"first_received", "first_received.future", "首次领取月份不能晚于下月"});
  if (!cat || !first) return std::nullopt;
  c.category = *in.category;
  c.first = *first;
  c.base.category = *cat;
  c.base.base_fen = in.base_fen.value_or(0);
  c.base.pension_basic_fen = in.pension_basic_fen;
  c.base.social_insurance_fen = in.social_insurance_fen.value_or(0);
  const bool rated = *cat != domain::DuesCategory::kFarmer && *cat != domain::DuesCategory::kStudent &&
                     *cat != domain::DuesCategory::kUnemployed && *cat != domain::DuesCategory::kRelief &&
                     *cat != domain::DuesCategory::kSelfEmployed;
  if (rated && !in.base_fen) errs.push_back({"base_fen", "base_fen.required", "月基数为必填项"});
  if (in.previous_quarter_fen) {
    c.base.previous_quarter_fen = *in.previous_quarter_fen;
    json::array q;
    for (int64_t v : *in.previous_quarter_fen) q.push_back(v);
    c.quarter_json = json::serialize(q);
    if (*cat == domain::DuesCategory::kSelfEmployed) {
      int64_t sum = 0;
      for (int64_t v : *in.previous_quarter_fen) sum += v;
      if (!in.base_fen && in.previous_quarter_fen->size() == 3) c.base.base_fen = sum / 3;
    }
  }
  auto r = domain::monthly_dues(c.base, pack);
  for (auto& e : r.errors) {
    if (e.field == "base") e.field = "base_fen";
    else if (e.field == "pension_basic") e.field = "pension_basic_fen";
    else if (e.field == "previous_quarter") e.field = "previous_quarter_fen";
    errs.push_back(e);
  }
  return c;
}

void insert_base(db::Tx& tx, int64_t member_id, const CheckedBase& c, const std::string& source,
                 const std::optional<std::string>& batch, const std::optional<std::string>& note,
                 const ChangeMeta& meta, const std::string& at) {
  tx.exec("INSERT INTO dues_bases (member_id, category, base_fen, pension_basic_fen, quarter_json, social_insurance_fen, "
          "first_received, source, batch_ref, note, actor_id, actor_name, at, request_id) VALUES ($1, $2, $3, $4, $5, "
          "$6, $7, $8, $9, $10, $11, $12, $13, $14)",
          {member_id, c.category, c.base.base_fen, c.base.pension_basic_fen, c.quarter_json,
           c.base.social_insurance_fen, c.first.iso(), source, batch, note,
           meta.user_id ? db::Value(meta.user_id) : db::Value(), meta.actor, at, meta.request_id});
}

// Items of open periods still waiting for a base get their amount from the bases now declared.
void fill_no_base_items(db::Tx& tx, const MemberBasics& basics, const domain::DuesPack& pack) {
  std::vector<BaseRow> bases;
  for (const auto& r : tx.query("SELECT " + std::string(kBaseColumns) +
                                    " FROM dues_bases b WHERE b.member_id = $1 ORDER BY b.first_received, b.id",
                                {basics.id}))
    bases.push_back(base_row(r));
  std::unordered_set<int64_t> periods;
  for (const auto& r : tx.query("SELECT i.id, i.month, i.paid_fen, i.period_id FROM dues_items i JOIN dues_periods p "
                                "ON p.id = i.period_id WHERE i.member_id = $1 AND i.state = 'no_base' AND "
                                "p.state = 'open'",
                                {basics.id})) {
    const YearMonth ym = *YearMonth::parse(r.text(1));
    Standard s = standard_for(basics, ym, bases, pack);
    if (s.no_base) continue;
    int64_t due = s.standard_fen;
    db::Value reduction_id;
    if (auto red = tx.query_one("SELECT id, kind, monthly_fen FROM dues_reductions WHERE member_id = $1 AND "
                                "state = 'approved' AND from_month <= $2 AND to_month >= $2 ORDER BY id DESC",
                                {basics.id, r.text(1)})) {
      due = reduced_due(due, Reduction{red->i64(0), red->text(1), red->i64(2), {}, {}});
      reduction_id = red->i64(0);
    }
    tx.exec("UPDATE dues_items SET category = $1, base_fen = $2, rate_bp = $3, standard_fen = $4, due_fen = $5, "
            "reduction_id = $6, rule_id = $7, basis = $8, state = $9 WHERE id = $10",
            {s.category, s.base_fen, s.rate_bp, s.standard_fen, due, reduction_id, s.rule_id, s.basis,
             item_state(false, due, r.i64(2)), r.i64(0)});
    periods.insert(r.i64(3));
  }
  for (int64_t p : periods) refresh_period_totals(tx, p);
}

MemberBasics basics_of(const member::MemberRecord& m) {
  return MemberBasics{m.id, m.org_id, m.category, m.join_date, m.status, m.employment, m.income_base_fen};
}

}  // namespace

json::object DuesService::write_base(db::Tx& tx, const member::MemberRecord& m, const BaseInput& in,
                                     const std::string& source, const ChangeMeta& meta) {
  std::vector<FieldError> errs;
  auto c = check_base(in, ctx_.dues_rules, YearMonth::of(ctx_.today()), errs);
  if (in.note && util::utf8_length(*in.note) > 200) errs.push_back({"note", "note.too_long", "备注不能超过200个字"});
  if (!errs.empty()) throw http::validation_failed(errs);
  insert_base(tx, m.id, *c, source, std::nullopt, in.note, meta, now_timestamp());
  fill_no_base_items(tx, basics_of(m), ctx_.dues_rules);
  audit::record(tx, ctx_.cipher, meta,
                {"dues.base", "member", std::to_string(m.id), m.org_id, std::nullopt,
                 json::serialize(json::object{{"category", c->category},
                                              {"base_fen", c->base.base_fen},
                                              {"first_received", c->first.iso()},
                                              {"source", source}})});
  return json::object{{"member_id", m.id}, {"bases", base_history(tx, m.id)}};
}

json::object DuesService::declare_base(const BaseInput& in, const ChangeMeta& meta, const http::Scope& scope) {
  if (!in.member_id) throw http::validation_failed({{"member_id", "member_id.required", "党员为必填项"}});
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto m = members_.find(tx, *in.member_id);
    if (!m) throw http::not_found("党员");
    scope.require(*members_.org_path_of(tx, m->id), "党员");
    return write_base(tx, *m, in, "branch", meta);
  });
}

json::object DuesService::declare_own_base(int64_t member_id, const BaseInput& in, const ChangeMeta& meta) {
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto m = members_.find(tx, member_id);
    if (!m) throw http::not_found("党员档案");
    return write_base(tx, *m, in, "member", meta);
  });
}

json::object DuesService::bases(int64_t member_id, const http::Scope& scope) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    auto path = members_.org_path_of(tx, member_id);
    if (!path) throw http::not_found("党员");
    scope.require(*path, "党员");
    return json::object{{"member_id", member_id}, {"bases", base_history(tx, member_id)}};
  });
}

json::object DuesService::import_bases(const std::string& raw, const ChangeMeta& meta, const http::Scope& scope) {
  const auto charset = util::detect_charset(raw);
  std::vector<util::CsvRecord> records;
  try {
    records = util::parse_csv(util::to_utf8(raw, charset));
  } catch (const std::invalid_argument& e) {
    throw http::bad_request("bad_csv", std::string("CSV 格式错误：") + e.what());
  }
  if (records.size() < 2) throw http::validation_failed({{"file", "file.empty", "文件中没有数据行"}});
  if (records.size() - 1 > kMaxImportRows)
    throw http::validation_failed({{"file", "file.too_many_rows", "一次最多导入50000行"}});
  // Columns by header: 身份证号 / 月基数（元） / 首次领取月份 / 类别 (optional, default salaried).
  int c_id = -1, c_base = -1, c_first = -1, c_cat = -1;
  const auto& h = records[0].fields;
  for (size_t i = 0; i < h.size(); ++i) {
    const std::string& n = h[i];
    if (n.find("身份证") != std::string::npos || n == "id_number") c_id = static_cast<int>(i);
    else if (n.find("基数") != std::string::npos || n == "base") c_base = static_cast<int>(i);
    else if (n.find("首次") != std::string::npos || n.find("月份") != std::string::npos || n == "first_received")
      c_first = static_cast<int>(i);
    else if (n.find("类别") != std::string::npos || n == "category") c_cat = static_cast<int>(i);
  }
  if (c_id < 0 || c_base < 0 || c_first < 0)
    throw http::validation_failed({{"file", "file.columns", "表头应包含：身份证号、月基数（元）、首次领取月份（可选：类别）"}});
  const domain::Date today = ctx_.today();
  const YearMonth now = YearMonth::of(today);
  return ctx_.db.write_value([&](db::Tx& tx) {
    std::vector<FieldError> errs;
    struct Ok {
      member::MemberRecord m;
      CheckedBase c;
    };
    std::vector<Ok> ok;
    std::unordered_set<int64_t> seen;
    for (size_t i = 1; i < records.size(); ++i) {
      const auto& f = records[i].fields;
      const std::string row = "第" + std::to_string(records[i].line) + "行：";
      const std::string field = "row " + std::to_string(records[i].line);
      auto cell = [&](int c) { return c >= 0 && static_cast<size_t>(c) < f.size() ? f[c] : std::string(); };
      auto id = domain::check_id_number(cell(c_id), today);
      if (!id.ok()) {
        errs.push_back({field, id.error_code, row + id.error_message});
        continue;
      }
      auto hit = tx.query_one("SELECT id FROM members WHERE id_hash = $1", {ctx_.cipher.lookup_hash(id.info->normalized)});
      std::optional<member::MemberRecord> m;
      if (hit) m = members_.find(tx, hit->i64(0));
      if (!m || !scope.contains_path(*members_.org_path_of(tx, m->id))) {
        errs.push_back({field, "member.not_found", row + "管理范围内没有该身份证号的党员"});
        continue;
      }
      if (!seen.insert(m->id).second) {
        errs.push_back({field, "member.duplicate", row + "该党员在文件中重复出现"});
        continue;
      }
      auto fen = domain::parse_yuan(cell(c_base));
      BaseInput in;
      in.category = c_cat >= 0 && !cell(c_cat).empty() ? cell(c_cat) : std::string("salaried");
      if (!fen) errs.push_back({field, "base_fen.invalid", row + "月基数应为金额（元，最多两位小数）"});
      else in.base_fen = *fen;
      in.first_received = cell(c_first);
      std::vector<FieldError> row_errs;
      auto c = check_base(in, ctx_.dues_rules, now, row_errs);
      for (auto& e : row_errs) errs.push_back({field, e.code, row + e.message});
      if (fen && c && row_errs.empty()) ok.push_back({std::move(*m), std::move(*c)});
    }
    if (!errs.empty()) throw http::validation_failed(errs);
    const std::string at = now_timestamp();
    const std::string batch = "payroll-" + at;
    for (const auto& o : ok) {
      insert_base(tx, o.m.id, o.c, "payroll", batch, std::nullopt, meta, at);
      fill_no_base_items(tx, basics_of(o.m), ctx_.dues_rules);
    }
    audit::record(tx, ctx_.cipher, meta,
                  {"dues.base_import", "dues_base", batch, std::nullopt, std::nullopt,
                   json::serialize(json::object{{"rows", static_cast<int64_t>(ok.size())}, {"batch_ref", batch}})});
    return json::object{{"imported", static_cast<int64_t>(ok.size())}, {"batch_ref", batch}};
  });
}

}  // namespace lianxin::modules::dues
