// Arrivals: where alerts and inbound calls come from. Owns the alert sources (one per fraud
// type, plus the extra sources of surge injects), the placement tables that put an alert in a
// community, and the inbound (consultation) processes of the desks. Draws every attribute of a
// new alert from its source's own stream, in a fixed order, then hands it to AlertLifecycle.
// Arrival times are sampled exactly from piecewise-constant rates (RateProfile); a draw is
// O(1) (alias tables), one event per arrival.
#pragma once

#include <vector>

#include "model_state.hpp"

namespace hotline::model::detail {

class ModelCore;

class Arrivals {
 public:
  explicit Arrivals(ModelCore& m) : m_(m) {}
  // Set-up, once: the scenario's sources, placement tables and inbound processes.
  void build();
  // Schedules the first arrival of every source and inbound process.
  void start();
  void handle(ArrivalEv& ev);
  void handle(InboundEv& ev);
  // A surge inject: for each fraud type (all if empty), a source of (multiplier - 1) x its
  // rate from now until `end`, with streams named after the inject's number `n`.
  void add_surge(const std::vector<int>& fraud_types, double multiplier, SimTime end,
                 std::uint64_t n);

 private:
  std::vector<SurgeWindow> surges_for(int fraud_type) const;
  // The scenario surges that also scale inbound calls (surges[].inbound).
  std::vector<SurgeWindow> inbound_surges() const;
  void build_places(int fraud_type);
  void build_place_languages();
  void schedule_arrival(int source);
  void schedule_inbound(int process);
  ModelCore& m_;
};

}  // namespace hotline::model::detail
