#include "modules/common/json_util.hpp"

namespace lianxin::modules {

boost::json::value parse_stored_json(const std::optional<std::string>& text) {
  if (!text || text->empty()) return nullptr;
  boost::system::error_code ec;
  auto v = boost::json::parse(*text, ec);
  return ec ? boost::json::value(nullptr) : v;
}

}  // namespace lianxin::modules
