// CommandProcessor: commands and injects (commands.hpp). Checks a command against the state
// (a refusal names what is wrong and changes nothing), turns an accepted one into an event at
// now() in the command phase, logs it, and applies it when that event runs (checking it once
// more: the alert may have closed in the same millisecond). Also schedules the scenario's
// `injects:` timeline (applied like commands, not logged: the scenario holds them) and the
// ends of the windows that surges, headcount changes and officer absences open.
// A check is O(1) except for finding an alert by id, which is O(alert slots).
#pragma once

#include <string>

#include "model_state.hpp"

namespace hotline::model::detail {

class ModelCore;

class CommandProcessor {
 public:
  explicit CommandProcessor(ModelCore& m) : m_(m) {}
  // Schedules the scenario's injects; called when the run starts.
  void schedule_injects();
  Verdict submit(const Command& c);
  void handle(CommandEv& ev);
  void handle(WindowEndEv& ev);

 private:
  // Empty if `c` applies now, else why not.
  std::string check(const Command& c) const;
  bool about_this_part(const scenario::InjectSpec& in) const;
  std::uint32_t schedule(Command c, SimTime at, std::uint64_t sequence);
  void apply(std::uint32_t index);
  ModelCore& m_;
};

}  // namespace hotline::model::detail
