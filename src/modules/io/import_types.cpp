#include "modules/io/import_types.hpp"

namespace lianxin::modules::io {

std::optional<ImportKind> parse_kind(std::string_view s) {
  if (s == "members") return ImportKind::members;
  if (s == "orgs") return ImportKind::orgs;
  return std::nullopt;
}

std::optional<DupPolicy> parse_policy(std::string_view s) {
  if (s == "skip") return DupPolicy::skip;
  if (s == "update") return DupPolicy::update;
  if (s == "fail") return DupPolicy::fail;
  return std::nullopt;
}

const char* kind_name(ImportKind k) { return k == ImportKind::members ? "members" : "orgs"; }

const char* policy_name(DupPolicy p) {
  switch (p) {
    case DupPolicy::skip:
      return "skip";
    case DupPolicy::update:
      return "update";
    case DupPolicy::fail:
      return "fail";
  }
  return "skip";
}

bool is_warning_code(std::string_view code) { return code == kUnknownColumnCode || code == kDuplicateColumnCode; }

}  // namespace lianxin::modules::io
