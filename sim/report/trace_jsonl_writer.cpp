#include "hotline/report/trace_jsonl_writer.hpp"

#include <fmt/format.h>

#include <iterator>

#include "hotline/report/text_format.hpp"

namespace hotline::report {

namespace {

void append_ref(std::string& out, const std::vector<std::string>& names, int index) {
  if (index >= 0 && static_cast<std::size_t>(index) < names.size()) {
    out += names[static_cast<std::size_t>(index)];
  } else {
    out += "null";
  }
}

}  // namespace

TraceJsonlWriter::TraceJsonlWriter(const scenario::Scenario& scenario, const std::string& path)
    : owned_(std::make_unique<AtomicFile>(path)),
      file_(*owned_),
      time_(engine::Calendar(scenario.clock.start)) {
  prepare(scenario);
}

TraceJsonlWriter::TraceJsonlWriter(const scenario::Scenario& scenario, AtomicFile& file)
    : file_(file), time_(engine::Calendar(scenario.clock.start)) {
  prepare(scenario);
}

void TraceJsonlWriter::prepare(const scenario::Scenario& scenario) {
  units_.reserve(scenario.units.size());
  for (const auto& u : scenario.units) {
    std::string s;
    append_json_string(s, u.id);
    units_.push_back(std::move(s));
  }
  desks_.reserve(scenario.desks.size());
  for (const auto& d : scenario.desks) {
    std::string s;
    append_json_string(s, d.id);
    desks_.push_back(std::move(s));
  }
  line_.reserve(256);
}

void TraceJsonlWriter::on_trace(const model::TraceRecord& r) {
  line_.clear();
  auto out = std::back_inserter(line_);
  fmt::format_to(out, "{{\"t\":{},\"time\":\"", engine::ticks(r.time));
  time_.append(line_, r.time);
  line_ += "\",\"kind\":";
  append_json_string(line_, model::to_string(r.kind));
  line_ += ",\"alert\":";
  if (r.alert != 0) {
    fmt::format_to(out, "{}", r.alert);
  } else {
    line_ += "null";
  }
  line_ += ",\"unit\":";
  append_ref(line_, units_, r.unit);
  line_ += ",\"desk\":";
  append_ref(line_, desks_, r.desk);
  line_ += ",\"step\":";
  if (r.step >= 0) {
    fmt::format_to(out, "{}", r.step);
  } else {
    line_ += "null";
  }
  fmt::format_to(out, ",\"value\":{},\"wait_ms\":{}}}\n", r.value, r.wait_ms);
  file_.write(line_);
  ++lines_;
}

void TraceJsonlWriter::commit() {
  file_.commit();
}

}  // namespace hotline::report
