// The sweep procedure with the SQLite results database: keys, the cache (zero recomputation),
// added replications, resuming after a stop, thread-count independence, auto replications,
// and sweep.csv against the database.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <atomic>
#include <charconv>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "hotline/report/output_folder.hpp"
#include "hotline/report/results_db.hpp"
#include "hotline/report/sweep_report.hpp"
#include "hotline/study/estimate.hpp"
#include "hotline/study/sweep.hpp"
#include "temp_files.hpp"

using namespace hotline;
using report::testing::fresh_dir;
using report::testing::read_all;

namespace {

// Two variants of the bundled tiny scenario over one simulated day: fast, and different.
const study::SweepPlan& tiny_plan() {
  static const study::SweepPlan plan = [] {
    scenario::SweepStudy s;
    s.scenario = "bundled:tiny";
    s.sets = {"clock.horizon=1d", "clock.warmup=0s"};
    s.factors.push_back(scenario::parse_vary("night:desks.96110.roster.night.headcount=1..2"));
    return study::make_sweep_plan(s);
  }();
  return plan;
}

study::SweepOptions fixed(int reps, int threads = 1) {
  study::SweepOptions o;
  o.reps = reps;
  o.threads = threads;
  return o;
}

void check_same(const study::SweepResult& a, const study::SweepResult& b) {
  REQUIRE(a.variants.size() == b.variants.size());
  for (std::size_t v = 0; v < a.variants.size(); ++v) {
    CHECK(a.variants[v].keys == b.variants[v].keys);
    CHECK(a.variants[v].kpi_names == b.variants[v].kpi_names);
    CHECK(a.variants[v].kpi_values == b.variants[v].kpi_values);
  }
}

// Rows of one query, every column as text.
std::vector<std::vector<std::string>> query(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE_MESSAGE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK,
                  sqlite3_errmsg(db));
  std::vector<std::vector<std::string>> rows;
  while (sqlite3_step(s) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int c = 0; c < sqlite3_column_count(s); ++c) {
      // Numbers as the shortest text that reads back as the same double (SQLite's own text
      // of a REAL keeps 15 digits only).
      if (sqlite3_column_type(s, c) == SQLITE_FLOAT) {
        row.push_back(fmt::format("{}", sqlite3_column_double(s, c)));
        continue;
      }
      const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
      row.emplace_back(t ? t : "");
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return rows;
}

double number(const std::string& s) {
  double v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace

TEST_CASE("a replication's key is stable and changes with scenario, seed, replication") {
  const std::string k = report::replication_key("scenario text", 7, 3);
  CHECK(k.size() == 64);
  CHECK(k == report::replication_key("scenario text", 7, 3));
  CHECK(k != report::replication_key("scenario text!", 7, 3));
  CHECK(k != report::replication_key("scenario text", 8, 3));
  CHECK(k != report::replication_key("scenario text", 7, 4));
  const auto dir = fresh_dir("sweep_keys");
  report::ResultsDb db((dir / "sweep.db").string());
  CHECK(db.key("scenario text", 7, 3) == k);
  // Variants of a plan differ, so do their keys.
  const auto& plan = tiny_plan();
  CHECK(db.key(plan.variants[0].canonical, plan.seed, 0) !=
        db.key(plan.variants[1].canonical, plan.seed, 0));
}

TEST_CASE("running the same sweep again takes every replication from the database") {
  const auto dir = fresh_dir("sweep_cache");
  const std::string path = (dir / "sweep.db").string();
  study::SweepResult first;
  {
    report::ResultsDb db(path);
    first = study::run_sweep(tiny_plan(), db, fixed(3));
  }
  CHECK(first.replications_run == 6);
  CHECK(first.replications_loaded == 0);
  report::ResultsDb db(path);  // reopened: the cache is the file, not the object
  CHECK(db.replication_count() == 6);
  const study::SweepResult again = study::run_sweep(tiny_plan(), db, fixed(3));
  CHECK(again.replications_run == 0);
  CHECK(again.replications_loaded == 6);
  check_same(first, again);
  CHECK(db.replication_count() == 6);
}

TEST_CASE("adding replications runs only the new ones, and equals running them all at once") {
  const auto dir = fresh_dir("sweep_more");
  report::ResultsDb db((dir / "sweep.db").string());
  CHECK(study::run_sweep(tiny_plan(), db, fixed(2)).replications_run == 4);
  const study::SweepResult more = study::run_sweep(tiny_plan(), db, fixed(5));
  CHECK(more.replications_run == 6);
  CHECK(more.replications_loaded == 4);
  report::ResultsDb fresh((fresh_dir("sweep_more_fresh") / "sweep.db").string());
  check_same(more, study::run_sweep(tiny_plan(), fresh, fixed(5)));
}

TEST_CASE("a stopped sweep keeps its finished replications, and the next run completes it") {
  const auto dir = fresh_dir("sweep_stop");
  const std::string path = (dir / "sweep.db").string();
  std::atomic<bool> stop{false};
  study::SweepOptions o = fixed(4);
  o.stop = &stop;
  o.progress = [&](int, int, int done, int) {
    if (done >= 3) stop = true;  // as Ctrl-C would, after three replications
  };
  study::SweepResult stopped;
  {
    report::ResultsDb db(path);
    stopped = study::run_sweep(tiny_plan(), db, o);
    CHECK(stopped.interrupted);
    CHECK(stopped.replications_run == 3);
    CHECK(db.replication_count() == 3);
    CHECK_FALSE(stopped.variants[1].complete);
  }
  report::ResultsDb db(path);
  const study::SweepResult resumed = study::run_sweep(tiny_plan(), db, fixed(4));
  CHECK_FALSE(resumed.interrupted);
  CHECK(resumed.replications_loaded == 3);
  CHECK(resumed.replications_run == 5);
  report::ResultsDb fresh((fresh_dir("sweep_stop_fresh") / "sweep.db").string());
  check_same(resumed, study::run_sweep(tiny_plan(), fresh, fixed(4)));
}

TEST_CASE("a sweep's results do not depend on the thread count") {
  report::ResultsDb a((fresh_dir("sweep_t1") / "sweep.db").string());
  report::ResultsDb b((fresh_dir("sweep_t2") / "sweep.db").string());
  check_same(study::run_sweep(tiny_plan(), a, fixed(4, 1)),
             study::run_sweep(tiny_plan(), b, fixed(4, 2)));
}

TEST_CASE("auto replications stop at the first precise prefix, whatever the thread count") {
  study::SweepOptions o;
  o.auto_reps = true;
  o.min_reps = 3;
  o.max_reps = 40;
  o.precision = 0.05;
  o.precision_kpis = {"all.dissuaded_share"};
  std::vector<int> reps;
  for (const int threads : {1, 2}) {
    o.threads = threads;
    report::ResultsDb db(
        (fresh_dir(threads == 1 ? "sweep_auto1" : "sweep_auto2") / "sweep.db").string());
    const study::SweepResult r = study::run_sweep(tiny_plan(), db, o);
    for (const auto& v : r.variants) {
      reps.push_back(v.reps());
      CHECK(v.reps() >= 3);
      const auto& e = v.estimates[static_cast<std::size_t>(v.kpi_index("all.dissuaded_share"))];
      if (v.precision_reached) {
        CHECK(e.relative_half_width() <= 0.05);
        // ... and one replication fewer was not precise enough (or below the minimum).
        if (v.reps() > 3) {
          std::vector<double> col;
          for (int k = 0; k + 1 < v.reps(); ++k)
            col.push_back(v.kpi_values[static_cast<std::size_t>(k)][static_cast<std::size_t>(
                v.kpi_index("all.dissuaded_share"))]);
          CHECK(study::estimate(col).relative_half_width() > 0.05);
        }
      }
    }
  }
  REQUIRE(reps.size() == 4);
  CHECK(reps[0] == reps[2]);
  CHECK(reps[1] == reps[3]);
}

TEST_CASE("sweep.csv holds what the database holds: every KPI's mean, half-width and n") {
  const auto dir = fresh_dir("sweep_csv");
  const auto& plan = tiny_plan();
  report::ResultsDb db((dir / "sweep.db").string());
  const study::SweepResult result = study::run_sweep(plan, db, fixed(3));
  db.record_run(plan, result, "plan", "{}");
  {
    report::AtomicFile file((dir / "sweep.csv").string());
    report::write_sweep_csv(file, plan, result);
    file.commit();
  }
  const std::string csv = read_all(dir / "sweep.csv");
  REQUIRE(csv.starts_with("\xEF\xBB\xBFvariant,night,kpi,mean,half_width,n\n"));

  // Recompute every row from the database's long-form kpis view, through the variants table.
  std::map<std::string, std::vector<double>> samples;  // "v1,kpi" -> values by replication
  for (const auto& row : query(db.path(),
                               "SELECT v.label, k.name, k.value FROM variants v JOIN kpis k ON "
                               "k.scenario_sha256 = v.scenario_sha256 AND k.seed = v.seed AND "
                               "k.replication < v.reps ORDER BY v.variant, k.idx, k.replication"))
    samples[row[0] + "," + row[1]].push_back(number(row[2]));
  std::istringstream lines(csv.substr(3));
  std::string line;
  std::getline(lines, line);  // header
  std::size_t rows = 0;
  while (std::getline(lines, line)) {
    // variant,night,kpi,mean,half_width,n (no field here needs quoting)
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
    REQUIRE(f.size() == 6);
    const auto it = samples.find(f[0] + "," + f[2]);
    REQUIRE_MESSAGE(it != samples.end(), line);
    const study::Estimate e = study::estimate(it->second);
    CHECK(number(f[3]) == e.mean);
    CHECK(number(f[4]) == e.half_width);
    CHECK(std::stoi(f[5]) == e.n);
    ++rows;
  }
  CHECK(rows == samples.size());
  CHECK(rows == 2 * result.variants[0].kpi_names.size());

  // The invocation, its variants and their parameters are recorded.
  CHECK(query(db.path(), "SELECT complete, replications_run FROM runs") ==
        std::vector<std::vector<std::string>>{{"1", "6"}});
  CHECK(query(db.path(), "SELECT variant, factor, key, value FROM parameters ORDER BY variant") ==
        std::vector<std::vector<std::string>>{
            {"0", "night", "desks.96110.roster.night.headcount", "1"},
            {"1", "night", "desks.96110.roster.night.headcount", "2"}});
  CHECK(query(db.path(), "SELECT COUNT(*) FROM intervals")[0][0] != "0");
}

TEST_CASE("the console table shows the target's one-sided bound and the paired marginal column") {
  const auto& plan = tiny_plan();
  report::ResultsDb db((fresh_dir("sweep_console") / "sweep.db").string());
  const study::SweepResult result = study::run_sweep(plan, db, fixed(3));
  const auto view = report::make_sweep_view(plan, {"all.dissuaded_share"},
                                            scenario::parse_target("all.dissuaded_share>=0.0"),
                                            "all.avoided_yuan");
  CHECK(view.order == std::vector<int>{0, 1});
  const std::string text = report::format_sweep_console(plan, result, view);
  CHECK(text.find("one-sided 95% bound") != std::string::npos);
  CHECK(text.find("all avoided (yuan) vs previous (paired)") != std::string::npos);
  CHECK(text.find("the smallest night that meets it: 1 (v1)") != std::string::npos);
  const auto& e =
      result.variants[0]
          .estimates[static_cast<std::size_t>(result.variants[0].kpi_index("all.dissuaded_share"))];
  CHECK(study::one_sided_bound(e, true) < e.mean);
  CHECK(study::one_sided_bound(e, true) > e.mean - e.half_width);  // one-sided is tighter
}
