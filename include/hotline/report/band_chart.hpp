// Lines with a 95% confidence band as inline SVG: x is numeric (hour of day, a varied
// parameter), each series a line through its means with a shaded band mean ± half-width.
// Same conventions as bar_chart.hpp: data-chart="<id>" on the <svg>, every point a <circle>
// with data-series, data-x and data-value (exact).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "hotline/report/chart_value.hpp"

namespace hotline::report {

class BandChart {
 public:
  struct Series {
    std::string name;
    std::string color;
    std::vector<ChartValue> values;  // one per x
  };

  BandChart(std::string id, std::string title) : id_(std::move(id)), title_(std::move(title)) {}
  // The x positions, increasing, and how each is labelled on the axis ("" = no tick label).
  BandChart& x(std::vector<double> xs, std::vector<std::string> labels);
  BandChart& series(Series s);
  BandChart& x_label(std::string label);
  BandChart& y_label(std::string label);
  // Fixes the y range (e.g. 0..1 for shares); by default it fits the bands.
  BandChart& y_range(double lo, double hi);
  BandChart& format(std::function<std::string(double)> f);  // y ticks and tooltips
  std::string svg(int width = 720, int height = 320) const;

 private:
  std::string id_, title_, x_label_, y_label_;
  std::vector<double> xs_;
  std::vector<std::string> x_labels_;
  std::vector<Series> series_;
  bool fixed_y_ = false;
  double y_lo_ = 0, y_hi_ = 1;
  std::function<std::string(double)> format_;
};

}  // namespace hotline::report
