// ?limit= / ?after= parsing and the opaque keyset cursor.
#include "http/pagination.hpp"

#include <charconv>
#include <stdexcept>

#include "http/errors.hpp"
#include "util/field_cipher.hpp"

namespace lianxin::http {

namespace json = boost::json;

namespace {

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
  return util::base64url_encode(json::serialize(key));
}

json::array decode_cursor(const std::string& cursor) {
  std::string text;
  try {
    text = util::base64url_decode(cursor);
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

namespace {

ApiError bad_cursor_shape() { return bad_request("invalid_cursor", "分页游标无效，请从第一页重新查询", "after"); }

}  // namespace

std::string PageRequest::after_text(size_t i) const {
  if (!after || i >= after->size() || !(*after)[i].is_string()) throw bad_cursor_shape();
  return std::string((*after)[i].get_string());
}

int64_t PageRequest::after_int(size_t i) const {
  if (!after || i >= after->size() || !(*after)[i].is_int64()) throw bad_cursor_shape();
  return (*after)[i].get_int64();
}

}  // namespace lianxin::http
