// The mean over replications of the desk-hour series (desks.csv of a replicated run), built
// one replication at a time so a replication's series can be dropped once it is added:
// memory is one series plus five sums per desk-hour, whatever the number of replications.
//
// add() must be called in replication order: the sums are then the same bytes for any thread
// count. Every field is averaged, queue_max included (rounded to the nearest integer, as are
// arrivals); utilisation is recomputed as mean busy / mean staffed. O(rows) per add().
#pragma once

#include <vector>

#include "hotline/metrics/run_result.hpp"

namespace hotline::study {

class DeskHourMean {
 public:
  // The next replication's series. The first one fixes the rows (desk, hour); later ones
  // contribute to the rows they have (all replications of one scenario have the same).
  void add(const std::vector<metrics::DeskHour>& hours);
  int count() const { return n_; }
  // Empty before the first add().
  std::vector<metrics::DeskHour> mean() const;

 private:
  std::vector<metrics::DeskHour> rows_;  // desk and hour of each row; other fields unused
  std::vector<double> arrivals_, waits_, in_time_, queue_max_, queue_, busy_, staffed_;
  int n_ = 0;
};

}  // namespace hotline::study
