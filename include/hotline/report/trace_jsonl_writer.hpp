// Observer that streams trace.jsonl (`run --trace`): one JSON object per TraceRecord, one per
// line, in the order the model emits them (simulated time, then event order). Lines are
// formatted directly (no JSON DOM per record) through a 1 MiB buffer, so memory is constant.
//
// Line format (every key always present, in this order):
//   {"t":<ms since start>,"time":"YYYY-MM-DDTHH:MM:SS.mmm","kind":"<TraceKind>",
//    "alert":<id>|null,"unit":"<unit id>"|null,"desk":"<desk id>"|null,"step":<index>|null,
//    "value":<int>,"wait_ms":<int>}
// `step` is an index into the matched rule's plan (for rule_matched: the rule index);
// `value` is the new headcount for roster_change and the queue priority for enqueue (0
// otherwise); `wait_ms` is the queueing time for service_start (0 otherwise).
//
// Like AlertCsvWriter, the data goes to a temp file that commit() publishes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hotline/model/records.hpp"
#include "hotline/report/atomic_file.hpp"
#include "hotline/report/civil_time_formatter.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::report {

class TraceJsonlWriter : public model::Observer {
 public:
  // Throws OutputError if the file cannot be created.
  TraceJsonlWriter(const scenario::Scenario& scenario, const std::string& path);
  // Writes into `file`, which the caller owns and publishes (OutputFolder::create); it must
  // outlive the writer.
  TraceJsonlWriter(const scenario::Scenario& scenario, AtomicFile& file);

  void on_trace(const model::TraceRecord& record) override;

  void commit();
  std::uint64_t lines() const { return lines_; }
  const std::string& path() const { return file_.path(); }

 private:
  void prepare(const scenario::Scenario& scenario);  // the id literals

  std::unique_ptr<AtomicFile> owned_;  // with the path constructor
  AtomicFile& file_;
  CivilTimeFormatter time_;
  std::vector<std::string> units_;  // JSON string literals of unit ids
  std::vector<std::string> desks_;  // JSON string literals of desk ids
  std::string line_;
  std::uint64_t lines_ = 0;
};

}  // namespace hotline::report
