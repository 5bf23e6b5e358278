// A heat map as inline SVG: rows (desks) x columns (hours of day), each cell coloured on a
// white-to-red scale between lo and hi, a grey cell where there is no value (NaN). Same
// conventions as bar_chart.hpp: data-chart="<id>" on the <svg>, every cell a <rect> with
// data-row, data-col and data-value (exact), and a <title> tooltip.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace hotline::report {

class HeatMap {
 public:
  HeatMap(std::string id, std::string title) : id_(std::move(id)), title_(std::move(title)) {}
  HeatMap& columns(std::vector<std::string> labels);
  // One row: its label and a value per column (NaN = no data).
  HeatMap& row(std::string label, std::vector<double> values);
  HeatMap& scale(double lo, double hi);                   // default 0..1
  HeatMap& format(std::function<std::string(double)> f);  // tooltips and the legend
  std::size_t rows() const { return labels_.size(); }
  std::string svg(int width = 720) const;  // height follows the rows

 private:
  std::string id_, title_;
  std::vector<std::string> columns_, labels_;
  std::vector<std::vector<double>> values_;
  double lo_ = 0, hi_ = 1;
  std::function<std::string(double)> format_;
};

}  // namespace hotline::report
