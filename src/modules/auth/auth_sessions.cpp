// Resolving tokens to principals (with the cache), session listing and revocation.
#include "http/errors.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/auth/auth_service.hpp"
#include "modules/auth/roles.hpp"
#include "modules/auth/user_repo.hpp"
#include "modules/common/json_util.hpp"

namespace lianxin::modules::auth {

namespace json = boost::json;

namespace {
// Storage learns of a session's use at most this often (the idle timeout is in minutes).
constexpr int64_t kTouchEverySeconds = 60;
}  // namespace

std::shared_ptr<Principal> AuthService::load_session(const std::string& th) {
  return ctx_.db.read_value([&](db::Tx& tx) -> std::shared_ptr<Principal> {
    auto s = repo::session_by_hash(tx, th);
    if (!s || s->revoked_at) return nullptr;
    auto u = repo::user_by_id(tx, s->user_id);
    if (!u || u->disabled) return nullptr;
    auto p = std::make_shared<Principal>();
    p->user_id = u->id;
    p->session_id = s->id;
    p->member_id = u->member_id;
    p->username = u->username;
    p->display_name = u->display_name;
    p->must_change_password = u->must_change_password;
    p->csrf_token = s->csrf_token;
    p->grants = repo::grants_of(tx, u->id);
    p->expires_at = parse_timestamp(s->expires_at).value_or(0);
    const int64_t seen = parse_timestamp(s->last_seen_at).value_or(0);
    p->last_seen = seen;
    p->stored_last_seen = seen;
    p->loaded_at = now();
    return p;
  });
}

std::shared_ptr<Principal> AuthService::load_api_key(const std::string& th) {
  return ctx_.db.read_value([&](db::Tx& tx) -> std::shared_ptr<Principal> {
    auto k = repo::api_key_by_hash(tx, th);
    if (!k || k->revoked_at) return nullptr;
    auto p = std::make_shared<Principal>();
    p->api_key_id = k->id;
    p->username = "apikey:" + k->name;
    p->display_name = k->name;
    GrantRecord g;
    g.role = k->role;
    g.org_id = k->org_id;
    if (k->org_id) {
      auto o = repo::org_path_name(tx, *k->org_id);
      if (!o) return nullptr;  // its organization is gone
      g.org_path = o->first;
      g.org_name = o->second;
    }
    p->grants.push_back(std::move(g));
    const int64_t used = k->last_used_at ? parse_timestamp(*k->last_used_at).value_or(0) : 0;
    p->last_seen = used;
    p->stored_last_seen = used;
    p->loaded_at = now();
    return p;
  });
}

std::shared_ptr<const Principal> AuthService::authenticate(const std::string& token) {
  if (token.empty() || token.size() > 200) return nullptr;
  const int64_t t = now();
  auto cached = cache_.get(token);
  std::shared_ptr<const Principal> p = cached;
  if (!p || t - p->loaded_at >= opt_.cache_seconds) {
    const std::string th = token_hash(token);  // how storage finds it (the cache has its own key)
    auto fresh = token.starts_with(kApiKeyPrefix) ? load_api_key(th) : load_session(th);
    if (!fresh) {
      cache_.erase(token);
      return nullptr;
    }
    if (cached) fresh->last_seen = std::max(fresh->last_seen.load(), cached->last_seen.load());
    p = fresh;
    cache_.put(token, p);
  }
  if (p->session_id) {
    if (t >= p->expires_at || t - p->last_seen.load() >= int64_t{opt_.idle_minutes} * 60) {
      cache_.erase(token);
      return nullptr;
    }
  }
  p->last_seen = t;
  if (t - p->stored_last_seen.load() >= kTouchEverySeconds) touch(*p);
  return p;
}

void AuthService::touch(const Principal& p) {
  const int64_t t = p.last_seen.load();
  p.stored_last_seen = t;  // first, so that concurrent requests do not all write
  const std::string at = timestamp_at(t);
  ctx_.db.write([&](db::Tx& tx) {
    if (p.session_id) repo::touch_session(tx, p.session_id, at);
    else if (p.api_key_id) repo::touch_api_key(tx, p.api_key_id, at);
  });
}

void AuthService::logout(const Principal& p, const ChangeMeta& meta) {
  if (!p.session_id) return;
  ctx_.db.write([&](db::Tx& tx) {
    repo::revoke_session(tx, p.session_id, timestamp_at(now()), "logout");
    audit::record(tx, ctx_.cipher, meta,
                  {"auth.logout", "session", std::to_string(p.session_id), std::nullopt, std::nullopt, std::nullopt});
  });
  cache_.erase_session(p.session_id);
}

json::object AuthService::me_json(const Principal& p) const {
  json::array grants;
  json::array perms;
  std::vector<std::string_view> seen;
  for (const auto& g : p.grants) {
    const Role* role = find_role(g.role);
    grants.push_back(json::object{{"id", g.id},
                                  {"role", g.role},
                                  {"role_name", role ? role->name : g.role},
                                  {"org_id", opt_json(g.org_id)},
                                  {"org_name", g.org_id ? json::value(g.org_name) : json::value(nullptr)}});
    if (!role) continue;
    for (auto perm : role->permissions) {
      if (std::find(seen.begin(), seen.end(), perm) != seen.end()) continue;
      seen.push_back(perm);
      perms.emplace_back(perm);
    }
  }
  json::object o{{"id", p.user_id},
                 {"username", p.username},
                 {"display_name", p.display_name},
                 {"member_id", opt_json(p.member_id)},
                 {"must_change_password", p.must_change_password},
                 {"grants", std::move(grants)},
                 {"permissions", std::move(perms)}};
  if (p.session_id) o["csrf_token"] = p.csrf_token;
  return o;
}

json::object AuthService::sessions_json(const Principal& p) {
  json::array items;
  if (p.user_id) {
    auto rows = ctx_.db.read_value(
        [&](db::Tx& tx) { return repo::sessions_of(tx, p.user_id, true, timestamp_at(now())); });
    for (const auto& s : rows) {
      items.push_back(json::object{{"id", s.id},
                                   {"created_at", s.created_at},
                                   {"last_seen_at", s.last_seen_at},
                                   {"expires_at", s.expires_at},
                                   {"client_addr", opt_json(s.client_addr)},
                                   {"user_agent", opt_json(s.user_agent)},
                                   {"current", s.id == p.session_id}});
    }
  }
  const auto n = static_cast<int64_t>(items.size());
  return json::object{{"items", std::move(items)}, {"total", n}, {"next", nullptr}};
}

void AuthService::revoke_own_session(const Principal& p, int64_t session_id, const ChangeMeta& meta) {
  ctx_.db.write([&](db::Tx& tx) {
    auto owner = tx.query_one("SELECT user_id FROM sessions WHERE id = $1 AND revoked_at IS NULL", {session_id});
    if (!owner || owner->i64(0) != p.user_id) throw http::not_found("会话");
    repo::revoke_session(tx, session_id, timestamp_at(now()), "revoked_by_user");
    audit::record(tx, ctx_.cipher, meta,
                  {"auth.session_revoke", "session", std::to_string(session_id), std::nullopt, std::nullopt,
                   std::nullopt});
  });
  cache_.erase_session(session_id);
}

int64_t AuthService::revoke_user_sessions(int64_t user_id, const ChangeMeta& meta) {
  int64_t n = 0;
  ctx_.db.write([&](db::Tx& tx) {
    if (!repo::user_by_id(tx, user_id)) throw http::not_found("用户");
    n = repo::revoke_sessions_of(tx, user_id, timestamp_at(now()), "revoked_by_admin");
    audit::record(tx, ctx_.cipher, meta,
                  {"user.sessions_revoke", "user", std::to_string(user_id), std::nullopt, std::nullopt,
                   json::serialize(json::object{{"revoked", n}})});
  });
  cache_.erase_user(user_id);
  return n;
}

}  // namespace lianxin::modules::auth
