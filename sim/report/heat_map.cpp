#include "hotline/report/heat_map.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "hotline/report/text_format.hpp"
#include "html_text.hpp"

namespace hotline::report {

using detail::data_num;
using detail::html_escape;
using detail::svg_num;

HeatMap& HeatMap::columns(std::vector<std::string> labels) {
  columns_ = std::move(labels);
  return *this;
}
HeatMap& HeatMap::row(std::string label, std::vector<double> values) {
  labels_.push_back(std::move(label));
  values_.push_back(std::move(values));
  return *this;
}
HeatMap& HeatMap::scale(double lo, double hi) {
  lo_ = lo;
  hi_ = hi;
  return *this;
}
HeatMap& HeatMap::format(std::function<std::string(double)> f) {
  format_ = std::move(f);
  return *this;
}

namespace {
// White (0) to dark red (1), through the orange of the page's palette.
std::string heat_colour(double t) {
  t = std::clamp(t, 0.0, 1.0);
  const auto mix = [](double a, double b, double u) {
    return static_cast<int>(std::lround(a + (b - a) * u));
  };
  if (t < 0.5) {
    const double u = t / 0.5;
    return fmt::format("#{:02x}{:02x}{:02x}", mix(255, 244, u), mix(255, 165, u), mix(255, 96, u));
  }
  const double u = (t - 0.5) / 0.5;
  return fmt::format("#{:02x}{:02x}{:02x}", mix(244, 165, u), mix(165, 15, u), mix(96, 21, u));
}
}  // namespace

std::string HeatMap::svg(int width) const {
  const auto fmt_value = [&](double v) { return format_ ? format_(v) : fmt::format("{:.3g}", v); };
  std::size_t label_w = 8;
  for (const auto& l : labels_) label_w = std::max(label_w, display_width(l));
  const double left = std::min(360.0, 12 + 7.0 * static_cast<double>(label_w));
  const double top = 56, cell_h = 16, legend_h = 40;
  const double w = std::max<double>(width, left + 24.0 * static_cast<double>(columns_.size()) + 16);
  const double cols = static_cast<double>(std::max<std::size_t>(columns_.size(), 1));
  const double cell_w = (w - left - 16) / cols;
  const double h = top + cell_h * static_cast<double>(labels_.size()) + legend_h;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-chart=\"{}\" "
      "viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\">\n",
      html_escape(id_), svg_num(w), svg_num(h), svg_num(w), svg_num(h), html_escape(title_));
  out +=
      fmt::format("<text class=\"chart-title\" x=\"8\" y=\"22\">{}</text>\n", html_escape(title_));
  for (std::size_t c = 0; c < columns_.size(); ++c)
    out += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                       svg_num(left + cell_w * (static_cast<double>(c) + 0.5)), svg_num(top - 8),
                       html_escape(columns_[c]));
  for (std::size_t r = 0; r < labels_.size(); ++r) {
    const double y = top + cell_h * static_cast<double>(r);
    out +=
        fmt::format("<text class=\"row-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
                    svg_num(left - 6), svg_num(y + cell_h - 4), html_escape(labels_[r]));
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      const double v = c < values_[r].size() ? values_[r][c] : std::nan("");
      const bool has = std::isfinite(v);
      const std::string fill = has ? heat_colour((v - lo_) / (hi_ - lo_)) : "#d9d9d9";
      out += fmt::format(
          "<rect class=\"cell\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" "
          "data-row=\"{}\" data-col=\"{}\" data-value=\"{}\"><title>{} · {}: {}</title></rect>\n",
          svg_num(left + cell_w * static_cast<double>(c)), svg_num(y), svg_num(cell_w - 1),
          svg_num(cell_h - 1), fill, r, c, data_num(v), html_escape(labels_[r]),
          c < columns_.size() ? html_escape(columns_[c]) : "",
          has ? html_escape(fmt_value(v)) : "no data");
    }
  }
  // Legend: the scale in five steps.
  const double ly = top + cell_h * static_cast<double>(labels_.size()) + 14;
  for (int i = 0; i <= 4; ++i) {
    const double t = i / 4.0;
    const double lx = left + 70.0 * i;
    out += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"{}\"/><text class=\"legend\" "
        "x=\"{}\" y=\"{}\">{}</text>\n",
        svg_num(lx), svg_num(ly), heat_colour(t), svg_num(lx + 18), svg_num(ly + 12),
        html_escape(fmt_value(lo_ + t * (hi_ - lo_))));
  }
  out += "</svg>\n";
  return out;
}

}  // namespace hotline::report
