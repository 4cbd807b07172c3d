#include "modules/io/org_import_update.hpp"

#include <boost/json.hpp>

#include "domain/enums.hpp"

namespace lianxin::modules::io {

namespace json = boost::json;

namespace {

using Opt = std::optional<std::string>;

// The columns an import may change, in UPDATE order.
struct Descriptive {
  std::string name;
  Opt host_unit, region_code, established_date, contact_name, contact_phone;
  bool operator==(const Descriptive&) const = default;
};

Descriptive current(const org::OrgRecord& o) {
  return {o.name, o.host_unit, o.region_code, o.established_date, o.contact_name, o.contact_phone};
}

Descriptive merged(const org::OrgRecord& o, const org::OrgDraft& d) {
  Descriptive v = current(o);
  auto take = [](Opt& slot, const Opt& given) {
    if (given && !given->empty()) slot = given;
  };
  if (d.name && !d.name->empty()) v.name = *d.name;
  take(v.host_unit, d.host_unit);
  take(v.region_code, d.region_code);
  take(v.established_date, d.established_date);
  take(v.contact_name, d.contact_name);
  take(v.contact_phone, d.contact_phone);
  return v;
}

json::value opt_json(const Opt& v) { return v ? json::value(*v) : json::value(nullptr); }
Opt opt_from(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? Opt(std::string(v->get_string())) : std::nullopt;
}

std::string snapshot(const Descriptive& v) {
  return json::serialize(json::object{{"name", v.name},
                                      {"host_unit", opt_json(v.host_unit)},
                                      {"region_code", opt_json(v.region_code)},
                                      {"established_date", opt_json(v.established_date)},
                                      {"contact_name", opt_json(v.contact_name)},
                                      {"contact_phone", opt_json(v.contact_phone)}});
}

Descriptive from_snapshot(const std::string& text) {
  const json::object o = json::parse(text).as_object();
  return {std::string(o.at("name").as_string()), opt_from(o, "host_unit"),    opt_from(o, "region_code"),
          opt_from(o, "established_date"),       opt_from(o, "contact_name"), opt_from(o, "contact_phone")};
}

// Writes the values, bumps the version and records the change in the org's history.
int64_t write_descriptive(db::Tx& tx, org::OrgService& orgs, const org::OrgRecord& before, const Descriptive& v,
                          const std::string& reason, const ChangeMeta& meta, domain::Date today) {
  const std::string now = now_timestamp();
  tx.exec(
      "UPDATE orgs SET name = $1, host_unit = $2, region_code = $3, established_date = $4, contact_name = $5, "
      "contact_phone = $6, version = version + 1, updated_at = $7 WHERE id = $8",
      {v.name, v.host_unit, v.region_code, v.established_date, v.contact_name, v.contact_phone, now, before.id});
  const auto after = orgs.find(tx, before.id);
  tx.exec(
      "INSERT INTO org_history (org_id, action, effective_date, before_json, after_json, reason, recorded_at, "
      "request_id) VALUES ($1, 'update', $2, $3, $4, $5, $6, $7)",
      {before.id, today.iso(), json::serialize(orgs.to_json(before)), json::serialize(orgs.to_json(*after)), reason,
       now, meta.request_id});
  return after->version;
}

bool is_parent_field(const std::string& f) { return f == "parent_code" || f == "parent_id"; }

}  // namespace

std::vector<domain::FieldError> check_org_update(db::Tx& tx, org::OrgService& orgs, const org::OrgRecord& existing,
                                                 const org::OrgDraft& d) {
  std::vector<domain::FieldError> errors;
  if (d.kind) {
    auto k = domain::find_enum(domain::org_kinds(), *d.kind);
    if (k && k->code != existing.kind) {
      errors.push_back({"kind", "kind.change_not_supported", "导入不能修改组织类型，请在组织管理中调整"});
    }
  }
  if (d.parent_code) {
    std::optional<org::OrgRecord> parent = existing.parent_id ? orgs.find(tx, *existing.parent_id) : std::nullopt;
    if (!parent || parent->code != *d.parent_code) {
      errors.push_back(
          {"parent_code", "parent_code.move_not_supported", "导入不能调整上级组织，请在组织管理中调整隶属关系"});
    }
  }
  // The other fields as create would check them, with the record's own code, parent and kind.
  org::OrgDraft probe = d;
  probe.parent_code.reset();
  probe.parent_id = existing.parent_id;
  probe.kind = existing.kind;
  if (!probe.name) probe.name = existing.name;
  for (auto& e : orgs.check_draft(tx, probe)) {
    if (e.field != "code" && e.field != "kind" && !is_parent_field(e.field)) errors.push_back(std::move(e));
  }
  return errors;
}

bool apply_org_update(db::Tx& tx, org::OrgService& orgs, const org::OrgRecord& existing, const org::OrgDraft& d,
                      int64_t batch_id, const ChangeMeta& meta, domain::Date today) {
  const Descriptive before = current(existing);
  const Descriptive after = merged(existing, d);
  if (after == before) return false;
  const int64_t version_after =
      write_descriptive(tx, orgs, existing, after, "导入批次 #" + std::to_string(batch_id), meta, today);
  tx.exec(
      "INSERT INTO import_updates (batch_id, entity, entity_id, version_after, before_json) "
      "VALUES ($1, 'org', $2, $3, $4)",
      {batch_id, existing.id, version_after, snapshot(before)});
  return true;
}

void restore_org_update(db::Tx& tx, org::OrgService& orgs, int64_t org_id, const std::string& before_json,
                        int64_t batch_id, const ChangeMeta& meta, domain::Date today) {
  const auto existing = orgs.find(tx, org_id);
  if (!existing) return;  // gone since: nothing to restore
  write_descriptive(tx, orgs, *existing, from_snapshot(before_json), "撤销导入批次 #" + std::to_string(batch_id), meta,
                    today);
}

}  // namespace lianxin::modules::io
