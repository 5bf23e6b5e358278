// The log of a live exercise: everything outside the model that changed it, with the
// simulated time it happened at, so that `hotline-sim replay` reproduces the exercise at full
// speed, without the server, byte for byte.
//
// Contract:
// * entries are in the order they were applied. Each one was applied between two run_until
//   calls at simulated time `time` (after every event before it). A `command` entry is an
//   accepted model command with its command-log sequence; `take` / `release` entries are desk
//   holdings, which decide which alerts the live dispatcher defers.
// * replay_exercise(scenario, log, observers) drives a fresh model (seed, replication 0,
//   LiveDispatcher) through the entries and ends it where the exercise ended: the observers
//   see the same records in the same order as the live run's.
// * JSON (exercise-log.json): see docs/live-protocol.md, "The exercise log". Commands are
//   stored by index, exactly; parse errors throw LogError naming the entry.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "hotline/engine/time.hpp"
#include "hotline/model/commands.hpp"
#include "hotline/model/records.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::live {

class LogError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LogEntry {
  enum class Kind : std::uint8_t { command, take, release };
  engine::SimTime time;
  Kind kind = Kind::command;
  std::uint64_t sequence = 0;  // command: its 1-based sequence in the model's command log
  std::string by;              // "trainer", "trainee:<name>" or "takeover" (for people)
  int desk = -1;               // take / release: desk instance
  model::Command command;      // command
};

// What the exercise produced, for the equality check of a replay.
struct ExerciseResult {
  std::string trace_fingerprint;  // FNV-1a over every trace record, 16 hex digits
  std::uint64_t trace_records = 0;
  std::uint64_t events = 0;
  std::uint64_t entered = 0, dissuaded = 0, lost = 0, not_paid = 0, open = 0;
  bool operator==(const ExerciseResult&) const = default;
};

// The pacing lag at one moment of the session: how far the simulation was behind the wall
// clock (PacedRunner::lag(), seconds of wall time) when the simulated clock read `time`. The
// exercise appends one sample per second of wall time; the after-action review charts them.
struct PacingSample {
  engine::SimTime time;
  double lag_s = 0;
};

struct ExerciseLog {
  static constexpr int kVersion = 1;
  std::string scenario_source;  // path or <embedded:NAME.yaml>
  std::string scenario_name;
  std::string scenario_sha256;  // of the exact scenario bytes
  std::uint64_t seed = 0;
  std::int64_t takeover_ms = 0;  // 0: undecided alerts wait for their trainee
  std::vector<LogEntry> entries;
  std::optional<engine::SimTime> end;    // when the exercise ended (absent while it runs)
  std::optional<ExerciseResult> result;  // what it produced (absent while it runs)
  // In wall-clock order; empty in logs written before pacing was recorded. Not applied by a
  // replay (pacing never changes the run).
  std::vector<PacingSample> pacing;
};

std::string to_json(const ExerciseLog& log);                  // pretty, stable key order
ExerciseLog exercise_log_from_json(const std::string& text);  // throws LogError

// Computes an ExerciseResult: FNV-1a over every field of every trace record (as the golden
// files do) and the alerts' final states. Attach before the run starts.
class ResultObserver : public model::Observer {
 public:
  void on_trace(const model::TraceRecord& r) override;
  void on_alert_closed(const model::AlertRecord& r) override;
  // The result so far; `events` is the model's events_processed().
  ExerciseResult result(std::uint64_t events) const;

 private:
  void mix(std::uint64_t v);
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
  ExerciseResult counts_;
};

// Replays the log on a fresh model of `scenario` (which must be the logged one: the caller
// checks the hash) with the observers attached, to log.end. Returns the result; throws
// LogError if an entry does not apply (the log belongs to another run).
ExerciseResult replay_exercise(const scenario::Scenario& scenario, const ExerciseLog& log,
                               const std::vector<model::Observer*>& observers);

}  // namespace hotline::live
