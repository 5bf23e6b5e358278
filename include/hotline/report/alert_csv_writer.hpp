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
// AlertColumns::compact (`--alerts-columns compact`) writes only what cannot be derived, in
// integers where the full file has text, for a file about a third of the size that compresses
// to ~23 bytes a row (docs/outputs.md has the figures):
//   id, fraud_type, grade   as above (fraud type id only: names are in summary.json by_type)
//   unit          the alert's own (leaf) unit as its `unit` number in units.csv (the unit's
//                 index in Scenario::units), which gives its id, name and ancestors
//   arrival_s     whole seconds since clock.start (the full file's arrival, to the second)
//   dial_s        first_dial's whole second minus arrival_s; empty if none
//   contact_ms    first_contact - arrival in milliseconds (seconds_to_contact x 1000); empty if
//                 nobody was reached
//   closed_s      closed's whole second minus arrival_s; empty if open
//   channel, outcome, would_pay, language, lost_where, amount, warmup   as above
// Dropped: the display names, the ancestors' ids (units.csv), seconds_to_contact (contact_ms)
// and loss (amount when outcome is lost, else 0). Adding arrival_s to dial_s or closed_s gives
// exactly the second the full file prints.
//
// Rows are formatted straight into the file's buffer (AtomicFile::reserve): one copy of each
// byte, no allocation.
//
// The file is UTF-8 with a byte-order mark unless CsvStyle::bom is off (csv_style.hpp).
// The data goes to a temp file; call commit() after a successful run to publish it under
// its final name (or, writing into an OutputFolder's file, let the folder publish it).
// Without that nothing appears.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hotline/model/records.hpp"
#include "hotline/report/atomic_file.hpp"
#include "hotline/report/civil_time_formatter.hpp"
#include "hotline/report/csv_style.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::report {

// Which columns alerts.csv holds (`--alerts-columns full|compact`).
enum class AlertColumns { full, compact };

class AlertCsvWriter : public model::Observer {
 public:
  // The scenario must outlive the writer. Throws std::runtime_error if the file cannot be
  // created.
  AlertCsvWriter(const scenario::Scenario& scenario, const std::string& path,
                 const CsvStyle& style = {}, AlertColumns columns = AlertColumns::full);
  // Writes into `file`, which the caller owns and publishes (OutputFolder::create); it must
  // outlive the writer.
  AlertCsvWriter(const scenario::Scenario& scenario, AtomicFile& file, const CsvStyle& style = {},
                 AlertColumns columns = AlertColumns::full);

  void on_alert_closed(const model::AlertRecord& alert) override;

  // Publishes the file (see AtomicFile::commit).
  void commit();
  std::uint64_t rows() const { return rows_; }
  const std::string& path() const { return file_.path(); }

 private:
  // Precomputes the level columns and writes the BOM and header line.
  void prepare(const scenario::Scenario& scenario, const CsvStyle& style);
  // Each writes one row at `out` (room for max_row_ bytes) and returns its end.
  char* write_full(const model::AlertRecord& a, char* out);
  char* write_compact(const model::AlertRecord& a, char* out);
  // channel,outcome,would_pay,language,lost_where, (both column sets end with them)
  char* put_vocabulary(char* out, const model::AlertRecord& a) const;

  // A piece of text_: a CSV-ready field (or several, with their commas).
  struct Text {
    std::uint32_t at = 0;
    std::uint32_t size = 0;
  };
  Text add_text(std::string_view s);  // appends s to text_
  char* put(char* out, Text t) const;

  std::unique_ptr<AtomicFile> owned_;  // with the path constructor
  AtomicFile& file_;
  AlertColumns columns_;
  CivilTimeFormatter time_;
  // Every text a row copies, in one arena padded at its end, so a piece is copied in whole
  // 16-byte blocks (inline, no libc call: six calls a row cost more than their bytes). The
  // units' level columns come first (national: 27,596 units, about 2 MB, CSV-escaped, each
  // ',' ended): a row reads its unit's from a random place, and one dense block misses the
  // cache less than 27,596 separate heap strings.
  std::string text_;
  std::vector<Text> units_;                 // full: unit u's level columns; compact: only the count
  Text no_unit_;                            // empty level columns
  std::vector<Text> fraud_types_;           // "id,name" (compact: "id")
  std::vector<Text> languages_;             // Scenario::languages' codes
  Text channels_[scenario::kChannels + 1];  // by channel + 1: "" for none, then the names
  Text outcomes_[4];                        // by model::Outcome
  Text lost_where_[5];                      // by model::LossWhere
  std::size_t max_row_ = 0;                 // the longest row prepare()'s tables allow
  std::uint64_t rows_ = 0;
};

}  // namespace hotline::report
