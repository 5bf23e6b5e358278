// The future-event set: a 4-ary min-heap of small keys over a slab of payloads.
//
// Order (total, documented): earlier time first; at equal time, lower `phase` first; at equal
// phase, the event scheduled first (insertion sequence). Pointer or hash order never enters.
//
// Payloads live in a slab indexed by slot; slots are recycled through a free list, so once the
// slab and heap have grown to the peak number of pending events, scheduling allocates nothing.
// Cancellation is O(1): the slot's generation is bumped and the stale heap key is dropped when
// it reaches the top, or when stale keys outnumber live ones and the keys are rebuilt.
//
// Two tiers keep the heap small: only keys due before the end of the current time bucket
// (2^22 ms, about 70 minutes) are in the heap; later keys wait in a ring of per-bucket vectors
// (about 25 days ahead; beyond that, an overflow list) and enter the heap when their bucket
// opens. A simulation holding many far deadlines (loss deadlines hours or days ahead, most of
// them cancelled) then pops from a heap of the next hour's events, which stays in cache. The
// order is unchanged: a bucket opens only when every earlier key has been popped, and the heap
// orders by the full (time, phase, sequence) key.
// Complexity: schedule O(1) (far) or O(log4 n) (near), pop O(log4 n) amortised; cancel O(1)
// amortised.
#pragma once

#include <cassert>
#include <cstdint>
#include <utility>
#include <vector>

#include "hotline/engine/time.hpp"

namespace hotline::engine {

// Identifies a scheduled event for cancellation. A default handle refers to nothing.
struct EventHandle {
  std::uint32_t slot = UINT32_MAX;
  std::uint32_t gen = 0;
  bool valid() const { return slot != UINT32_MAX; }
};

template <class Payload>
class EventQueue {
 public:
  // A key is 16 bytes, so a node's four children share one 64-byte cache line: its time, and
  // one word holding phase (4 bits), insertion sequence (36 bits, 68 billion events) and slot
  // (24 bits, 16.7 million pending events). Sequence numbers are unique, so the slot bits never
  // decide an order, and a key is live exactly when its slot is live with the same sequence.
  static constexpr unsigned kPhaseBits = 4;
  static constexpr unsigned kSlotBits = 24;
  static constexpr unsigned kSeqBits = 64 - kPhaseBits - kSlotBits;
  static constexpr std::uint64_t kSeqMask = (std::uint64_t{1} << kSeqBits) - 1;
  static constexpr std::uint64_t kSlotMask = (std::uint64_t{1} << kSlotBits) - 1;
  static constexpr std::uint8_t kMaxPhase = (1u << kPhaseBits) - 1;

  void reserve(std::size_t n) {
    heap_.reserve(n);
    slots_.reserve(n);
    free_.reserve(n);
  }

  EventHandle schedule(SimTime t, std::uint8_t phase, Payload payload) {
    std::uint32_t slot;
    if (!free_.empty()) {
      slot = free_.back();
      free_.pop_back();
      slots_[slot].payload = std::move(payload);
    } else {
      slot = static_cast<std::uint32_t>(slots_.size());
      assert(slot <= kSlotMask && "more pending events than a key can address");
      slots_.push_back(Slot{std::move(payload), 0, 0, false});
    }
    assert(phase <= kMaxPhase);
    Slot& s = slots_[slot];
    s.live = true;
    s.seq = seq_++ & kSeqMask;
    const std::uint64_t order =
        (std::uint64_t{phase} << (64 - kPhaseBits)) | (s.seq << kSlotBits) | std::uint64_t{slot};
    route(Key{ticks(t), order});
    ++live_;
    return EventHandle{slot, s.gen};
  }

  // Returns true if the event was pending and is now cancelled.
  bool cancel(EventHandle h) {
    if (!h.valid() || h.slot >= slots_.size()) return false;
    Slot& s = slots_[h.slot];
    if (!s.live || s.gen != h.gen) return false;
    release(h.slot);
    // Cancelled keys stay in the heap until they reach the top. When they outnumber the live
    // ones (e.g. loss deadlines of alerts dissuaded long before), rebuild the heap from the
    // live keys: O(n) paid for at least n/2 cancellations, and the heap, its depth and its
    // cache footprint stay proportional to the events actually pending.
    if (heap_.size() + far_keys_ > 2 * live_ + kCompactSlack) compact();
    return true;
  }

  bool pending(EventHandle h) const {
    return h.valid() && h.slot < slots_.size() && slots_[h.slot].live &&
           slots_[h.slot].gen == h.gen;
  }

  bool empty() const { return live_ == 0; }
  std::size_t size() const { return live_; }

  // Time of the next live event, or kTimeNever.
  SimTime next_time() {
    refill();
    return heap_.empty() ? kTimeNever : at_ms(heap_.front().time);
  }

  // Removes the next live event into `out` if there is one before `end` (the run loop's
  // fused next_time() + pop(): one stale-key sweep per event instead of two).
  bool pop_before(SimTime end, SimTime& time, Payload& out) {
    refill();
    if (heap_.empty()) return false;
    const Key top = heap_.front();
    if (top.time >= ticks(end)) return false;
    pop_key();
    time = at_ms(top.time);
    out = std::move(slots_[top.slot()].payload);
    release(top.slot());
    return true;
  }

  // Removes the next live event into `out`; returns false when empty.
  bool pop(SimTime& time, Payload& out) {
    refill();
    if (heap_.empty()) return false;
    const Key top = heap_.front();
    pop_key();
    time = at_ms(top.time);
    out = std::move(slots_[top.slot()].payload);
    release(top.slot());
    return true;
  }

 private:
  struct Key {
    std::int64_t time;
    std::uint64_t order;  // phase | sequence | slot, see kPhaseBits
    std::uint32_t slot() const { return static_cast<std::uint32_t>(order & kSlotMask); }
    std::uint64_t seq() const { return (order >> kSlotBits) & kSeqMask; }
  };
  struct Slot {
    Payload payload;
    std::uint64_t seq;  // of the key scheduled in this slot
    std::uint32_t gen;  // for handles: bumped when the slot is released
    bool live;
  };

  // (time, order) lexicographic, as one 128-bit unsigned compare so that the heap's inner loops
  // compile to flag arithmetic and conditional moves instead of unpredictable branches.
  // Flipping the sign bit maps signed time order onto unsigned order.
  __extension__ using U128 = unsigned __int128;
  static U128 rank(const Key& k) {
    const std::uint64_t t = static_cast<std::uint64_t>(k.time) ^ (std::uint64_t{1} << 63);
    return (static_cast<U128>(t) << 64) | k.order;
  }
  static bool before(const Key& a, const Key& b) { return rank(a) < rank(b); }

  void release(std::uint32_t slot) {
    Slot& s = slots_[slot];
    s.live = false;
    ++s.gen;
    free_.push_back(slot);
    --live_;
  }

  static constexpr std::size_t kCompactSlack = 1024;

  bool stale(const Key& k) const {
    const Slot& s = slots_[k.slot()];
    return !s.live || s.seq != k.seq();
  }

  // Drops every stale key and restores the heap property bottom-up (Floyd's heap
  // construction). Keys are unique (distinct sequence numbers), so any valid heap of the same
  // keys pops them in the same order: compaction never changes the event order.
  void compact() {
    far_keys_ = 0;
    for (auto& bucket : ring_) drop_stale_keys(bucket);
    drop_stale_keys(overflow_);
    std::size_t n = 0;
    for (const Key& k : heap_)
      if (!stale(k)) heap_[n++] = k;
    heap_.resize(n);
    if (n < 2) return;
    Key* const h = heap_.data();
    for (std::size_t start = (n - 2) / 4 + 1; start-- > 0;) {
      const Key k = h[start];
      std::size_t i = start;
      for (;;) {
        const std::size_t first = 4 * i + 1;
        if (first >= n) break;
        std::size_t best = first;
        const std::size_t last = first + 4 < n ? first + 4 : n;
        for (std::size_t c = first + 1; c < last; ++c)
          if (before(h[c], h[best])) best = c;
        if (!before(h[best], k)) break;
        h[i] = h[best];
        i = best;
      }
      h[i] = k;
    }
  }

  void drop_stale_keys(std::vector<Key>& keys) {
    std::size_t n = 0;
    for (const Key& k : keys)
      if (!stale(k)) keys[n++] = k;
    keys.resize(n);
    if (keys.capacity() > 2 * n + kKeepCapacity) keys.shrink_to_fit();
    far_keys_ += n;
  }

  static std::int64_t bucket_of(std::int64_t time) { return time >> kBucketShift; }

  // Puts a key in the heap if its bucket is open, else in the ring or the overflow list.
  void route(const Key& k) {
    const std::int64_t b = bucket_of(k.time);
    if (b < open_) {
      push_key(k);
    } else if (b < open_ + static_cast<std::int64_t>(kRing)) {
      ring_[static_cast<std::size_t>(b) & (kRing - 1)].push_back(k);
      ++far_keys_;
    } else {
      overflow_.push_back(k);
      ++far_keys_;
      if (b < overflow_min_) overflow_min_ = b;
    }
  }

  // Makes the heap's top the next live key: drops stale keys from the top and, while the
  // heap is empty but live keys wait in later buckets, opens the next bucket.
  void refill() {
    for (;;) {
      while (!heap_.empty() && stale(heap_.front())) pop_key();
      if (!heap_.empty() || live_ == 0) return;
      if (far_keys_ == overflow_.size()) {
        // The ring is empty: jump straight to the first overflow bucket.
        open_ = overflow_min_;
      } else {
        std::vector<Key>& bucket = ring_[static_cast<std::size_t>(open_) & (kRing - 1)];
        ++open_;
        far_keys_ -= bucket.size();
        for (const Key& k : bucket)
          if (!stale(k)) push_key(k);
        // A bucket filled over days (mostly with deadlines cancelled since) can be large; give
        // its memory back rather than keep every bucket at its historic peak. One release per
        // bucket (about 70 simulated minutes), not per event; small buckets keep theirs.
        if (bucket.capacity() > kKeepCapacity)
          std::vector<Key>().swap(bucket);
        else
          bucket.clear();
      }
      // Overflow keys whose bucket is now within the ring's reach move into it (or the heap).
      if (!overflow_.empty() && overflow_min_ < open_ + static_cast<std::int64_t>(kRing)) {
        std::vector<Key> keys;
        keys.swap(overflow_);
        far_keys_ -= keys.size();
        overflow_min_ = INT64_MAX;
        for (const Key& k : keys)
          if (!stale(k)) route(k);
      }
    }
  }

  void push_key(Key k) {
    std::size_t i = heap_.size();
    heap_.push_back(k);
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (!before(k, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = k;
  }

  // Removes the root. Floyd's "bottom-up" variant: walk the hole down to a leaf along the
  // smallest children without comparing against the displaced last key (which almost always
  // belongs near the bottom), then sift that key up from the leaf. About half the comparisons
  // of the textbook sift-down, and the walk's only branch is the predictable loop test.
  void pop_key() {
    const Key last = heap_.back();
    heap_.pop_back();
    const std::size_t n = heap_.size();
    if (n == 0) return;
    Key* const h = heap_.data();
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = 4 * i + 1;
      if (first + 4 <= n) {
        // The next level's loads are the critical path: start fetching all sixteen
        // grandchildren (six cache lines, contiguous) while this level is compared.
        const std::size_t grand = 4 * first + 1;
        if (grand + 16 <= n) {
          const char* p = reinterpret_cast<const char*>(h + grand);
          for (std::size_t off = 0; off < 16 * sizeof(Key); off += 64) __builtin_prefetch(p + off);
        }
        // Full family: a tournament of the four children written with arithmetic on the
        // comparison results, because which child wins is a coin flip the branch predictor
        // cannot learn (a misprediction per level costs more than the whole comparison).
        const std::size_t a = first + static_cast<std::size_t>(before(h[first + 1], h[first]));
        const std::size_t b =
            first + 2 + static_cast<std::size_t>(before(h[first + 3], h[first + 2]));
        const std::size_t b_wins = std::size_t{0} - static_cast<std::size_t>(before(h[b], h[a]));
        const std::size_t best = a ^ ((a ^ b) & b_wins);
        h[i] = h[best];
        i = best;
        continue;
      }
      if (first < n) {
        std::size_t best = first;
        for (std::size_t c = first + 1; c < n; ++c)
          if (before(h[c], h[best])) best = c;
        h[i] = h[best];
        i = best;
      }
      break;
    }
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (!before(last, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = last;
  }

  static constexpr int kBucketShift = 22;             // 2^22 ms = 69.9 minutes per bucket
  static constexpr std::size_t kRing = 512;           // buckets ahead in the ring: 24.9 days
  static constexpr std::size_t kKeepCapacity = 1024;  // keys a bucket keeps when emptied

  std::vector<Key> heap_;  // keys of buckets < open_
  std::vector<std::vector<Key>> ring_ = std::vector<std::vector<Key>>(kRing);
  std::vector<Key> overflow_;              // keys beyond the ring
  std::int64_t overflow_min_ = INT64_MAX;  // smallest bucket in overflow_ (a lower bound)
  std::int64_t open_ = 0;                  // first bucket not yet in the heap
  std::size_t far_keys_ = 0;               // keys in ring_ and overflow_, stale ones included
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_;
  std::uint64_t seq_ = 0;
  std::size_t live_ = 0;
};

}  // namespace hotline::engine
