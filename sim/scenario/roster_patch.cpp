#include "hotline/scenario/roster_patch.hpp"

#include <fmt/format.h>

#include <array>

namespace hotline::scenario {

namespace {

// A YAML double-quoted scalar (ids like "96110" must stay strings).
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string clock(int minute) {
  return fmt::format("\"{:02}:{:02}\"", minute / 60, minute % 60);
}

std::string days(const std::array<bool, 7>& d) {
  static constexpr std::array<const char*, 7> names = {"mon", "tue", "wed", "thu",
                                                       "fri", "sat", "sun"};
  if (d == std::array<bool, 7>{true, true, true, true, true, true, true}) return "all";
  std::string out = "[";
  for (std::size_t i = 0; i < 7; ++i)
    if (d[i]) out += std::string(out.size() > 1 ? ", " : "") + names[i];
  return out + "]";
}

void write_shifts(std::string& out, const Scenario& s,
                  const std::vector<std::vector<int>>& skill_sets,
                  const std::vector<ShiftSpec>& shifts, const std::string& indent) {
  out += indent + "roster:\n";
  for (const ShiftSpec& sh : shifts) {
    out += fmt::format("{}  - name: {}\n", indent, quoted(sh.name));
    const std::string in = indent + "    ";
    out += fmt::format("{}days: {}\n{}start: {}\n{}end: {}\n{}headcount: {}\n", in, days(sh.days),
                       in, clock(sh.start_minute), in, clock(sh.end_minute), in, sh.headcount);
    if (!skill_sets.empty()) {
      out += in + "staff:\n";
      for (std::size_t k = 0; k < sh.staff.size(); ++k) {
        if (sh.staff[k] == 0) continue;
        std::string codes;
        for (const int l : skill_sets[k])
          codes += (codes.empty() ? "" : ", ") + s.languages[static_cast<std::size_t>(l)].code;
        out += fmt::format("{}  - {{count: {}, languages: [{}]}}\n", in, sh.staff[k], codes);
      }
    }
    out += fmt::format("{}shrinkage: 0\n{}handover: 0s\n", in, in);
    if (sh.breaks.empty()) {
      out += in + "breaks: []\n";
      continue;
    }
    out += in + "breaks:\n";
    for (const BreakSpec& b : sh.breaks)
      out += fmt::format("{}  - {{start: {}, for: {}min, operators: {}}}\n", in,
                         clock(b.start_minute), b.minutes, b.operators);
  }
}

}  // namespace

std::string roster_patch(const Scenario& s) {
  std::string out = fmt::format(
      "# Rosters of scenario '{}', written by `hotline-sim roster`.\n"
      "# Apply with: hotline-sim run SCENARIO --patch THIS_FILE\n"
      "desks:\n",
      s.name);
  for (std::size_t k = 0; k < s.desk_kinds.size(); ++k) {
    const Scenario::KindRoster& kind = s.kind_rosters[k];
    out += fmt::format("  - id: {}\n", quoted(s.desk_kinds[k]));
    write_shifts(out, s, kind.skill_sets, kind.shifts, "    ");
    bool any = false;
    for (const DeskSpec& d : s.desks) {
      if (d.kind_index != static_cast<int>(k) || !d.own_roster) continue;
      if (!any) out += "    instances:\n";
      any = true;
      out +=
          fmt::format("      - unit: {}\n", quoted(s.units[static_cast<std::size_t>(d.unit)].id));
      write_shifts(out, s, d.skill_sets, d.shifts, "        ");
    }
  }
  return out;
}

}  // namespace hotline::scenario
