// Every tests/scenarios/invalid/NAME.yaml must fail to load with exactly the first error line
// in NAME.expected, quickly. HOTLINE_UPDATE_GOLDEN=1 rewrites the .expected files (review the
// diff by hand: the messages are part of the user interface).
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "hotline/scenario/loader.hpp"
#include "test_support.hpp"

using namespace hotline::scenario;
namespace fs = std::filesystem;
using namespace hotline::scenario::testing;

namespace {

bool update_mode() {
  const char* v = std::getenv("HOTLINE_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

// The first line of the error, or "" when the scenario loaded.
std::string first_error(const std::string& text, const std::string& name, double& seconds) {
  const auto t0 = std::chrono::steady_clock::now();
  std::string msg;
  try {
    (void)load_scenario_text(text, name);
  } catch (const ScenarioError& e) {
    msg = e.what();
  }
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return msg.substr(0, msg.find('\n'));
}

}  // namespace

TEST_CASE("every invalid scenario fails with its expected message, quickly") {
  const fs::path dir = fs::path(HOTLINE_SOURCE_DIR) / "tests/scenarios/invalid";
  const std::vector<fs::path> files = yaml_files(dir);
  CHECK(files.size() >= 150);
  for (const fs::path& f : files) {
    const std::string name = f.filename().string();
    CAPTURE(name);
    double seconds = 0;
    const std::string got = first_error(read_text(f), name, seconds);
    CHECK_MESSAGE(!got.empty(), "loaded without error");
    CHECK(seconds < kSecondsLimit);
    const fs::path expected_file = fs::path(f).replace_extension(".expected");
    if (update_mode()) {
      std::ofstream(expected_file, std::ios::binary) << got << "\n";
      continue;
    }
    REQUIRE_MESSAGE(fs::exists(expected_file), "missing " << expected_file.string());
    std::string expected = read_text(expected_file);
    expected = expected.substr(0, expected.find('\n'));
    CHECK(got == expected);
    // The location prefix names the file, relative to the invalid folder.
    CHECK(got.rfind(name + ":", 0) == 0);
  }
}

TEST_CASE("ten thousand nested brackets are rejected before yaml-cpp recurses") {
  const std::string text = "seed: " + std::string(10000, '[') + std::string(10000, ']') + "\n";
  double seconds = 0;
  CHECK(first_error(text, "deep.yaml", seconds) ==
        "deep.yaml:1:70: error: collections nest deeper than 64 levels (limit)");
  CHECK(seconds < kSecondsLimit);
  const std::string flow_maps = "seed: " + std::string(10000, '{') + "\n";
  CHECK(first_error(flow_maps, "deep.yaml", seconds) ==
        "deep.yaml:1:70: error: collections nest deeper than 64 levels (limit)");
}

TEST_CASE("ten thousand nested block sequences are rejected") {
  std::string text = "seed:\n";
  for (int i = 0; i < 10000; ++i) text += "- ";
  text += "x\n";
  double seconds = 0;
  const std::string got = first_error(text, "dashes.yaml", seconds);
  CHECK(got.find("collections nest deeper than 64 levels (limit)") != std::string::npos);
  CHECK(got.rfind("dashes.yaml:2:", 0) == 0);
  CHECK(seconds < kSecondsLimit);
}

TEST_CASE("a file over the size limit is rejected without being read") {
  const fs::path p = fs::temp_directory_path() / "hotline_scenario_100mb.yaml";
  { std::ofstream(p, std::ios::binary) << "seed: 1\n"; }
  fs::resize_file(p, 100u << 20);  // sparse: instant, no 100 MB written
  const auto t0 = std::chrono::steady_clock::now();
  std::string got;
  try {
    (void)load_scenario_file(p.string());
  } catch (const ScenarioError& e) {
    got = e.what();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  fs::remove(p);
  CHECK(got == p.string() +
                   ": error: scenario is 104857600 bytes; the limit is 4194304 bytes "
                   "(4 MiB)");
  CHECK(seconds < kSecondsLimit);
}

TEST_CASE("text over the size limit is rejected by load_scenario_text too") {
  const std::string text(17u << 20, ' ');
  double seconds = 0;
  CHECK(first_error(text, "big.yaml", seconds) ==
        "big.yaml: error: scenario is 17825792 bytes; the limit is 4194304 bytes (4 MiB)");
}

TEST_CASE("a missing file is a located error, not a crash") {
  CHECK_THROWS_WITH_AS(load_scenario_file("/nonexistent/x.yaml"),
                       doctest::Contains("/nonexistent/x.yaml: error: cannot read file"),
                       ScenarioError);
}
