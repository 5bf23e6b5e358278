// Outputs of `hotline-sim compare`: both variants' KPIs, the paired difference (common random
// numbers) with its 95% CI, the unpaired (Welch) CI for contrast, and verdict lines.
//
//   comparison.csv   kpi, label, base_mean, base_half_width, other_mean, other_half_width,
//                    difference, difference_half_width, unpaired_half_width, significant
//   comparison.json  {"manifest", "base", "other", "replications",
//                     "staffing_cost": {base, other, difference_yuan}, "verdicts": [...],
//                     "kpis": [{name, label, base{mean,half_width}, other{...},
//                               difference{mean,half_width}, unpaired_half_width,
//                               significant}]}
#pragma once

#include <string>
#include <vector>

#include "hotline/report/atomic_file.hpp"
#include "hotline/report/csv_style.hpp"
#include "hotline/report/run_manifest.hpp"
#include "hotline/study/comparison.hpp"

namespace hotline::report {

struct ComparisonLabels {
  std::string base;    // e.g. "xizang.yaml"
  std::string other;   // e.g. "desks.96110.roster.night.headcount=4"
  std::string change;  // the verdict's subject, e.g. "+2 night operators"
};

// The KPIs shown as verdicts: those asked for, else a default headline set that exists.
std::vector<std::string> verdict_kpis(const study::Comparison& c,
                                      const std::vector<std::string>& requested);

// comparison.csv: UTF-8 with a BOM unless style.bom is off; values exact.
void write_comparison_csv(AtomicFile& file, const study::Comparison& c, const CsvStyle& style = {});
void write_comparison_csv(const std::string& path, const study::Comparison& c,
                          const CsvStyle& style = {});
std::string comparison_json(const study::Comparison& c, const RunManifest& manifest,
                            const ComparisonLabels& labels,
                            const std::vector<std::string>& verdicts);
void write_comparison_json(const std::string& path, const study::Comparison& c,
                           const RunManifest& manifest, const ComparisonLabels& labels,
                           const std::vector<std::string>& verdicts);
std::string format_comparison_console(const study::Comparison& c, const RunManifest& manifest,
                                      const ComparisonLabels& labels,
                                      const std::vector<std::string>& verdicts);

}  // namespace hotline::report
