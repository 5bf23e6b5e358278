// "Your file is your file": how load_scenario resolves its argument between the user's files
// and the bundled scenarios (issue 17).
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "hotline/scenario/embedded.hpp"
#include "hotline/scenario/loader.hpp"
#include "test_support.hpp"

using namespace hotline::scenario;
namespace fs = std::filesystem;

namespace {

std::string bundled_tiny() {
  for (const auto& e : embedded_scenarios())
    if (e.file_name == "tiny.yaml") return std::string(e.text);
  return {};
}

// Runs the test body in a fresh directory holding `files`, then returns to the old one.
struct InTempDir {
  fs::path old = fs::current_path();
  fs::path dir;
  explicit InTempDir(const char* name) {
    dir = fs::temp_directory_path() /
          ("hotline_resolution_" + std::to_string(::getpid()) + "_" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::current_path(dir);
  }
  ~InTempDir() {
    fs::current_path(old);
    fs::remove_all(dir);
  }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name, std::ios::binary) << text;
  }
};

// The bundled tiny.yaml with its scenario name changed, so the two can be told apart.
std::string edited_tiny(const std::string& new_name) {
  std::string text = bundled_tiny();
  const std::size_t at = text.find("name: tiny");
  REQUIRE(at != std::string::npos);
  text.replace(at, 10, "name: " + new_name);
  return text;
}

}  // namespace

TEST_CASE("an argument naming an existing file loads that file, not the bundled namesake") {
  REQUIRE_FALSE(bundled_tiny().empty());
  InTempDir here("own_file");
  here.write("tiny.yaml", edited_tiny("my-tiny"));
  const Scenario s = load_scenario("tiny.yaml");
  CHECK(s.name == "my-tiny");
  CHECK(s.source_name == "tiny.yaml");
  // validate and run go through the same function: the same holds for both.
}

TEST_CASE("errors in the user's file carry the user's file name and line numbers") {
  InTempDir here("own_error");
  std::string text = edited_tiny("broken");
  // Put the error on a line the bundled copy does not have it on: append an unknown key.
  const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  text += "no_such_key: 1\n";
  here.write("tiny.yaml", text);
  try {
    (void)load_scenario("tiny.yaml");
    FAIL("expected a ScenarioError");
  } catch (const ScenarioError& e) {
    CHECK(e.file() == "tiny.yaml");
    CHECK(e.line() == lines + 1);
    CHECK(std::string(e.what()).find("no_such_key") != std::string::npos);
  }
}

TEST_CASE("bundled:NAME is the compiled-in scenario even when a file of that name exists") {
  InTempDir here("prefix");
  here.write("tiny.yaml", edited_tiny("my-tiny"));
  for (const char* arg : {"bundled:tiny", "bundled:tiny.yaml"}) {
    CAPTURE(arg);
    const Scenario s = load_scenario(arg);
    CHECK(s.name == "tiny");
    CHECK(s.source_name == "<embedded:tiny.yaml>");
  }
  CHECK_THROWS_WITH_AS((void)load_scenario("bundled:nope"),
                       doctest::Contains("no bundled scenario 'nope' (bundled: "), ScenarioError);
}

TEST_CASE("a bare name without such a file is the bundled scenario") {
  InTempDir here("bare");
  const Scenario s = load_scenario("tiny");
  CHECK(s.source_name == "<embedded:tiny.yaml>");
  CHECK(load_scenario("tiny.yaml").source_name == "<embedded:tiny.yaml>");
  // A path (with '/') is never looked up among the bundled scenarios.
  CHECK_THROWS_WITH_AS((void)load_scenario("./tiny.yaml"), doctest::Contains("no such file"),
                       ScenarioError);
}

TEST_CASE("an empty scenario argument is an error, not the default") {
  CHECK_THROWS_WITH_AS((void)load_scenario(""), doctest::Contains("scenario argument is empty"),
                       ScenarioError);
}

TEST_CASE("a directory is not a scenario file") {
  InTempDir here("dir");
  fs::create_directories(here.dir / "tiny.yaml");
  CHECK_THROWS_WITH_AS((void)load_scenario("tiny.yaml"), doctest::Contains("is a directory"),
                       ScenarioError);
}
