// A sweep's results database (`--out DIR/sweep.db`, SQLite): every replication a sweep ran,
// under its content-addressed key, and one row per sweep invocation with its variants.
// It is the sweep's ResultStore (study/result_store.hpp) and its cache: running the same plan
// again loads every finished key instead of running it.
//
// Tables (docs/studies.md, "Sweeps", has example queries):
//   runs(id, started_utc, plan_sha256, manifest, complete, replications_run,
//        replications_loaded, wall_time_s)             one row per `sweep` invocation
//   variants(run, variant, label, scenario_sha256, seed, reps, precision_reached, complete)
//   parameters(run, variant, factor, key, value)       the factor values of each variant
//   replications(id, key, scenario_sha256, seed, replication, version, events, wall_time_s,
//                name_set, kpi_values)             kpi_values: a JSON array in the order of
//                                                  kpi_names(name_set, idx, name)
//   kpis(key, scenario_sha256, seed, replication, idx, name, value)
//                                                  a view: every KPI of every replication in
//                                                  long form (SELECT ... FROM kpis WHERE ...)
//   intervals(replication, interval, grade, alerts, lost, reach_eligible, reached_in_target)
//                                                  replication = replications.id
// A variant's replications are those with its scenario_sha256 and seed and replication <
// reps, of this program version. A scenario has thousands of KPIs per replication: stored as
// one row each, saving them cost a third of a xizang replication's run time; one JSON array
// per replication (names stored once per list) costs a few percent, and the kpis view gives
// the same long form to queries.
// Contract: key = sha256 of "hotline-sim <build>\nseed <seed>\nreplication <r>\nscenario
// <sha256 of the canonical scenario text>\n" with build = program_build(): stable across
// runs of one binary (and across machines running the same binary), distinct for any change
// of scenario, seed, replication, version or build. Each save() is one transaction (WAL
// journal), so a process killed at any point leaves every earlier replication intact and no
// half-saved one. Opening a database another program wrote with other tables fails with
// OutputError; so does any SQLite failure (a full disk, a read-only folder).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hotline/study/result_store.hpp"
#include "hotline/study/sweep.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace hotline::report {

// "0.1.0+<16 hex digits of the SHA-256 of the running executable>" (the version alone if the
// executable cannot be read): what a key says about the program that computed a result.
const std::string& program_build();

// The key of replication r of a scenario whose canonical text is `canonical` (see above).
std::string replication_key(const std::string& canonical, std::uint64_t seed, int replication);

class ResultsDb final : public study::ResultStore {
 public:
  static constexpr const char* kFileName = "sweep.db";

  // Opens or creates the database at `path`. Throws OutputError.
  explicit ResultsDb(const std::string& path);
  ~ResultsDb() override;
  ResultsDb(const ResultsDb&) = delete;
  ResultsDb& operator=(const ResultsDb&) = delete;

  std::string key(const std::string& canonical, std::uint64_t seed, int replication) override;
  bool has(const std::string& key) override;
  std::optional<study::StoredReplication> load(const std::string& key) override;
  void save(const std::string& key, const study::StoredReplication& result) override;

  struct RunInfo {
    std::int64_t id = 0;
    std::string plan_sha256;
    bool complete = false;
  };
  // The last invocation recorded, if any.
  std::optional<RunInfo> last_run();
  // Records one invocation with its variants and parameters (one transaction); returns its id.
  std::int64_t record_run(const study::SweepPlan& plan, const study::SweepResult& result,
                          const std::string& plan_sha256, const std::string& manifest_json);

  std::int64_t replication_count();  // rows in replications
  const std::string& path() const { return path_; }

 private:
  void exec(const char* sql);
  sqlite3_stmt* prepare(const char* sql);
  [[noreturn]] void fail(const std::string& what);

  std::string path_;
  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> statements_;
  sqlite3_stmt* has_ = nullptr;
  sqlite3_stmt* load_rep_ = nullptr;
  sqlite3_stmt* insert_rep_ = nullptr;
  sqlite3_stmt* insert_interval_ = nullptr;
  // KPI name lists by id (a sweep's variants mostly share one).
  using Names = std::shared_ptr<const std::vector<std::string>>;
  std::int64_t name_set_id(const Names& names);  // adds the list when new
  Names name_set(std::int64_t id);
  std::vector<std::pair<std::int64_t, Names>> name_sets_;
  // key() hashes the canonical text once per variant, and remembers what each key it made
  // is made of, for the replications row save() writes.
  std::string last_canonical_, last_digest_;
  struct KeyParts {
    std::string scenario_sha256;
    std::uint64_t seed;
    int replication;
  };
  std::map<std::string, KeyParts> parts_;
};

}  // namespace hotline::report
