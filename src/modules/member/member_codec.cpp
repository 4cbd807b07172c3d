#include "modules/member/member_codec.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "domain/id_number.hpp"
#include "domain/money.hpp"
#include "modules/common/json_util.hpp"

namespace lianxin::modules::member {

namespace json = boost::json;

namespace {

std::optional<std::string> iso(const std::optional<domain::Date>& d) {
  return d ? std::optional<std::string>(d->iso()) : std::nullopt;
}
std::optional<std::string> enc(const util::FieldCipher& c, const std::optional<std::string>& v) {
  return v ? std::optional<std::string>(c.encrypt(*v)) : std::nullopt;
}
std::optional<std::string> dec(const util::FieldCipher& c, const std::optional<std::string>& v) {
  return v ? std::optional<std::string>(c.decrypt(*v)) : std::nullopt;
}

}  // namespace

MemberRecord encode_record(const util::FieldCipher& c, const domain::MemberFields& f, int64_t org_id,
                           std::string id_hash) {
  MemberRecord m;
  m.org_id = org_id;
  m.name = f.name;
  m.id_enc = c.encrypt(f.id_number);
  m.id_hash = id_hash.empty() ? c.lookup_hash(f.id_number) : std::move(id_hash);
  m.gender = f.gender;
  m.birth_date = f.birth_date.iso();
  m.ethnicity = f.ethnicity;
  m.education = f.education;
  m.category = f.category;
  m.status = f.status;
  m.application_date = iso(f.application_date);
  m.join_date = f.join_date.iso();
  m.full_date = iso(f.full_date);
  m.employment = f.employment;
  m.position = f.position;
  m.mobile_enc = enc(c, f.mobile);
  m.mobile_hash = f.mobile ? std::optional<std::string>(c.lookup_hash(*f.mobile)) : std::nullopt;
  m.landline_enc = enc(c, f.landline);
  m.address_enc = enc(c, f.address);
  m.income_base_fen = f.income_base_fen;
  return m;
}

domain::MemberDraft draft_of(const util::FieldCipher& c, const MemberRecord& m) {
  domain::MemberDraft d;
  d.name = m.name;
  d.id_number = c.decrypt(m.id_enc);
  d.gender = m.gender;
  d.birth_date = m.birth_date;
  d.ethnicity = m.ethnicity;
  d.education = m.education;
  d.category = m.category;
  d.status = m.status;
  d.application_date = m.application_date;
  d.join_date = m.join_date;
  d.full_date = m.full_date;
  d.employment = m.employment;
  d.position = m.position;
  d.mobile = dec(c, m.mobile_enc);
  d.landline = dec(c, m.landline_enc);
  d.address = dec(c, m.address_enc);
  if (m.income_base_fen) d.income_base = domain::format_yuan(*m.income_base_fen);
  return d;
}

std::string history_snapshot(const util::FieldCipher& c, const MemberRecord& m, const std::optional<std::string>& org_name) {
  auto masked = [&](const std::optional<std::string>& v, bool id) -> json::value {
    if (!v) return nullptr;
    std::string plain = c.decrypt(*v);
    return json::value(id ? domain::mask_id_number(plain) : domain::mask_phone(plain));
  };
  json::object j{{"org_id", m.org_id},
                 {"name", m.name},
                 {"id_number", masked(m.id_enc, true)},
                 {"gender", m.gender},
                 {"birth_date", m.birth_date},
                 {"ethnicity", opt_json(m.ethnicity)},
                 {"education", opt_json(m.education)},
                 {"category", m.category},
                 {"status", m.status},
                 {"application_date", opt_json(m.application_date)},
                 {"join_date", m.join_date},
                 {"full_date", opt_json(m.full_date)},
                 {"employment", opt_json(m.employment)},
                 {"position", opt_json(m.position)},
                 {"mobile", masked(m.mobile_enc, false)},
                 {"landline", masked(m.landline_enc, false)},
                 {"has_address", m.address_enc.has_value()}};
  if (org_name) j["org_name"] = *org_name;
  return json::serialize(j);
}

std::string full_snapshot(const MemberRecord& m) {
  json::object j{{"id", m.id},
                 {"org_id", m.org_id},
                 {"name", m.name},
                 {"id_enc", m.id_enc},
                 {"id_hash", m.id_hash},
                 {"gender", m.gender},
                 {"birth_date", m.birth_date},
                 {"ethnicity", opt_json(m.ethnicity)},
                 {"education", opt_json(m.education)},
                 {"category", m.category},
                 {"status", m.status},
                 {"application_date", opt_json(m.application_date)},
                 {"join_date", m.join_date},
                 {"full_date", opt_json(m.full_date)},
                 {"employment", opt_json(m.employment)},
                 {"position", opt_json(m.position)},
                 {"mobile_enc", opt_json(m.mobile_enc)},
                 {"mobile_hash", opt_json(m.mobile_hash)},
                 {"landline_enc", opt_json(m.landline_enc)},
                 {"address_enc", opt_json(m.address_enc)},
                 {"income_base_fen", opt_json(m.income_base_fen)},
                 {"created_batch_id", opt_json(m.created_batch_id)}};
  return json::serialize(j);
}

MemberRecord restore_snapshot(const std::string& text) {
  json::object j = json::parse(text).as_object();
  auto s = [&](const char* k) { return std::string(j.at(k).as_string()); };
  auto os = [&](const char* k) -> std::optional<std::string> {
    auto v = j.if_contains(k);
    return v && v->is_string() ? std::optional<std::string>(std::string(v->as_string())) : std::nullopt;
  };
  auto oi = [&](const char* k) -> std::optional<int64_t> {
    auto v = j.if_contains(k);
    return v && v->is_int64() ? std::optional<int64_t>(v->as_int64()) : std::nullopt;
  };
  MemberRecord m;
  m.id = j.at("id").as_int64();
  m.org_id = j.at("org_id").as_int64();
  m.name = s("name");
  m.id_enc = s("id_enc");
  m.id_hash = s("id_hash");
  m.gender = s("gender");
  m.birth_date = s("birth_date");
  m.ethnicity = os("ethnicity");
  m.education = os("education");
  m.category = s("category");
  m.status = s("status");
  m.application_date = os("application_date");
  m.join_date = s("join_date");
  m.full_date = os("full_date");
  m.employment = os("employment");
  m.position = os("position");
  m.mobile_enc = os("mobile_enc");
  m.mobile_hash = os("mobile_hash");
  m.landline_enc = os("landline_enc");
  m.address_enc = os("address_enc");
  m.income_base_fen = oi("income_base_fen");
  m.created_batch_id = oi("created_batch_id");
  return m;
}

}  // namespace lianxin::modules::member
