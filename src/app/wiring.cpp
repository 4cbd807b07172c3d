#include "app/wiring.hpp"

#include <filesystem>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "db/migrations.hpp"
#include "modules/audit/audit_routes.hpp"
#include "modules/auth/auth_routes.hpp"
#include "modules/auth/authorizer.hpp"
#include "modules/auth/roles.hpp"
#include "modules/auth/user_routes.hpp"
#include "modules/codes/codes_routes.hpp"
#include "modules/io/export_service.hpp"
#include "modules/io/import_service.hpp"
#include "modules/io/io_routes.hpp"
#include "modules/member/member_routes.hpp"
#include "modules/org/org_routes.hpp"
#include "util/table_file.hpp"
#include "modules/recruit/recruit_routes.hpp"
#include "modules/transfer/transfer_routes.hpp"
#include "modules/mobile/mobile_routes.hpp"
#include "modules/dues/dues_report_routes.hpp"
#include "modules/dues/dues_routes.hpp"
#include "modules/life/compliance_routes.hpp"
#include "modules/life/meeting_routes.hpp"

namespace lianxin::app {

struct Services {
  Services(modules::ModuleContext& ctx, modules::auth::AuthOptions auth_opts, int audit_retention_days,
           domain::TransferRulePack transfer_rules, std::string dues_callback_secret)
      : orgs(ctx),
        members(ctx),
        imports(ctx, members, orgs),
        exports(ctx, members, orgs),
        auth(ctx, members, std::move(auth_opts)),
        authorizer(std::make_shared<modules::auth::Authorizer>(auth)),
        audit(ctx, audit_retention_days),
        users(auth, members),
        grants(auth),
        api_keys(auth),
        recruit(ctx, members),
        transfer(ctx, members, transfer_rules),
        mobile(ctx, members, std::move(transfer_rules)),
        recruit_ledger(ctx, recruit),
        recruit_attachments(ctx),
        recruit_meetings(ctx, recruit),
        dues(ctx, members, std::move(dues_callback_secret)),
        dues_reports(ctx),
        compliance(ctx),
        meetings(ctx) {
    // The branch meeting's roster asks the mobile module how a member stands at a branch (R-M01).
    recruit.set_mobile([this](db::Tx& tx, int64_t m, int64_t b, domain::VoterStanding s) { return mobile.rights_at_branch(tx, m, b, s); },
                       [this](db::Tx& tx, int64_t b) { return mobile.hosted_at(tx, b); });
  }
  modules::org::OrgService orgs;
  modules::member::MemberService members;
  modules::io::ImportService imports;
  modules::io::ExportService exports;
  modules::auth::AuthService auth;
  std::shared_ptr<modules::auth::Authorizer> authorizer;
  modules::audit::AuditService audit;
  modules::auth::UserService users;
  modules::auth::GrantService grants;
  modules::auth::ApiKeyService api_keys;
  modules::recruit::RecruitService recruit;
  modules::transfer::TransferService transfer;
  modules::mobile::MobileService mobile;  // shares the transfer.md parameters (R-T02 boundary, R-M04)
  modules::recruit::RecruitLedger recruit_ledger;
  modules::recruit::RecruitAttachments recruit_attachments;
  modules::recruit::RecruitMeetings recruit_meetings;
  modules::dues::DuesService dues;
  modules::dues::DuesReportService dues_reports;
  modules::life::ComplianceService compliance;  // org-life compliance (read side of the meeting records)
  modules::life::MeetingService meetings;
};

namespace {

void apply_rule_settings(const Config& cfg, modules::ModuleContext& ctx) {
  for (const auto& [key, value] : cfg.rules) {
    if (key.rfind("org.", 0) == 0) {
      if (auto err = ctx.org_rules.set(key, value)) throw std::runtime_error("rule setting " + key + ": " + *err);
    } else if (key.rfind("member.", 0) == 0) {
      if (auto err = ctx.member_status_rules.set(key, value)) throw std::runtime_error("rule setting " + key + ": " + *err);
    } else if (key.rfind("dues.", 0) == 0) {
      if (auto err = ctx.dues_rules.set(key, value)) throw std::runtime_error("rule setting " + key + ": " + *err);
    } else if (key.rfind("orglife.", 0) == 0) {
      if (auto err = ctx.orglife_rules.set(key, value)) throw std::runtime_error("rule setting " + key + ": " + *err);
    } else if (key.rfind("transfer.", 0) == 0) {
      continue;  // transfer_rules()
    } else {
      throw std::runtime_error("unknown rule setting " + key);
    }
  }
}

// transfer.md parameters (transfer.approval_timeout_days, ...), validated by the pack.
domain::TransferRulePack transfer_rules(const Config& cfg) {
  domain::TransferRulePack pack = domain::TransferRulePack::defaults();
  for (const auto& [key, value] : cfg.rules)
    if (key.rfind("transfer.", 0) == 0)
      if (auto err = pack.set(key, value)) throw std::runtime_error("rule setting " + key + ": " + *err);
  return pack;
}

modules::auth::AuthOptions auth_options(const Config& cfg) {
  modules::auth::AuthOptions o;
  o.lock_threshold = cfg.lock_threshold;
  o.lock_minutes = cfg.lock_minutes;
  o.address_max_failures = cfg.login_address_failures;
  o.address_window_minutes = cfg.lock_minutes;
  o.idle_minutes = cfg.session_idle_minutes;
  o.absolute_hours = cfg.session_hours;
  o.cache_seconds = cfg.auth_cache_seconds;
  o.cookie_secure = cfg.cookie_secure;
  return o;
}

}  // namespace

App::App(Config cfg, bool migrate) : cfg_(std::move(cfg)) {
  std::filesystem::create_directories(cfg_.data_dir);
  cipher_ = std::make_unique<util::FieldCipher>(util::FieldCipher::load_or_create(cfg_.key_file()));
  db::OpenOptions opts;
  opts.read_connections = cfg_.db_pool;
  opts.sqlite_cache_mib = cfg_.sqlite_cache_mb;
  opts.statement_timeout_ms = cfg_.statement_timeout_ms;
  db_ = db::open_database(cfg_.db_url, opts);
  if (migrate) {
    int n = db::migrate(*db_);
    if (n > 0) spdlog::info("applied {} migration(s); schema version {}", n, db::schema_version(*db_));
  }
  ctx_ = std::make_unique<modules::ModuleContext>(modules::ModuleContext{*db_, *cipher_});
  ctx_->temp_dir = cfg_.data_dir + "/tmp";
  std::filesystem::create_directories(ctx_->temp_dir);
  ctx_->files_dir = cfg_.data_dir + "/files";
  ctx_->attachment_max_bytes = std::min(cfg_.attachment_max_bytes, cfg_.max_body_bytes);
  ctx_->checkin_token_seconds = cfg_.checkin_token_seconds;
  ctx_->public_url = cfg_.public_url;
  // Exports are built here and removed once sent; a crash can leave one behind.
  if (int n = util::TempFile::remove_stale(ctx_->temp_dir, util::TableFileWriter::kFilePrefix, std::chrono::hours(24)))
    spdlog::info("removed {} unfinished export file(s) from {}", n, ctx_->temp_dir);
  apply_rule_settings(cfg_, *ctx_);
  services_ = std::make_unique<Services>(*ctx_, auth_options(cfg_), cfg_.audit_retention_days, transfer_rules(cfg_),
                                         cfg_.dues_callback_secret);
}

App::~App() {
  services_.reset();
  if (db_) db_->close();
}

modules::org::OrgService& App::orgs() { return services_->orgs; }
modules::member::MemberService& App::members() { return services_->members; }
modules::io::ImportService& App::imports() { return services_->imports; }
modules::io::ExportService& App::exports() { return services_->exports; }
modules::auth::AuthService& App::auth() { return services_->auth; }
std::shared_ptr<http::Authorizer> App::authorizer() { return services_->authorizer; }

void App::register_routes(http::Router& router) {
  modules::org::register_org_routes(router, services_->orgs);
  modules::member::register_member_routes(router, services_->members);
  modules::io::register_io_routes(router, services_->imports, services_->exports);
  modules::auth::register_auth_routes(router, services_->auth, services_->members, services_->orgs);
  modules::audit::register_audit_routes(router, services_->audit);
  modules::auth::register_user_routes(router, services_->users);
  modules::auth::register_grant_routes(router, services_->grants, services_->api_keys);
  modules::codes::register_code_routes(router, ctx_->org_rules);
  modules::recruit::register_recruit_routes(router, services_->recruit);
  modules::recruit::register_recruit_ledger_routes(router, services_->recruit_ledger, services_->recruit_attachments,
                                                   services_->recruit_meetings);
  modules::transfer::register_transfer_routes(router, services_->transfer);
  modules::mobile::register_mobile_routes(router, services_->mobile);
  modules::dues::register_dues_routes(router, services_->dues);
  modules::dues::register_dues_report_routes(router, services_->dues_reports);
  modules::life::register_compliance_routes(router, services_->compliance);
  modules::life::register_meeting_routes(router, services_->meetings);
  // Every route names a permission the role table knows: a typo would lock everyone out of it.
  for (const auto& r : router.routes()) {
    if (!modules::auth::known_permission(r.permission))
      throw std::logic_error("route " + r.method + " " + r.pattern + " needs unknown permission " + r.permission);
  }
}

}  // namespace lianxin::app
