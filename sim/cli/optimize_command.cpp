#include "optimize_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "console_output.hpp"
#include "exit_codes.hpp"
#include "folder_notes.hpp"
#include "hotline/report/atomic_file.hpp"
#include "hotline/report/optimiser_report.hpp"
#include "hotline/report/output_error.hpp"
#include "hotline/report/output_folder.hpp"
#include "hotline/report/results_db.hpp"
#include "hotline/report/run_manifest.hpp"
#include "hotline/scenario/loader.hpp"
#include "hotline/scenario/roster_patch.hpp"
#include "hotline/study/roster_optimiser.hpp"
#include "interrupts.hpp"
#include "patch_files.hpp"
#include "progress_reporter.hpp"
#include "seed_text.hpp"

namespace hotline::cli {

namespace {

[[noreturn]] void bad(const std::string& option, const std::string& message) {
  throw scenario::ScenarioError(option, 0, 0, message);
}

bool parse_int(std::string_view text, int& v) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

// "MIN..MAX" -> {min, max}.
std::pair<int, int> parse_headcount(const std::string& text) {
  const auto dots = text.find("..");
  int lo = 0, hi = 0;
  if (dots == std::string::npos || !parse_int(std::string_view(text).substr(0, dots), lo) ||
      !parse_int(std::string_view(text).substr(dots + 2), hi) || lo < 0 || hi < lo)
    bad("--headcount",
        fmt::format("expected MIN..MAX with 0 <= MIN <= MAX (e.g. 0..6), got '{}'", text));
  return {lo, hi};
}

std::vector<std::string> split_kinds(const std::vector<std::string>& raw) {
  std::vector<std::string> out;
  for (const auto& r : raw) {
    std::size_t from = 0;
    while (from <= r.size()) {
      const auto comma = r.find(',', from);
      const std::string k =
          r.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
      if (!k.empty()) out.push_back(k);
      if (comma == std::string::npos) break;
      from = comma + 1;
    }
  }
  return out;
}

// Thrown by the optimiser's before_missing_batch hook with --emit-batch: the batch to run
// elsewhere.
struct BatchNeeded {
  study::SweepPlan plan;
};

std::string yaml_quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string absolute_if_file(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec)
             ? std::filesystem::absolute(path).lexically_normal().string()
             : path;
}

// The batch as a study file: the optimiser's scenario, sets and patches, one list variant per
// pending roster, the round's seed and replications. Its sweep's keys are the optimiser's
// (the same resolved scenarios), so merging its parts into sweep.db lets the next round load
// them.
std::string batch_study_text(const study::SweepPlan& plan, const std::string& scenario_name,
                             const std::vector<std::string>& patches, int k) {
  const scenario::SweepStudy& s = plan.study;
  std::string out = fmt::format(
      "# hotline-sim optimize --emit-batch: batch {}, {} rosters x {} replications (seed {}).\n"
      "# Run it: hotline-sim sweep --study THIS --shard I/N --out PARTS (or without --shard),\n"
      "# then: hotline-sim merge PARTS --into-db OPTIMIZE_OUT/sweep.db, and optimize again.\n",
      k, plan.variants.size(), s.reps, plan.seed);
  out += "scenario: " + yaml_quoted(absolute_if_file(scenario_name)) + "\n";
  if (!s.sets.empty()) {
    out += "set:\n";
    for (const auto& v : s.sets) out += "  - " + yaml_quoted(v) + "\n";
  }
  if (!patches.empty()) {
    out += "patch:\n";
    for (const auto& p : patches) out += "  - " + yaml_quoted(absolute_if_file(p)) + "\n";
  }
  out += fmt::format("seed: {}\nreps: {}\ndesign: list\nfactors:\n", plan.seed, s.reps);
  for (std::size_t f = 0; f < s.factors.size(); ++f) {
    std::vector<std::string> values;
    for (const auto& v : plan.variants)
      if (std::find(values.begin(), values.end(), v.values[f]) == values.end())
        values.push_back(v.values[f]);
    out += fmt::format("  - {{name: f{}, key: {}, values: [{}]}}\n", f + 1,
                       yaml_quoted(s.factors[f].key), fmt::join(values, ", "));
  }
  out += "variants:\n";
  for (const auto& v : plan.variants) {
    out += "  - {";
    for (std::size_t f = 0; f < v.values.size(); ++f)
      out += fmt::format("{}f{}: {}", f ? ", " : "", f + 1, v.values[f]);
    out += "}\n";
  }
  return out;
}

// Writes DIR/batch-K.yaml (K = one more than the batches already there) and says what to do;
// exit 75. The same batch emitted before means its replications never reached sweep.db (the
// merge did not run, or went elsewhere): exit 2 rather than loop.
int emit_batch(const OptimizeArgs& a, const study::SweepPlan& plan, const std::string& db_path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(a.emit_batch, ec);
  if (ec)
    throw report::OutputError(fmt::format("cannot create {}: {}", a.emit_batch, ec.message()));
  int k = 1;
  while (fs::exists(fs::path(a.emit_batch) / fmt::format("batch-{}.yaml", k))) ++k;
  const std::string text = batch_study_text(
      plan, a.scenario.empty() ? scenario::kDefaultScenario : a.scenario, a.patches, k);
  auto body = [](const std::string& t) { return t.substr(t.find('\n', t.find('\n') + 1)); };
  for (int j = 1; j < k; ++j) {
    const std::string earlier = (fs::path(a.emit_batch) / fmt::format("batch-{}.yaml", j)).string();
    std::ifstream in(earlier, std::ios::binary);
    const std::string old((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // The first line names the batch's number; the rest is the batch.
    if (old.find('\n') != std::string::npos && body(old) == body(text))
      bad("--emit-batch",
          fmt::format("the batch it needs now is {}, emitted before, whose replications are "
                      "still not in {}: merge its parts with `hotline-sim merge PARTS --into-db "
                      "{}` (not --out), then run this again",
                      earlier, db_path, db_path));
  }
  const std::string path = (fs::path(a.emit_batch) / fmt::format("batch-{}.yaml", k)).string();
  report::AtomicFile f(path);
  f.write(text);
  f.commit();
  std::fprintf(stderr,
               "hotline-sim: optimize needs batch %d: %zu rosters x %d replications, written to "
               "%s. Run it (hotline-sim sweep --study %s --shard I/N --out PARTS), merge it "
               "(hotline-sim merge PARTS --into-db %s), then run this command again (exit %d: "
               "retry)\n",
               k, plan.variants.size(), plan.study.reps, path.c_str(), path.c_str(),
               db_path.c_str(), kExitRetry);
  return kExitRetry;
}

}  // namespace

int optimize_command(const OptimizeArgs& a) {
  study::OptimiserOptions o;
  o.scenario = a.scenario.empty() ? scenario::kDefaultScenario : a.scenario;
  o.sets = a.sets;
  o.patches = a.patches;
  o.kinds = split_kinds(a.kinds);
  if (o.kinds.empty())
    bad("--vary-roster",
        "name the desk kinds whose rosters may change, e.g. --vary-roster 96110,county_command "
        "(or all)");
  o.per_desk = a.per_desk;
  o.targets = a.targets;
  if (a.cost == "staff_hours")
    o.cost = study::RosterCost::staff_hours;
  else if (a.cost == "yuan")
    o.cost = study::RosterCost::yuan;
  else
    bad("--cost", fmt::format("expected staff_hours or yuan, got '{}'", a.cost));
  if (!a.headcount.empty()) {
    const auto [lo, hi] = parse_headcount(a.headcount);
    o.min_headcount = lo;
    o.max_headcount = hi;
  }
  o.sample_reps = a.sample_reps;
  o.fresh_reps = a.fresh_reps;
  o.budget_reps = a.budget_reps;
  o.max_iterations = a.max_iterations;
  o.delta = a.delta;
  o.seed = a.seed;
  o.fresh_seed = a.fresh_seed;
  o.threads = a.threads;
  o.stop = stop_flag();
  if (a.out_dir.empty())
    bad("--out", "the output directory is empty (give a folder, e.g. --out out/optimize)");

  // Everything the command line names is checked before the folder is created or anything
  // runs: the scenario, the targets, the desk kinds.
  std::vector<scenario::Override> overrides;
  for (const auto& s : o.sets) overrides.push_back(scenario::parse_override(s));
  std::vector<scenario::Patch> patches;
  for (const auto& f : o.patches) patches.push_back(scenario::read_patch_file(f));
  const scenario::Scenario base = scenario::load_scenario(o.scenario, overrides, patches);
  for (const auto& w : base.warnings) std::fprintf(stderr, "%s\n", w.text().c_str());
  (void)study::resolve_targets(base, o.targets);
  (void)study::roster_variables(base, o.kinds, o.cost, o.min_headcount, o.max_headcount,
                                o.per_desk);

  report::OutputFolder folder(a.out_dir);
  report::ResultsDb db(folder.path(report::ResultsDb::kFileName));
  ProgressReporter progress(!a.quiet, 1.0);
  o.progress = [&](const std::string& phase, int reps) {
    const int budget = o.budget_reps;
    progress.update(budget > 0 ? std::min(1.0, static_cast<double>(reps) / budget) : 0.0,
                    fmt::format("{}: {} replications{}", phase, reps,
                                budget > 0 ? fmt::format(" of a budget of {}", budget) : ""));
  };
  if (!a.quiet)
    spdlog::info("optimize: {} targets, desk kinds {}, {} sample replications per roster into {}",
                 o.targets.size(), fmt::join(o.kinds, ","), o.sample_reps, db.path());
  if (!a.emit_batch.empty()) {
    if (a.budget_reps > 0)
      bad("--emit-batch",
          "--budget-reps counts the replications this process simulates, and with "
          "--emit-batch it simulates none: leave out one of them");
    o.before_missing_batch = [](const study::SweepPlan& plan) { throw BatchNeeded{plan}; };
  }
  study::RosterOptimum r;
  try {
    r = study::optimise_roster(o, db);
  } catch (const BatchNeeded& need) {
    progress.finish();
    return emit_batch(a, need.plan, db.path());
  }
  progress.finish();

  report::RunManifest manifest = report::make_manifest(base, r.seed, 0);
  manifest.options = {
      {"target", report::ManifestValue(a.targets)},
      {"vary_roster", report::ManifestValue(o.kinds)},
      {"per_desk", report::ManifestValue(a.per_desk)},
      {"cost", report::ManifestValue(a.cost)},
      {"set", report::ManifestValue(a.sets)},
      {"patch", report::ManifestValue(patch_hashes(a.patches))},
      {"headcount", report::ManifestValue(a.headcount)},
      {"seed", report::ManifestValue(r.seed)},
      {"fresh_seed", report::ManifestValue(r.fresh_seed)},
      {"sample_reps", report::ManifestValue(static_cast<std::uint64_t>(r.sample_reps))},
      {"fresh_reps", report::ManifestValue(static_cast<std::uint64_t>(r.fresh_reps))},
      {"budget_reps", report::ManifestValue(static_cast<std::uint64_t>(a.budget_reps))},
      {"delta", report::ManifestValue(a.delta)},
  };
  manifest.wall_time_s = r.wall_time_s;

  if (r.found) {
    // The recommendation as a patch over the scenario as given (with the same --set/--patch).
    std::vector<scenario::Override> rec = overrides;
    for (const auto& s : study::roster_sets(r.variables, r.recommended.roster))
      rec.push_back(scenario::parse_override(s));
    const scenario::Scenario best = scenario::load_scenario(o.scenario, rec, patches);
    std::string text = fmt::format(
        "# hotline-sim optimize: the recommended roster ({} {}), a --patch over {}\n# {}\n",
        r.recommended.cost, r.cost_unit, report::describe_scenario_source(base.source_name),
        r.statement);
    text += scenario::roster_patch(best);
    folder.create("roster.yaml").write(text);
  }
  const std::string json = report::optimise_json(r, manifest);
  report::record_optimisation(db, r, json);
  folder.create("optimise.json").write(json);
  report::write_optimise_csv(folder.create("optimise.csv"), r, report::CsvStyle{a.csv_bom});
  const std::string html =
      report::optimise_report_html(r, base, manifest, report::finished_file_rows(folder));
  folder.create("report.html").write(html);
  std::string note;
  if (r.interrupted)
    note = "interrupted: the search stopped early; the best roster so far is shown";
  folder.publish({"optimize", !r.interrupted, note});
  say_removed(folder);

  if (!a.quiet) {
    std::string text = report::format_optimise_console(r);
    text += "\nFiles\n";
    if (r.found)
      text += "  " + folder.path("roster.yaml") +
              "  (the roster: hotline-sim run SCENARIO --patch " + folder.path("roster.yaml") +
              ")\n";
    text += "  " + folder.path("optimise.json") + "\n  " + folder.path("optimise.csv") +
            "  (the cost-versus-service curve)\n  " + folder.path("report.html") +
            "  (charts for people; open in a browser)\n  " + db.path() +
            "  (every replication; the cache of later runs)\n  " +
            folder.path(report::OutputFolder::kManifest) + " (the files above, with hashes)\n";
    write_stdout(text);
  }
  if (r.interrupted) return interrupted_exit_code();
  // No roster met the targets: the files say why; the exit code says it to scripts.
  return r.found ? kExitOk : kExitInvalid;
}

namespace {

constexpr const char* kOptimizeFooter = R"TXT(Outputs (in --out DIR):
  roster.yaml    the recommended roster as a patch: hotline-sim run SCENARIO --patch DIR/roster.yaml
                 (give the same --set/--patch as here before it)
  optimise.json  variables, targets, the Erlang start, the recommendation with 95% CIs on the
                 sample and on fresh seeds, the runner-up, the search path, the curve, the
                 marginal ¥ avoided of one more operator, the gap and the selection statement
  optimise.csv   the cost-versus-service curve: one row per roster evaluated
  report.html    the same for people (charts, search path)
  sweep.db       every replication (SQLite, as sweep's): running again reuses them

Examples:
  hotline-sim optimize xizang --vary-roster 96110 \
      --target 'grade1.reached_within(10min) >= 0.95 per shift'
  hotline-sim optimize xizang --vary-roster all --cost yuan --budget-reps 400 \
      --target 'grade1.reached_within(10min) >= 0.9 per shift' --set clock.horizon=7d
  hotline-sim compare xizang --vs-patch out/optimize/roster.yaml --reps 20 --seed 99

Method (docs/optimiser.md): an Erlang A start per shift; an integer program (GLPK) over the
headcounts with cuts from simulated service levels on a fixed sample of replications (common
random numbers), until its solution meets every target on the sample; a local search from the
best roster; a check on fresh seeds and a selection statement. "Meets" means the one-sided 95%
bound, not the mean, reaches the target. Results are identical for any --threads.)TXT";

}  // namespace

CLI::App* add_optimize_subcommand(CLI::App& app, OptimizeArgs& a) {
  CLI::App* cmd = app.add_subcommand(
      "optimize",
      "Find the cheapest roster (headcount per desk kind and shift) that meets every --target "
      "with confidence: the one-sided 95% bound, not the mean, meets each target. Integer "
      "programming with cuts from simulation on common random numbers, checked on fresh seeds; "
      "says how good its answer is (gap, selection statement).");
  cmd->footer(kOptimizeFooter);
  cmd->add_option("scenario", a.scenario,
                  "Scenario (file, bundled name or bundled:NAME, as for run; default: the "
                  "bundled xizang)")
      ->type_name("SCENARIO");
  cmd->add_option("--target", a.targets,
                  "A target, repeatable: 'KPI >= X' or 'KPI <= X', optionally 'per shift' (one "
                  "per reporting interval); gradeG.reached_within(10min) names grade G's "
                  "reached-within KPI (quote it: > is the shell's)")
      ->type_name("'KPI >= X [per shift]'")
      ->allow_extra_args(false)
      ->required();
  cmd->add_option("--vary-roster", a.kinds,
                  "Desk kinds whose shift headcounts may change (comma-separated or repeated; "
                  "all = every kind); every instance of a kind gets the same roster")
      ->type_name("DESK[,DESK...]|all")
      ->allow_extra_args(false)
      ->required();
  cmd->add_flag("--per-desk", a.per_desk,
                "Every instance of an each: desk kind (each county's desk) its own headcounts, "
                "instead of one roster for all instances of the kind (experimental: one forward "
                "difference per desk and shift; read the gap, docs/optimiser.md)");
  cmd->add_option("--cost", a.cost,
                  "What to minimise: staff_hours (paid operator-hours) or yuan (the scenario's "
                  "costs: section)")
      ->capture_default_str()
      ->type_name("staff_hours|yuan");
  cmd->add_option("--headcount", a.headcount,
                  "Bounds of every shift's headcount (default 0..max(2 x given, given + 4))")
      ->type_name("MIN..MAX");
  cmd->add_option("--sample-reps", a.sample_reps,
                  "Replications per roster on the sample (common random numbers)")
      ->capture_default_str()
      ->type_name("R")
      ->check(CLI::Range(2, 10000));
  cmd->add_option("--fresh-reps", a.fresh_reps, "Replications of the fresh-seed check")
      ->capture_default_str()
      ->type_name("N")
      ->check(CLI::Range(2, 10000));
  cmd->add_option("--budget-reps", a.budget_reps,
                  "Stop the search after this many simulated replications (0 = no limit); the "
                  "best roster so far and its gap are reported")
      ->capture_default_str()
      ->type_name("N")
      ->check(CLI::Range(0, 100000000));
  cmd->add_option("--max-iterations", a.max_iterations, "Integer programs solved at most")
      ->capture_default_str()
      ->type_name("N")
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--delta", a.delta,
                  "Indifference zone of the selection statement, in the targets' unit (0.01 = "
                  "one point of a share)")
      ->capture_default_str()
      ->type_name("D")
      ->check(CLI::Range(0.0, 1e12));
  cmd->add_option_function<std::string>(
         "--seed",
         [&a](const std::string& v) {
           const auto s = parse_seed(v);
           if (!s)
             throw CLI::ValidationError("--seed", "expected an unsigned integer, got '" + v + "'");
           a.seed = *s;
         },
         "Seed of the sample (default: the scenario's)")
      ->type_name("N");
  cmd->add_option_function<std::string>(
         "--fresh-seed",
         [&a](const std::string& v) {
           const auto s = parse_seed(v);
           if (!s)
             throw CLI::ValidationError("--fresh-seed",
                                        "expected an unsigned integer, got '" + v + "'");
           a.fresh_seed = *s;
         },
         "Seed of the fresh-seed check (default: the sample's + 1000003)")
      ->type_name("N");
  cmd->add_option("--set", a.sets, "Override applied to every roster; repeatable")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  cmd->add_option("--patch", a.patches, "Patch merged into every roster before --set; repeatable")
      ->type_name("FILE.yaml")
      ->allow_extra_args(false);
  cmd->add_option("--threads", a.threads,
                  "Threads (default: the machine's cores); results are identical for any value")
      ->type_name("T")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--out", a.out_dir,
                  "Output directory (holds the database: reuse it to reuse runs)")
      ->capture_default_str()
      ->type_name("DIR");
  cmd->add_option("--emit-batch", a.emit_batch,
                  "Drive the search from outside (a cluster): stop at the first batch of rosters "
                  "whose replications --out's sweep.db lacks, write it as DIR/batch-K.yaml and "
                  "exit 75; run it (sweep --study DIR/batch-K.yaml [--shard I/N]), merge it "
                  "(merge PARTS --into-db OUT/sweep.db), run this again. Exit 2 if the same "
                  "batch is needed twice (docs/cluster.md)")
      ->type_name("DIR");
  cmd->add_flag("--quiet", a.quiet, "No progress and no tables on stdout");
  cmd->add_option_function<std::string>(
         "--csv-bom", [&a](const std::string& v) { a.csv_bom = v == "on"; },
         "Start optimise.csv with a UTF-8 byte-order mark (on, the default) or not (off)")
      ->type_name("on|off")
      ->check(CLI::IsMember({"on", "off"}));
  return cmd;
}

}  // namespace hotline::cli
