// Reading JSON request bodies with field-level errors. A handler parses the body once, then reads
// fields; every problem is collected so the client sees all field errors at once (422), and a
// malformed body is a 400.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "domain/field_error.hpp"

namespace lianxin::http {

class JsonBody {
public:
  // Throws ApiError 400 "bad_json" when the body is not a JSON object.
  explicit JsonBody(const std::string& body);

  bool has(const char* key) const;  // present and not null
  // Required / optional text (trimmed). A wrong type or an empty required value is recorded as a
  // field error and an empty value returned.
  std::string str(const char* key);
  std::optional<std::string> opt_str(const char* key);
  std::optional<int64_t> opt_int(const char* key);
  int64_t integer(const char* key);
  const boost::json::object& object() const { return obj_; }

  void add_error(std::string field, std::string code, std::string message);
  const std::vector<domain::FieldError>& errors() const { return errors_; }
  // Throws validation_failed when any error was recorded.
  void finish() const;

private:
  boost::json::object obj_;
  std::vector<domain::FieldError> errors_;
};

}  // namespace lianxin::http
