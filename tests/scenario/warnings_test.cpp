// Planning mistakes that still run are warnings (docs/scenario-format.md, "Errors and
// warnings"): every tests/scenarios/warnings/NAME.yaml loads, and its first warning is the line
// in NAME.expected (HOTLINE_UPDATE_GOLDEN=1 rewrites them). The bundled scenarios have none.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "hotline/scenario/embedded.hpp"
#include "hotline/scenario/loader.hpp"
#include "test_support.hpp"

using namespace hotline::scenario;
using namespace hotline::scenario::testing;
namespace fs = std::filesystem;

TEST_CASE("every warning case loads, with its expected first warning") {
  const char* update = std::getenv("HOTLINE_UPDATE_GOLDEN");
  const auto files = yaml_files(fs::path(HOTLINE_SOURCE_DIR) / "tests/scenarios/warnings");
  CHECK(files.size() >= 7);
  for (const fs::path& f : files) {
    const std::string name = f.filename().string();
    CAPTURE(name);
    const Scenario s = load_scenario_text(read_text(f), name);
    REQUIRE_MESSAGE(!s.warnings.empty(), "loaded without a warning");
    const std::string got = s.warnings.front().text();
    CHECK(got.rfind(name + ":", 0) == 0);
    CHECK(got.find(": warning: ") != std::string::npos);
    CHECK(s.warnings.front().line > 0);
    const fs::path expected_file = fs::path(f).replace_extension(".expected");
    if (update != nullptr && std::string(update) == "1") {
      std::ofstream(expected_file, std::ios::binary) << got << "\n";
      continue;
    }
    std::string expected = read_text(expected_file);
    CHECK(got == expected.substr(0, expected.find('\n')));
  }
}

TEST_CASE("the bundled scenarios load without warnings") {
  for (const EmbeddedScenario& e : embedded_scenarios()) {
    CAPTURE(e.file_name);
    const Scenario s = load_scenario_text(e.text, std::string(e.file_name));
    for (const ScenarioWarning& w : s.warnings) FAIL_CHECK(w.text());
  }
}

TEST_CASE("a warning says --strict when printed as an error") {
  const ScenarioWarning w{"a.yaml", 3, 7, "surge 'x' lies outside the run"};
  CHECK(w.text() == "a.yaml:3:7: warning: surge 'x' lies outside the run");
  CHECK(w.text("error") == "a.yaml:3:7: error: surge 'x' lies outside the run");
}

TEST_CASE("a surge left outside a shortened run by --set warns, and points at the file") {
  const fs::path tiny = fs::path(HOTLINE_SOURCE_DIR) / "scenarios/tiny.yaml";
  const Scenario s = load_scenario_text(read_text(tiny), "tiny.yaml", {{"clock.horizon", "12h"}});
  REQUIRE(s.warnings.size() == 1);
  CHECK(s.warnings[0].text().rfind("tiny.yaml:105:", 0) == 0);
  CHECK(s.warnings[0].message.find("surge 'evening promotion'") != std::string::npos);
}
