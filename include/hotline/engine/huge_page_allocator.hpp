// An allocator for the large, randomly accessed arrays of a run (the event slab and bucket
// blocks, a model's per-alert and per-unit state): allocations of 1 MiB and more are placed on
// 2 MiB boundaries and marked for transparent huge pages (madvise(MADV_HUGEPAGE), Linux).
//
// Why: a national run touches tens of megabytes at random, one cache line per access. With
// 4 KiB pages nearly every such access also misses the TLB, and in a virtual machine each TLB
// miss is a two-dimensional page walk. Huge pages cut the TLB misses by 512x for these arrays:
// 7% of the national run's wall time on the reference VM (docs/performance.md). Where huge
// pages are unavailable (another OS, THP disabled) the hint is ignored and only the alignment
// remains; results never depend on it.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace hotline::engine {

template <class T>
struct HugePageAllocator {
  using value_type = T;

  static constexpr std::size_t kHugePage = std::size_t{2} << 20;
  static constexpr std::size_t kThreshold = std::size_t{1} << 20;

  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    const std::size_t bytes = n * sizeof(T);
    if (bytes < kThreshold)
      return static_cast<T*>(::operator new (bytes, std::align_val_t{alignof(T)}));
    const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (p == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    madvise(p, rounded, MADV_HUGEPAGE);  // a hint: failure changes nothing but speed
#endif
    return static_cast<T*>(p);
  }

  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) < kThreshold)
      ::operator delete (p, std::align_val_t{alignof(T)});
    else
      std::free(p);
  }

  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
};

// A vector whose large buffers go on huge pages.
template <class T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace hotline::engine
