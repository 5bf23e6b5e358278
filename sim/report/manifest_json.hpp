// The manifest as a JSON object, shared by summary.json (one run) and the study outputs
// (replications, comparisons). Internal to the report layer.
#pragma once

#include <nlohmann/json.hpp>

#include "hotline/report/run_manifest.hpp"

namespace hotline::report::detail {

nlohmann::ordered_json manifest_json(const RunManifest& m);

}  // namespace hotline::report::detail
