#include "modules/life/checkin_token.hpp"

#include <sodium.h>

#include <stdexcept>

#include "http/errors.hpp"

namespace lianxin::modules::life {

namespace {

constexpr size_t kPayload = 1 + 8 + 8;  // kind | meeting id | expiry (big-endian)

void put64(std::string& s, int64_t v) {
  for (int i = 7; i >= 0; --i) s += static_cast<char>((static_cast<uint64_t>(v) >> (8 * i)) & 0xFF);
}
int64_t get64(const std::string& s, size_t at) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return static_cast<int64_t>(v);
}

http::ApiError invalid() {
  return http::ApiError(400, "checkin.token_invalid", "签到码无效，请重新扫描会场的二维码", "token");
}

}  // namespace

const char* checkin_via_code(CheckinVia v) { return v == CheckinVia::kLink ? "link" : "qr"; }

CheckinTokens::CheckinTokens(const util::FieldCipher& cipher) : key_(cipher.derive_key(1, "checkin_")) {}

std::string CheckinTokens::issue(const CheckinClaim& c) const {
  std::string s;
  s += c.via == CheckinVia::kLink ? 'L' : 'Q';
  put64(s, c.meeting_id);
  put64(s, c.expires_at);
  unsigned char mac[crypto_auth_BYTES];
  crypto_auth(mac, reinterpret_cast<const unsigned char*>(s.data()), s.size(), key_.data());
  s.append(reinterpret_cast<const char*>(mac), sizeof mac);
  return util::base64url_encode(s);
}

CheckinClaim CheckinTokens::verify(const std::string& token, int64_t now) const {
  std::string raw;
  try {
    raw = util::base64url_decode(token);
  } catch (const std::exception&) {
    throw invalid();
  }
  if (raw.size() != kPayload + crypto_auth_BYTES || (raw[0] != 'Q' && raw[0] != 'L')) throw invalid();
  if (crypto_auth_verify(reinterpret_cast<const unsigned char*>(raw.data() + kPayload),
                         reinterpret_cast<const unsigned char*>(raw.data()), kPayload, key_.data()) != 0)
    throw invalid();
  CheckinClaim c{get64(raw, 1), get64(raw, 9), raw[0] == 'L' ? CheckinVia::kLink : CheckinVia::kQr};
  if (now > c.expires_at)
    throw http::ApiError(410, "checkin.token_expired",
                         c.via == CheckinVia::kLink ? "会议已结束，签到链接已失效" : "二维码已过期，请扫描屏幕上最新的二维码",
                         "token");
  return c;
}

}  // namespace lianxin::modules::life
