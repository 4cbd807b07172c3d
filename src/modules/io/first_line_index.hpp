// The in-file duplicate check of an import: ID key -> the first line that had it.
//
// Open addressing over one array: no allocation per row. A node-based map of a million entries
// cost the import's writer thread a million mallocs while rows streamed and as many frees (with
// glibc's consolidation) before the index builds could start.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace lianxin::modules::io {

class FirstLineIndex {
public:
  explicit FirstLineIndex(size_t expected = 0) { rehash(capacity_for(expected)); }

  // The line recorded for `key` before, or nullopt after recording `line` for it.
  std::optional<int64_t> first_or_add(uint64_t key, int64_t line) {
    if (capacity_for(size_ + 1) > slots_.size()) rehash(slots_.size() * 2);
    const uint64_t stored = key + 1;  // 0 marks an empty slot; keys are < 10^17
    for (size_t i = slot_of(stored);; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i].key == stored) return slots_[i].line;
      if (slots_[i].key == 0) {
        slots_[i] = {stored, line};
        ++size_;
        return std::nullopt;
      }
    }
  }
  size_t size() const { return size_; }

private:
  struct Slot {
    uint64_t key = 0;
    int64_t line = 0;
  };
  // At most 70% full, a power of two.
  static size_t capacity_for(size_t n) { return std::bit_ceil(std::max<size_t>(16, n * 10 / 7 + 1)); }
  size_t slot_of(uint64_t k) const {
    k ^= k >> 33;  // the finalizer of MurmurHash3: neighbouring ID numbers land far apart
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return static_cast<size_t>(k) & (slots_.size() - 1);
  }
  void rehash(size_t capacity) {
    std::vector<Slot> old(capacity);
    old.swap(slots_);
    for (const Slot& s : old) {
      if (s.key == 0) continue;
      size_t i = slot_of(s.key);
      while (slots_[i].key != 0) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace lianxin::modules::io
