// The password policy (等保三级 identity-authentication requirements): at least 8 characters, at
// least 3 of the 4 classes (lower case, upper case, digits, other printable characters), and not
// the account's own username or phone number (compared case-insensitively).
#pragma once

#include <optional>
#include <string_view>

#include "domain/field_error.hpp"

namespace lianxin::domain {

struct PasswordPolicy {
  int min_length = 8;
  int min_classes = 3;
  int max_length = 128;  // Argon2 would take more, but nobody types more; bounds the work per login
};

// nullopt when acceptable; otherwise the error for field "password".
std::optional<FieldError> check_password(std::string_view password, std::string_view username,
                                         std::string_view phone, const PasswordPolicy& policy = {});

}  // namespace lianxin::domain
