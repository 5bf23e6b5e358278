// A ResultStore kept in memory, for tests of procedures that cache replications (the roster
// optimiser): a real store, keyed like ResultsDb by (canonical scenario text, seed,
// replication), without SQLite.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "hotline/study/result_store.hpp"

namespace hotline::testing {

class MemoryStore final : public study::ResultStore {
 public:
  std::string key(const std::string& canonical, std::uint64_t seed, int replication) override {
    // Appended piece by piece: GCC 12 warns (-Wrestrict, falsely) on chains of operator+.
    std::string k = std::to_string(std::hash<std::string>{}(canonical));
    k += '/';
    k += std::to_string(seed);
    k += '/';
    k += std::to_string(replication);
    return k;
  }
  bool has(const std::string& key) override { return kept_.count(key) > 0; }
  std::optional<study::StoredReplication> load(const std::string& key) override {
    const auto it = kept_.find(key);
    if (it == kept_.end()) return std::nullopt;
    return it->second;
  }
  void save(const std::string& key, const study::StoredReplication& r) override {
    kept_.emplace(key, r);
  }

 private:
  std::map<std::string, study::StoredReplication> kept_;
};

}  // namespace hotline::testing
