// A validation failure on one input field, with a stable code and a message in Chinese.
#pragma once

#include <string>

namespace lianxin::domain {

struct FieldError {
  std::string field;    // input field name, e.g. "id_number"
  std::string code;     // stable machine code, e.g. "id_number.checksum"
  std::string message;  // for people, Simplified Chinese
  bool operator==(const FieldError&) const = default;
};

}  // namespace lianxin::domain
