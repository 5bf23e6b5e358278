// Officers: each community's officers, a pool of max(1, round(count x availability)) with a
// priority queue of visits. An officer travels (one way), finds the person or not, talks
// (visit duration: the contact is on finding them, the outcome known when the talk ends; the
// person does not transfer meanwhile), and travels back before the next visit. An officer on
// the road whose alert closes turns back. A community may have a night roster (fewer officers
// on call at night); officers out when it starts finish their visit. With cover, a visit that
// has waited long enough is taken by a free officer of a neighbouring community (same parent
// unit), with a longer way. Arrival on site is
// the step's goal (SLA). An officers-unavailable inject lowers a pool's capacity for a window;
// officers already out finish their visit. O(1) per visit.
#pragma once

#include "model_state.hpp"

namespace hotline::model::detail {

class ModelCore;

class Officers {
 public:
  explicit Officers(ModelCore& m) : m_(m) {}
  void build();
  // Traces every pool's available officers (once, when the run starts).
  void start();
  // Queues a visit for (slot, step) in the alert's community; false if it has no officers.
  bool request_visit(std::uint32_t slot, int step);
  // Removes a queued visit of an alert that closed (the caller frees the task).
  void withdraw(std::int32_t t);
  // The alert of an officer on the road closed: the officer turns back now and is free again
  // after the way travelled so far (frees the task). One already on site finishes the visit.
  void recall(std::int32_t t);
  // Every community under `unit` loses (sign +1) or gets back (sign -1) `count` officers
  // (-1: all of its officers). Returns how many communities with officers it touched.
  int change_unavailable(int unit, int count, int sign);
  void handle(OfficerArriveEv& ev);
  void handle(VisitEndEv& ev);
  void handle(OfficerShiftEv& ev);
  void handle(CoverEv& ev);
  void handle(OfficerFreeEv& ev);

 private:
  void try_serve(int leaf);
  // An officer of `leaf` sets off for task t's alert (travel time x travel_factor).
  void dispatch(int leaf, std::int32_t t, double travel_factor);
  void trace_available(int leaf);
  // Sets the group's communities to their night or day headcount for now, and schedules the
  // next change.
  void apply_night(int group);
  ModelCore& m_;
};

}  // namespace hotline::model::detail
