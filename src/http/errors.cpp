// The error model's JSON shape and the common factories.
#include "http/errors.hpp"

namespace lianxin::http {

namespace json = boost::json;

// The whole response body, {"error":{...}}: the server sends it as-is, and handlers that need to
// embed an error elsewhere can take ["error"]. "details" appears only when there are details.
json::object ApiError::to_json() const {
  json::object err;
  err["code"] = code;
  err["message"] = message;
  err["field"] = field;
  if (!details.empty()) {
    json::array arr;
    for (const auto& d : details) {
      arr.push_back(json::object{{"field", d.field}, {"code", d.code}, {"message", d.message}});
    }
    err["details"] = std::move(arr);
  }
  return json::object{{"error", std::move(err)}};
}

ApiError bad_request(std::string code, std::string message, std::string field) {
  return ApiError(400, std::move(code), std::move(message), std::move(field));
}

ApiError validation_failed(std::vector<domain::FieldError> errors) {
  if (errors.empty()) {  // a caller bug, but still a well-formed 422
    return ApiError(422, "validation_failed", "输入有误");
  }
  const domain::FieldError first = errors.front();
  return ApiError(422, first.code, first.message, first.field, std::move(errors));
}

ApiError unauthorized(std::string code, std::string message) {
  return ApiError(401, std::move(code), std::move(message));
}

ApiError forbidden(std::string code, std::string message) {
  return ApiError(403, std::move(code), std::move(message));
}

ApiError too_many_requests(std::string code, std::string message) {
  return ApiError(429, std::move(code), std::move(message));
}

ApiError not_found(std::string what) {
  return ApiError(404, "not_found", what + "不存在");
}

ApiError conflict(std::string code, std::string message, std::string field) {
  return ApiError(409, std::move(code), std::move(message), std::move(field));
}

ApiError unavailable(std::string message) {
  return ApiError(503, "unavailable", std::move(message));
}

}  // namespace lianxin::http
