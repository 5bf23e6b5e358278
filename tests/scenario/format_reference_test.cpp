// The key table drives the reference docs and the JSON Schema; the committed
// docs/scenario-format.md must equal the generated text (HOTLINE_UPDATE_DOCS=1 rewrites it).
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "hotline/scenario/key_table.hpp"
#include "hotline/scenario/loader.hpp"

using namespace hotline::scenario;

TEST_CASE("docs/scenario-format.md is the generated reference") {
  const std::string path = std::string(HOTLINE_SOURCE_DIR) + "/docs/scenario-format.md";
  const std::string generated = scenario_format_markdown();
  const char* update = std::getenv("HOTLINE_UPDATE_DOCS");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << generated;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream committed;
  committed << in.rdbuf();
  CHECK_MESSAGE(committed.str() == generated,
                "docs/scenario-format.md is stale: run with HOTLINE_UPDATE_DOCS=1");
}

TEST_CASE("every key is declared once, in a declared section") {
  std::set<std::pair<std::string, std::string>> seen;
  for (const KeyInfo& k : scenario_keys()) {
    CAPTURE(k.key);
    CHECK(seen.emplace(std::string(k.section), std::string(k.key)).second);
    CHECK(find_section(k.section) != nullptr);
    CHECK(!k.description.empty());
    if (k.type == KeyType::section || k.type == KeyType::section_list)
      CHECK(find_section(k.target) != nullptr);
    CHECK_FALSE((k.required && !k.default_value.empty()));
  }
  for (const SectionInfo& s : scenario_sections()) {
    const std::string md = scenario_format_markdown();
    CHECK(md.find("### `" + std::string(s.name) + "`") != std::string::npos);
  }
}

TEST_CASE("the JSON Schema parses and describes every section and key") {
  const auto schema = nlohmann::json::parse(scenario_json_schema());
  CHECK(schema["$ref"] == "#/$defs/root");
  const auto& defs = schema["$defs"];
  for (const KeyInfo& k : scenario_keys()) {
    CAPTURE(k.key);
    REQUIRE(defs.contains(std::string(k.section)));
    CHECK(defs[std::string(k.section)]["properties"].contains(std::string(k.key)));
  }
  const auto& clock = defs["clock"];
  CHECK(clock["additionalProperties"] == false);
  CHECK(clock["required"] == nlohmann::json::array({"start", "horizon"}));
  CHECK(defs["step"]["properties"]["step"]["enum"] ==
        nlohmann::json::array({"sms", "robot_call", "call", "push", "visit"}));
}

TEST_CASE("defaults in the table are the values the loader applies") {
  // A scenario that leaves every optional key out gets the documented defaults.
  const std::string text = R"(clock: {start: "2021-09-06T00:00", horizon: 1d}
levels: [region, community]
organisation:
  id: r
  generate: {count: 1}
desks:
  - id: hot
    unit: r
    handling: {call_answered: 4min, call_unanswered: 40s, push: 2min}
    roster: [{name: all, start: "00:00", end: "00:00", headcount: 1}]
fraud_types:
  - id: loan
    rate_per_day: 10
    grades: {1: 1}
    amount: 1000
    time_to_loss: {1: 1h, 2: 2h, 3: 3h}
dispatch:
  rules: [{name: all, plan: [{id: call, step: call, desk: hot}]}]
)";
  const Scenario s = load_scenario_text(text, "defaults.yaml");
  CHECK(s.name == "unnamed");
  CHECK(s.seed == 1);
  CHECK(s.clock.warmup.count() == 0);
  CHECK(s.units.size() == 2);
  CHECK(s.units[1].id == "r/c1");
  CHECK(s.units[1].name == "r 1");
  CHECK(s.units[1].officers.count == 0);
  CHECK(s.units[1].officers.availability == 1.0);
  CHECK(s.desks[0].languages == std::vector<std::string>{"zh"});
  CHECK(s.desks[0].shifts[0].days == std::array<bool, 7>{true, true, true, true, true, true, true});
  CHECK(s.fraud_types[0].answer_prob == 0.7);
  CHECK(s.fraud_types[0].engaged_prob == 0.2);
  CHECK(s.fraud_types[0].family_reach_prob == 0.5);
  CHECK(s.fraud_types[0].grade_mix == std::array<double, 3>{1, 0, 0});
  CHECK(s.robot.lines == 0);
  CHECK(s.robot.duration.mean() == 45000.0);
  CHECK(s.sms.delay.mean() == 10000.0);
  const double expected[] = {0.02, 0.08, 0.6, 0.5, 0.95};
  for (int c = 0; c < kChannels; ++c)
    CHECK(s.dissuasion.prob[c] == std::vector<double>{expected[c]});
  CHECK(s.dissuasion.language_mismatch == 0.5);
  const StepSpec& call = s.rules[0].plan[0];
  CHECK(call.attempts == 1);
  CHECK(call.retry_interval.count() == 5 * 60 * 1000);
  CHECK(call.priority == 0);
  CHECK_FALSE(call.family);
  CHECK(call.sla.count() == 0);
}

TEST_CASE("value ranges live in the key table and reach the docs and the JSON Schema") {
  const auto schema = nlohmann::json::parse(scenario_json_schema());
  const auto& defs = schema["$defs"];
  // Priorities: the desk queue's levels (issue 10, bug 3: 8 and 9 were accepted).
  const auto& step_priority = defs["step"]["properties"]["priority"];
  CHECK(step_priority["minimum"] == 0);
  CHECK(step_priority["maximum"] == kPriorities);
  CHECK(defs["inbound"]["properties"]["priority"]["minimum"] == 1);
  CHECK(defs["inbound"]["properties"]["priority"]["maximum"] == kPriorities);
  const auto& rate = defs["fraud_type"]["properties"]["rate_per_day"];
  CHECK(rate["exclusiveMinimum"] == 0);
  CHECK(rate["maximum"] == 1e7);
  CHECK(defs["fraud_type"]["properties"]["hour_profile"]["items"]["maximum"] == 1e9);
  CHECK(defs["surge"]["properties"]["multiplier"]["maximum"] == 1000);
  // Amount distributions have parameters within the amount range; durations are durations.
  CHECK(defs["fraud_type.amount.distribution"]["properties"]["mean"]["maximum"] == 1e12);
  CHECK(defs["duration_distribution"]["properties"]["mean"]["type"] == "string");
  CHECK(defs["desk"]["oneOf"].size() == 2);
  CHECK(defs["inject"]["oneOf"].size() == 5);

  const std::string md = scenario_format_markdown();
  CHECK(md.find("| `priority` | integer |  | [0, 7] | `0` |") != std::string::npos);
  CHECK(md.find("| `priority` | integer |  | [1, 7] | `4` |") != std::string::npos);
  CHECK(md.find("| `hour_profile` | list of numbers |  | each [0, 1e9] |") != std::string::npos);
}

TEST_CASE("ranges read as intervals") {
  CHECK(closed(1, 7).text() == "[1, 7]");
  CHECK(above_up_to(0, 1e12).text() == "(0, 1e12]");
  CHECK(above(0).text() == "> 0");
  CHECK(at_least(0).text() == ">= 0");
  CHECK(ValueRange{}.text().empty());
  CHECK(above_up_to(0, 1000).contains(1000));
  CHECK_FALSE(above_up_to(0, 1000).contains(0));
  CHECK(value_range(key_info("fraud_type", "answer_prob")).text() == "[0, 1]");
  CHECK_THROWS_AS(key_info("step", "no_such_key"), std::logic_error);
}
