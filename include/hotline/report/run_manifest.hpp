// What produced a result: program, scenario fingerprint, seed and options. Written as the
// "manifest" object of summary.json so any output can be traced back to its inputs and
// re-run. Only wall_time_s varies between two identical runs.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "hotline/spec/scenario.hpp"

namespace hotline::report {

// One option as given on the command line, typed so the JSON keeps its types.
// std::monostate = not given (JSON null).
using ManifestValue = std::variant<std::monostate, bool, std::uint64_t, double, std::string,
                                   std::vector<std::string>>;

struct ManifestOption {
  std::string key;
  ManifestValue value;
};

struct RunManifest {
  std::string program = "hotline-sim";
  std::string version = HOTLINE_VERSION;
  std::string scenario;         // Scenario::source_name (path or "<embedded:...>")
  std::string scenario_name;    // Scenario::name
  std::string scenario_sha256;  // of Scenario::source_text (the exact bytes loaded)
  std::uint64_t seed = 0;       // the seed actually used
  std::uint64_t replication = 0;
  // The independent parts the run was split into (Scenario::split, study::split_parts); 1 =
  // run whole. Written to summary.json only when > 1.
  int parts = 1;
  // Options that shape the results, in a stable order (e.g. seed, set, trace). Options that
  // only say where files go (--out) or how chatty to be (--quiet) are left out, so two runs
  // that differ only in those produce identical manifests.
  std::vector<ManifestOption> options;
  double horizon_days = 0;
  double warmup_days = 0;
  std::uint64_t events = 0;
  double wall_time_s = 0;
};

// For people, in run headers: where the scenario came from. "<embedded:tiny.yaml>" ->
// "the bundled tiny.yaml (compiled in)"; a path -> "file PATH".
std::string describe_scenario_source(const std::string& source_name);

// Fills scenario, scenario_name, scenario_sha256, seed, replication, horizon_days and
// warmup_days; the caller adds options, events and wall time.
RunManifest make_manifest(const scenario::Scenario& scenario, std::uint64_t seed,
                          std::uint64_t replication);

}  // namespace hotline::report
