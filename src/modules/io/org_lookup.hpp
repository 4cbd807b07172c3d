// Resolves the 所在党支部 column of a member file: an organization code, or a name when exactly
// one organization has it. Files name the same few branches on thousands of rows, so every
// distinct value is looked up once per run.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "db/database.hpp"
#include "domain/field_error.hpp"
#include "http/api.hpp"
#include "modules/org/org_service.hpp"

namespace lianxin::modules::io {

struct OrgTarget {
  int64_t id = 0;
  std::string path;
  std::string name;
  std::optional<domain::FieldError> error;  // set when members cannot be placed there
};

class OrgLookup {
public:
  OrgLookup(org::OrgService& orgs, const http::Scope& scope) : orgs_(orgs), scope_(scope) {}
  // The cached target for `code_or_name`; the tx must stay the same snapshot for the whole run.
  const OrgTarget& resolve(db::Tx& tx, std::string_view code_or_name);

private:
  OrgTarget load(db::Tx& tx, const std::string& key);
  std::optional<org::OrgRecord> find_by_unique_name(db::Tx& tx, const std::string& name, bool& ambiguous);

  org::OrgService& orgs_;
  const http::Scope& scope_;
  // Transparent hashing: looked up by the cell's string_view, with no string built per row.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, OrgTarget, Hash, std::equal_to<>> cache_;
};

}  // namespace lianxin::modules::io
