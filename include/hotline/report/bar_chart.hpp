// A grouped bar chart as inline SVG: categories along x, one bar per series in each group,
// a whisker for each value's 95% CI, a zero line when values go negative. Written by the
// program (no script, no network); labels are UTF-8 text (Chinese display names render with
// the page's CJK font stack). The <svg> carries data-chart="<id>" and every bar
// data-series, data-category and data-value (exact), so a test can read the chart.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "hotline/report/chart_value.hpp"

namespace hotline::report {

class BarChart {
 public:
  struct Series {
    std::string name;
    std::string color;               // CSS colour, e.g. "#c0392b"
    std::vector<ChartValue> values;  // one per category
  };

  BarChart(std::string id, std::string title) : id_(std::move(id)), title_(std::move(title)) {}
  BarChart& categories(std::vector<std::string> labels);
  BarChart& series(Series s);
  BarChart& y_label(std::string label);
  // Fixes the value range (e.g. 0..1 for shares, whose CI may pass 1); bars and whiskers are
  // cut at it. By default it fits every bar and whisker, and 0.
  BarChart& y_range(double lo, double hi);
  // How tick labels and tooltips show a value (default: "{:.3g}").
  BarChart& format(std::function<std::string(double)> f);
  // The chart as one <svg> element, `width` x `height` CSS pixels (scales with the page).
  std::string svg(int width = 720, int height = 320) const;

 private:
  std::string id_, title_, y_label_;
  std::vector<std::string> categories_;
  std::vector<Series> series_;
  std::function<std::string(double)> format_;
  bool fixed_y_ = false;
  double y_lo_ = 0, y_hi_ = 1;
};

}  // namespace hotline::report
