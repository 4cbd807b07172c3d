#include "app/wiring.hpp"

#include <filesystem>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "db/migrations.hpp"
#include "modules/io/export_service.hpp"
#include "modules/io/import_service.hpp"
#include "modules/io/io_routes.hpp"
#include "modules/member/member_routes.hpp"
#include "modules/org/org_routes.hpp"

namespace lianxin::app {

struct Services {
  explicit Services(modules::ModuleContext& ctx)
      : orgs(ctx), members(ctx), imports(ctx, members, orgs), exports(ctx, members, orgs) {}
  modules::org::OrgService orgs;
  modules::member::MemberService members;
  modules::io::ImportService imports;
  modules::io::ExportService exports;
};

namespace {

void apply_rule_settings(const Config& cfg, modules::ModuleContext& ctx) {
  for (const auto& [key, value] : cfg.rules) {
    if (key.rfind("org.", 0) == 0) {
      if (auto err = ctx.org_rules.set(key, value)) throw std::runtime_error("rule setting " + key + ": " + *err);
    } else {
      throw std::runtime_error("unknown rule setting " + key);
    }
  }
}

}  // namespace

App::App(Config cfg, bool migrate) : cfg_(std::move(cfg)) {
  std::filesystem::create_directories(cfg_.data_dir);
  cipher_ = std::make_unique<util::FieldCipher>(util::FieldCipher::load_or_create(cfg_.key_file()));
  db::OpenOptions opts;
  opts.read_connections = cfg_.db_pool;
  opts.statement_timeout_ms = cfg_.statement_timeout_ms;
  db_ = db::open_database(cfg_.db_url, opts);
  if (migrate) {
    int n = db::migrate(*db_);
    if (n > 0) spdlog::info("applied {} migration(s); schema version {}", n, db::schema_version(*db_));
  }
  ctx_ = std::make_unique<modules::ModuleContext>(modules::ModuleContext{*db_, *cipher_});
  apply_rule_settings(cfg_, *ctx_);
  services_ = std::make_unique<Services>(*ctx_);
}

App::~App() {
  services_.reset();
  if (db_) db_->close();
}

modules::org::OrgService& App::orgs() { return services_->orgs; }
modules::member::MemberService& App::members() { return services_->members; }
modules::io::ImportService& App::imports() { return services_->imports; }
modules::io::ExportService& App::exports() { return services_->exports; }

void App::register_routes(http::Router& router) {
  modules::org::register_org_routes(router, services_->orgs);
  modules::member::register_member_routes(router, services_->members);
  modules::io::register_io_routes(router, services_->imports, services_->exports);
}

}  // namespace lianxin::app
