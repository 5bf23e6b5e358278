#include "hotline/model/rate_profile.hpp"

#include <cmath>

namespace hotline::model {

RateProfile::RateProfile(double per_day, const std::array<double, 24>& hour,
                         const std::array<double, 7>& weekday, std::vector<SurgeWindow> surges,
                         const engine::Calendar& calendar)
    : per_ms_(per_day / static_cast<double>(engine::ticks(engine::kDay))),
      hour_(hour),
      weekday_(weekday),
      surges_(std::move(surges)),
      calendar_(calendar) {}

double RateProfile::rate_at(SimTime t) const {
  double r = per_ms_ * hour_[calendar_.hour_of_day(t)] * weekday_[calendar_.weekday(t)];
  for (const SurgeWindow& s : surges_)
    if (t >= s.start && t < s.end) r *= s.multiplier;
  return r;
}

SimTime RateProfile::next_change(SimTime t) const {
  const std::int64_t hour_ms = engine::ticks(engine::kHour);
  const std::int64_t into_hour = ((calendar_.epoch_ms(t) % hour_ms) + hour_ms) % hour_ms;
  SimTime next = t + engine::Duration{hour_ms - into_hour};
  for (const SurgeWindow& s : surges_) {
    if (s.start > t && s.start < next) next = s.start;
    if (s.end > t && s.end < next) next = s.end;
  }
  return next;
}

void RateProfile::find_piece(SimTime t) {
  if (t >= piece_.start && t < piece_.end) return;
  piece_.start = t;
  piece_.end = next_change(t);
  piece_.rate = rate_at(t);
}

SimTime RateProfile::next_arrival(SimTime now, engine::Rng& rng, SimTime horizon) {
  // Walk the pieces consuming a unit-exponential amount of integrated rate.
  double need = -std::log(rng.uniform01_open0());
  SimTime t = now;
  while (t < horizon) {
    find_piece(t);
    const SimTime piece_end = piece_.end;
    const double r = piece_.rate;
    const double span = static_cast<double>(engine::ticks(piece_end - t));
    if (r > 0 && need <= r * span) {
      // At least one tick later so two arrivals of one source never share an instant.
      std::int64_t dt = static_cast<std::int64_t>(std::ceil(need / r));
      if (dt < 1) dt = 1;
      const SimTime at = t + engine::Duration{dt};
      return at < horizon ? at : engine::kTimeNever;
    }
    need -= r * span;
    t = piece_end;
  }
  return engine::kTimeNever;
}

}  // namespace hotline::model
