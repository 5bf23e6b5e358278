#include "hotline/report/bar_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "chart_axis.hpp"
#include "hotline/report/text_format.hpp"
#include "html_text.hpp"

namespace hotline::report {

using detail::data_num;
using detail::html_escape;
using detail::svg_num;

BarChart& BarChart::categories(std::vector<std::string> labels) {
  categories_ = std::move(labels);
  return *this;
}
BarChart& BarChart::series(Series s) {
  series_.push_back(std::move(s));
  return *this;
}
BarChart& BarChart::y_label(std::string label) {
  y_label_ = std::move(label);
  return *this;
}
BarChart& BarChart::y_range(double lo, double hi) {
  fixed_y_ = true;
  y_lo_ = lo;
  y_hi_ = hi;
  return *this;
}
BarChart& BarChart::format(std::function<std::string(double)> f) {
  format_ = std::move(f);
  return *this;
}

std::string BarChart::svg(int width, int height) const {
  const auto fmt_value = [&](double v) { return format_ ? format_(v) : fmt::format("{:.3g}", v); };
  double lo = 0, hi = 0;
  for (const auto& s : series_)
    for (const auto& v : s.values) {
      lo = std::min(lo, v.mean - v.half_width);
      hi = std::max(hi, v.mean + v.half_width);
    }
  const detail::ChartAxis axis =
      fixed_y_ ? detail::ChartAxis::fit(y_lo_, y_hi_) : detail::ChartAxis::fit(lo, hi);
  // Category labels may be long display names: they get a band below the plot, rotated.
  const double left = 84, right = 16, top = 60, bottom = 110;
  const double w = width, h = height + bottom - 60;
  const double x0 = left, x1 = w - right, y0 = h - bottom, y1 = top;
  const auto py = [&](double v) { return axis.map(std::clamp(v, axis.lo, axis.hi), y0, y1); };
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-chart=\"{}\" "
      "viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\">\n",
      html_escape(id_), svg_num(w), svg_num(h), svg_num(w), svg_num(h), html_escape(title_));
  out += fmt::format("<text class=\"chart-title\" x=\"{}\" y=\"22\">{}</text>\n", svg_num(x0),
                     html_escape(title_));
  for (const double t : axis.ticks) {
    const double y = axis.map(t, y0, y1);
    out += fmt::format(
        "<line class=\"grid\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/><text class=\"tick\" "
        "x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
        svg_num(x0), svg_num(x1), svg_num(y), svg_num(y), svg_num(x0 - 6), svg_num(y + 4),
        html_escape(fmt_value(t)));
  }
  if (!y_label_.empty())
    out += fmt::format(
        "<text class=\"axis-label\" transform=\"translate(14 {}) rotate(-90)\" "
        "text-anchor=\"middle\">{}</text>\n",
        svg_num((y0 + y1) / 2), html_escape(y_label_));
  const std::size_t groups = std::max<std::size_t>(categories_.size(), 1);
  const double group_w = (x1 - x0) / static_cast<double>(groups);
  const std::size_t per = std::max<std::size_t>(series_.size(), 1);
  const double bar_w = group_w * 0.8 / static_cast<double>(per);
  const double zero = py(0);
  for (std::size_t c = 0; c < categories_.size(); ++c) {
    const double gx = x0 + group_w * static_cast<double>(c);
    for (std::size_t s = 0; s < series_.size(); ++s) {
      if (c >= series_[s].values.size()) continue;
      const ChartValue& v = series_[s].values[c];
      const double bx = gx + group_w * 0.1 + bar_w * static_cast<double>(s);
      const double y = py(v.mean);
      std::string tip =
          fmt::format("{} · {}: {}", categories_[c], series_[s].name, fmt_value(v.mean));
      if (v.half_width > 0) tip += " ± " + fmt_value(v.half_width);
      out += fmt::format(
          "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" "
          "data-series=\"{}\" data-category=\"{}\" data-value=\"{}\" "
          "data-half-width=\"{}\"><title>{}</title></rect>\n",
          svg_num(bx), svg_num(std::min(y, zero)), svg_num(bar_w * 0.92),
          svg_num(std::abs(zero - y)), html_escape(series_[s].color), html_escape(series_[s].name),
          html_escape(categories_[c]), data_num(v.mean), data_num(v.half_width), html_escape(tip));
      if (v.half_width > 0) {
        const double cx = bx + bar_w * 0.46;
        const double ya = py(v.mean - v.half_width);
        const double yb = py(v.mean + v.half_width);
        out += fmt::format("<path class=\"whisker\" d=\"M{0} {1}V{2}M{3} {1}H{4}M{3} {2}H{4}\"/>\n",
                           svg_num(cx), svg_num(ya), svg_num(yb), svg_num(cx - 4), svg_num(cx + 4));
      }
    }
    out += fmt::format(
        "<text class=\"category\" transform=\"translate({} {}) rotate(-30)\" "
        "text-anchor=\"end\">{}</text>\n",
        svg_num(gx + group_w / 2), svg_num(y0 + 16), html_escape(categories_[c]));
  }
  out += fmt::format("<line class=\"axis\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>\n",
                     svg_num(x0), svg_num(x1), svg_num(zero), svg_num(zero));
  // Legend: left to right on the line under the title.
  double lx = x0;
  for (const auto& series : series_) {
    out += fmt::format(
        "<rect x=\"{}\" y=\"32\" width=\"12\" height=\"12\" fill=\"{}\"/><text "
        "class=\"legend\" x=\"{}\" y=\"42\">{}</text>\n",
        svg_num(lx), html_escape(series.color), svg_num(lx + 16), html_escape(series.name));
    lx += 16 + 7.5 * static_cast<double>(display_width(series.name)) + 18;
  }
  out += "</svg>\n";
  return out;
}

}  // namespace hotline::report
