#include "modules/io/first_line_index.hpp"

#include <gtest/gtest.h>

#include <random>
#include <unordered_map>

namespace lianxin::modules::io {
namespace {

TEST(FirstLineIndexTest, ReportsTheFirstLineOfARepeatedKey) {
  FirstLineIndex idx;
  EXPECT_EQ(idx.first_or_add(11010519491231002, 2), std::nullopt);
  EXPECT_EQ(idx.first_or_add(0, 3), std::nullopt);  // key 0 is a key like any other
  EXPECT_EQ(idx.first_or_add(11010519491231002, 7), 2);
  EXPECT_EQ(idx.first_or_add(11010519491231002, 9), 2);
  EXPECT_EQ(idx.first_or_add(0, 10), 3);
  EXPECT_EQ(idx.size(), 2u);
}

// Growing from the smallest table through many rehashes agrees with std::unordered_map,
// for sequential keys (neighbouring ID numbers) and random ones with repeats.
TEST(FirstLineIndexTest, AgreesWithAMapThroughGrowth) {
  FirstLineIndex idx;
  std::unordered_map<uint64_t, int64_t> ref;
  std::mt19937_64 rng(7);
  for (int64_t line = 2; line < 200000; ++line) {
    const uint64_t key = line % 3 == 0 ? 110105199001010000 + static_cast<uint64_t>(line) : rng() % 150000;
    const auto [it, inserted] = ref.emplace(key, line);
    const auto got = idx.first_or_add(key, line);
    if (inserted) {
      ASSERT_EQ(got, std::nullopt) << "line " << line;
    } else {
      ASSERT_EQ(got, it->second) << "line " << line;
    }
  }
  EXPECT_EQ(idx.size(), ref.size());
}

}  // namespace
}  // namespace lianxin::modules::io
