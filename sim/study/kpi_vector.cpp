#include "hotline/study/kpi_vector.hpp"

#include <cctype>
#include <cmath>
#include <iterator>
#include <string_view>
#include <tuple>

namespace hotline::study {

namespace {

double share(std::int64_t part, std::int64_t whole) {
  return whole ? double(part) / double(whole) : 0.0;
}

// a + b + c, appended in place (GCC 12 warns falsely about `std::string + ...` chains).
std::string join(std::string_view a, std::string_view b, std::string_view c = {}) {
  std::string s;
  s.reserve(a.size() + b.size() + c.size());
  s.append(a).append(b).append(c);
  return s;
}

// With `names` off only the values are built (a sweep knows the names of its variant).
void add_group(KpiVector& v, bool names, const std::string& g, const metrics::GroupKpi& k) {
  auto put = [&](std::string_view name, double value) {
    if (names) v.names.push_back(join(g, ".", name));
    v.values.push_back(value);
  };
  put("alerts", static_cast<double>(k.alerts));
  put("dissuaded_share", k.dissuaded_share());
  put("lost_share", share(k.lost, k.alerts));
  put("would_pay_share", share(k.would_pay, k.alerts));
  put("saved_share", k.saved_share());
  put("warned_share", share(k.warned, k.alerts));
  put("lost", static_cast<double>(k.lost));
  put("lost_in_queue", static_cast<double>(k.lost_in_queue));
  put("lost_in_step", static_cast<double>(k.lost_in_step));
  put("lost_after_plan", static_cast<double>(k.lost_after_plan));
  put("lost_yuan", k.lost_yuan);
  put("avoided_yuan", k.avoided_yuan);
  put("contact_mean_s", k.contact_mean_s);
  put("contact_p50_s", k.contact_p50_s);
  put("contact_p90_s", k.contact_p90_s);
  put("dial_mean_s", k.dial_mean_s);
  put("dial_p90_s", k.dial_p90_s);
  put(reached_kpi(k), k.reached_share());
  put("sla_attainment", k.sla_attainment());
  put("escalations", static_cast<double>(k.escalations));
}

void add_queue(KpiVector& v, bool names, const std::string& prefix, const metrics::DeskKpi& d) {
  auto put = [&](std::string_view name, double value, std::string_view class_prefix = {}) {
    if (names) v.names.push_back(join(prefix, class_prefix, name));
    v.values.push_back(value);
  };
  put("utilisation", d.utilisation);
  put("mean_wait_s", d.mean_wait_s);
  put("p_wait", d.served ? double(d.waited) / double(d.served) : 0.0);
  put("p_wait_all", d.all_tasks.p_wait());
  put("mean_wait_all_s", d.all_tasks.mean_wait_all_s());
  put("mean_queue", d.mean_queue);
  put("max_queue", d.max_queue);
  put("abandon_share", d.tasks ? double(d.expired_in_queue) / double(d.tasks) : 0.0);
  put("blocked_share", d.tasks + d.blocked ? double(d.blocked) / double(d.tasks + d.blocked) : 0.0);
  put("inbound_abandon_share",
      d.by_grade[0].tasks ? double(d.inbound_abandoned) / double(d.by_grade[0].tasks) : 0.0);
  static const char* const kClasses[] = {"inbound.", "grade1.", "grade2.", "grade3."};
  static_assert(std::size(kClasses) == std::tuple_size_v<decltype(d.by_grade)>);
  for (std::size_t g = 0; g < d.by_grade.size(); ++g) {
    put("p_wait_all", d.by_grade[g].p_wait(), kClasses[g]);
    put("mean_wait_all_s", d.by_grade[g].mean_wait_all_s(), kClasses[g]);
  }
  if (d.skill_sets) {
    put("in_language_share", share(d.calls_in_language, d.calls_in_language + d.calls_fallback));
    for (const auto& [code, hours] : d.staffed_hours_by_language)
      put("staffed_hours." + code, hours);
  }
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

namespace {

void flatten(const metrics::RunResult& r, KpiVector& v, bool names) {
  add_group(v, names, "all", r.all);
  for (std::size_t g = 0; g < r.by_grade.size(); ++g)
    add_group(v, names, "grade" + std::to_string(g + 1), r.by_grade[g]);
  for (const auto& t : r.by_type) add_group(v, names, "type." + t.key, t);
  // Interval service levels: <group>.<reached KPI>.<interval>.
  for (const auto& iv : r.intervals) {
    if (names) {
      const metrics::GroupKpi& g =
          iv.grade == 0 ? r.all : r.by_grade[static_cast<std::size_t>(iv.grade - 1)];
      const std::string group = iv.grade == 0 ? "all" : "grade" + std::to_string(iv.grade);
      v.names.push_back(group + "." + reached_kpi(g) + "." + iv.interval);
    }
    v.values.push_back(iv.reached_share());
  }
  for (const auto& d : r.desks) add_queue(v, names, "desk." + d.id + ".", d);
  for (const auto& p : r.pools) add_queue(v, names, "pool." + p.id + ".", p);
}

}  // namespace

KpiVector flatten_kpis(const metrics::RunResult& r) {
  KpiVector v;
  flatten(r, v, true);
  return v;
}

std::vector<double> flatten_kpi_values(const metrics::RunResult& r) {
  KpiVector v;
  flatten(r, v, false);
  return std::move(v.values);
}

namespace {
std::string reached_within(double target_s) {
  if (target_s <= 0) return "reached_within_target";
  return "reached_within_" + std::to_string(static_cast<long long>(std::llround(target_s))) + "s";
}
}  // namespace

std::string reached_kpi(const metrics::GroupKpi& g) {
  return reached_within(g.reach_target_s);
}

std::string reached_kpi_name(const scenario::Scenario& s, int grade) {
  const auto t = s.reporting.reach_within[static_cast<std::size_t>(grade - 1)];
  return "grade" + std::to_string(grade) + "." +
         reached_within(static_cast<double>(t.count()) / 1000.0);
}

KpiUnit kpi_unit(const std::string& n) {
  if (ends_with(n, "_share") || ends_with(n, "sla_attainment") || ends_with(n, "utilisation") ||
      ends_with(n, "p_wait") || ends_with(n, "p_wait_all") ||
      n.find(".reached_within_") != std::string::npos)
    return KpiUnit::share;
  if (ends_with(n, "_yuan")) return KpiUnit::yuan;
  if (ends_with(n, "_s")) return KpiUnit::seconds;
  if (ends_with(n, "mean_queue")) return KpiUnit::ratio;
  return KpiUnit::count;
}

std::string kpi_label(const std::string& name) {
  std::string s = name;
  // "grade1.reached_within_600s.night" -> "grade 1 reached within 10 min, night"
  const std::string tag = ".reached_within_";
  if (const auto p = s.find(tag); p != std::string::npos) {
    const auto digits = p + tag.size();
    auto q = digits;
    while (q < s.size() && std::isdigit(static_cast<unsigned char>(s[q]))) ++q;
    if (q > digits && q < s.size() && s[q] == 's') {
      const long long sec = std::stoll(s.substr(digits, q - digits));
      const std::string t = sec % 3600 == 0 ? std::to_string(sec / 3600) + " h"
                            : sec % 60 == 0 ? std::to_string(sec / 60) + " min"
                                            : std::to_string(sec) + " s";
      std::string rest = s.substr(q + 1);  // "" or ".night"
      if (!rest.empty()) rest = "," + rest;
      s = s.substr(0, p) + ".reached within " + t + rest;
    }
  }
  if (s.rfind("grade", 0) == 0 && s.size() > 5) s.insert(5, " ");
  for (char& c : s)
    if (c == '.' || c == '_') c = ' ';
  auto replace = [&](const std::string& from, const std::string& to) {
    const auto p = s.find(from);
    if (p != std::string::npos) s.replace(p, from.size(), to);
  };
  replace("sla attainment", "SLA attainment");
  replace("contact p50 s", "first contact p50 (s)");
  replace("contact p90 s", "first contact p90 (s)");
  replace("contact mean s", "first contact mean (s)");
  replace("mean wait all s", "mean wait, all arrivals (s)");
  replace("p wait all", "P(wait > 0), all arrivals");
  replace("dial mean s", "first dial mean (s)");
  replace("dial p90 s", "first dial p90 (s)");
  replace("reached within target", "reached within target");
  replace("mean wait s", "mean wait (s)");
  replace("lost yuan", "lost (yuan)");
  replace("avoided yuan", "avoided (yuan)");
  return s;
}

}  // namespace hotline::study
