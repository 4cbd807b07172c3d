#include "app/config.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace lianxin::app {

namespace {

using Setter = std::function<void(Config&, const std::string&)>;

size_t to_size(const std::string& key, const std::string& v) {
  try {
    size_t pos = 0;
    long long n = std::stoll(v, &pos);
    if (pos != v.size() || n <= 0) throw std::invalid_argument(key);
    return static_cast<size_t>(n);
  } catch (const std::exception&) {
    throw std::invalid_argument("setting " + key + " needs a positive whole number, got '" + v + "'");
  }
}

int to_int(const std::string& key, const std::string& v) { return static_cast<int>(to_size(key, v)); }

bool to_bool(const std::string& key, const std::string& v) {
  if (v == "true" || v == "1" || v == "yes") return true;
  if (v == "false" || v == "0" || v == "no") return false;
  throw std::invalid_argument("setting " + key + " needs true or false, got '" + v + "'");
}

const std::map<std::string, Setter>& setters() {
  static const std::map<std::string, Setter> s = {
      {"data", [](Config& c, const std::string& v) { c.data_dir = v; }},
      {"db", [](Config& c, const std::string& v) { c.db_url = v; }},
      {"listen", [](Config& c, const std::string& v) { c.listen = v; }},
      {"max-body", [](Config& c, const std::string& v) { c.max_body_bytes = to_size("max-body", v); }},
      {"attachment-max-bytes",
       [](Config& c, const std::string& v) { c.attachment_max_bytes = to_size("attachment-max-bytes", v); }},
      {"checkin-token-seconds", [](Config& c, const std::string& v) {
         c.checkin_token_seconds = to_int("checkin-token-seconds", v);
         if (c.checkin_token_seconds < 5 || c.checkin_token_seconds > 3600)
           throw std::invalid_argument("setting checkin-token-seconds must be between 5 and 3600");
       }},
      {"public-url", [](Config& c, const std::string& v) {
         c.public_url = v;
         while (!c.public_url.empty() && c.public_url.back() == '/') c.public_url.pop_back();
         if (!c.public_url.empty() && c.public_url.rfind("http://", 0) != 0 && c.public_url.rfind("https://", 0) != 0)
           throw std::invalid_argument("setting public-url must start with http:// or https://");
       }},
      {"io-threads", [](Config& c, const std::string& v) { c.io_threads = to_int("io-threads", v); }},
      {"workers", [](Config& c, const std::string& v) { c.worker_threads = to_int("workers", v); }},
      {"worker-scheduling", [](Config& c, const std::string& v) {
         if (v != "batch" && v != "normal")
           throw std::invalid_argument("setting worker-scheduling must be batch or normal");
         c.batch_workers = v == "batch";
       }},
      {"db-pool", [](Config& c, const std::string& v) { c.db_pool = to_int("db-pool", v); }},
      {"sqlite-cache-mb", [](Config& c, const std::string& v) {
         c.sqlite_cache_mb = to_int("sqlite-cache-mb", v);
         if (c.sqlite_cache_mb < 1 || c.sqlite_cache_mb > 65536)
           throw std::invalid_argument("setting sqlite-cache-mb must be between 1 and 65536");
       }},
      {"statement-timeout-ms", [](Config& c, const std::string& v) { c.statement_timeout_ms = to_int("statement-timeout-ms", v); }},
      {"max-connections", [](Config& c, const std::string& v) { c.max_connections = to_int("max-connections", v); }},
      {"max-queue", [](Config& c, const std::string& v) { c.max_queued_requests = to_int("max-queue", v); }},
      {"idle-timeout", [](Config& c, const std::string& v) { c.idle_timeout_s = to_int("idle-timeout", v); }},
      {"log-level", [](Config& c, const std::string& v) { c.log_level = v; }},
      {"static-dir", [](Config& c, const std::string& v) { c.static_dir = v; }},
      {"lock-threshold", [](Config& c, const std::string& v) { c.lock_threshold = to_int("lock-threshold", v); }},
      {"lock-minutes", [](Config& c, const std::string& v) { c.lock_minutes = to_int("lock-minutes", v); }},
      {"login-address-failures",
       [](Config& c, const std::string& v) { c.login_address_failures = to_int("login-address-failures", v); }},
      {"session-idle-minutes",
       [](Config& c, const std::string& v) { c.session_idle_minutes = to_int("session-idle-minutes", v); }},
      {"session-hours", [](Config& c, const std::string& v) { c.session_hours = to_int("session-hours", v); }},
      {"auth-cache-seconds",
       [](Config& c, const std::string& v) { c.auth_cache_seconds = to_int("auth-cache-seconds", v); }},
      {"cookie-secure", [](Config& c, const std::string& v) { c.cookie_secure = to_bool("cookie-secure", v); }},
      {"dues-callback-secret", [](Config& c, const std::string& v) {
         if (v.size() < 16) throw std::invalid_argument("setting dues-callback-secret needs at least 16 characters");
         c.dues_callback_secret = v;
       }},
      {"audit-retention-days", [](Config& c, const std::string& v) {
         c.audit_retention_days = to_int("audit-retention-days", v);
         if (c.audit_retention_days < 180)
           throw std::invalid_argument("setting audit-retention-days must be at least 180 (six months of logs)");
       }},
  };
  return s;
}

// "org.term_years.branch" style rule parameters go to Config::rules (validated by the rule packs).
// Rule parameters come from organization.md, members.md, transfer.md, dues.md and org-life.md;
// each rule pack validates its own keys at start (src/app/wiring.cpp).
bool is_rule_key(const std::string& k) {
  return k.rfind("org.", 0) == 0 || k.rfind("transfer.", 0) == 0 || k.rfind("member.", 0) == 0 ||
         k.rfind("dues.", 0) == 0 || k.rfind("orglife.", 0) == 0;
}

void apply(Config& c, const std::string& key, const std::string& value, const std::string& origin) {
  if (is_rule_key(key)) {
    c.rules[key] = value;
    return;
  }
  auto it = setters().find(key);
  if (it == setters().end()) throw std::invalid_argument("unknown setting '" + key + "' in " + origin);
  it->second(c, value);
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

void apply_file(Config& c, const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot read config file " + path);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    auto eq = line.find('=');
    if (eq == std::string::npos) throw std::invalid_argument(path + ":" + std::to_string(n) + ": expected key = value");
    apply(c, trim(line.substr(0, eq)), trim(line.substr(eq + 1)), path + ":" + std::to_string(n));
  }
}

// LIANXIN_MAX_BODY -> max-body
void apply_env(Config& c) {
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    if (kv.rfind("LIANXIN_", 0) != 0) continue;
    auto eq = kv.find('=');
    std::string key = kv.substr(8, eq - 8);
    for (auto& ch : key) ch = ch == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (setters().count(key)) apply(c, key, kv.substr(eq + 1), "environment");
  }
}

}  // namespace

bool is_config_key(const std::string& name) { return setters().count(name) || name == "config" || is_rule_key(name); }

ParsedArgs parse_args(int argc, char** argv) {
  ParsedArgs a;
  for (int i = 1; i < argc; ++i) {
    std::string s = argv[i];
    if (s.rfind("--", 0) == 0) {
      std::string name = s.substr(2), value = "true";
      if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      } else if (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0) {
        value = argv[++i];
      }
      a.flags[name] = value;
    } else if (a.command.empty()) {
      a.command = s;
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

Config load_config(const ParsedArgs& args) {
  Config c;
  // The data dir decides where the default config file is, so resolve it first.
  if (const char* d = std::getenv("LIANXIN_DATA")) c.data_dir = d;
  if (auto it = args.flags.find("data"); it != args.flags.end()) c.data_dir = it->second;
  std::string file;
  if (auto it = args.flags.find("config"); it != args.flags.end()) file = it->second;
  else if (const char* f = std::getenv("LIANXIN_CONFIG")) file = f;
  else if (std::filesystem::exists(c.data_dir + "/lianxin.conf")) file = c.data_dir + "/lianxin.conf";
  if (!file.empty()) apply_file(c, file);
  apply_env(c);
  for (const auto& [k, v] : args.flags)
    if (is_config_key(k) && k != "config") apply(c, k, v, "--" + k);
  if (c.db_url.empty()) c.db_url = "sqlite:" + c.data_dir + "/lianxin.db";
  if (c.db_url.rfind("sqlite:", 0) != 0 && c.db_url.rfind("postgres", 0) != 0)
    throw std::invalid_argument("--db must be sqlite:PATH or postgresql://...");
  return c;
}

int Config::effective_workers() const {
  if (worker_threads > 0) return worker_threads;
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return is_sqlite() ? std::max(2, cores) : std::max(8, 2 * cores);
}

Config load_batch_config(const ParsedArgs& args) {
  Config c = load_config(args);
  c.statement_timeout_ms = std::max(c.statement_timeout_ms, 3600 * 1000);
  return c;
}

}  // namespace lianxin::app
