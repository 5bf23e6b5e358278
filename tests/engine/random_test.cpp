// Named random streams: the generator is exactly xoshiro256++ seeded through SplitMix64, its
// outputs are pinned, and streams are keyed by (seed, replication, name).
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "hotline/engine/random.hpp"

namespace {

using hotline::engine::hash_name;
using hotline::engine::Rng;
using hotline::engine::splitmix64;
using hotline::engine::stream_seed;

// Independent transcription of the public-domain reference xoshiro256plusplus.c
// (Blackman and Vigna, https://prng.di.unimi.it/), used to check the engine's copy.
struct ReferenceXoshiro256pp {
  std::array<std::uint64_t, 4> s;
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s[0] + s[3], 23) + s[0];
    const std::uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
  }
};

// Reference seeding: four consecutive SplitMix64 outputs, as Vigna recommends.
ReferenceXoshiro256pp reference_seeded(std::uint64_t seed) {
  ReferenceXoshiro256pp r;
  std::uint64_t x = seed;
  for (auto& w : r.s) {
    x += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = x;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    w = z ^ (z >> 31);
  }
  return r;
}

std::vector<std::uint64_t> first(Rng r, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(r.next_u64());
  return out;
}

}  // namespace

TEST_CASE("SplitMix64 matches its published first output for seed 0") {
  std::uint64_t state = 0;
  CHECK(splitmix64(state) == 0xe220a8397b1dcdafULL);
  CHECK(state == 0x9e3779b97f4a7c15ULL);
  CHECK(splitmix64(state) == 0x6e789e6aa1b965f4ULL);
}

TEST_CASE("the reference xoshiro256++ transcription reproduces a published test vector") {
  // State {0, 0, 0, 1}: outputs as published with xoshiro-fortran's test data.
  ReferenceXoshiro256pp r{{0, 0, 0, 1}};
  CHECK(r.next() == 0x0000000000800000ULL);
  CHECK(r.next() == 0x0000000000800011ULL);
  CHECK(r.next() == 0x0002200000800011ULL);
  CHECK(r.next() == 0x0002200044000020ULL);
  CHECK(r.next() == 0x00022000448008A1ULL);
  // State {1, 2, 3, 4}: first output rotl(5, 23) + 1, by hand.
  ReferenceXoshiro256pp q{{1, 2, 3, 4}};
  CHECK(q.next() == 41943041ULL);
}

TEST_CASE("Rng is xoshiro256++ seeded by SplitMix64 and matches the reference for many draws") {
  for (std::uint64_t seed : {0ULL, 1ULL, 42ULL, 0xdeadbeefULL, ~0ULL}) {
    Rng rng(seed);
    ReferenceXoshiro256pp ref = reference_seeded(seed);
    for (int i = 0; i < 10'000; ++i) REQUIRE(rng.next_u64() == ref.next());
  }
}

TEST_CASE("Rng(42) produces its pinned first outputs") {
  CHECK(first(Rng(42), 5) ==
        std::vector<std::uint64_t>{0xd0764d4f4476689fULL, 0x519e4174576f3791ULL,
                                   0xfbe07cfb0c24ed8cULL, 0xb37d9f600cd835b8ULL,
                                   0xcb231c3874846a73ULL});
}

TEST_CASE("the named stream (1, 0, arrivals/type=loan) produces its pinned first outputs") {
  CHECK(hash_name("arrivals/type=loan") == 0x076e4bc464659491ULL);
  CHECK(stream_seed(1, 0, "arrivals/type=loan") == 0xcbc8a9fbb75a6105ULL);
  CHECK(first(Rng(1, 0, "arrivals/type=loan"), 5) ==
        std::vector<std::uint64_t>{0xbc675e794c1cdd25ULL, 0x8db5988bcea3985fULL,
                                   0xc40aa3ca4a78dfe7ULL, 0x6df24da52e9be046ULL,
                                   0x2985cca37a1a0994ULL});
}

TEST_CASE("FNV-1a hash_name matches the published empty-string and 'a' values") {
  CHECK(hash_name("") == 0xcbf29ce484222325ULL);
  CHECK(hash_name("a") == 0xaf63dc4c8601ec8cULL);
}

TEST_CASE("streams with the same key are equal and streams with different keys differ") {
  CHECK(first(Rng(7, 3, "handling/desk=lhasa"), 8) == first(Rng(7, 3, "handling/desk=lhasa"), 8));
  const auto base = first(Rng(7, 3, "handling/desk=lhasa"), 8);
  CHECK(first(Rng(7, 3, "handling/desk=lhas"), 8) != base);
  CHECK(first(Rng(7, 4, "handling/desk=lhasa"), 8) != base);
  CHECK(first(Rng(8, 3, "handling/desk=lhasa"), 8) != base);
  // Replications 0..99 of one name and names n0..n99 of one replication are pairwise distinct.
  std::vector<std::uint64_t> seeds;
  for (std::uint64_t r = 0; r < 100; ++r) seeds.push_back(stream_seed(1, r, "arrivals"));
  for (int i = 0; i < 100; ++i) {
    std::string name = "arrivals/type=" + std::to_string(i);
    seeds.push_back(stream_seed(1, 0, name));
  }
  for (std::size_t i = 0; i < seeds.size(); ++i)
    for (std::size_t j = i + 1; j < seeds.size(); ++j) REQUIRE(seeds[i] != seeds[j]);
}

TEST_CASE("uniform01 lies in [0,1) and uniform01_open0 in (0,1]") {
  Rng rng(3);
  double lo = 1, hi = 0;
  for (int i = 0; i < 100'000; ++i) {
    const double u = rng.uniform01();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    const double v = rng.uniform01_open0();
    REQUIRE(v > 0.0);
    REQUIRE(v <= 1.0);
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  CHECK(lo < 1e-4);
  CHECK(hi > 1.0 - 1e-4);
}

TEST_CASE("below(n) stays in range and is uniform by a chi-square test on n = 7") {
  Rng rng(11);
  constexpr int kN = 7;
  constexpr int kDraws = 700'000;
  std::array<int, kN> counts{};
  for (int i = 0; i < kDraws; ++i) {
    const std::uint64_t x = rng.below(kN);
    REQUIRE(x < kN);
    ++counts[x];
  }
  const double expected = static_cast<double>(kDraws) / kN;
  double chi2 = 0;
  for (int c : counts) chi2 += (c - expected) * (c - expected) / expected;
  // 6 degrees of freedom: P(chi2 > 22.46) = 0.001.
  CHECK(chi2 < 22.46);
  CHECK(rng.below(1) == 0);
}

TEST_CASE("below(n) rejects the biased draws for n = 3 * 2^62") {
  // Plain multiply-shift without rejection maps four 2^62-wide input ranges onto three outputs
  // per period, so outputs divisible by 3 would come up half the time instead of a third.
  Rng rng(12);
  const std::uint64_t n = 3ULL << 62;
  constexpr int kDraws = 90'000;
  std::array<int, 3> by_residue{};
  for (int i = 0; i < kDraws; ++i) {
    const std::uint64_t x = rng.below(n);
    REQUIRE(x < n);
    ++by_residue[x % 3];
  }
  const double expected = kDraws / 3.0;
  double chi2 = 0;
  for (int c : by_residue) chi2 += (c - expected) * (c - expected) / expected;
  // 2 degrees of freedom: P(chi2 > 13.82) = 0.001.
  CHECK(chi2 < 13.82);
}
