// changed_fields: the audit record keeps only what a change touched, so that a reader sees the
// change at a glance and the trail does not repeat whole records (the history tables hold those).
#include <boost/json.hpp>

#include "modules/audit/audit_log.hpp"

namespace lianxin::modules::audit {

namespace json = boost::json;

namespace {

// Unparsable or non-object snapshots are kept as they are: the audit trail must never lose a
// change because a snapshot had an unexpected shape.
std::optional<json::object> as_object(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  boost::system::error_code ec;
  json::value v = json::parse(*text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.get_object());
}

}  // namespace

Change changed_fields(const std::optional<std::string>& before, const std::optional<std::string>& after) {
  auto b = as_object(before), a = as_object(after);
  if (!b || !a) return Change{before, after};
  json::object bd, ad;
  for (const auto& [k, v] : *b) {
    const json::value* other = a->if_contains(k);
    if (!other || *other != v) bd[k] = v;
  }
  for (const auto& [k, v] : *a) {
    const json::value* other = b->if_contains(k);
    if (!other || *other != v) ad[k] = v;
  }
  return Change{json::serialize(bd), json::serialize(ad)};
}

}  // namespace lianxin::modules::audit
