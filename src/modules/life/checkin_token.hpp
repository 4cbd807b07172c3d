// Signed check-in tokens (organisational life, issue #6). The QR code on the secretary's screen
// carries a short-lived token (meeting id + expiry, default 60 s, setting checkin-token-seconds;
// the page fetches a fresh code before it runs out), so a photo of the code sent to someone at
// home stops working within a minute. Online meetings get a link token valid until the meeting
// ends. Nothing is stored: the token is meeting id | expiry | kind, authenticated with
// crypto_auth (HMAC-SHA-512-256) under a key derived from the key file (FieldCipher::derive_key),
// base64url-encoded (about 66 characters, a small QR code).
#pragma once

#include <cstdint>
#include <string>

#include "util/field_cipher.hpp"

namespace lianxin::modules::life {

enum class CheckinVia { kQr, kLink };
const char* checkin_via_code(CheckinVia v);  // "qr" | "link"

struct CheckinClaim {
  int64_t meeting_id = 0;
  int64_t expires_at = 0;  // seconds since the epoch
  CheckinVia via = CheckinVia::kQr;
};

class CheckinTokens {
public:
  explicit CheckinTokens(const util::FieldCipher& cipher);

  std::string issue(const CheckinClaim& c) const;
  // The claim of a token this server issued, or throws ApiError: 400 checkin.token_invalid (not
  // ours, altered, truncated), 410 checkin.token_expired (authentic but past its expiry).
  CheckinClaim verify(const std::string& token, int64_t now) const;

private:
  std::array<unsigned char, util::FieldCipher::kKeyBytes> key_;
};

}  // namespace lianxin::modules::life
