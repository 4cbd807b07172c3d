// Connection strings carry passwords; logs and /readyz must not.
#pragma once

#include <string>

namespace lianxin::db::postgres {

// "postgresql://user@host:port/dbname" from a URL or key=value string, without the password.
std::string describe_conninfo(const std::string& conninfo);

}  // namespace lianxin::db::postgres
