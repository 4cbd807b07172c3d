#include "modules/member/member_audit.hpp"

#include <boost/json.hpp>

#include "modules/audit/audit_log.hpp"
#include "modules/member/member_codec.hpp"

namespace lianxin::modules::member {

namespace json = boost::json;

namespace {

// Masks hide most digits, so a changed ID number or phone may look the same before and after, and
// an address shows only whether there is one: name such changes explicitly.
json::array hidden_changes(const util::FieldCipher& c, const MemberRecord& a, const MemberRecord& b) {
  auto clear = [&](const std::optional<std::string>& v) { return v ? c.decrypt(*v) : std::string(); };
  json::array out;
  if (a.id_hash != b.id_hash) out.emplace_back("id_number");
  if (a.mobile_hash != b.mobile_hash) out.emplace_back("mobile");
  if (clear(a.landline_enc) != clear(b.landline_enc)) out.emplace_back("landline");
  if (clear(a.address_enc) != clear(b.address_enc)) out.emplace_back("address");
  return out;
}

}  // namespace

void audit_change(ModuleContext& ctx, db::Tx& tx, const ChangeMeta& meta, const std::string& action,
                  const MemberRecord* before, const MemberRecord& after, const std::optional<std::string>& reason,
                  const json::object* extra) {
  std::optional<std::string> b;
  if (before) b = history_snapshot(ctx.cipher, *before);
  auto c = audit::changed_fields(b, history_snapshot(ctx.cipher, after));
  if (before || reason || extra) {
    json::object a = json::parse(*c.after).as_object();
    if (before) {
      json::array hidden = hidden_changes(ctx.cipher, *before, after);
      if (!hidden.empty()) a["personal_data_changed"] = std::move(hidden);
    }
    if (reason) a["reason"] = *reason;
    if (extra)
      for (const auto& kv : *extra) a[kv.key()] = kv.value();
    c.after = json::serialize(a);
  }
  audit::record(tx, ctx.cipher, meta,
                {"member." + action, "member", std::to_string(after.id), after.org_id, c.before, c.after});
}

}  // namespace lianxin::modules::member
