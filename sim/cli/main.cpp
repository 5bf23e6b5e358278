// hotline-sim: command-line driver. Parses arguments (CLI11), dispatches to one command and
// maps failures to exit codes: 0 ok, 2 invalid input (command line, --set, scenario), 1
// internal error. Results go to files and stdout; human logs (spdlog) and errors to stderr.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exit_codes.hpp"
#include "help_formatter.hpp"
#include "hotline/scenario/key_table.hpp"
#include "hotline/scenario/loader.hpp"
#include "run_command.hpp"
#include "validate_command.hpp"

namespace {

using namespace hotline::cli;

constexpr const char* kDescription =
    "hotline-sim simulates a 7x24 anti-fraud warning hotline (China's 96110 line). Warning "
    "alerts about people being defrauded right now arrive by fraud type, risk grade and "
    "community; graded dispatch rules answer them with SMS, robot calls, operator calls from "
    "rostered duty desks, pushes down the region -> city -> county -> community chain and "
    "officer visits, racing each alert's hidden time to loss. A run reports the share of "
    "alerts dissuaded, money lost and avoided (yuan), time to first contact, SLA attainment "
    "and desk load. Scenarios are YAML files (see scenarios/tiny.yaml); the bundled ones are "
    "compiled in, so `run` works from any directory.";

constexpr const char* kTopFooter = R"TXT(Examples:
  hotline-sim run                                 # bundled default scenario (xizang.yaml)
  hotline-sim run scenarios/tiny.yaml --seed 42 --out results/tiny
  hotline-sim run xizang --set clock.horizon=30d --set desks.96110.roster.night.headcount=3
  hotline-sim validate my-region.yaml
  hotline-sim list-scenarios                      # the scenarios compiled in
  hotline-sim run --help                          # options of one command

Exit codes: 0 success, 2 invalid input (command line, --set, scenario), 1 internal error.)TXT";

constexpr const char* kRunFooter =
    R"TXT(Outputs (in --out DIR; each file appears only when complete):
  summary.json   every KPI (all, by grade, by fraud type, desks, conservation) + manifest
                 (program version, scenario SHA-256, seed, options, wall time)
  alerts.csv     one row per alert, in the order alerts closed (sort by id for arrival order)
  desks.csv      per desk and simulated hour: arrivals, queue, busy and staffed operators
  trace.jsonl    with --trace: every state change, one JSON object per line

Examples:
  hotline-sim run                                 # xizang.yaml, its own seed, into ./out
  hotline-sim run scenarios/tiny.yaml --seed 42 --out results/tiny --trace
  hotline-sim run xizang --set clock.horizon=30d --set fraud_types.loan.rate_per_day=50
  hotline-sim run my.yaml --quiet && jq .all.dissuaded_share out/summary.json)TXT";

constexpr const char* kValidateFooter = R"TXT(Examples:
  hotline-sim validate scenarios/tiny.yaml
  hotline-sim validate scenarios/*.yaml xizang

Prints "ok: FILE (N units, M desks, K fraud types, R rules)" per valid scenario and
"FILE:LINE:COL: error: ..." per invalid one; exits 2 if any is invalid.)TXT";

constexpr const char* kSchemaFooter = R"TXT(Example:
  hotline-sim schema > scenario.schema.json
  # then, in an editor with YAML language support, put this first line in a scenario:
  # yaml-language-server: $schema=./scenario.schema.json)TXT";

constexpr const char* kFormatDocFooter = R"TXT(Example:
  hotline-sim format-doc > docs/scenario-format.md)TXT";

constexpr const char* kListFooter = R"TXT(Example:
  hotline-sim list-scenarios
  hotline-sim run tiny            # run one of them by name)TXT";

// Strict: digits only (CLI11 would let "-1" wrap around to 2^64-1).
std::optional<std::uint64_t> parse_seed(const std::string& text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

int print_text(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  if (!text.empty() && text.back() != '\n') std::fputc('\n', stdout);
  return std::fflush(stdout) == 0 ? kExitOk : kExitInternal;
}

void setup_logging() {
  // The default spdlog logger writes to stdout; results own stdout, so logs go to stderr.
  auto logger = spdlog::stderr_color_mt("hotline-sim");
  logger->set_pattern("%^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::info);
}

}  // namespace

int main(int argc, char** argv) {
  setup_logging();

  CLI::App app{kDescription, "hotline-sim"};
  app.footer(kTopFooter);
  app.set_version_flag("--version", std::string("hotline-sim ") + HOTLINE_VERSION);
  app.require_subcommand(1);
  auto formatter = std::make_shared<HelpFormatter>();
  formatter->column_width(30);
  app.formatter(formatter);  // subcommands created below inherit it

  RunArgs run;
  std::string seed_text;
  CLI::App* run_cmd = app.add_subcommand(
      "run",
      "Run one replication of a scenario and write its results. The output directory receives "
      "summary.json, alerts.csv and desks.csv (plus trace.jsonl with --trace); stdout gets a "
      "summary of the KPIs per grade, per fraud type and per desk. Progress is shown on stderr "
      "for runs longer than a second.");
  run_cmd->footer(kRunFooter);
  run_cmd
      ->add_option("scenario", run.scenario,
                   "Scenario YAML file, or the name of a bundled scenario (see "
                   "list-scenarios); default: the bundled xizang.yaml")
      ->type_name("SCENARIO");
  CLI::Option* seed_opt =
      run_cmd
          ->add_option("--seed", seed_text,
                       "Random seed (unsigned integer); default: the scenario's `seed` key")
          ->type_name("N")
          ->check(CLI::Validator(
              [](std::string& text) {
                return parse_seed(text)
                           ? std::string{}
                           : "expected an unsigned integer below 2^64, got '" + text + "'";
              },
              "N", "seed"));
  run_cmd->add_option("--out", run.out_dir, "Output directory, created if missing")
      ->capture_default_str()
      ->type_name("DIR");
  run_cmd
      ->add_option("--set", run.sets,
                   "Override one scenario value, e.g. clock.horizon=30d (durations take units: "
                   "ms, s, min, h, d); repeat for several")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  run_cmd->add_flag("--trace", run.trace, "Also write trace.jsonl (large: ~100 bytes per event)");
  run_cmd->add_flag("--quiet", run.quiet, "No progress and no summary on stdout; only errors");

  std::vector<std::string> to_validate;
  CLI::App* validate_cmd = app.add_subcommand(
      "validate",
      "Check scenarios without running them. Checks YAML syntax, keys, types, units, ranges and "
      "cross-references (desks, units, fraud types, rule coverage). Each error names "
      "FILE:LINE:COL.");
  validate_cmd->footer(kValidateFooter);
  validate_cmd->add_option("scenario", to_validate, "Scenario files or bundled names")
      ->required()
      ->type_name("SCENARIO");

  CLI::App* list_cmd = app.add_subcommand(
      "list-scenarios", "List the scenarios compiled into the binary, usable by name in `run`.");
  list_cmd->footer(kListFooter);

  CLI::App* schema_cmd = app.add_subcommand(
      "schema",
      "Print a JSON Schema of the scenario format. The schema (draft 2020-12, on stdout) is for "
      "editors and linters; it is generated from the same key table the loader checks against.");
  schema_cmd->footer(kSchemaFooter);

  CLI::App* format_doc_cmd = app.add_subcommand(
      "format-doc",
      "Print the scenario format reference. Markdown on stdout: every key with its type, unit, "
      "default and meaning, generated from the loader's key table.");
  format_doc_cmd->footer(kFormatDocFooter);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version arrive here too, with exit code 0.
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitInvalid;
  }

  try {
    if (*run_cmd) {
      if (seed_opt->count() > 0) run.seed = parse_seed(seed_text);
      if (run.quiet) spdlog::set_level(spdlog::level::warn);
      return run_command(run);
    }
    if (*validate_cmd) return validate_command(to_validate);
    if (*list_cmd) return list_scenarios_command();
    if (*schema_cmd) return print_text(hotline::scenario::scenario_json_schema());
    if (*format_doc_cmd) return print_text(hotline::scenario::scenario_format_markdown());
  } catch (const hotline::scenario::ScenarioError& e) {
    std::fputs(e.what(), stderr);
    std::fputc('\n', stderr);
    return kExitInvalid;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hotline-sim: error: %s\n", e.what());
    return kExitInternal;
  }
  return kExitInvalid;  // unreachable: require_subcommand(1)
}
