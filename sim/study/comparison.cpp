#include "hotline/study/comparison.hpp"

#include <fmt/format.h>
#include <cmath>

namespace hotline::study {

bool KpiComparison::significant() const {
  return paired.n >= 2 && std::fabs(paired.mean) > paired.half_width;
}

const KpiComparison* Comparison::find(const std::string& name) const {
  for (const auto& k : kpis)
    if (k.name == name) return &k;
  return nullptr;
}

std::vector<KpiComparison> compare_sets(const ReplicationSet& base, const ReplicationSet& other) {
  std::vector<KpiComparison> out;
  const std::size_t n = std::min(base.kpi_values.size(), other.kpi_values.size());
  for (std::size_t k = 0; k < base.kpi_names.size(); ++k) {
    const int j = other.kpi_index(base.kpi_names[k]);
    if (j < 0) continue;
    KpiComparison c;
    c.name = base.kpi_names[k];
    std::vector<double> a, b, d;
    for (std::size_t r = 0; r < n; ++r) {
      a.push_back(base.kpi_values[r][k]);
      b.push_back(other.kpi_values[r][static_cast<std::size_t>(j)]);
      d.push_back(b.back() - a.back());
    }
    c.base = estimate(a);
    c.other = estimate(b);
    c.paired = estimate(d);
    c.unpaired = welch_difference(a, b);
    out.push_back(std::move(c));
  }
  return out;
}

namespace {
// Whole yuan with thousands separators, so money reads at a glance: 1234567 -> "1,234,567".
std::string thousands(double v) {
  const std::string digits = fmt::format("{:.0f}", std::fabs(v));
  std::string out = v < 0 && digits != "0" ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}
}  // namespace

std::string format_kpi(const std::string& name, double v) {
  switch (kpi_unit(name)) {
    case KpiUnit::share:
      return fmt::format("{:.1f}%", 100.0 * v);
    case KpiUnit::yuan:
      return "¥" + thousands(v);
    case KpiUnit::seconds:
      return fmt::format("{:.1f} s", v);
    case KpiUnit::ratio:
      return fmt::format("{:.3f}", v);
    case KpiUnit::count:
      return fmt::format("{:.1f}", v);
  }
  return fmt::format("{}", v);
}

std::string verdict(const std::string& label, const KpiComparison& k) {
  std::string diff;
  if (kpi_unit(k.name) == KpiUnit::share)
    diff =
        fmt::format("{:+.1f} ± {:.1f} points", 100.0 * k.paired.mean, 100.0 * k.paired.half_width);
  else
    diff = fmt::format(
        "{} ± {}", (k.paired.mean >= 0 ? "+" : "-") + format_kpi(k.name, std::fabs(k.paired.mean)),
        format_kpi(k.name, k.paired.half_width));
  return fmt::format("{}: {} {} -> {} ({}){}", label, kpi_label(k.name),
                     format_kpi(k.name, k.base.mean), format_kpi(k.name, k.other.mean), diff,
                     k.significant() ? "" : ", not significant at 95%");
}

}  // namespace hotline::study
