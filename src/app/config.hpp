// Configuration: built-in defaults < a config file < LIANXIN_* environment < command-line flags.
//
// Every setting has one name, used in all three places: flag "--max-body 1048576", environment
// "LIANXIN_MAX_BODY=1048576", file line "max-body = 1048576". The file is --config FILE, or
// $LIANXIN_CONFIG, or DATA/lianxin.conf when it exists. docs/operations.md lists every setting.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lianxin::app {

struct Config {
  std::string data_dir = "./data";
  std::string db_url;  // default: sqlite:<data>/lianxin.db
  std::string listen = "127.0.0.1:8080";
  size_t max_body_bytes = 10 * 1024 * 1024;
  size_t attachment_max_bytes = 10 * 1024 * 1024;  // recruitment scans; never more than max_body_bytes
  // Meeting check-in (docs/operations.md): how long a QR code's token is accepted, and the address
  // phones open (empty: the address the secretary's browser used).
  int checkin_token_seconds = 60;
  std::string public_url;
  int io_threads = 1;
  int worker_threads = 0;  // 0: automatic (see effective_workers)
  bool batch_workers = true;  // worker-scheduling: batch (SCHED_BATCH) or normal (http::ServerOptions)
  int db_pool = 8;
  int sqlite_cache_mb = 32;  // page cache per SQLite connection (db::OpenOptions::sqlite_cache_mib)
  int statement_timeout_ms = 30000;
  int max_connections = 1024;
  int max_queued_requests = 256;
  int idle_timeout_s = 60;
  std::string log_level = "info";
  std::string static_dir;  // the built web app (issue #4); empty: not served
  // Accounts and sessions (docs/operations.md, "Accounts and security").
  int lock_threshold = 5;          // failed logins in a row before an account locks
  int lock_minutes = 15;
  int login_address_failures = 20;  // failed logins per client address per lock window before 429
  int session_idle_minutes = 30;
  int session_hours = 12;
  int auth_cache_seconds = 5;      // how long one process trusts a cached session (multi-server setups)
  bool cookie_secure = false;      // served behind TLS: mark cookies Secure
  int audit_retention_days = 180;
  // HMAC-SHA256 secret of the dues payment gateway's callbacks (POST /api/dues/callbacks/{provider});
  // empty: callbacks are refused with 503 (online dues orders stay pending).
  std::string dues_callback_secret;  // audit records younger than this are never purged (minimum 180)
  std::map<std::string, std::string> rules;  // "org.term_years.branch" -> "3" etc.

  // SQLite work is local and CPU-bound: one worker per core (more only add context switches;
  // measured on 2 cores: 2 workers 16.6k req/s, 8 workers 6.8k). PostgreSQL workers mostly wait on
  // the network, so a slow query must not hold up the others: twice the cores, at least 8.
  int effective_workers() const;
  std::string key_file() const { return data_dir + "/lianxin.key"; }
  bool is_sqlite() const { return db_url.rfind("sqlite:", 0) == 0; }
  std::string sqlite_path() const { return db_url.substr(7); }
};

struct ParsedArgs {
  std::string command;                 // "serve", "migrate", ...
  std::vector<std::string> positional; // after the command
  std::map<std::string, std::string> flags;  // --name value / --name=value / --flag (= "true")
};

ParsedArgs parse_args(int argc, char** argv);
// Throws std::invalid_argument with a message for the user on a bad value or unknown setting.
Config load_config(const ParsedArgs& args);
// For batch commands (demo, import, export, verify-stats): statements over millions of rows may run
// longer than a request should, so the statement timeout is raised to at least one hour.
Config load_batch_config(const ParsedArgs& args);
// Settings that are not generic flags of a command (so commands can reject unknown flags).
bool is_config_key(const std::string& name);

}  // namespace lianxin::app
