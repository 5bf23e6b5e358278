// The lines of a partial result (partial_file.hpp): one place that writes and reads them,
// for PartialFile and PartialReader.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hotline/report/partial_file.hpp"

namespace hotline::report::detail {

std::string partial_header_line(const PartialHeader& h);
// Throws std::runtime_error with what is wrong (the caller adds the file and line).
PartialHeader parse_partial_header(const nlohmann::json& j);

std::string partial_names_line(int id, const std::vector<std::string>& names);
std::string partial_record_line(const std::string& key, int replication, int names_id,
                                const study::StoredReplication& r);
std::string partial_footer_line(bool complete, int records);

enum class PartialLine { names, record, footer };
PartialLine partial_line_kind(const nlohmann::json& j);  // throws std::runtime_error
// The record's key and replication, and its values; names_by_id resolves "names".
study::StoredReplication parse_partial_record(
    const nlohmann::json& j,
    const std::vector<std::shared_ptr<const std::vector<std::string>>>& names_by_id,
    std::string& key, int& replication);
// A record's "desk_hours" (empty when absent), on its own: what a merge reads a second time.
std::vector<metrics::DeskHour> parse_partial_desk_hours(const nlohmann::json& j);

}  // namespace hotline::report::detail
