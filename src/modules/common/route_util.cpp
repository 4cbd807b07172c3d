#include "modules/common/route_util.hpp"

#include <algorithm>
#include <charconv>

#include "http/errors.hpp"

namespace lianxin::modules {

ChangeMeta meta_of(const http::RequestContext& ctx) {
  ChangeMeta m{ctx.request_id, ctx.caller.user_id, ctx.client_addr, ctx.caller.username, {}, ctx.caller.user_agent};
  if (m.actor.empty()) m.actor = "anonymous";
  if (ctx.route) m.route = ctx.route->method + " " + ctx.route->pattern;
  return m;
}

bool query_flag(const http::Request& req, const std::string& name, bool dflt) {
  const std::string* v = req.query_param(name);
  if (!v) return dflt;
  if (*v == "1" || *v == "true") return true;
  if (*v == "0" || *v == "false") return false;
  throw http::bad_request("bad_parameter", "参数 " + name + " 应为 true 或 false", name);
}

std::optional<int64_t> query_id(const http::Request& req, const std::string& name) {
  const std::string* v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  int64_t id = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), id);
  if (ec != std::errc() || p != v->data() + v->size() || id <= 0)
    throw http::bad_request("bad_parameter", "参数 " + name + " 应为正整数", name);
  return id;
}

std::optional<bool> opt_bool(http::JsonBody& body, const char* key) {
  auto v = body.object().if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_bool()) {
    body.add_error(key, std::string(key) + ".invalid", "应为 true 或 false");
    return std::nullopt;
  }
  return v->as_bool();
}

std::optional<std::string> query_text(const http::Request& req, const char* name) {
  const std::string* v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  return *v;
}

std::vector<std::string> query_codes(const http::Request& req, const char* name,
                                     std::span<const domain::EnumValue> values) {
  std::vector<std::string> out;
  const std::string* v = req.query_param(name);
  if (!v) return out;
  size_t start = 0;
  while (start <= v->size()) {
    size_t end = v->find(',', start);
    if (end == std::string::npos) end = v->size();
    const std::string item = v->substr(start, end - start);
    start = end + 1;
    if (item.find_first_not_of(' ') == std::string::npos) continue;
    auto e = domain::find_enum(values, item);
    if (!e) throw http::bad_request("bad_parameter", std::string("参数 ") + name + " 含无效的代码：" + item, name);
    if (std::find(out.begin(), out.end(), e->code) == out.end()) out.emplace_back(e->code);
  }
  return out;
}

}  // namespace lianxin::modules
