// The one error model. Code anywhere below a handler throws ApiError (or lets another exception
// escape); the server maps it to a status and the body
//   {"error":{"code":"...","message":"...","field":"...","details":[{"field","code","message"}...]}}
// Messages are for people (Simplified Chinese); codes are for programs. Anything that is not an
// ApiError becomes 500 "internal" with the details only in the log.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "domain/field_error.hpp"

namespace lianxin::http {

class ApiError : public std::runtime_error {
public:
  ApiError(int status, std::string code, std::string message, std::string field = {},
           std::vector<domain::FieldError> details = {})
      : std::runtime_error(message), status(status), code(std::move(code)), message(std::move(message)),
        field(std::move(field)), details(std::move(details)) {}

  int status;
  std::string code;
  std::string message;
  std::string field;
  std::vector<domain::FieldError> details;

  boost::json::object to_json() const;
};

// 400: the request is malformed (bad JSON, bad parameter syntax).
ApiError bad_request(std::string code, std::string message, std::string field = {});
// 422: well-formed but the values break the rules; the first error is in error.field/code/message,
// all of them in error.details.
ApiError validation_failed(std::vector<domain::FieldError> errors);
// 401: not logged in, or the session has expired.
ApiError unauthorized(std::string code = "unauthenticated", std::string message = "请先登录");
// 403: inside the caller's view but not allowed (missing permission, CSRF token, ...).
ApiError forbidden(std::string code, std::string message);
// 404: not found, or outside the caller's scope (never reveal existence).
ApiError not_found(std::string what = "资源");
// 409: conflicts with the current state (duplicate ID number, rollback blocked, ...).
ApiError conflict(std::string code, std::string message, std::string field = {});
// 429: too many attempts; retry later.
ApiError too_many_requests(std::string code, std::string message);
// 503: overloaded or not ready.
ApiError unavailable(std::string message);

}  // namespace lianxin::http
