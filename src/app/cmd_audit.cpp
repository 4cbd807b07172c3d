// `lianxin audit verify` and `lianxin audit purge --before YYYY-MM-DD`: the operator's side of the
// audit trail (docs/operations.md, "Audit trail").
#include <cstdio>
#include <stdexcept>

#include "app/commands.hpp"
#include "app/wiring.hpp"
#include "modules/audit/audit_service.hpp"

namespace lianxin::app {

namespace {

int verify(modules::audit::AuditService& svc) {
  const auto v = svc.verify();
  if (v.ok) {
    std::printf("audit chain intact: %lld record(s) checked, seq %lld..%lld\n", static_cast<long long>(v.checked),
                static_cast<long long>(v.purged_through + 1), static_cast<long long>(v.head_seq));
    return 0;
  }
  std::printf("audit chain BROKEN at seq %lld: %s (%lld record(s) intact before it)\n",
              static_cast<long long>(*v.first_broken_seq), v.reason.c_str(), static_cast<long long>(v.checked));
  return 1;
}

int purge(modules::audit::AuditService& svc, const ParsedArgs& args) {
  auto before = args.flags.find("before");
  if (before == args.flags.end()) throw std::invalid_argument("usage: lianxin audit purge --before YYYY-MM-DD");
  const modules::ChangeMeta meta{"cli-audit-purge", 0, "cli", "cli", "lianxin audit purge", ""};
  const auto r = svc.purge(before->second, meta);
  std::printf("%lld audit record(s) deleted; the chain now starts after seq %lld\n",
              static_cast<long long>(r.deleted), static_cast<long long>(r.purged_through));
  return 0;
}

}  // namespace

int cmd_audit(const ParsedArgs& args) {
  const std::string sub = args.positional.empty() ? "" : args.positional[0];
  if (sub != "verify" && sub != "purge")
    throw std::invalid_argument("usage: lianxin audit verify | lianxin audit purge --before YYYY-MM-DD");
  App app(load_batch_config(args), true);
  modules::audit::AuditService svc(app.context(), app.config().audit_retention_days);
  return sub == "verify" ? verify(svc) : purge(svc, args);
}

}  // namespace lianxin::app
