#include "hotline/model/records.hpp"

namespace hotline::model {

std::string_view to_string(Outcome o) {
  switch (o) {
    case Outcome::dissuaded:
      return "dissuaded";
    case Outcome::lost:
      return "lost";
    case Outcome::open:
      return "open";
    case Outcome::not_paid:
      return "not_paid";
  }
  return "?";
}

std::string_view to_string(LossWhere w) {
  switch (w) {
    case LossWhere::none:
      return "";
    case LossWhere::queue:
      return "queue";
    case LossWhere::step:
      return "step";
    case LossWhere::after_plan:
      return "after_plan";
    case LossWhere::awaiting:
      return "awaiting";
  }
  return "?";
}

std::string_view to_string(TraceKind k) {
  switch (k) {
    case TraceKind::alert_arrival:
      return "alert_arrival";
    case TraceKind::rule_matched:
      return "rule_matched";
    case TraceKind::step_start:
      return "step_start";
    case TraceKind::step_end:
      return "step_end";
    case TraceKind::sla_met:
      return "sla_met";
    case TraceKind::sla_late:
      return "sla_late";
    case TraceKind::enqueue:
      return "enqueue";
    case TraceKind::dequeue_expired:
      return "dequeue_expired";
    case TraceKind::blocked:
      return "blocked";
    case TraceKind::service_start:
      return "service_start";
    case TraceKind::service_end:
      return "service_end";
    case TraceKind::call_answered:
      return "call_answered";
    case TraceKind::call_unanswered:
      return "call_unanswered";
    case TraceKind::call_engaged:
      return "call_engaged";
    case TraceKind::push_delivered:
      return "push_delivered";
    case TraceKind::officer_dispatched:
      return "officer_dispatched";
    case TraceKind::visit_on_site:
      return "visit_on_site";
    case TraceKind::sms_sent:
      return "sms_sent";
    case TraceKind::robot_call:
      return "robot_call";
    case TraceKind::contact:
      return "contact";
    case TraceKind::dissuaded:
      return "dissuaded";
    case TraceKind::lost:
      return "lost";
    case TraceKind::inbound_arrival:
      return "inbound_arrival";
    case TraceKind::roster_change:
      return "roster_change";
    case TraceKind::officer_free:
      return "officer_free";
    case TraceKind::awaiting_decision:
      return "awaiting_decision";
    case TraceKind::command_applied:
      return "command_applied";
    case TraceKind::command_refused:
      return "command_refused";
    case TraceKind::not_paid:
      return "not_paid";
    case TraceKind::loss_deferred:
      return "loss_deferred";
    case TraceKind::visit_queued:
      return "visit_queued";
    case TraceKind::visit_withdrawn:
      return "visit_withdrawn";
    case TraceKind::officers_available:
      return "officers_available";
    case TraceKind::robot_queued:
      return "robot_queued";
    case TraceKind::robot_start:
      return "robot_start";
    case TraceKind::robot_end:
      return "robot_end";
    case TraceKind::robot_withdrawn:
      return "robot_withdrawn";
    case TraceKind::officer_recalled:
      return "officer_recalled";
    case TraceKind::inbound_abandoned:
      return "inbound_abandoned";
    case TraceKind::officer_cover:
      return "officer_cover";
    case TraceKind::skill_roster_change:
      return "skill_roster_change";
  }
  return "?";
}

std::string_view channel_name(int channel) {
  switch (channel) {
    case 0:
      return "sms";
    case 1:
      return "robot_call";
    case 2:
      return "phone";
    case 3:
      return "family";
    case 4:
      return "visit";
  }
  return "";
}

}  // namespace hotline::model
