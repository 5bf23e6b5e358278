#include "hotline/report/partial_reader.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <limits>

#include "hotline/report/output_error.hpp"
#include "partial_json.hpp"

namespace hotline::report {

namespace {

// Reads only a record's "desk_hours" rows, straight into DeskHours without building the
// JSON tree: a national record's series is tens of megabytes of numbers, which as a tree
// would take several times that. Rows as partial_json.cpp writes them: [desk, hour,
// arrivals, waits_ended, answered_in_time, queue_max, queue_mean, busy_mean, staffed_mean].
struct DeskHoursSax : nlohmann::json_sax<nlohmann::json> {
  std::vector<metrics::DeskHour> hours;
  std::string error;
  int depth = 0;  // of containers opened
  bool next_is_hours = false;
  int hours_depth = -1;  // depth of the "desk_hours" array while inside it
  double row[9] = {};
  int fields = 0;

  bool in_row() const { return hours_depth >= 0 && depth == hours_depth + 1; }
  bool value(double v) {
    if (in_row()) {
      if (fields >= 9) return fail("a desk-hour row with more than 9 values");
      row[fields++] = v;
    }
    return true;
  }
  bool fail(const std::string& what) {
    error = what;
    return false;
  }
  bool null() override {
    // A non-finite mean is written as null (partial_json.cpp).
    return value(std::numeric_limits<double>::quiet_NaN());
  }
  bool boolean(bool) override { return !in_row() || fail("a desk-hour row holds a boolean"); }
  bool number_integer(number_integer_t v) override { return value(static_cast<double>(v)); }
  bool number_unsigned(number_unsigned_t v) override { return value(static_cast<double>(v)); }
  bool number_float(number_float_t v, const string_t&) override { return value(v); }
  bool string(string_t&) override { return !in_row() || fail("a desk-hour row holds a string"); }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    ++depth;
    return true;
  }
  bool key(string_t& k) override {
    next_is_hours = depth == 1 && k == "desk_hours";
    return true;
  }
  bool end_object() override {
    --depth;
    return true;
  }
  bool start_array(std::size_t) override {
    ++depth;
    if (next_is_hours && hours_depth < 0) hours_depth = depth;
    next_is_hours = false;
    if (in_row()) fields = 0;
    return true;
  }
  bool end_array() override {
    if (in_row()) {
      if (fields != 9) return fail("a desk-hour row without its 9 values");
      metrics::DeskHour h;
      h.desk = static_cast<int>(row[0]);
      h.hour = static_cast<std::int64_t>(row[1]);
      h.arrivals = static_cast<std::int64_t>(row[2]);
      h.waits_ended = static_cast<std::int64_t>(row[3]);
      h.answered_in_time = static_cast<std::int64_t>(row[4]);
      h.queue_max = static_cast<int>(row[5]);
      h.queue_mean = row[6];
      h.busy_mean = row[7];
      h.staffed_mean = row[8];
      h.utilisation = h.staffed_mean > 0 ? h.busy_mean / h.staffed_mean : 0.0;
      hours.push_back(h);
    }
    if (depth == hours_depth) hours_depth = -2;  // done: a second "desk_hours" is not read
    --depth;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    return fail(e.what());
  }
};

}  // namespace

PartialReader::PartialReader(std::string path) : path_(std::move(path)) {
  in_.open(path_, std::ios::binary);
  if (!in_) throw OutputError(fmt::format("cannot read the partial {}", path_));
  if (!std::getline(in_, line_)) fail("empty file: not a hotline-sim partial result");
  ++line_number_;
  try {
    header_ = detail::parse_partial_header(nlohmann::json::parse(line_));
  } catch (const std::exception& e) {
    fail(e.what());
  }
}

void PartialReader::fail(const std::string& what) const {
  throw OutputError(fmt::format("{}:{}: {}", path_, line_number_, what));
}

std::optional<PartialRecord> PartialReader::next() {
  while (!ended_) {
    const std::streamoff at = in_.tellg();
    if (!std::getline(in_, line_) || in_.eof()) {
      ++line_number_;
      fail(
          "the file ends without its footer line (a shard still running, or a copy cut short): "
          "rerun that shard, or leave the file out");
    }
    ++line_number_;
    try {
      // The parser drops "desk_hours" (a national record's bulk) when told to skip it.
      const nlohmann::json::parser_callback_t drop_desk_hours =
          [](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
            return !(depth == 1 && event == nlohmann::json::parse_event_t::key &&
                     parsed == "desk_hours");
          };
      const nlohmann::json j = skip_desk_hours_ ? nlohmann::json::parse(line_, drop_desk_hours)
                                                : nlohmann::json::parse(line_);
      switch (detail::partial_line_kind(j)) {
        case detail::PartialLine::names: {
          const int id = j.at("names").get<int>();
          if (id != static_cast<int>(names_.size()))
            throw std::runtime_error("KPI names out of order");
          names_.push_back(std::make_shared<const std::vector<std::string>>(
              j.at("list").get<std::vector<std::string>>()));
          break;
        }
        case detail::PartialLine::record: {
          PartialRecord r;
          r.replication_result = detail::parse_partial_record(j, names_, r.key, r.replication);
          record_offset_ = static_cast<std::uint64_t>(at);
          return r;
        }
        case detail::PartialLine::footer:
          ended_ = true;
          complete_ = j.value("complete", false);
          break;
      }
    } catch (const OutputError&) {
      throw;
    } catch (const std::exception& e) {
      fail(e.what());
    }
  }
  return std::nullopt;
}

std::vector<metrics::DeskHour> PartialReader::desk_hours_at(const std::string& path,
                                                            std::uint64_t offset) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  if (!in || !in.seekg(static_cast<std::streamoff>(offset)) || !std::getline(in, line))
    throw OutputError(
        fmt::format("cannot read the partial {} again at byte {} (was it changed "
                    "during the merge?)",
                    path, offset));
  DeskHoursSax sax;
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(line, &sax);
  } catch (const std::exception& e) {
    throw OutputError(fmt::format("{} at byte {}: {}", path, offset, e.what()));
  }
  if (!ok || !sax.error.empty())
    throw OutputError(fmt::format("{} at byte {}: {}", path, offset,
                                  sax.error.empty() ? "not a record line" : sax.error));
  return std::move(sax.hours);
}

}  // namespace hotline::report
