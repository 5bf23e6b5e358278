// One plotted value with its 95% confidence half-width (0 = none shown), shared by the SVG
// charts of the HTML report (bar_chart.hpp, band_chart.hpp).
#pragma once

namespace hotline::report {

struct ChartValue {
  double mean = 0;
  double half_width = 0;
};

}  // namespace hotline::report
