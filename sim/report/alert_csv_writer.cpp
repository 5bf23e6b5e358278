#include "hotline/report/alert_csv_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
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

// The longest texts of the fixed vocabularies, for the row bound.
constexpr std::size_t kMaxWord = 16;  // channel, outcome, lost_where names
constexpr std::size_t kMaxInteger = 20;
constexpr std::uint32_t kBlock = 16;  // AlertCsvWriter::put's copy unit

char* put_integer(char* out, std::int64_t v) {
  return std::to_chars(out, out + kMaxInteger, v).ptr;
}

// Whole seconds since SimTime zero. Times are never negative, and clock.start is a whole
// second, so this is the second the full file's civil time prints.
std::int64_t whole_seconds(engine::SimTime t) {
  return engine::ticks(t) / 1000;
}

}  // namespace

AlertCsvWriter::AlertCsvWriter(const scenario::Scenario& scenario, const std::string& path,
                               const CsvStyle& style, AlertColumns columns)
    : owned_(std::make_unique<AtomicFile>(path)),
      file_(*owned_),
      columns_(columns),
      time_(csv_times(scenario.clock.start)) {
  prepare(scenario, style);
}

AlertCsvWriter::AlertCsvWriter(const scenario::Scenario& scenario, AtomicFile& file,
                               const CsvStyle& style, AlertColumns columns)
    : file_(file), columns_(columns), time_(csv_times(scenario.clock.start)) {
  prepare(scenario, style);
}

AlertCsvWriter::Text AlertCsvWriter::add_text(std::string_view s) {
  const Text t{static_cast<std::uint32_t>(text_.size()), static_cast<std::uint32_t>(s.size())};
  text_.append(s);
  return t;
}

// Copies in 16-byte blocks: reads up to 15 bytes past the piece (text_ is padded) and writes
// up to 15 past its end, inside the reserved row, where the next field overwrites them (the
// row bound has room for the last one's).
char* AlertCsvWriter::put(char* out, Text t) const {
  const char* from = text_.data() + t.at;
  for (std::uint32_t i = 0; i < t.size; i += kBlock) std::memcpy(out + i, from + i, kBlock);
  return out + t.size;
}

void AlertCsvWriter::prepare(const scenario::Scenario& scenario, const CsvStyle& style) {
  const bool full = columns_ == AlertColumns::full;
  const std::size_t level_columns = scenario.levels.empty() ? 0 : scenario.levels.size() - 1;

  std::string cols;
  if (full) {
    // Precompute, per unit, the ancestor id at every level below the root, so a row costs no
    // tree walk.
    std::vector<int> at_level(level_columns + 1);
    for (std::size_t u = 0; u < scenario.units.size(); ++u) {
      std::fill(at_level.begin(), at_level.end(), -1);
      for (int v = static_cast<int>(u); v >= 0;
           v = scenario.units[static_cast<std::size_t>(v)].parent) {
        const int level = scenario.units[static_cast<std::size_t>(v)].level;
        if (level >= 0 && static_cast<std::size_t>(level) < at_level.size()) at_level[level] = v;
      }
      cols.clear();
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
      units_.push_back(add_text(cols));
    }
    no_unit_ = add_text(std::string(2 * level_columns, ','));
  } else {
    units_.assign(scenario.units.size(), Text{});  // only its size: the valid unit numbers
  }
  for (const auto& ft : scenario.fraud_types) {
    cols.clear();
    append_csv_field(cols, ft.id);
    if (full) {
      cols.push_back(',');
      append_csv_field(cols, ft.name.empty() ? ft.id : ft.name);
    }
    fraud_types_.push_back(add_text(cols));
  }
  for (const auto& l : scenario.languages) {
    cols.clear();
    append_csv_field(cols, l.code);
    languages_.push_back(add_text(cols));
  }
  for (int c = -1; c < scenario::kChannels; ++c)
    channels_[c + 1] = add_text(c < 0 ? std::string_view() : model::channel_name(c));
  for (const auto o : {model::Outcome::dissuaded, model::Outcome::lost, model::Outcome::open,
                       model::Outcome::not_paid})
    outcomes_[static_cast<std::size_t>(o)] = add_text(outcome_name(o));
  for (const auto w : {model::LossWhere::none, model::LossWhere::queue, model::LossWhere::step,
                       model::LossWhere::after_plan, model::LossWhere::awaiting})
    lost_where_[static_cast<std::size_t>(w)] = add_text(model::to_string(w));
  text_.append(kBlock, '\0');  // the padding put() reads into

  // The row bound, so a row is formatted in place without checking room field by field.
  std::size_t longest_unit = no_unit_.size;
  for (const Text& t : units_) longest_unit = std::max<std::size_t>(longest_unit, t.size);
  std::size_t longest_type = 1;
  for (const Text& t : fraud_types_) longest_type = std::max<std::size_t>(longest_type, t.size);
  std::size_t longest_language = 0;
  for (const Text& t : languages_)
    longest_language = std::max<std::size_t>(longest_language, t.size);
  max_row_ = longest_unit + longest_type + longest_language + 2 * kFixed2MaxChars +
             8 * kMaxInteger + 4 * CivilTimeFormatter::kLength + 3 * kMaxWord + 64 + kBlock;

  std::string header;
  if (full) {
    header = "id,fraud_type,fraud_type_name,grade,";
    for (std::size_t l = 1; l <= level_columns; ++l) {
      append_csv_field(header, scenario.levels[l]);
      header.push_back(',');
      append_csv_field(header, scenario.levels[l] + "_name");
      header.push_back(',');
    }
    header +=
        "arrival,first_dial,first_contact,seconds_to_contact,closed,channel,outcome,would_pay,"
        "language,lost_where,amount,loss,warmup\n";
  } else {
    header =
        "id,fraud_type,grade,unit,arrival_s,dial_s,contact_ms,closed_s,channel,outcome,"
        "would_pay,language,lost_where,amount,warmup\n";
  }
  begin_csv(file_, style);
  file_.write(header);
}

void AlertCsvWriter::on_alert_closed(const model::AlertRecord& a) {
  char* const row = file_.reserve(max_row_);
  char* const end = columns_ == AlertColumns::full ? write_full(a, row) : write_compact(a, row);
  file_.append_reserved(static_cast<std::size_t>(end - row));
  ++rows_;
}

char* AlertCsvWriter::write_full(const model::AlertRecord& a, char* p) {
  // Formatted with std::to_chars straight into the file's buffer: fmt::format_to through a
  // back_inserter cost more than simulating the alert (issue 18). write_fixed2 prints
  // printf's %.2f, which is what fmt's {:.2f} printed, so the bytes are unchanged.
  const bool known_unit = a.unit >= 0 && static_cast<std::size_t>(a.unit) < units_.size();
  const Text unit = known_unit ? units_[static_cast<std::size_t>(a.unit)] : no_unit_;
  __builtin_prefetch(text_.data() + unit.at);  // a random place: start the load early
  p = put_integer(p, static_cast<std::int64_t>(a.id));
  *p++ = ',';
  if (a.fraud_type >= 0 && static_cast<std::size_t>(a.fraud_type) < fraud_types_.size())
    p = put(p, fraud_types_[static_cast<std::size_t>(a.fraud_type)]);
  else
    *p++ = ',';
  *p++ = ',';
  p = put_integer(p, a.grade);
  *p++ = ',';
  p = put(p, unit);
  if (a.arrival != engine::kTimeNever) {
    time_.write(a.arrival, p);
    p += time_.length();
  }
  *p++ = ',';
  if (a.first_dial != engine::kTimeNever) {
    time_.write(a.first_dial, p);
    p += time_.length();
  }
  *p++ = ',';
  if (a.first_contact != engine::kTimeNever) {
    time_.write(a.first_contact, p);
    p += time_.length();
  }
  *p++ = ',';
  if (a.first_contact != engine::kTimeNever) {
    // Whole milliseconds as seconds with 3 decimals: exact in integers (never negative).
    const std::int64_t ms = engine::ticks(a.first_contact - a.arrival);
    p = put_integer(p, ms / 1000);
    p[0] = '.';
    p[1] = static_cast<char>('0' + ms % 1000 / 100);
    p[2] = static_cast<char>('0' + ms % 100 / 10);
    p[3] = static_cast<char>('0' + ms % 10);
    p += 4;
  }
  *p++ = ',';
  if (a.closed != engine::kTimeNever) {
    time_.write(a.closed, p);
    p += time_.length();
  }
  *p++ = ',';
  p = put_vocabulary(p, a);
  p = write_fixed2(p, a.amount);
  *p++ = ',';
  p = write_fixed2(p, a.loss);
  std::memcpy(p, a.counted ? ",0\n" : ",1\n", 3);
  return p + 3;
}

char* AlertCsvWriter::put_vocabulary(char* p, const model::AlertRecord& a) const {
  // channel,outcome,would_pay,language,lost_where, ("" for a value out of range)
  const int channel = a.channel >= -1 && a.channel < scenario::kChannels ? a.channel : -1;
  p = put(p, channels_[channel + 1]);
  *p++ = ',';
  const auto outcome = static_cast<std::size_t>(a.outcome);
  p = put(p, outcomes_[outcome < std::size(outcomes_) ? outcome : 2]);
  std::memcpy(p, a.would_pay ? ",1," : ",0,", 3);
  p += 3;
  if (a.language >= 0 && static_cast<std::size_t>(a.language) < languages_.size())
    p = put(p, languages_[static_cast<std::size_t>(a.language)]);
  *p++ = ',';
  const auto where = static_cast<std::size_t>(a.loss_where);
  if (where < std::size(lost_where_)) p = put(p, lost_where_[where]);
  *p++ = ',';
  return p;
}

char* AlertCsvWriter::write_compact(const model::AlertRecord& a, char* p) {
  p = put_integer(p, static_cast<std::int64_t>(a.id));
  *p++ = ',';
  if (a.fraud_type >= 0 && static_cast<std::size_t>(a.fraud_type) < fraud_types_.size())
    p = put(p, fraud_types_[static_cast<std::size_t>(a.fraud_type)]);
  *p++ = ',';
  p = put_integer(p, a.grade);
  *p++ = ',';
  if (a.unit >= 0 && static_cast<std::size_t>(a.unit) < units_.size()) p = put_integer(p, a.unit);
  *p++ = ',';
  const std::int64_t arrival_s = whole_seconds(a.arrival);
  p = put_integer(p, arrival_s);
  *p++ = ',';
  if (a.first_dial != engine::kTimeNever)
    p = put_integer(p, whole_seconds(a.first_dial) - arrival_s);
  *p++ = ',';
  if (a.first_contact != engine::kTimeNever)
    p = put_integer(p, engine::ticks(a.first_contact - a.arrival));
  *p++ = ',';
  if (a.closed != engine::kTimeNever) p = put_integer(p, whole_seconds(a.closed) - arrival_s);
  *p++ = ',';
  p = put_vocabulary(p, a);
  p = write_fixed2(p, a.amount);
  std::memcpy(p, a.counted ? ",0\n" : ",1\n", 3);
  return p + 3;
}

void AlertCsvWriter::commit() {
  file_.commit();
}

}  // namespace hotline::report
