// Mobile members: outflow and inflow registration, the contact log, return, lists and detail.
// Every write runs in one transaction with its audit record (called last); an outflow's member
// status change (→ mobile, and back to normal on return) goes through
// member::MemberService::change_status_in in that transaction, so the member's dated history
// says when the member went out and came back.
#include "modules/mobile/mobile_service.hpp"

#include "db/keyset.hpp"
#include "domain/enums.hpp"
#include "domain/id_number.hpp"
#include "domain/org_hierarchy.hpp"
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/common/json_util.hpp"
#include "modules/common/subtree_sql.hpp"
#include "modules/org/org_service.hpp"
#include "util/csv.hpp"

namespace lianxin::modules::mobile {

namespace json = boost::json;
using domain::FieldError;

namespace {

struct MobileRow {
  int64_t id = 0, expected_months = 0, version = 1;
  std::string direction, member_name, home_org_name, destination, reason, start_date, expected_end, card_no,
      card_issued_on, findings, state, last_contact_on, created_by_name, created_at, updated_at;
  std::optional<int64_t> member_id, home_org_id, host_org_id, card_checked;
  std::optional<std::string> id_number_enc, card_issuer, contact_name, contact_phone_enc, contact_phone_masked,
      transfer_exception, returned_on, return_note, returned_by_name, home_path, host_path, host_name;
};

constexpr const char* kSelect =
    "SELECT m.id, m.direction, m.member_id, m.member_name, m.id_number_enc, m.home_org_id, m.home_org_name, "
    "m.host_org_id, m.destination, m.reason, m.start_date, m.expected_months, m.expected_end, m.card_no, "
    "m.card_issued_on, m.card_issuer, m.contact_name, m.contact_phone_enc, m.contact_phone_masked, "
    "m.transfer_exception, m.findings, m.state, m.last_contact_on, m.returned_on, m.card_checked, m.return_note, "
    "m.created_by_name, m.returned_by_name, m.version, m.created_at, m.updated_at, ho.path, so.path, so.name "
    "FROM mobile_members m LEFT JOIN orgs ho ON ho.id = m.home_org_id LEFT JOIN orgs so ON so.id = m.host_org_id ";
constexpr const char* kFrom =
    " FROM mobile_members m LEFT JOIN orgs ho ON ho.id = m.home_org_id LEFT JOIN orgs so ON so.id = m.host_org_id WHERE ";

MobileRow row_of(const db::Row& r) {
  MobileRow m;
  m.id = r.i64(0);
  m.direction = r.text(1);
  m.member_id = r.opt_i64(2);
  m.member_name = r.text(3);
  m.id_number_enc = r.opt_text(4);
  m.home_org_id = r.opt_i64(5);
  m.home_org_name = r.text(6);
  m.host_org_id = r.opt_i64(7);
  m.destination = r.text(8);
  m.reason = r.text(9);
  m.start_date = r.text(10);
  m.expected_months = r.i64(11);
  m.expected_end = r.text(12);
  m.card_no = r.text(13);
  m.card_issued_on = r.text(14);
  m.card_issuer = r.opt_text(15);
  m.contact_name = r.opt_text(16);
  m.contact_phone_enc = r.opt_text(17);
  m.contact_phone_masked = r.opt_text(18);
  m.transfer_exception = r.opt_text(19);
  m.findings = r.text(20);
  m.state = r.text(21);
  m.last_contact_on = r.text(22);
  m.returned_on = r.opt_text(23);
  m.card_checked = r.opt_i64(24);
  m.return_note = r.opt_text(25);
  m.created_by_name = r.text(26);
  m.returned_by_name = r.opt_text(27);
  m.version = r.i64(28);
  m.created_at = r.text(29);
  m.updated_at = r.text(30);
  m.home_path = r.opt_text(31);
  m.host_path = r.opt_text(32);
  m.host_name = r.opt_text(33);
  return m;
}

std::optional<MobileRow> find_row(db::Tx& tx, int64_t id) {
  auto r = tx.query_one(std::string(kSelect) + "WHERE m.id = $1", {id});
  if (!r) return std::nullopt;
  return row_of(*r);
}

// The side that registered the record and answers for it: the home branch of an outflow, the
// host branch of an inflow from outside.
const std::string& owner_path(const MobileRow& m) { return m.direction == "out" ? *m.home_path : *m.host_path; }
int64_t owner_org(const MobileRow& m) { return m.direction == "out" ? *m.home_org_id : *m.host_org_id; }

// Either side may read: 404 when the caller sees neither, 403 when it sees one without the permission.
void require_either(const http::Scope& scope, const MobileRow& m) {
  for (const auto* p : {&m.home_path, &m.host_path})
    if (*p && scope.contains_path(**p)) return;
  for (const auto* p : {&m.home_path, &m.host_path})
    if (*p && scope.sees_path(**p)) throw http::forbidden("permission_denied", "没有权限执行此操作");
  throw http::not_found("流动党员记录");
}

std::optional<std::string> trimmed(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  const auto b = s->find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return std::nullopt;
  const auto e = s->find_last_not_of(" \t\r\n");
  return s->substr(b, e - b + 1);
}

// A required (or optional) text of at most `max` characters.
std::optional<std::string> text_field(const std::optional<std::string>& raw, const char* field, const char* label,
                                      size_t max, bool required, std::vector<FieldError>& errs) {
  auto v = trimmed(raw);
  if (!v) {
    if (required) errs.push_back({field, std::string(field) + ".required", std::string(label) + "为必填项"});
    return std::nullopt;
  }
  if (util::utf8_length(*v) > max) {
    errs.push_back({field, std::string(field) + ".too_long",
                    std::string(label) + "不能超过" + std::to_string(max) + "个字"});
    return std::nullopt;
  }
  return v;
}

std::optional<domain::Date> date_field(const std::optional<std::string>& raw, const char* field, const char* label,
                                       bool required, std::vector<FieldError>& errs) {
  auto v = trimmed(raw);
  if (!v) {
    if (required) errs.push_back({field, std::string(field) + ".required", std::string(label) + "为必填项"});
    return std::nullopt;
  }
  auto d = domain::Date::parse(*v);
  if (!d) errs.push_back({field, std::string(field) + ".invalid", std::string(label) + "应为 YYYY-MM-DD 格式的日期"});
  return d;
}

// A mobile number (normalized) or a landline "0area-number[-ext]" as entered.
std::optional<std::string> phone_field(const std::optional<std::string>& raw, std::vector<FieldError>& errs) {
  auto v = trimmed(raw);
  if (!v) return std::nullopt;
  if (auto m = domain::normalize_mobile(*v)) return m;
  bool ok = v->size() >= 7 && v->size() <= 20 && (*v)[0] == '0';
  for (char c : *v) ok = ok && ((c >= '0' && c <= '9') || c == '-');
  if (!ok) {
    errs.push_back({"contact_phone", "contact_phone.invalid", "联系电话应为11位手机号或固定电话（如 010-12345678）"});
    return std::nullopt;
  }
  return v;
}

const char* state_label(const std::string& s) { return s == "active" ? "外出中" : "已返回"; }

json::array findings_of(const std::string& text) {
  json::value v = json::parse(text);
  return v.is_array() ? v.as_array() : json::array{};
}

json::object finding_json(const domain::MobileFinding& f) {
  return json::object{{"rule_id", f.rule_id}, {"severity", domain::severity_code(f.severity)}, {"message", f.message}};
}

json::object mobile_json(const MobileRow& m, const domain::TransferRulePack& rules, domain::Date today) {
  json::value due = nullptr;
  bool overdue = false;
  // R-M04 is the 流出地's duty: outflows only (an inflow's home organization is outside).
  if (m.direction == "out" && m.state == "active") {
    const auto last = *domain::Date::parse(m.last_contact_on);
    due = domain::contact_due(last, rules).iso();
    overdue = domain::contact_overdue(last, today, rules);
  }
  json::value host = nullptr;
  if (m.host_org_id) host = json::object{{"id", *m.host_org_id}, {"name", m.host_name.value_or("")}};
  json::value id_masked = nullptr;
  return json::object{
      {"id", m.id},
      {"direction", m.direction},
      {"direction_label", m.direction == "out" ? "流出" : "流入（外单位）"},
      {"member", json::object{{"id", opt_json(m.member_id)}, {"name", m.member_name}}},
      {"has_id_number", m.id_number_enc.has_value()},
      {"home_org", json::object{{"id", opt_json(m.home_org_id)}, {"name", m.home_org_name}}},
      {"host_org", host},
      {"destination", m.destination},
      {"reason", m.reason},
      {"start_date", m.start_date},
      {"expected_months", m.expected_months},
      {"expected_end", m.expected_end},
      {"card", json::object{{"no", m.card_no}, {"issued_on", m.card_issued_on}, {"issuer", opt_json(m.card_issuer)}}},
      {"contact_name", opt_json(m.contact_name)},
      {"contact_phone", opt_json(m.contact_phone_masked)},
      {"transfer_exception", opt_json(m.transfer_exception)},
      {"findings", findings_of(m.findings)},
      {"state", m.state},
      {"state_label", state_label(m.state)},
      {"last_contact_on", m.last_contact_on},
      {"contact_due", due},
      {"contact_overdue", overdue},
      {"returned_on", opt_json(m.returned_on)},
      {"card_checked", m.card_checked ? json::value(*m.card_checked != 0) : json::value(nullptr)},
      {"return_note", opt_json(m.return_note)},
      {"created_by", m.created_by_name},
      {"returned_by", opt_json(m.returned_by_name)},
      {"version", m.version},
      {"created_at", m.created_at},
      {"updated_at", m.updated_at},
  };
}

json::object detail_in(db::Tx& tx, const MobileRow& m, const domain::TransferRulePack& rules, domain::Date today) {
  json::object j = mobile_json(m, rules, today);
  json::array contacts;
  for (const auto& r : tx.query("SELECT id, contact_on, way, note, actor_name, at FROM mobile_contacts "
                                "WHERE mobile_id = $1 ORDER BY contact_on DESC, id DESC",
                                {m.id}))
    contacts.push_back(json::object{{"id", r.i64(0)},
                                    {"contact_on", r.text(1)},
                                    {"way", r.text(2)},
                                    {"note", opt_json(r.opt_text(3))},
                                    {"actor", r.text(4)},
                                    {"at", r.text(5)}});
  j["contacts"] = std::move(contacts);
  return j;
}

// The fields both registrations share; appends the field errors it finds.
struct Common {
  std::optional<std::string> destination, reason, card_no, card_issuer, contact_name, contact_phone, exception;
  std::optional<domain::Date> start, issued;
  int64_t months = 0;
};

Common common_fields(const MobileInput& in, bool destination_required, domain::Date today,
                     std::vector<FieldError>& errs) {
  Common c;
  c.destination = text_field(in.destination, "destination", "外出流向", 100, destination_required, errs);
  c.reason = text_field(in.reason, "reason", "外出原因", 200, true, errs);
  c.start = date_field(in.start_date, "start_date", "外出日期", true, errs);
  if (!in.expected_months) errs.push_back({"expected_months", "expected_months.required", "预计外出时长（月）为必填项"});
  else if (*in.expected_months < 1 || *in.expected_months > 120)
    errs.push_back({"expected_months", "expected_months.range", "预计外出时长应为1–120个月"});
  else c.months = *in.expected_months;
  c.card_no = text_field(in.card_no, "card_no", "《流动党员活动证》编号", 40, true, errs);
  c.issued = date_field(in.card_issued_on, "card_issued_on", "活动证发放日期", true, errs);
  if (c.issued && *c.issued > today)
    errs.push_back({"card_issued_on", "card_issued_on.future", "活动证发放日期不能晚于今天"});
  c.card_issuer = text_field(in.card_issuer, "card_issuer", "发证党组织（基层党委）", 100, false, errs);
  c.contact_name = text_field(in.contact_name, "contact_name", "联系人", 50, false, errs);
  c.contact_phone = phone_field(in.contact_phone, errs);
  c.exception = text_field(in.transfer_exception, "transfer_exception", "暂不能转接组织关系的原因", 200, false, errs);
  return c;
}

// A branch of the instance in use (host of a card): field errors otherwise.
std::optional<org::OrgRecord> host_branch(db::Tx& tx, org::OrgService& orgs, int64_t id,
                                          std::vector<FieldError>& errs) {
  auto o = orgs.find(tx, id);
  if (!o) errs.push_back({"host_org_id", "org.not_found", "流入地党组织不存在"});
  else if (o->dissolved()) errs.push_back({"host_org_id", "org.dissolved", "流入地党组织已撤销"});
  else if (!domain::org_kind_holds_members(o->kind))
    errs.push_back({"host_org_id", "org.not_branch", "流入地党组织应为党支部（含联合党支部、临时党支部）"});
  else return o;
  return std::nullopt;
}

void require_unique_card(db::Tx& tx, const std::string& card_no) {
  if (tx.query_one("SELECT id FROM mobile_members WHERE card_no = $1", {card_no}))
    throw http::conflict("mobile.card_taken", "该《流动党员活动证》编号已登记", "card_no");
}

}  // namespace

MobileService::MobileService(ModuleContext& ctx, member::MemberService& members, domain::TransferRulePack rules)
    : ctx_(ctx), members_(members), rules_(std::move(rules)) {}

json::object MobileService::register_outflow(const MobileInput& in, const ChangeMeta& meta, const http::Scope& scope) {
  const domain::Date today = ctx_.today();
  return ctx_.db.write_value([&](db::Tx& tx) {
    org::OrgService orgs(ctx_);
    std::vector<FieldError> errs;
    std::optional<member::MemberRecord> m;
    std::optional<org::OrgRecord> home;
    if (!in.member_id) {
      errs.push_back({"member_id", "member_id.required", "外出党员为必填项"});
    } else {
      auto subject = members_.subject_in_scope(tx, *in.member_id, scope, "登记为流动党员");
      m = std::move(subject.member);
      home = std::move(subject.org);
      if (subject.not_current) errs.push_back(*subject.not_current);
    }
    Common c = common_fields(in, true, today, errs);
    std::optional<org::OrgRecord> host;
    if (in.host_org_id) {
      host = host_branch(tx, orgs, *in.host_org_id, errs);
      if (host && home && host->id == home->id) {
        errs.push_back({"host_org_id", "mobile.same_org", "流入地党组织与党员所在党支部相同"});
        host.reset();
      }
    }
    // R-T02 / R-M01: a fixed place for more than 6 months (exactly 6 per the boundary setting)
    // needs a transfer; a stated reason why it cannot be done yet keeps the card, flagged.
    json::array findings;
    if (c.months > 0) {
      if (auto f = domain::check_card_duration(static_cast<int>(c.months), rules_)) {
        if (!c.exception) {
          errs.push_back({"expected_months", f->rule_id,
                          f->message + "；如确暂不能转接，请填写暂不能转接的原因"});
        } else {
          f->severity = domain::Severity::kWarn;
          f->message += "；已说明暂不能转接：" + *c.exception;
          findings.push_back(finding_json(*f));
        }
      }
    }
    if (!errs.empty()) throw http::validation_failed(errs);
    if (tx.query_one("SELECT id FROM mobile_members WHERE open_member_id = $1", {m->id}))
      throw http::conflict("mobile.active", "该党员已登记为流动党员，返回后才能再次登记", "member_id");
    require_unique_card(tx, *c.card_no);

    // R-M02: others of the same branch, still out, going to the same place (the same host branch
    // when one is named, else the same destination text) over an overlapping period.
    const domain::Date end = domain::expected_end(*c.start, static_cast<int>(c.months));
    db::Params gp{home->id, end.iso(), c.start->iso()};
    std::string same_place;
    if (host) {
      gp.emplace_back(host->id);
      same_place = "host_org_id = " + db::last_placeholder(gp);
    } else {
      gp.emplace_back(*c.destination);
      same_place = "host_org_id IS NULL AND destination = " + db::last_placeholder(gp);
    }
    json::array companions;
    for (const auto& r : tx.query("SELECT id, member_name FROM mobile_members WHERE direction = 'out' AND state = "
                                  "'active' AND home_org_id = $1 AND start_date <= $2 AND expected_end >= $3 AND " +
                                      same_place + " ORDER BY id",
                                  gp))
      companions.push_back(json::object{{"id", r.i64(0)}, {"name", r.text(1)}});
    if (auto f = domain::check_group_out(static_cast<int>(companions.size()) + 1, rules_)) {
      json::object fj = finding_json(*f);
      fj["companions"] = companions;
      findings.push_back(std::move(fj));
    }

    const std::string now = now_timestamp();
    db::Value phone_enc, phone_masked;
    if (c.contact_phone) {
      phone_enc = ctx_.cipher.encrypt(*c.contact_phone);
      phone_masked = domain::mask_phone(*c.contact_phone);
    }
    const int64_t id = tx.query_int(
        "INSERT INTO mobile_members (direction, member_id, open_member_id, member_name, home_org_id, home_org_name, "
        "host_org_id, destination, reason, start_date, expected_months, expected_end, card_no, card_issued_on, "
        "card_issuer, contact_name, contact_phone_enc, contact_phone_masked, transfer_exception, findings, state, "
        "last_contact_on, created_by_name, version, created_at, updated_at) VALUES ('out', $1, $1, $2, $3, $4, $5, $6, "
        "$7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 'active', $8, $19, 1, $20, $20) RETURNING id",
        {m->id, m->name, home->id, home->name, host ? db::Value(host->id) : db::Value(), *c.destination, *c.reason,
         c.start->iso(), c.months, end.iso(), *c.card_no, c.issued->iso(), c.card_issuer, c.contact_name, phone_enc,
         phone_masked, c.exception, json::serialize(findings), meta.actor, now});
    // R-N04: the member is flagged 流动 from the day going out (or today, if registered later).
    if (m->status != "mobile") {
      member::MemberService::StatusChange ch;
      ch.status = "mobile";
      ch.effective_date = (*c.start < today ? *c.start : today).iso();
      ch.reason = "流动党员登记（外出流向：" + *c.destination + "，活动证 " + *c.card_no + "）";
      ch.approver = home->name;
      ch.source = "mobile";
      members_.change_status_in(tx, m->id, ch, meta);
    }
    json::object after{{"direction", "out"},          {"member_id", m->id},       {"home_org_id", home->id},
                       {"host_org_id", host ? json::value(host->id) : nullptr}, {"destination", *c.destination},
                       {"start_date", c.start->iso()}, {"expected_months", c.months}, {"card_no", *c.card_no},
                       {"findings", findings}};
    audit::record(tx, ctx_.cipher, meta,
                  {"mobile.register_out", "mobile_member", std::to_string(id), home->id, std::nullopt,
                   json::serialize(after)});
    return detail_in(tx, *find_row(tx, id), rules_, today);
  });
}

json::object MobileService::register_inflow(const MobileInput& in, const ChangeMeta& meta, const http::Scope& scope) {
  const domain::Date today = ctx_.today();
  return ctx_.db.write_value([&](db::Tx& tx) {
    org::OrgService orgs(ctx_);
    std::vector<FieldError> errs;
    std::optional<org::OrgRecord> host;
    if (!in.host_org_id) {
      errs.push_back({"host_org_id", "host_org_id.required", "流入地党支部为必填项"});
    } else {
      auto o = orgs.find(tx, *in.host_org_id);
      if (!o) throw http::not_found("党组织");
      scope.require(o->path, "党组织");
      host = host_branch(tx, orgs, *in.host_org_id, errs);
    }
    auto name = text_field(in.name, "name", "姓名", 50, true, errs);
    std::optional<std::string> id_number;
    if (auto raw = trimmed(in.id_number)) {
      auto chk = domain::check_id_number(*raw, today);
      if (!chk.ok()) errs.push_back({"id_number", chk.error_code, chk.error_message});
      else id_number = chk.info->normalized;
    } else {
      errs.push_back({"id_number", "id_number.required", "公民身份号码为必填项"});
    }
    auto home_name = text_field(in.home_org_name, "home_org_name", "流出地党组织", 100, true, errs);
    Common c = common_fields(in, false, today, errs);
    if (!errs.empty()) throw http::validation_failed(errs);
    require_unique_card(tx, *c.card_no);
    const domain::Date end = domain::expected_end(*c.start, static_cast<int>(c.months));
    const std::string destination = c.destination.value_or(host->name);
    const std::string now = now_timestamp();
    db::Value phone_enc, phone_masked;
    if (c.contact_phone) {
      phone_enc = ctx_.cipher.encrypt(*c.contact_phone);
      phone_masked = domain::mask_phone(*c.contact_phone);
    }
    const int64_t id = tx.query_int(
        "INSERT INTO mobile_members (direction, member_name, id_number_enc, home_org_name, host_org_id, destination, "
        "reason, start_date, expected_months, expected_end, card_no, card_issued_on, card_issuer, contact_name, "
        "contact_phone_enc, contact_phone_masked, findings, state, last_contact_on, created_by_name, version, "
        "created_at, updated_at) VALUES ('in', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
        "'[]', 'active', $7, $16, 1, $17, $17) RETURNING id",
        {*name, ctx_.cipher.encrypt(*id_number), *home_name, host->id, destination, *c.reason, c.start->iso(),
         c.months, end.iso(), *c.card_no, c.issued->iso(), c.card_issuer, c.contact_name, phone_enc, phone_masked,
         meta.actor, now});
    json::object after{{"direction", "in"},           {"host_org_id", host->id},   {"home_org_name", *home_name},
                       {"start_date", c.start->iso()}, {"expected_months", c.months}, {"card_no", *c.card_no}};
    audit::record(tx, ctx_.cipher, meta,
                  {"mobile.register_in", "mobile_member", std::to_string(id), host->id, std::nullopt,
                   json::serialize(after)});
    return detail_in(tx, *find_row(tx, id), rules_, today);
  });
}

json::object MobileService::detail(int64_t id, const http::Scope& scope) {
  return ctx_.db.read_value([&](db::Tx& tx) {
    auto m = find_row(tx, id);
    if (!m) throw http::not_found("流动党员记录");
    require_either(scope, *m);
    return detail_in(tx, *m, rules_, ctx_.today());
  });
}

json::object MobileService::add_contact(int64_t id, const ContactInput& in, const ChangeMeta& meta,
                                        const http::Scope& scope) {
  const domain::Date today = ctx_.today();
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto m = find_row(tx, id);
    if (!m) throw http::not_found("流动党员记录");
    require_either(scope, *m);
    scope.require(owner_path(*m), "流动党员记录");
    if (m->state != "active")
      throw http::conflict("mobile.state", "该流动党员已返回，不能再登记联系", "state");
    std::vector<FieldError> errs;
    auto on = date_field(in.contact_on, "contact_on", "联系日期", true, errs);
    if (on && *on > today) errs.push_back({"contact_on", "contact_on.future", "联系日期不能晚于今天"});
    auto way = text_field(in.way, "way", "联系方式", 20, true, errs);
    auto note = text_field(in.note, "note", "联系情况", 500, false, errs);
    if (!errs.empty()) throw http::validation_failed(errs);
    const std::string now = now_timestamp();
    tx.exec("INSERT INTO mobile_contacts (mobile_id, contact_on, way, note, actor_id, actor_name, at, request_id) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            {id, on->iso(), *way, note, meta.user_id ? db::Value(meta.user_id) : db::Value(), meta.actor, now,
             meta.request_id});
    // The due date follows the latest contact; a late entry for an earlier day does not move it back.
    const std::string last = std::max(m->last_contact_on, on->iso());
    tx.exec("UPDATE mobile_members SET last_contact_on = $1, version = version + 1, updated_at = $2 WHERE id = $3",
            {last, now, id});
    audit::record(tx, ctx_.cipher, meta,
                  {"mobile.contact", "mobile_member", std::to_string(id), owner_org(*m),
                   json::serialize(json::object{{"last_contact_on", m->last_contact_on}}),
                   json::serialize(json::object{{"contact_on", on->iso()}, {"way", *way}, {"last_contact_on", last}})});
    return detail_in(tx, *find_row(tx, id), rules_, today);
  });
}

json::object MobileService::close(int64_t id, const ReturnInput& in, const ChangeMeta& meta, const http::Scope& scope) {
  const domain::Date today = ctx_.today();
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto m = find_row(tx, id);
    if (!m) throw http::not_found("流动党员记录");
    require_either(scope, *m);
    // R-M03: the card is handed in for checking at the home branch (the host of an inflow from outside).
    scope.require(owner_path(*m), "流动党员记录");
    if (in.version && *in.version != m->version)
      throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试", "version");
    if (m->state != "active") throw http::conflict("mobile.state", "该流动党员已登记返回", "state");
    std::vector<FieldError> errs;
    auto on = date_field(in.returned_on, "returned_on", "返回日期", false, errs).value_or(today);
    if (on > today) errs.push_back({"returned_on", "returned_on.future", "返回日期不能晚于今天"});
    if (on < *domain::Date::parse(m->start_date))
      errs.push_back({"returned_on", "returned_on.before_start", "返回日期不能早于外出日期"});
    auto note = text_field(in.note, "note", "备注", 500, false, errs);
    if (!in.card_checked) errs.push_back({"card_checked", "card_checked.required", "请确认是否已交回并查验活动证（R-M03）"});
    else if (!*in.card_checked && !note)
      errs.push_back({"note", "note.required", "活动证未交回查验时，请在备注中说明原因"});
    if (!errs.empty()) throw http::validation_failed(errs);
    const std::string now = now_timestamp();
    if (tx.exec("UPDATE mobile_members SET state = 'returned', open_member_id = NULL, returned_on = $1, "
                "card_checked = $2, return_note = $3, returned_by_name = $4, version = version + 1, updated_at = $5 "
                "WHERE id = $6 AND version = $7",
                {on.iso(), static_cast<int64_t>(*in.card_checked ? 1 : 0), note, meta.actor, now, id, m->version}) != 1)
      throw http::conflict("version_conflict", "记录已被他人修改，请刷新后重试", "version");
    if (m->member_id) {
      auto member = members_.find(tx, *m->member_id);
      // Only the flag this module set: a status decided meanwhile (失联, 出党...) stays.
      if (member && member->status == "mobile") {
        member::MemberService::StatusChange ch;
        ch.status = "normal";
        ch.effective_date = on.iso();
        ch.reason = "流动党员返回（活动证 " + m->card_no + (*in.card_checked ? "，已查验）" : "，未查验）");
        ch.source = "mobile";
        members_.change_status_in(tx, *m->member_id, ch, meta);
      }
    }
    audit::record(tx, ctx_.cipher, meta,
                  {"mobile.return", "mobile_member", std::to_string(id), owner_org(*m),
                   json::serialize(json::object{{"state", m->state}, {"version", m->version}}),
                   json::serialize(json::object{{"state", "returned"},
                                                {"returned_on", on.iso()},
                                                {"card_checked", *in.card_checked}})});
    return detail_in(tx, *find_row(tx, id), rules_, today);
  });
}

std::string MobileService::reveal(int64_t id, const std::string& field, const std::optional<std::string>& reason,
                                  const ChangeMeta& meta, const http::Scope& scope) {
  return ctx_.db.write_value([&](db::Tx& tx) {
    auto m = find_row(tx, id);
    if (!m) throw http::not_found("流动党员记录");
    require_either(scope, *m);
    const std::optional<std::string>* enc = nullptr;
    if (field == "id_number") enc = &m->id_number_enc;
    else if (field == "contact_phone") enc = &m->contact_phone_enc;
    else throw http::validation_failed({{"field", "field.invalid", "只能查看身份证号或联系电话"}});
    if (!*enc) throw http::not_found("该字段");
    const int64_t org = m->direction == "out" ? *m->home_org_id : *m->host_org_id;
    json::object what{{"field", field}, {"reason", reason ? json::value(*reason) : nullptr}};
    audit::record(tx, ctx_.cipher, meta,
                  {"mobile.reveal", "mobile_member", std::to_string(id), org, std::nullopt, json::serialize(what)});
    return ctx_.cipher.decrypt(**enc);
  });
}

json::object MobileService::list(const MobileFilter& f, const http::Scope& scope, const http::PageRequest& page) {
  const domain::Date today = ctx_.today();
  return ctx_.db.read_value([&](db::Tx& tx) {
    std::string where = "1 = 1";
    db::Params params;
    const auto roots = org::OrgService(ctx_).list_roots(tx, f.org_id, scope);
    if (f.direction && *f.direction != "in" && *f.direction != "out")
      throw http::bad_request("bad_parameter", "direction 只能是 out（流出）或 in（流入）", "direction");
    if (f.direction == "out") where += " AND m.direction = 'out'";
    if (roots) {
      auto within = [&](const char* col) { return within_subtrees(col, *roots, params); };
      if (f.direction == "out") where += " AND " + within("ho.path");
      else if (f.direction == "in") where += " AND " + within("so.path");
      else {
        const std::string home = within("ho.path");
        where += " AND ((ho.path IS NOT NULL AND " + home + ") OR (so.path IS NOT NULL AND " + within("so.path") + "))";
      }
    } else if (f.direction == "in") {
      where += " AND m.host_org_id IS NOT NULL";
    }
    if (f.state) {
      if (*f.state != "active" && *f.state != "returned")
        throw http::bad_request("bad_parameter", "state 只能是 active（外出中）或 returned（已返回）", "state");
      params.emplace_back(*f.state);
      where += " AND m.state = " + db::last_placeholder(params);
    }
    if (f.member_id) {
      params.emplace_back(*f.member_id);
      where += " AND m.member_id = " + db::last_placeholder(params);
    }
    // Contact overdue (R-M04): today > last + N months  <=>  last < today - N months (the same
    // day-of-month arithmetic as domain::add_months; month-end clamping can differ by a day).
    const std::string cutoff = domain::add_months(today, -rules_.abroad_contact_months).iso();
    auto overdue_sql = [&](db::Params& p) {
      p.emplace_back(cutoff);
      return "(m.direction = 'out' AND m.state = 'active' AND m.last_contact_on < " + db::last_placeholder(p) + ")";
    };
    db::Params od_params = params;
    const int64_t overdue = tx.query_int("SELECT COUNT(*)" + std::string(kFrom) + where + " AND " + overdue_sql(od_params),
                                         od_params);
    if (f.contact_overdue) {
      const std::string od = overdue_sql(params);
      where += *f.contact_overdue ? " AND " + od : " AND NOT " + od;
    }
    const int64_t total = tx.query_int("SELECT COUNT(*)" + std::string(kFrom) + where, params);
    if (page.after) {
      where += " AND " + db::after_key(params, {"m.id", page.after_int(0)});
    }
    params.emplace_back(static_cast<int64_t>(page.limit + 1));
    json::array items;
    for (const auto& r : tx.query(std::string(kSelect) + "WHERE " + where + " ORDER BY m.id LIMIT " +
                                      db::last_placeholder(params),
                                  params))
      items.push_back(mobile_json(row_of(r), rules_, today));
    json::object body = http::page_body(std::move(items), total, page.limit,
                                        [](const json::value& last) { return json::array{last.at("id")}; });
    body["contact_overdue"] = overdue;
    return body;
  });
}

std::optional<int64_t> MobileService::active_host_of(db::Tx& tx, int64_t member_id) {
  auto r = tx.query_one("SELECT host_org_id FROM mobile_members WHERE open_member_id = $1", {member_id});
  if (!r) return std::nullopt;
  return r->opt_i64(0);
}

std::vector<int64_t> MobileService::hosted_at(db::Tx& tx, int64_t branch_id) {
  std::vector<int64_t> out;
  for (const auto& r : tx.query("SELECT open_member_id FROM mobile_members WHERE host_org_id = $1 AND open_member_id IS NOT NULL "
                                "ORDER BY open_member_id",
                                {branch_id}))
    out.push_back(r.i64(0));
  return out;
}

domain::BranchRights MobileService::rights_at_branch(db::Tx& tx, int64_t member_id, int64_t branch_id,
                                                     domain::VoterStanding base) {
  auto m = members_.find(tx, member_id);
  if (!m) throw http::not_found("党员");
  if (base.category.empty()) {
    base.category = m->category;
    base.status = m->status;
  }
  return domain::rights_at(base, domain::branch_tie(branch_id, m->org_id, active_host_of(tx, member_id)));
}

}  // namespace lianxin::modules::mobile
