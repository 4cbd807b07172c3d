#include "http/json_writer.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <thread>
#include <vector>

namespace lianxin::http {
namespace {

namespace json = boost::json;

// Every byte from 0 to 255 inside a string, and the structures around it, come out byte for byte
// as boost::json::serialize writes the same value.
TEST(JsonWriter, WritesWhatBoostJsonSerializes) {
  std::string every_byte;
  for (int c = 1; c < 256; ++c) every_byte += static_cast<char>(c);
  every_byte += '\0';
  const std::string chinese = "党员 \"张三\"\\ 合格\n";
  JsonWriter w;
  w.begin_object()
      .key("id").value(int64_t{-9223372036854775807 - 1})
      .key("max").value(int64_t{9223372036854775807})
      .key("zero").value(0)
      .key("bytes").value(every_byte)
      .dynamic_key(chinese).value(chinese)
      .key("none").null()
      .key("opt").value(std::optional<std::string>{})
      .key("opt_set").value(std::optional<int64_t>{7})
      .key("flags").begin_array().value(true).value(false).end_array()
      .key("empty_object").begin_object().end_object()
      .key("empty_array").begin_array().end_array()
      .key("nested").begin_array().begin_object().key("a").value("x").end_object().begin_array().end_array().value(1).end_array()
      .key("raw").raw(R"({"k":[1,2]})")
      .end_object();
  json::object expected{{"id", int64_t{-9223372036854775807 - 1}},
                        {"max", int64_t{9223372036854775807}},
                        {"zero", 0},
                        {"bytes", every_byte},
                        {chinese, chinese},
                        {"none", nullptr},
                        {"opt", nullptr},
                        {"opt_set", 7},
                        {"flags", json::array{true, false}},
                        {"empty_object", json::object{}},
                        {"empty_array", json::array{}},
                        {"nested", json::array{json::object{{"a", "x"}}, json::array{}, 1}},
                        {"raw", json::object{{"k", json::array{1, 2}}}}};
  EXPECT_EQ(w.view(), json::serialize(expected));  // bytes 0x80..0xff pass through, as there
}

// Strings are scanned eight bytes at a time: a byte to escape at any position of any length.
TEST(JsonWriter, EscapesAtEveryPositionOfShortAndLongStrings) {
  for (const char special : {'\0', '\x1f', '"', '\\', '\n', ' ', '\x7f', '\xe5'}) {
    for (size_t len = 1; len <= 24; ++len) {
      for (size_t pos = 0; pos < len; ++pos) {
        std::string s(len, 'x');
        s[pos] = special;
        JsonWriter w;
        w.value(s);
        ASSERT_EQ(w.view(), json::serialize(json::string(s))) << int(special) << " at " << pos << " of " << len;
      }
    }
  }
}

TEST(JsonWriter, TopLevelArrayOfScalarsAndTake) {
  JsonWriter w;
  w.begin_array().value("a").null().value(int64_t{3}).end_array();
  EXPECT_EQ(std::move(w).take(), R"(["a",null,3])");
}

}  // namespace
// Writers on one thread share a scratch buffer, one at a time: a writer made while another is
// open writes into its own, a later one starts from empty text, and a buffer grown by a large
// response does not leak into the next one's text.
TEST(JsonWriter, WritersOnOneThreadNeverSeeEachOthersText) {
  std::string inner_text;
  std::string outer_text;
  {
    JsonWriter outer(8);
    outer.begin_object().key("outer").value(std::string(3000, 'a'));
    {
      JsonWriter inner(8);
      inner.begin_array().value(1).end_array();
      inner_text = std::move(inner).take();
    }
    outer.key("after").value(2).end_object();
    outer_text = std::move(outer).take();
  }
  EXPECT_EQ(inner_text, "[1]");
  EXPECT_EQ(outer_text, json::serialize(json::object{{"outer", std::string(3000, 'a')}, {"after", 2}}));
  {
    JsonWriter big;
    big.begin_array().value(std::string(3 << 20, 'b')).end_array();
    EXPECT_EQ(std::move(big).take().size(), (3u << 20) + 4);
  }
  JsonWriter next;
  next.begin_object().end_object();
  const std::string text = std::move(next).take();
  EXPECT_EQ(text, "{}");
  EXPECT_LT(text.capacity(), 1024u) << "take() copies out the text, not the scratch buffer";
}

// Each thread has its own scratch buffer.
TEST(JsonWriter, ThreadsWriteAtTheSameTime) {
  std::vector<std::string> out(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < out.size(); ++t) {
    threads.emplace_back([&out, t] {
      for (int i = 0; i < 2000; ++i) {
        JsonWriter w;
        w.begin_array().value(static_cast<int64_t>(t)).value(std::string(i % 300, 'x')).end_array();
        out[t] = std::move(w).take();
      }
    });
  }
  for (auto& th : threads) th.join();
  for (size_t t = 0; t < out.size(); ++t) EXPECT_EQ(out[t], "[" + std::to_string(t) + ",\"" + std::string(1999 % 300, 'x') + "\"]");
}

}  // namespace lianxin::http
