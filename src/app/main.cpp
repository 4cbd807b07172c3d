// lianxin: one binary for the server and its maintenance commands.
#include <cstdio>
#include <exception>
#include <map>
#include <string>

#include <spdlog/spdlog.h>

#include "app/commands.hpp"

int main(int argc, char** argv) {
  using namespace lianxin::app;
  static const std::map<std::string, int (*)(const ParsedArgs&)> commands = {
      {"serve", cmd_serve},   {"migrate", cmd_migrate}, {"demo", cmd_demo},
      {"import", cmd_import}, {"export", cmd_export},   {"backup", cmd_backup},
      {"verify-stats", cmd_verify_stats},             {"routes", cmd_routes},
      {"version", cmd_version}, {"help", cmd_help},
  };
  ParsedArgs args = parse_args(argc, argv);
  if (args.command.empty() || args.flags.count("help")) return cmd_help(args);
  auto it = commands.find(args.command);
  if (it == commands.end()) {
    std::fprintf(stderr, "lianxin: unknown command '%s' (see: lianxin help)\n", args.command.c_str());
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
