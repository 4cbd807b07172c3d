// GB 11643-1999 citizen ID numbers (members.md §5): structure, ISO 7064 MOD 11-2 check
// character, 15-digit legacy upgrade, masking.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/date.hpp"

namespace lianxin::domain {

enum class Gender { male, female };

struct IdNumberInfo {
  std::string normalized;  // 18 characters, upper-case X
  Date birth;
  Gender gender;
};

struct IdNumberCheck {
  std::optional<IdNumberInfo> info;  // set when valid
  // When invalid: a stable code and a Chinese message. Codes, in validation order:
  // "id_number.length", "id_number.chars", "id_number.birth_date", "id_number.future_birth",
  // "id_number.checksum".
  std::string error_code;
  std::string error_message;
  bool ok() const { return info.has_value(); }
};

// The check character for the first 17 digits ('0'..'9' or 'X').
char id_check_char(std::string_view first17);
// Validates in the order of members.md §5 (length, characters, birth date real and not after
// `today`, checksum). Accepts a lower-case x; accepts a 15-digit legacy number and upgrades it.
// Leading/trailing spaces are ignored. The address code is never rejected.
IdNumberCheck check_id_number(std::string_view input, Date today);
// "11010519491231002X" -> "1101**********002X" (first 4 and last 4 kept).
std::string mask_id_number(std::string_view id);
// "13812345678" -> "138****5678"; a landline keeps its first 3 and last 2 characters.
std::string mask_phone(std::string_view phone);

}  // namespace lianxin::domain
