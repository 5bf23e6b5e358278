// The future-event set: a 4-ary min-heap of small keys over a slab of payloads, fed by time
// buckets so that the heap only ever holds the next second's events.
//
// Order (total, documented): earlier time first; at equal time, lower `phase` first; at equal
// phase, the event scheduled first (insertion sequence). Pointer or hash order never enters.
//
// Payloads live in a slab indexed by slot; slots are recycled through a free list, so once the
// slab, heap and key blocks have grown to the peak number of pending events, scheduling
// allocates nothing. Cancellation is O(1): the slot is marked free and its key becomes stale;
// a stale key is dropped when it reaches the heap's top, when its bucket is opened, or when
// stale keys outnumber live ones and every tier is compacted.
//
// Tiers keep the heap small (a hold model with 10^4 pending events holds ~100 keys in the heap
// instead of 10^4: a pop walks 3-4 levels in L1 instead of 7 in L2):
//  * the heap: keys of the fine buckets (2^10 ms, about one second) before `open_`;
//  * fine buckets: the rest of the current coarse bucket (2^22 ms, about 70 minutes), one list
//    of keys per fine bucket and a bitmap of the non-empty ones;
//  * coarse buckets: a ring of 512 lists (about 25 days ahead; beyond that, an overflow
//    vector), so that a simulation holding many far deadlines (loss deadlines hours or days
//    ahead, most of them cancelled) never sorts them.
// Scheduling into a bucket is an append. When the heap runs dry, the next non-empty fine
// buckets are moved into it (heapified in O(k)); when the fine buckets run dry, the next
// coarse bucket is spread over them. The order is unchanged: a key enters the heap only when
// every key of an earlier bucket has been popped, and the heap orders by the full (time,
// phase, sequence) key. A sparse simulation (a dozen events over minutes) empties the fine
// buckets in one refill and then schedules straight into the heap, as a plain heap would.
// Bucket lists are chains of fixed-size blocks from one shared pool, so memory follows the
// keys pending rather than each bucket's historic peak.
// Complexity: schedule O(1) (into a bucket) or O(log4 k) (into the heap), pop O(log4 k)
// amortised, with k the keys due in about one fine bucket; cancel O(1) amortised.
#pragma once

#include <cassert>
#include <cstdint>
#include <utility>
#include <vector>

#include "hotline/engine/huge_page_allocator.hpp"
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
  // decide an order, and a key is live exactly when its slot holds the same sequence.
  static constexpr unsigned kPhaseBits = 4;
  static constexpr unsigned kSlotBits = 24;
  static constexpr unsigned kSeqBits = 64 - kPhaseBits - kSlotBits;
  static constexpr std::uint64_t kSeqMask = (std::uint64_t{1} << kSeqBits) - 1;
  static constexpr std::uint64_t kSlotMask = (std::uint64_t{1} << kSlotBits) - 1;
  static constexpr std::uint8_t kMaxPhase = (1u << kPhaseBits) - 1;

  void reserve(std::size_t n) {
    heap_.reserve(n + kPad);
    slots_.reserve(n);
    free_.reserve(n);
    blocks_.reserve(n / kBlockKeys + 1);
  }

  EventHandle schedule(SimTime t, std::uint8_t phase, Payload payload) {
    assert(t < kTimeNever && "kTimeNever means never: nothing can be scheduled then");
    std::uint32_t slot;
    if (!free_.empty()) {
      slot = free_.back();
      free_.pop_back();
      slots_[slot].payload = std::move(payload);
    } else {
      slot = static_cast<std::uint32_t>(slots_.size());
      assert(slot <= kSlotMask && "more pending events than a key can address");
      slots_.push_back(Slot{std::move(payload), kDead, 0});
    }
    assert(phase <= kMaxPhase);
    Slot& s = slots_[slot];
    const std::uint64_t seq = seq_++ & kSeqMask;
    s.seq = seq;
    const std::uint64_t order =
        (std::uint64_t{phase} << (64 - kPhaseBits)) | (seq << kSlotBits) | std::uint64_t{slot};
    route(Key{ticks(t), order});
    ++live_;
    return EventHandle{slot, s.gen};
  }

  // Returns true if the event was pending and is now cancelled.
  bool cancel(EventHandle h) {
    if (!pending(h)) return false;
    release(h.slot);
    // Cancelled keys stay where they are until their bucket opens or they reach the heap's
    // top. When they outnumber the live ones (e.g. loss deadlines of alerts dissuaded long
    // before), drop them from every tier: O(n) paid for at least n/2 cancellations, and the
    // heap, the buckets and their cache footprint stay proportional to the events pending.
    if (heap_size() + fine_keys_ + ring_keys_ + overflow_.size() > 2 * live_ + kCompactSlack)
      compact();
    return true;
  }

  bool pending(EventHandle h) const {
    return h.valid() && h.slot < slots_.size() && slots_[h.slot].seq != kDead &&
           slots_[h.slot].gen == h.gen;
  }

  bool empty() const { return live_ == 0; }
  std::size_t size() const { return live_; }

  // Time of the next live event, or kTimeNever.
  SimTime next_time() {
    for (;;) {
      if (heap_empty() && !open_next_bucket()) return kTimeNever;
      const Key& top = heap_.front();
      if (!stale(top)) return at_ms(top.time);
      pop_key();
    }
  }

  // Removes the next live event into `out` if there is one before `end` (the run loop's
  // fused next_time() + pop(): one stale-key sweep per event instead of two).
  bool pop_before(SimTime end, SimTime& time, Payload& out) {
    // One pop_key() call site for live and stale keys alike keeps this loop small enough to
    // inline into the run loop; the slot read for the stale check overlaps the heap walk.
    for (;;) {
      if (heap_empty() && !open_next_bucket()) return false;
      const Key top = heap_.front();
      // Every key is at or after a stale top's time too, so this is exact even then.
      if (top.time >= ticks(end)) return false;
      pop_key();
      prefetch_top_slot();
      if (stale(top)) continue;  // a cancelled event: drop its key
      time = at_ms(top.time);
      out = std::move(slots_[top.slot()].payload);
      release(top.slot());
      return true;
    }
  }

  // Removes the next live event into `out`; returns false when empty. (No event can be
  // scheduled at kTimeNever, so every pending event is before it.)
  bool pop(SimTime& time, Payload& out) { return pop_before(kTimeNever, time, out); }

 private:
  struct Key {
    std::int64_t time;
    std::uint64_t order;  // phase | sequence | slot, see kPhaseBits
    std::uint32_t slot() const { return static_cast<std::uint32_t>(order & kSlotMask); }
    std::uint64_t seq() const { return (order >> kSlotBits) & kSeqMask; }
  };
  // Sequence of the key scheduled in a live slot; a free slot holds kDead instead, which no
  // key's sequence equals, so liveness and staleness are one compare.
  static constexpr std::uint64_t kDead = UINT64_MAX;
  struct Slot {
    Payload payload;
    std::uint64_t seq;  // of the key scheduled in this slot, or kDead
    std::uint32_t gen;  // for handles: bumped when the slot is released
  };

  // Bucket lists: chains of blocks from a shared pool, linked by index (the pool may move).
  // A block's keys fill it from the front; only a list's tail block is partly filled.
  static constexpr std::uint32_t kNil = UINT32_MAX;
  static constexpr std::uint32_t kBlockKeys = 15;
  struct alignas(16) Block {  // 256 bytes: sixteen 16-byte places, the last one for `next`
    Key keys[kBlockKeys];
    std::uint32_t next;
  };
  static_assert(sizeof(Block) == 16 * (kBlockKeys + 1));
  struct List {
    std::uint32_t head = kNil;
    // 16 * tail block + keys in it: where the next key goes, as one index. An empty list
    // reads as a full one, so that an append tests one condition for "needs a new block".
    std::uint32_t pos = kBlockKeys;
    bool empty() const { return head == kNil; }
    std::uint32_t tail() const { return pos >> 4; }
    std::uint32_t fill() const { return pos & 15; }
  };

  // (time, order) lexicographic, as one 128-bit compare so that the heap's inner loops compile
  // to flag arithmetic (cmp, sbb) and conditional moves instead of unpredictable branches.
  // time * 2^64 + order is signed in time and unsigned in order, exactly the key order.
  __extension__ using I128 = __int128;
  static I128 rank(const Key& k) { return (static_cast<I128>(k.time) << 64) | k.order; }
  static bool before(const Key& a, const Key& b) { return rank(a) < rank(b); }

  void release(std::uint32_t slot) {
    Slot& s = slots_[slot];
    s.seq = kDead;
    ++s.gen;
    free_.push_back(slot);
    --live_;
  }

  static constexpr std::size_t kCompactSlack = 1024;

  bool stale(const Key& k) const { return slots_[k.slot()].seq != k.seq(); }

  // The next pop reads the new top's slot (staleness, payload): start fetching it now, a whole
  // event ahead. With 10^6 events pending the slab is far beyond the caches, and this miss
  // was the largest single cost of a pop.
  void prefetch_top_slot() const {
    if (!heap_empty()) __builtin_prefetch(&slots_[heap_.front().slot()]);
  }

  // ---- Block pool and lists ----

  std::uint32_t new_block() {
    std::uint32_t b;
    if (free_block_ != kNil) {
      b = free_block_;
      free_block_ = blocks_[b].next;
    } else {
      b = static_cast<std::uint32_t>(blocks_.size());
      assert(b < (1u << 28) && "a list position is 16 * block + fill in 32 bits");
      blocks_.emplace_back();
    }
    blocks_[b].next = kNil;
    return b;
  }

  void append(List& l, const Key& k) {
    if (l.fill() == kBlockKeys) {
      const std::uint32_t b = new_block();
      if (l.empty())
        l.head = b;
      else
        blocks_[l.tail()].next = b;
      l.pos = b << 4;
    }
    blocks_[l.tail()].keys[l.fill()] = k;
    ++l.pos;
  }

  // Calls f(key) for each key of `l` in list order, then gives its blocks back to the pool
  // (f may append to other lists: the pool may grow and move, hence indices, not pointers).
  template <class F>
  void drain_list(List& l, F&& f) {
    if (l.empty()) return;
    for (std::uint32_t b = l.head;;) {
      const std::uint32_t next = blocks_[b].next;
      const std::uint32_t n = next == kNil ? l.fill() : kBlockKeys;
      // Every caller checks each key's slot for staleness, and a bucket opened after minutes
      // or days has slots scattered over the slab: ask for all of the block's at once, so the
      // misses overlap instead of being paid one after another (national: a loss deadline per
      // alert, most of them cancelled, passes through here).
      for (std::uint32_t i = 0; i < n; ++i) __builtin_prefetch(&slots_[blocks_[b].keys[i].slot()]);
      if (next != kNil) __builtin_prefetch(&blocks_[next]);
      for (std::uint32_t i = 0; i < n; ++i) {
        const Key k = blocks_[b].keys[i];  // a copy: f may move the pool
        f(k);
      }
      if (next == kNil) break;
      b = next;
    }
    blocks_[l.tail()].next = free_block_;
    free_block_ = l.head;
    l = List{};
  }

  // Drops the stale keys of `l` in place (keeping the order of the others); returns the
  // number kept. Emptied blocks go back to the pool.
  std::size_t drop_stale_keys(List& l) {
    if (l.empty()) return 0;
    std::size_t kept = 0;
    std::uint32_t w = l.head;  // the write position never passes the read position
    std::uint32_t wi = 0;
    for (std::uint32_t b = l.head; b != kNil;) {
      const std::uint32_t next = blocks_[b].next;
      const std::uint32_t n = next == kNil ? l.fill() : kBlockKeys;
      // Every caller checks each key's slot for staleness, and a bucket opened after minutes
      // or days has slots scattered over the slab: ask for all of the block's at once, so the
      // misses overlap instead of being paid one after another (national: a loss deadline per
      // alert, most of them cancelled, passes through here).
      for (std::uint32_t i = 0; i < n; ++i) __builtin_prefetch(&slots_[blocks_[b].keys[i].slot()]);
      if (next != kNil) __builtin_prefetch(&blocks_[next]);
      for (std::uint32_t i = 0; i < n; ++i) {
        const Key k = blocks_[b].keys[i];
        if (stale(k)) continue;
        if (wi == kBlockKeys) {
          w = blocks_[w].next;
          wi = 0;
        }
        blocks_[w].keys[wi++] = k;
        ++kept;
      }
      b = next;
    }
    if (kept == 0) {
      blocks_[l.tail()].next = free_block_;
      free_block_ = l.head;
      l = List{};
      return 0;
    }
    if (w != l.tail()) {
      blocks_[l.tail()].next = free_block_;
      free_block_ = blocks_[w].next;
      blocks_[w].next = kNil;
    }
    l.pos = (w << 4) | wi;
    return kept;
  }

  // ---- Tiers ----

  static constexpr int kFineShift = 10;    // 2^10 ms = 1.02 s per fine bucket
  static constexpr int kCoarseShift = 22;  // 2^22 ms = 69.9 minutes per coarse bucket
  static constexpr std::size_t kFine = std::size_t{1} << (kCoarseShift - kFineShift);
  static constexpr std::size_t kRing = 512;  // coarse buckets ahead in the ring: 24.9 days
  static_assert(kFine <= 64 * 64, "the fine bitmap has a one-word summary");

  // Puts a key in the heap if its fine bucket is open, else in its fine or coarse bucket, or
  // the overflow list. The first two are the common cases and stay inline (a call's register
  // saves cost as much as the append).
  [[gnu::always_inline]] void route(const Key& k) {
    const std::int64_t f = k.time >> kFineShift;
    if (f < open_) {
      push_key(k);
    } else if ((k.time >> kCoarseShift) < coarse_open_) {
      const std::size_t i = static_cast<std::size_t>(f) & (kFine - 1);
      List& l = fine_[i];
      if (l.empty()) {
        fine_bits_[i / 64] |= std::uint64_t{1} << (i % 64);
        fine_summary_ |= std::uint64_t{1} << (i / 64);
      }
      append(l, k);
      ++fine_keys_;
    } else {
      route_far(k);
    }
  }

  [[gnu::noinline]] void route_far(const Key& k) {
    const std::int64_t c = k.time >> kCoarseShift;
    if (c < coarse_open_ + static_cast<std::int64_t>(kRing)) {
      append(ring_[static_cast<std::size_t>(c) & (kRing - 1)], k);
      ++ring_keys_;
    } else {
      overflow_.push_back(k);
      if (c < overflow_min_) overflow_min_ = c;
    }
  }

  // Fills the empty heap from the next non-empty buckets; returns false if no event is
  // pending. The heap may then hold cancelled keys (cancelled after their bucket opened) at
  // the top: the callers drop them as they reach it.
  [[gnu::noinline]] bool open_next_bucket() {
    for (;;) {
      if (!heap_empty()) return true;
      if (live_ == 0) return false;
      if (fine_summary_ != 0) {
        // Open the next non-empty fine bucket, or all of them if they hold only a few dozen
        // keys: a sparse simulation (a dozen events pending over minutes) then has every
        // later fine bucket of this coarse bucket open too (the order allows it: they are
        // empty), so its new events go straight into the small heap rather than each through
        // a bucket of its own.
        heap_.clear();  // the sentinels, put back by heapify()
        do {
          open_fine_bucket();
        } while (fine_summary_ != 0 && (heap_.empty() || fine_keys_ < kSparse));
        if (fine_summary_ == 0) open_ = coarse_open_ << (kCoarseShift - kFineShift);
        heapify();
        continue;
      }
      // The fine buckets are empty: spread the next coarse bucket over them, or jump straight
      // to the first overflow bucket if the ring is empty too.
      if (ring_keys_ == 0 && overflow_min_ > coarse_open_) coarse_open_ = overflow_min_;
      const std::int64_t c = coarse_open_++;
      open_ = c << (kCoarseShift - kFineShift);
      List& bucket = ring_[static_cast<std::size_t>(c) & (kRing - 1)];
      drain_list(bucket, [this](const Key& k) {
        --ring_keys_;
        if (!stale(k)) route(k);
      });
      // Overflow keys whose bucket is now within the ring's reach move into it (or the fine
      // buckets); the others stay, in place, so the hand-over allocates nothing.
      if (!overflow_.empty() && overflow_min_ < coarse_open_ + static_cast<std::int64_t>(kRing)) {
        std::size_t n = 0;
        std::int64_t min = INT64_MAX;
        for (const Key& k : overflow_) {
          if (stale(k)) continue;
          const std::int64_t kc = k.time >> kCoarseShift;
          if (kc < coarse_open_ + static_cast<std::int64_t>(kRing)) {
            route(k);
          } else {
            overflow_[n++] = k;
            if (kc < min) min = kc;
          }
        }
        overflow_.resize(n);
        overflow_min_ = min;
      }
    }
  }

  // Appends the first non-empty fine bucket's live keys to heap_ (which is being refilled,
  // without sentinels, by open_next_bucket()).
  void open_fine_bucket() {
    // Fine buckets before open_ are empty, so the first set bit at or after open_'s is it.
    const std::size_t from = static_cast<std::size_t>(open_) & (kFine - 1);
    std::size_t w = from / 64;
    std::uint64_t bits = fine_bits_[w] & (~std::uint64_t{0} << (from % 64));
    if (bits == 0) {
      assert((fine_summary_ & (~std::uint64_t{1} << w)) != 0);
      w = static_cast<std::size_t>(__builtin_ctzll(fine_summary_ & (~std::uint64_t{1} << w)));
      bits = fine_bits_[w];
    }
    const std::size_t i = 64 * w + static_cast<std::size_t>(__builtin_ctzll(bits));
    fine_bits_[w] &= ~(std::uint64_t{1} << (i % 64));
    if (fine_bits_[w] == 0) fine_summary_ &= ~(std::uint64_t{1} << w);
    open_ = ((coarse_open_ - 1) << (kCoarseShift - kFineShift)) + static_cast<std::int64_t>(i) + 1;
    drain_list(fine_[i], [this](const Key& k) {
      --fine_keys_;
      if (!stale(k)) heap_.push_back(k);
    });
  }

  // Drops every stale key from every tier. Keys are unique (distinct sequence numbers), so
  // any valid heap of the same keys pops them in the same order: compaction never changes the
  // event order.
  void compact() {
    fine_keys_ = 0;
    for (std::size_t w = 0; w < kFine / 64; ++w) {
      for (std::uint64_t bits = fine_bits_[w]; bits != 0; bits &= bits - 1) {
        const std::size_t i = 64 * w + static_cast<std::size_t>(__builtin_ctzll(bits));
        const std::size_t kept = drop_stale_keys(fine_[i]);
        fine_keys_ += kept;
        if (kept == 0) fine_bits_[w] &= ~(std::uint64_t{1} << (i % 64));
      }
      if (fine_bits_[w] == 0) fine_summary_ &= ~(std::uint64_t{1} << w);
    }
    ring_keys_ = 0;
    for (List& bucket : ring_) ring_keys_ += drop_stale_keys(bucket);
    std::size_t n = 0;
    for (const Key& k : overflow_)
      if (!stale(k)) overflow_[n++] = k;
    overflow_.resize(n);
    if (overflow_.capacity() > 2 * n + kKeepCapacity) overflow_.shrink_to_fit();
    heap_.resize(heap_size());  // without the sentinels, put back by heapify()
    n = 0;
    for (const Key& k : heap_)
      if (!stale(k)) heap_[n++] = k;
    heap_.resize(n);
    heapify();
  }

  // ---- The heap ----
  // A 4-ary min-heap in heap_[0, n) followed by kPad sentinel keys that sort after every real
  // key, so that every node with a child has four (real or sentinel) children: the inner loops
  // compare whole families without testing for a partial last one.
  static constexpr std::size_t kPad = 3;
  static constexpr Key kSentinel{INT64_MAX, UINT64_MAX};

  std::size_t heap_size() const { return heap_.size() - kPad; }
  bool heap_empty() const { return heap_.size() == kPad; }

  // The index of the least of the four keys at h[first..first + 3], the first on ties (so a
  // real key beats a sentinel equal to it). A tournament written with arithmetic on the
  // comparison results, because which child wins is a coin flip the branch predictor cannot
  // learn (a misprediction per level costs more than the whole comparison).
  static std::size_t least_of_four(const Key* h, std::size_t first) {
    const std::size_t a = first + static_cast<std::size_t>(before(h[first + 1], h[first]));
    const std::size_t b = first + 2 + static_cast<std::size_t>(before(h[first + 3], h[first + 2]));
    const std::size_t b_wins = std::size_t{0} - static_cast<std::size_t>(before(h[b], h[a]));
    return a ^ ((a ^ b) & b_wins);
  }

  // Builds the heap from the keys in heap_ (no sentinels yet) bottom-up (Floyd): O(n).
  void heapify() {
    const std::size_t n = heap_.size();
    heap_.insert(heap_.end(), kPad, kSentinel);
    if (n < 2) return;
    Key* const h = heap_.data();
    for (std::size_t start = (n - 2) / 4 + 1; start-- > 0;) {
      const Key k = h[start];
      std::size_t i = start;
      for (std::size_t first = 4 * i + 1; first < n; first = 4 * i + 1) {
        const std::size_t best = least_of_four(h, first);
        if (!before(h[best], k)) break;
        h[i] = h[best];
        i = best;
      }
      h[i] = k;
    }
  }

  // Inlined into route (hence schedule): outlined, its call cost 2% of an M/M/c run.
  [[gnu::always_inline]] void push_key(Key k) {
    std::size_t i = heap_size();
    heap_.push_back(kSentinel);
    Key* const h = heap_.data();
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (!before(k, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = k;
  }

  // Removes the root. Floyd's "bottom-up" variant: walk the hole down to a leaf along the
  // smallest children without comparing against the displaced last key (which almost always
  // belongs near the bottom), then sift that key up from the leaf. About half the comparisons
  // of the textbook sift-down, and the walk's only branch is the loop test.
  void pop_key() {
    Key* const h = heap_.data();
    const std::size_t n = heap_size() - 1;
    const Key last = h[n];
    h[n] = kSentinel;
    heap_.pop_back();
    if (n == 0) return;
    std::size_t i = 0;
    if (n < kPrefetchFrom) {
      for (std::size_t first = 1; first < n; first = 4 * i + 1) {
        const std::size_t best = least_of_four(h, first);
        h[i] = h[best];
        i = best;
      }
    } else {
      for (std::size_t first = 1; first < n; first = 4 * i + 1) {
        // A heap beyond L1: the next level's loads are the critical path, so start fetching
        // all sixteen grandchildren (four to five cache lines) while this level is compared.
        const std::size_t grand = 4 * first + 1;
        if (grand < n) {
          const char* p = reinterpret_cast<const char*>(h + grand);
          for (std::size_t off = 0; off < 16 * sizeof(Key); off += 64) __builtin_prefetch(p + off);
        }
        const std::size_t best = least_of_four(h, first);
        h[i] = h[best];
        i = best;
      }
    }
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (!before(last, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = last;
  }

  static constexpr std::size_t kSparse = 32;          // keys: see open_next_bucket()
  static constexpr std::size_t kPrefetchFrom = 2048;  // keys: 32 KiB, most of L1

  static constexpr std::size_t kKeepCapacity = 1024;  // overflow capacity kept by compact()

  // Keys of the fine buckets before open_, then the sentinels.
  std::vector<Key> heap_ = std::vector<Key>(kPad, kSentinel);
  std::int64_t open_ = 0;  // first fine bucket not in the heap
  // Fine buckets open_ .. the end of coarse bucket coarse_open_ - 1, at index (bucket % kFine).
  std::vector<List> fine_ = std::vector<List>(kFine);
  std::uint64_t fine_bits_[kFine / 64] = {};  // bit i: fine_[i] is not empty
  std::uint64_t fine_summary_ = 0;            // bit w: fine_bits_[w] != 0
  std::size_t fine_keys_ = 0;                 // keys in fine_, stale ones included
  // Coarse buckets coarse_open_ .. coarse_open_ + kRing - 1, at index (bucket % kRing).
  std::vector<List> ring_ = std::vector<List>(kRing);
  std::int64_t coarse_open_ = 1;           // first coarse bucket not spread over fine_
  std::size_t ring_keys_ = 0;              // keys in ring_, stale ones included
  std::vector<Key> overflow_;              // keys beyond the ring, stale ones included
  std::int64_t overflow_min_ = INT64_MAX;  // smallest bucket in overflow_ (a lower bound)
  HugeVector<Block> blocks_;               // the pool behind fine_ and ring_
  std::uint32_t free_block_ = kNil;        // first free block, chained through next
  HugeVector<Slot> slots_;
  std::vector<std::uint32_t> free_;
  std::uint64_t seq_ = 0;
  std::size_t live_ = 0;
};

}  // namespace hotline::engine
