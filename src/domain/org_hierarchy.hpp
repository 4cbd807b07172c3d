// Which organization kind may sit under which (organization.md §1): 党小组 only inside a branch;
// branches (党支部, 联合党支部, 临时党支部) under a committee or a 党总支; a 党总支 under a committee;
// committees under committees. A root may be of any kind (a deployment may start at a 基层党委).
// Members belong to branches only.
#pragma once

#include <optional>
#include <string>

namespace lianxin::domain {

// nullopt when allowed; otherwise a Chinese explanation. parent_kind empty = a root.
std::optional<std::string> check_org_placement(const std::string& parent_kind, const std::string& child_kind);
// Members are registered in branches (党支部, 联合党支部, 临时党支部).
bool org_kind_holds_members(const std::string& kind);

}  // namespace lianxin::domain
