// Account management for administrators: list and read accounts in scope, create staff accounts
// (系统管理员, user.write) and member accounts (组织部管理员, user.create_member, for members in scope,
// one at a time or in bulk), disable, reset passwords, end sessions. Routes in user_routes.cpp.
//
// Every operation needs exactly one permission, so the route table says all there is to know
// (and the authorization matrix can be generated from it): staff accounts go through /api/users,
// member accounts through /api/members/{id}/account. The system administrator never handles
// member accounts by member id: that would show it party data (三员分立).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "http/pagination.hpp"
#include "modules/auth/auth_service.hpp"

namespace lianxin::modules::auth {

struct UserFilter {
  std::optional<std::string> q;     // username or display name prefix
  std::optional<int64_t> org_id;    // linked member or a grant in this subtree
  std::optional<std::string> role;  // holds a grant of this role
};

struct NewUser {
  std::optional<std::string> username;  // required for staff; default for members: "m" + member id
  std::optional<std::string> display_name;  // default for members: the member's name
};

// Who asks, and where the route's permission holds.
struct Acting {
  int64_t self_id = 0;  // 0: an API key
  const http::Scope& scope;
};

struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<bool> disabled;
};

// An account made by bulk creation, with its one-time password (shown once).
struct IssuedAccount {
  int64_t id = 0;
  std::string username, display_name;
  int64_t member_id = 0;
  std::string password;
};

class UserService {
public:
  static constexpr int kBulkMax = 5000;  // accounts per bulk call (one transaction, one answer)

  UserService(AuthService& auth, member::MemberService& members) : auth_(auth), members_(members) {}

  boost::json::object list(const UserFilter& f, const http::Scope& read, const http::PageRequest& page);
  // With the grants the reader's scope covers; 404 outside it.
  boost::json::object get(int64_t id, const http::Scope& read);
  // The new account's JSON plus "password" (one-time, changed at first login).
  boost::json::object create_staff(const NewUser& in, const ChangeMeta& meta);
  boost::json::object create_for_member(int64_t member_id, const NewUser& in, const http::Scope& create_member,
                                        const ChangeMeta& meta);
  // Accounts for every current member in the org (or its subtree) that has none.
  std::vector<IssuedAccount> bulk_create(int64_t org_id, bool include_subtree, const http::Scope& create_member,
                                         const ChangeMeta& meta);
  boost::json::object update(int64_t id, const UserPatch& patch, const Acting& by, const ChangeMeta& meta);
  // user.write: any account but the caller's own and those of the three system roles.
  std::string reset_password(int64_t id, const Acting& by, const ChangeMeta& meta);
  // user.create_member: the account of a member in scope whose grants all lie in scope.
  std::string reset_member_password(int64_t member_id, const Acting& by, const ChangeMeta& meta);
  // Ends every session of an account the scope (session.revoke) covers; returns how many.
  int64_t revoke_sessions(int64_t id, const http::Scope& scope, const ChangeMeta& meta);

private:
  // Throws 403 unless the account may be disabled or reset by this caller: not its own, not one of
  // the three system roles (三员分立: the administrator must not take over the security officer's
  // or the auditor's account).
  void require_not_self_nor_system(db::Tx& tx, const UserRecord& u, int64_t self_id);

  AuthService& auth_;
  member::MemberService& members_;
};

}  // namespace lianxin::modules::auth
