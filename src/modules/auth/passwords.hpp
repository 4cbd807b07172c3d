// Password hashing with Argon2id (libsodium crypto_pwhash_str), random passwords and tokens.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lianxin::modules::auth {

// Argon2id work factors. `interactive` (libsodium's: 2 passes, 64 MiB) is the production default;
// tests use `minimum` so that hundreds of logins stay fast.
struct HashCost {
  unsigned long long ops;
  size_t mem_bytes;
  static HashCost interactive();
  static HashCost minimum();
};

std::string hash_password(std::string_view password, const HashCost& cost);
bool verify_password(const std::string& stored_hash, std::string_view password);
// Same work as a real verification, for logins that name no account: the response time must
// not tell whether an account exists.
void verify_dummy(const HashCost& cost);

// A one-time initial password that satisfies the policy: 12 characters from an alphabet without
// look-alikes (0/O, 1/l/I), with at least one lower, upper, digit and symbol (# % * _, none that a
// spreadsheet or CSV would treat as a formula).
std::string generate_password();
// 256 random bits, base64url (43 characters): session tokens, API key secrets.
std::string random_token();

}  // namespace lianxin::modules::auth
