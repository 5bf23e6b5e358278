// The layers hold: every #include in include/ and sim/ follows the layer graph below, and
// CMakeLists.txt links the layers along exactly the same edges (docs/architecture.md).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "include_checker.hpp"

using namespace hotline::testing;
namespace fs = std::filesystem;

namespace {

// The layer graph, the one table of it: the layers each layer uses directly, bottom-up (a layer
// uses only layers above it in this table). PUBLIC: a public header (include/hotline/<layer>/)
// needs it, so CMake passes it on to the layer's users; PRIVATE: only sim/<layer>/ does.
// A layer may include itself and every layer it reaches over these edges; a public header only
// what it reaches over PUBLIC edges; cli, through report, reaches everything.
// CMakeLists.txt declares the same edges (the second test case holds it to this table).
const LayerGraph kLayerGraph = {
    // layer       PUBLIC               PRIVATE
    {"engine", {}, {}},
    {"spec", {"engine"}, {}},
    {"model", {"engine", "spec"}, {}},
    {"dispatch", {"model", "spec"}, {}},
    {"scenario", {"spec"}, {"engine"}},
    {"metrics", {"model"}, {}},
    {"study", {"model", "metrics", "scenario"}, {"dispatch"}},
    {"report", {"study"}, {}},
    {"live", {"dispatch"}, {"report"}},
    {"cli", {}, {"live", "report", "study", "scenario"}},
};

const fs::path kSourceDir = HOTLINE_SOURCE_DIR;
const fs::path kFixtures = kSourceDir / "tests" / "layers" / "fixtures";

std::vector<LayerViolation> check_tree(const fs::path& root) {
  REQUIRE(fs::is_directory(root));
  return check_layer_includes(kLayerGraph, scan_layer_includes(root));
}

// "study: PUBLIC metrics model PRIVATE dispatch scenario", edges sorted.
std::string row(const LayerEdges& l) {
  std::string out = l.name + ": PUBLIC";
  for (const auto& u : std::set<std::string>(l.public_uses.begin(), l.public_uses.end())) {
    out += " " + u;
  }
  out += " PRIVATE";
  for (const auto& u : std::set<std::string>(l.private_uses.begin(), l.private_uses.end())) {
    out += " " + u;
  }
  return out;
}

}  // namespace

TEST_CASE("every #include in include/ and sim/ follows the layer graph") {
  const auto includes = scan_layer_includes(kSourceDir);
  REQUIRE(includes.size() > 100);  // the scan found the tree
  const auto violations = check_layer_includes(kLayerGraph, includes);
  for (const auto& v : violations) FAIL_CHECK(v.describe());
  CHECK(violations.empty());

  // Edges nobody uses are not errors (the graph is the architecture's), but say so.
  for (const auto& l : kLayerGraph) {
    for (const bool is_public : {true, false}) {
      for (const auto& u : is_public ? l.public_uses : l.private_uses) {
        bool used = false;
        for (const auto& inc : includes) {
          used |= inc.from == l.name && inc.to == u && (!is_public || inc.from_public_header);
        }
        if (!used) {
          const std::string how = is_public ? "PUBLIC, but no public header" : "PRIVATE";
          MESSAGE("declared but not included: ", l.name, " -> ", u, " (", how, ")");
        }
      }
    }
  }
}

TEST_CASE("CMakeLists.txt links the layers along the same graph") {
  const fs::path written = fs::path(HOTLINE_BINARY_DIR) / "layer_graph.txt";
  REQUIRE_MESSAGE(fs::exists(written), written.string(), " is written when CMake configures");
  const LayerGraph cmake = read_layer_graph(written);
  std::set<std::string> table_rows, cmake_rows;
  for (const auto& l : kLayerGraph) table_rows.insert(row(l));
  for (const auto& l : cmake) cmake_rows.insert(row(l));
  for (const auto& r : table_rows) {
    CHECK_MESSAGE(cmake_rows.count(r), "the table has \"", r, "\", CMakeLists.txt does not");
  }
  for (const auto& r : cmake_rows) {
    CHECK_MESSAGE(table_rows.count(r), "CMakeLists.txt has \"", r, "\", the table does not");
  }
}

TEST_CASE("the layer graph is acyclic and cli reaches every layer") {
  std::set<std::string> below;
  for (const auto& l : kLayerGraph) {
    for (const auto* uses : {&l.public_uses, &l.private_uses}) {
      for (const auto& u : *uses) CHECK_MESSAGE(below.count(u), l.name, " uses ", u);
    }
    below.insert(l.name);
  }
  CHECK(reachable_layers(kLayerGraph, "cli", false) == below);
  CHECK(reachable_layers(kLayerGraph, "engine", false) == std::set<std::string>{"engine"});
  CHECK(reachable_layers(kLayerGraph, "study", true) ==
        std::set<std::string>{"engine", "metrics", "model", "scenario", "spec", "study"});
}

TEST_CASE("the checker reports a wrong-way include, and only that one") {
  const auto includes = scan_layer_includes(kFixtures / "wrong_way");
  // Three in clock.hpp, two each in alert.hpp and table.hpp, one in alert_detail.hpp, three in
  // alert.cpp (not the three in comments), three in main.cpp.
  CHECK(includes.size() == 14);
  const auto v = check_layer_includes(kLayerGraph, includes);
  REQUIRE(v.size() == 1);
  CHECK(v[0].file == "include/hotline/engine/clock.hpp");
  CHECK(v[0].line == 9);
  CHECK(v[0].from == "engine");
  CHECK(v[0].to == "model");
  CHECK(v[0].describe() ==
        "include/hotline/engine/clock.hpp:9: engine -> model "
        "(#include \"hotline/model/alert.hpp\"): engine may include only engine");
}

TEST_CASE("the checker resolves a relative include into another layer") {
  const auto v = check_tree(kFixtures / "relative_include");
  REQUIRE(v.size() == 1);
  CHECK(v[0].file == "sim/model/handler.cpp");
  CHECK(v[0].line == 5);
  CHECK(v[0].from == "model");
  CHECK(v[0].to == "dispatch");
  CHECK(v[0].text == "../dispatch/rule.hpp");
}

TEST_CASE("the checker reports a public header that needs a PRIVATE edge") {
  const auto v = check_tree(kFixtures / "private_edge");
  REQUIRE(v.size() == 1);
  CHECK(v[0].file == "include/hotline/study/run.hpp");
  CHECK(v[0].line == 4);
  CHECK(v[0].from == "study");
  CHECK(v[0].to == "dispatch");
  CHECK(v[0].reason.find("PRIVATE") != std::string::npos);
}

TEST_CASE("the checker reports a layer the graph does not know") {
  const auto v = check_tree(kFixtures / "unknown_layer");
  REQUIRE(v.size() == 1);
  CHECK(v[0].file == "sim/kiosk/session.cpp");
  CHECK(v[0].line == 2);
  CHECK(v[0].from == "kiosk");
  CHECK(v[0].to == "study");
  CHECK(v[0].reason.find("'kiosk'") != std::string::npos);
}

TEST_CASE("Boost.Asio and Boost.Beast are used only by the live layer") {
  std::vector<std::string> outside;
  for (const char* top : {"include", "sim"}) {
    for (const auto& e : fs::recursive_directory_iterator(kSourceDir / top)) {
      if (!e.is_regular_file()) continue;
      const std::string rel = fs::relative(e.path(), kSourceDir).generic_string();
      if (rel.starts_with("include/hotline/live/") || rel.starts_with("sim/live/")) continue;
      std::ifstream in(e.path());
      std::string line;
      while (std::getline(in, line))
        if (line.find("#include <boost/asio") != std::string::npos ||
            line.find("#include <boost/beast") != std::string::npos)
          outside.push_back(rel + ": " + line);
    }
  }
  const std::string first = outside.empty() ? std::string() : outside.front();
  CHECK_MESSAGE(outside.empty(), first);
}
