// JSON text written straight into a string, for the hottest responses (a member read, a member
// list page): building a boost::json value first cost a hash insert per key and a second walk to
// serialize it. Output is the same JSON as boost::json::serialize for the same values.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lianxin::http {

// An object key known when compiling (a string literal): checked then to need no escaping, so
// writing it is one copy.
class JsonKey {
public:
  template <size_t N>
  consteval JsonKey(const char (&literal)[N]) : text_(literal, N - 1) {  // NOLINT: implicit on purpose
    for (const char c : text_) {
      if (static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\') throw "this key needs escaping: use dynamic_key";
    }
  }
  std::string_view text() const { return text_; }

private:
  std::string_view text_;
};

// The text is written into this thread's scratch buffer, which keeps its size from one response
// to the next, and take() copies out exactly the text: a fresh worst-case buffer per response
// was a zero-filled allocation too large for glibc's per-thread cache (2 KiB for a member), freed
// on another thread. A writer made while another is writing on the same thread gets a buffer of
// its own. A writer lives within one call on one thread (never across a co_await).
class JsonWriter {
public:
  explicit JsonWriter(size_t reserve = 1024);
  ~JsonWriter();
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  JsonWriter& key(JsonKey k);
  JsonWriter& dynamic_key(std::string_view k);  // a key from data: escaped like a value

  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(int64_t n);
  JsonWriter& value(int n) { return value(static_cast<int64_t>(n)); }
  JsonWriter& value(bool b) { return raw(b ? "true" : "false"); }
  JsonWriter& null() { return raw("null"); }
  template <class T>
  JsonWriter& value(const std::optional<T>& v) {
    return v ? value(*v) : null();
  }
  // A value that is already JSON text (e.g. from boost::json::serialize).
  JsonWriter& raw(std::string_view json);

  std::string_view view() const { return {buf_->data(), len_}; }
  std::string take() && { return std::string(view()); }

private:
  // Room for n more bytes; the text is buf_[0, len_), the rest is scratch.
  char* room(size_t n) {
    if (len_ + n > buf_->size()) buf_->resize(std::max(len_ + n, 2 * buf_->size()));
    return buf_->data() + len_;
  }
  void put(char c) {
    *room(1) = c;
    ++len_;
  }
  void separate() {
    if (after_key_) after_key_ = false;
    else if (!first_) put(',');
    first_ = false;
  }
  JsonWriter& open(char c) {
    separate();
    put(c);
    first_ = true;
    return *this;
  }
  JsonWriter& close(char c) {
    put(c);
    first_ = false;
    return *this;
  }
  void quoted(std::string_view s);

  struct Scratch;
  Scratch* scratch_ = nullptr;  // this thread's, while this writer uses it
  std::string own_;
  std::string* buf_ = &own_;
  size_t len_ = 0;
  bool first_ = true;       // nothing written yet in the current object or array
  bool after_key_ = false;  // a key was written: its value follows without a comma
};

}  // namespace lianxin::http
