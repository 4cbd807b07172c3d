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

struct JsonWriter::Scratch {
  // A buffer grown past this by one large response is given back after it.
  static constexpr size_t kKeep = size_t{1} << 20;
  std::string buf;
  bool busy = false;
};

JsonWriter::JsonWriter(size_t reserve) {
  thread_local Scratch scratch;
  if (!scratch.busy) {
    scratch.busy = true;
    scratch_ = &scratch;
    buf_ = &scratch.buf;
  }
  if (buf_->size() < reserve) buf_->resize(reserve);
}

JsonWriter::~JsonWriter() {
  if (!scratch_) return;
  if (scratch_->buf.size() > Scratch::kKeep) std::string().swap(scratch_->buf);
  scratch_->busy = false;
}

// Writes through a pointer into room for the worst case (every byte as \u00XX): appending byte
// by byte to a std::string checked its capacity each time.
void JsonWriter::quoted(std::string_view s) {
  char* const start = room(2 + 6 * s.size());
  char* o = start;
  *o++ = '"';
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
      std::memcpy(o, s.data() + run, i - run);
      o += i - run;
      run = i + 1;
      *o++ = '\\';
      *o++ = e;
      if (e == 'u') {
        static constexpr char kHex[] = "0123456789abcdef";
        const auto c = static_cast<unsigned char>(s[i]);
        *o++ = '0';
        *o++ = '0';
        *o++ = kHex[c >> 4];
        *o++ = kHex[c & 15];
      }
    }
  }
  std::memcpy(o, s.data() + run, s.size() - run);
  o += s.size() - run;
  *o++ = '"';
  len_ += static_cast<size_t>(o - start);
}

JsonWriter& JsonWriter::key(JsonKey k) {
  separate();
  const std::string_view t = k.text();
  char* o = room(t.size() + 3);
  o[0] = '"';
  std::memcpy(o + 1, t.data(), t.size());
  o[t.size() + 1] = '"';
  o[t.size() + 2] = ':';
  len_ += t.size() + 3;
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::dynamic_key(std::string_view k) {
  separate();
  quoted(k);
  put(':');
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
  char* o = room(20);
  len_ += static_cast<size_t>(std::to_chars(o, o + 20, n).ptr - o);
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  separate();
  std::memcpy(room(json.size()), json.data(), json.size());
  len_ += json.size();
  return *this;
}

}  // namespace lianxin::http
