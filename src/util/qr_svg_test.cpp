#include "util/qr_svg.hpp"

#include <gtest/gtest.h>

#include "util/field_cipher.hpp"

namespace lianxin::util {
namespace {

TEST(QrSvg, ASquareImageWithTheQuietZone) {
  const std::string svg = qr_svg("http://127.0.0.1:8080/checkin?t=UQAAAAAAAAABAAAAAGsBznEw7nud7jw8Gd");
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ", 0), 0u);
  // Square; 17 + 4 × version modules plus 2 × 4 quiet modules (version 5 at level M for this URL).
  EXPECT_NE(svg.find("viewBox=\"0 0 45 45\""), std::string::npos) << svg.substr(0, 120);
  // The top-left finder pattern starts at the quiet zone's edge.
  EXPECT_NE(svg.find("M4 4h1v1h-1z"), std::string::npos);
  EXPECT_EQ(svg.substr(svg.size() - 6), "</svg>");
}

TEST(FieldCipherDeriveKey, DependsOnContextAndIdAndNeedsEightCharacters) {
  std::array<unsigned char, FieldCipher::kKeyBytes> a{}, b{};
  a.fill(1);
  b.fill(2);
  const FieldCipher c = FieldCipher::from_keys(a, b);
  EXPECT_EQ(c.derive_key(1, "checkin_"), c.derive_key(1, "checkin_"));
  EXPECT_NE(c.derive_key(1, "checkin_"), c.derive_key(2, "checkin_"));
  EXPECT_NE(c.derive_key(1, "checkin_"), c.derive_key(1, "otherkey"));
  EXPECT_NE(c.derive_key(1, "checkin_"), FieldCipher::from_keys(a, a).derive_key(1, "checkin_"));
  EXPECT_THROW(c.derive_key(1, "short"), std::invalid_argument);
}

}  // namespace
}  // namespace lianxin::util
