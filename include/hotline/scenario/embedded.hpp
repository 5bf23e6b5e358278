// The bundled scenarios (scenarios/*.yaml), compiled into the binary.
#pragma once

#include <string_view>
#include <vector>

namespace hotline::scenario {

struct EmbeddedScenario {
  std::string_view file_name;  // e.g. "xizang.yaml"
  std::string_view text;
};

const std::vector<EmbeddedScenario>& embedded_scenarios();

}  // namespace hotline::scenario
