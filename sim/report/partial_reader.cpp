#include "hotline/report/partial_reader.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "hotline/report/output_error.hpp"
#include "partial_json.hpp"

namespace hotline::report {

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
  try {
    return detail::parse_partial_desk_hours(nlohmann::json::parse(line));
  } catch (const std::exception& e) {
    throw OutputError(fmt::format("{} at byte {}: {}", path, offset, e.what()));
  }
}

}  // namespace hotline::report
