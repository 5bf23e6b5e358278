// Hostile inputs kept as regression tests (see docs/robustness.md):
//   * tests/scenarios/crashes/*.yaml: every input the fuzzer (fuzz/) ever flagged. Each must now
//     load or fail with a clean, located ScenarioError, quickly, and a loaded scenario must keep
//     every invariant of hotline/spec/scenario.hpp. The input format is the harness's: leading
//     `#set KEY=VALUE` lines are applied as --set overrides (fuzz/fuzz_input.hpp).
//   * tests/scenarios/invalid/set/*.yaml: --set paths and values that cannot apply, each with
//     the expected first error line in NAME.expected.
//   * generated inputs too large to commit (values limit).
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

// The harness's own driver, so that a saved crash replays exactly as it was found.
#include "../../fuzz/fuzz_input.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace hotline::scenario::testing;
using hotline::fuzz::FuzzOutcome;
using hotline::fuzz::run_fuzz_input;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST_CASE("every input that ever crashed the loader now loads or fails cleanly, fast") {
  const auto files = yaml_files(fs::path(HOTLINE_SOURCE_DIR) / "tests/scenarios/crashes");
  CHECK(files.size() >= 1);
  for (const fs::path& f : files) {
    const std::string name = f.filename().string();
    CAPTURE(name);
    const auto t0 = std::chrono::steady_clock::now();
    const FuzzOutcome out = run_fuzz_input(read_text(f), name);
    const double seconds = seconds_since(t0);
    CHECK_MESSAGE(out.finding.empty(), out.finding);
    CHECK((out.loaded || !out.error.empty()));
    CHECK(seconds < kSecondsLimit);
  }
}

TEST_CASE("--set paths and values that cannot apply fail with their expected message") {
  const auto files = yaml_files(fs::path(HOTLINE_SOURCE_DIR) / "tests/scenarios/invalid/set");
  CHECK(files.size() >= 20);
  for (const fs::path& f : files) {
    const std::string name = f.filename().string();
    CAPTURE(name);
    const FuzzOutcome out = run_fuzz_input(read_text(f), name);
    CHECK_MESSAGE(out.finding.empty(), out.finding);
    const std::string got = !out.override_error.empty() ? out.override_error : out.error;
    REQUIRE_MESSAGE(!got.empty(), "loaded without error");
    CHECK(got.rfind("--set:1:", 0) == 0);
    std::string expected = read_text(fs::path(f).replace_extension(".expected"));
    expected = expected.substr(0, expected.find('\n'));
    CHECK(got == expected);
  }
}

TEST_CASE("a document with more values than the limit is rejected before parsing") {
  // "seed:" counts 2 values and each "- 1" item 2 more: the dash of item 125,000 is value 250,001.
  std::string text = "seed:\n";
  for (int i = 0; i < 125'001; ++i) text += "- 1\n";
  const auto t0 = std::chrono::steady_clock::now();
  const FuzzOutcome out = run_fuzz_input(text, "many.yaml");
  CHECK(out.finding.empty());
  CHECK(out.error == "many.yaml:125001:1: error: document has more than 250000 values (limit)");
  CHECK(seconds_since(t0) < kSecondsLimit);
}

TEST_CASE("a flow list of a million numbers is rejected without building it") {
  std::string text = "seed: [";
  for (int i = 0; i < 1'000'000; ++i) text += "1,";
  text += "1]\n";
  const auto t0 = std::chrono::steady_clock::now();
  const FuzzOutcome out = run_fuzz_input(text, "flow.yaml");
  CHECK(out.error.find("flow.yaml:1:") == 0);
  CHECK(out.error.find("document has more than 250000 values (limit)") != std::string::npos);
  CHECK(seconds_since(t0) < kSecondsLimit);
}

TEST_CASE("a byte order mark after the start is an error, not part of a key") {
  const FuzzOutcome out = run_fuzz_input("seed: 1\n\xEF\xBB\xBFseed: 2\n", "bom.yaml");
  CHECK(out.error ==
        "bom.yaml:2:1: error: byte order mark (U+FEFF) after the start of the file (remove it; "
        "only one, at the very start, is allowed)");
}
