// Roles and the permissions they carry: the whole authorization policy as one table of data.
//
// A grant (user, role, org) gives the role's permissions on the org and its whole subtree; a grant
// without an org covers the whole tree (the system roles always, an organization admin of the top
// department optionally). Two pseudo-permissions need no grant: "public" (anyone, logged in or
// not) and "self" (any logged-in account: its own profile, password and sessions).
#pragma once

#include <span>
#include <string_view>

namespace lianxin::modules::auth {

struct Role {
  std::string_view code;     // stored in grants.role
  std::string_view name;     // shown to people
  bool system;               // one of the three separated system roles (三员分立): mutually exclusive
  bool org_scoped;           // granted on an organization (false: always system-wide)
  std::span<const std::string_view> permissions;
};

// Every permission a route may require, for the route table check and the UI.
std::span<const std::string_view> all_permissions();
std::span<const Role> all_roles();
const Role* find_role(std::string_view code);
bool role_has(const Role& role, std::string_view permission);
// Whether `permission` is a real permission, "public" or "self".
bool known_permission(std::string_view permission);

}  // namespace lianxin::modules::auth
