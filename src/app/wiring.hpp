// Builds the running application from a Config: storage, key, rule packs, services, routes.
#pragma once

#include <memory>

#include "app/config.hpp"
#include "db/database.hpp"
#include "http/api.hpp"
#include "modules/common/context.hpp"
#include "modules/member/member_service.hpp"
#include "modules/org/org_service.hpp"
#include "util/field_cipher.hpp"

namespace lianxin::modules::io {
class ImportService;
class ExportService;
}  // namespace lianxin::modules::io

namespace lianxin::modules::auth {
class AuthService;
}  // namespace lianxin::modules::auth

namespace lianxin::app {

struct Services;  // the services of every module (wiring.cpp)

class App {
public:
  // Creates the data dir and key file when needed, opens the database and applies migrations
  // when `migrate` is true (serve, demo, import); throws std::runtime_error with a clear message.
  App(Config cfg, bool migrate);
  ~App();

  const Config& config() const { return cfg_; }
  db::Database& db() { return *db_; }
  modules::ModuleContext& context() { return *ctx_; }
  modules::org::OrgService& orgs();
  modules::member::MemberService& members();
  modules::io::ImportService& imports();
  modules::io::ExportService& exports();
  modules::auth::AuthService& auth();
  // The permission check the server runs before every handler.
  std::shared_ptr<http::Authorizer> authorizer();
  // Registers every module's routes.
  void register_routes(http::Router& router);

private:
  Config cfg_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<util::FieldCipher> cipher_;
  std::unique_ptr<modules::ModuleContext> ctx_;
  std::unique_ptr<Services> services_;
};

}  // namespace lianxin::app
