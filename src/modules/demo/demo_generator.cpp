#include "modules/demo/demo_generator.hpp"

#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "modules/demo/demo_builder.hpp"
#include "modules/io/bulk_load_cache.hpp"

namespace lianxin::modules::demo {

namespace {

constexpr int64_t kReportEvery = 100'000;

std::string status_line(const DemoResult& r, double seconds) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "演示数据：已写入 %lld 名党员、%lld 个党组织（%.0f 秒）",
                static_cast<long long>(r.members), static_cast<long long>(r.orgs), seconds);
  return buf;
}

}  // namespace

DemoResult generate_demo(ModuleContext& ctx, const DemoOptions& opts, std::function<void(std::string)> progress) {
  if (ctx.db.read_value([](db::Tx& tx) { return tx.query_int("SELECT COUNT(*) FROM orgs"); }) > 0) {
    throw std::runtime_error("数据库中已有党组织，演示数据只能写入空数据库");
  }
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  io::BulkLoadCache cache(ctx.db, 1024 * 1024);  // 1 GiB: the id_hash index alone is ~1 GB at 10M
  DemoBuilder builder(ctx, opts);
  int64_t next_report = kReportEvery;
  bool more = true;
  while (more) {
    ctx.db.write([&](db::Tx& tx) { more = builder.step(tx); });
    if (progress && builder.result().members >= next_report) {
      progress(status_line(builder.result(), elapsed()));
      while (next_report <= builder.result().members) next_report += kReportEvery;
    }
  }
  DemoResult result = builder.result();
  result.seconds = elapsed();
  if (progress) progress(status_line(result, result.seconds) + "，完成");
  return result;
}

}  // namespace lianxin::modules::demo
