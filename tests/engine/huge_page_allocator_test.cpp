// HugePageAllocator: small and large buffers, alignment, use through a vector.
#include <doctest/doctest.h>

#include <cstdint>
#include <numeric>

#include "hotline/engine/huge_page_allocator.hpp"

using hotline::engine::HugePageAllocator;
using hotline::engine::HugeVector;

namespace {
struct alignas(64) Line {
  std::uint64_t v[8];
};
}  // namespace

TEST_CASE("large allocations start on a 2 MiB boundary, small ones keep their type's alignment") {
  HugePageAllocator<Line> lines;
  Line* small = lines.allocate(10);
  CHECK(reinterpret_cast<std::uintptr_t>(small) % alignof(Line) == 0);
  lines.deallocate(small, 10);

  HugePageAllocator<std::uint32_t> words;
  const std::size_t n = 3 * HugePageAllocator<std::uint32_t>::kThreshold / sizeof(std::uint32_t);
  std::uint32_t* big = words.allocate(n);
  CHECK(reinterpret_cast<std::uintptr_t>(big) % HugePageAllocator<std::uint32_t>::kHugePage == 0);
  for (std::size_t i = 0; i < n; ++i) big[i] = static_cast<std::uint32_t>(i);  // all writable
  CHECK(big[n - 1] == n - 1);
  words.deallocate(big, n);
}

TEST_CASE("a HugeVector keeps its contents as it grows across the huge-page threshold") {
  HugeVector<std::uint64_t> v;
  std::uint64_t expected = 0;
  for (std::uint64_t i = 0; i < 400'000; ++i) {  // 3.2 MB: several reallocations, both kinds
    v.push_back(i);
    expected += i;
  }
  CHECK(std::accumulate(v.begin(), v.end(), std::uint64_t{0}) == expected);
  HugeVector<Line> lines(40'000);  // 2.5 MB of over-aligned elements
  CHECK(reinterpret_cast<std::uintptr_t>(lines.data()) % alignof(Line) == 0);
}
