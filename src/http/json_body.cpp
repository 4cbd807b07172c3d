// JSON request bodies: parse once, read fields, collect every field error for one 422.
#include "http/json_body.hpp"

#include <cmath>

#include "http/errors.hpp"

namespace lianxin::http {

namespace json = boost::json;

namespace {

std::string trim(std::string_view s) {
  // ASCII whitespace plus the full-width space (U+3000) that Chinese input methods often leave.
  static const std::string_view ideographic_space = "\xE3\x80\x80";
  bool changed = true;
  while (changed && !s.empty()) {
    changed = false;
    if (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n') {
      s.remove_prefix(1), changed = true;
    } else if (s.starts_with(ideographic_space)) {
      s.remove_prefix(ideographic_space.size()), changed = true;
    }
    if (s.empty()) break;
    if (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n') {
      s.remove_suffix(1), changed = true;
    } else if (s.ends_with(ideographic_space)) {
      s.remove_suffix(ideographic_space.size()), changed = true;
    }
  }
  return std::string(s);
}

// Integers may arrive as int64, uint64 or an integral double (1.0) from some clients.
std::optional<int64_t> as_int64(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) {
    if (v.get_uint64() > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(v.get_uint64());
  }
  if (v.is_double()) {
    double d = v.get_double();
    if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9.0e15) return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

}  // namespace

JsonBody::JsonBody(const std::string& body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) throw bad_request("bad_json", "请求体不是有效的 JSON 对象");
  obj_ = std::move(v.get_object());
}

bool JsonBody::has(const char* key) const {
  auto* v = obj_.if_contains(key);
  return v && !v->is_null();
}

std::string JsonBody::str(const char* key) {
  if (!has(key)) {
    add_error(key, "required", "必填项");
    return {};
  }
  auto v = opt_str(key);
  if (v && v->empty()) add_error(key, "required", "必填项");
  return v.value_or(std::string());
}

// Missing or null is "not given"; an empty string is returned as "" so a PATCH can clear a field.
std::optional<std::string> JsonBody::opt_str(const char* key) {
  if (!has(key)) return std::nullopt;
  const json::value& v = obj_.at(key);
  if (!v.is_string()) {
    add_error(key, "invalid_type", "应为文本");
    return std::nullopt;
  }
  return trim(v.get_string());
}

std::optional<int64_t> JsonBody::opt_int(const char* key) {
  if (!has(key)) return std::nullopt;
  auto v = as_int64(obj_.at(key));
  if (!v) add_error(key, "invalid_type", "应为整数");
  return v;
}

int64_t JsonBody::integer(const char* key) {
  if (!has(key)) {
    add_error(key, "required", "必填项");
    return 0;
  }
  return opt_int(key).value_or(0);
}

void JsonBody::add_error(std::string field, std::string code, std::string message) {
  errors_.push_back(domain::FieldError{std::move(field), std::move(code), std::move(message)});
}

void JsonBody::finish() const {
  if (!errors_.empty()) throw validation_failed(errors_);
}

}  // namespace lianxin::http
