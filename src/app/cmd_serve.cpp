#include <cstdio>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "app/commands.hpp"
#include "app/demo_bootstrap.hpp"
#include "app/wiring.hpp"
#include "db/migrations.hpp"
#include "http/server.hpp"

namespace lianxin::app {

namespace {

std::pair<std::string, uint16_t> split_listen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("--listen must be HOST:PORT, got '" + listen + "'");
  int port = std::stoi(listen.substr(colon + 1));
  if (port < 0 || port > 65535) throw std::invalid_argument("--listen port out of range");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  return {host, static_cast<uint16_t>(port)};
}

http::ServerOptions server_options(const Config& cfg) {
  http::ServerOptions o;
  std::tie(o.host, o.port) = split_listen(cfg.listen);
  o.io_threads = cfg.io_threads;
  o.worker_threads = cfg.effective_workers();
  o.batch_workers = cfg.batch_workers;
  o.max_body_bytes = cfg.max_body_bytes;
  o.max_connections = cfg.max_connections;
  o.max_queued_requests = cfg.max_queued_requests;
  o.idle_timeout_s = cfg.idle_timeout_s;
  o.static_dir = cfg.static_dir;
  return o;
}

void wire_observability(http::Server& server, App& app) {
  db::Database* db = &app.db();
  server.set_readiness([db](boost::json::object& out) {
    try {
      int version = db::schema_version(*db);
      out["status"] = version == db::latest_schema_version() ? "ready" : "migrating";
      out["schema_version"] = version;
      out["database"] = db->describe();
      return version == db::latest_schema_version();
    } catch (const std::exception& e) {
      out["status"] = "database unavailable";
      return false;
    }
  });
  server.add_gauges([db] {
    db::PoolStats s = db->stats();
    return std::vector<http::GaugeSample>{
        {"lianxin_db_connections", "Open database connections", static_cast<double>(s.connections)},
        {"lianxin_db_connections_in_use", "Database connections in use", static_cast<double>(s.in_use)},
        {"lianxin_db_waiting", "Callers waiting for a connection or a write slot", static_cast<double>(s.waiting)},
    };
  });
}

}  // namespace

int cmd_serve(const ParsedArgs& args) {
  Config cfg = load_config(args);
  spdlog::set_level(spdlog::level::from_str(cfg.log_level));
  App app(cfg, true);
  bootstrap_system_accounts(app);
  if (args.flags.count("demo-if-empty")) bootstrap_demo_if_empty(app);
  http::Router router;
  app.register_routes(router);
  http::ServerOptions opts = server_options(cfg);
  opts.authorizer = app.authorizer();
  http::Server server(opts, router);
  wire_observability(server, app);
  server.listen();
  std::printf("lianxin 已启动: http://%s:%u/  (数据库: %s)\n", server_options(cfg).host.c_str(), server.port(),
              app.db().describe().c_str());
  std::printf("接口说明: docs/openapi.yaml；健康检查: /healthz；按 Ctrl+C 停止。\n");
  print_login_help(app);
  std::fflush(stdout);
  server.run();
  spdlog::info("stopped; closing the database");
  return 0;
}

}  // namespace lianxin::app
