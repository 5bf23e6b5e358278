#include "hotline/live/exercise_log.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "hotline/live/live_dispatcher.hpp"
#include "hotline/model/hotline_model.hpp"

namespace hotline::live {

using nlohmann::json;

namespace {

json command_json(const model::Command& c) {
  json j;
  j["kind"] = std::string(model::command_name(c));
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, model::AssignRule>) {
          j["alert"] = x.alert;
          j["rule"] = x.rule;
        } else if constexpr (std::is_same_v<T, model::AssignStep>) {
          j["alert"] = x.alert;
          j["step"] = static_cast<int>(x.kind);
          j["desk"] = x.desk;
          j["desk_kind"] = x.desk_kind;
          j["unit"] = x.unit;
          j["attempts"] = x.attempts;
          j["retry_interval_ms"] = engine::ticks(x.retry_interval);
          j["sla_ms"] = engine::ticks(x.sla);
          j["family"] = x.family;
          j["priority"] = x.priority;
        } else if constexpr (std::is_same_v<T, model::Escalate> ||
                             std::is_same_v<T, model::CloseAlert>) {
          j["alert"] = x.alert;
        } else if constexpr (std::is_same_v<T, model::Surge>) {
          j["fraud_types"] = x.fraud_types;
          j["multiplier"] = x.multiplier;
          j["duration_ms"] = engine::ticks(x.duration);
        } else if constexpr (std::is_same_v<T, model::DeskHeadcount>) {
          j["desk"] = x.desk;
          j["headcount"] = x.headcount;
          j["duration_ms"] = engine::ticks(x.duration);
        } else if constexpr (std::is_same_v<T, model::OfficersUnavailable>) {
          j["unit"] = x.unit;
          j["count"] = x.count;
          j["duration_ms"] = engine::ticks(x.duration);
        } else if constexpr (std::is_same_v<T, model::InjectAlert>) {
          j["fraud_type"] = x.fraud_type;
          j["grade"] = x.grade;
          j["amount"] = x.amount;
          j["unit"] = x.unit;
          j["time_to_loss_ms"] = engine::ticks(x.time_to_loss);
          j["language"] = x.language;
        }
      },
      c);
  return j;
}

engine::Duration ms(const json& j, const char* key) {
  return engine::Duration{j.at(key).get<std::int64_t>()};
}

model::Command command_from_json(const json& j) {
  const std::string kind = j.at("kind").get<std::string>();
  if (kind == "assign_rule")
    return model::AssignRule{j.at("alert").get<std::uint64_t>(), j.at("rule").get<int>()};
  if (kind == "assign_step") {
    model::AssignStep s;
    s.alert = j.at("alert").get<std::uint64_t>();
    s.kind = static_cast<scenario::StepKind>(j.at("step").get<int>());
    s.desk = j.at("desk").get<int>();
    s.desk_kind = j.at("desk_kind").get<int>();
    s.unit = j.at("unit").get<int>();
    s.attempts = j.at("attempts").get<int>();
    s.retry_interval = ms(j, "retry_interval_ms");
    s.sla = ms(j, "sla_ms");
    s.family = j.at("family").get<bool>();
    s.priority = j.at("priority").get<int>();
    return s;
  }
  if (kind == "escalate") return model::Escalate{j.at("alert").get<std::uint64_t>()};
  if (kind == "close") return model::CloseAlert{j.at("alert").get<std::uint64_t>()};
  if (kind == "surge")
    return model::Surge{j.at("fraud_types").get<std::vector<int>>(),
                        j.at("multiplier").get<double>(), ms(j, "duration_ms")};
  if (kind == "desk_headcount")
    return model::DeskHeadcount{j.at("desk").get<int>(), j.at("headcount").get<int>(),
                                ms(j, "duration_ms")};
  if (kind == "officers_unavailable")
    return model::OfficersUnavailable{j.at("unit").get<int>(), j.at("count").get<int>(),
                                      ms(j, "duration_ms")};
  if (kind == "inject_alert")
    return model::InjectAlert{j.at("fraud_type").get<int>(), j.at("grade").get<int>(),
                              j.at("amount").get<double>(),  j.at("unit").get<int>(),
                              ms(j, "time_to_loss_ms"),      j.at("language").get<int>()};
  throw LogError("unknown command kind '" + kind + "'");
}

const char* kind_name(LogEntry::Kind k) {
  switch (k) {
    case LogEntry::Kind::command:
      return "command";
    case LogEntry::Kind::take:
      return "take";
    case LogEntry::Kind::release:
      return "release";
  }
  return "?";
}

json result_json(const ExerciseResult& r) {
  return {{"trace_fingerprint", r.trace_fingerprint},
          {"trace_records", r.trace_records},
          {"events", r.events},
          {"entered", r.entered},
          {"dissuaded", r.dissuaded},
          {"lost", r.lost},
          {"not_paid", r.not_paid},
          {"open", r.open}};
}

}  // namespace

std::string to_json(const ExerciseLog& log) {
  json entries = json::array();
  for (const LogEntry& e : log.entries) {
    json j = {{"t_ms", engine::ticks(e.time)}, {"kind", kind_name(e.kind)}, {"by", e.by}};
    if (e.kind == LogEntry::Kind::command) {
      j["sequence"] = e.sequence;
      j["command"] = command_json(e.command);
    } else {
      j["desk"] = e.desk;
    }
    entries.push_back(std::move(j));
  }
  json j = {{"format", "hotline-sim exercise log"},
            {"version", ExerciseLog::kVersion},
            {"scenario",
             {{"source", log.scenario_source},
              {"name", log.scenario_name},
              {"sha256", log.scenario_sha256}}},
            {"seed", log.seed},
            {"replication", 0},
            {"takeover_ms", log.takeover_ms},
            {"entries", std::move(entries)}};
  if (log.end) j["end_ms"] = engine::ticks(*log.end);
  if (log.result) j["result"] = result_json(*log.result);
  if (!log.pacing.empty()) {
    json pacing = json::array();
    for (const PacingSample& p : log.pacing) pacing.push_back({engine::ticks(p.time), p.lag_s});
    j["pacing"] = std::move(pacing);
  }
  return j.dump(1) + "\n";
}

ExerciseLog exercise_log_from_json(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw LogError(
        "not a JSON object (an exercise log is the exercise-log.json a served exercise "
        "writes)");
  std::size_t at = 0;
  try {
    if (j.value("format", "") != "hotline-sim exercise log")
      throw LogError("\"format\" is not \"hotline-sim exercise log\"");
    if (j.at("version").get<int>() != ExerciseLog::kVersion)
      throw LogError(fmt::format("version {} is not supported (this build reads version {})",
                                 j.at("version").get<int>(), ExerciseLog::kVersion));
    ExerciseLog log;
    log.scenario_source = j.at("scenario").at("source").get<std::string>();
    log.scenario_name = j.at("scenario").at("name").get<std::string>();
    log.scenario_sha256 = j.at("scenario").at("sha256").get<std::string>();
    log.seed = j.at("seed").get<std::uint64_t>();
    log.takeover_ms = j.at("takeover_ms").get<std::int64_t>();
    for (const json& e : j.at("entries")) {
      ++at;
      LogEntry entry;
      entry.time = engine::at_ms(e.at("t_ms").get<std::int64_t>());
      entry.by = e.at("by").get<std::string>();
      const std::string kind = e.at("kind").get<std::string>();
      if (kind == "command") {
        entry.kind = LogEntry::Kind::command;
        entry.sequence = e.at("sequence").get<std::uint64_t>();
        entry.command = command_from_json(e.at("command"));
      } else if (kind == "take" || kind == "release") {
        entry.kind = kind == "take" ? LogEntry::Kind::take : LogEntry::Kind::release;
        entry.desk = e.at("desk").get<int>();
      } else {
        throw LogError("unknown entry kind '" + kind + "'");
      }
      log.entries.push_back(std::move(entry));
    }
    at = 0;
    if (j.contains("end_ms")) log.end = engine::at_ms(j.at("end_ms").get<std::int64_t>());
    if (j.contains("result")) {
      const json& r = j.at("result");
      ExerciseResult res;
      res.trace_fingerprint = r.at("trace_fingerprint").get<std::string>();
      res.trace_records = r.at("trace_records").get<std::uint64_t>();
      res.events = r.at("events").get<std::uint64_t>();
      res.entered = r.at("entered").get<std::uint64_t>();
      res.dissuaded = r.at("dissuaded").get<std::uint64_t>();
      res.lost = r.at("lost").get<std::uint64_t>();
      res.not_paid = r.at("not_paid").get<std::uint64_t>();
      res.open = r.at("open").get<std::uint64_t>();
      log.result = res;
    }
    // Optional: logs written before pacing was recorded have none.
    if (j.contains("pacing"))
      for (const json& p : j.at("pacing")) {
        if (!p.is_array() || p.size() != 2)
          throw LogError("\"pacing\" entries are [t_ms, lag_s] pairs");
        log.pacing.push_back({engine::at_ms(p.at(0).get<std::int64_t>()), p.at(1).get<double>()});
      }
    return log;
  } catch (const json::exception& e) {
    throw LogError(at ? fmt::format("entry {}: {}", at, e.what()) : std::string(e.what()));
  } catch (const LogError& e) {
    if (at) throw LogError(fmt::format("entry {}: {}", at, e.what()));
    throw;
  }
}

void ResultObserver::mix(std::uint64_t v) {
  for (int i = 0; i < 8; ++i) {
    hash_ ^= (v >> (8 * i)) & 0xff;
    hash_ *= 0x100000001b3ULL;
  }
}

void ResultObserver::on_trace(const model::TraceRecord& r) {
  ++counts_.trace_records;
  mix(static_cast<std::uint64_t>(engine::ticks(r.time)));
  mix(static_cast<std::uint64_t>(r.kind));
  mix(r.alert);
  mix(static_cast<std::uint64_t>(r.unit));
  mix(static_cast<std::uint64_t>(r.desk));
  mix(static_cast<std::uint64_t>(r.step));
  mix(static_cast<std::uint64_t>(r.value));
  mix(static_cast<std::uint64_t>(r.wait_ms));
}

void ResultObserver::on_alert_closed(const model::AlertRecord& r) {
  ++counts_.entered;
  switch (r.outcome) {
    case model::Outcome::dissuaded:
      ++counts_.dissuaded;
      break;
    case model::Outcome::lost:
      ++counts_.lost;
      break;
    case model::Outcome::not_paid:
      ++counts_.not_paid;
      break;
    case model::Outcome::open:
      ++counts_.open;
      break;
  }
}

ExerciseResult ResultObserver::result(std::uint64_t events) const {
  ExerciseResult r = counts_;
  r.events = events;
  r.trace_fingerprint = fmt::format("{:016x}", hash_);
  return r;
}

ExerciseResult replay_exercise(const scenario::Scenario& scenario, const ExerciseLog& log,
                               const std::vector<model::Observer*>& observers) {
  if (!log.end)
    throw LogError(
        "the log has no end_ms: the exercise did not end (the server stopped "
        "before writing it)");
  LiveDispatcher dispatcher(scenario);
  model::HotlineModel m(scenario, log.seed, 0, dispatcher);
  ResultObserver result;
  m.add_observer(&result);
  for (model::Observer* o : observers) m.add_observer(o);
  std::size_t n = 0;
  for (const LogEntry& e : log.entries) {
    ++n;
    m.run_until(e.time);
    dispatcher.clear_arrivals();
    if (e.kind == LogEntry::Kind::command) {
      const model::Verdict v = m.submit(e.command);
      if (!v.accepted || v.sequence != e.sequence)
        throw LogError(fmt::format(
            "entry {} ({} at {} ms): {} (the log belongs to another scenario, seed or build)", n,
            model::command_name(e.command), engine::ticks(e.time),
            v.accepted ? "sequence differs" : "refused: " + v.reason));
    } else if (e.desk < 0 || e.desk >= static_cast<int>(scenario.desks.size())) {
      throw LogError(fmt::format("entry {}: desk {} is not a desk of the scenario", n, e.desk));
    } else {
      dispatcher.hold(e.desk, e.kind == LogEntry::Kind::take);
    }
  }
  m.run_until(*log.end);
  if (!m.finish_now()) throw LogError("alerts were not conserved in the replay (a bug)");
  return result.result(m.events_processed());
}

}  // namespace hotline::live
