#include "domain/id_number.hpp"

#include "domain/text.hpp"

namespace lianxin::domain {

namespace {

IdNumberCheck failure(std::string code, std::string message) {
  IdNumberCheck r;
  r.error_code = std::move(code);
  r.error_message = std::move(message);
  return r;
}

// Structure checks of members.md §5 in order: length, then characters (a 15-digit legacy number
// is all digits; an 18-digit one may end in X or x).
std::optional<IdNumberCheck> structure_error(std::string_view s) {
  if (s.size() != 18 && s.size() != 15)
    return failure("id_number.length", "公民身份号码应为18位（或15位旧号码）");
  const bool legacy = s.size() == 15;
  const std::string_view body = legacy ? s : s.substr(0, 17);
  const char last = s.back();
  const bool last_ok = legacy || (last >= '0' && last <= '9') || last == 'X' || last == 'x';
  if (!all_digits(body) || !last_ok)
    return failure("id_number.chars", "公民身份号码只能由数字组成，最后一位可以是X");
  return std::nullopt;
}

// 15-digit numbers (before 1999) have a 2-digit year of the 1900s and no check character.
std::string upgrade_legacy(std::string_view s) {
  std::string first17 = std::string(s.substr(0, 6)) + "19" + std::string(s.substr(6));
  return first17 + id_check_char(first17);
}

}  // namespace

char id_check_char(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheckByRemainder[] = "10X98765432";
  int sum = 0;
  for (size_t i = 0; i < 17 && i < first17.size(); ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheckByRemainder[sum % 11];
}

IdNumberCheck check_id_number(std::string_view input, Date today) {
  const std::string_view s = trim_spaces(input);
  if (auto err = structure_error(s)) return *err;

  std::string normalized = s.size() == 15 ? upgrade_legacy(s) : std::string(s);
  if (normalized[17] == 'x') normalized[17] = 'X';

  const auto birth = Date::parse(std::string_view(normalized).substr(6, 8));
  if (!birth) return failure("id_number.birth_date", "公民身份号码中的出生日期不是有效日期");
  if (*birth > today) return failure("id_number.future_birth", "公民身份号码中的出生日期晚于今天");
  if (id_check_char(std::string_view(normalized).substr(0, 17)) != normalized[17])
    return failure("id_number.checksum", "公民身份号码校验位错误");

  const int sequence_last_digit = normalized[16] - '0';
  IdNumberCheck ok;
  ok.info = IdNumberInfo{normalized, *birth, sequence_last_digit % 2 ? Gender::male : Gender::female};
  return ok;
}

std::string mask_id_number(std::string_view id) {
  if (id.size() <= 8) return std::string(id.size(), '*');
  return std::string(id.substr(0, 4)) + std::string(id.size() - 8, '*') +
         std::string(id.substr(id.size() - 4));
}

std::string mask_phone(std::string_view phone) {
  const bool mobile = phone.size() == 11 && phone[0] == '1' && all_digits(phone);
  const size_t keep_tail = mobile ? 4 : 2;
  if (phone.size() <= 3 + keep_tail) return std::string(phone.size(), '*');
  return std::string(phone.substr(0, 3)) + std::string(phone.size() - 3 - keep_tail, '*') +
         std::string(phone.substr(phone.size() - keep_tail));
}

}  // namespace lianxin::domain
