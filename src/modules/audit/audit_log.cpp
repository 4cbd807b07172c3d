#include "modules/audit/audit_log.hpp"

#include <stdexcept>

namespace lianxin::modules::audit {

namespace {

// Length-prefixed fields, so that no two different records serialize alike ("ab"+"c" vs "a"+"bc").
void put(std::string& out, const std::optional<std::string>& v) {
  if (!v) {
    out += "-\n";
    return;
  }
  out += std::to_string(v->size());
  out += ':';
  out += *v;
  out += '\n';
}

std::optional<std::string> num(const std::optional<int64_t>& v) {
  return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
}

std::optional<std::string> opt(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

}  // namespace

std::string chain_hash(const util::FieldCipher& cipher, const Record& r, const std::string& prev_hash) {
  std::string c = "lianxin-audit-v1\n";
  put(c, std::to_string(r.seq));
  put(c, r.at);
  put(c, num(r.actor_id));
  put(c, r.actor);
  put(c, r.action);
  put(c, r.route);
  put(c, r.entity);
  put(c, r.entity_id);
  put(c, num(r.org_id));
  put(c, r.before_json);
  put(c, r.after_json);
  put(c, r.client_addr);
  put(c, r.user_agent);
  put(c, r.request_id);
  put(c, prev_hash);
  return cipher.lookup_hash(c);
}

void record(db::Tx& tx, const util::FieldCipher& cipher, const ChangeMeta& meta, const Event& e) {
  const char* head_sql = tx.backend() == db::Backend::postgres
                             ? "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE"
                             : "SELECT seq, hash FROM audit_head WHERE id = 1";
  auto head = tx.query_one(head_sql);
  if (!head) throw std::runtime_error("audit_head row missing: the audit trail is damaged");
  Record r;
  r.seq = head->i64(0) + 1;
  r.at = now_timestamp();
  if (meta.user_id) r.actor_id = meta.user_id;
  r.actor = meta.actor.empty() ? "system" : meta.actor;
  r.action = e.action;
  r.route = opt(meta.route);
  r.entity = opt(e.entity);
  r.entity_id = e.entity_id;
  r.org_id = e.org_id;
  r.before_json = e.before_json;
  r.after_json = e.after_json;
  r.client_addr = opt(meta.client_addr);
  r.user_agent = opt(meta.user_agent);
  r.request_id = opt(meta.request_id);
  r.prev_hash = head->text(1);
  r.hash = chain_hash(cipher, r, r.prev_hash);
  tx.exec("INSERT INTO audit_log (seq, at, actor_id, actor, action, route, entity, entity_id, org_id, before_json, "
          "after_json, client_addr, user_agent, request_id, prev_hash, hash) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
          {r.seq, r.at, r.actor_id, r.actor, r.action, r.route, r.entity, r.entity_id, r.org_id, r.before_json,
           r.after_json, r.client_addr, r.user_agent, r.request_id, r.prev_hash, r.hash});
  tx.exec("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", {r.seq, r.hash});
}

}  // namespace lianxin::modules::audit
