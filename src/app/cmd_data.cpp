// Data subcommands: demo, import, export.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "app/commands.hpp"
#include "app/demo_bootstrap.hpp"
#include "app/wiring.hpp"
#include "db/bulk_load.hpp"
#include "http/api.hpp"
#include "modules/demo/demo_generator.hpp"
#include "modules/io/export_service.hpp"
#include "modules/io/import_service.hpp"
#include "util/whole_file.hpp"

namespace lianxin::app {

namespace {

int64_t flag_int(const ParsedArgs& args, const std::string& name, int64_t dflt) {
  auto it = args.flags.find(name);
  if (it == args.flags.end()) return dflt;
  try {
    size_t pos = 0;
    long long v = std::stoll(it->second, &pos);
    if (pos != it->second.size() || v < 0) throw std::invalid_argument(name);
    return v;
  } catch (const std::exception&) {
    throw std::invalid_argument("--" + name + " needs a non-negative whole number");
  }
}

}  // namespace

int cmd_demo(const ParsedArgs& args) {
  App app(load_batch_config(args), true);
  modules::demo::DemoOptions opts;
  opts.members = flag_int(args, "members", 2000);
  opts.seed = static_cast<uint64_t>(flag_int(args, "seed", 1));
  auto t0 = std::chrono::steady_clock::now();
  const db::ExclusiveLoad exclusive(app.db());
  modules::demo::generate_demo(app.context(), opts, [](const std::string& line) {
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  });
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("demo data generated in %.1f s\n", s);
  bootstrap_system_accounts(app);
  bootstrap_demo_accounts(app);
  return 0;
}

}  // namespace lianxin::app

namespace lianxin::app {

namespace {

std::string flag(const ParsedArgs& args, const std::string& name, const std::string& dflt) {
  auto it = args.flags.find(name);
  return it == args.flags.end() ? dflt : it->second;
}

void print_errors(const modules::io::BatchReport& r) {
  for (const auto& e : r.errors)
    std::printf("  第%lld行 %s: %s (%s)\n", static_cast<long long>(e.row_no), e.field.c_str(), e.message.c_str(),
                e.code.c_str());
  if (r.error_count > static_cast<int64_t>(r.errors.size()))
    std::printf("  ... 共 %lld 个错误\n", static_cast<long long>(r.error_count));
}

}  // namespace

int cmd_import(const ParsedArgs& args) {
  if (args.positional.empty()) throw std::invalid_argument("usage: lianxin import FILE --kind members|orgs [--policy skip|update|fail] [--dry-run] [--skip-invalid]");
  App app(load_batch_config(args), true);
  const util::MappedFile file(args.positional[0]);
  modules::io::Upload up;
  up.bytes = file.bytes();
  auto kind = modules::io::parse_kind(flag(args, "kind", "members"));
  auto policy = modules::io::parse_policy(flag(args, "policy", "skip"));
  if (!kind) throw std::invalid_argument("--kind must be members or orgs");
  if (!policy) throw std::invalid_argument("--policy must be skip, update or fail");
  up.kind = *kind;
  up.policy = *policy;
  up.filename = args.positional[0];
  up.store_payload = false;
  modules::ChangeMeta meta{"cli-import", 0, "cli", "cli", "lianxin import", ""};
  auto t0 = std::chrono::steady_clock::now();
  modules::io::BatchReport r;
  if (args.flags.count("dry-run")) {
    r = app.imports().preview(up, meta, http::Scope::all());
  } else {
    const db::ExclusiveLoad exclusive(app.db());
    r = app.imports().import_now(up, args.flags.count("skip-invalid") > 0, meta, [](int64_t rows) {
      std::fprintf(stderr, "\r%lld rows", static_cast<long long>(rows));
    });
    std::fprintf(stderr, "\n");
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto& b = r.batch;
  std::printf("batch %lld: %s, %lld rows, %lld with errors, created %lld, updated %lld, skipped %lld in %.2f s (%.0f rows/s)\n",
              static_cast<long long>(b.id), b.state.c_str(), static_cast<long long>(b.total_rows),
              static_cast<long long>(b.error_rows), static_cast<long long>(b.created_count),
              static_cast<long long>(b.updated_count), static_cast<long long>(b.skipped_count), s,
              s > 0 ? b.total_rows / s : 0.0);
  print_errors(r);
  return b.state == "committed" || args.flags.count("dry-run") ? (r.error_count > 0 ? 3 : 0) : 3;
}

int cmd_export(const ParsedArgs& args) {
  App app(load_batch_config(args), true);
  auto fmt = modules::io::parse_format(flag(args, "format", "csv"));
  if (!fmt) throw std::invalid_argument("--format must be csv or xlsx");
  int64_t org = flag_int(args, "org", 0);
  if (org <= 0) {
    org = app.db().read_value([](db::Tx& tx) {
      auto r = tx.query_one("SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1");
      return r ? r->i64(0) : int64_t{0};
    });
    if (org == 0) throw std::runtime_error("the database has no organization");
  }
  std::string kind = flag(args, "kind", "members");
  const modules::ChangeMeta meta{"cli-export", 0, "cli", "cli", "lianxin export", ""};  // audited like the API
  modules::io::ExportFile f;
  if (kind == "members") f = app.exports().members(org, *fmt, args.flags.count("reveal") > 0, meta, http::Scope::all());
  else if (kind == "orgs") f = app.exports().orgs(org, *fmt, meta, http::Scope::all());
  else throw std::invalid_argument("--kind must be members or orgs");
  std::string out = flag(args, "out", f.filename);
  std::error_code ec;
  std::filesystem::copy_file(f.file->path(), out, std::filesystem::copy_options::overwrite_existing, ec);
  if (ec) throw std::runtime_error("cannot write " + out + ": " + ec.message());
  std::printf("%lld rows written to %s\n", static_cast<long long>(f.rows), out.c_str());
  return 0;
}

}  // namespace lianxin::app
