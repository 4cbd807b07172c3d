#include "domain/password_policy.hpp"

#include <string>

#include "domain/text.hpp"

namespace lianxin::domain {

namespace {

// Characters, not bytes: a UTF-8 sequence counts once.
int char_count(std::string_view s) {
  int n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

int class_count(std::string_view s) {
  bool lower = false, upper = false, digit = false, other = false;
  for (unsigned char c : s) {
    if (c >= 'a' && c <= 'z') lower = true;
    else if (c >= 'A' && c <= 'Z') upper = true;
    else if (c >= '0' && c <= '9') digit = true;
    else other = true;
  }
  return lower + upper + digit + other;
}

}  // namespace

std::optional<FieldError> check_password(std::string_view password, std::string_view username, std::string_view phone,
                                         const PasswordPolicy& policy) {
  const int len = char_count(password);
  if (len < policy.min_length)
    return FieldError{"password", "password.too_short", "密码至少需要" + std::to_string(policy.min_length) + "个字符"};
  if (len > policy.max_length)
    return FieldError{"password", "password.too_long", "密码不能超过" + std::to_string(policy.max_length) + "个字符"};
  if (class_count(password) < policy.min_classes)
    return FieldError{"password", "password.too_simple", "密码需包含大写字母、小写字母、数字、特殊字符中的至少" +
                                                             std::to_string(policy.min_classes) + "类"};
  const std::string p = ascii_lower(password);
  if (!username.empty() && p == ascii_lower(username))
    return FieldError{"password", "password.equals_username", "密码不能与用户名相同"};
  if (!phone.empty() && p == ascii_lower(phone))
    return FieldError{"password", "password.equals_phone", "密码不能与手机号相同"};
  return std::nullopt;
}

}  // namespace lianxin::domain
