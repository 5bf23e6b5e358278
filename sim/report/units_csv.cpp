#include "hotline/report/units_csv.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "hotline/report/text_format.hpp"

namespace hotline::report {

void write_units_csv(AtomicFile& file, const scenario::Scenario& scenario, const CsvStyle& style) {
  const std::size_t level_columns = scenario.levels.empty() ? 0 : scenario.levels.size() - 1;
  std::string out = "unit,id,name,level,parent,";
  for (std::size_t l = 1; l <= level_columns; ++l) {
    append_csv_field(out, scenario.levels[l]);
    out.push_back(',');
    append_csv_field(out, scenario.levels[l] + "_name");
    out.push_back(l == level_columns ? '\n' : ',');
  }
  if (level_columns == 0) out.back() = '\n';
  begin_csv(file, style);
  file.write(out);

  std::vector<int> at_level(level_columns + 1);
  for (std::size_t u = 0; u < scenario.units.size(); ++u) {
    const auto& unit = scenario.units[u];
    out.clear();
    out += std::to_string(u);
    out.push_back(',');
    append_csv_field(out, unit.id);
    out.push_back(',');
    append_csv_field(out, unit.name);
    out.push_back(',');
    if (unit.level >= 0 && static_cast<std::size_t>(unit.level) < scenario.levels.size())
      append_csv_field(out, scenario.levels[static_cast<std::size_t>(unit.level)]);
    out.push_back(',');
    if (unit.parent >= 0) out += std::to_string(unit.parent);
    // The same ancestor walk as AlertCsvWriter's full columns, so a join reproduces them.
    std::fill(at_level.begin(), at_level.end(), -1);
    for (int v = static_cast<int>(u); v >= 0;
         v = scenario.units[static_cast<std::size_t>(v)].parent) {
      const int level = scenario.units[static_cast<std::size_t>(v)].level;
      if (level >= 0 && static_cast<std::size_t>(level) < at_level.size()) at_level[level] = v;
    }
    for (std::size_t l = 1; l <= level_columns; ++l) {
      out.push_back(',');
      if (at_level[l] >= 0) {
        const auto& a = scenario.units[static_cast<std::size_t>(at_level[l])];
        append_csv_field(out, a.id);
        out.push_back(',');
        append_csv_field(out, a.name);
      } else {
        out.push_back(',');
      }
    }
    out.push_back('\n');
    file.write(out);
  }
}

}  // namespace hotline::report
