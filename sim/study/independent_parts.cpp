#include "hotline/study/independent_parts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <set>

namespace hotline::study {

namespace {

// Union-find over nodes: units first, then desks, then the robot pools.
class Sets {
 public:
  explicit Sets(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  std::size_t find(std::size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  // The smaller root wins, so the result does not depend on the order of the joins.
  void join(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<std::size_t> parent_;
};

bool rule_can_match(const scenario::RuleSpec& r, int unit) {
  if (r.match.unit_ranges.empty()) return true;
  for (const auto& [first, last] : r.match.unit_ranges)
    if (unit >= first && unit < last) return true;
  return false;
}

std::string quoted_list(const std::set<std::string>& names) {
  std::string out;
  std::size_t i = 0;
  for (const std::string& n : names) {
    if (i == 3) return out + fmt::format(" and {} more", names.size() - 3);
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += "'" + n + "'";
    ++i;
  }
  return out;
}

}  // namespace

IndependentParts independent_parts(const scenario::Scenario& s) {
  const std::size_t nunits = s.units.size();
  const std::size_t ndesks = s.desks.size();
  const std::size_t robot = nunits + ndesks;  // the first robot pool's node
  const scenario::RobotPools pools = scenario::robot_pools(s);
  Sets sets(robot + pools.unit.size());

  // The desk of each kind at each unit, and each unit's push-receiving desk.
  const std::size_t nkinds = s.desk_kinds.size();
  std::vector<int> kind_at(nunits * nkinds, -1);
  std::vector<int> push_at(nunits, -1);
  for (std::size_t d = 0; d < ndesks; ++d) {
    const auto& desk = s.desks[d];
    kind_at[static_cast<std::size_t>(desk.unit) * nkinds +
            static_cast<std::size_t>(desk.kind_index)] = static_cast<int>(d);
    if (desk.receives_pushes) push_at[static_cast<std::size_t>(desk.unit)] = static_cast<int>(d);
  }
  // Ancestors of a unit, itself first.
  auto ancestors = [&](int u) {
    std::vector<int> chain;
    for (; u >= 0; u = s.units[static_cast<std::size_t>(u)].parent) chain.push_back(u);
    return chain;
  };

  // A community's unit just below the root (a region, in a national scenario).
  auto top_of = [&](int u) {
    int top = u;
    for (; u >= 0 && s.units[static_cast<std::size_t>(u)].level >= 1;
         u = s.units[static_cast<std::size_t>(u)].parent)
      top = u;
    return top;
  };
  std::vector<bool> desk_used(ndesks, false);
  // Per desk: the first top unit that uses it and whether another does too; the rules that
  // use it, by index (a national walk makes a million uses: flags, not sets), named at the end.
  std::vector<int> desk_top(ndesks, -1);
  std::vector<char> desk_tops_many(ndesks, 0);
  std::vector<std::vector<char>> desk_rule_used(ndesks);
  std::set<int> robot_rules;
  auto use_desk = [&](int leaf, int d, int rule) {
    const auto i = static_cast<std::size_t>(d);
    const int top = top_of(leaf);
    if (desk_top[i] < 0) desk_top[i] = top;
    desk_tops_many[i] |= desk_top[i] != top;
    sets.join(static_cast<std::size_t>(leaf), nunits + i);
    desk_used[i] = true;
    if (desk_rule_used[i].empty()) desk_rule_used[i].assign(s.rules.size(), 0);
    desk_rule_used[i][static_cast<std::size_t>(rule)] = 1;
  };
  auto names = [&](const std::set<int>& rules) {
    std::set<std::string> out;
    for (int r : rules) out.insert(s.rules[static_cast<std::size_t>(r)].name);
    return out;
  };
  for (std::size_t u = 0; u < nunits; ++u) {
    if (!s.units[u].children.empty()) continue;
    const int leaf = static_cast<int>(u);
    const std::vector<int> chain = ancestors(leaf);
    for (std::size_t ri = 0; ri < s.rules.size(); ++ri) {
      const scenario::RuleSpec& rule = s.rules[ri];
      const int rule_index = static_cast<int>(ri);
      if (!rule_can_match(rule, leaf)) continue;
      for (const scenario::StepSpec& step : rule.plan) {
        switch (step.kind) {
          case scenario::StepKind::call: {
            if (step.desk >= 0) {
              use_desk(leaf, step.desk, rule_index);
              break;
            }
            for (int a : chain) {
              const int d = kind_at[static_cast<std::size_t>(a) * nkinds +
                                    static_cast<std::size_t>(step.desk_kind)];
              if (d >= 0) {
                use_desk(leaf, d, rule_index);
                break;
              }
            }
            break;
          }
          case scenario::StepKind::push:
            for (int a : chain) {
              const int level = s.units[static_cast<std::size_t>(a)].level;
              if (level >= 1 && level <= step.to_level && push_at[static_cast<std::size_t>(a)] >= 0)
                use_desk(leaf, push_at[static_cast<std::size_t>(a)], rule_index);
            }
            break;
          case scenario::StepKind::robot_call:
            if (s.robot.lines > 0) {
              sets.join(static_cast<std::size_t>(leaf),
                        robot + static_cast<std::size_t>(pools.of_unit[u]));
              robot_rules.insert(rule_index);
            }
            break;
          case scenario::StepKind::sms:
          case scenario::StepKind::visit:
            break;  // SMS take no shared resource; a visit takes the community's own officers
        }
      }
    }
  }
  // Cover: a waiting visit may take an officer of another community of the same parent.
  // Without cover the communities of a parent still report as one pool of officers
  // (RunResult::pools), so they stay in one part too, whose collector holds the pool whole.
  bool any_visit = false;
  for (const auto& rule : s.rules)
    for (const auto& step : rule.plan) any_visit |= step.kind == scenario::StepKind::visit;
  std::set<int> cover_parents;
  for (std::size_t u = 0; u < nunits; ++u) {
    const auto& unit = s.units[u];
    if (!unit.children.empty() || unit.parent < 0 || unit.officers.count <= 0) continue;
    const bool cover = any_visit && unit.officers.cover_after >= engine::Duration{0};
    for (int sib : s.units[static_cast<std::size_t>(unit.parent)].children) {
      const auto& other = s.units[static_cast<std::size_t>(sib)];
      if (other.children.empty() && (cover || other.officers.count > 0))
        sets.join(u, static_cast<std::size_t>(sib));
    }
    if (cover) cover_parents.insert(unit.parent);
  }

  // Number the parts in unit order (the first community of each part).
  IndependentParts out;
  out.unit_part.assign(nunits, -1);
  out.desk_part.assign(ndesks, -1);
  std::vector<int> number(robot + pools.unit.size(), -1);
  for (std::size_t u = 0; u < nunits; ++u) {
    if (!s.units[u].children.empty()) continue;
    int& n = number[sets.find(u)];
    if (n < 0) {
      n = out.count++;
      out.communities.push_back(0);
    }
    out.unit_part[u] = n;
    ++out.communities[static_cast<std::size_t>(n)];
  }
  for (std::size_t d = 0; d < ndesks; ++d)
    if (desk_used[d]) out.desk_part[d] = number[sets.find(nunits + d)];
  out.robot_pool_part.assign(pools.unit.size(), -1);
  for (std::size_t p = 0; p < pools.unit.size(); ++p)
    out.robot_pool_part[p] = number[sets.find(robot + p)];

  // What joins the units below the root: resources whose communities lie under several of them
  // (a robot pool per region never does).
  std::set<int> robot_tops;
  for (std::size_t u = 0; u < nunits; ++u) {
    if (!s.units[u].children.empty() || s.robot.per_region) continue;
    const int top = top_of(static_cast<int>(u));
    if (sets.find(u) == sets.find(robot) && !robot_rules.empty()) robot_tops.insert(top);
  }
  if (robot_tops.size() > 1)
    out.joined_by.push_back(fmt::format("the robot pool ({} line{}), used by rule{} {}",
                                        s.robot.lines, s.robot.lines == 1 ? "" : "s",
                                        robot_rules.size() == 1 ? "" : "s",
                                        quoted_list(names(robot_rules))));
  for (std::size_t d = 0; d < ndesks; ++d) {
    if (!desk_tops_many[d]) continue;
    std::set<int> desk_rules;
    for (std::size_t r = 0; r < desk_rule_used[d].size(); ++r)
      if (desk_rule_used[d][r]) desk_rules.insert(static_cast<int>(r));
    out.joined_by.push_back(fmt::format("desk '{}' at '{}', used by rule{} {}", s.desks[d].id,
                                        s.units[static_cast<std::size_t>(s.desks[d].unit)].id,
                                        desk_rules.size() == 1 ? "" : "s",
                                        quoted_list(names(desk_rules))));
  }
  for (int p : cover_parents)
    if (s.units[static_cast<std::size_t>(p)].level < 1)
      out.joined_by.push_back(fmt::format("officer cover between the communities under '{}'",
                                          s.units[static_cast<std::size_t>(p)].id));
  return out;
}

}  // namespace hotline::study
