#include "modules/auth/passwords.hpp"

#include <mutex>
#include <stdexcept>

#include <sodium.h>

#include "util/field_cipher.hpp"

namespace lianxin::modules::auth {

HashCost HashCost::interactive() {
  return {crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE, crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE};
}

HashCost HashCost::minimum() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}

std::string hash_password(std::string_view password, const HashCost& cost) {
  util::ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_argon2id_str(out, password.data(), password.size(), cost.ops, cost.mem_bytes) != 0)
    throw std::runtime_error("password hashing ran out of memory");
  return out;
}

bool verify_password(const std::string& stored_hash, std::string_view password) {
  util::ensure_sodium();
  return crypto_pwhash_argon2id_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

void verify_dummy(const HashCost& cost) {
  static std::once_flag once;
  static std::string dummy;
  std::call_once(once, [&] { dummy = hash_password(random_token(), cost); });
  (void)verify_password(dummy, "not-the-password");
}

std::string generate_password() {
  util::ensure_sodium();
  static constexpr std::string_view kLower = "abcdefghijkmnpqrstuvwxyz";
  static constexpr std::string_view kUpper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  static constexpr std::string_view kDigit = "23456789";
  // No = + - @: a password starting with one is escaped against formula injection in the CSV of a
  // bulk creation (and Excel would run it), so the printed value would differ from the real one.
  static constexpr std::string_view kSymbol = "#%*_";
  auto pick = [](std::string_view set) { return set[randombytes_uniform(static_cast<uint32_t>(set.size()))]; };
  std::string pw;
  pw += pick(kLower);
  pw += pick(kUpper);
  pw += pick(kDigit);
  pw += pick(kSymbol);
  const std::string all = std::string(kLower) + std::string(kUpper) + std::string(kDigit);
  while (pw.size() < 12) pw += pick(all);
  for (size_t i = pw.size() - 1; i > 0; --i)  // Fisher-Yates, so the classes sit anywhere
    std::swap(pw[i], pw[randombytes_uniform(static_cast<uint32_t>(i + 1))]);
  return pw;
}

std::string random_token() {
  util::ensure_sodium();
  unsigned char buf[32];
  randombytes_buf(buf, sizeof buf);
  return util::base64url_encode(std::string_view(reinterpret_cast<const char*>(buf), sizeof buf));
}

}  // namespace lianxin::modules::auth
