#include "hotline/report/alert_csv_writer.hpp"

#include <charconv>
#include <string_view>

#include "hotline/report/text_format.hpp"

namespace hotline::report {

namespace {

std::string_view outcome_name(model::Outcome o) {
  // Local names rather than model::to_string so the CSV vocabulary is fixed here, where the
  // columns are documented.
  switch (o) {
    case model::Outcome::dissuaded:
      return "dissuaded";
    case model::Outcome::lost:
      return "lost";
    case model::Outcome::open:
      return "open";
    case model::Outcome::not_paid:
      return "not_paid";
  }
  return "open";
}

}  // namespace

AlertCsvWriter::AlertCsvWriter(const scenario::Scenario& scenario, const std::string& path,
                               const CsvStyle& style)
    : owned_(std::make_unique<AtomicFile>(path)),
      file_(*owned_),
      time_(csv_times(scenario.clock.start)) {
  prepare(scenario, style);
}

AlertCsvWriter::AlertCsvWriter(const scenario::Scenario& scenario, AtomicFile& file,
                               const CsvStyle& style)
    : file_(file), time_(csv_times(scenario.clock.start)) {
  prepare(scenario, style);
}

void AlertCsvWriter::prepare(const scenario::Scenario& scenario, const CsvStyle& style) {
  const std::size_t level_columns = scenario.levels.empty() ? 0 : scenario.levels.size() - 1;

  // Precompute, per unit, the ancestor id at every level below the root, so a row costs no
  // tree walk.
  // All units' columns in one arena (national: 27,596 units, about 2 MB): a row reads its
  // unit's columns from a random place, and one dense block misses the cache less than
  // 27,596 separate heap strings.
  unit_at_.assign(scenario.units.size() + 1, 0);
  std::vector<int> at_level(level_columns + 1);
  for (std::size_t u = 0; u < scenario.units.size(); ++u) {
    std::fill(at_level.begin(), at_level.end(), -1);
    for (int v = static_cast<int>(u); v >= 0;
         v = scenario.units[static_cast<std::size_t>(v)].parent) {
      const int level = scenario.units[static_cast<std::size_t>(v)].level;
      if (level >= 0 && static_cast<std::size_t>(level) < at_level.size()) at_level[level] = v;
    }
    std::string& cols = unit_columns_;
    for (std::size_t l = 1; l <= level_columns; ++l) {
      if (at_level[l] >= 0) {
        const auto& unit = scenario.units[static_cast<std::size_t>(at_level[l])];
        append_csv_field(cols, unit.id);
        cols.push_back(',');
        append_csv_field(cols, unit.name);
      } else {
        cols.push_back(',');
      }
      cols.push_back(',');
    }
    unit_at_[u + 1] = unit_columns_.size();
  }
  no_unit_.assign(2 * level_columns, ',');
  for (const auto& ft : scenario.fraud_types) {
    std::string cols;
    append_csv_field(cols, ft.id);
    cols.push_back(',');
    append_csv_field(cols, ft.name.empty() ? ft.id : ft.name);
    fraud_types_.push_back(std::move(cols));
  }
  for (const auto& l : scenario.languages) {
    std::string c;
    append_csv_field(c, l.code);
    languages_.push_back(std::move(c));
  }

  std::string header = "id,fraud_type,fraud_type_name,grade,";
  for (std::size_t l = 1; l <= level_columns; ++l) {
    append_csv_field(header, scenario.levels[l]);
    header.push_back(',');
    append_csv_field(header, scenario.levels[l] + "_name");
    header.push_back(',');
  }
  header +=
      "arrival,first_dial,first_contact,seconds_to_contact,closed,channel,outcome,would_pay,"
      "language,lost_where,amount,loss,warmup\n";
  begin_csv(file_, style);
  file_.write(header);
  line_.reserve(256);
}

void AlertCsvWriter::on_alert_closed(const model::AlertRecord& a) {
  // Formatted with std::to_chars into the reused row buffer: fmt::format_to through a
  // back_inserter cost more than simulating the alert (issue 18). append_fixed2 prints
  // printf's %.2f, which is what fmt's {:.2f} printed, so the bytes are unchanged.
  line_.clear();
  append_integer(a.id);
  line_.push_back(',');
  const bool known_type =
      a.fraud_type >= 0 && static_cast<std::size_t>(a.fraud_type) < fraud_types_.size();
  if (known_type)
    line_ += fraud_types_[static_cast<std::size_t>(a.fraud_type)];
  else
    line_.push_back(',');
  line_.push_back(',');
  append_integer(a.grade);
  line_.push_back(',');
  if (a.unit >= 0 && static_cast<std::size_t>(a.unit) + 1 < unit_at_.size()) {
    const auto u = static_cast<std::size_t>(a.unit);
    line_.append(unit_columns_, unit_at_[u], unit_at_[u + 1] - unit_at_[u]);
  } else {
    line_ += no_unit_;  // cannot happen with a validated scenario; keep the columns aligned
  }
  time_.append(line_, a.arrival);
  line_.push_back(',');
  time_.append(line_, a.first_dial);
  line_.push_back(',');
  time_.append(line_, a.first_contact);
  line_.push_back(',');
  if (a.first_contact != engine::kTimeNever) {
    // Whole milliseconds as seconds with 3 decimals: exact in integers (never negative).
    const std::int64_t ms = engine::ticks(a.first_contact - a.arrival);
    append_integer(ms / 1000);
    char frac[4] = {'.', static_cast<char>('0' + ms % 1000 / 100),
                    static_cast<char>('0' + ms % 100 / 10), static_cast<char>('0' + ms % 10)};
    line_.append(frac, 4);
  }
  line_.push_back(',');
  time_.append(line_, a.closed);
  line_.push_back(',');
  line_ += model::channel_name(a.channel);  // "" when nothing dissuaded
  line_.push_back(',');
  line_ += outcome_name(a.outcome);
  line_ += a.would_pay ? ",1," : ",0,";
  if (a.language >= 0 && static_cast<std::size_t>(a.language) < languages_.size())
    line_ += languages_[static_cast<std::size_t>(a.language)];
  line_.push_back(',');
  line_ += model::to_string(a.loss_where);
  line_.push_back(',');
  append_fixed2(line_, a.amount);
  line_.push_back(',');
  append_fixed2(line_, a.loss);
  line_ += a.counted ? ",0\n" : ",1\n";
  file_.write(line_);
  ++rows_;
}

void AlertCsvWriter::append_integer(std::int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  line_.append(buf, r.ptr);
}

void AlertCsvWriter::commit() {
  file_.commit();
}

}  // namespace hotline::report
