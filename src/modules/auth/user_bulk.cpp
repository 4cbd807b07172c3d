// Bulk creation of member accounts: one account per current member of an org (or subtree) that has
// none, each with a one-time password shown once.
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/auth/user_query.hpp"
#include "modules/auth/user_repo.hpp"
#include "modules/auth/user_service.hpp"
#include "modules/common/status_sql.hpp"
#include "modules/common/tree_path.hpp"

namespace lianxin::modules::auth {

namespace json = boost::json;

namespace {

struct Candidate {
  int64_t member_id = 0;
  std::string name;
};

// At most kBulkMax + 1 candidates, so that "too many" is known without counting them all.
std::vector<Candidate> candidates(db::Tx& tx, const std::string& path, int64_t org_id, bool subtree) {
  std::string sql =
      "SELECT m.id, m.name FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.status IN " + current_statuses_sql() +
      " AND NOT EXISTS (SELECT 1 FROM users u WHERE u.member_id = m.id) AND ";
  db::Params p;
  if (subtree) {
    sql += "o.path >= $1 AND o.path < $2";
    p = {path, path_upper(path)};
  } else {
    sql += "m.org_id = $1";
    p = {org_id};
  }
  sql += " ORDER BY m.id LIMIT " + std::to_string(UserService::kBulkMax + 1);
  std::vector<Candidate> out;
  for (const auto& r : tx.query(sql, p)) out.push_back({r.i64(0), r.text(1)});
  return out;
}

// member_username(), or with a suffix when another account already took that name.
std::string free_username(db::Tx& tx, int64_t member_id) {
  const std::string base = member_username(member_id);
  std::string name = base;
  for (int n = 2; repo::user_by_username(tx, name); ++n) name = base + "-" + std::to_string(n);
  return name;
}

}  // namespace

std::vector<IssuedAccount> UserService::bulk_create(int64_t org_id, bool include_subtree,
                                                    const http::Scope& create_member, const ChangeMeta& meta) {
  auto& db = auth_.context().db;
  auto found = db.read_value([&](db::Tx& tx) {
    auto org = repo::org_path_name(tx, org_id);
    if (!org) throw http::not_found("组织");
    create_member.require(org->first, "组织");
    return candidates(tx, org->first, org_id, include_subtree);
  });
  if (static_cast<int>(found.size()) > kBulkMax)
    throw http::validation_failed({{"org_id", "bulk.too_many",
                                    "一次最多为" + std::to_string(kBulkMax) + "名党员创建账号，请选择较小的组织范围分批创建"}});
  // Passwords are hashed before the transaction (the single SQLite writer must not wait on
  // Argon2), at the minimum cost: a generated 12-character password carries ~70 random bits, so
  // stretching adds nothing, and the first login replaces it with a hash at the full cost.
  std::vector<IssuedAccount> made;
  std::vector<std::string> hashes;
  for (const auto& c : found) {
    made.push_back({0, "", c.name, c.member_id, generate_password()});
    hashes.push_back(hash_password(made.back().password, HashCost::minimum()));
  }
  if (made.empty()) return made;
  db.write([&](db::Tx& tx) {
    const std::string at = timestamp_at(auth_.now());
    json::array ids;
    for (size_t i = 0; i < made.size(); ++i) {
      IssuedAccount& a = made[i];
      a.id = 0;
      if (repo::user_by_member(tx, a.member_id)) continue;  // created meanwhile by someone else
      UserRecord u;
      u.username = a.username = free_username(tx, a.member_id);
      u.display_name = a.display_name;
      u.member_id = a.member_id;
      u.password_hash = hashes[i];
      u.must_change_password = true;
      u.created_by = meta.user_id ? std::optional<int64_t>(meta.user_id) : std::nullopt;
      u.created_at = at;
      a.id = repo::insert_user(tx, u);
      ids.push_back(a.id);
    }
    // One record for the batch, as for imports; it names every account it created.
    json::object after{{"org_id", org_id}, {"include_subtree", include_subtree}, {"count", ids.size()},
                       {"user_ids", ids}};
    audit::record(tx, auth_.context().cipher, meta,
                  {"user.bulk_create", "user", std::nullopt, org_id, std::nullopt, json::serialize(after)});
  });
  std::erase_if(made, [](const IssuedAccount& a) { return a.id == 0; });
  return made;
}

}  // namespace lianxin::modules::auth
