#include "domain/org_hierarchy.hpp"

#include "domain/enums.hpp"

namespace lianxin::domain {

namespace {

bool is_committee(const std::string& k) {
  return k == "committee" || k == "working_committee" || k == "basic_committee";
}

}  // namespace

std::optional<std::string> check_org_placement(const std::string& parent_kind, const std::string& child_kind) {
  if (parent_kind.empty()) return std::nullopt;
  if (child_kind == "party_group") {
    if (org_kind_is_branch(parent_kind)) return std::nullopt;
    return "党小组只能设在党支部之下";
  }
  if (org_kind_is_branch(parent_kind)) return "党支部之下只能设立党小组";
  if (parent_kind == "party_group") return "党小组之下不能设立党组织";
  if (org_kind_is_branch(child_kind)) {
    if (is_committee(parent_kind) || parent_kind == "general_branch") return std::nullopt;
    return "党支部应隶属于党委或党总支";
  }
  if (child_kind == "general_branch") {
    if (is_committee(parent_kind)) return std::nullopt;
    return "党总支应隶属于党委";
  }
  // committees
  if (is_committee(parent_kind)) return std::nullopt;
  return "党委不能隶属于党总支";
}

bool org_kind_holds_members(const std::string& kind) { return org_kind_is_branch(kind); }

}  // namespace lianxin::domain
