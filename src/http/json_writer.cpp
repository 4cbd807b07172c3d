#include "http/json_writer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

namespace lianxin::http {

namespace {

// What a byte becomes inside a JSON string: 0 for itself, else the letter after the backslash
// ('u' for \u00XX), as boost::json writes them.
constexpr auto kEscape = [] {
  std::array<char, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = 'u';
  t['\b'] = 'b';
  t['\f'] = 'f';
  t['\n'] = 'n';
  t['\r'] = 'r';
  t['\t'] = 't';
  t['"'] = '"';
  t['\\'] = '\\';
  return t;
}();

// Whether any of the 8 bytes in v must be escaped: below 0x20, '"' or '\\' (bit tricks from
// "Bit Twiddling Hacks": a byte is zero / less than n). Bytes of 0x80 and above never are.
bool needs_escape(uint64_t v) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  const auto has_zero = [](uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  const uint64_t below_space = (v - kOnes * 0x20) & ~v & kHigh;
  return (below_space | has_zero(v ^ (kOnes * '"')) | has_zero(v ^ (kOnes * '\\'))) != 0;
}

}  // namespace

void JsonWriter::quoted(std::string_view s) {
  out_ += '"';
  size_t run = 0;  // start of the bytes not yet copied
  size_t i = 0;
  while (i < s.size()) {
    if (i + 8 <= s.size()) {  // eight plain bytes at a time: names, dates and masked numbers mostly are
      uint64_t v;
      std::memcpy(&v, s.data() + i, 8);
      if (!needs_escape(v)) {
        i += 8;
        continue;
      }
    }
    const size_t end = std::min(s.size(), i + 8);
    for (; i < end; ++i) {
      const char e = kEscape[static_cast<unsigned char>(s[i])];
      if (e == 0) continue;
      out_.append(s.data() + run, i - run);
      run = i + 1;
      out_ += '\\';
      out_ += e;
      if (e == 'u') {
        static constexpr char kHex[] = "0123456789abcdef";
        const auto c = static_cast<unsigned char>(s[i]);
        out_ += "00";
        out_ += kHex[c >> 4];
        out_ += kHex[c & 15];
      }
    }
  }
  out_.append(s.data() + run, s.size() - run);
  out_ += '"';
}

JsonWriter& JsonWriter::key(std::string_view k) {
  separate();
  quoted(k);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
  separate();
  quoted(s);
  return *this;
}

JsonWriter& JsonWriter::value(int64_t n) {
  separate();
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, n);
  out_.append(buf, r.ptr);
  return *this;
}

JsonWriter& JsonWriter::value(bool b) {
  separate();
  out_ += b ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  separate();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  separate();
  out_ += json;
  return *this;
}

}  // namespace lianxin::http
