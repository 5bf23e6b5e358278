// Words for the after-action review: civil clocks, decisions, durations. Internal to
// hotline_live (review_run.hpp, rubric_scoring.hpp, after_action_review.cpp).
#pragma once

#include <fmt/format.h>

#include <string>

#include "hotline/engine/time.hpp"
#include "hotline/model/commands.hpp"
#include "hotline/report/text_format.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::live::detail {

// "2021-09-06 14:20:05" (the scenario's local time).
inline std::string civil_clock(const scenario::Scenario& s, engine::SimTime t) {
  const engine::CivilTime c = engine::Calendar(s.clock.start).to_civil(t);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", c.year, c.month, c.day, c.hour,
                     c.minute, c.second);
}

// "3m12s" for a simulated span.
inline std::string span_text(engine::Duration d) {
  return report::format_duration(static_cast<double>(engine::ticks(d)) / 1000.0);
}

// A decision in words: "plan 'grade 1'", "call from 96110 (2 attempts)", "push to nagqu
// (county)", "SMS", "robot call", "officer visit", "escalate", "close (no further action)";
// injects: "surge x3 for 1h00m", ...
inline std::string decision_text(const scenario::Scenario& s, const model::Command& c) {
  return std::visit(
      [&](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, model::AssignRule>) {
          return x.rule >= 0 && x.rule < static_cast<int>(s.rules.size())
                     ? fmt::format("plan '{}'", s.rules[static_cast<std::size_t>(x.rule)].name)
                     : fmt::format("plan {}", x.rule);
        } else if constexpr (std::is_same_v<T, model::AssignStep>) {
          std::string t;
          switch (x.kind) {
            case scenario::StepKind::call:
              t = x.desk >= 0 && x.desk < static_cast<int>(s.desks.size())
                      ? "call from " + s.desks[static_cast<std::size_t>(x.desk)].id
                      : "call from the nearest " +
                            (x.desk_kind >= 0 && x.desk_kind < static_cast<int>(s.desk_kinds.size())
                                 ? s.desk_kinds[static_cast<std::size_t>(x.desk_kind)]
                                 : std::string("desk"));
              if (x.family) t += " to the family";
              if (x.attempts > 1) t += fmt::format(" ({} attempts)", x.attempts);
              break;
            case scenario::StepKind::sms:
              t = "SMS";
              break;
            case scenario::StepKind::robot_call:
              t = "robot call";
              break;
            case scenario::StepKind::push:
              if (x.unit >= 0 && x.unit < static_cast<int>(s.units.size())) {
                const auto& u = s.units[static_cast<std::size_t>(x.unit)];
                t = fmt::format("push to {} ({})", u.id,
                                s.levels[static_cast<std::size_t>(u.level)]);
              } else {
                t = "push";
              }
              break;
            case scenario::StepKind::visit:
              t = "officer visit";
              break;
          }
          if (x.sla.count() > 0) t += ", SLA " + span_text(x.sla);
          return t;
        } else if constexpr (std::is_same_v<T, model::Escalate>) {
          return "escalate";
        } else if constexpr (std::is_same_v<T, model::CloseAlert>) {
          return "close (no further action)";
        } else if constexpr (std::is_same_v<T, model::Surge>) {
          return fmt::format("surge x{:g} for {}", x.multiplier, span_text(x.duration));
        } else if constexpr (std::is_same_v<T, model::DeskHeadcount>) {
          const std::string desk = x.desk >= 0 && x.desk < static_cast<int>(s.desks.size())
                                       ? s.desks[static_cast<std::size_t>(x.desk)].id
                                       : std::to_string(x.desk);
          return x.headcount == 0 ? fmt::format("outage of {} for {}", desk, span_text(x.duration))
                                  : fmt::format("{} staffed by {} for {}", desk, x.headcount,
                                                span_text(x.duration));
        } else if constexpr (std::is_same_v<T, model::OfficersUnavailable>) {
          const std::string unit = x.unit >= 0 && x.unit < static_cast<int>(s.units.size())
                                       ? s.units[static_cast<std::size_t>(x.unit)].id
                                       : std::to_string(x.unit);
          return fmt::format("{} officers unavailable under {} for {}",
                             x.count < 0 ? std::string("all") : std::to_string(x.count), unit,
                             span_text(x.duration));
        } else {
          static_assert(std::is_same_v<T, model::InjectAlert>);
          return fmt::format(
              "injected grade-{} alert of {} ({:.0f} yuan)", x.grade,
              x.fraud_type >= 0 && x.fraud_type < static_cast<int>(s.fraud_types.size())
                  ? s.fraud_types[static_cast<std::size_t>(x.fraud_type)].id
                  : std::string("?"),
              x.amount);
        }
      },
      c);
}

}  // namespace hotline::live::detail
