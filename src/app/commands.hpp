// The lianxin subcommands. Each returns the process exit code.
#pragma once

#include "app/config.hpp"

namespace lianxin::app {

int cmd_serve(const ParsedArgs& args);
int cmd_migrate(const ParsedArgs& args);
int cmd_demo(const ParsedArgs& args);
int cmd_import(const ParsedArgs& args);
int cmd_export(const ParsedArgs& args);
int cmd_backup(const ParsedArgs& args);
int cmd_verify_stats(const ParsedArgs& args);
int cmd_routes(const ParsedArgs& args);
int cmd_audit(const ParsedArgs& args);
int cmd_user(const ParsedArgs& args);
int cmd_version(const ParsedArgs& args);
int cmd_help(const ParsedArgs& args);

}  // namespace lianxin::app
