#include "hotline/study/paired_comparison.hpp"

#include <algorithm>
#include <stdexcept>

#include "hotline/scenario/loader.hpp"
#include "hotline/study/kpi_names.hpp"

namespace hotline::study {

Comparison compare_variants(const scenario::Scenario& base, const scenario::Scenario& other,
                            const ReplicationOptions& options) {
  Comparison c;
  ReplicationOptions bo = options;
  if (options.progress)
    bo.progress = [&options](int done, int planned) { options.progress(done, 2 * planned); };
  c.base = run_replications(base, bo);
  // Pairs need both partners: an interrupted comparison has no result to keep.
  if (c.base.interrupted) throw Interrupted();
  const int n = static_cast<int>(c.base.runs.size());
  ReplicationOptions o = options;
  // The other variant runs exactly as many replications as the base (pairs need partners).
  o.auto_reps = false;
  o.reps = n;
  o.observers_for = nullptr;
  if (options.progress)
    o.progress = [&options, n](int done, int) { options.progress(n + done, 2 * n); };
  c.other = run_replications(other, o);
  if (c.other.interrupted) throw Interrupted();
  c.kpis = compare_sets(c.base, c.other);
  return c;
}

namespace {
std::vector<scenario::Override> parse_all(const std::vector<std::string>& sets) {
  std::vector<scenario::Override> o;
  for (const auto& s : sets) o.push_back(scenario::parse_override(s));
  return o;
}
}  // namespace

PairedComparison paired_comparison(const PairedComparisonOptions& options) {
  if (options.reps < 2)
    throw std::invalid_argument("a paired comparison needs at least 2 replications");
  PairedComparison p;
  const auto base_overrides = parse_all(options.sets);
  std::vector<scenario::Patch> base_patches;
  for (const auto& f : options.patches) base_patches.push_back(scenario::read_patch_file(f));
  p.base = scenario::load_scenario(options.base, base_overrides, base_patches);
  std::vector<scenario::Override> other_overrides = base_overrides;
  for (const auto& o : parse_all(options.other_sets)) other_overrides.push_back(o);
  std::vector<scenario::Patch> other_patches = base_patches;
  for (const auto& f : options.other_patches) other_patches.push_back(scenario::read_patch_file(f));
  p.other = scenario::load_scenario(options.other.empty() ? options.base : options.other,
                                    other_overrides, other_patches);

  // Before any replication: an unknown KPI would otherwise fail only at the verdicts.
  if (!options.kpis.empty()) {
    const std::vector<std::string> in_base = kpi_names(p.base), in_other = kpi_names(p.other);
    std::vector<std::string> both;
    for (const auto& k : in_base)
      if (std::find(in_other.begin(), in_other.end(), k) != in_other.end()) both.push_back(k);
    for (const auto& k : options.kpis)
      if (const std::string msg = unknown_kpi_message(k, both); !msg.empty())
        throw scenario::ScenarioError("--kpi", 0, 0, msg);
  }

  if (options.after_load) options.after_load();
  p.seed = options.seed.value_or(p.base.seed);
  ReplicationOptions o;
  o.seed = p.seed;
  o.reps = options.reps;
  o.threads = options.threads;
  o.keep_desk_hours = false;
  o.progress = options.progress;
  o.stop = options.stop;
  p.comparison = compare_variants(p.base, p.other, o);
  return p;
}

}  // namespace hotline::study
