// Converts a parsed, guarded YAML document into a validated Scenario. Internal to the scenario
// layer; see hotline/scenario/loader.hpp for the contract and hotline/spec/scenario.hpp for the
// invariants.
#pragma once

#include <array>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "hotline/spec/scenario.hpp"
#include "reader.hpp"

namespace hotline::scenario::detail {

class ScenarioBuilder {
 public:
  ScenarioBuilder(Reader& reader, YAML::Node root) : r_(reader), root_(std::move(root)) {}
  // Fills everything but source_name/source_text. Throws ScenarioError on the first problem.
  Scenario build();

 private:
  static constexpr int kWeekMinutes = 7 * 24 * 60;
  // Ten million a day per source: 250 times a national year's daily volume (40.6 M warning
  // instructions a year ~ 110,000 a day). Above it a run would only exhaust memory.
  static constexpr double kMaxRatePerDay = 1e7;
  static constexpr std::size_t kMaxLanguages = 64;
  std::set<std::string> languages_;
  struct OfficerSources {
    YAML::Node own, generated, defaults;
  };
  struct KindInfo {
    YAML::Node node, roster;
    std::vector<int> staff;  // headcount per minute of the week
  };

  // A daily arrival rate: > 0 and at most kMaxRatePerDay.
  double rate(const YAML::Node& n);
  // Records a language code; the model keeps each desk's languages in a 64-bit set.
  void note_language(const std::string& code, const YAML::Node& at);
  void read_clock();
  void read_levels();
  void read_units();
  void add_unit(const YAML::Node& n, int parent, int level);
  void add_generated(const YAML::Node& gen, int parent, int level);
  OfficerSpec resolve_officers(const OfficerSources& src, const YAML::Node& at,
                               const std::string& unit_id);
  void check_officers_node(const YAML::Node& n);
  int register_unit(const std::string& id, const YAML::Node& at);
  void read_desks();
  std::array<bool, 7> read_days(const YAML::Node& n);
  void read_fraud_types();
  void read_surges();
  void read_inbound();
  void read_robot_sms();
  void read_dissuasion();
  void read_rules();
  void read_injects();
  void read_reporting();
  int inject_desk(const YAML::Node& ref, const std::unordered_map<std::string, int>& index,
                  const std::vector<std::string>& ids);
  Duration inject_window(const YAML::Node& body, std::string_view section);
  void check_plan(RuleSpec& rule, const YAML::Node& plan_node);
  void check_coverage(const YAML::Node& rules_node);
  void require_staff(int kind, const std::string& why);
  void require_desk_above_every_leaf(int kind, const YAML::Node& at, const std::string& who);

  int lookup(const std::unordered_map<std::string, int>& index, const YAML::Node& ref,
             std::string_view what, const std::vector<std::string>& names);
  std::vector<std::string> type_ids() const;

  Reader& r_;
  YAML::Node root_;
  Scenario s_;
  std::unordered_map<std::string, int> unit_index_, kind_index_, type_index_, level_index_;
  std::vector<YAML::Node> unit_nodes_;  // for explicit units (generated ones hold their block)
  YAML::Node community_defaults_;
  std::vector<KindInfo> kinds_;
};

}  // namespace hotline::scenario::detail
