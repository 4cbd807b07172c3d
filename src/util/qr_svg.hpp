// A QR code as an SVG image (libqrencode), for the meeting check-in code the secretary shows on a
// screen. One <path> of unit squares with a 4-module quiet zone; the image scales to any size.
#pragma once

#include <string>

namespace lianxin::util {

// Error correction level M (15 %): survives a phone camera at an angle on a projected screen.
// Throws std::runtime_error when the text cannot be encoded (longer than a QR code holds).
std::string qr_svg(const std::string& text);

}  // namespace lianxin::util
