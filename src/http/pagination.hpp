// The one list shape of the API, for every module:
//   in:  ?limit= (default 20, 1..500) and ?after= (opaque keyset cursor from a previous page)
//   out: {"items":[...],"total":N,"next":"cursor-or-null"}
// A cursor is the sort key of the last item (an array of JSON scalars), base64url-encoded; the
// caller fetches limit+1 rows to know whether there is a next page.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

#include <boost/json.hpp>

#include "http/api.hpp"
#include "http/json_writer.hpp"

namespace lianxin::http {

struct PageRequest {
  int limit = 20;
  std::optional<boost::json::array> after;  // decoded cursor key, if any

  static constexpr int kDefaultLimit = 20;
  static constexpr int kMaxLimit = 500;
  // Throws ApiError 400 (field "limit" or "after") on a bad value.
  static PageRequest from(const Request& req);

  // Element i of the cursor key, of the type this list issues; a cursor of another shape is the
  // same 400 "invalid_cursor" (field "after") as an undecodable one, never a 500.
  std::string after_text(size_t i) const;
  int64_t after_int(size_t i) const;
};

std::string encode_cursor(const boost::json::array& key);
// Throws ApiError 400 field "after" when the cursor is not one we issued.
boost::json::array decode_cursor(const std::string& cursor);

// Builds the list body. `items` may hold limit+1 entries: the extra one is dropped and a cursor
// made from `key_of(last kept item)`.
template <class KeyOf>
boost::json::object page_body(boost::json::array items, int64_t total, int limit, KeyOf&& key_of) {
  boost::json::object out(items.storage());  // the same storage: moving items in does not copy them
  boost::json::value next = nullptr;
  if (static_cast<int>(items.size()) > limit) {
    items.resize(static_cast<size_t>(limit));
    next = boost::json::value(encode_cursor(key_of(items.back())));
  }
  out["items"] = std::move(items);
  out["total"] = total;
  out["next"] = std::move(next);
  return out;
}

// The same body written as text, for lists too hot to build as values: `count` items were fetched
// (limit+1 when there is more), `write_item(w, i)` writes item i as a value, `key_of(i)` gives its
// cursor key.
template <class WriteItem, class KeyOf>
std::string page_text(size_t count, int64_t total, int limit, WriteItem&& write_item, KeyOf&& key_of) {
  const size_t kept = std::min(count, static_cast<size_t>(limit));
  JsonWriter w(1024 + kept * 1024);
  w.begin_object().key("items").begin_array();
  for (size_t i = 0; i < kept; ++i) write_item(w, i);
  w.end_array().key("total").value(total).key("next");
  if (count > kept) w.value(encode_cursor(key_of(kept - 1)));
  else w.null();
  return std::move(w.end_object()).take();
}

}  // namespace lianxin::http
