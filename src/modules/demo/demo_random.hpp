// The demo's own pseudo-random numbers: xoshiro256** seeded through splitmix64. The standard
// library's engines are portable but its distributions are not, and std::random_device would make
// runs differ; everything here is plain integer and libm arithmetic, so a seed gives the same
// data on every run of the same build.
#pragma once

#include <cmath>
#include <cstdint>
#include <span>

namespace lianxin::modules::demo {

class Rng {
public:
  explicit Rng(uint64_t seed) {
    for (auto& word : s_) word = splitmix64(seed);
  }

  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n) (Lemire's multiply-shift; the tiny bias is irrelevant for demo data).
  uint64_t below(uint64_t n) { return static_cast<uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64); }
  // Uniform in [lo, hi], both included.
  int64_t between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo + 1)));
  }
  // Uniform in [0, 1).
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  // Standard normal (Box–Muller; the second value is discarded to keep the state simple).
  double normal() {
    const double u1 = 1.0 - unit();  // (0, 1]: log is finite
    const double u2 = unit();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  double lognormal(double mu, double sigma) { return std::exp(mu + sigma * normal()); }

  template <class T>
  const T& pick(std::span<const T> items) {
    return items[below(items.size())];
  }

private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t splitmix64(uint64_t& x) {
    uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t s_[4];
};

template <class T>
struct Weighted {
  T value;
  int weight;
};

// Picks from a fixed table in proportion to the weights.
template <class T>
const T& pick_weighted(Rng& rng, std::span<const Weighted<T>> table) {
  int total = 0;
  for (const auto& w : table) total += w.weight;
  int64_t r = static_cast<int64_t>(rng.below(static_cast<uint64_t>(total)));
  for (const auto& w : table) {
    if (r < w.weight) return w.value;
    r -= w.weight;
  }
  return table.back().value;
}

}  // namespace lianxin::modules::demo
