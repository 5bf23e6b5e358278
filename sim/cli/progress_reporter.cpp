#include "progress_reporter.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "hotline/report/text_format.hpp"

namespace hotline::cli {

namespace {
constexpr double kQuietSeconds = 1.0;
}

ProgressReporter::ProgressReporter(bool enabled, double horizon_days, std::string unit, bool eta)
    : enabled_(enabled),
      tty_(::isatty(STDERR_FILENO) == 1),
      horizon_days_(horizon_days),
      unit_(std::move(unit)),
      eta_(eta),
      start_(std::chrono::steady_clock::now()) {}

void ProgressReporter::update(double fraction) {
  update(fraction, std::string());
}

void ProgressReporter::update(double fraction, const std::string& what) {
  if (!enabled_) return;
  fraction = std::clamp(fraction, 0.0, 1.0);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (elapsed < kQuietSeconds && !printed_) return;
  const double day = fraction * horizon_days_;
  const int total_decimals = horizon_days_ == std::floor(horizon_days_) ? 0 : 1;
  std::string text =
      !what.empty() ? fmt::format("simulating {:5.1f}%  {}  {}", 100.0 * fraction, what,
                                  report::format_duration(elapsed))
      : unit_.empty()
          ? fmt::format("simulating {:5.1f}%  day {:.1f} of {:.{}f}  {}", 100.0 * fraction, day,
                        horizon_days_, total_decimals, report::format_duration(elapsed))
          : fmt::format("simulating {:5.1f}%  {} {:.0f} of {:.0f}  {}", 100.0 * fraction, unit_,
                        day, horizon_days_, report::format_duration(elapsed));
  if (eta_) {
    const std::string left = report::format_time_left(elapsed, fraction);
    if (!left.empty()) text += ", " + left;
  }
  if (tty_) {
    // Redraw at most ~10 times a second; a terminal that repaints per simulated day would
    // slow a fast run down.
    if (fraction < 1.0 && printed_ && elapsed - last_draw_s_ < 0.1) return;
    last_draw_s_ = elapsed;
    // Pad to clear leftovers of a longer previous line.
    std::fputs(fmt::format("\r{:<78}", text).c_str(), stderr);
    std::fflush(stderr);
    line_open_ = true;
  } else {
    const int decile = static_cast<int>(fraction * 10.0 + 1e-9);
    if (decile <= last_decile_) return;
    last_decile_ = decile;
    std::fputs((text + "\n").c_str(), stderr);
  }
  printed_ = true;
}

void ProgressReporter::finish() {
  if (line_open_) {
    std::fputc('\n', stderr);
    line_open_ = false;
  }
}

}  // namespace hotline::cli
