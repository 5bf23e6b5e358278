#include "hotline/study/desk_hour_mean.hpp"

#include <cmath>

namespace hotline::study {

void DeskHourMean::add(const std::vector<metrics::DeskHour>& hours) {
  if (n_ == 0) {
    rows_ = hours;
    const std::size_t n = rows_.size();
    arrivals_.assign(n, 0.0);
    waits_.assign(n, 0.0);
    in_time_.assign(n, 0.0);
    queue_max_.assign(n, 0.0);
    queue_.assign(n, 0.0);
    busy_.assign(n, 0.0);
    staffed_.assign(n, 0.0);
  }
  for (std::size_t i = 0; i < rows_.size() && i < hours.size(); ++i) {
    const auto& h = hours[i];
    arrivals_[i] += static_cast<double>(h.arrivals);
    waits_[i] += static_cast<double>(h.waits_ended);
    in_time_[i] += static_cast<double>(h.answered_in_time);
    queue_max_[i] += h.queue_max;
    queue_[i] += h.queue_mean;
    busy_[i] += h.busy_mean;
    staffed_[i] += h.staffed_mean;
  }
  ++n_;
}

std::vector<metrics::DeskHour> DeskHourMean::mean() const {
  std::vector<metrics::DeskHour> out;
  if (n_ == 0) return out;
  out.reserve(rows_.size());
  const double n = static_cast<double>(n_);
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    metrics::DeskHour h;
    h.desk = rows_[i].desk;
    h.hour = rows_[i].hour;
    h.arrivals = static_cast<std::int64_t>(std::llround(arrivals_[i] / n));
    h.waits_ended = static_cast<std::int64_t>(std::llround(waits_[i] / n));
    h.answered_in_time = static_cast<std::int64_t>(std::llround(in_time_[i] / n));
    h.queue_max = static_cast<int>(std::lround(queue_max_[i] / n));
    h.queue_mean = queue_[i] / n;
    h.busy_mean = busy_[i] / n;
    h.staffed_mean = staffed_[i] / n;
    h.utilisation = h.staffed_mean > 0 ? h.busy_mean / h.staffed_mean : 0.0;
    out.push_back(h);
  }
  return out;
}

}  // namespace hotline::study
