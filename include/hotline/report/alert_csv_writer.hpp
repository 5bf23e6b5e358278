// Observer that streams alerts.csv: one row per alert, written when the alert reaches its
// final state. Nothing is kept per alert (a national run has tens of millions), so memory is
// constant and the file is written through a 1 MiB buffer.
//
// Row order is CLOSE order: alerts are written as they are dissuaded or lost, then the ones
// still open at the horizon (in the order the model reports them). That order is fully
// determined by the scenario and seed, so the file is reproducible byte for byte; sort by
// `id` (arrival order) downstream if you need it.
//
// Columns (header line first):
//   id            1-based alert id, in arrival order
//   fraud_type    fraud type id from the scenario; fraud_type_name its display name
//   grade         1..3
//   <level>...    two columns per organisation level below the root, named after
//                 scenario.levels (default: city, county, community) and <level>_name: the
//                 id and display name of the alert's ancestor unit at that level; the last
//                 one is the alert's own (leaf) unit
//   arrival       local civil time "YYYY-MM-DD HH:MM:SS" (csv_style.hpp: Excel reads it)
//   first_dial    same format; empty if no operator ever dialled about the alert
//   first_contact same format; empty if nobody was ever reached (docs/model.md: contact)
//   seconds_to_contact  first_contact - arrival in seconds (3 decimals); empty if none
//   closed        same format; empty if still open at the horizon
//   channel       sms | robot_call | phone | family | visit (what dissuaded); empty otherwise
//   outcome       dissuaded | lost | not_paid | open
//   would_pay     1 if the person would have paid had nobody intervened (hidden in the run)
//   language      the person's language code
//   lost_where    lost and not_paid: queue | step | after_plan | awaiting; empty otherwise
//   amount        yuan at risk, 2 decimals
//   loss          yuan lost, 2 decimals
//   warmup        1 if the alert arrived during warm-up (excluded from KPIs), else 0
//
// The file is UTF-8 with a byte-order mark unless CsvStyle::bom is off (csv_style.hpp).
// The data goes to a temp file; call commit() after a successful run to publish it under
// its final name (or, writing into an OutputFolder's file, let the folder publish it).
// Without that nothing appears.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hotline/model/records.hpp"
#include "hotline/report/atomic_file.hpp"
#include "hotline/report/civil_time_formatter.hpp"
#include "hotline/report/csv_style.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::report {

class AlertCsvWriter : public model::Observer {
 public:
  // The scenario must outlive the writer. Throws std::runtime_error if the file cannot be
  // created.
  AlertCsvWriter(const scenario::Scenario& scenario, const std::string& path,
                 const CsvStyle& style = {});
  // Writes into `file`, which the caller owns and publishes (OutputFolder::create); it must
  // outlive the writer.
  AlertCsvWriter(const scenario::Scenario& scenario, AtomicFile& file, const CsvStyle& style = {});

  void on_alert_closed(const model::AlertRecord& alert) override;

  // Publishes the file (see AtomicFile::commit).
  void commit();
  std::uint64_t rows() const { return rows_; }
  const std::string& path() const { return file_.path(); }

 private:
  // Precomputes the level columns and writes the BOM and header line.
  void prepare(const scenario::Scenario& scenario, const CsvStyle& style);
  void append_integer(std::int64_t v);  // to line_

  std::unique_ptr<AtomicFile> owned_;  // with the path constructor
  AtomicFile& file_;
  CivilTimeFormatter time_;
  std::string unit_columns_;              // every unit's CSV-escaped level columns, ',' ended
  std::vector<std::size_t> unit_at_;      // unit u's columns: [unit_at_[u], unit_at_[u + 1])
  std::string no_unit_;                   // empty level columns
  std::vector<std::string> fraud_types_;  // CSV-escaped "id,name"
  std::vector<std::string> languages_;    // Scenario::languages' codes, CSV-escaped
  std::string line_;                      // reused row buffer
  std::uint64_t rows_ = 0;
};

}  // namespace hotline::report
