#include "modules/common/status_sql.hpp"

#include "domain/enums.hpp"

namespace lianxin::modules {

const std::string& current_statuses_sql() {
  static const std::string list = [] {
    std::string s = "(";
    for (const auto& v : domain::member_statuses()) {
      if (!domain::status_is_current(v.code)) continue;
      if (s.size() > 1) s += ", ";
      s += "'" + std::string(v.code) + "'";
    }
    return s + ")";
  }();
  return list;
}

}  // namespace lianxin::modules
