// A linear value axis shared by the SVG charts: a range widened to round tick values, and the
// mapping from values to pixels. Internal to the report layer.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

namespace hotline::report::detail {

struct ChartAxis {
  double lo = 0, hi = 1;
  std::vector<double> ticks;

  // About `n` round ticks (1, 2 or 5 x 10^k apart) covering [lo, hi]; a flat or empty range
  // becomes a unit one around it.
  static ChartAxis fit(double lo, double hi, int n = 5) {
    ChartAxis a;
    if (!std::isfinite(lo) || !std::isfinite(hi)) lo = hi = 0;
    if (hi < lo) std::swap(lo, hi);
    if (hi - lo < 1e-12) {
      lo -= 0.5;
      hi += 0.5;
    }
    const double raw = (hi - lo) / std::max(1, n);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (const double m : {1.0, 2.0, 5.0, 10.0})
      if (m * mag >= raw) {
        step = m * mag;
        break;
      }
    a.lo = std::floor(lo / step) * step;
    a.hi = std::ceil(hi / step) * step;
    for (double t = a.lo; t <= a.hi + step * 1e-9; t += step)
      a.ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
    return a;
  }
  // Pixel position of v between pixel p0 (at lo) and p1 (at hi).
  double map(double v, double p0, double p1) const { return p0 + (v - lo) / (hi - lo) * (p1 - p0); }
};

}  // namespace hotline::report::detail
