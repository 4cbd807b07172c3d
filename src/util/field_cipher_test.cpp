#include "util/field_cipher.hpp"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <vector>

namespace lianxin::util {
namespace {

namespace fs = std::filesystem;

// A fresh directory for key files, removed afterwards.
class FieldCipherKeyFile : public ::testing::Test {
protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "lianxin-key-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const char* name) const { return (dir_ / name).string(); }
  static void write(const std::string& p, const std::string& text, fs::perms perms) {
    std::ofstream(p) << text;
    fs::permissions(p, perms);
  }
  fs::path dir_;
};

std::array<unsigned char, FieldCipher::kKeyBytes> filled(unsigned char v) {
  std::array<unsigned char, FieldCipher::kKeyBytes> k;
  k.fill(v);
  return k;
}

const std::string kId = "11010519491231002X";

TEST(FieldCipher, RoundTripsAndUsesARandomNonce) {
  const auto c = FieldCipher::from_keys(filled(1), filled(2));
  const auto a = c.encrypt(kId), b = c.encrypt(kId);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find(kId), std::string::npos);
  EXPECT_EQ(c.decrypt(a), kId);
  EXPECT_EQ(c.decrypt(b), kId);
  EXPECT_EQ(c.decrypt(c.encrypt("")), "");
  EXPECT_EQ(c.decrypt(c.encrypt("张三")), "张三");
}

TEST(FieldCipher, StoredFormIsVersionNonceCiphertext) {
  const auto raw = base64_decode(FieldCipher::from_keys(filled(1), filled(2)).encrypt(kId));
  EXPECT_EQ(raw.size(), 1 + 24 + kId.size() + 16);  // version, XChaCha20 nonce, text, Poly1305 tag
  EXPECT_EQ(raw[0], '\x01');
}

TEST(FieldCipher, WrongKeyOrTamperingIsDetected) {
  const auto c = FieldCipher::from_keys(filled(1), filled(2));
  const auto stored = c.encrypt(kId);
  EXPECT_THROW(FieldCipher::from_keys(filled(3), filled(2)).decrypt(stored), std::runtime_error);
  std::string raw = base64_decode(stored);
  raw.back() ^= 1;
  EXPECT_THROW(c.decrypt(base64_encode(raw)), std::runtime_error);
  raw = base64_decode(stored);
  raw[0] = 2;  // unknown version
  EXPECT_THROW(c.decrypt(base64_encode(raw)), std::runtime_error);
  EXPECT_THROW(c.decrypt("not base64!"), std::runtime_error);
  EXPECT_THROW(c.decrypt(base64_encode("short")), std::runtime_error);
}

TEST(FieldCipher, LookupHashIsDeterministicAndKeyed) {
  const auto c = FieldCipher::from_keys(filled(1), filled(2));
  const auto h = c.lookup_hash(kId);
  EXPECT_EQ(h.size(), 64u);
  EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(h, c.lookup_hash(kId));
  EXPECT_NE(h, c.lookup_hash("110101199003070011"));
  EXPECT_NE(h, FieldCipher::from_keys(filled(1), filled(9)).lookup_hash(kId));
  EXPECT_EQ(h, FieldCipher::from_keys(filled(7), filled(2)).lookup_hash(kId));  // independent of the enc key
}

TEST_F(FieldCipherKeyFile, CreatesAnOwnerOnlyKeyFileAndReloadsIt) {
  const auto p = path("field.key");
  const auto stored = FieldCipher::load_or_create(p).encrypt(kId);
  const auto st = fs::status(p);
  EXPECT_EQ(st.permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  std::ifstream in(p);
  std::string magic, enc, mac;
  in >> magic >> enc >> mac;
  EXPECT_EQ(magic, "lianxin-key-v1");
  EXPECT_EQ(enc.size(), 64u);
  EXPECT_EQ(mac.size(), 64u);
  EXPECT_NE(enc, mac);
  EXPECT_EQ(FieldCipher::load_or_create(p).decrypt(stored), kId);
}

TEST_F(FieldCipherKeyFile, LoadsAKnownKeyFile) {
  const auto p = path("known.key");
  write(p, "lianxin-key-v1\n" + std::string(64, '0') + "\n" + std::string(64, 'A') + "\n",
        fs::perms::owner_read | fs::perms::owner_write);
  const auto loaded = FieldCipher::load_or_create(p);
  const auto direct = FieldCipher::from_keys(filled(0), filled(0xAA));
  EXPECT_EQ(loaded.lookup_hash(kId), direct.lookup_hash(kId));
  EXPECT_EQ(direct.decrypt(loaded.encrypt(kId)), kId);
}

TEST_F(FieldCipherKeyFile, RefusesGroupOrOtherPermissions) {
  const auto p = path("open.key");
  FieldCipher::load_or_create(p);
  fs::permissions(p, fs::perms::group_read, fs::perm_options::add);
  EXPECT_THROW(FieldCipher::load_or_create(p), std::runtime_error);
  fs::permissions(p, fs::perms::owner_read | fs::perms::others_write);
  EXPECT_THROW(FieldCipher::load_or_create(p), std::runtime_error);
}

TEST_F(FieldCipherKeyFile, RefusesMalformedFilesAndSymlinks) {
  const auto owner_only = fs::perms::owner_read | fs::perms::owner_write;
  const std::string good_line = std::string(64, 'a');
  const std::string bad[] = {
      "",
      "lianxin-key-v2\n" + good_line + "\n" + good_line + "\n",
      "lianxin-key-v1\n" + good_line + "\n" + good_line,                   // missing final newline
      "lianxin-key-v1\n" + good_line + "\n" + std::string(64, 'g') + "\n",  // not hex
      "lianxin-key-v1\n" + good_line + "\n",
  };
  for (const auto& text : bad) {
    write(path("bad.key"), text, owner_only);
    EXPECT_THROW(FieldCipher::load_or_create(path("bad.key")), std::runtime_error) << text;
  }
  FieldCipher::load_or_create(path("real.key"));
  fs::create_symlink(path("real.key"), path("link.key"));
  EXPECT_THROW(FieldCipher::load_or_create(path("link.key")), std::runtime_error);
}

// RFC 4648 §10 test vectors.
TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64_encode(plain), encoded);
    EXPECT_EQ(base64_decode(encoded), plain);
  }
}

// The own encoder must stay byte for byte libsodium's: stored ciphertexts are read back with it.
TEST(Base64, EncoderMatchesLibsodiumOnEveryByteAndLength) {
  std::string bytes;
  for (int n = 0; n < 300; ++n) {
    std::string expected(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(expected.data(), expected.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                      bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    expected.pop_back();
    ASSERT_EQ(base64_encode(bytes), expected) << n;
    EXPECT_EQ(base64_decode(expected), bytes);
    bytes.push_back(static_cast<char>((n * 151 + 7) & 0xff));
  }
}

// The own decoder accepts exactly what sodium_base642bin (no ignore set, whole input) accepts and
// returns the same bytes: every text of up to 4 characters (every length modulo 4), alone and after
// a whole group, over an alphabet with the interesting
// cases (both variants' extra characters, padding, characters with non-zero low bits, a stranger).
TEST(Base64, DecoderAcceptsAndRejectsExactlyAsLibsodium) {
  const std::string alphabet = "AQgZ+/-_=*";
  auto sodium = [](const std::string& text, int variant) -> std::optional<std::string> {
    std::string out(text.size() / 4 * 3 + 3, '\0');
    size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                          nullptr, &len, &end, variant) != 0 ||
        end != text.data() + text.size())
      return std::nullopt;
    out.resize(len);
    return out;
  };
  auto ours = [](const std::string& text, bool url) -> std::optional<std::string> {
    try {
      return url ? base64url_decode(text) : base64_decode(text);
    } catch (const std::invalid_argument&) {
      return std::nullopt;
    }
  };
  std::vector<std::string> texts{""};
  for (size_t begin = 0, len = 1; len <= 4; ++len) {
    const size_t end = texts.size();
    for (size_t i = begin; i < end; ++i)
      for (char c : alphabet) texts.push_back(texts[i] + c);
    begin = end;
  }
  int accepted = 0;
  for (const auto& short_text : texts) {
    for (const auto& t : {short_text, "Zm9v" + short_text}) {  // alone, and after a whole group
      ASSERT_EQ(ours(t, false), sodium(t, sodium_base64_VARIANT_ORIGINAL)) << t;
      ASSERT_EQ(ours(t, true), sodium(t, sodium_base64_VARIANT_URLSAFE_NO_PADDING)) << t;
      accepted += ours(t, false).has_value() + ours(t, true).has_value();
    }
  }
  EXPECT_GT(accepted, 100);  // the comparison covered accepted texts, not only rejections
}

TEST(LookupHash, IsSixtyFourLowerCaseHexOfKeyedBlake2b) {
  std::array<unsigned char, FieldCipher::kKeyBytes> enc{}, mac{};
  mac.fill(9);
  unsigned char raw[crypto_generichash_BYTES];
  crypto_generichash(raw, sizeof raw, reinterpret_cast<const unsigned char*>("11010519491231002X"), 18, mac.data(),
                     mac.size());
  char hex[2 * sizeof raw + 1];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  EXPECT_EQ(FieldCipher::from_keys(enc, mac).lookup_hash("11010519491231002X"), hex);
}

TEST(Base64, UrlVariantHasNoPaddingAndUrlAlphabet) {
  const std::string bytes("\xfb\xff\xfe", 3);
  EXPECT_EQ(base64_encode(bytes), "+//+");
  EXPECT_EQ(base64url_encode(bytes), "-__-");
  EXPECT_EQ(base64url_decode("-__-"), bytes);
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_decode("Zg"), "f");
}

TEST(Base64, RejectsInvalidText) {
  for (const char* bad : {"Zg=", "Zm9v!", "Zm 9v", "-__-"}) EXPECT_THROW(base64_decode(bad), std::invalid_argument) << bad;
  for (const char* bad : {"Zg==", "+//+", "Z"}) EXPECT_THROW(base64url_decode(bad), std::invalid_argument) << bad;
}

TEST(RandomHex, HasTheRequestedLengthAndVaries) {
  const auto a = random_hex(16);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, random_hex(16));
  EXPECT_EQ(random_hex(0), "");
}

}  // namespace
}  // namespace lianxin::util
