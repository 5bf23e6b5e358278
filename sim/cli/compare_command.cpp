#include "compare_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "exit_codes.hpp"
#include "hotline/report/comparison_report.hpp"
#include "hotline/scenario/loader.hpp"
#include "progress_reporter.hpp"

namespace hotline::cli {

namespace fs = std::filesystem;

namespace {
std::vector<scenario::Override> parse_all(const std::vector<std::string>& sets) {
  std::vector<scenario::Override> o;
  for (const auto& s : sets) o.push_back(scenario::parse_override(s));
  return o;
}

std::string describe(const std::string& name, const std::vector<std::string>& sets) {
  std::string d = name.empty() ? "xizang (default)" : name;
  for (const auto& s : sets) d += " --set " + s;
  return d;
}
}  // namespace

int compare_command(const CompareArgs& args) {
  if (args.vs.empty() == args.vs_sets.empty())
    throw scenario::ScenarioError("compare", 0, 0,
                                  "give exactly one of --vs OTHER.yaml or --vs-set KEY=VALUE");
  if (args.reps < 2)
    throw scenario::ScenarioError("--reps", 0, 0,
                                  "a paired comparison needs at least 2 replications");
  const auto base_overrides = parse_all(args.sets);
  const scenario::Scenario base = scenario::load_scenario(args.base, base_overrides);
  std::vector<scenario::Override> other_overrides = base_overrides;
  for (const auto& o : parse_all(args.vs_sets)) other_overrides.push_back(o);
  const scenario::Scenario other = args.vs.empty()
                                       ? scenario::load_scenario(args.base, other_overrides)
                                       : scenario::load_scenario(args.vs, base_overrides);

  report::ComparisonLabels labels;
  labels.base = describe(args.base, args.sets);
  labels.other = args.vs.empty()
                     ? labels.base + " --vs-set " + fmt::format("{}", fmt::join(args.vs_sets, " "))
                     : describe(args.vs, args.sets);
  labels.change = !args.label.empty()     ? args.label
                  : !args.vs_sets.empty() ? fmt::format("{}", fmt::join(args.vs_sets, ", "))
                                          : fmt::format("{} vs {}", other.name, base.name);

  // Both variants use the base's seed: that is what pairs replication r of each.
  const std::uint64_t seed = args.seed.value_or(base.seed);
  study::ReplicationOptions o;
  o.seed = seed;
  o.reps = args.reps;
  o.threads = args.threads;
  o.keep_desk_hours = false;
  ProgressReporter progress(!args.quiet, 2.0 * args.reps, "replication");
  int offset = 0;
  o.progress = [&](int done, int) { progress.update((offset + done) / (2.0 * args.reps)); };

  const auto t0 = std::chrono::steady_clock::now();
  study::Comparison c;
  c.base = study::run_replications(base, o);
  offset = args.reps;
  c.other = study::run_replications(other, o);
  c.kpis = study::compare_sets(c.base, c.other);
  progress.finish();

  for (const auto& k : args.kpis)
    if (!c.find(k))
      throw scenario::ScenarioError("--kpi", 0, 0,
                                    "unknown KPI '" + k +
                                        "' (see the kpi column of "
                                        "comparison.csv, e.g. grade1.sla_attainment)");
  const auto verdicts = report::verdict_kpis(c, args.kpis);

  report::RunManifest manifest = report::make_manifest(base, seed, 0);
  manifest.options = {
      {"seed", args.seed ? report::ManifestValue(*args.seed) : report::ManifestValue()},
      {"set", report::ManifestValue(args.sets)},
      {"vs", report::ManifestValue(args.vs)},
      {"vs_set", report::ManifestValue(args.vs_sets)},
      {"reps", report::ManifestValue(static_cast<std::uint64_t>(args.reps))},
  };
  for (const auto& r : c.base.runs) manifest.events += r.events;
  for (const auto& r : c.other.runs) manifest.events += r.events;
  manifest.wall_time_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const fs::path out(args.out_dir);
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec || !fs::is_directory(out))
    throw std::runtime_error("cannot create output directory " + out.string());
  const std::string csv = (out / "comparison.csv").string();
  const std::string json = (out / "comparison.json").string();
  report::write_comparison_csv(csv, c);
  report::write_comparison_json(json, c, manifest, labels, verdicts);
  if (!args.quiet) {
    std::string text = report::format_comparison_console(c, manifest, labels, verdicts);
    text += "\nFiles\n  " + csv + "\n  " + json + "\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  }
  return kExitOk;
}

}  // namespace hotline::cli
