// Transfers across the instance boundary (issue #5): the introduction letter for a member leaving
// for an organization outside lianxin (issue, reissue, cancel, receipt returned, the print data)
// and a member arriving with a letter from outside (registration, receipt sent back). The cases are
// rows of `transfers` with kind outgoing | incoming (migration 7); every write runs in one
// transaction with its transition row and its audit record, as in transfer_service.cpp.
#include <cstdio>
#include <span>

#include "domain/enums.hpp"
#include "domain/text.hpp"
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/common/json_util.hpp"
#include "modules/org/org_service.hpp"
#include "modules/transfer/transfer_rows.hpp"
#include "modules/transfer/transfer_service.hpp"
#include "util/csv.hpp"

namespace lianxin::modules::transfer {

namespace json = boost::json;
using domain::TransferState;
using namespace detail;

namespace {

constexpr const char* kChannels[][2] = {{"carried", "党员本人携带"}, {"confidential", "机要交通（机要邮政）"}};

const char* channel_label(const std::string& code) {
  for (const auto& c : kChannels)
    if (code == c[0]) return c[1];
  return "";
}

// The org that issues the letter, numbers it and receives its receipt (R-T07): the nearest org
// above (or at) the branch that may send directly (R-T03: a 基层党委 with 预备党员 approval power, or
// an org marked can_transfer_directly, R-T10);
// when none in the chain may, the top of the branch's chain (its highest committee in lianxin).
org::OrgRecord issuing_org_of(db::Tx& tx, org::OrgService& orgs, const org::OrgRecord& branch) {
  std::vector<org::OrgRecord> chain;  // branch first, root last
  std::vector<int64_t> ids;
  std::string part;
  for (char c : branch.path) {
    if (c == '/') {
      if (!part.empty()) ids.push_back(std::stoll(part));
      part.clear();
    } else {
      part += c;
    }
  }
  for (auto it = ids.rbegin(); it != ids.rend(); ++it)
    if (auto o = orgs.find(tx, *it)) chain.push_back(*o);
  if (chain.empty()) return branch;
  std::vector<domain::TransferOrg> facts;
  for (const auto& o : chain) facts.push_back({o.kind, o.can_approve_probationary, o.can_transfer_directly, o.id});
  const auto node = domain::transfer_node(facts);
  return node ? chain[*node] : chain.back();
}

std::optional<domain::Date> date_field(const std::optional<std::string>& v, const char* field, const char* what,
                                       domain::Date today, std::vector<domain::FieldError>& errs) {
  if (!v || v->empty()) return today;
  auto d = domain::Date::parse(*v);
  if (!d) errs.push_back({field, std::string(field) + ".invalid", std::string(what) + "格式应为YYYY-MM-DD"});
  else if (*d > today) errs.push_back({field, std::string(field) + ".future", std::string(what) + "不能晚于今天"});
  else return d;
  return std::nullopt;
}

void text_field(std::optional<std::string>& v, const char* field, const char* what, size_t max, bool required,
                std::vector<domain::FieldError>& errs) {
  v = trimmed(v);
  if (!v) {
    if (required) errs.push_back({field, std::string(field) + ".required", std::string(what) + "为必填项"});
    return;
  }
  if (util::utf8_length(*v) > max)
    errs.push_back({field, std::string(field) + ".too_long", std::string(what) + "不能超过" + std::to_string(max) + "个字"});
}

std::optional<domain::YearMonth> dues_field(const std::optional<std::string>& v, std::vector<domain::FieldError>& errs) {
  if (!v || v->empty()) {
    errs.push_back({"dues_paid_to", "dues_paid_to.required", "党费交到年月为必填项"});
    return std::nullopt;
  }
  auto ym = domain::YearMonth::parse(domain::trim_spaces(*v));
  if (ym && ym->year < 1949) ym.reset();
  if (!ym) errs.push_back({"dues_paid_to", "dues_paid_to.invalid", "党费交到年月格式应为YYYY-MM"});
  return ym;
}

// The letter's own fields, validated; `base` (reissue) fills what the input leaves out.
struct LetterFields {
  std::string to_org_name, channel, dues_paid_to;
  int validity_days = 30;
  bool cross_province = false;
  domain::Date issued_on;
  std::optional<std::string> phone, fax, postcode;
  std::vector<std::string> warnings;
};

LetterFields letter_fields(LetterInput in, const std::optional<LetterFields>& base, const domain::TransferRulePack& rules,
                           domain::Date today) {
  std::vector<domain::FieldError> errs;
  if (base) {
    if (!in.to_org_name) in.to_org_name = base->to_org_name;
    if (!in.channel) in.channel = base->channel;
    if (!in.dues_paid_to) in.dues_paid_to = base->dues_paid_to;
    if (!in.cross_province) in.cross_province = base->cross_province;
    if (!in.contact_phone) in.contact_phone = base->phone;
    if (!in.contact_fax) in.contact_fax = base->fax;
    if (!in.contact_postcode) in.contact_postcode = base->postcode;
  }
  LetterFields f;
  text_field(in.to_org_name, "to_org_name", "接收党组织名称", 100, true, errs);
  if (in.to_org_name) f.to_org_name = *in.to_org_name;
  f.channel = trimmed(in.channel).value_or("carried");
  if (!*channel_label(f.channel))
    errs.push_back({"channel", "channel.invalid", "递送方式只能是 carried（党员本人携带）或 confidential（机要交通）"});
  f.cross_province = in.cross_province.value_or(false);
  const int64_t days = in.validity_days.value_or(rules.letter_validity_days_default);
  if (days < 1 || days > 9999) {
    errs.push_back({"validity_days", "R-T08", "介绍信有效期应为1天以上的整数"});
  } else {
    f.validity_days = static_cast<int>(days);
    if (auto finding = domain::check_letter_validity(f.validity_days, f.cross_province, rules)) {
      if (finding->severity == domain::Severity::kBlock) errs.push_back({"validity_days", finding->rule_id, finding->message});
      else f.warnings.push_back(finding->message);
    }
  }
  if (auto ym = dues_field(in.dues_paid_to, errs)) f.dues_paid_to = ym->iso();
  if (auto d = date_field(in.issued_on, "issued_on", "开具日期", today, errs)) f.issued_on = *d;
  text_field(in.contact_phone, "contact_phone", "联系电话", 30, false, errs);
  text_field(in.contact_fax, "contact_fax", "传真", 30, false, errs);
  in.contact_postcode = trimmed(in.contact_postcode);
  if (in.contact_postcode && (in.contact_postcode->size() != 6 || in.contact_postcode->find_first_not_of("0123456789") != std::string::npos))
    errs.push_back({"contact_postcode", "contact_postcode.invalid", "邮政编码应为6位数字"});
  f.phone = in.contact_phone;
  f.fax = in.contact_fax;
  f.postcode = in.contact_postcode;
  if (!errs.empty()) throw http::validation_failed(errs);
  return f;
}

struct LiveLetter {
  int64_t id = 0, issuing_org_id = 0;
  std::string serial_no, issued_by_name;
  LetterFields fields;
};

std::optional<LiveLetter> live_letter(db::Tx& tx, int64_t transfer_id) {
  auto r = tx.query_one("SELECT id, issuing_org_id, serial_no, to_org_name, channel, cross_province, validity_days, "
                        "issued_on, dues_paid_to, contact_phone, contact_fax, contact_postcode, issued_by_name "
                        "FROM transfer_letters WHERE live_transfer_id = $1",
                        {transfer_id});
  if (!r) return std::nullopt;
  LiveLetter l;
  l.id = r->i64(0);
  l.issuing_org_id = r->i64(1);
  l.serial_no = r->text(2);
  l.fields.to_org_name = r->text(3);
  l.fields.channel = r->text(4);
  l.fields.cross_province = r->i64(5) != 0;
  l.fields.validity_days = static_cast<int>(r->i64(6));
  l.fields.issued_on = *domain::Date::parse(r->text(7));
  l.fields.dues_paid_to = r->text(8);
  l.fields.phone = r->opt_text(9);
  l.fields.fax = r->opt_text(10);
  l.fields.postcode = r->opt_text(11);
  l.issued_by_name = r->text(12);
  return l;
}

// The issuing org's next number for the year: the counter row's UPDATE locks it, so concurrent
// issuers of one org take turns (PostgreSQL; SQLite serializes writers anyway). The first letter
// of a year inserts the row; two first letters at once clash on its key and one is retried.
int64_t next_serial(db::Tx& tx, int64_t issuing_org_id, int year) {
  const db::Params key{issuing_org_id, static_cast<int64_t>(year)};
  if (auto r = tx.query_one("UPDATE transfer_letter_serials SET last_seq = last_seq + 1 "
                            "WHERE issuing_org_id = $1 AND serial_year = $2 RETURNING last_seq",
                            key))
    return r->i64(0);
  tx.exec("INSERT INTO transfer_letter_serials (issuing_org_id, serial_year, last_seq) VALUES ($1, $2, 1)", key);
  return 1;
}

// Inserts a letter with the issuing org's next serial number ("2025-0007": year of issue, then
// the count of that org's letters of that year, voided ones included). The unique index on
// (issuing_org_id, serial_no) holds the rule in storage too.
LiveLetter insert_letter(db::Tx& tx, int64_t transfer_id, const org::OrgRecord& issuing, const LetterFields& f,
                         const ChangeMeta& meta, const std::string& now) {
  const int year = f.issued_on.year;
  const int64_t seq = next_serial(tx, issuing.id, year);
  char serial[32];
  std::snprintf(serial, sizeof serial, "%04d-%04lld", year, static_cast<long long>(seq));
  const std::string last = domain::letter_last_valid_day(f.issued_on, f.validity_days).iso();
  const int64_t id = tx.query_int(
      "INSERT INTO transfer_letters (transfer_id, live_transfer_id, issuing_org_id, serial_year, serial_seq, "
      "serial_no, to_org_name, channel, cross_province, validity_days, issued_on, last_valid_day, dues_paid_to, "
      "contact_phone, contact_fax, contact_postcode, issued_by_name, created_at) VALUES ($1, $1, $2, $3, $4, $5, $6, "
      "$7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id",
      {transfer_id, issuing.id, static_cast<int64_t>(year), seq, std::string(serial), f.to_org_name, f.channel,
       static_cast<int64_t>(f.cross_province ? 1 : 0), static_cast<int64_t>(f.validity_days), f.issued_on.iso(), last,
       f.dues_paid_to, f.phone, f.fax, f.postcode, meta.actor, now});
  tx.exec("UPDATE transfers SET letter_no = $1, letter_issued_on = $2, letter_validity_days = $3, "
          "letter_last_valid_day = $4, dues_paid_to = $5, outside_org_name = $6 WHERE id = $7",
          {std::string(serial), f.issued_on.iso(), static_cast<int64_t>(f.validity_days), last, f.dues_paid_to,
           f.to_org_name, transfer_id});
  return LiveLetter{id, issuing.id, serial, meta.actor, f};
}

void void_letter(db::Tx& tx, int64_t letter_id, const ChangeMeta& meta, const std::string& reason, const std::string& now) {
  tx.exec("UPDATE transfer_letters SET live_transfer_id = NULL, voided_at = $1, voided_by_name = $2, void_reason = $3 "
          "WHERE id = $4",
          {now, meta.actor, reason, letter_id});
}

json::array warnings_json(const std::vector<std::string>& w) {
  json::array a;
  for (const auto& s : w) a.push_back(json::value(s));
  return a;
}

// A stale version is a conflict; a stale row after store_state as well.
void stored_or_conflict(bool ok) {
  if (!ok) throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试", "version");
}

// The first two letters of an issuing org in a year, numbered at the same moment (PostgreSQL),
// collide on the counter's key: the loser runs again and takes the next number. Any other unique
// clash (the member's open case) is reported by the re-run's own check.
template <class F>
json::object with_serial_retry(F&& write) {
  for (int attempt = 1;; ++attempt) {
    try {
      return write();
    } catch (const db::DbError& e) {
      if (e.kind != db::DbError::Kind::unique_violation) throw;
      if (attempt == 5) throw http::conflict("transfer.busy", "同时有其他介绍信在开具，请重试");
    }
  }
}

}  // namespace

json::object TransferService::letter_settings() const {
  return json::object{{"validity_days_default", rules_.letter_validity_days_default},
                      {"validity_days_max", rules_.letter_validity_days_max},
                      {"validity_days_max_cross_province", rules_.letter_validity_days_max_cross_province},
                      {"validity_over_max", domain::severity_code(rules_.validity_over_max)},
                      {"stub_retention_years", rules_.stub_retention_years},
                      {"receipt_within_months", rules_.receipt_within_months}};
}

json::object TransferService::issue_letter(const LetterInput& in, const ChangeMeta& meta, const http::Scope& scope) {
  const domain::Date today = ctx_.today();
  return with_serial_retry([&] { return ctx_.db.write_value([&](db::Tx& tx) {
    if (!in.member_id) throw http::validation_failed({{"member_id", "member_id.required", "请选择党员"}});
    auto subject = members_.subject_in_scope(tx, *in.member_id, scope, "开具组织关系介绍信");
    const std::optional<member::MemberRecord> m = std::move(subject.member);
    const std::optional<org::OrgRecord> branch = std::move(subject.org);
    org::OrgService orgs(ctx_);
    // One letter per member: an open case (a letter out, or a transfer inside) is reissued or ended first.
    if (tx.query_one("SELECT id FROM transfers WHERE open_member_id = $1", {m->id}))
      throw http::conflict("transfer.open", "该党员已有未办结的组织关系转接或介绍信，如需重开请使用“重开介绍信”",
                           "member_id");
    if (subject.not_current) throw http::validation_failed({*subject.not_current});
    LetterFields f = letter_fields(in, std::nullopt, rules_, today);
    auto reason = trimmed(in.reason);
    if (reason && util::utf8_length(*reason) > 200)
      throw http::validation_failed({{"reason", "reason.too_long", "转出原因不能超过200个字"}});
    const org::OrgRecord issuing = issuing_org_of(tx, orgs, *branch);
    const std::string now = now_timestamp();
    const std::string state = code_of(TransferState::kIssued);
    const std::string why = reason.value_or("转出本系统");
    const int64_t id = tx.query_int(
        "INSERT INTO transfers (member_id, open_member_id, member_name, from_org_id, to_org_id, requested_by, reason, "
        "state, requested_at, requested_by_user, requested_by_name, approved_at, approved_by_name, version, "
        "created_at, updated_at, kind, member_status_before) VALUES ($1, $1, $2, $3, $3, 'branch', $4, $5, $6, $7, "
        "$8, $6, $8, 1, $6, $6, 'outgoing', $9) RETURNING id",
        {m->id, m->name, branch->id, why, state, now, meta.user_id ? db::Value(meta.user_id) : db::Value(), meta.actor,
         m->status});
    const LiveLetter l = insert_letter(tx, id, issuing, f, meta, now);
    add_event(tx, id, "issue_letter", std::nullopt, state, std::nullopt, "介绍信编号 " + l.serial_no, meta, now);
    // The member leaves the registry's current members from the issue date (R-T06; the receipt
    // later confirms the arrival).
    member::MemberService::StatusChange ch;
    ch.status = "transferred_out";
    ch.effective_date = f.issued_on.iso();
    ch.reason = "开具组织关系介绍信（编号" + l.serial_no + "）转往" + f.to_org_name;
    ch.approver = issuing.name;
    ch.source = "transfer";
    members_.change_status_in(tx, m->id, ch, meta);
    json::object after{{"member_id", m->id},           {"kind", "outgoing"},         {"state", state},
                       {"letter_no", l.serial_no},     {"issuing_org_id", issuing.id}, {"to_org_name", f.to_org_name},
                       {"validity_days", f.validity_days}, {"issued_on", f.issued_on.iso()}, {"channel", f.channel},
                       {"dues_paid_to", f.dues_paid_to}};
    audit::record(tx, ctx_.cipher, meta,
                  {"transfer.issue_letter", "transfer", std::to_string(id), branch->id, std::nullopt, json::serialize(after)});
    json::object out = detail_in(tx, *find_row(tx, id), rules_, today, &scope);
    out["warnings"] = warnings_json(f.warnings);
    return out;
  }); });
}

json::object TransferService::reissue_letter(int64_t id, const LetterInput& in, const ChangeMeta& meta,
                                             const http::Scope& scope) {
  const domain::Date today = ctx_.today();
  return with_serial_retry([&] { return ctx_.db.write_value([&](db::Tx& tx) {
    auto t = find_row(tx, id);
    if (!t) throw http::not_found("转接");
    scope.require(t->from_path, "转接");
    if (t->kind != "outgoing") throw http::conflict("transfer.kind", "只有转出本系统的介绍信可以重开", "kind");
    check_version(Decision{in.version, {}, {}}, *t);
    if (!domain::letter_reissue_allowed(state_of(shown_state(*t, today)))) wrong_state(*t, "重开介绍信", today);
    auto old = live_letter(tx, id);
    if (!old) throw std::logic_error("outgoing transfer without a live letter");
    LetterInput next = in;
    if (!next.validity_days) next.validity_days = rules_.letter_validity_days_default;
    next.reason.reset();
    LetterFields f = letter_fields(next, old->fields, rules_, today);
    const std::string why = trimmed(in.reason).value_or("重开介绍信");
    const std::string now = now_timestamp();
    void_letter(tx, old->id, meta, why, now);
    org::OrgService orgs(ctx_);
    const LiveLetter l = insert_letter(tx, id, *orgs.find(tx, old->issuing_org_id), f, meta, now);
    stored_or_conflict(store_state(tx, *t, t->state, std::nullopt, "", {}));
    add_event(tx, id, "reissue_letter", t->state, t->state, std::nullopt,
              "作废编号 " + old->serial_no + "，重开编号 " + l.serial_no + "：" + why, meta, now);
    audit_transition(tx, ctx_, meta, "reissue_letter", *t, t->from_org_id,
                     json::object{{"voided_letter_no", old->serial_no}, {"letter_no", l.serial_no},
                                  {"validity_days", f.validity_days}, {"issued_on", f.issued_on.iso()}, {"reason", why}});
    json::object out = detail_in(tx, *find_row(tx, id), rules_, today, &scope);
    out["warnings"] = warnings_json(f.warnings);
    return out;
  }); });
}

json::object TransferService::cancel_letter(int64_t id, const Decision& d, const ChangeMeta& meta,
                                            const http::Scope& scope) {
  const domain::Date today = ctx_.today();
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto t = find_row(tx, id);
    if (!t) throw http::not_found("转接");
    scope.require(t->from_path, "转接");
    if (t->kind != "outgoing") throw http::conflict("transfer.kind", "只有转出本系统的介绍信可以撤销", "kind");
    check_version(d, *t);
    // Before any receipt: the stored state is issued (an expired letter is issued as stored).
    if (t->state != "issued") wrong_state(*t, "撤销", today);
    require_path({TransferState::kIssued, TransferState::kCancelled});
    const std::string text = trimmed(d.reason).value_or("");
    if (text.empty()) throw http::validation_failed({{"reason", "reason.required", "请写明撤销原因"}});
    if (util::utf8_length(text) > 500)
      throw http::validation_failed({{"reason", "reason.too_long", "撤销原因不能超过500个字"}});
    const std::string now = now_timestamp();
    if (auto l = live_letter(tx, id)) void_letter(tx, l->id, meta, "撤销：" + text, now);
    const std::string next = code_of(TransferState::kCancelled);
    stored_or_conflict(store_state(tx, *t, next, std::nullopt, "decided_at = $1, decided_by_name = $2",
                                   {now, meta.actor}));
    add_event(tx, id, "cancel_letter", t->state, next, std::nullopt, text, meta, now);
    // The member is back where it was before the letter.
    member::MemberService::StatusChange ch;
    ch.status = t->member_status_before.value_or("normal");
    ch.reason = "撤销组织关系介绍信（编号" + t->letter_no.value_or("") + "）：" + text;
    ch.source = "transfer";  // only the letter may undo 已转出 (domain/member_status R-T06)
    members_.change_status_in(tx, t->member_id, ch, meta);
    audit_transition(tx, ctx_, meta, "cancel_letter", *t, t->from_org_id,
                     json::object{{"state", next}, {"reason", text}, {"member_status", ch.status}});
    return detail_in(tx, *find_row(tx, id), rules_, today, &scope);
  });
}

json::object TransferService::record_receipt(int64_t id, const ReceiptInput& in, const ChangeMeta& meta,
                                             const http::Scope& scope) {
  const domain::Date today = ctx_.today();
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto t = find_row(tx, id);
    if (!t) throw http::not_found("转接");
    if (t->kind == "internal") {
      require_either(scope, *t);
      throw http::conflict("transfer.kind", "系统内转接无需登记回执", "kind");
    }
    const bool outgoing = t->kind == "outgoing";
    // The local side: the sender of an outgoing letter, the receiver of an incoming one.
    scope.require(outgoing ? t->from_path : t->to_path, "转接");
    check_version(Decision{in.version, {}, {}}, *t);
    if (t->state != (outgoing ? "issued" : "accepted")) wrong_state(*t, "登记回执", today);
    std::vector<domain::FieldError> errs;
    auto on = date_field(in.date, "date", "回执日期", today, errs);
    auto org_name = trimmed(in.org_name);
    text_field(org_name, "org_name", outgoing ? "接收党组织名称" : "回执寄往的党组织名称", 100, outgoing, errs);
    if (on && t->letter_issued_on && *on < *domain::Date::parse(*t->letter_issued_on))
      errs.push_back({"date", "date.before_letter", "回执日期不能早于介绍信开具日期"});
    if (!outgoing && on && t->moved_on && *on < *domain::Date::parse(*t->moved_on))
      errs.push_back({"date", "date.before_received", "回执日期不能早于接收日期"});
    if (!errs.empty()) throw http::validation_failed(errs);
    std::vector<std::string> warnings;
    if (outgoing) {
      // The domain path of a letter that reached its receiver: received → accepted → receipt back.
      require_path({TransferState::kIssued, TransferState::kReceived, TransferState::kAccepted,
                    TransferState::kReceiptReturned});
      // R-T09: the receiver signed after the last valid day: usable only with the branch's
      // certificate and the member's request; recorded, with a warning.
      if (t->letter_last_valid_day && *on > *domain::Date::parse(*t->letter_last_valid_day))
        warnings.push_back("回执日期晚于介绍信有效期，逾期介绍信须有党支部证明并经本人申请方可使用（R-T09）");
    } else {
      require_path({TransferState::kAccepted, TransferState::kReceiptReturned});
    }
    const std::string now = now_timestamp();
    const std::string next = code_of(TransferState::kReceiptReturned);
    // Incoming: the receipt goes back to the org that sent the letter (unless another is named).
    const std::string to_whom = outgoing ? *org_name : org_name.value_or(t->outside_org_name.value_or(""));
    db::Params extra{on->iso(), to_whom, now, meta.actor};
    stored_or_conflict(store_state(tx, *t, next, std::nullopt,
                                   "receipt_on = $1, receipt_org_name = $2, receipt_due = NULL, decided_at = $3, "
                                   "decided_by_name = $4",
                                   extra));
    add_event(tx, id, outgoing ? "receipt_returned" : "receipt_sent", t->state, next, std::nullopt,
              outgoing ? "回执：" + *org_name + "，" + on->iso() : "回执寄回：" + on->iso(), meta, now);
    audit_transition(tx, ctx_, meta, "receipt", *t, outgoing ? t->from_org_id : t->to_org_id,
                     json::object{{"state", next}, {"receipt_on", on->iso()}, {"org_name", to_whom}});
    json::object out = detail_in(tx, *find_row(tx, id), rules_, today, &scope);
    out["warnings"] = warnings_json(warnings);
    return out;
  });
}

json::object TransferService::letter(int64_t id, const ChangeMeta& meta, const http::Scope& scope) {
  const domain::Date today = ctx_.today();
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto t = find_row(tx, id);
    if (!t) throw http::not_found("转接");
    if (t->kind != "outgoing") {
      require_either(scope, *t);
      throw http::conflict("transfer.no_letter", "只有转出本系统的转接才有本系统开具的介绍信", "kind");
    }
    scope.require(t->from_path, "转接");
    auto l = live_letter(tx, id);
    if (!l) {
      // A cancelled case: its letter is void and is no longer printed.
      throw http::conflict("transfer.no_letter", "介绍信已作废，不能打印", "state");
    }
    auto m = members_.find(tx, t->member_id);
    org::OrgService orgs(ctx_);
    const auto issuing = orgs.find(tx, l->issuing_org_id);
    const std::string id_number = members_.decrypt(m->id_enc);
    const auto& f = l->fields;
    const auto ym = *domain::YearMonth::parse(f.dues_paid_to);
    auto label = [](std::span<const domain::EnumValue> values, const std::optional<std::string>& code) -> json::value {
      if (!code) return nullptr;
      auto e = domain::find_enum(values, *code);
      return e ? json::value(std::string(e->label)) : json::value(nullptr);
    };
    const std::string shown = shown_state(*t, today);
    json::object out{
        {"transfer_id", t->id},
        {"state", shown},
        {"serial_no", l->serial_no},
        {"issuing_org", json::object{{"id", issuing->id}, {"name", issuing->name}}},
        {"member",
         json::object{{"id", m->id},
                      {"name", m->name},
                      {"gender", label(domain::genders(), m->gender)},
                      {"age", domain::completed_years(*domain::Date::parse(m->birth_date), f.issued_on)},
                      {"ethnicity", label(domain::ethnicities(), m->ethnicity)},
                      {"category", m->category},
                      {"category_label", label(domain::member_categories(), m->category)},
                      {"id_number", id_number}}},
        {"from_org_name", t->from_name},
        {"to_org_name", f.to_org_name},
        {"channel", f.channel},
        {"channel_label", channel_label(f.channel)},
        {"dues_paid_to", f.dues_paid_to},
        {"dues_paid_to_capital",
         json::object{{"year", domain::capital_digits(ym.year)}, {"month", domain::capital_numeral(ym.month)},
                      {"text", domain::capital_year_month(ym)}}},
        {"validity_days", f.validity_days},
        {"validity_days_capital", domain::capital_numeral(f.validity_days)},
        {"issued_on", f.issued_on.iso()},
        {"last_valid_day", domain::letter_last_valid_day(f.issued_on, f.validity_days).iso()},
        {"contact_phone", opt_json(f.phone)},
        {"contact_fax", opt_json(f.fax)},
        {"contact_postcode", opt_json(f.postcode)},
        {"receipt", json::object{{"on", opt_json(t->receipt_on)}, {"org_name", opt_json(t->receipt_org_name)}}},
        {"stub_retention_years", rules_.stub_retention_years},
    };
    // The ID number leaves only if this record commits (as POST /api/members/{id}/reveal).
    json::object what{{"field", "id_number"},
                      {"reason", "打印组织关系介绍信（编号" + l->serial_no + "）"},
                      {"transfer_id", t->id}};
    audit::record(tx, ctx_.cipher, meta,
                  {"member.reveal", "member", std::to_string(m->id), m->org_id, std::nullopt, json::serialize(what)});
    return out;
  });
}

json::object TransferService::register_incoming(const IncomingInput& in, const ChangeMeta& meta,
                                                const http::Scope& scope) {
  const domain::Date today = ctx_.today();
  return ctx_.db.write_value([&](db::Tx& tx) {
    // The receiving branch must be the caller's before any message tells anything about it.
    org::OrgService orgs(ctx_);
    if (in.member.org_id)
      if (auto o = orgs.find(tx, *in.member.org_id)) scope.require(o->path, "组织");
    std::vector<domain::FieldError> errs;
    std::optional<std::string> letter_no = in.letter_no, from = in.from_org_name;
    text_field(letter_no, "letter_no", "介绍信编号", 50, true, errs);
    text_field(from, "from_org_name", "转出党组织名称", 100, true, errs);
    auto ym = dues_field(in.dues_paid_to, errs);
    auto received = date_field(in.received_on, "received_on", "接收日期", today, errs);
    std::optional<domain::Date> issued;
    if (in.letter_issued_on && !in.letter_issued_on->empty()) {
      issued = domain::Date::parse(*in.letter_issued_on);
      if (!issued) errs.push_back({"letter_issued_on", "letter_issued_on.invalid", "开具日期格式应为YYYY-MM-DD"});
      else if (received && *issued > *received)
        errs.push_back({"letter_issued_on", "letter_issued_on.after_received", "开具日期不能晚于接收日期"});
    }
    if (in.letter_validity_days && (*in.letter_validity_days < 1 || *in.letter_validity_days > 9999))
      errs.push_back({"letter_validity_days", "letter_validity_days.invalid", "介绍信有效期应为1天以上的整数"});
    if (!errs.empty()) throw http::validation_failed(errs);
    std::vector<std::string> warnings;
    std::optional<std::string> last;
    if (issued && in.letter_validity_days) {
      const auto lvd = domain::letter_last_valid_day(*issued, static_cast<int>(*in.letter_validity_days));
      last = lvd.iso();
      if (domain::letter_expired(*issued, static_cast<int>(*in.letter_validity_days), *received))
        warnings.push_back("介绍信已过有效期（最后有效日" + *last +
                           "），须有原党支部证明并经本人申请方可接收（R-T09）");
    }
    const member::MemberRecord m = members_.create_in(tx, in.member, meta, scope);
    const auto branch = orgs.find(tx, m.org_id);
    const std::string now = now_timestamp();
    const std::string state = code_of(TransferState::kAccepted);
    const std::string due = domain::receipt_deadline(*received, today, rules_).due.iso();
    const std::string dues = ym->iso();
    const int64_t id = tx.query_int(
        "INSERT INTO transfers (member_id, member_name, from_org_id, to_org_id, requested_by, reason, state, "
        "requested_at, requested_by_user, requested_by_name, decided_at, decided_by_name, moved_on, version, "
        "created_at, updated_at, kind, outside_org_name, letter_no, letter_issued_on, letter_validity_days, "
        "letter_last_valid_day, dues_paid_to, receipt_due) VALUES ($1, $2, $3, $3, 'branch', '外来组织关系转入', $4, "
        "$5, $6, $7, $5, $7, $8, 1, $5, $5, 'incoming', $9, $10, $11, $12, $13, $14, $15) RETURNING id",
        {m.id, m.name, branch->id, state, now, meta.user_id ? db::Value(meta.user_id) : db::Value(), meta.actor,
         received->iso(), *from, *letter_no, issued ? db::Value(issued->iso()) : db::Value(),
         in.letter_validity_days ? db::Value(*in.letter_validity_days) : db::Value(), last, dues, due});
    add_event(tx, id, "register_incoming", std::nullopt, state, std::nullopt,
              "来自" + *from + "，介绍信编号 " + *letter_no, meta, now);
    json::object after{{"member_id", m.id},        {"kind", "incoming"},      {"state", state},
                       {"from_org_name", *from},   {"letter_no", *letter_no}, {"received_on", received->iso()},
                       {"dues_paid_to", dues},     {"receipt_due", due}};
    audit::record(tx, ctx_.cipher, meta,
                  {"transfer.register_incoming", "transfer", std::to_string(id), branch->id, std::nullopt,
                   json::serialize(after)});
    json::object out = detail_in(tx, *find_row(tx, id), rules_, today, &scope);
    out["warnings"] = warnings_json(warnings);
    return out;
  });
}

}  // namespace lianxin::modules::transfer
