// One live exercise: a model of the scenario paced against the wall clock, the trainees'
// desks, the trainer's controls and injects, and the protocol messages (docs/live-protocol.md)
// they exchange. The server runs each exercise on a strand of its own; this class is not
// thread-safe and never blocks (no I/O but publishing its files when it ends).
//
// Contract:
// * handle() takes one client message (text) from an authenticated participant and returns
//   the replies for that client; messages for others (alerts, deltas, clocks) accumulate in
//   take_outbox(). A malformed, unknown or forbidden message gets an `error` reply and
//   changes nothing.
// * Trainees see only alerts deferred to the desk they hold, and no message carries a hidden
//   attribute (time to loss, deadline, would-pay) to anybody but the trainer's own inject
//   verdict.
// * tick(now) advances the model to where the pacing says (PacedRunner), then turns what
//   happened into deltas; at the horizon the exercise ends by itself.
// * `review` (the trainer's): the after-action review of the log so far (build_review), run on
//   the caller's thread; latest_review() keeps its files. About once a wall second while it
//   runs, the exercise appends the pacing lag to the log (ExerciseLog::pacing).
// * Ending (the trainer's `end`, the horizon, or end_now()) finishes the model, writes the
//   outputs and the log (ExerciseOutputs) if an output folder was given, and sends `ended`.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hotline/live/after_action_review.hpp"
#include "hotline/live/exercise_log.hpp"
#include "hotline/live/live_dispatcher.hpp"
#include "hotline/live/paced_runner.hpp"
#include "hotline/model/hotline_model.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::live {

inline constexpr int kProtocolVersion = 1;

enum class Role : std::uint8_t { trainer, trainee };

struct Participant {
  Role role = Role::trainee;
  std::string name;  // trainees: unique in the exercise while connected
};

struct ExerciseOptions {
  std::uint64_t seed = 1;
  double speed = 30.0;
  BehindPolicy policy = BehindPolicy::catch_up;
  engine::Duration takeover{0};  // > 0: the standard rules decide an alert left that long
  std::string out_dir;           // where the files go at the end; empty: none
  std::string scenario_sha256;
  std::vector<std::string> takeable;            // desk ids trainees may take; empty: every desk
  std::chrono::milliseconds report_every{250};  // clock, desk load and KPI messages
};

// A message for other clients than the one that sent something.
struct Outgoing {
  enum class To : std::uint8_t { everyone, trainer, trainee } to = To::everyone;
  std::string trainee;  // To::trainee: that trainee's name
  std::shared_ptr<const std::string> text;
};

// Alerts of one grade so far, how many were first reached (contact) within the scenario's
// reporting.reach_within target of that grade, and how many closed without that.
struct ReachCount {
  std::uint64_t entered = 0;
  std::uint64_t reached = 0;
  std::uint64_t missed = 0;  // closed, not reached in time
};

enum class ExerciseState : std::uint8_t { created, running, paused, ended };
std::string_view to_string(ExerciseState s);

class Exercise {
 public:
  using Clock = std::chrono::steady_clock;

  // The scenario must outlive the exercise. Throws report::OutputError if the output folder
  // cannot be opened.
  Exercise(int id, const scenario::Scenario& scenario, ExerciseOptions options);
  ~Exercise();
  Exercise(const Exercise&) = delete;
  Exercise& operator=(const Exercise&) = delete;

  int id() const { return id_; }
  ExerciseState state() const { return state_; }
  const scenario::Scenario& scenario() const { return scenario_; }

  // The first messages of a connection: `hello` then `snapshot`.
  std::vector<std::string> join(const Participant& who);
  // One message from a client; returns the replies to it.
  std::vector<std::string> handle(const Participant& who, std::string_view text,
                                  Clock::time_point now);
  void tick(Clock::time_point now);
  // Ends the exercise now if it has not ended (the server shutting down).
  void end_now();
  std::vector<Outgoing> take_outbox();

  const ExerciseLog& log() const { return log_; }
  // The files of the latest `review` the trainer asked for (null: none yet). Immutable once
  // built, so the server may hand them to another thread.
  std::shared_ptr<const ReviewFiles> latest_review() const { return review_; }
  const PacedRunner& runner() const { return runner_; }
  engine::SimTime now() const { return model_.now(); }

 private:
  struct Open;     // an open alert the exercise tracks
  class Recorder;  // the observer that collects deltas inside the event loop
  struct Reply;

  std::string snapshot_for(const Participant& who);
  void advance_to(engine::SimTime t);
  void after_slice();
  void publish_periodic(Clock::time_point now);
  void end();
  void submit(const model::Command& c, const std::string& by, Reply& reply);
  void send(Outgoing::To to, const std::string& trainee, std::string text);
  void send_alert(std::uint64_t alert, std::string text);
  int desk_held_by(const std::string& name) const;
  std::string reached_text() const;  // the `reached` array of kpis and the trainer's snapshot

  int id_;
  const scenario::Scenario& scenario_;
  ExerciseOptions options_;
  LiveDispatcher dispatcher_;
  model::HotlineModel model_;
  std::unique_ptr<Recorder> recorder_;
  ResultObserver result_;
  struct OutputsHolder;
  std::unique_ptr<OutputsHolder> outputs_;
  PacedRunner runner_;
  ExerciseState state_ = ExerciseState::created;
  ExerciseLog log_;
  std::vector<std::string> desk_holder_;  // by desk instance; "" = free
  std::map<std::uint64_t, Open> open_;    // alerts the exercise tracks, by id
  std::vector<Outgoing> outbox_;
  Clock::time_point last_report_{};
  std::size_t next_inject_ = 0;  // the scenario's injects: the next one not yet announced
  std::vector<engine::SimTime> inject_times_;
  std::string published_dir_;
  std::array<ReachCount, scenario::kGrades> reach_{};
  std::shared_ptr<const ReviewFiles> review_;
  Clock::time_point last_pacing_{};  // when the last PacingSample was taken
};

}  // namespace hotline::live
