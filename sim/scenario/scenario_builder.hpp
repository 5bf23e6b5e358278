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
#include "language_table.hpp"
#include "reader.hpp"

namespace hotline::scenario::detail {

class ScenarioBuilder {
 public:
  ScenarioBuilder(Reader& reader, YAML::Node root)
      : r_(reader), root_(std::move(root)), langs_(reader) {}
  // Fills everything but source_name/source_text. Throws ScenarioError on the first problem.
  Scenario build();

 private:
  static constexpr int kWeekMinutes = 7 * 24 * 60;
  struct OfficerSources {
    YAML::Node own, generated, defaults;
  };
  struct KindInfo {
    YAML::Node node, roster;
    std::vector<int> staff;  // headcount per minute of the week
    bool staffed_checked;    // require_staff passed
    bool covers_checked;     // require_desk_above_every_leaf passed
  };

  // A daily arrival rate: > 0 and at most kMaxRatePerDay.
  double rate(const YAML::Node& n);
  // A language code's index in Scenario::languages (LanguageTable checks it).
  int language_id(const std::string& code, const YAML::Node& at) { return langs_.id(code, at); }
  void read_roster(const YAML::Node& roster, DeskSpec& proto, const std::string& kind,
                   std::vector<int>& staff);
  std::unordered_map<int, YAML::Node> read_instances(const YAML::Node& desk,
                                                     const std::string& kind,
                                                     const std::vector<int>& at_units, bool single);
  void apply_instance(DeskSpec& d, const YAML::Node& kind_roster, const YAML::Node& instance,
                      const std::string& kind);
  // A shift's `staff:` (headcount by skill set), `shrinkage` and `handover` (as breaks).
  void read_staff(const YAML::Node& shift_node, ShiftSpec& sh, DeskSpec& proto,
                  const std::string& kind);
  void add_shrinkage(const YAML::Node& shift_node, ShiftSpec& sh, const std::string& kind);
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
  void read_costs();
  void read_training();
  int read_push_tier(const YAML::Node& n);
  int inject_desk(const YAML::Node& ref, const std::unordered_map<std::string, int>& index,
                  const std::vector<std::string>& ids);
  Duration inject_window(const YAML::Node& body, std::string_view section);
  void check_plan(RuleSpec& rule, const YAML::Node& plan_node);
  void check_coverage(const YAML::Node& rules_node);
  // A rule no alert can reach because earlier rules take all it matches: an error when one
  // earlier rule does, a warning when only several together do.
  void check_reachable_rules();
  // Fraud type languages against the desks': a code differing only in case is an error, one
  // no desk speaks a warning.
  void check_languages(const YAML::Node& types);
  // The peak arrival rate of the whole scenario (types after surges and surge injects, plus
  // inbound times desk instances) within kMaxRatePerDay.
  void check_total_rate();
  void require_staff(int kind, const std::string& why);
  void require_desk_above_every_leaf(int kind, const YAML::Node& at, const std::string& who);

  int lookup(const std::unordered_map<std::string, int>& index, const YAML::Node& ref,
             std::string_view what, const std::vector<std::string>& names);
  std::vector<std::string> type_ids() const;
  std::vector<std::string> unit_ids_for_hints() const;
  // handling.call_answered_by of each desk kind, once the fraud types are known.
  void read_call_times();
  std::vector<std::pair<int, YAML::Node>> call_time_nodes_;  // (desk kind, the list)

  Reader& r_;
  YAML::Node root_;
  LanguageTable langs_;
  Scenario s_;
  std::unordered_map<std::string, int> unit_index_, kind_index_, type_index_, level_index_;
  std::vector<YAML::Node> unit_nodes_;  // for explicit units (generated ones hold their block)
  YAML::Node community_defaults_;
  std::vector<KindInfo> kinds_;
  // Nodes the whole-scenario checks point at: rate_per_day of each fraud type and inbound
  // source, multiplier of each surge; and the surge injects in file order.
  std::vector<YAML::Node> type_rate_nodes_, inbound_rate_nodes_, surge_nodes_;
  struct InjectSurge {
    engine::CivilTime at;
    Duration duration;
    double multiplier;
    std::vector<int> fraud_types;
    YAML::Node multiplier_node;
  };
  std::vector<InjectSurge> inject_surges_;
  std::vector<YAML::Node> rule_nodes_;
  std::size_t roster_entries_ = 0;  // shifts + languages over all desk instances
  YAML::Node robot_node_;           // the robot: block, or an absent node
  bool any_officers_ = false;       // some leaf has officers (count > 0)
};

}  // namespace hotline::scenario::detail
