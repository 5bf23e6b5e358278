#include "hotline/study/calibration_targets.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <tuple>

#include "hotline/scenario/loader.hpp"
#include "hotline/scenario/spelling.hpp"

namespace hotline::study {

namespace {

struct Cell {
  std::string text;
  int column = 1;  // 1-based byte column of the cell's first character
};

constexpr std::array<std::string_view, 7> kColumns = {
    "period_start", "period_end", "unit", "fraud_type", "warned", "lost", "note"};

class Parser {
 public:
  Parser(std::string_view file, const scenario::Scenario& s) : file_(file), s_(s) {}

  [[noreturn]] void fail(int line, int column, const std::string& msg) const {
    throw scenario::ScenarioError(file_, line, column, msg);
  }

  // Splits one line into cells (RFC 4180 quotes, "" inside quotes is a quote).
  std::vector<Cell> split(std::string_view line, int line_no) const {
    std::vector<Cell> cells;
    std::size_t i = 0;
    while (true) {
      Cell c;
      c.column = static_cast<int>(i) + 1;
      if (i < line.size() && line[i] == '"') {
        ++i;
        while (true) {
          if (i >= line.size())
            fail(line_no, c.column, "unterminated quoted field (close it with '\"')");
          if (line[i] == '"') {
            if (i + 1 < line.size() && line[i + 1] == '"') {
              c.text += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          c.text += line[i++];
        }
        if (i < line.size() && line[i] != ',')
          fail(line_no, static_cast<int>(i) + 1,
               "text after a closing quote (put the whole field in quotes)");
      } else {
        while (i < line.size() && line[i] != ',') c.text += line[i++];
        while (!c.text.empty() && (c.text.back() == ' ' || c.text.back() == '\t'))
          c.text.pop_back();
        std::size_t lead = 0;
        while (lead < c.text.size() && (c.text[lead] == ' ' || c.text[lead] == '\t')) ++lead;
        c.text.erase(0, lead);
        c.column += static_cast<int>(lead);
      }
      cells.push_back(std::move(c));
      if (i >= line.size()) break;
      ++i;  // the comma
    }
    return cells;
  }

  void header(const std::vector<Cell>& cells, int line_no) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::string& name = cells[i].text;
      bool known = false;
      for (const auto k : kColumns) known = known || k == name;
      if (!known) {
        std::string allowed;
        for (const auto k : kColumns) allowed += (allowed.empty() ? "" : ", ") + std::string(k);
        fail(line_no, cells[i].column,
             fmt::format("unknown column '{}'{} (columns: {})", name,
                         hint(name, std::vector<std::string>(kColumns.begin(), kColumns.end())),
                         allowed));
      }
      if (index_.count(name))
        fail(line_no, cells[i].column, fmt::format("column '{}' appears twice", name));
      index_[name] = i;
    }
    for (const auto k : {"period_start", "period_end", "unit", "fraud_type"})
      if (!index_.count(k))
        fail(line_no, 1,
             fmt::format("the header has no '{}' column (the first line names the columns: "
                         "period_start,period_end,unit,fraud_type,warned,lost)",
                         k));
    if (!index_.count("warned") && !index_.count("lost"))
      fail(line_no, 1, "the header has neither a 'warned' nor a 'lost' column (give one or both)");
    columns_ = cells.size();
  }

  CalibrationTarget row(const std::vector<Cell>& cells, int line_no, std::size_t line_length) {
    if (cells.size() != columns_)
      fail(line_no,
           cells.size() > columns_ ? cells[columns_].column : static_cast<int>(line_length) + 1,
           fmt::format("this row has {} fields but the header has {} (one per column; leave a "
                       "cell empty for no target)",
                       cells.size(), columns_));
    CalibrationTarget t;
    t.line = line_no;
    const Cell& start = cells[index_.at("period_start")];
    const Cell& end = cells[index_.at("period_end")];
    t.period_start = start.text;
    t.period_end = end.text;
    const std::int64_t d0 = date(start, line_no), d1 = date(end, line_no);
    if (d1 < d0)
      fail(line_no, end.column,
           fmt::format("period_end {} is before period_start {} (both days are included)", end.text,
                       start.text));
    const engine::Calendar cal(s_.clock.start);
    const auto day_start = [&](std::int64_t d) {
      engine::CivilTime c = engine::civil_from_days(d);
      c.hour = c.minute = c.second = 0;
      return cal.to_sim(c);
    };
    t.from = day_start(d0);
    t.to = day_start(d1 + 1);
    const engine::SimTime horizon = engine::kTimeZero + s_.clock.horizon;
    if (t.from < engine::kTimeZero || t.to > horizon) {
      const auto& c = s_.clock.start;
      fail(line_no, t.from < engine::kTimeZero ? start.column : end.column,
           fmt::format("the period {} .. {} is not inside the scenario's clock ({:04}-{:02}-{:02}"
                       "T{:02}:{:02} + {} days): calibrate one period at a time, with the clock "
                       "moved to it (e.g. --set clock.start={}T00:00)",
                       start.text, end.text, c.year, c.month, c.day, c.hour, c.minute,
                       s_.clock.horizon.count() / 86'400'000.0, start.text));
    }

    const Cell& unit = cells[index_.at("unit")];
    t.unit = find_unit(unit, line_no);
    t.unit_column = unit.column;
    const Cell& type = cells[index_.at("fraud_type")];
    t.fraud_type = find_type(type, line_no);

    if (index_.count("warned")) t.warned = count(cells[index_.at("warned")], line_no, "warned");
    if (index_.count("lost")) t.lost = count(cells[index_.at("lost")], line_no, "lost");
    if (!t.warned && !t.lost)
      fail(line_no, 1, "this row has no target (give a warned or a lost count)");

    const auto key = std::make_tuple(t.from, t.to, t.unit, t.fraud_type);
    if (const auto it = seen_.find(key); it != seen_.end())
      fail(line_no, unit.column,
           fmt::format("the same period, unit and fraud type as line {} (merge the two rows)",
                       it->second));
    seen_[key] = line_no;
    return t;
  }

 private:
  static std::string hint(const std::string& wrong, const std::vector<std::string>& options) {
    std::string best;
    std::size_t best_d = 0;
    for (const auto& o : options) {
      const std::size_t d = scenario::edit_distance(wrong, o);
      if (best.empty() || d < best_d) best = o, best_d = d;
    }
    if (best.empty() || best_d > std::max<std::size_t>(2, wrong.size() / 3)) return "";
    return fmt::format("; did you mean '{}'?", best);
  }

  std::int64_t date(const Cell& c, int line_no) const {
    const std::string& s = c.text;
    int y = 0, m = 0, d = 0;
    const bool shape = s.size() == 10 && s[4] == '-' && s[7] == '-';
    const auto num = [&](std::size_t from, std::size_t n, int& out) {
      const auto r = std::from_chars(s.data() + from, s.data() + from + n, out);
      return r.ec == std::errc() && r.ptr == s.data() + from + n;
    };
    if (!shape || !num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d) || m < 1 || m > 12 || d < 1)
      fail(line_no, c.column,
           fmt::format("'{}' is not a date (write YYYY-MM-DD, e.g. 2021-09-01)", s));
    const std::int64_t days = engine::days_from_civil(y, m, d);
    const engine::CivilTime back = engine::civil_from_days(days);
    if (back.day != d || back.month != m)
      fail(line_no, c.column, fmt::format("'{}' is not a day of the calendar", s));
    return days;
  }

  int find_unit(const Cell& c, int line_no) const {
    if (c.text.empty())
      fail(line_no, c.column, "the unit is empty (give a unit id, e.g. the root)");
    for (std::size_t i = 0; i < s_.units.size(); ++i)
      if (s_.units[i].id == c.text || s_.units[i].name == c.text) return static_cast<int>(i);
    std::vector<std::string> ids;
    for (const auto& u : s_.units) ids.push_back(u.id);
    fail(line_no, c.column,
         fmt::format("unknown unit '{}'{} (a unit id of the scenario; '{}' is the whole tree)",
                     c.text, hint(c.text, ids), s_.units.front().id));
  }

  int find_type(const Cell& c, int line_no) const {
    if (c.text == "*") return -1;
    for (std::size_t i = 0; i < s_.fraud_types.size(); ++i)
      if (s_.fraud_types[i].id == c.text || s_.fraud_types[i].name == c.text)
        return static_cast<int>(i);
    std::vector<std::string> ids;
    std::string known;
    for (const auto& f : s_.fraud_types) {
      ids.push_back(f.id);
      known += (known.empty() ? "" : ", ") + f.id;
    }
    fail(line_no, c.column,
         fmt::format("unknown fraud type '{}'{} (one of {}, or * for all)", c.text,
                     hint(c.text, ids), known));
  }

  std::optional<double> count(const Cell& c, int line_no, const char* what) const {
    if (c.text.empty()) return std::nullopt;
    double v = 0;
    const auto r = std::from_chars(c.text.data(), c.text.data() + c.text.size(), v);
    if (r.ec != std::errc() || r.ptr != c.text.data() + c.text.size() || !std::isfinite(v))
      fail(line_no, c.column,
           fmt::format("{} count '{}' is not a number (write digits, e.g. 8060, without "
                       "thousands separators; leave the cell empty for no target)",
                       what, c.text));
    if (v < 0) fail(line_no, c.column, fmt::format("{} count {} is negative", what, c.text));
    return v;
  }

  std::string file_;
  const scenario::Scenario& s_;
  std::map<std::string, std::size_t> index_;
  std::size_t columns_ = 0;
  std::map<std::tuple<engine::SimTime, engine::SimTime, int, int>, int> seen_;
};

}  // namespace

CalibrationTargets parse_calibration_targets(std::string_view text, std::string_view file,
                                             const scenario::Scenario& scenario) {
  Parser p(file, scenario);
  CalibrationTargets out;
  out.file = std::string(file);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  bool have_header = false;
  int line_no = 0, header_line = 1;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos || line.front() == '#') {
      if (nl == text.size()) break;
      continue;
    }
    const auto cells = p.split(line, line_no);
    if (!have_header) {
      p.header(cells, line_no);
      have_header = true;
      header_line = line_no;
    } else {
      if (out.rows.size() == kMaxTargetRows)
        p.fail(line_no, 1,
               fmt::format("more than {} target rows (each row is counted for every alert of "
                           "every replication; sum finer counts into fewer rows)",
                           kMaxTargetRows));
      out.rows.push_back(p.row(cells, line_no, line.size()));
    }
    if (nl == text.size()) break;
  }
  if (out.rows.empty())
    p.fail(header_line, 1,
           have_header ? "no target rows after the header (add one row per count)"
                       : "the file is empty (the first line names the columns: "
                         "period_start,period_end,unit,fraud_type,warned,lost)");
  return out;
}

CalibrationTargets read_calibration_targets(const std::string& path,
                                            const scenario::Scenario& scenario) {
  std::error_code ec;
  std::ifstream in;
  if (std::filesystem::is_regular_file(path, ec)) in.open(path, std::ios::binary);
  if (!in.is_open() || !in)
    throw scenario::ScenarioError(
        path, 0, 0, "cannot read the targets file (check the path: --targets FILE.csv)");
  constexpr std::size_t kMax = 16u << 20;
  std::string text;
  text.resize(kMax + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMax)
    throw scenario::ScenarioError(path, 0, 0, "the targets file is larger than 16 MiB");
  return parse_calibration_targets(text, path, scenario);
}

}  // namespace hotline::study
