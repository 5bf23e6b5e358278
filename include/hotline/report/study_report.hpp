// Outputs of a replicated run (`run --reps R`): every KPI as mean, 95% confidence half-width
// (Student t) and R.
//
//   replications.csv  one row per replication, one column per KPI (study::flatten_kpis names),
//                     values exact (shortest round-trip form); UTF-8 with a BOM by default
//   summary.json      {"manifest", "complete", "replications", "replications_planned"?,
//                      "stopped_by"?, "precision"?, "warmup"?, "conservation" (summed over
//                      replications), "staffing_cost" (the roster's, no CI), "kpis": [{name, label,
//                      mean, half_width, sd, n}...]}
//   console           per grade, per fraud type and per desk: "mean ± half-width"
// Everything is aggregated in replication order: identical bytes for any thread count
// (manifest.wall_time_s aside).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hotline/report/atomic_file.hpp"
#include "hotline/report/csv_style.hpp"
#include "hotline/report/run_manifest.hpp"
#include "hotline/spec/scenario.hpp"
#include "hotline/study/replications.hpp"
#include "hotline/study/warmup.hpp"

namespace hotline::report {

struct StudyInfo {
  bool auto_reps = false;
  double precision = 0;
  std::vector<std::string> precision_kpis;
  std::optional<study::WarmupChoice> warmup;  // when chosen by MSER-5
  // An interrupted run publishes the replications that finished, marked incomplete:
  // "complete": false, "replications_planned" and "stopped_by" (e.g. "SIGINT").
  bool complete = true;
  int planned_reps = 0;
  std::string stopped_by;
};

void write_replications_csv(AtomicFile& file, const study::ReplicationSet& set,
                            const CsvStyle& style = {});
void write_replications_csv(const std::string& path, const study::ReplicationSet& set,
                            const CsvStyle& style = {});

std::string study_summary_json(const study::ReplicationSet& set, const RunManifest& manifest,
                               const StudyInfo& info);
void write_study_summary_json(const std::string& path, const study::ReplicationSet& set,
                              const RunManifest& manifest, const StudyInfo& info);

std::string format_study_console(const scenario::Scenario& scenario,
                                 const study::ReplicationSet& set, const RunManifest& manifest,
                                 const StudyInfo& info, const std::vector<std::string>& files);

}  // namespace hotline::report
