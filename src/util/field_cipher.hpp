// Field-level encryption for personal data at rest (ID numbers, phones), with libsodium.
// Encryption: XChaCha20-Poly1305 (crypto_aead_xchacha20poly1305_ietf) with a random nonce; the
// stored form is base64(version byte | nonce | ciphertext). Lookup: a keyed BLAKE2b-256 hash
// (crypto_generichash) with a separate key, hex-encoded, so exact lookup and uniqueness work
// without decrypting. The keys live in a key file beside the data (0600), never in the database.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace lianxin::util {

class FieldCipher {
public:
  static constexpr size_t kKeyBytes = 32;

  // Loads the key file, or creates it (O_CREAT|O_EXCL, mode 0600, random keys) when it does not
  // exist. The file is text, exactly three lines:
  //   lianxin-key-v1
  //   <64 hex chars: encryption key>
  //   <64 hex chars: lookup-hash key>
  // Throws std::runtime_error when the file exists but is malformed, is not a regular file (a
  // symlink is refused too), or has any group/other permission bit set.
  static FieldCipher load_or_create(const std::string& path);
  static FieldCipher from_keys(const std::array<unsigned char, kKeyBytes>& enc_key,
                               const std::array<unsigned char, kKeyBytes>& mac_key);

  std::string encrypt(std::string_view plaintext) const;
  // Throws std::runtime_error when the value was not produced with this key (tampered or wrong key).
  std::string decrypt(std::string_view stored) const;
  // Deterministic keyed hash (64 hex chars) for lookup and uniqueness.
  std::string lookup_hash(std::string_view plaintext) const;
  // A 32-byte key for another purpose (e.g. signing check-in tokens), derived from the lookup key
  // with crypto_kdf: `context` is exactly 8 characters naming the purpose, `id` a sub-key number.
  // The key file stays the only secret; a derived key reveals nothing about the others.
  std::array<unsigned char, kKeyBytes> derive_key(uint64_t id, std::string_view context) const;

private:
  std::array<unsigned char, kKeyBytes> enc_key_{};
  std::array<unsigned char, kKeyBytes> mac_key_{};
};

// Starts libsodium once (thread-safe); throws std::runtime_error when it cannot. Call before any
// other libsodium function outside FieldCipher.
void ensure_sodium();

// Random bytes as lower-case hex (request ids, tokens).
std::string random_hex(size_t bytes);
std::string base64_encode(std::string_view bytes);
std::string base64_decode(std::string_view text);  // throws std::invalid_argument on bad input
std::string base64url_encode(std::string_view bytes);  // no padding
std::string base64url_decode(std::string_view text);   // throws std::invalid_argument

}  // namespace lianxin::util
