#include "hotline/report/calibration_report.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "display_names.hpp"
#include "hotline/report/text_format.hpp"
#include "hotline/report/text_table.hpp"
#include "manifest_json.hpp"

namespace hotline::report {

namespace {

using Json = nlohmann::ordered_json;

const std::string& unit_id(const study::Calibration& c, int u) {
  return c.scenario.units[static_cast<std::size_t>(u)].id;
}
const std::string& unit_name(const study::Calibration& c, int u) {
  return c.scenario.units[static_cast<std::size_t>(u)].name;
}
std::string type_id(const study::Calibration& c, int t) {
  return t < 0 ? "*" : c.scenario.fraud_types[static_cast<std::size_t>(t)].id;
}
std::string type_name(const study::Calibration& c, int t) {
  return t < 0 ? "全部" : c.scenario.fraud_types[static_cast<std::size_t>(t)].name;
}

// "拉萨市 (lhasa)" or the id alone when the unit has no other name.
std::string unit_label(const study::Calibration& c, int u) {
  const std::string& id = unit_id(c, u);
  const std::string& name = unit_name(c, u);
  return name.empty() || name == id ? id : name + " (" + id + ")";
}

std::string type_label(const study::Calibration& c, int t) {
  if (t < 0) return "全部 (all)";
  return detail::type_label(c.scenario, static_cast<std::size_t>(t), type_id(c, t));
}

// One decimal with thousands separators, as the console's counts: "8,057.9".
std::string one_decimal(double v) {
  const std::int64_t tenths = std::llround(std::abs(v) * 10);
  return (v < 0 && tenths > 0 ? "-" : "") + format_count(tenths / 10) + "." +
         std::to_string(tenths % 10);
}

std::string count(double v) {
  if (std::abs(v - std::round(v)) < 1e-9) return format_count(static_cast<std::int64_t>(v));
  return one_decimal(v);
}

std::string parameter_label(const study::Calibration& c, const study::FittedParameter& p) {
  switch (p.kind) {
    case study::FittedParameter::Kind::rate:
      return type_label(c, p.fraud_type) + ": alerts per day";
    case study::FittedParameter::Kind::unit_weight:
      return unit_label(c, p.unit) + ": weight";
    case study::FittedParameter::Kind::would_pay:
      // The top level serves the types without lost rows of their own.
      return (p.fraud_type < 0 ? std::string("top level") : type_label(c, p.fraud_type)) +
             fmt::format(": would pay, grade {}", p.grade);
  }
  return p.key;
}

std::string change(const study::FittedParameter& p) {
  if (p.after == p.before) return "-";
  if (p.before == 0) return "new";
  return fmt::format("{:+.1f}%", 100 * (p.after / p.before - 1));
}

std::string yaml_scalar(const std::string& s) {
  // Ids are plain words; quote anything YAML could read as another type or as syntax.
  bool plain = !s.empty();
  for (const char ch : s)
    plain = plain && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-');
  plain = plain && !std::isdigit(static_cast<unsigned char>(s.front())) && s != "true" &&
          s != "false" && s != "null" && s != "yes" && s != "no";
  return plain ? s : "\"" + s + "\"";
}

}  // namespace

void write_calibration_csv(AtomicFile& file, const study::Calibration& c, const CsvStyle& style) {
  std::string out =
      "period_start,period_end,unit,unit_name,fraud_type,fraud_type_name,measure,target,"
      "simulated_mean,simulated_half_width,simulated_sd,replications,within_ci,fits\n";
  for (const auto& r : c.rows) {
    for (const std::string& f :
         {r.target.period_start, r.target.period_end, unit_id(c, r.target.unit),
          unit_name(c, r.target.unit), type_id(c, r.target.fraud_type),
          type_name(c, r.target.fraud_type)}) {
      append_csv_field(out, f);
      out += ',';
    }
    out += fmt::format("{},{},{},{},{},{},{},{}\n", study::to_string(r.measure), r.value,
                       r.simulated.mean, r.simulated.half_width, r.simulated.sd, r.simulated.n,
                       r.within() ? 1 : 0, study::to_string(r.role));
  }
  begin_csv(file, style);
  file.write(out);
}

std::string calibration_json(const study::Calibration& c, const RunManifest& manifest) {
  Json doc;
  doc["manifest"] = detail::manifest_json(manifest);
  doc["targets"] = c.targets_file;
  doc["replications"] = c.reps;
  doc["converged"] = c.converged;
  doc["iterations"] = c.iterations;
  Json h = Json::array();
  for (const auto& s : c.history)
    h.push_back({{"iteration", s.iteration},
                 {"within", s.within},
                 {"targets", s.targets},
                 {"worst_relative_error", s.worst_relative_error}});
  doc["history"] = std::move(h);
  Json ps = Json::array();
  for (const auto& p : c.parameters)
    ps.push_back({{"key", p.key}, {"before", p.before}, {"after", p.after}, {"value", p.value}});
  doc["parameters"] = std::move(ps);
  Json rows = Json::array();
  for (const auto& r : c.rows)
    rows.push_back(
        {{"line", r.target.line},
         {"period_start", r.target.period_start},
         {"period_end", r.target.period_end},
         {"unit", unit_id(c, r.target.unit)},
         {"fraud_type", type_id(c, r.target.fraud_type)},
         {"measure", study::to_string(r.measure)},
         {"target", r.value},
         {"simulated", {{"mean", r.simulated.mean}, {"half_width", r.simulated.half_width}}},
         {"within_ci", r.within()},
         {"fits", study::to_string(r.role)}});
  doc["rows"] = std::move(rows);
  std::string text = doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  text.push_back('\n');
  return text;
}

std::string calibration_patch_yaml(const study::Calibration& c, const std::string& command) {
  using Kind = study::FittedParameter::Kind;
  std::string out;
  auto it = std::back_inserter(out);
  fmt::format_to(it,
                 "# Calibration patch for scenario '{}', written by:\n#   {}\n# {} after {} "
                 "iteration(s) of {} replications (seed {}).\n# Copy these keys into the "
                 "scenario (lists are matched by id), or apply them with\n#   hotline-sim run "
                 "SCENARIO --patch patch.yaml\n",
                 c.scenario.name, command,
                 c.converged ? "Converged: every target within its 95% CI"
                             : "NOT converged: some targets outside their 95% CI",
                 c.iterations, c.reps, c.seed);

  // Rates and per-type would_pay under fraud_types, by type.
  std::map<int, std::vector<const study::FittedParameter*>> by_type;
  std::vector<const study::FittedParameter*> top_wp, weights;
  for (const auto& p : c.parameters) {
    if (p.kind == Kind::unit_weight)
      weights.push_back(&p);
    else if (p.kind == Kind::would_pay && p.fraud_type < 0)
      top_wp.push_back(&p);
    else
      by_type[p.fraud_type].push_back(&p);
  }
  if (!by_type.empty()) {
    out += "fraud_types:\n";
    for (const auto& [t, ps] : by_type) {
      fmt::format_to(it, "  - id: {}\n", yaml_scalar(type_id(c, t)));
      std::string wp;
      for (const auto* p : ps) {
        if (p->kind == Kind::rate) fmt::format_to(it, "    rate_per_day: {}\n", p->value);
        if (p->kind == Kind::would_pay)
          wp += fmt::format("{}{}: {}", wp.empty() ? "" : ", ", p->grade, p->value);
      }
      if (!wp.empty()) fmt::format_to(it, "    would_pay: {{{}}}\n", wp);
    }
  }
  if (!top_wp.empty()) {
    std::string wp;
    for (const auto* p : top_wp)
      wp += fmt::format("{}{}: {}", wp.empty() ? "" : ", ", p->grade, p->value);
    fmt::format_to(it, "would_pay: {{{}}}\n", wp);
  }
  if (!weights.empty()) {
    // The organisation tree down to each fitted unit, children lists matched by id.
    const auto& units = c.scenario.units;
    std::vector<bool> needed(units.size(), false);
    std::map<int, std::string> weight_of;
    for (const auto* p : weights) {
      weight_of[p->unit] = p->value;
      for (int u = p->unit; u >= 0; u = units[static_cast<std::size_t>(u)].parent)
        needed[static_cast<std::size_t>(u)] = true;
    }
    out += "organisation:\n";
    fmt::format_to(it, "  id: {}\n", yaml_scalar(units.front().id));
    // Pre-order walk over the needed units; depth d items are indented 4d.
    std::vector<std::pair<int, int>> stack;  // (unit, depth)
    const auto push_children = [&](int u, int d) {
      const auto& ch = units[static_cast<std::size_t>(u)].children;
      bool any = false;
      for (auto r = ch.rbegin(); r != ch.rend(); ++r)
        if (needed[static_cast<std::size_t>(*r)]) stack.emplace_back(*r, d), any = true;
      return any;
    };
    if (push_children(0, 1)) out += "  children:\n";
    while (!stack.empty()) {
      const auto [u, d] = stack.back();
      stack.pop_back();
      const std::string pad(static_cast<std::size_t>(4 * d), ' ');
      fmt::format_to(it, "{}- id: {}\n", pad, yaml_scalar(units[static_cast<std::size_t>(u)].id));
      if (const auto w = weight_of.find(u); w != weight_of.end())
        fmt::format_to(it, "{}  weight: {}\n", pad, w->second);
      // The items just pushed are printed next, so their key goes here.
      if (push_children(u, d + 1)) fmt::format_to(it, "{}  children:\n", pad);
    }
  }
  return out;
}

std::string calibration_set_lines(const study::Calibration& c) {
  std::string out;
  for (const auto& o : c.overrides()) out += "--set " + o + "\n";
  return out;
}

std::string format_calibration_console(const study::Calibration& c) {
  std::string out;
  auto it = std::back_inserter(out);
  const int within = c.history.empty() ? 0 : c.history.back().within;
  if (c.converged)
    fmt::format_to(it,
                   "Converged after {} iteration(s): all {} targets lie within the 95% CI of "
                   "their simulated count ({} replications, seed {}).\n",
                   c.iterations, c.rows.size(), c.reps, c.seed);
  else
    fmt::format_to(it,
                   "NOT converged: stopped after {} iteration(s) (--iterations) with {} of {} "
                   "targets within the 95% CI of their simulated count ({} replications, seed "
                   "{}); see the rows marked 'no'.\n",
                   c.iterations, within, c.rows.size(), c.reps, c.seed);

  TextTable h;
  h.column("iteration").column("targets within CI").column("worst error");
  for (const auto& s : c.history)
    h.add_row({std::to_string(s.iteration), fmt::format("{} of {}", s.within, s.targets),
               format_percent(s.worst_relative_error)});
  out += "\nIterations\n" + h.render(2);

  TextTable t;
  t.column("period", TextTable::Align::left)
      .column("unit", TextTable::Align::left)
      .column("fraud type", TextTable::Align::left)
      .column("measure", TextTable::Align::left)
      .column("target")
      .column("simulated (95% CI)")
      .column("within")
      .column("fits", TextTable::Align::left);
  for (const auto& r : c.rows)
    t.add_row({r.target.period_start + " .. " + r.target.period_end, unit_label(c, r.target.unit),
               type_label(c, r.target.fraud_type), study::to_string(r.measure), count(r.value),
               one_decimal(r.simulated.mean) + " ± " + one_decimal(r.simulated.half_width),
               r.within() ? "yes" : "no", study::to_string(r.role)});
  out +=
      "\nTarget against simulated (count of alerts arriving in the period: warned; of them "
      "lost: lost)\n" +
      t.render(2);

  TextTable p;
  p.column("parameter", TextTable::Align::left)
      .column("key", TextTable::Align::left)
      .column("before")
      .column("fitted")
      .column("change");
  for (const auto& q : c.parameters)
    p.add_row(
        {parameter_label(c, q), q.key, study::format_significant(q.before, 6), q.value, change(q)});
  out += "\nFitted parameters (patch.yaml, patch.set)\n" + p.render(2);
  return out;
}

}  // namespace hotline::report
