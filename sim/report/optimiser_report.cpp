#include "hotline/report/optimiser_report.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "hotline/report/sha256.hpp"
#include "hotline/report/text_format.hpp"
#include "hotline/report/text_table.hpp"
#include "hotline/study/comparison.hpp"
#include "hotline/study/kpi_vector.hpp"
#include "html_text.hpp"
#include "manifest_json.hpp"

namespace hotline::report {

namespace {

using nlohmann::ordered_json;

std::string roster_cells(const std::vector<int>& r) {
  return fmt::format("{}", fmt::join(r, " "));
}

ordered_json estimate_json(const study::Estimate& e) {
  return {{"mean", e.mean}, {"half_width", e.half_width}, {"n", e.n}};
}

ordered_json evaluation_json(const study::RosterOptimum& r, const study::RosterEvaluation& e) {
  ordered_json j;
  ordered_json roster = ordered_json::object();
  for (std::size_t i = 0; i < r.variables.size() && i < e.roster.size(); ++i)
    roster[r.variables[i].label()] = e.roster[i];
  j["roster"] = roster;
  j["cost"] = e.cost;
  j["feasible"] = e.feasible;
  if (!e.loads) j["refused_by_loader"] = e.note;
  ordered_json kpis = ordered_json::array();
  for (std::size_t k = 0; k < r.targets.size() && k < e.kpi.size(); ++k) {
    ordered_json t = estimate_json(e.kpi[k]);
    t["kpi"] = r.targets[k].kpi;
    t["bound"] = e.lower[k];
    t["target"] = r.targets[k].value;
    t["at_least"] = r.targets[k].at_least;
    kpis.push_back(t);
  }
  j["targets"] = kpis;
  for (std::size_t k = 0; k < r.extra_kpis.size() && k < e.extra.size(); ++k)
    j[r.extra_kpis[k]] = estimate_json(e.extra[k]);
  return j;
}

std::string role_of(const study::RosterOptimum& r, const std::vector<int>& roster) {
  if (r.found && roster == r.recommended.roster) return "recommended";
  if (r.runner_up && roster == r.runner_up->roster) return "runner-up";
  if (roster == r.erlang) return "erlang start";
  if (roster == r.given) return "given";
  return "";
}

std::string number(double v) {
  return fmt::format("{:.6g}", v);
}

}  // namespace

std::string optimise_json(const study::RosterOptimum& r, const RunManifest& manifest) {
  ordered_json j;
  j["manifest"] = detail::manifest_json(manifest);
  j["cost_unit"] = r.cost_unit;
  ordered_json vars = ordered_json::array();
  for (std::size_t i = 0; i < r.variables.size(); ++i) {
    const auto& v = r.variables[i];
    vars.push_back({{"desk_kind", v.kind},
                    {"desk", v.desk},
                    {"shift", v.shift},
                    {"key", v.key},
                    {"instances", v.instances},
                    {"given", v.given},
                    {"erlang", i < r.erlang.size() ? r.erlang[i] : 0},
                    {"min", v.min},
                    {"max", v.max},
                    {"unit_cost", v.unit_cost}});
  }
  j["variables"] = vars;
  ordered_json targets = ordered_json::array();
  for (const auto& t : r.targets)
    targets.push_back(
        {{"kpi", t.kpi}, {"at_least", t.at_least}, {"value", t.value}, {"from", t.text}});
  j["targets"] = targets;
  j["found"] = r.found;
  j["statement"] = r.statement;
  j["fresh_confirmed"] = r.fresh_confirmed;
  j["selection_holds"] = r.selection_holds;
  if (r.found) {
    j["recommended"] = {{"sample", evaluation_json(r, r.recommended)},
                        {"fresh", evaluation_json(r, r.recommended_fresh)}};
    if (!(r.sample_optimum.roster == r.recommended.roster))
      j["sample_optimum"] = evaluation_json(r, r.sample_optimum);
  }
  j["runner_up"] = r.runner_up ? evaluation_json(r, *r.runner_up) : ordered_json();
  j["given_fresh"] = r.given_fresh ? evaluation_json(r, *r.given_fresh) : ordered_json();
  ordered_json cand = ordered_json::array();
  for (const auto& c : r.candidates_fresh) cand.push_back(evaluation_json(r, c));
  j["cheaper_candidates_fresh"] = cand;
  j["integer_program"] = {{"bound", r.bound},
                          {"gap", r.gap},
                          {"proven_on_sample", r.proven_on_sample},
                          {"iterations", r.iterations},
                          {"stop_reason", r.stop_reason}};
  j["non_concave_targets"] = r.non_concave;
  ordered_json marg = ordered_json::array();
  for (const auto& m : r.marginals) {
    ordered_json e = estimate_json(m.avoided_yuan);
    e["variable"] = r.variables[static_cast<std::size_t>(m.variable)].label();
    e["cost"] = m.cost;
    marg.push_back(e);
  }
  j["marginal_avoided_yuan_per_day"] = marg;
  ordered_json path = ordered_json::array();
  for (const auto& s : r.path)
    path.push_back({{"iteration", s.iteration},
                    {"what", s.what},
                    {"roster", s.roster},
                    {"cost", s.cost},
                    {"feasible", s.feasible},
                    {"bound", s.bound},
                    {"cuts", s.cuts},
                    {"replications_so_far", s.replications_so_far}});
  j["search_path"] = path;
  ordered_json curve = ordered_json::array();
  for (const auto& e : r.curve) curve.push_back(evaluation_json(r, e));
  j["curve"] = curve;
  j["replications"] = {{"simulated", r.replications_simulated},
                       {"used", r.replications_used},
                       {"sample", r.sample_reps},
                       {"fresh", r.fresh_reps},
                       {"seed", r.seed},
                       {"fresh_seed", r.fresh_seed}};
  j["interrupted"] = r.interrupted;
  j["wall_time_s"] = r.wall_time_s;
  return j.dump(2) + "\n";
}

void write_optimise_csv(AtomicFile& file, const study::RosterOptimum& r, const CsvStyle& style) {
  begin_csv(file, style);
  // Field by field (RFC 4180 quoting where needed), never chains of operator+ (GCC 12 warns
  // on them, falsely, with -Wrestrict).
  std::string line;
  auto cell = [&line](std::string_view text) {
    if (!line.empty()) line += ',';
    append_csv_field(line, text);
  };
  cell("roster");
  for (const auto& v : r.variables) cell(v.label());
  for (const char* h : {"cost", "feasible", "role"}) cell(h);
  for (const auto& t : r.targets) {
    cell(t.kpi);
    cell(t.kpi + " bound");
  }
  for (const auto& k : r.extra_kpis) cell(k);
  line += '\n';
  file.write(line);
  for (const auto& e : r.curve) {
    line.clear();
    cell(roster_cells(e.roster));
    for (int h : e.roster) cell(std::to_string(h));
    cell(number(e.cost));
    cell(e.feasible ? "true" : "false");
    cell(role_of(r, e.roster));
    for (std::size_t k = 0; k < r.targets.size(); ++k) {
      cell(e.loads ? number(e.kpi[k].mean) : "");
      cell(e.loads ? number(e.lower[k]) : "");
    }
    for (std::size_t k = 0; k < r.extra_kpis.size(); ++k)
      cell(k < e.extra.size() ? number(e.extra[k].mean) : "");
    line += '\n';
    file.write(line);
  }
}

std::vector<std::int64_t> record_optimisation(ResultsDb& db, const study::RosterOptimum& r,
                                              const std::string& optimise_json) {
  std::vector<std::int64_t> ids;
  auto record = [&](const std::vector<const study::RosterEvaluation*>& rosters, std::uint64_t seed,
                    int reps, const std::string& what) {
    study::SweepPlan plan;
    plan.seed = seed;
    for (const auto& v : r.variables) plan.study.factors.push_back({v.label(), v.key, {}, {}});
    study::SweepResult result;
    result.interrupted = r.interrupted;
    result.wall_time_s = r.wall_time_s;
    std::string digest_text = what + "\n";
    for (const auto* e : rosters) {
      if (!e->loads) continue;
      study::SweepVariant v;
      v.index = static_cast<int>(plan.variants.size());
      for (int h : e->roster) v.values.push_back(std::to_string(h));
      v.canonical = e->canonical;
      digest_text += sha256_hex(e->canonical) + "\n";
      plan.variants.push_back(std::move(v));
      study::VariantOutcome out;
      out.kpi_values.resize(static_cast<std::size_t>(reps));
      result.variants.push_back(std::move(out));
    }
    if (plan.variants.empty()) return;
    if (ids.empty()) {  // the first row carries the whole optimisation's counts
      result.replications_run = r.replications_simulated;
      result.replications_loaded = std::max(0, r.replications_used - r.replications_simulated);
    }
    ids.push_back(db.record_run(plan, result, sha256_hex(digest_text), optimise_json));
  };
  std::vector<const study::RosterEvaluation*> sample, fresh;
  for (const auto& e : r.curve) sample.push_back(&e);
  record(sample, r.seed, r.sample_reps, "optimize sample");
  if (r.found && !r.recommended_fresh.kpi.empty()) fresh.push_back(&r.recommended_fresh);
  if (r.given_fresh) fresh.push_back(&*r.given_fresh);
  for (const auto& e : r.candidates_fresh) fresh.push_back(&e);
  record(fresh, r.fresh_seed, r.fresh_reps, "optimize fresh");
  return ids;
}

std::string format_optimise_console(const study::RosterOptimum& r) {
  std::string out;
  TextTable t;
  t.column("desk kind / shift", TextTable::Align::left)
      .column("given")
      .column("Erlang A")
      .column("recommended")
      .column("runner-up")
      .column(fmt::format("cost of one more ({})", r.cost_unit))
      .column("¥ avoided per day of one more");
  for (std::size_t i = 0; i < r.variables.size(); ++i) {
    const auto& v = r.variables[i];
    std::string marg = "-";
    if (i < r.marginals.size() && r.marginals[i].avoided_yuan.n > 0)
      marg = fmt::format("{:.0f} ± {:.0f}", r.marginals[i].avoided_yuan.mean,
                         r.marginals[i].avoided_yuan.half_width);
    t.add_row({v.label(), std::to_string(v.given), std::to_string(r.erlang[i]),
               r.found ? std::to_string(r.recommended.roster[i]) : "-",
               r.runner_up ? std::to_string(r.runner_up->roster[i]) : "-", number(v.unit_cost),
               marg});
  }
  out +=
      "Roster (headcount per desk kind and shift; every instance of a kind alike; Erlang A = "
      "what an Erlang calculator would say)\n";
  out += t.render(2);
  if (r.found) {
    out += fmt::format("\nCost: recommended {} {}", number(r.recommended.cost), r.cost_unit);
    if (r.runner_up) out += fmt::format(", runner-up {}", number(r.runner_up->cost));
    out += "\n\nTargets (one-sided 95% bound must meet the target)\n";
    TextTable k;
    k.column("KPI", TextTable::Align::left)
        .column("target")
        .column("sample mean ± 95% CI")
        .column("sample bound")
        .column("fresh mean ± 95% CI")
        .column("fresh bound")
        .column("met", TextTable::Align::left);
    for (std::size_t i = 0; i < r.targets.size(); ++i) {
      const auto& tg = r.targets[i];
      const auto& s = r.recommended;
      const auto& f = r.recommended_fresh;
      const bool fresh = i < f.kpi.size();
      const bool met = fresh && (tg.at_least ? f.lower[i] >= tg.value : f.lower[i] <= tg.value);
      k.add_row({tg.kpi, fmt::format("{}{}", tg.at_least ? ">= " : "<= ", number(tg.value)),
                 study::format_kpi(tg.kpi, s.kpi[i].mean) + " ± " +
                     study::format_kpi(tg.kpi, s.kpi[i].half_width),
                 study::format_kpi(tg.kpi, s.lower[i]),
                 fresh ? study::format_kpi(tg.kpi, f.kpi[i].mean) + " ± " +
                             study::format_kpi(tg.kpi, f.kpi[i].half_width)
                       : "-",
                 fresh ? study::format_kpi(tg.kpi, f.lower[i]) : "-", met ? "yes" : "NO"});
    }
    out += k.render(2);
  }
  out += "\n" + r.statement + "\n";
  out += fmt::format(
      "Integer program: bound {} {}, gap {:.1f}% on the sample ({}); {} iterations, stopped: "
      "{}\n",
      number(r.bound), r.cost_unit, 100.0 * r.gap,
      r.proven_on_sample ? "proven where the service levels are concave" : "not proven",
      r.iterations, r.stop_reason);
  if (!r.non_concave.empty())
    out += fmt::format("Not concave in staffing (local search used): {}\n",
                       fmt::join(r.non_concave, ", "));
  out += fmt::format(
      "Replications: {} simulated, {} used ({} per roster on the sample, seed {}; {} on fresh "
      "seed {}); {} rosters evaluated on the sample; {:.1f} s\n",
      r.replications_simulated, r.replications_used, r.sample_reps, r.seed, r.fresh_reps,
      r.fresh_seed, r.curve.size(), r.wall_time_s);
  return out;
}

std::string optimise_report_html(const study::RosterOptimum& r, const scenario::Scenario& base,
                                 const RunManifest& manifest,
                                 const std::vector<ReportRow>& file_hashes) {
  using detail::html_escape;
  // The sweep page over the curve: x = the roster's cost.
  SweepPage page;
  page.scenario = report_scenario(base);
  page.parameter = "roster cost (" + r.cost_unit + ")";
  for (const auto& e : r.curve) {
    if (!e.loads) continue;
    report::SweepVariant v;
    v.label = roster_cells(e.roster) + (e.feasible ? " ✓" : "");
    const std::string role = role_of(r, e.roster);
    if (!role.empty()) v.label += " (" + role + ")";
    v.x = e.cost;
    for (std::size_t k = 0; k < r.targets.size(); ++k) {
      v.kpis.names.push_back(r.targets[k].kpi);
      v.kpis.values.push_back(e.kpi[k]);
    }
    for (std::size_t k = 0; k < r.extra_kpis.size() && k < e.extra.size(); ++k) {
      v.kpis.names.push_back(r.extra_kpis[k]);
      v.kpis.values.push_back(e.extra[k]);
    }
    page.variants.push_back(std::move(v));
  }
  for (const auto& t : r.targets) page.kpis.push_back(t.kpi);
  page.kpis.push_back("all.avoided_yuan");
  page.manifest = manifest_rows(manifest, r.sample_reps, file_hashes);
  std::string html = sweep_report_html(page);
  // The sweep page's "marginal of each step" compares neighbours along x; neighbours in cost
  // are unrelated rosters here, so it is left out: the marginal that means something, one
  // more operator per desk kind and shift, paired, is in the recommendation table.
  if (const auto from = html.find("<section id=\"marginal\">"); from != std::string::npos) {
    const auto to = html.find("</section>\n", from);
    if (to != std::string::npos) html.erase(from, to + 11 - from);
  }

  std::string s = "<section id=\"optimum\">\n<h2>Recommended roster 推荐排班</h2>\n";
  s += "<p class=\"lead\">" + html_escape(r.statement) +
       "</p>\n<table>\n<tr><th>desk kind / "
       "shift</th><th>given</th><th>Erlang A (what an Erlang calculator would "
       "say)</th><th>recommended</th><th>runner-up</th>"
       "<th>¥ avoided per day of one more</th></tr>\n";
  for (std::size_t i = 0; i < r.variables.size(); ++i) {
    std::string marg = "-";
    if (i < r.marginals.size() && r.marginals[i].avoided_yuan.n > 0)
      marg = fmt::format("{:.0f} ± {:.0f}", r.marginals[i].avoided_yuan.mean,
                         r.marginals[i].avoided_yuan.half_width);
    s +=
        fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    html_escape(r.variables[i].label()), r.variables[i].given, r.erlang[i],
                    r.found ? std::to_string(r.recommended.roster[i]) : "-",
                    r.runner_up ? std::to_string(r.runner_up->roster[i]) : "-", marg);
  }
  s += "</table>\n";
  s += fmt::format(
      "<p class=\"note\">Cost {} {}; integer program bound {}, gap {:.1f}%; {} replications "
      "simulated. Charts below: every roster evaluated on the sample against its cost "
      "(✓ = meets every target at its one-sided 95% bound).</p>\n",
      number(r.recommended.cost), html_escape(r.cost_unit), number(r.bound), 100.0 * r.gap,
      r.replications_simulated);
  s += "<h2>Search path 搜索路径</h2>\n<table>\n<tr><th>iteration</th><th>step</th><th>roster</th>"
       "<th>cost</th><th>meets targets (sample)</th><th>bound</th><th>cuts</th><th>replications "
       "so far</th></tr>\n";
  for (const auto& p : r.path)
    s += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}"
        "</td></tr>\n",
        p.iteration, html_escape(p.what), roster_cells(p.roster), number(p.cost),
        p.feasible ? "yes" : "no", number(p.bound), p.cuts, p.replications_so_far);
  s += "</table>\n</section>\n";
  const auto at = html.find("</header>");
  if (at != std::string::npos) html.insert(at + 9, "\n" + s);
  return html;
}

}  // namespace hotline::report
