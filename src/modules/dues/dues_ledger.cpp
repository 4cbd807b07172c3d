// One member's dues as the branch and the member see them: what is owed in open months, arrears in
// closed months, the last 24 months item by item, pending online orders and the base in force.
#include "http/errors.hpp"
#include "modules/common/json_util.hpp"
#include "modules/dues/dues_common.hpp"
#include "modules/dues/dues_service.hpp"

namespace lianxin::modules::dues {

namespace json = boost::json;
using domain::YearMonth;

json::object DuesService::ledger_in(db::Tx& tx, const member::MemberRecord& m) {
  const auto& pack = ctx_.dues_rules;
  const YearMonth now = YearMonth::of(ctx_.today());
  json::array months, owing;
  int64_t open_owing = 0, arrears = 0;
  for (const auto& r : tx.query("SELECT i.month, i.category, i.base_fen, i.standard_fen, i.due_fen, i.paid_fen, "
                                "i.state, p.state, i.basis, i.paid_on FROM dues_items i JOIN dues_periods p ON "
                                "p.id = i.period_id WHERE i.member_id = $1 ORDER BY i.month DESC LIMIT 24",
                                {m.id})) {
    const int64_t remaining = std::max<int64_t>(r.i64(4) - r.i64(5), 0);
    const bool closed = r.text(7) == "closed";
    json::object item{{"month", r.text(0)},
                      {"category", r.text(1)},
                      {"base_fen", r.i64(2)},
                      {"standard_fen", r.i64(3)},
                      {"due_fen", r.i64(4)},
                      {"paid_fen", r.i64(5)},
                      {"remaining_fen", remaining},
                      {"state", r.text(6)},
                      {"state_label", item_state_label(r.text(6))},
                      {"period_state", r.text(7)},
                      {"basis", r.text(8)},
                      {"paid_on", opt_json(r.opt_text(9))},
                      {"arrears", closed && remaining > 0}};
    if (remaining > 0) owing.push_back(item);
    months.push_back(std::move(item));
  }
  // Totals over every month, not only the 24 shown.
  for (const auto& r : tx.query("SELECT p.state, COALESCE(SUM(i.due_fen - i.paid_fen), 0) FROM dues_items i "
                                "JOIN dues_periods p ON p.id = i.period_id WHERE i.member_id = $1 AND "
                                "i.due_fen > i.paid_fen GROUP BY p.state",
                                {m.id}))
    (r.text(0) == "closed" ? arrears : open_owing) += r.i64(1);
  json::array pending;
  for (const auto& r : tx.query("SELECT id, amount_fen, external_ref, from_month, to_month, created_at FROM "
                                "dues_payments WHERE member_id = $1 AND state = 'pending' ORDER BY id DESC",
                                {m.id}))
    pending.push_back(json::object{{"id", r.i64(0)},
                                   {"amount_fen", r.i64(1)},
                                   {"external_ref", r.text(2)},
                                   {"from_month", opt_json(r.opt_text(3))},
                                   {"to_month", opt_json(r.opt_text(4))},
                                   {"created_at", r.text(5)}});
  std::vector<BaseRow> bases;
  for (const auto& r : tx.query("SELECT " + std::string(kBaseColumns) +
                                    " FROM dues_bases b WHERE b.member_id = $1 ORDER BY b.first_received, b.id",
                                {m.id}))
    bases.push_back(base_row(r));
  MemberBasics basics{m.id, m.org_id, m.category, m.join_date, m.status, m.employment, m.income_base_fen};
  Standard s = standard_for(basics, now, bases, pack);
  const auto cat = domain::parse_dues_category(s.category);
  return json::object{
      {"member", json::object{{"id", m.id}, {"name", m.name}, {"org_id", m.org_id}, {"status", m.status}}},
      {"owes_dues", status_owes(m.status)},
      {"current", json::object{{"month", now.iso()},
                               {"category", s.category},
                               {"category_label", cat ? domain::dues_category_label(*cat) : ""},
                               {"base_fen", s.base_fen},
                               {"standard_fen", s.standard_fen},
                               {"no_base", s.no_base},
                               {"basis", s.basis}}},
      {"open_owing_fen", open_owing},
      {"arrears_fen", arrears},
      {"owing", std::move(owing)},
      {"months", std::move(months)},
      {"pending", std::move(pending)},
  };
}

json::object DuesService::member_ledger(int64_t member_id, const http::Scope& scope) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    auto m = members_.find(tx, member_id);
    if (!m) throw http::not_found("党员");
    scope.require(*members_.org_path_of(tx, m->id), "党员");
    return ledger_in(tx, *m);
  });
}

json::object DuesService::own_ledger(int64_t member_id) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    auto m = members_.find(tx, member_id);
    if (!m) throw http::not_found("党员档案");
    return ledger_in(tx, *m);
  });
}

}  // namespace lianxin::modules::dues
