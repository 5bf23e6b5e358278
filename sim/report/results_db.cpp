#include "hotline/report/results_db.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "hotline/report/output_error.hpp"
#include "hotline/report/sha256.hpp"

namespace hotline::report {

namespace {

constexpr const char* kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS runs(
  id INTEGER PRIMARY KEY, started_utc TEXT NOT NULL, plan_sha256 TEXT NOT NULL,
  manifest TEXT NOT NULL, complete INTEGER NOT NULL, replications_run INTEGER NOT NULL,
  replications_loaded INTEGER NOT NULL, wall_time_s REAL NOT NULL);
CREATE TABLE IF NOT EXISTS variants(
  run INTEGER NOT NULL REFERENCES runs(id), variant INTEGER NOT NULL, label TEXT NOT NULL,
  scenario_sha256 TEXT NOT NULL, seed INTEGER NOT NULL, reps INTEGER NOT NULL,
  precision_reached INTEGER NOT NULL, complete INTEGER NOT NULL, PRIMARY KEY(run, variant));
CREATE TABLE IF NOT EXISTS parameters(
  run INTEGER NOT NULL, variant INTEGER NOT NULL, factor TEXT NOT NULL, key TEXT NOT NULL,
  value TEXT NOT NULL, PRIMARY KEY(run, variant, factor));
CREATE TABLE IF NOT EXISTS kpi_name_sets(id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE,
  count INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS kpi_names(
  name_set INTEGER NOT NULL REFERENCES kpi_name_sets(id), idx INTEGER NOT NULL,
  name TEXT NOT NULL, PRIMARY KEY(name_set, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS replications(
  id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, scenario_sha256 TEXT NOT NULL,
  seed INTEGER NOT NULL, replication INTEGER NOT NULL, version TEXT NOT NULL,
  events INTEGER NOT NULL, wall_time_s REAL NOT NULL,
  name_set INTEGER NOT NULL REFERENCES kpi_name_sets(id), kpi_values TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS replications_by_scenario
  ON replications(scenario_sha256, seed, replication);
CREATE VIEW IF NOT EXISTS kpis AS
  SELECT r.key AS key, r.scenario_sha256 AS scenario_sha256, r.seed AS seed,
         r.replication AS replication, CAST(j.key AS INTEGER) AS idx, n.name AS name,
         j.value AS value
  FROM replications r, json_each(r.kpi_values) j
  JOIN kpi_names n ON n.name_set = r.name_set AND n.idx = j.key;
CREATE TABLE IF NOT EXISTS intervals(
  replication INTEGER NOT NULL REFERENCES replications(id), interval TEXT NOT NULL,
  grade INTEGER NOT NULL, alerts INTEGER NOT NULL, lost INTEGER NOT NULL,
  reach_eligible INTEGER NOT NULL, reached_in_target INTEGER NOT NULL,
  PRIMARY KEY(replication, interval, grade)) WITHOUT ROWID;
)SQL";

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

void bind_text(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}

std::string column_text(sqlite3_stmt* s, int i) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s, i))) : std::string();
}

std::string key_of(const std::string& scenario_sha256, std::uint64_t seed, int replication) {
  return sha256_hex(fmt::format("hotline-sim {}\nseed {}\nreplication {}\nscenario {}\n",
                                program_build(), seed, replication, scenario_sha256));
}

// A JSON array of the values, each in its shortest round-trip form (non-finite as null,
// which JSON has no number for; read back as NaN).
std::string format_values(const std::vector<double>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    if (std::isfinite(values[i]))
      fmt::format_to(std::back_inserter(out), "{}", values[i]);
    else
      out += "null";
  }
  out += ']';
  return out;
}

std::vector<double> parse_values(std::string_view text) {
  std::vector<double> out;
  if (text.size() < 2) return out;
  text = text.substr(1, text.size() - 2);
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    double v = std::numeric_limits<double>::quiet_NaN();
    if (item != "null") std::from_chars(item.data(), item.data() + item.size(), v);
    out.push_back(v);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

const std::string& program_build() {
  // The version number alone would let a rebuilt binary with a changed model reuse the old
  // one's results (the version changes at releases, the model between them): the bytes of
  // the running executable tell builds apart. Read once; where they cannot be read, the
  // version alone.
  static const std::string build = [] {
    std::ifstream in("/proc/self/exe", std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    const std::string exe = bytes.str();
    return exe.empty() ? std::string(HOTLINE_VERSION)
                       : fmt::format("{}+{}", HOTLINE_VERSION, sha256_hex(exe).substr(0, 16));
  }();
  return build;
}

std::string replication_key(const std::string& canonical, std::uint64_t seed, int replication) {
  return key_of(sha256_hex(canonical), seed, replication);
}

ResultsDb::ResultsDb(const std::string& path) : path_(path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw OutputError(fmt::format("cannot open the results database {}: {}", path, msg));
  }
  sqlite3_busy_timeout(db_, 2000);
  // WAL with synchronous=NORMAL: a commit is atomic and survives a killed process without an
  // fsync per replication (a power cut may lose the last few, never corrupt the file).
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=NORMAL");
  exec(kSchema);
  has_ = prepare("SELECT 1 FROM replications WHERE key = ?1");
  load_rep_ =
      prepare("SELECT events, wall_time_s, name_set, kpi_values FROM replications WHERE key = ?1");
  insert_rep_ = prepare(
      "INSERT INTO replications(key, scenario_sha256, seed, replication, version, events, "
      "wall_time_s, name_set, kpi_values) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  insert_interval_ = prepare(
      "INSERT INTO intervals(replication, interval, grade, alerts, lost, reach_eligible, "
      "reached_in_target) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
}

ResultsDb::~ResultsDb() {
  for (sqlite3_stmt* s : statements_) sqlite3_finalize(s);
  sqlite3_close(db_);
}

void ResultsDb::fail(const std::string& what) {
  throw OutputError(fmt::format("results database {}: {}: {}", path_, what, sqlite3_errmsg(db_)));
}

void ResultsDb::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw OutputError(
        fmt::format("results database {}: {} (is it a hotline-sim sweep.db?)", path_, msg));
  }
}

sqlite3_stmt* ResultsDb::prepare(const char* sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_, sql, -1, &s, nullptr) != SQLITE_OK)
    fail("cannot prepare a statement (is it a hotline-sim sweep.db?)");
  statements_.push_back(s);
  return s;
}

std::string ResultsDb::key(const std::string& canonical, std::uint64_t seed, int replication) {
  if (canonical != last_canonical_) {
    last_canonical_ = canonical;
    last_digest_ = sha256_hex(canonical);
  }
  std::string k = key_of(last_digest_, seed, replication);
  parts_[k] = KeyParts{last_digest_, seed, replication};
  return k;
}

bool ResultsDb::has(const std::string& key) {
  sqlite3_reset(has_);
  bind_text(has_, 1, key);
  const int rc = sqlite3_step(has_);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) fail("lookup failed");
  return rc == SQLITE_ROW;
}

std::optional<study::StoredReplication> ResultsDb::load(const std::string& key) {
  sqlite3_reset(load_rep_);
  bind_text(load_rep_, 1, key);
  if (sqlite3_step(load_rep_) != SQLITE_ROW) return std::nullopt;
  study::StoredReplication r;
  r.events = static_cast<std::uint64_t>(sqlite3_column_int64(load_rep_, 0));
  r.wall_time_s = sqlite3_column_double(load_rep_, 1);
  r.kpi_names = name_set(sqlite3_column_int64(load_rep_, 2));
  const std::string values = column_text(load_rep_, 3);
  sqlite3_reset(load_rep_);
  r.kpi_values = parse_values(values);
  if (!r.kpi_names || r.kpi_values.size() != r.kpi_names->size())
    throw OutputError(
        fmt::format("results database {}: replication {} holds {} KPI values for "
                    "{} names (the file is damaged: delete it to start afresh)",
                    path_, key, r.kpi_values.size(), r.kpi_names ? r.kpi_names->size() : 0));
  return r;
}

void ResultsDb::save(const std::string& key, const study::StoredReplication& r) {
  const auto it = parts_.find(key);
  if (it == parts_.end())
    throw std::logic_error("ResultsDb::save of a key that key() did not make");
  if (has(key)) return;  // the same result by construction
  exec("BEGIN IMMEDIATE");
  try {
    auto step = [&](sqlite3_stmt* s) {
      if (sqlite3_step(s) != SQLITE_DONE) fail("saving a replication failed");
      sqlite3_reset(s);
    };
    sqlite3_reset(insert_rep_);
    bind_text(insert_rep_, 1, key);
    bind_text(insert_rep_, 2, it->second.scenario_sha256);
    sqlite3_bind_int64(insert_rep_, 3, static_cast<sqlite3_int64>(it->second.seed));
    sqlite3_bind_int64(insert_rep_, 4, it->second.replication);
    bind_text(insert_rep_, 5, program_build());
    sqlite3_bind_int64(insert_rep_, 6, static_cast<sqlite3_int64>(r.events));
    sqlite3_bind_double(insert_rep_, 7, r.wall_time_s);
    sqlite3_bind_int64(insert_rep_, 8, name_set_id(r.kpi_names));
    const std::string values = format_values(r.kpi_values);
    sqlite3_bind_text(insert_rep_, 9, values.data(), static_cast<int>(values.size()),
                      SQLITE_STATIC);
    step(insert_rep_);
    const sqlite3_int64 id = sqlite3_last_insert_rowid(db_);
    for (const auto& iv : r.intervals) {
      sqlite3_bind_int64(insert_interval_, 1, id);
      bind_text(insert_interval_, 2, iv.interval);
      sqlite3_bind_int64(insert_interval_, 3, iv.grade);
      sqlite3_bind_int64(insert_interval_, 4, iv.alerts);
      sqlite3_bind_int64(insert_interval_, 5, iv.lost);
      sqlite3_bind_int64(insert_interval_, 6, iv.reach_eligible);
      sqlite3_bind_int64(insert_interval_, 7, iv.reached_in_target);
      step(insert_interval_);
    }
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    name_sets_.clear();  // a set added in the rolled-back transaction is gone again
    throw;
  }
}

std::int64_t ResultsDb::name_set_id(const Names& shared) {
  if (!shared) throw std::logic_error("ResultsDb::save of a replication without KPI names");
  for (const auto& [id, known] : name_sets_)
    if (known == shared || *known == *shared) return id;
  const std::vector<std::string>& names = *shared;
  std::string joined;
  for (const auto& n : names) joined.append(n).push_back('\n');
  const std::string digest = sha256_hex(joined);
  sqlite3_stmt* find = prepare("SELECT id FROM kpi_name_sets WHERE sha256 = ?1");
  bind_text(find, 1, digest);
  std::int64_t id = 0;
  if (sqlite3_step(find) == SQLITE_ROW) {
    id = sqlite3_column_int64(find, 0);
  } else {
    sqlite3_stmt* add = prepare("INSERT INTO kpi_name_sets(sha256, count) VALUES(?1, ?2)");
    bind_text(add, 1, digest);
    sqlite3_bind_int64(add, 2, static_cast<sqlite3_int64>(names.size()));
    if (sqlite3_step(add) != SQLITE_DONE) fail("saving KPI names failed");
    id = sqlite3_last_insert_rowid(db_);
    sqlite3_stmt* name = prepare("INSERT INTO kpi_names(name_set, idx, name) VALUES(?1, ?2, ?3)");
    for (std::size_t i = 0; i < names.size(); ++i) {
      sqlite3_bind_int64(name, 1, id);
      sqlite3_bind_int64(name, 2, static_cast<sqlite3_int64>(i));
      bind_text(name, 3, names[i]);
      if (sqlite3_step(name) != SQLITE_DONE) fail("saving KPI names failed");
      sqlite3_reset(name);
    }
  }
  name_sets_.emplace_back(id, shared);
  return id;
}

ResultsDb::Names ResultsDb::name_set(std::int64_t id) {
  for (const auto& [known, names] : name_sets_)
    if (known == id) return names;
  sqlite3_stmt* s = prepare("SELECT name FROM kpi_names WHERE name_set = ?1 ORDER BY idx");
  sqlite3_bind_int64(s, 1, id);
  std::vector<std::string> names;
  while (sqlite3_step(s) == SQLITE_ROW) names.push_back(column_text(s, 0));
  name_sets_.emplace_back(id, std::make_shared<const std::vector<std::string>>(std::move(names)));
  return name_sets_.back().second;
}

std::optional<ResultsDb::RunInfo> ResultsDb::last_run() {
  sqlite3_stmt* s = prepare("SELECT id, plan_sha256, complete FROM runs ORDER BY id DESC LIMIT 1");
  if (sqlite3_step(s) != SQLITE_ROW) return std::nullopt;
  return RunInfo{sqlite3_column_int64(s, 0), column_text(s, 1), sqlite3_column_int(s, 2) != 0};
}

std::int64_t ResultsDb::replication_count() {
  sqlite3_stmt* s = prepare("SELECT COUNT(*) FROM replications");
  if (sqlite3_step(s) != SQLITE_ROW) fail("counting replications failed");
  return sqlite3_column_int64(s, 0);
}

std::int64_t ResultsDb::record_run(const study::SweepPlan& plan, const study::SweepResult& result,
                                   const std::string& plan_sha256,
                                   const std::string& manifest_json) {
  exec("BEGIN IMMEDIATE");
  try {
    auto step = [&](sqlite3_stmt* s) {
      if (sqlite3_step(s) != SQLITE_DONE) fail("recording the sweep failed");
      sqlite3_reset(s);
    };
    sqlite3_stmt* run = prepare(
        "INSERT INTO runs(started_utc, plan_sha256, manifest, complete, replications_run, "
        "replications_loaded, wall_time_s) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    bind_text(run, 1, utc_now());
    bind_text(run, 2, plan_sha256);
    bind_text(run, 3, manifest_json);
    sqlite3_bind_int(run, 4, result.interrupted ? 0 : 1);
    sqlite3_bind_int(run, 5, result.replications_run);
    sqlite3_bind_int(run, 6, result.replications_loaded);
    sqlite3_bind_double(run, 7, result.wall_time_s);
    step(run);
    const std::int64_t id = sqlite3_last_insert_rowid(db_);
    sqlite3_stmt* var = prepare(
        "INSERT INTO variants(run, variant, label, scenario_sha256, seed, reps, "
        "precision_reached, complete) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    sqlite3_stmt* par = prepare(
        "INSERT INTO parameters(run, variant, factor, key, value) VALUES(?1, ?2, ?3, ?4, ?5)");
    for (std::size_t v = 0; v < plan.variants.size(); ++v) {
      const study::SweepVariant& pv = plan.variants[v];
      const study::VariantOutcome& out = result.variants[v];
      sqlite3_bind_int64(var, 1, id);
      sqlite3_bind_int(var, 2, pv.index);
      bind_text(var, 3, pv.label());
      bind_text(var, 4, sha256_hex(pv.canonical));
      sqlite3_bind_int64(var, 5, static_cast<sqlite3_int64>(plan.seed));
      sqlite3_bind_int(var, 6, out.reps());
      sqlite3_bind_int(var, 7, out.precision_reached ? 1 : 0);
      sqlite3_bind_int(var, 8, out.complete ? 1 : 0);
      step(var);
      for (std::size_t f = 0; f < plan.study.factors.size(); ++f) {
        sqlite3_bind_int64(par, 1, id);
        sqlite3_bind_int(par, 2, pv.index);
        bind_text(par, 3, plan.study.factors[f].name);
        bind_text(par, 4, plan.study.factors[f].key);
        bind_text(par, 5, pv.values[f]);
        step(par);
      }
    }
    exec("COMMIT");
    return id;
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace hotline::report
