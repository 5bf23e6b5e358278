#include "hotline/report/alert_csv_writer.hpp"

#include <fmt/format.h>

#include <iterator>
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
  unit_columns_.resize(scenario.units.size());
  std::vector<int> at_level(level_columns + 1);
  for (std::size_t u = 0; u < scenario.units.size(); ++u) {
    std::fill(at_level.begin(), at_level.end(), -1);
    for (int v = static_cast<int>(u); v >= 0;
         v = scenario.units[static_cast<std::size_t>(v)].parent) {
      const int level = scenario.units[static_cast<std::size_t>(v)].level;
      if (level >= 0 && static_cast<std::size_t>(level) < at_level.size()) at_level[level] = v;
    }
    std::string& cols = unit_columns_[u];
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
  line_.clear();
  auto out = std::back_inserter(line_);
  fmt::format_to(out, "{},", a.id);
  const bool known_type =
      a.fraud_type >= 0 && static_cast<std::size_t>(a.fraud_type) < fraud_types_.size();
  line_ += known_type ? fraud_types_[static_cast<std::size_t>(a.fraud_type)] : std::string(",");
  fmt::format_to(out, ",{},", a.grade);
  if (a.unit >= 0 && static_cast<std::size_t>(a.unit) < unit_columns_.size()) {
    line_ += unit_columns_[static_cast<std::size_t>(a.unit)];
  } else {
    line_ += no_unit_;  // cannot happen with a validated scenario; keep the columns aligned
  }
  time_.append(line_, a.arrival);
  line_.push_back(',');
  time_.append(line_, a.first_dial);
  line_.push_back(',');
  time_.append(line_, a.first_contact);
  line_.push_back(',');
  if (a.first_contact != engine::kTimeNever)
    fmt::format_to(out, "{:.3f}",
                   static_cast<double>(engine::ticks(a.first_contact - a.arrival)) / 1000.0);
  line_.push_back(',');
  time_.append(line_, a.closed);
  line_.push_back(',');
  line_ += model::channel_name(a.channel);  // "" when nothing dissuaded
  line_.push_back(',');
  line_ += outcome_name(a.outcome);
  fmt::format_to(out, ",{},", a.would_pay ? 1 : 0);
  if (a.language >= 0 && static_cast<std::size_t>(a.language) < languages_.size())
    line_ += languages_[static_cast<std::size_t>(a.language)];
  line_.push_back(',');
  line_ += model::to_string(a.loss_where);
  fmt::format_to(out, ",{:.2f},{:.2f},{}\n", a.amount, a.loss, a.counted ? 0 : 1);
  file_.write(line_);
  ++rows_;
}

void AlertCsvWriter::commit() {
  file_.commit();
}

}  // namespace hotline::report
