// Desks: the operators' desks. Owns each desk's run-time state (roster headcount, the
// headcount a command imposes, busy operators, its priority queue), the unit table that maps
// a community to the desks serving it, and what operators do: a call to the person (answered,
// unanswered, engaged; dissuasion with the language factor), reading a pushed alert, an
// inbound consultation (whose caller may hang up after their patience), and after-call work
// (the operator stays busy after a task; the task's outcome is known at its end). Queue
// operations are O(1) (pop O(priority levels)); a call is one service-start and one
// completion event (plus one for after-call work, where configured).
#pragma once

#include <vector>

#include "model_state.hpp"

namespace hotline::model::detail {

class ModelCore;

class Desks {
 public:
  explicit Desks(ModelCore& m) : m_(m) {}

  // Set-up, once: desk states, rosters and the unit table.
  void build();
  // The initial headcounts and the first roster changes.
  void start();

  // Queues the call of step `step` at the desk that serves the alert.
  void enqueue_call(std::uint32_t slot, int step);
  // Queues task t at desk d (a call may be blocked by a full queue: an attempt that failed).
  void enqueue_at_desk(int d, std::int32_t t, int priority);
  // Removes a queued call or push task of an alert that closed (the caller frees it).
  void withdraw(std::int32_t t);
  // A headcount inject (command index `cmd`) takes over desk d's staffing: `headcount` from
  // now until end_override(d, cmd), unless a later one takes over first.
  void set_override(int d, int headcount, std::uint32_t cmd);
  void end_override(int d, std::uint32_t cmd);

  void handle(ServiceDoneEv& ev);
  void handle(WrapUpDoneEv& ev);
  void handle(InboundPatienceEv& ev);
  void handle(RosterEv& ev);
  void handle(LanguageFallbackEv& ev);

 private:
  void build_unit_rows(const std::vector<std::int32_t>& push_desk,
                       const std::vector<std::vector<std::int32_t>>& kind_desk);
  void schedule_roster(int d);
  void set_staffed(int d, int headcount);
  void staff_groups(int d, int headcount);
  static int rostered_at(DeskState& desk, std::int64_t week_ms);
  void try_serve(int d);
  int free_group_for(const DeskState& desk, const Task& task) const;
  // The person's language as a bit of the desks' language masks (codes < 64, the loader's).
  static std::uint64_t language_bit(const Alert& a) { return std::uint64_t{1} << a.language_code; }
  // What the operator of skill set `group` speaks (-1: the desk has one skill set).
  static std::uint64_t spoken_by(const DeskState& desk, int group) {
    return group >= 0 ? desk.groups[static_cast<std::size_t>(group)].languages : desk.languages;
  }
  // group: the serving operator's skill set (DeskState::groups), -1 if the desk has none.
  void start_service(int d, std::int32_t t, int group);
  void finish_call(Alert& a, const Task& task, int d);
  // After-call work for a task that just ended (0 if none applies).
  Duration wrap_up_time(const DeskState& desk, const Task& task, Alert* a);
  // The answered-call time distribution for the alert at this desk (by grade and type).
  std::int32_t answered_time(const DeskState& desk, const Alert& a) const;
  ModelCore& m_;
};

}  // namespace hotline::model::detail
