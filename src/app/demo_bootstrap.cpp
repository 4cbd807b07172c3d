#include "app/demo_bootstrap.hpp"

#include <cstdio>

#include "modules/demo/demo_generator.hpp"

namespace lianxin::app {

void bootstrap_demo_if_empty(App& app) {
  int64_t orgs = app.db().read_value([](db::Tx& tx) { return tx.query_int("SELECT count(*) FROM orgs"); });
  if (orgs > 0) return;
  std::printf("首次启动：正在生成演示数据（约2000名党员，县级规模）…\n");
  std::fflush(stdout);
  modules::demo::DemoOptions opts;
  opts.members = 2000;
  opts.seed = 1;
  modules::demo::generate_demo(app.context(), opts, [](const std::string& line) { std::printf("  %s\n", line.c_str()); });
}

}  // namespace lianxin::app
