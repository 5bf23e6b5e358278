// One shard's partial result (`--shard I/N`): the replications a shard of a batch finished,
// in one self-describing file that `hotline-sim merge` streams (docs/cluster.md).
//
// Format (UTF-8 JSON lines, one object per line):
//   line 1   header {"format": "hotline-sim partial", "version": 2, "program_build",
//            "plan_sha256", "command", "arguments": [...], "cwd", "shard": {"index",
//            "count"}, "keys": [the keys the shard is to hold, in job order]}
//   then     {"names": ID, "list": [KPI names]} before the first record that uses ID, and
//            one record per finished replication {"key", "replication",
//            "events", "wall_time_s", "names": ID, "kpi_values": [...], "intervals":
//            [[interval, grade, alerts, lost, reach_eligible, reached_in_target], ...],
//            and in a replicated run's shards (command "run") "conservation": [entered,
//            dissuaded, lost, not_paid, open] and, when the run writes desks.csv,
//            "desk_hours": [[desk, hour, arrivals, waits_ended, answered_in_time, queue_max,
//            queue_mean, busy_mean, staffed_mean], ...]: the replication's own series, which
//            the merge folds in replication order}
//            (values exact: shortest round-trip decimals; a non-finite value is null)
//   last     footer {"end": true, "complete": BOOL, "replications": N}
// Version 1 (sweeps only, before `run --shard`) is read as well: the same lines without the
// two optional fields. A batch of replications of any plan fits: the header says which plan (its
// hash and the command and arguments that rebuild it, relative paths meaning relative to cwd), the
// records are keyed by the replication's content-addressed key (results_db.hpp).
//
// Contract of PartialFile (the writer; a study::ResultStore):
//  - While the shard runs, records go to PATH.journal, each line appended with one write()
//    and fdatasync()ed: a process killed at any point leaves every earlier record intact and
//    at most a torn last line, which the next open cuts off.
//  - publish() appends the footer, syncs and renames the journal to PATH: PATH appears only
//    whole (complete or not, the footer says). A rerun with an incomplete PATH takes it back
//    as its journal (without the footer) and continues; with a complete PATH it does nothing
//    (complete() is true).
//  - Opening locks PATH.lock (flock, non-blocking): a second process on the same shard (a
//    requeued task while the old one still stops) is refused with OutputError. The lock file
//    is removed when a complete partial is published.
//  - A journal or partial of another plan, program build or shard throws OutputError
//    (naming the file and the way out); so does any I/O failure.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "hotline/study/result_store.hpp"

namespace hotline::report {

struct PartialHeader {
  std::string program_build;  // program_build() of the writer; keys depend on it
  std::string plan_sha256;
  std::string command;                 // "sweep" or "run"
  std::vector<std::string> arguments;  // the command's plan-defining arguments, as given
  std::string cwd;                     // the directory relative paths in them mean
  int shard_index = 1;                 // 1-based
  int shard_count = 1;
  std::vector<std::string> keys;  // what the shard is to hold, in job order
};

class PartialFile final : public study::ResultStore {
 public:
  static constexpr const char* kFormat = "hotline-sim partial";
  static constexpr int kVersion = 2;
  static constexpr int kOldestVersion = 1;  // still read

  // Opens (or resumes) the partial at `path` for `header`. Throws OutputError.
  PartialFile(std::string path, PartialHeader header);
  ~PartialFile() override;
  PartialFile(const PartialFile&) = delete;
  PartialFile& operator=(const PartialFile&) = delete;

  // The partial at path() is complete already: a rerun has nothing to do.
  bool complete() const { return complete_; }
  // Records held (finished by this or an earlier attempt).
  int records() const { return static_cast<int>(keys_.size()); }
  const std::string& path() const { return path_; }

  std::string key(const std::string& canonical, std::uint64_t seed, int replication) override;
  bool has(const std::string& key) override;
  // Not needed by a shard (it only skips what it has): always std::nullopt.
  std::optional<study::StoredReplication> load(const std::string& key) override;
  void save(const std::string& key, const study::StoredReplication& result) override;

  // See the contract; `complete` is what the footer says. Throws OutputError.
  void publish(bool complete);

 private:
  void resume_journal();
  void append(const std::string& text);

  std::string path_, journal_, lock_path_;
  PartialHeader header_;
  int lock_fd_ = -1;
  int fd_ = -1;  // the journal, for appending
  bool complete_ = false;
  std::set<std::string> keys_;
  std::map<std::string, int> replication_of_;  // of the keys key() made
  // KPI name lists written so far, by id (a batch's variants mostly share one).
  std::vector<std::shared_ptr<const std::vector<std::string>>> names_;
};

}  // namespace hotline::report
