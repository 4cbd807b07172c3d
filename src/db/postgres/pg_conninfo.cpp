#include "db/postgres/pg_conninfo.hpp"

#include <libpq-fe.h>

#include <cstring>
#include <map>

namespace lianxin::db::postgres {

// libpq parses the string itself, so every form it accepts (URL, key=value, escapes) is covered
// and only the fields we choose to show come out.
std::string describe_conninfo(const std::string& conninfo) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
  if (!opts) {
    PQfreemem(err);
    return "postgresql://(unparsable connection string)";
  }
  std::map<std::string, std::string> f;
  for (auto* o = opts; o->keyword; ++o)
    if (o->val && *o->val) f[o->keyword] = o->val;
  PQconninfoFree(opts);
  std::string host = f.count("host") ? f["host"] : f.count("hostaddr") ? f["hostaddr"] : "localhost";
  std::string out = "postgresql://";
  if (f.count("user")) out += f["user"] + "@";
  out += host;
  if (f.count("port")) out += ":" + f["port"];
  out += "/" + (f.count("dbname") ? f["dbname"] : std::string());
  return out;
}

}  // namespace lianxin::db::postgres
