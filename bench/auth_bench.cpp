// The cost of authentication on the hot path: what the authorizer adds to GET /api/members/{id}
// (token hash, cache lookup, scope from the grants), beside the handler's own work on the same
// database (read the member and its org path, mask, serialize).
//   build/auth_bench [--benchmark_repetitions=5]
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "db/migrations.hpp"
#include "http/api.hpp"
#include "modules/auth/accounts.hpp"
#include "modules/auth/authorizer.hpp"
#include "modules/member/member_service.hpp"
#include "modules/org/org_service.hpp"

namespace {

using namespace lianxin;

struct World {
  std::string dir;
  std::unique_ptr<db::Database> db;
  std::unique_ptr<util::FieldCipher> cipher;
  std::unique_ptr<modules::ModuleContext> ctx;
  std::unique_ptr<modules::member::MemberService> members;
  std::unique_ptr<modules::auth::AuthService> auth;
  std::unique_ptr<modules::auth::Authorizer> authz;
  std::string token;
  int64_t member_id = 0;

  World() {
    char tmpl[] = "/tmp/lianxin-auth-bench-XXXXXX";
    dir = mkdtemp(tmpl);
    db = db::open_database("sqlite:" + dir + "/b.db", {});
    db::migrate(*db);
    cipher = std::make_unique<util::FieldCipher>(util::FieldCipher::load_or_create(dir + "/k"));
    ctx = std::make_unique<modules::ModuleContext>(modules::ModuleContext{*db, *cipher});
    members = std::make_unique<modules::member::MemberService>(*ctx);
    auth = std::make_unique<modules::auth::AuthService>(*ctx, *members, modules::auth::AuthOptions{});
    authz = std::make_unique<modules::auth::Authorizer>(*auth);
    modules::org::OrgDraft d;
    d.code = "B1";
    d.name = "第一支部";
    d.kind = "branch";
    const int64_t org = modules::org::OrgService(*ctx).create(d, {}).id;
    modules::member::MemberService::Input in;
    in.org_id = org;
    in.draft.name = "张三";
    in.draft.id_number = "110105198005060117";
    in.draft.category = "full";
    in.draft.join_date = "2005-07-01";
    in.draft.full_date = "2006-07-01";
    in.draft.mobile = "13800138000";
    member_id = members->create(in, {}, http::Scope::all()).id;
    db->write([&](db::Tx& tx) {
      modules::auth::NewAccount a{"bench", "bench", std::nullopt, "Bench#Login2026", false};
      auto made = modules::auth::create_account(*auth, tx, a, {});
      modules::auth::add_grant(*auth, tx, made.id, "worker", org, {});
    });
    token = auth->login("bench", "Bench#Login2026", {}).token;
  }
  ~World() {
    authz.reset();
    auth.reset();
    db->close();
    std::filesystem::remove_all(dir);
  }
};

World& world() {
  static World w;
  return w;
}

http::Request member_request(const World& w) {
  http::Request req;
  req.method = "GET";
  req.target = req.path = "/api/members/" + std::to_string(w.member_id);
  req.headers["authorization"] = "Bearer " + w.token;
  req.headers["user-agent"] = "wrk";
  return req;
}

const http::Route& member_route() {
  static const http::Route r{"GET", "/api/members/{id}", "member.read", [](http::RequestContext&) {
                               return http::Response::no_content();
                             }};
  return r;
}

void BM_Authorize(benchmark::State& state) {
  World& w = world();
  const http::Request req = member_request(w);
  for (auto _ : state) {
    http::RequestContext ctx{req, "rid", "127.0.0.1", {}, http::Scope::none(), &member_route(), {}, {}};
    w.authz->authorize(ctx, member_route());
    benchmark::DoNotOptimize(ctx.scope.paths.data());
  }
}
BENCHMARK(BM_Authorize);

void BM_MemberHandler(benchmark::State& state) {
  World& w = world();
  http::Scope scope{false, {"/1/"}, false, {}};
  for (auto _ : state) {
    auto m = w.members->get(w.member_id, scope);
    auto body = http::Response::json_text(w.members->detail_json(m));
    benchmark::DoNotOptimize(body.body.data());
  }
}
BENCHMARK(BM_MemberHandler);

}  // namespace

BENCHMARK_MAIN();
