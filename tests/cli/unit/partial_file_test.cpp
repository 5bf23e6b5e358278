// Shards and their partial results: the slices of a plan, a partial that survives a kill
// (torn last line cut off, finished keys skipped), publishing, refusing another plan, and a
// partial read back exactly, so a merge gives what one process gives.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "hotline/report/output_error.hpp"
#include "hotline/report/partial_file.hpp"
#include "hotline/report/partial_reader.hpp"
#include "hotline/report/results_db.hpp"
#include "hotline/study/shard.hpp"
#include "hotline/study/single_run.hpp"
#include "hotline/study/sweep.hpp"
#include "temp_files.hpp"

using namespace hotline;
using report::testing::fresh_dir;
using report::testing::read_all;

namespace {

const study::SweepPlan& plan_of_two() {
  static const study::SweepPlan plan = [] {
    scenario::SweepStudy s;
    s.scenario = "bundled:tiny";
    s.sets = {"clock.horizon=1d", "clock.warmup=0s"};
    s.factors.push_back(scenario::parse_vary("night:desks.96110.roster.night.headcount=1..2"));
    return study::make_sweep_plan(s);
  }();
  return plan;
}

report::PartialHeader header_for(const study::SweepPlan& plan, int reps, study::ShardSpec spec,
                                 const std::string& plan_sha = "plan-a") {
  report::PartialHeader h;
  h.program_build = report::program_build();
  h.plan_sha256 = plan_sha;
  h.command = "sweep";
  h.arguments = {"--study", "s.yaml"};
  h.cwd = "/tmp";
  h.shard_index = spec.index;
  h.shard_count = spec.count;
  for (const auto& j : study::shard_jobs(static_cast<int>(plan.variants.size()), reps, spec))
    h.keys.push_back(report::replication_key(
        plan.variants[static_cast<std::size_t>(j.variant)].canonical, plan.seed, j.replication));
  return h;
}

// Equal to the bit (a KPI without observations is NaN, which == never matches).
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::memcmp(&a[i], &b[i], sizeof(double)) != 0) return false;
  return true;
}

int records_in(const std::string& path) {
  report::PartialReader r(path);
  int n = 0;
  while (r.next()) ++n;
  return n;
}

}  // namespace

TEST_CASE("shards of a plan hold every replication exactly once, round robin") {
  std::set<std::pair<int, int>> seen;
  for (int i = 1; i <= 4; ++i) {
    const auto jobs = study::shard_jobs(3, 5, {i, 4});
    CHECK(jobs.size() == (i <= 3 ? 4u : 3u));  // 15 jobs over 4 shards
    for (const auto& j : jobs) {
      CHECK(seen.insert({j.variant, j.replication}).second);
      CHECK(study::shard_of(j.variant, j.replication, 5, 4) == i);
    }
  }
  CHECK(seen.size() == 15);
  CHECK(study::shard_jobs(1, 2, {3, 3}).empty());  // more shards than jobs: some are empty
}

TEST_CASE("a shard's partial reads back exactly what one process computes") {
  const auto& plan = plan_of_two();
  const auto dir = fresh_dir("partial_exact");
  const std::string path = (dir / "shard-1-of-1.part").string();
  {
    report::PartialFile part(path, header_for(plan, 2, {1, 1}));
    const auto jobs = study::shard_jobs(2, 2, {1, 1});
    const study::ShardResult r = study::run_shard(plan, jobs, part, {});
    CHECK(r.replications_run == 4);
    CHECK_FALSE(r.interrupted);
    part.publish(true);
  }
  CHECK_FALSE(std::filesystem::exists(path + ".journal"));
  // The sweep of one process, into a database, against the partial's records.
  report::ResultsDb db((dir / "sweep.db").string());
  study::SweepOptions o;
  o.reps = 2;
  o.threads = 1;
  const study::SweepResult direct = study::run_sweep(plan, db, o);
  // Records come in the order replications finished; keys say which is which.
  report::PartialReader reader(path);
  int n = 0;
  while (auto rec = reader.next()) {
    bool found = false;
    for (const auto& v : direct.variants)
      for (std::size_t r = 0; r < v.keys.size(); ++r) {
        if (v.keys[r] != rec->key) continue;
        found = true;
        CHECK(rec->replication == static_cast<int>(r));
        CHECK(*rec->replication_result.kpi_names == v.kpi_names);
        CHECK(same_bits(rec->replication_result.kpi_values, v.kpi_values[r]));
      }
    CHECK(found);
    ++n;
  }
  CHECK(n == 4);
  CHECK(reader.footer_complete());
}

TEST_CASE("a killed shard keeps its finished replications, cuts a torn line and skips the rest") {
  const auto& plan = plan_of_two();
  const auto dir = fresh_dir("partial_killed");
  const std::string path = (dir / "shard-2-of-2.part").string();
  const auto jobs = study::shard_jobs(2, 4, {2, 2});
  REQUIRE(jobs.size() == 4);
  {
    report::PartialFile part(path, header_for(plan, 4, {2, 2}));
    // Two of four finish, then the process "dies": no publish, and half a line written.
    study::run_shard(plan, {jobs[0], jobs[1]}, part, {});
  }
  CHECK_FALSE(std::filesystem::exists(path));
  {
    std::ofstream torn(path + ".journal", std::ios::app | std::ios::binary);
    torn << R"({"key":"abc","replication":1,"ev)";
  }
  report::PartialFile part(path, header_for(plan, 4, {2, 2}));
  CHECK(part.records() == 2);
  CHECK_FALSE(part.complete());
  const study::ShardResult r = study::run_shard(plan, jobs, part, {});
  CHECK(r.replications_skipped == 2);
  CHECK(r.replications_run == 2);
  part.publish(true);
  CHECK(records_in(path) == 4);
  // Rerun once complete: nothing to do, and the file stays as it is.
  const std::string bytes = read_all(path);
  report::PartialFile again(path, header_for(plan, 4, {2, 2}));
  CHECK(again.complete());
  CHECK(read_all(path) == bytes);
}

TEST_CASE("a stopped shard publishes an incomplete partial that its rerun completes") {
  const auto& plan = plan_of_two();
  const auto dir = fresh_dir("partial_stopped");
  const std::string path = (dir / "shard-1-of-1.part").string();
  const auto jobs = study::shard_jobs(2, 2, {1, 1});
  {
    report::PartialFile part(path, header_for(plan, 2, {1, 1}));
    study::StopFlag stop{true};
    study::ShardOptions o;
    o.stop = &stop;
    const study::ShardResult r = study::run_shard(plan, jobs, part, o);
    CHECK(r.interrupted);
    part.publish(false);
  }
  report::PartialReader incomplete(path);
  while (incomplete.next()) {
  }
  CHECK_FALSE(incomplete.footer_complete());
  report::PartialFile part(path, header_for(plan, 2, {1, 1}));
  CHECK_FALSE(part.complete());
  CHECK(study::run_shard(plan, jobs, part, {}).replications_run == 4);
  part.publish(true);
  report::PartialReader done(path);
  int n = 0;
  while (done.next()) ++n;
  CHECK(n == 4);
  CHECK(done.footer_complete());
}

TEST_CASE("a partial of another plan or shard is refused, and a shard runs once at a time") {
  const auto& plan = plan_of_two();
  const auto dir = fresh_dir("partial_other");
  const std::string path = (dir / "shard-1-of-2.part").string();
  {
    report::PartialFile part(path, header_for(plan, 2, {1, 2}));
    CHECK_THROWS_AS(report::PartialFile(path, header_for(plan, 2, {1, 2})), report::OutputError);
    part.publish(false);
  }
  CHECK_THROWS_WITH_AS(report::PartialFile(path, header_for(plan, 2, {1, 2}, "plan-b")),
                       doctest::Contains("of another plan"), report::OutputError);
  // Refused before it is touched: the other plan's part stays as it was.
  CHECK(std::filesystem::exists(path));
  CHECK_FALSE(std::filesystem::exists(path + ".journal"));
}

TEST_CASE("a partial cut short is refused by the reader, naming the file and line") {
  const auto dir = fresh_dir("partial_short");
  const std::string path = (dir / "x.part").string();
  {
    report::PartialFile part(path, header_for(plan_of_two(), 2, {1, 1}));
  }  // never published: only the journal
  std::filesystem::copy_file(path + ".journal", path);
  report::PartialReader r(path);
  CHECK_THROWS_WITH_AS(r.next(), doctest::Contains("x.part:2: the file ends without its footer"),
                       report::OutputError);
  std::ofstream(dir / "not.part") << "hello\n";
  CHECK_THROWS_AS(report::PartialReader((dir / "not.part").string()), report::OutputError);
}

TEST_CASE("a run's partial keeps each replication's conservation and desk hours exactly") {
  const auto& plan = plan_of_two();
  const auto dir = fresh_dir("partial_run_fields");
  const std::string path = (dir / "shard-1-of-1.part").string();
  {
    report::PartialFile part(path, header_for(plan, 2, {1, 1}));
    study::ShardOptions o;
    o.threads = 2;
    o.conservation = true;
    o.desk_hours = true;
    study::run_shard(plan, study::shard_jobs(2, 2, {1, 1}), part, o);
    part.publish(true);
  }
  report::PartialReader reader(path);
  int n = 0;
  while (auto rec = reader.next()) {
    const auto& v = plan.variants[rec->key == report::replication_key(plan.variants[0].canonical,
                                                                      plan.seed, rec->replication)
                                      ? 0
                                      : 1];
    study::SingleRunOptions so;
    so.seed = plan.seed;
    so.replication = static_cast<std::uint64_t>(rec->replication);
    so.keep_desk_hours = true;
    const metrics::RunResult run = study::run_single(v.scenario, so);
    const study::StoredReplication& r = rec->replication_result;
    REQUIRE(r.conservation);
    CHECK(r.conservation->entered == run.conservation.entered);
    CHECK(r.conservation->dissuaded == run.conservation.dissuaded);
    CHECK(r.conservation->lost == run.conservation.lost);
    CHECK(r.conservation->not_paid == run.conservation.not_paid);
    CHECK(r.conservation->open == run.conservation.open);
    REQUIRE(r.desk_hours.size() == run.desk_hours.size());
    REQUIRE_FALSE(r.desk_hours.empty());
    // Read again at the record's offset (what merge does, one series at a time): the same.
    const auto again = report::PartialReader::desk_hours_at(path, reader.record_offset());
    REQUIRE(again.size() == run.desk_hours.size());
    for (std::size_t i = 0; i < run.desk_hours.size(); ++i) {
      const auto& a = run.desk_hours[i];
      for (const auto* b : {&r.desk_hours[i], &again[i]}) {
        CHECK(b->desk == a.desk);
        CHECK(b->hour == a.hour);
        CHECK(b->arrivals == a.arrivals);
        CHECK(b->waits_ended == a.waits_ended);
        CHECK(b->answered_in_time == a.answered_in_time);
        CHECK(b->queue_max == a.queue_max);
        CHECK(same_bits({b->queue_mean, b->busy_mean, b->staffed_mean},
                        {a.queue_mean, a.busy_mean, a.staffed_mean}));
      }
    }
    ++n;
  }
  CHECK(n == 4);
  // Skipped by the parser when asked: the rest of the record is unchanged.
  report::PartialReader skipping(path);
  skipping.skip_desk_hours(true);
  int m = 0;
  while (auto rec = skipping.next()) {
    CHECK(rec->replication_result.desk_hours.empty());
    CHECK(rec->replication_result.conservation);
    CHECK(rec->replication_result.kpi_values.size() == rec->replication_result.kpi_names->size());
    ++m;
  }
  CHECK(m == 4);
}

TEST_CASE("a sweep's partial carries no run fields, and a version 1 partial is still read") {
  const auto& plan = plan_of_two();
  const auto dir = fresh_dir("partial_v1");
  const std::string path = (dir / "shard-1-of-2.part").string();
  {
    report::PartialFile part(path, header_for(plan, 2, {1, 2}));
    study::run_shard(plan, study::shard_jobs(2, 2, {1, 2}), part, {});
    part.publish(true);
  }
  const std::string text = read_all(path);
  CHECK(text.find("\"conservation\"") == std::string::npos);
  CHECK(text.find("\"desk_hours\"") == std::string::npos);
  // The same file as version 1 wrote it (the lines are the same without the run fields).
  const std::string v1 = (dir / "v1.part").string();
  {
    std::string old = text;
    const auto at = old.find("\"version\":2");
    REQUIRE(at != std::string::npos);
    old.replace(at, 11, "\"version\":1");
    std::ofstream(v1, std::ios::binary) << old;
  }
  CHECK(records_in(v1) == 2);
  {
    std::string future = text;
    future.replace(future.find("\"version\":2"), 11, "\"version\":3");
    std::ofstream((dir / "v3.part").string(), std::ios::binary) << future;
  }
  CHECK_THROWS_AS(report::PartialReader((dir / "v3.part").string()), report::OutputError);
}
