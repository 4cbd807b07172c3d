// lianxin: one binary for the server and its maintenance commands.
#include <cstdio>
#include <exception>
#include <map>
#include <set>
#include <string>

#include <spdlog/spdlog.h>

#include "app/commands.hpp"

int main(int argc, char** argv) {
  using namespace lianxin::app;
  static const std::map<std::string, int (*)(const ParsedArgs&)> commands = {
      {"serve", cmd_serve},   {"migrate", cmd_migrate}, {"demo", cmd_demo},
      {"import", cmd_import}, {"export", cmd_export},   {"backup", cmd_backup},
      {"verify-stats", cmd_verify_stats},             {"routes", cmd_routes},
      {"version", cmd_version}, {"help", cmd_help},     {"user", cmd_user},
      {"audit", cmd_audit},
  };
  // Flags of each command besides the common settings (config.hpp); anything else is a mistake
  // worth stopping for (a misspelt --listen must not start a server on the default address).
  static const std::map<std::string, std::set<std::string>> own_flags = {
      {"serve", {"demo-if-empty"}},
      {"demo", {"members", "seed"}},
      {"import", {"kind", "policy", "dry-run", "skip-invalid"}},
      {"export", {"kind", "org", "format", "out", "reveal"}},
      {"backup", {"out"}},
      {"verify-stats", {"repair"}},
      {"audit", {"before"}},
      {"user", {"role", "org", "display-name", "member"}},
  };
  ParsedArgs args = parse_args(argc, argv);
  if (args.command.empty() || args.flags.count("help")) return cmd_help(args);
  auto it = commands.find(args.command);
  if (it == commands.end()) {
    std::fprintf(stderr, "lianxin: unknown command '%s' (see: lianxin help)\n", args.command.c_str());
    return 2;
  }
  for (const auto& [flag, value] : args.flags) {
    auto own = own_flags.find(args.command);
    if (is_config_key(flag) || (own != own_flags.end() && own->second.count(flag))) continue;
    std::fprintf(stderr, "lianxin %s: unknown flag --%s (see: lianxin help)\n", args.command.c_str(), flag.c_str());
    return 2;
  }
  try {
    return it->second(args);
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    std::fprintf(stderr, "lianxin %s: %s\n", args.command.c_str(), e.what());
    return 1;
  }
}
