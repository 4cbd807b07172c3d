#include "util/field_cipher.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace lianxin::util {

namespace {

constexpr unsigned char kFormatVersion = 1;
constexpr std::string_view kKeyFileMagic = "lianxin-key-v1";
using Key = std::array<unsigned char, FieldCipher::kKeyBytes>;

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

// Lower-case hex. Not sodium_bin2hex: its constant-time form costs a bulk import ~2% and hides
// nothing here (the input is a hash or random bytes that are about to be shown anyway).
std::string to_hex(const unsigned char* data, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(2 * n, '\0');
  for (size_t i = 0; i < n; ++i) {
    hex[2 * i] = kDigits[data[i] >> 4];
    hex[2 * i + 1] = kDigits[data[i] & 0xf];
  }
  return hex;
}

bool key_from_hex(std::string_view hex, Key& key) {
  size_t len = 0;
  const char* end = nullptr;
  return hex.size() == 2 * key.size() &&
         sodium_hex2bin(key.data(), key.size(), hex.data(), hex.size(), nullptr, &len, &end) == 0 &&
         len == key.size() && end == hex.data() + hex.size();
}

std::runtime_error sys_error(const std::string& what, const std::string& path) {
  return std::runtime_error(what + " " + path + ": " + std::strerror(errno));
}

// Closes the descriptor on every path.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::string read_all(int fd, const std::string& path) {
  std::string out;
  char buf[512];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw sys_error("cannot read key file", path);
    if (n == 0) return out;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > 4096) throw std::runtime_error("key file too large: " + path);
  }
}

// "lianxin-key-v1\n<64 hex enc key>\n<64 hex mac key>\n"
FieldCipher parse_key_file(std::string text, const std::string& path) {
  Key enc{}, mac{};
  const std::string_view t = text;
  const size_t hex = 2 * FieldCipher::kKeyBytes;
  const size_t expected = kKeyFileMagic.size() + 1 + 2 * (hex + 1);
  const bool ok = t.size() == expected && t.starts_with(kKeyFileMagic) && t[kKeyFileMagic.size()] == '\n' &&
                  key_from_hex(t.substr(kKeyFileMagic.size() + 1, hex), enc) &&
                  t[kKeyFileMagic.size() + 1 + hex] == '\n' &&
                  key_from_hex(t.substr(kKeyFileMagic.size() + 2 + hex, hex), mac) && t.back() == '\n';
  sodium_memzero(text.data(), text.size());
  if (!ok) throw std::runtime_error("malformed key file: " + path);
  FieldCipher cipher = FieldCipher::from_keys(enc, mac);
  sodium_memzero(enc.data(), enc.size());
  sodium_memzero(mac.data(), mac.size());
  return cipher;
}

// Refuses anything but a regular file that only its owner can read or write.
void check_permissions(int fd, const std::string& path) {
  struct stat st{};
  if (::fstat(fd, &st) != 0) throw sys_error("cannot stat key file", path);
  if (!S_ISREG(st.st_mode)) throw std::runtime_error("key file is not a regular file: " + path);
  if (st.st_mode & (S_IRWXG | S_IRWXO))
    throw std::runtime_error("key file " + path + " is accessible by group or others; chmod 600 it");
}

// Creates the key file with new random keys; false when it already exists (another process won
// the race, so the caller reads that one instead).
bool create_key_file(const std::string& path) {
  Fd f{::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)};
  if (f.fd < 0 && errno == EEXIST) return false;
  if (f.fd < 0) throw sys_error("cannot create key file", path);
  Key enc{}, mac{};
  randombytes_buf(enc.data(), enc.size());
  randombytes_buf(mac.data(), mac.size());
  std::string text = std::string(kKeyFileMagic) + "\n" + to_hex(enc.data(), enc.size()) + "\n" +
                     to_hex(mac.data(), mac.size()) + "\n";
  sodium_memzero(enc.data(), enc.size());
  sodium_memzero(mac.data(), mac.size());
  const bool written = ::write(f.fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(f.fd) == 0;
  sodium_memzero(text.data(), text.size());
  if (!written) {
    const int saved = errno;
    ::unlink(path.c_str());  // never leave a half-written key behind
    errno = saved;
    throw sys_error("cannot write key file", path);
  }
  return true;
}

}  // namespace

void ensure_sodium() {
  static const int rc = sodium_init();  // thread-safe once; 1 means "already initialised"
  if (rc < 0) throw std::runtime_error("libsodium initialisation failed");
}

FieldCipher FieldCipher::from_keys(const Key& enc_key, const Key& mac_key) {
  ensure_sodium();
  FieldCipher c;
  c.enc_key_ = enc_key;
  c.mac_key_ = mac_key;
  return c;
}

FieldCipher FieldCipher::load_or_create(const std::string& path) {
  ensure_sodium();
  for (int attempt = 0; attempt < 2; ++attempt) {
    Fd f{::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)};
    if (f.fd >= 0) {
      check_permissions(f.fd, path);
      return parse_key_file(read_all(f.fd, path), path);
    }
    if (errno != ENOENT) throw sys_error("cannot open key file", path);
    create_key_file(path);
  }
  throw std::runtime_error("key file vanished while opening it: " + path);
}

namespace {

// A fresh 24-byte nonce without a system call per value: 16 random bytes drawn once per thread,
// then a 64-bit counter. XChaCha20's 192-bit nonce leaves room for this; distinct threads and
// processes differ in their random prefix (a 2^-128 chance of meeting), and a thread never
// repeats its counter. getrandom() per value was 11% of a bulk import's time.
void next_nonce(unsigned char* nonce) {
  struct State {
    unsigned char prefix[16];
    uint64_t counter = 0;
    State() { randombytes_buf(prefix, sizeof prefix); }
  };
  thread_local State st;
  static_assert(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES == sizeof st.prefix + sizeof st.counter);
  std::memcpy(nonce, st.prefix, sizeof st.prefix);
  uint64_t c = ++st.counter;
  std::memcpy(nonce + sizeof st.prefix, &c, sizeof c);
}

}  // namespace

std::string FieldCipher::encrypt(std::string_view plaintext) const {
  const size_t nonce_bytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  const size_t raw_size = 1 + nonce_bytes + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  // Personal fields are short: build the raw form on the stack, the heap only for long values.
  unsigned char small[256];
  std::string large;
  unsigned char* out = small;
  if (raw_size > sizeof small) {
    large.resize(raw_size);
    out = reinterpret_cast<unsigned char*>(large.data());
  }
  out[0] = kFormatVersion;
  next_nonce(out + 1);
  unsigned long long written = 0;
  // The version byte is authenticated as associated data, so it cannot be swapped.
  crypto_aead_xchacha20poly1305_ietf_encrypt(out + 1 + nonce_bytes, &written, bytes(plaintext), plaintext.size(),
                                             out, 1, nullptr, out + 1, enc_key_.data());
  return base64_encode({reinterpret_cast<const char*>(out), static_cast<size_t>(1 + nonce_bytes + written)});
}

std::string FieldCipher::decrypt(std::string_view stored) const {
  const size_t nonce_bytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string raw;
  try {
    raw = base64_decode(stored);
  } catch (const std::invalid_argument&) {
    throw std::runtime_error("encrypted field is not valid base64");
  }
  const auto* in = bytes(raw);
  if (raw.size() < 1 + nonce_bytes + crypto_aead_xchacha20poly1305_ietf_ABYTES || in[0] != kFormatVersion)
    throw std::runtime_error("encrypted field has an unknown format");
  const size_t cipher_len = raw.size() - 1 - nonce_bytes;
  std::string plain(cipher_len - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long plain_len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plain.data()), &plain_len, nullptr,
                                                 in + 1 + nonce_bytes, cipher_len, in, 1, in + 1,
                                                 enc_key_.data()) != 0)
    throw std::runtime_error("encrypted field was tampered with or uses another key");
  plain.resize(plain_len);
  return plain;
}

std::string FieldCipher::lookup_hash(std::string_view plaintext) const {
  unsigned char out[crypto_generichash_BYTES];  // 32 bytes = BLAKE2b-256
  crypto_generichash(out, sizeof out, bytes(plaintext), plaintext.size(), mac_key_.data(), mac_key_.size());
  return to_hex(out, sizeof out);
}

std::array<unsigned char, FieldCipher::kKeyBytes> FieldCipher::derive_key(uint64_t id, std::string_view context) const {
  static_assert(crypto_kdf_KEYBYTES == kKeyBytes);
  if (context.size() != crypto_kdf_CONTEXTBYTES) throw std::invalid_argument("key context must be 8 characters");
  char ctx[crypto_kdf_CONTEXTBYTES + 1] = {};
  std::copy(context.begin(), context.end(), ctx);
  std::array<unsigned char, kKeyBytes> out{};
  crypto_kdf_derive_from_key(out.data(), out.size(), id, ctx, mac_key_.data());
  return out;
}

std::string random_hex(size_t n) {
  ensure_sodium();
  std::string buf(n, '\0');
  randombytes_buf(buf.data(), n);
  return to_hex(bytes(buf), n);
}

namespace {

std::string b64_encode(std::string_view in, int variant) {
  std::string out(sodium_base64_encoded_len(in.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes(in), in.size(), variant);
  out.pop_back();  // the terminating NUL
  return out;
}

// Decoding as strict as sodium_base642bin without an ignore set: every character from the
// variant's alphabet, padding exactly where (and only if) the variant has it, and unused trailing
// bits zero, so that every byte string has one accepted text. Not libsodium's: its constant-time
// decoder cost 6,000 instructions per stored field on every member read, and what is decoded here
// is ciphertext or a cursor, which need no protection from timing.
std::string b64_decode(std::string_view in, bool url) {
  static constexpr auto kValues = [] {
    std::array<std::array<int8_t, 256>, 2> t{};
    for (auto& row : t) row.fill(-1);
    const char* std_alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char* url_alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < 64; ++i) {
      t[0][static_cast<unsigned char>(std_alpha[i])] = static_cast<int8_t>(i);
      t[1][static_cast<unsigned char>(url_alpha[i])] = static_cast<int8_t>(i);
    }
    return t;
  }();
  const auto& value = kValues[url ? 1 : 0];
  size_t n = in.size();
  if (!url) {
    if (n % 4 != 0) throw std::invalid_argument("invalid base64 text");
    for (int pad = 0; pad < 2 && n > 0 && in[n - 1] == '='; ++pad) --n;
  }
  if (n % 4 == 1) throw std::invalid_argument("invalid base64 text");
  const auto v = [&](size_t i) -> uint32_t {
    const int x = value[static_cast<unsigned char>(in[i])];
    if (x < 0) throw std::invalid_argument("invalid base64 text");
    return static_cast<uint32_t>(x);
  };
  std::string out(n / 4 * 3 + (n % 4 == 0 ? 0 : n % 4 - 1), '\0');
  char* o = out.data();
  size_t i = 0;
  for (; i + 4 <= n; i += 4, o += 3) {  // whole groups: four characters, three bytes
    const uint32_t g = v(i) << 18 | v(i + 1) << 12 | v(i + 2) << 6 | v(i + 3);
    o[0] = static_cast<char>(g >> 16);
    o[1] = static_cast<char>(g >> 8);
    o[2] = static_cast<char>(g);
  }
  if (const size_t rest = n - i; rest > 0) {  // two or three characters: one or two bytes
    const uint32_t g = v(i) << 18 | v(i + 1) << 12 | (rest == 3 ? v(i + 2) << 6 : 0);
    if ((rest == 2 ? g & 0xffff : g & 0xff) != 0) throw std::invalid_argument("invalid base64 text");
    o[0] = static_cast<char>(g >> 16);
    if (rest == 3) o[1] = static_cast<char>(g >> 8);
  }
  return out;
}

}  // namespace

// Standard base64 with padding, byte for byte what sodium_bin2base64 (ORIGINAL) produces. Not
// libsodium's: its constant-time encoder was 8.5% of a bulk import, and what is encoded here is
// ciphertext, which needs no protection from timing.
std::string base64_encode(std::string_view b) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out((b.size() + 2) / 3 * 4, '=');
  const auto* in = bytes(b);
  size_t i = 0, o = 0;
  for (; i + 3 <= b.size(); i += 3, o += 4) {
    const uint32_t v = (uint32_t{in[i]} << 16) | (uint32_t{in[i + 1]} << 8) | in[i + 2];
    out[o] = kAlphabet[v >> 18];
    out[o + 1] = kAlphabet[(v >> 12) & 63];
    out[o + 2] = kAlphabet[(v >> 6) & 63];
    out[o + 3] = kAlphabet[v & 63];
  }
  if (const size_t rest = b.size() - i; rest > 0) {
    const uint32_t v = (uint32_t{in[i]} << 16) | (rest > 1 ? uint32_t{in[i + 1]} << 8 : 0);
    out[o] = kAlphabet[v >> 18];
    out[o + 1] = kAlphabet[(v >> 12) & 63];
    if (rest > 1) out[o + 2] = kAlphabet[(v >> 6) & 63];
  }
  return out;
}
std::string base64_decode(std::string_view t) { return b64_decode(t, false); }
std::string base64url_encode(std::string_view b) { return b64_encode(b, sodium_base64_VARIANT_URLSAFE_NO_PADDING); }
std::string base64url_decode(std::string_view t) { return b64_decode(t, true); }

}  // namespace lianxin::util
