#include "hotline/engine/distribution.hpp"

#include <cmath>
#include <functional>
#include <sstream>

namespace hotline::engine {

// Parameters: constant a=value; exponential a=mean; uniform a=lo b=hi; lognormal a=mu b=sigma
// c=mean (the variable's); gamma a=shape b=scale; erlang k, a=mean; triangular a=lo b=mode c=hi.

Distribution Distribution::constant(double value) {
  Distribution d;
  d.kind_ = Kind::constant;
  d.a_ = value;
  return d;
}
Distribution Distribution::exponential(double mean) {
  Distribution d;
  d.kind_ = Kind::exponential;
  d.a_ = mean;
  return d;
}
Distribution Distribution::uniform(double lo, double hi) {
  Distribution d;
  d.kind_ = Kind::uniform;
  d.a_ = lo;
  d.b_ = hi;
  return d;
}
Distribution Distribution::lognormal(double mean, double sd) {
  Distribution d;
  d.kind_ = Kind::lognormal;
  const double s2 = std::log(1.0 + (sd * sd) / (mean * mean));
  d.a_ = std::log(mean) - 0.5 * s2;
  d.b_ = std::sqrt(s2);
  d.c_ = mean;
  return d;
}
Distribution Distribution::gamma(double shape, double scale) {
  Distribution d;
  d.kind_ = Kind::gamma;
  d.a_ = shape;
  d.b_ = scale;
  return d;
}
Distribution Distribution::erlang(int k, double mean) {
  Distribution d;
  d.kind_ = Kind::erlang;
  d.k_ = k;
  d.a_ = mean;
  return d;
}
Distribution Distribution::triangular(double lo, double mode, double hi) {
  Distribution d;
  d.kind_ = Kind::triangular;
  d.a_ = lo;
  d.b_ = mode;
  d.c_ = hi;
  return d;
}
Distribution Distribution::empirical(std::vector<double> values, std::vector<double> cumulative) {
  Distribution d;
  d.kind_ = Kind::empirical;
  d.values_ = values;
  d.cumulative_ = cumulative;
  d.table_ = EmpiricalTable(std::move(values), std::move(cumulative));
  return d;
}

double Distribution::sample(Rng& rng) const {
  double x = 0;
  switch (kind_) {
    case Kind::constant:
      x = a_;
      break;
    case Kind::exponential:
      x = sample_exponential(rng, a_);
      break;
    case Kind::uniform:
      x = sample_uniform(rng, a_, b_);
      break;
    case Kind::lognormal:
      x = sample_lognormal(rng, a_, b_);
      break;
    case Kind::gamma:
      x = sample_gamma(rng, a_, b_);
      break;
    case Kind::erlang:
      x = sample_erlang(rng, k_, a_);
      break;
    case Kind::triangular:
      x = sample_triangular(rng, a_, b_, c_);
      break;
    case Kind::empirical:
      x = table_.sample(rng);
      break;
  }
  return x > 0 ? x : 0.0;
}

double Distribution::mean() const {
  switch (kind_) {
    case Kind::constant:
      return a_;
    case Kind::exponential:
      return a_;
    case Kind::uniform:
      return 0.5 * (a_ + b_);
    case Kind::lognormal:
      return c_;
    case Kind::gamma:
      return a_ * b_;
    case Kind::erlang:
      return a_;
    case Kind::triangular:
      return (a_ + b_ + c_) / 3.0;
    case Kind::empirical:
      return table_.mean();
  }
  return 0;
}

std::string Distribution::describe() const {
  std::ostringstream o;
  o.precision(6);
  switch (kind_) {
    case Kind::constant:
      o << "constant(" << a_ << ")";
      break;
    case Kind::exponential:
      o << "exponential(mean=" << a_ << ")";
      break;
    case Kind::uniform:
      o << "uniform(" << a_ << ", " << b_ << ")";
      break;
    case Kind::lognormal:
      // In the parameters the scenario author wrote (see the header), not mu/sigma.
      o << "lognormal(mean=" << c_ << ", sd=" << c_ * std::sqrt(std::expm1(b_ * b_)) << ")";
      break;
    case Kind::gamma:
      o << "gamma(shape=" << a_ << ", scale=" << b_ << ")";
      break;
    case Kind::erlang:
      o << "erlang(k=" << k_ << ", mean=" << a_ << ")";
      break;
    case Kind::triangular:
      o << "triangular(" << a_ << ", " << b_ << ", " << c_ << ")";
      break;
    case Kind::empirical:
      o << "empirical(" << values_.size() << " points)";
      break;
  }
  return o.str();
}

bool Distribution::same_as(const Distribution& o) const {
  // The empirical table is built from values_ and cumulative_, so comparing those suffices.
  return kind_ == o.kind_ && a_ == o.a_ && b_ == o.b_ && c_ == o.c_ && k_ == o.k_ &&
         values_ == o.values_ && cumulative_ == o.cumulative_;
}

std::size_t Distribution::hash() const {
  std::size_t h = static_cast<std::size_t>(kind_);
  auto mix = [&h](double v) {
    h ^= std::hash<double>{}(v) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  };
  mix(a_);
  mix(b_);
  mix(c_);
  mix(static_cast<double>(k_));
  for (double v : values_) mix(v);
  return h;
}

Distribution Distribution::scaled(double f) const {
  Distribution d = *this;
  switch (kind_) {
    case Kind::constant:
    case Kind::exponential:
    case Kind::erlang:
      d.a_ *= f;
      break;
    case Kind::uniform:
      d.a_ *= f;
      d.b_ *= f;
      break;
    case Kind::lognormal:
      d.a_ += std::log(f);
      d.c_ *= f;
      break;
    case Kind::gamma:
      d.b_ *= f;
      break;
    case Kind::triangular:
      d.a_ *= f;
      d.b_ *= f;
      d.c_ *= f;
      break;
    case Kind::empirical: {
      std::vector<double> v = values_;
      for (double& x : v) x *= f;
      d = empirical(std::move(v), cumulative_);
      break;
    }
  }
  return d;
}

}  // namespace hotline::engine
