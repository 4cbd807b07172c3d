// SQL fragments derived from the domain enumerations, so the list of current statuses is written
// once (domain::status_is_current).
#pragma once

#include <string>

namespace lianxin::modules {

// "('normal', 'mobile', 'lost_contact', 'suspended')"
const std::string& current_statuses_sql();

}  // namespace lianxin::modules
