// A sampled quantity described by data (from a scenario): a kind plus parameters.
// Sampling allocates nothing and is a switch on the kind. Values are in the caller's unit
// (milliseconds for durations, yuan for amounts); samples are clamped at 0 from below.
#pragma once

#include <string>
#include <vector>

#include "hotline/engine/random.hpp"

namespace hotline::engine {

class Distribution {
 public:
  enum class Kind {
    constant,
    exponential,
    uniform,
    lognormal,
    gamma,
    erlang,
    triangular,
    empirical
  };

  Distribution() = default;
  static Distribution constant(double value);
  static Distribution exponential(double mean);
  static Distribution uniform(double lo, double hi);
  // Parameterised by the mean and standard deviation of the variable itself.
  static Distribution lognormal(double mean, double sd);
  static Distribution gamma(double shape, double scale);
  static Distribution erlang(int k, double mean);
  static Distribution triangular(double lo, double mode, double hi);
  static Distribution empirical(std::vector<double> values, std::vector<double> cumulative);

  double sample(Rng& rng) const;
  double mean() const;
  Kind kind() const { return kind_; }
  // The constant 0 (the default): sampling it would draw nothing and give 0.
  bool is_zero() const { return kind_ == Kind::constant && a_ == 0; }
  // Human-readable form, e.g. "lognormal(mean=240000, sd=120000)".
  std::string describe() const;
  // Multiplies every location/scale parameter by f (unit conversion, what-if scaling).
  Distribution scaled(double f) const;
  // Same kind and exactly the same parameters, so the two draw identical values: lets a
  // model keep one shared copy for the many desks or units that use the same distribution.
  bool same_as(const Distribution& o) const;
  std::size_t hash() const;  // equal for distributions that are same_as each other

 private:
  Kind kind_ = Kind::constant;
  double a_ = 0, b_ = 0, c_ = 0;  // meaning depends on kind (see distribution.cpp)
  int k_ = 1;
  EmpiricalTable table_;
  std::vector<double> values_, cumulative_;  // kept to describe/scale an empirical table
};

}  // namespace hotline::engine
