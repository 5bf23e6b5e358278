#include "hotline/report/sweep_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "hotline/report/text_format.hpp"
#include "hotline/report/text_table.hpp"
#include "hotline/study/comparison.hpp"
#include "hotline/study/kpi_vector.hpp"
#include "hotline/study/staffing_cost.hpp"
#include "manifest_json.hpp"

namespace hotline::report {

namespace {

using Json = nlohmann::ordered_json;

bool as_number(const std::string& s, double& out) {
  const char* end = s.data() + s.size();
  const auto [p, ec] = std::from_chars(s.data(), end, out);
  return !s.empty() && ec == std::errc() && p == end;
}

std::string with_ci(const std::string& name, const study::Estimate& e) {
  if (study::kpi_unit(name) == study::KpiUnit::share)
    return fmt::format("{:.1f}% ± {:.1f}", 100 * e.mean, 100 * e.half_width);
  return fmt::format("{} ± {}", study::format_kpi(name, e.mean),
                     study::format_kpi(name, e.half_width));
}

std::string difference(const std::string& name, const study::Estimate& e) {
  if (study::kpi_unit(name) == study::KpiUnit::share)
    return fmt::format("{:+.1f} ± {:.1f} points", 100 * e.mean, 100 * e.half_width);
  return fmt::format("{}{} ± {}", e.mean >= 0 ? "+" : "-",
                     study::format_kpi(name, std::fabs(e.mean)),
                     study::format_kpi(name, e.half_width));
}

const study::Estimate* find(const study::VariantOutcome& v, const std::string& kpi) {
  const int i = v.kpi_index(kpi);
  return i < 0 ? nullptr : &v.estimates[static_cast<std::size_t>(i)];
}

struct TargetCell {
  double bound = 0;
  bool meets = false;
};

std::optional<TargetCell> target_of(const study::VariantOutcome& v, const SweepView& view) {
  if (!view.target) return std::nullopt;
  const study::Estimate* e = find(v, view.target->kpi);
  if (!e || e->n < 2) return std::nullopt;
  TargetCell c;
  c.bound = study::one_sided_bound(*e, view.target->at_least);
  c.meets = view.target->at_least ? c.bound >= view.target->value : c.bound <= view.target->value;
  return c;
}

// The variant before v in view.order, or -1.
int previous(const SweepView& view, int v) {
  const auto it = std::find(view.order.begin(), view.order.end(), v);
  return it == view.order.end() || it == view.order.begin() ? -1 : *(it - 1);
}

std::string target_text(const scenario::Target& t) {
  const std::string value = study::kpi_unit(t.kpi) == study::KpiUnit::share
                                ? fmt::format("{:.1f}%", 100 * t.value)
                                : study::format_kpi(t.kpi, t.value);
  return fmt::format("{} {} {}", study::kpi_label(t.kpi), t.at_least ? "≥" : "≤", value);
}

}  // namespace

SweepView make_sweep_view(const study::SweepPlan& plan, std::vector<std::string> kpis,
                          std::optional<scenario::Target> target, std::string marginal) {
  SweepView view;
  view.kpis = std::move(kpis);
  view.target = std::move(target);
  if (plan.study.factors.size() == 1) {
    std::vector<std::pair<double, int>> by_value;
    bool numeric = true;
    for (const auto& v : plan.variants) {
      double x = 0;
      numeric = numeric && as_number(v.values.front(), x);
      by_value.emplace_back(x, v.index);
    }
    if (numeric) {
      std::stable_sort(by_value.begin(), by_value.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      for (const auto& [x, i] : by_value) view.order.push_back(i);
      view.marginal = std::move(marginal);
    }
  }
  return view;
}

void write_sweep_csv(AtomicFile& file, const study::SweepPlan& plan,
                     const study::SweepResult& result, const CsvStyle& style) {
  begin_csv(file, style);
  std::string line = "variant";
  for (const auto& f : plan.study.factors) {
    line += ',';
    append_csv_field(line, f.name);
  }
  line += ",kpi,mean,half_width,n\n";
  file.write(line);
  for (std::size_t v = 0; v < plan.variants.size(); ++v) {
    const auto& pv = plan.variants[v];
    const auto& out = result.variants[v];
    std::string prefix = pv.label();
    for (const auto& value : pv.values) {
      prefix += ',';
      append_csv_field(prefix, value);
    }
    for (std::size_t k = 0; k < out.kpi_names.size(); ++k) {
      line = prefix;
      line += ',';
      append_csv_field(line, out.kpi_names[k]);
      const auto& e = out.estimates[k];
      line += fmt::format(",{},{},{}\n", e.mean, e.half_width, e.n);
      file.write(line);
    }
  }
}

std::string sweep_json(const study::SweepPlan& plan, const study::SweepResult& result,
                       const RunManifest& manifest, const SweepView& view,
                       const std::string& replication_rule) {
  Json doc;
  doc["manifest"] = detail::manifest_json(manifest);
  doc["complete"] = !result.interrupted;
  doc["replications"] = {{"rule", replication_rule},
                         {"run", result.replications_run},
                         {"loaded", result.replications_loaded}};
  Json factors = Json::array();
  for (const auto& f : plan.study.factors) factors.push_back({{"name", f.name}, {"key", f.key}});
  doc["factors"] = std::move(factors);
  if (view.target)
    doc["target"] = {{"kpi", view.target->kpi},
                     {"op", view.target->at_least ? ">=" : "<="},
                     {"value", view.target->value},
                     {"bound", "one-sided 95%"}};
  if (!view.marginal.empty()) doc["marginal"] = view.marginal;
  Json variants = Json::array();
  for (std::size_t v = 0; v < plan.variants.size(); ++v) {
    const auto& pv = plan.variants[v];
    const auto& out = result.variants[v];
    Json j;
    j["label"] = pv.label();
    Json params = Json::object();
    for (std::size_t f = 0; f < pv.values.size(); ++f)
      params[plan.study.factors[f].name] = pv.values[f];
    j["parameters"] = std::move(params);
    j["reps"] = out.reps();
    // What the variant's roster costs over the counted period (null without a costs: section).
    const study::StaffingCost cost = study::staffing_cost(pv.scenario);
    j["staffing_cost_yuan"] = cost.priced ? Json(cost.total_yuan()) : Json(nullptr);
    j["precision_reached"] = out.precision_reached;
    j["complete"] = out.complete;
    Json kpis = Json::object();
    for (const auto& name : view.kpis)
      if (const auto* e = find(out, name))
        kpis[name] = {{"mean", e->mean}, {"half_width", e->half_width}, {"n", e->n}};
    j["kpis"] = std::move(kpis);
    if (const auto t = target_of(out, view))
      j["target"] = {{"bound", t->bound}, {"meets", t->meets}};
    if (const int p = previous(view, pv.index); p >= 0 && !view.marginal.empty()) {
      const auto d = study::paired_difference(result.variants[static_cast<std::size_t>(p)], out,
                                              view.marginal);
      if (d.n > 0)
        j["marginal"] = {{"vs", plan.variants[static_cast<std::size_t>(p)].label()},
                         {"mean", d.mean},
                         {"half_width", d.half_width},
                         {"n", d.n}};
    }
    variants.push_back(std::move(j));
  }
  doc["variants"] = std::move(variants);
  std::string text = doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  text.push_back('\n');
  return text;
}

std::string format_sweep_console(const study::SweepPlan& plan, const study::SweepResult& result,
                                 const SweepView& view) {
  std::string out;
  auto it = std::back_inserter(out);
  const auto& base = plan.variants.front().scenario;
  fmt::format_to(it, "hotline-sim {}: sweep of {}, {}, over {} factor{}, {} variant{}\n",
                 HOTLINE_VERSION, base.name, describe_scenario_source(base.source_name),
                 plan.study.factors.size(), plan.study.factors.size() == 1 ? "" : "s",
                 plan.variants.size(), plan.variants.size() == 1 ? "" : "s");
  for (const auto& f : plan.study.factors)
    if (f.name != f.key) fmt::format_to(it, "  {} = --set {}\n", f.name, f.key);
  fmt::format_to(it,
                 "  seed {}: replication r of every variant sees the same alerts (common random "
                 "numbers); {} replications run now, {} taken from the database\n",
                 plan.seed, result.replications_run, result.replications_loaded);
  if (result.interrupted) out += "  INCOMPLETE: interrupted; --resume continues\n";

  TextTable t;
  t.column("variant", TextTable::Align::left);
  for (const auto& f : plan.study.factors) t.column(f.name);
  for (const auto& k : view.kpis) t.column(study::kpi_label(k));
  t.column("n");
  const bool priced = plan.variants.front().scenario.costs.given;
  if (priced) t.column("staffing cost");
  if (view.target) t.column("one-sided 95% bound").column("meets target");
  if (!view.marginal.empty())
    t.column(fmt::format("{} vs previous (paired)", study::kpi_label(view.marginal)));
  std::vector<int> rows = view.order;
  if (rows.empty())
    for (const auto& v : plan.variants) rows.push_back(v.index);
  int smallest = -1;
  for (const int v : rows) {
    const auto& pv = plan.variants[static_cast<std::size_t>(v)];
    const auto& o = result.variants[static_cast<std::size_t>(v)];
    std::vector<std::string> cells = {pv.label()};
    for (const auto& value : pv.values) cells.push_back(value);
    for (const auto& k : view.kpis) {
      const auto* e = find(o, k);
      cells.push_back(e ? with_ci(k, *e) : "-");
    }
    std::string n = std::to_string(o.reps());
    if (!o.precision_reached && o.complete) n += " (max)";
    if (!o.complete) n += " (incomplete)";
    cells.push_back(n);
    if (priced) cells.push_back("¥" + format_money(study::staffing_cost(pv.scenario).total_yuan()));
    if (view.target) {
      const auto c = target_of(o, view);
      cells.push_back(c ? study::format_kpi(view.target->kpi, c->bound) : "-");
      cells.push_back(c ? (c->meets ? "yes" : "no") : "-");
      if (c && c->meets && smallest < 0) smallest = v;
    }
    if (!view.marginal.empty()) {
      const int p = previous(view, v);
      const auto d = p < 0 ? study::Estimate{}
                           : study::paired_difference(result.variants[static_cast<std::size_t>(p)],
                                                      o, view.marginal);
      // A CI that holds 0 says the step may buy nothing: say so, as compare's verdicts do.
      const bool zero_in_ci = std::fabs(d.mean) <= d.half_width;
      cells.push_back(d.n > 0 ? difference(view.marginal, d) + (zero_in_ci ? " (n.s.)" : "") : "");
    }
    t.add_row(std::move(cells));
  }
  out += "\nMean ± 95% CI half-width per variant (every KPI in sweep.csv)\n";
  out += t.render(2);
  if (!view.marginal.empty())
    out +=
        "  vs previous: this step minus the one above it, replication by replication (same "
        "alerts); n.s. = its 95% CI holds 0\n";
  if (view.target) {
    fmt::format_to(it, "\nTarget: {} at its one-sided 95% bound\n", target_text(*view.target));
    if (smallest < 0) {
      out += "  no variant meets it with 95% confidence\n";
    } else if (!view.order.empty()) {
      const auto& pv = plan.variants[static_cast<std::size_t>(smallest)];
      out += fmt::format("  the smallest {} that meets it: {} ({})\n", plan.study.factors[0].name,
                         pv.values[0], pv.label());
    } else {
      out += "  variants that meet it:";
      for (const int v : rows)
        if (const auto c = target_of(result.variants[static_cast<std::size_t>(v)], view);
            c && c->meets)
          fmt::format_to(it, " {}", plan.variants[static_cast<std::size_t>(v)].label());
      out += "\n";
    }
  }
  return out;
}

}  // namespace hotline::report
