#include "hotline/report/band_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "chart_axis.hpp"
#include "hotline/report/text_format.hpp"
#include "html_text.hpp"

namespace hotline::report {

using detail::data_num;
using detail::html_escape;
using detail::svg_num;

BandChart& BandChart::x(std::vector<double> xs, std::vector<std::string> labels) {
  xs_ = std::move(xs);
  x_labels_ = std::move(labels);
  return *this;
}
BandChart& BandChart::series(Series s) {
  series_.push_back(std::move(s));
  return *this;
}
BandChart& BandChart::x_label(std::string label) {
  x_label_ = std::move(label);
  return *this;
}
BandChart& BandChart::y_label(std::string label) {
  y_label_ = std::move(label);
  return *this;
}
BandChart& BandChart::y_range(double lo, double hi) {
  fixed_y_ = true;
  y_lo_ = lo;
  y_hi_ = hi;
  return *this;
}
BandChart& BandChart::format(std::function<std::string(double)> f) {
  format_ = std::move(f);
  return *this;
}

std::string BandChart::svg(int width, int height) const {
  const auto fmt_value = [&](double v) { return format_ ? format_(v) : fmt::format("{:.3g}", v); };
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& s : series_)
    for (const auto& v : s.values) {
      lo = std::min(lo, v.mean - v.half_width);
      hi = std::max(hi, v.mean + v.half_width);
    }
  const detail::ChartAxis axis =
      fixed_y_ ? detail::ChartAxis::fit(y_lo_, y_hi_) : detail::ChartAxis::fit(lo, hi);
  const detail::ChartAxis xaxis = [&] {
    detail::ChartAxis a;
    a.lo = xs_.empty() ? 0 : xs_.front();
    a.hi = xs_.size() < 2 ? a.lo + 1 : xs_.back();
    return a;
  }();
  const double left = 84, right = 24, top = 60, bottom = 56;
  const double w = width, h = height;
  const double x0 = left, x1 = w - right, y0 = h - bottom, y1 = top;
  const auto px = [&](double x) { return xaxis.map(x, x0, x1); };
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
  for (std::size_t i = 0; i < xs_.size(); ++i) {
    if (i >= x_labels_.size() || x_labels_[i].empty()) continue;
    out += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                       svg_num(px(xs_[i])), svg_num(y0 + 18), html_escape(x_labels_[i]));
  }
  if (!x_label_.empty())
    out += fmt::format(
        "<text class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
        svg_num((x0 + x1) / 2), svg_num(h - 10), html_escape(x_label_));
  if (!y_label_.empty())
    out += fmt::format(
        "<text class=\"axis-label\" transform=\"translate(14 {}) rotate(-90)\" "
        "text-anchor=\"middle\">{}</text>\n",
        svg_num((y0 + y1) / 2), html_escape(y_label_));
  out += fmt::format("<line class=\"axis\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>\n",
                     svg_num(x0), svg_num(x1), svg_num(y0), svg_num(y0));
  for (const auto& s : series_) {
    const std::size_t n = std::min(s.values.size(), xs_.size());
    if (n == 0) continue;
    // The band: upper edge left to right, lower edge back.
    std::string band, line;
    for (std::size_t i = 0; i < n; ++i)
      band += fmt::format("{}{} {}", i ? " L" : "M", svg_num(px(xs_[i])),
                          svg_num(py(s.values[i].mean + s.values[i].half_width)));
    for (std::size_t i = n; i-- > 0;)
      band += fmt::format(" L{} {}", svg_num(px(xs_[i])),
                          svg_num(py(s.values[i].mean - s.values[i].half_width)));
    for (std::size_t i = 0; i < n; ++i)
      line += fmt::format("{}{} {}", i ? " L" : "M", svg_num(px(xs_[i])),
                          svg_num(py(s.values[i].mean)));
    out += fmt::format(
        "<path class=\"band\" d=\"{} Z\" fill=\"{}\" fill-opacity=\"0.18\" stroke=\"none\"/>\n"
        "<path class=\"line\" d=\"{}\" stroke=\"{}\" fill=\"none\" stroke-width=\"2\"/>\n",
        band, html_escape(s.color), line, html_escape(s.color));
    for (std::size_t i = 0; i < n; ++i) {
      const ChartValue& v = s.values[i];
      std::string tip = fmt::format(
          "{} · {}: {}", s.name,
          i < x_labels_.size() && !x_labels_[i].empty() ? x_labels_[i] : fmt::format("{}", xs_[i]),
          fmt_value(v.mean));
      if (v.half_width > 0) tip += " ± " + fmt_value(v.half_width);
      out += fmt::format(
          "<circle class=\"point\" cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{}\" data-series=\"{}\" "
          "data-x=\"{}\" data-value=\"{}\" data-half-width=\"{}\"><title>{}</title></circle>\n",
          svg_num(px(xs_[i])), svg_num(py(v.mean)), html_escape(s.color), html_escape(s.name),
          data_num(xs_[i]), data_num(v.mean), data_num(v.half_width), html_escape(tip));
    }
  }
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
