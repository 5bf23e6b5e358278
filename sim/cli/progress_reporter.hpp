// Progress of a long run on stderr, with an estimate of the time left ("about 3m12s left",
// from the pace so far). Silent for the first second, so short runs print nothing. On a
// terminal one line is rewritten in place ("\r"); otherwise (a log file, CI) a new line is
// printed each time another 10% of the horizon is done.
#pragma once

#include <chrono>
#include <string>

namespace hotline::cli {

class ProgressReporter {
 public:
  // `horizon_days` is only used for the "day x of y" text. With `unit` set (e.g.
  // "replication"), the text counts those instead: "replication 3 of 10". `eta` off for
  // progress whose total is only an upper bound (--reps auto).
  ProgressReporter(bool enabled, double horizon_days, std::string unit = {}, bool eta = true);
  ~ProgressReporter() { finish(); }  // an exception or interrupt still ends the line
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;
  // fraction in [0,1] of the simulated horizon done.
  void update(double fraction);
  // The same, with `what` in place of the "day x of y" text (e.g. "variants 2 of 5,
  // replications 37 of 100").
  void update(double fraction, const std::string& what);
  // Ends the updating line on a terminal (call once after the run, or when it stops).
  void finish();

 private:
  bool enabled_;
  bool tty_;
  double horizon_days_;
  std::string unit_;
  bool eta_;
  std::chrono::steady_clock::time_point start_;
  int last_decile_ = -1;
  double last_draw_s_ = 0;
  bool line_open_ = false;  // a "\r" line is on screen without its newline
  bool printed_ = false;
};

}  // namespace hotline::cli
