// Payments: money the branch received (cash, bank transfer) or an online order the member started,
// allocated month by month (R-F05: back-payment, the current month, prepayment), plus voluntary
// extra dues (R-F09). Organizations never pay or deduct for a member (R-F07). An online order stays
// pending until the gateway-shaped callback, signed with HMAC-SHA256 (setting
// dues-callback-secret), marks it paid; (provider, external_ref) is unique, and the pending → paid
// step is a conditional UPDATE, so a repeated callback finds the same row and never counts twice.
// Every callback is logged in dues_callbacks with its outcome, whatever it was.
#include <sodium.h>

#include <map>
#include <unordered_map>

#include "db/keyset.hpp"
#include "domain/money.hpp"
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/common/json_util.hpp"
#include "modules/common/subtree_sql.hpp"
#include "modules/dues/dues_common.hpp"
#include "modules/dues/dues_service.hpp"
#include "modules/org/org_service.hpp"
#include "util/field_cipher.hpp"

namespace lianxin::modules::dues {

namespace json = boost::json;
using domain::FieldError;
using domain::YearMonth;

namespace {

constexpr int kMaxMonths = 36;  // one payment covers at most three years of months
constexpr const char* kProvider = "gateway";  // the only online channel: a deployment's gateway adapter

constexpr const char* kPaymentSelect =
    "SELECT y.id, y.member_id, m.name, y.org_id, y.channel, y.payer, y.proxy_member_id, y.amount_fen, y.extra_fen, "
    "y.large_voluntary, y.from_month, y.to_month, y.state, y.provider, y.external_ref, y.paid_at, y.findings, y.note, "
    "y.recorded_by_name, y.created_at, y.version FROM dues_payments y JOIN members m ON m.id = y.member_id ";

const char* channel_label(const std::string& c) {
  if (c == "cash") return "现金";
  if (c == "transfer") return "转账";
  if (c == "online") return "线上支付";
  return "";
}
const char* payer_label(const std::string& p) {
  if (p == "self") return "本人";
  if (p == "relative") return "亲属代交";
  if (p == "member_proxy") return "委托党员代交";
  return "";
}
const char* payment_state_label(const std::string& s) {
  if (s == "pending") return "待支付";
  if (s == "paid") return "已到账";
  if (s == "failed") return "支付失败";
  return "";
}

json::object payment_json(db::Tx& tx, const db::Row& r) {
  json::array allocations;
  for (const auto& a : tx.query("SELECT month, amount_fen FROM dues_allocations WHERE payment_id = $1 ORDER BY month",
                                {r.i64(0)}))
    allocations.push_back(json::object{{"month", a.text(0)}, {"amount_fen", a.i64(1)}});
  return json::object{{"id", r.i64(0)},
                      {"member", json::object{{"id", r.i64(1)}, {"name", r.text(2)}}},
                      {"org_id", r.i64(3)},
                      {"channel", r.text(4)},
                      {"channel_label", channel_label(r.text(4))},
                      {"payer", r.text(5)},
                      {"payer_label", payer_label(r.text(5))},
                      {"proxy_member_id", opt_json(r.opt_i64(6))},
                      {"amount_fen", r.i64(7)},
                      {"extra_fen", r.i64(8)},
                      {"large_voluntary", r.i64(9) != 0},
                      {"from_month", opt_json(r.opt_text(10))},
                      {"to_month", opt_json(r.opt_text(11))},
                      {"state", r.text(12)},
                      {"state_label", payment_state_label(r.text(12))},
                      {"provider", opt_json(r.opt_text(13))},
                      {"external_ref", opt_json(r.opt_text(14))},
                      {"paid_at", opt_json(r.opt_text(15))},
                      {"findings", json_array_of(r.text(16))},
                      {"note", opt_json(r.opt_text(17))},
                      {"recorded_by", r.text(18)},
                      {"created_at", r.text(19)},
                      {"version", r.i64(20)},
                      {"allocations", std::move(allocations)}};
}

json::object payment_by_id(db::Tx& tx, int64_t id) {
  return payment_json(tx, *tx.query_one(std::string(kPaymentSelect) + "WHERE y.id = $1", {id}));
}

// Adds a paid payment's allocations to the items of months already opened (a month not opened yet
// keeps its allocation; opening adds it). The state follows in the same statement.
void apply_allocations(db::Tx& tx, int64_t payment_id, const std::string& paid_on) {
  for (const auto& a : tx.query("SELECT member_id, month, amount_fen FROM dues_allocations WHERE payment_id = $1",
                                {payment_id}))
    tx.exec("UPDATE dues_items SET paid_fen = paid_fen + $1, paid_on = $2, state = CASE "
            "WHEN state = 'no_base' THEN 'no_base' WHEN due_fen <= 0 THEN 'exempt' "
            "WHEN paid_fen + $1 >= due_fen THEN 'paid' WHEN paid_fen + $1 > 0 THEN 'partial' ELSE 'unpaid' END "
            "WHERE member_id = $3 AND month = $4",
            {a.i64(2), paid_on, a.i64(0), a.text(1)});
}

std::string hmac_hex(const std::string& key, const std::string& body) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  crypto_auth_hmacsha256_final(&st, mac);
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

bool signature_ok(const std::string& secret, const std::string& body, std::string sig) {
  if (sig.rfind("sha256=", 0) == 0) sig = sig.substr(7);
  for (auto& c : sig) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string want = hmac_hex(secret, body);
  return sig.size() == want.size() && sodium_memcmp(sig.data(), want.data(), want.size()) == 0;
}

}  // namespace

// The allocations of a payment for months from..to: each opened month's remaining due; a month not
// opened yet at the amount the current base gives (less what earlier prepayments cover).
json::object DuesService::create_payment(db::Tx& tx, const member::MemberRecord& m, const PaymentInput& in,
                                         bool online, const ChangeMeta& meta) {
  // Two payments for one member at once must each see the other's allocations, or both would pay
  // the same month: on PostgreSQL the member's row serializes them (SQLite has a single writer).
  if (tx.backend() == db::Backend::postgres) tx.query_one("SELECT id FROM members WHERE id = $1 FOR UPDATE", {m.id});
  const auto& pack = ctx_.dues_rules;
  const domain::Date today = ctx_.today();
  const YearMonth now = YearMonth::of(today);
  std::vector<FieldError> errs;
  std::string channel = "online";
  if (!online) {
    if (!in.channel) errs.push_back({"channel", "channel.required", "交纳方式为必填项"});
    else if (*in.channel != "cash" && *in.channel != "transfer")
      errs.push_back({"channel", "channel.invalid", "交纳方式只能是 cash（现金）或 transfer（转账）"});
    else channel = *in.channel;
  }
  std::string payer = "self";
  if (in.payer) {
    auto p = domain::parse_payer(*in.payer);
    if (!p) {
      errs.push_back({"payer", "payer.invalid", "交纳人只能是本人、亲属代交或委托党员代交"});
    } else if (auto f = domain::check_payer(*p)) {
      errs.push_back({"payer", f->rule_id, f->message});  // R-F07: BLOCK
    } else {
      payer = domain::payer_code(*p);
    }
  }
  db::Value proxy;
  if (payer == "member_proxy") {
    if (!in.proxy_member_id) errs.push_back({"proxy_member_id", "proxy_member_id.required", "请选择代交的党员"});
    else if (*in.proxy_member_id == m.id)
      errs.push_back({"proxy_member_id", "proxy_member_id.self", "代交党员不能是本人"});
    else if (!members_.find(tx, *in.proxy_member_id))
      errs.push_back({"proxy_member_id", "proxy_member_id.not_member", "代交人应为党员"});
    else proxy = *in.proxy_member_id;
  }
  const int64_t extra = in.extra_fen.value_or(0);
  if (extra < 0) errs.push_back({"extra_fen", "extra_fen.negative", "自愿多交的党费不能为负数"});
  auto from = month_field(in.from_month, "from_month", "起始月份", !online, errs);
  auto to = month_field(in.to_month, "to_month", "截止月份", false, errs);
  if (!errs.empty()) throw http::validation_failed(errs);
  if (!from) {
    // Online without months: everything still owed in opened months, else the current month.
    auto r = tx.query_one("SELECT MIN(month) FROM dues_items WHERE member_id = $1 AND paid_fen < due_fen "
                          "AND state IN ('unpaid', 'partial')",
                          {m.id});
    from = r && !r->is_null(0) ? YearMonth::parse(r->text(0)) : std::optional(now);
    if (!to) to = std::max(*from, now);
  }
  if (!to) to = from;
  if (*to < *from) throw http::validation_failed({{"to_month", "to_month.before", "截止月份不能早于起始月份"}});
  if (domain::months_between(*from, *to) >= kMaxMonths)
    throw http::validation_failed({{"to_month", "to_month.range", "一次最多交纳36个月的党费"}});

  // What each month of the range still needs.
  std::vector<BaseRow> bases;
  for (const auto& r : tx.query("SELECT " + std::string(kBaseColumns) +
                                    " FROM dues_bases b WHERE b.member_id = $1 ORDER BY b.first_received, b.id",
                                {m.id}))
    bases.push_back(base_row(r));
  MemberBasics basics{m.id, m.org_id, m.category, m.join_date, m.status, m.employment, m.income_base_fen};
  std::map<std::string, int64_t> alloc;
  std::vector<FieldError> month_errs;
  for (YearMonth ym = *from; ym <= *to; ym = domain::add_months(ym, 1)) {
    const std::string mo = ym.iso();
    if (auto it = tx.query_one("SELECT i.due_fen, i.paid_fen, p.state FROM dues_items i JOIN dues_periods p ON "
                               "p.id = i.period_id WHERE i.member_id = $1 AND i.month = $2",
                               {m.id, mo})) {
      // A closed month takes back-payment (补交) only: once it is over, not while it runs.
      if (it->text(2) == "closed" && ym >= now) {
        month_errs.push_back({"from_month", "dues.period_closed", mo + "的党费收缴已结账，本月不再登记"});
        continue;
      }
      if (it->i64(0) > it->i64(1)) alloc[mo] = it->i64(0) - it->i64(1);
      continue;
    }
    // Opened for the branch without this member (not owing then): nothing to pay.
    if (tx.query_one("SELECT id FROM dues_periods WHERE org_id = $1 AND month = $2", {m.org_id, mo})) continue;
    if (!owes_in(basics, ym, pack)) continue;
    Standard s = standard_for(basics, ym, bases, pack);
    if (s.no_base) {
      month_errs.push_back({"from_month", "dues.no_base", mo + "尚未确定交纳党费的基数，请先申报基数"});
      continue;
    }
    int64_t due = s.standard_fen;
    if (auto r = tx.query_one("SELECT id, kind, monthly_fen FROM dues_reductions WHERE member_id = $1 AND "
                              "state = 'approved' AND from_month <= $2 AND to_month >= $2 ORDER BY id DESC",
                              {m.id, mo}))
      due = reduced_due(due, Reduction{r->i64(0), r->text(1), r->i64(2), {}, {}});
    const int64_t covered = tx.query_int(
        "SELECT COALESCE(SUM(a.amount_fen), 0) FROM dues_allocations a JOIN dues_payments y ON y.id = a.payment_id "
        "WHERE a.member_id = $1 AND a.month = $2 AND y.state = 'paid'",
        {m.id, mo});
    if (due > covered) alloc[mo] = due - covered;
  }
  if (!month_errs.empty()) throw http::validation_failed(month_errs);
  int64_t sum = 0;
  for (const auto& [mo, fen] : alloc) sum += fen;
  if (sum == 0 && extra == 0)
    throw http::validation_failed({{"from_month", "dues.nothing_due", "所选月份没有需要交纳的党费"}});
  const int64_t amount = sum + extra;
  if (in.amount_fen && *in.amount_fen != amount)
    throw http::validation_failed({{"amount_fen", "dues.amount_mismatch",
                                    "金额应为" + domain::format_yuan(amount) + "元（应交" + domain::format_yuan(sum) +
                                        "元，自愿多交" + domain::format_yuan(extra) + "元）"}});

  // R-F05 windows: beyond them the branch decides, and its decision is recorded with the payment.
  json::array findings;
  std::vector<FieldError> warn;
  if (!alloc.empty()) {
    const YearMonth first = *YearMonth::parse(alloc.begin()->first), last = *YearMonth::parse(alloc.rbegin()->first);
    for (auto f : {domain::check_back_payment(now, std::min(first, now), pack),
                   domain::check_prepayment(now, std::max(last, now), pack)})
      if (f) {
        warn.push_back({"confirm_findings", f->rule_id, f->message});
        json::object j = finding_json(*f);
        j["confirmed_by"] = meta.actor;
        findings.push_back(std::move(j));
      }
  }
  if (!warn.empty() && (online || !in.confirm_findings)) {
    if (online)
      for (auto& w : warn) w.message += "；请联系党支部办理";
    else
      for (auto& w : warn) w.message += "（确认后可继续：confirm_findings = true）";
    throw http::ApiError(422, "dues.findings", warn.front().message, "confirm_findings", warn);
  }
  const bool large = domain::large_voluntary(extra, pack);
  if (large)
    findings.push_back(json::object{{"rule_id", "R-F09"},
                                    {"severity", "REMIND"},
                                    {"message", "自愿多交" + domain::format_yuan(extra) + "元为大额党费，全额上缴中央"}});

  const std::string now_ts = now_timestamp();
  db::Value provider, ref, paid_at;
  if (online) {
    provider = kProvider;
    ref = "DF" + std::to_string(m.id) + "-" + util::random_hex(8);
  } else {
    paid_at = now_ts;
  }
  const int64_t id = tx.query_int(
      "INSERT INTO dues_payments (member_id, org_id, channel, payer, proxy_member_id, amount_fen, extra_fen, "
      "large_voluntary, from_month, to_month, state, provider, external_ref, paid_at, findings, note, "
      "recorded_by_name, created_at, request_id, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
      "$13, $14, $15, $16, $17, $18, $19, 1) RETURNING id",
      {m.id, m.org_id, channel, payer, proxy, amount, extra, static_cast<int64_t>(large ? 1 : 0),
       alloc.empty() ? db::Value() : db::Value(alloc.begin()->first),
       alloc.empty() ? db::Value() : db::Value(alloc.rbegin()->first), online ? "pending" : "paid", provider, ref,
       paid_at, json::serialize(findings), in.note, meta.actor, now_ts, meta.request_id});
  for (const auto& [mo, fen] : alloc)
    tx.exec("INSERT INTO dues_allocations (payment_id, member_id, month, amount_fen) VALUES ($1, $2, $3, $4)",
            {id, m.id, mo, fen});
  if (!online) apply_allocations(tx, id, today.iso());
  json::object out = payment_by_id(tx, id);
  audit::record(tx, ctx_.cipher, meta,
                {online ? "dues.payment_start" : "dues.payment", "dues_payment", std::to_string(id), m.org_id,
                 std::nullopt,
                 json::serialize(json::object{{"member_id", m.id},
                                              {"amount_fen", amount},
                                              {"extra_fen", extra},
                                              {"channel", channel},
                                              {"payer", payer},
                                              {"months", out.at("allocations")},
                                              {"findings", findings}})});
  return out;
}

json::object DuesService::record_payment(const PaymentInput& in, const ChangeMeta& meta, const http::Scope& scope) {
  if (!in.member_id) throw http::validation_failed({{"member_id", "member_id.required", "党员为必填项"}});
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto m = members_.find(tx, *in.member_id);
    if (!m) throw http::not_found("党员");
    scope.require(*members_.org_path_of(tx, m->id), "党员");
    return create_payment(tx, *m, in, false, meta);
  });
}

json::object DuesService::start_online(int64_t member_id, const PaymentInput& in, const ChangeMeta& meta) {
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto m = members_.find(tx, member_id);
    if (!m) throw http::not_found("党员档案");
    PaymentInput own = in;
    own.payer = "self";
    own.proxy_member_id.reset();
    return create_payment(tx, *m, own, true, meta);
  });
}

CallbackResult DuesService::callback(const std::string& provider, const std::string& body,
                                     const std::string& signature, const ChangeMeta& meta_in) {
  if (callback_secret_.empty())
    throw http::ApiError(503, "dues.callbacks_disabled", "未配置党费支付回调密钥（dues-callback-secret），回调已停用");
  ChangeMeta meta = meta_in;
  meta.actor = "callback:" + provider;
  // What the body says, when it parses (logged even when the signature is wrong).
  std::string ref;
  std::optional<int64_t> amount;
  std::string status;
  bool well_formed = false;
  try {
    json::value v = json::parse(body);
    if (v.is_object()) {
      const auto& o = v.as_object();
      if (auto p = o.if_contains("external_ref"); p && p->is_string()) ref = std::string(p->as_string());
      if (auto p = o.if_contains("amount_fen"); p && p->is_int64()) amount = p->as_int64();
      if (auto p = o.if_contains("status"); p && p->is_string()) status = std::string(p->as_string());
      well_formed = !ref.empty() && amount && (status == "paid" || status == "failed");
    }
  } catch (const std::exception&) {
  }
  auto log = [&](db::Tx& tx, const std::string& outcome) {
    tx.exec("INSERT INTO dues_callbacks (provider, external_ref, amount_fen, status, outcome, received_at, request_id) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7)",
            {provider, ref.substr(0, 100), amount, status.substr(0, 20), outcome, now_timestamp(), meta.request_id});
  };
  auto error = [](int st, const char* code, std::string msg) {
    return CallbackResult{st, http::ApiError(st, code, std::move(msg)).to_json()};
  };
  if (!signature_ok(callback_secret_, body, signature)) {
    ctx_.db.write([&](db::Tx& tx) { log(tx, "bad_signature"); });
    return error(401, "dues.bad_signature", "回调签名无效");
  }
  if (!well_formed) {
    ctx_.db.write([&](db::Tx& tx) { log(tx, "bad_request"); });
    return error(400, "dues.bad_callback", "回调内容应包含 external_ref、amount_fen 和 status（paid | failed）");
  }
  return ctx_.db.write_value([&](db::Tx& tx) -> CallbackResult {
    auto r = tx.query_one("SELECT id, amount_fen, state, org_id FROM dues_payments WHERE provider = $1 AND external_ref = $2",
                          {provider, ref});
    if (!r) {
      log(tx, "unknown_ref");
      return error(404, "dues.unknown_ref", "没有该支付订单");
    }
    const int64_t id = r->i64(0);
    if (r->i64(1) != *amount) {
      log(tx, "amount_mismatch");
      return error(422, "dues.amount_mismatch", "回调金额与订单金额不一致");
    }
    std::string outcome;
    const std::string now_ts = now_timestamp();
    if (status == "paid") {
      if (tx.exec("UPDATE dues_payments SET state = 'paid', paid_at = $1, version = version + 1 "
                  "WHERE id = $2 AND state = 'pending'",
                  {now_ts, id}) == 1) {
        apply_allocations(tx, id, ctx_.today().iso());
        outcome = "paid";
      } else {
        outcome = r->text(2) == "paid" ? "duplicate" : "state_conflict";
      }
    } else {
      outcome = tx.exec("UPDATE dues_payments SET state = 'failed', version = version + 1 WHERE id = $1 AND "
                        "state = 'pending'",
                        {id}) == 1
                    ? "failed"
                    : "duplicate";
    }
    log(tx, outcome);
    if (outcome == "paid" || outcome == "failed")
      audit::record(tx, ctx_.cipher, meta,
                    {"dues.callback", "dues_payment", std::to_string(id), r->i64(3),
                     json::serialize(json::object{{"state", "pending"}}),
                     json::serialize(json::object{{"state", outcome}, {"external_ref", ref}, {"amount_fen", *amount}})});
    if (outcome == "state_conflict") return error(409, "dues.payment_state", "该订单已标记为支付失败");
    return CallbackResult{200, json::object{{"outcome", outcome}, {"payment", payment_by_id(tx, id)}}};
  });
}

json::object DuesService::list_payments(std::optional<int64_t> org_id, std::optional<int64_t> member_id,
                                        const http::Scope& scope, const http::PageRequest& page) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    std::string where = "1 = 1";
    db::Params params;
    if (auto roots = org::OrgService(ctx_).list_roots(tx, org_id, scope))
      where += " AND y.org_id IN (SELECT o.id FROM orgs o WHERE " + within_subtrees("o.path", *roots, params) + ")";
    if (member_id) {
      params.emplace_back(*member_id);
      where += " AND y.member_id = " + db::last_placeholder(params);
    }
    const int64_t total = tx.query_int("SELECT COUNT(*) FROM dues_payments y WHERE " + where, params);
    if (page.after) {
      where += " AND " + db::after_key(params, {"y.id", page.after_int(0)}, db::Direction::descending);
    }
    params.emplace_back(static_cast<int64_t>(page.limit + 1));
    json::array items;
    for (const auto& r : tx.query(std::string(kPaymentSelect) + "WHERE " + where + " ORDER BY y.id DESC LIMIT " +
                                      db::last_placeholder(params),
                                  params))
      items.push_back(payment_json(tx, r));
    return http::page_body(std::move(items), total, page.limit,
                           [](const json::value& last) { return json::array{last.at("id")}; });
  });
}

json::object DuesService::own_payments(int64_t member_id, const http::PageRequest& page) {
  return list_payments(std::nullopt, member_id, http::Scope::all(), page);
}

}  // namespace lianxin::modules::dues
