#include "manifest_json.hpp"

#include <cmath>
#include <type_traits>

namespace hotline::report::detail {

namespace {

nlohmann::ordered_json value_json(const ManifestValue& v) {
  return std::visit(
      [](const auto& x) -> nlohmann::ordered_json {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return nlohmann::ordered_json(nullptr);
        } else {
          return nlohmann::ordered_json(x);
        }
      },
      v);
}

}  // namespace

nlohmann::ordered_json manifest_json(const RunManifest& m) {
  nlohmann::ordered_json j;
  j["program"] = m.program;
  j["version"] = m.version;
  j["scenario"] = m.scenario;
  j["scenario_name"] = m.scenario_name;
  j["scenario_sha256"] = m.scenario_sha256;
  j["seed"] = m.seed;
  j["replication"] = m.replication;
  if (m.parts > 1) j["parts"] = m.parts;
  nlohmann::ordered_json options = nlohmann::ordered_json::object();
  for (const auto& o : m.options) options[o.key] = value_json(o.value);
  j["options"] = std::move(options);
  j["horizon_days"] = m.horizon_days;
  j["warmup_days"] = m.warmup_days;
  j["events"] = m.events;
  // Millisecond resolution: more digits would only add noise to the one varying field.
  j["wall_time_s"] = std::round(m.wall_time_s * 1000.0) / 1000.0;
  return j;
}

}  // namespace hotline::report::detail
