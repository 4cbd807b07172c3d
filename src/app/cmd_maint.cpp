// Maintenance subcommands: migrate, backup, verify-stats, routes, version, help.
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <stdlib.h>

#include "app/commands.hpp"
#include "app/wiring.hpp"
#include "db/migrations.hpp"
#include "db/sqlite/sqlite_backup.hpp"
#include "http/server.hpp"
#include "modules/org/org_stats.hpp"

#ifndef LIANXIN_VERSION
#define LIANXIN_VERSION "dev"
#endif

namespace lianxin::app {

int cmd_migrate(const ParsedArgs& args) {
  App app(load_config(args), true);
  std::printf("schema version %d (latest %d) on %s\n", db::schema_version(app.db()), db::latest_schema_version(),
              app.db().describe().c_str());
  return 0;
}

int cmd_backup(const ParsedArgs& args) {
  Config cfg = load_config(args);
  if (!cfg.is_sqlite()) {
    std::printf("PostgreSQL: back up with pg_dump, for example:\n  pg_dump --format=custom --file=lianxin.dump '%s'\n",
                "<the --db URL>");
    return 0;
  }
  auto out = args.flags.count("out") ? args.flags.at("out")
                                     : cfg.data_dir + "/backup-" + std::to_string(std::time(nullptr)) + ".db";
  if (std::filesystem::exists(out)) throw std::runtime_error("refusing to overwrite " + out);
  db::sqlite_backup(cfg.sqlite_path(), out);
  std::printf("backup written to %s (the key file %s is needed to read personal data: keep a copy of it apart)\n",
              out.c_str(), cfg.key_file().c_str());
  return 0;
}

int cmd_verify_stats(const ParsedArgs& args) {
  App app(load_batch_config(args), true);
  bool repair = args.flags.count("repair") > 0;
  std::vector<std::string> diffs = app.db().read_value([](db::Tx& tx) { return modules::org::verify_stats(tx); });
  for (const auto& d : diffs) std::printf("%s\n", d.c_str());
  if (diffs.empty()) {
    std::printf("statistics rollups agree with a full recount\n");
    return 0;
  }
  if (repair) {
    app.db().write([](db::Tx& tx) { modules::org::rebuild_stats(tx); });
    std::printf("%zu difference(s) repaired by a full rebuild\n", diffs.size());
    return 0;
  }
  std::printf("%zu difference(s); run with --repair to rebuild\n", diffs.size());
  return 1;
}

int cmd_routes(const ParsedArgs&) {
  // Lists every route the server registers (for the OpenAPI completeness test), with the
  // permission each needs. Builds the app on a throwaway database so it needs no configuration.
  char tmpl[] = "/tmp/lianxin-routes-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("cannot create a temporary directory");
  std::string dir = tmpl;
  {
    Config cfg;
    cfg.data_dir = dir;
    cfg.db_url = "sqlite:" + dir + "/routes.db";
    App app(cfg, false);
    http::Router router;
    app.register_routes(router);
    for (const auto& [method, pattern] : http::builtin_routes()) std::printf("%s %s public\n", method.c_str(), pattern.c_str());
    for (const auto& r : router.routes()) std::printf("%s %s %s\n", r.method.c_str(), r.pattern.c_str(), r.permission.c_str());
  }
  std::filesystem::remove_all(dir);
  return 0;
}

int cmd_version(const ParsedArgs&) {
  std::printf("lianxin %s (schema %d)\n", LIANXIN_VERSION, db::latest_schema_version());
  return 0;
}

int cmd_help(const ParsedArgs&) {
  std::printf(R"(lianxin %s — 连心 智慧党建平台

usage: lianxin COMMAND [flags]

commands:
  serve          run the HTTP server (--listen HOST:PORT, default 127.0.0.1:8080; --demo-if-empty)
  migrate        apply pending schema migrations
  demo           fill the database with a deterministic demo (--members N --seed S)
  import FILE    import members or organizations from CSV (--kind members|orgs --policy skip|update|fail
                 --dry-run to check only, --skip-invalid to commit the valid rows of a file with errors)
  export         export a subtree (--kind members|orgs --org ID --format csv|xlsx --out FILE;
                 ID numbers and phones are masked unless --reveal)
  backup         SQLite online backup (--out FILE); for PostgreSQL prints the pg_dump command
  verify-stats   compare statistics rollups with a full recount (--repair rebuilds them)
  routes         list the HTTP routes with the permission each needs
  audit verify   walk the audit hash chain; exit 1 and print the first broken seq when it was tampered with
  audit purge --before YYYY-MM-DD
                 delete audit records older than the date (refused inside audit-retention-days, min. 180)
  user reset-password NAME
                 give an account a new one-time password (printed), unlock it and end its sessions
  user create NAME --role ROLE [--org ID] [--member ID] [--display-name TEXT]
                 create an account with one grant (linked to a member record with --member); the password is LIANXIN_USER_PASSWORD when set,
                 otherwise a printed one-time password (roles: sysadmin secadmin auditor org_admin
                 worker discipline member)
  version        print the version
  help           this text

common flags (also LIANXIN_* environment variables and a config file; see docs/operations.md):
  --data DIR     data directory: database, key file, uploads (default ./data)
  --db URL       sqlite:PATH (default DIR/lianxin.db) or postgresql://...
  --config FILE  config file (default DIR/lianxin.conf when present)

first start: creates admin, secadmin and auditor with the password in LIANXIN_ADMIN_PASSWORD, or
a random one each printed once; `demo` adds orgadmin, branch1 and member1 (LIANXIN_DEMO_PASSWORD).
)",
              LIANXIN_VERSION);
  return 0;
}

}  // namespace lianxin::app
