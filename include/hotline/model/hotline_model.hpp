// The hotline model: one simulation of one scenario replication. Owns its engine::Simulation,
// random streams, desks, officers and alerts; emits TraceRecords and AlertRecords to the
// attached observers. Several models can run in one process (one per thread, one per live
// exercise); a model is not thread-safe: one thread (or strand) drives it.
//
// Driving a model: run_until(t) advances simulated time; between calls a driver may submit
// commands (commands.hpp), read a snapshot (snapshot.hpp) or attach an observer. The run ends
// with finish() (at the horizon) or finish_now() (at the current time); either reports the
// alerts still open and checks that every alert that entered is dissuaded, lost or open.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "hotline/engine/time.hpp"
#include "hotline/model/commands.hpp"
#include "hotline/model/dispatcher.hpp"
#include "hotline/model/model_part.hpp"
#include "hotline/model/records.hpp"
#include "hotline/model/snapshot.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::model {

class HotlineModel {
 public:
  // `seed` is normally scenario.seed (the CLI's --seed overrides it); replication r selects
  // independent substreams. `dispatcher` decides the alerts (the standard rules in batch
  // runs). With `part`, the model simulates that part of the scenario only (model_part.hpp).
  // The scenario, the dispatcher and the part must outlive the model.
  HotlineModel(const scenario::Scenario& scenario, std::uint64_t seed, std::uint64_t replication,
               Dispatcher& dispatcher, const ModelPart* part = nullptr);
  ~HotlineModel();
  HotlineModel(const HotlineModel&) = delete;
  HotlineModel& operator=(const HotlineModel&) = delete;

  // Observers are called in the order attached; they must outlive the run. One attached
  // after the run has started first gets on_join(snapshot()), then every record from then on.
  void add_observer(Observer* observer);

  // Advances the simulation, processing every event before t (t is capped at the horizon).
  void run_until(SimTime t);
  // Checks the command and, if it applies, schedules it at now() in the command phase and
  // logs it. A refused command changes nothing. Refused once the run has ended.
  Verdict submit(const Command& command);
  // The accepted commands so far, in sequence order.
  const CommandLog& command_log() const;
  // A copy of the state now (see snapshot.hpp).
  ModelSnapshot snapshot() const;

  // Runs to the horizon and ends the run (see finish_now). Returns false if conservation
  // failed (a bug: it also asserts).
  bool finish();
  // Ends the run at now(): the alerts still open (awaiting a decision included) are reported
  // as open, observers get on_run_end(now()), and conservation is checked. Nothing runs after.
  bool finish_now();
  bool finished() const;

  SimTime now() const;
  // When the next pending event is due (kTimeNever if none): a paused live exercise steps
  // to it with run_until(next_event_time() + 1 ms). Reads the queue; changes nothing.
  SimTime next_event_time();
  SimTime horizon() const;
  std::uint64_t events_processed() const;
  const scenario::Scenario& scenario() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// Drives `model` through a command log recorded from another run of the same scenario, seed
// and replication: each command is submitted at its logged time (after run_until(time)), so
// the run is reproduced byte for byte. Returns false (having submitted the commands before it)
// if a command is refused, which means the log belongs to another run. Call finish() after.
bool replay_commands(HotlineModel& model, std::span<const LoggedCommand> log);

}  // namespace hotline::model
