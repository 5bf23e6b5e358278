#include "hotline/study/kpi_vector.hpp"

namespace hotline::study {

namespace {

void add_group(KpiVector& v, const std::string& g, const metrics::GroupKpi& k) {
  auto put = [&](const char* name, double value) {
    v.names.push_back(g + "." + name);
    v.values.push_back(value);
  };
  put("alerts", static_cast<double>(k.alerts));
  put("dissuaded_share", k.dissuaded_share());
  put("lost_share", k.alerts ? double(k.lost) / double(k.alerts) : 0.0);
  put("lost_yuan", k.lost_yuan);
  put("avoided_yuan", k.avoided_yuan);
  put("contact_mean_s", k.contact_mean_s);
  put("contact_p50_s", k.contact_p50_s);
  put("contact_p90_s", k.contact_p90_s);
  put("sla_attainment", k.sla_attainment());
  put("escalations", static_cast<double>(k.escalations));
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

KpiVector flatten_kpis(const metrics::RunResult& r) {
  KpiVector v;
  add_group(v, "all", r.all);
  for (std::size_t g = 0; g < r.by_grade.size(); ++g)
    add_group(v, "grade" + std::to_string(g + 1), r.by_grade[g]);
  for (const auto& t : r.by_type) add_group(v, "type." + t.key, t);
  for (const auto& d : r.desks) {
    auto put = [&](const char* name, double value) {
      v.names.push_back("desk." + d.id + "." + name);
      v.values.push_back(value);
    };
    put("utilisation", d.utilisation);
    put("mean_wait_s", d.mean_wait_s);
    put("p_wait", d.served ? double(d.waited) / double(d.served) : 0.0);
    put("mean_queue", d.mean_queue);
    put("max_queue", d.max_queue);
    put("abandon_share", d.tasks ? double(d.expired_in_queue) / double(d.tasks) : 0.0);
    put("blocked_share",
        d.tasks + d.blocked ? double(d.blocked) / double(d.tasks + d.blocked) : 0.0);
  }
  return v;
}

KpiUnit kpi_unit(const std::string& n) {
  if (ends_with(n, "_share") || ends_with(n, "sla_attainment") || ends_with(n, "utilisation") ||
      ends_with(n, "p_wait"))
    return KpiUnit::share;
  if (ends_with(n, "_yuan")) return KpiUnit::yuan;
  if (ends_with(n, "_s")) return KpiUnit::seconds;
  if (ends_with(n, "mean_queue")) return KpiUnit::ratio;
  return KpiUnit::count;
}

std::string kpi_label(const std::string& name) {
  std::string s = name;
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
  replace("mean wait s", "mean wait (s)");
  replace("lost yuan", "lost (yuan)");
  replace("avoided yuan", "avoided (yuan)");
  return s;
}

}  // namespace hotline::study
