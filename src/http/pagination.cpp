// ?limit= / ?after= parsing and the opaque keyset cursor.
#include "http/pagination.hpp"

#include <charconv>
#include <stdexcept>

#include "http/errors.hpp"

namespace lianxin::http {

namespace json = boost::json;

namespace {

// A local base64url (no padding). util::base64url_* in util/field_cipher.hpp is being written at
// the same time; this keeps the HTTP layer linkable on its own. Swap it in once it has landed.
constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string b64url_encode(std::string_view in) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : in) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(acc >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 0x3F];
  return out;
}

std::string b64url_decode(std::string_view in) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    auto pos = kAlphabet.find(c);
    if (pos == std::string_view::npos) throw std::invalid_argument("base64url: bad character");
    acc = (acc << 6) | static_cast<uint32_t>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  // Leftover bits must be padding zeros, and a single leftover char (6 bits) cannot be valid.
  if (bits >= 6 || (acc & ((1u << bits) - 1)) != 0) throw std::invalid_argument("base64url: bad length");
  return out;
}

ApiError bad_cursor() {
  return bad_request("invalid_cursor", "分页游标无效，请从第一页重新查询", "after");
}

int parse_limit(const std::string& s) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v < 1 || v > PageRequest::kMaxLimit) {
    throw bad_request("invalid_limit", "limit 应为 1 到 500 之间的整数", "limit");
  }
  return v;
}

}  // namespace

PageRequest PageRequest::from(const Request& req) {
  PageRequest p;
  if (const auto* limit = req.query_param("limit")) p.limit = parse_limit(*limit);
  if (const auto* after = req.query_param("after"); after && !after->empty()) p.after = decode_cursor(*after);
  return p;
}

std::string encode_cursor(const json::array& key) {
  return b64url_encode(json::serialize(key));
}

json::array decode_cursor(const std::string& cursor) {
  std::string text;
  try {
    text = b64url_decode(cursor);
  } catch (const std::invalid_argument&) {
    throw bad_cursor();
  }
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) throw bad_cursor();
  for (const auto& e : v.get_array()) {
    if (e.is_object() || e.is_array()) throw bad_cursor();  // keys are scalars only
  }
  return std::move(v.get_array());
}

}  // namespace lianxin::http
