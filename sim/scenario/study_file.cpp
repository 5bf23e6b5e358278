#include "hotline/scenario/study_file.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "overrides.hpp"
#include "patch.hpp"
#include "reader.hpp"
#include "yaml_guard.hpp"

namespace hotline::scenario {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool parse_number(std::string_view s, double& out) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && ec == std::errc() && end == s.data() + s.size() && std::isfinite(out);
}

// "A..B" or "A..B:STEP"; an error message (empty when ok).
std::string parse_range(std::string_view text, FactorRange& r) {
  const std::size_t dots = text.find("..");
  if (dots == std::string_view::npos) return "expected a range A..B or A..B:STEP";
  const std::size_t colon = text.find(':', dots);
  const std::string_view a = text.substr(0, dots);
  const std::string_view b =
      text.substr(dots + 2, colon == std::string_view::npos ? colon : colon - dots - 2);
  if (!parse_number(a, r.min) || !parse_number(b, r.max))
    return fmt::format("range '{}' needs numbers on both sides of '..' (e.g. 2..6 or 2..6:2)",
                       text);
  if (r.max < r.min) return fmt::format("range '{}' ends below its start", text);
  if (colon != std::string_view::npos) {
    double step = 0;
    if (!parse_number(text.substr(colon + 1), step) || step <= 0)
      return fmt::format("range '{}' needs a positive STEP after ':'", text);
    r.step = step;
  }
  return {};
}

constexpr const char* kOps[] = {"<=", ">=", "==", "!=", "<", ">"};

const std::vector<std::string>& top_keys() {
  static const std::vector<std::string> k = {
      "scenario", "set",         "seed",   "factors",   "design",         "variants",
      "lhs",      "constraints", "reps",   "precision", "precision_mode", "min_reps",
      "max_reps", "kpis",        "target", "marginal",  "patch"};
  return k;
}

void check_keys(detail::Reader& reader, const YAML::Node& map,
                const std::vector<std::string>& allowed, std::string_view what) {
  reader.expect_map(map, what);
  std::string list;
  for (const auto& k : allowed) list += (list.empty() ? "" : ", ") + k;
  for (const auto& kv : map) {
    const std::string key = kv.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      reader.fail(kv.first, fmt::format("unknown key '{}' in {}{} (allowed: {})", key, what,
                                        detail::suggestion(key, allowed), list));
  }
}

Factor read_factor(detail::Reader& reader, const YAML::Node& n) {
  check_keys(reader, n, {"name", "key", "values", "range"}, "a factor");
  Factor f;
  const YAML::Node key = n["key"];
  if (!key) reader.fail(n, "a factor needs 'key' (the --set path it varies)");
  f.key = reader.string(key, "key");
  if (f.key.empty() || f.key.find('=') != std::string::npos)
    reader.fail(key, "'key' must be a --set path such as desks.96110.roster.night.headcount");
  f.name = n["name"] ? reader.identifier(n["name"], "name") : f.key;
  const YAML::Node values = n["values"], range = n["range"];
  if (values && range) reader.fail(range, "give either 'values' or 'range' for a factor, not both");
  if (!values && !range)
    reader.fail(
        n, fmt::format("factor '{}' needs 'values' (a list) or 'range' (A..B[:STEP])", f.name));
  if (values) {
    f.values = reader.string_list(values, "values");
    if (f.values.empty()) reader.fail(values, "'values' must not be empty");
  } else {
    FactorRange r;
    const std::string err = parse_range(trim(reader.string(range, "range")), r);
    if (!err.empty()) reader.fail(range, err);
    f.range = r;
  }
  return f;
}

Constraint read_constraint(detail::Reader& reader, const YAML::Node& n,
                           const std::vector<Factor>& factors) {
  const std::string text = reader.string(n, "constraints");
  Constraint c;
  c.text = text;
  std::size_t at = std::string::npos, len = 0;
  for (const char* op : kOps) {
    const std::size_t p = text.find(op);
    if (p != std::string::npos &&
        (at == std::string::npos || p < at || (p == at && std::string_view(op).size() > len))) {
      at = p;
      len = std::string_view(op).size();
    }
  }
  if (at == std::string::npos)
    reader.fail(n, fmt::format("constraint '{}' needs a comparison: FACTOR OP FACTOR or FACTOR "
                               "OP NUMBER with OP one of < <= > >= == !=",
                               text));
  c.left = std::string(trim(std::string_view(text).substr(0, at)));
  c.op = text.substr(at, len);
  c.right = std::string(trim(std::string_view(text).substr(at + len)));
  std::vector<std::string> names;
  for (const auto& f : factors) names.push_back(f.name);
  auto known = [&](const std::string& s) {
    return std::find(names.begin(), names.end(), s) != names.end();
  };
  if (!known(c.left))
    reader.fail(n, fmt::format("constraint '{}': '{}' is not a factor name{}", text, c.left,
                               detail::suggestion(c.left, names)));
  if (parse_number(c.right, c.right_value)) {
    c.right_is_number = true;
  } else if (!known(c.right)) {
    reader.fail(n, fmt::format("constraint '{}': '{}' is neither a factor name nor a number{}",
                               text, c.right, detail::suggestion(c.right, names)));
  }
  return c;
}

}  // namespace

Factor parse_vary(std::string_view text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0)
    throw ScenarioError("--vary", 1, 1,
                        fmt::format("expected KEY=LIST or KEY=A..B[:STEP], got '{}' (e.g. "
                                    "desks.96110.roster.night.headcount=2..6)",
                                    text));
  Factor f;
  f.key = std::string(text.substr(0, eq));
  f.name = f.key;
  // NAME:KEY=... names the factor for tables (ids and keys never hold ':').
  if (const std::size_t colon = f.key.find(':'); colon != std::string::npos) {
    f.name = f.key.substr(0, colon);
    f.key = f.key.substr(colon + 1);
    if (f.name.empty() || f.key.empty())
      throw ScenarioError(
          "--vary", 1, 1,
          fmt::format("expected NAME:KEY=VALUES with both NAME and KEY, got '{}'", text));
  }
  const std::string_view rhs = text.substr(eq + 1);
  const int col = static_cast<int>(eq) + 2;
  if (rhs.empty()) throw ScenarioError("--vary", 1, col, "missing values after '='");
  if (rhs.find("..") != std::string_view::npos) {
    FactorRange r;
    const std::string err = parse_range(rhs, r);
    if (!err.empty()) throw ScenarioError("--vary", 1, col, err);
    f.range = r;
    return f;
  }
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = rhs.find(',', start);
    const std::string_view v =
        trim(rhs.substr(start, comma == std::string_view::npos ? comma : comma - start));
    if (v.empty())
      throw ScenarioError("--vary", 1, col + static_cast<int>(start),
                          "empty value in the list (write KEY=2,3,4)");
    f.values.emplace_back(v);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return f;
}

Target parse_target(std::string_view text, std::string_view file) {
  const std::string f(file);
  Target t;
  std::size_t at = text.find(">=");
  if (at == std::string_view::npos) {
    at = text.find("<=");
    t.at_least = false;
  }
  if (at == std::string_view::npos || at == 0)
    throw ScenarioError(f, 1, 1,
                        fmt::format("expected KPI>=X or KPI<=X, got '{}' (e.g. "
                                    "grade1.reached_within_600s>=0.9)",
                                    text));
  t.kpi = std::string(trim(text.substr(0, at)));
  if (!parse_number(text.substr(at + 2), t.value))
    throw ScenarioError(f, 1, static_cast<int>(at) + 3,
                        fmt::format("expected a number after '{}', got '{}'",
                                    t.at_least ? ">=" : "<=", text.substr(at + 2)));
  return t;
}

SweepStudy load_study_text(std::string_view text, const std::string& display_name) {
  detail::Reader reader(display_name);
  SweepStudy s;
  s.source = display_name;
  try {
    const YAML::Node root = detail::parse_guarded(detail::strip_bom(text), display_name);
    if (!root.IsMap()) reader.fail_at_start("a study file is a map (scenario:, factors:, ...)");
    check_keys(reader, root, top_keys(), "the study file");
    if (root["scenario"]) s.scenario = reader.string(root["scenario"], "scenario");
    if (root["set"]) s.sets = reader.string_list(root["set"], "set");
    for (std::size_t i = 0; i < s.sets.size(); ++i)
      if (s.sets[i].find('=') == std::string::npos)
        reader.fail(root["set"][i],
                    fmt::format("'set' entries are KEY=VALUE, got '{}'", s.sets[i]));
    if (root["patch"]) s.patches = reader.string_list(root["patch"], "patch");
    if (root["seed"])
      s.seed = static_cast<std::uint64_t>(reader.integer(root["seed"], "seed", at_least(0)));
    const YAML::Node factors = root["factors"];
    if (!factors) reader.fail_at_start("a study file needs 'factors' (the keys it varies)");
    reader.expect_sequence(factors, "factors");
    if (factors.size() == 0) reader.fail(factors, "'factors' must not be empty");
    std::set<std::string> names;
    for (const auto& f : factors) {
      s.factors.push_back(read_factor(reader, f));
      if (!names.insert(s.factors.back().name).second)
        reader.fail(f, fmt::format("two factors are named '{}' (give each a distinct 'name')",
                                   s.factors.back().name));
      for (std::size_t i = 0; i + 1 < s.factors.size(); ++i)
        if (s.factors[i].key == s.factors.back().key)
          reader.fail(f, fmt::format("two factors vary '{}' (vary each key once; 'values' takes "
                                     "a list)",
                                     s.factors.back().key));
    }
    if (const YAML::Node d = root["design"]) {
      const std::string v = reader.string(d, "design");
      if (v == "grid")
        s.design = Design::grid;
      else if (v == "list")
        s.design = Design::list;
      else if (v == "lhs")
        s.design = Design::lhs;
      else
        reader.fail(d, fmt::format("'design' must be grid, list or lhs, got '{}'", v));
    }
    if (s.design == Design::grid) {
      for (std::size_t i = 0; i < s.factors.size(); ++i)
        if (s.factors[i].range && s.factors[i].range->max - s.factors[i].range->min >
                                      1e6 * s.factors[i].range->step.value_or(1.0))
          reader.fail(factors[i], "the range has more than a million steps (give a larger STEP)");
    }
    if (s.design == Design::list) {
      const YAML::Node vs = root["variants"];
      if (!vs) reader.fail(root, "design: list needs 'variants' (a list of {factor: value} maps)");
      reader.expect_sequence(vs, "variants");
      std::vector<std::string> allowed;
      for (const auto& f : s.factors) allowed.push_back(f.name);
      for (const auto& v : vs) {
        check_keys(reader, v, allowed, "a variant");
        std::vector<std::string> row;
        for (const auto& f : s.factors) {
          if (!v[f.name]) reader.fail(v, fmt::format("the variant has no value for '{}'", f.name));
          row.push_back(reader.string(v[f.name], f.name));
        }
        s.variants.push_back(std::move(row));
      }
      if (s.variants.empty()) reader.fail(vs, "'variants' must not be empty");
    } else if (root["variants"]) {
      reader.fail(root["variants"], "'variants' is only for design: list");
    }
    if (s.design == Design::lhs) {
      const YAML::Node l = root["lhs"];
      if (!l) reader.fail(root, "design: lhs needs 'lhs: {samples: N, seed: S}'");
      check_keys(reader, l, {"samples", "seed"}, "lhs");
      if (!l["samples"]) reader.fail(l, "'lhs' needs 'samples'");
      s.lhs_samples = static_cast<int>(reader.integer(l["samples"], "samples", closed(1, 100000)));
      if (l["seed"])
        s.lhs_seed = static_cast<std::uint64_t>(reader.integer(l["seed"], "seed", at_least(0)));
      for (std::size_t i = 0; i < s.factors.size(); ++i)
        if (!s.factors[i].range)
          reader.fail(factors[i], fmt::format("design: lhs samples ranges: give factor '{}' a "
                                              "'range' (A..B[:STEP]) instead of 'values'",
                                              s.factors[i].name));
    } else if (root["lhs"]) {
      reader.fail(root["lhs"], "'lhs' is only for design: lhs");
    }
    if (const YAML::Node cs = root["constraints"]) {
      reader.expect_sequence(cs, "constraints");
      for (const auto& c : cs) s.constraints.push_back(read_constraint(reader, c, s.factors));
    }
    if (const YAML::Node r = root["reps"]) {
      if (r.IsScalar() && r.Scalar() == "auto")
        s.reps = 0;
      else
        s.reps = static_cast<int>(reader.integer(r, "reps", closed(1, 100000)));
    }
    if (root["precision"])
      s.precision = reader.number(root["precision"], "precision", ValueRange{0, 1e300, true});
    if (const YAML::Node m = root["precision_mode"]) {
      const std::string v = reader.string(m, "precision_mode");
      if (v != "relative" && v != "absolute")
        reader.fail(m, fmt::format("'precision_mode' must be relative or absolute, got '{}'", v));
      s.precision_absolute = v == "absolute";
    }
    if (root["min_reps"])
      s.min_reps =
          static_cast<int>(reader.integer(root["min_reps"], "min_reps", closed(2, 100000)));
    if (root["max_reps"])
      s.max_reps =
          static_cast<int>(reader.integer(root["max_reps"], "max_reps", closed(2, 100000)));
    if (s.max_reps < s.min_reps)
      reader.fail(root["max_reps"] ? root["max_reps"] : root["min_reps"],
                  "'max_reps' must be at least 'min_reps'");
    if (root["kpis"]) s.kpis = reader.string_list(root["kpis"], "kpis");
    if (const YAML::Node t = root["target"]) {
      s.target = reader.string(t, "target");
      try {
        parse_target(s.target);
      } catch (const ScenarioError& e) {
        reader.fail(t, e.message());
      }
    }
    if (root["marginal"]) s.marginal = reader.string(root["marginal"], "marginal");
  } catch (const ScenarioError&) {
    throw;
  } catch (const YAML::Exception& e) {
    throw ScenarioError(display_name, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.column + 1,
                        "YAML: " + e.msg);
  }
  return s;
}

SweepStudy load_study_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) throw ScenarioError(path, 0, 0, fmt::format("cannot read study file: {}", ec.message()));
  if (size > detail::kMaxBytes)
    throw ScenarioError(path, 0, 0, "the study file is larger than 4 MiB");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  SweepStudy s = load_study_text(buf.str(), path);
  // A relative scenario path is the study file's neighbour when it exists there.
  if (!s.scenario.starts_with("bundled:") && !fs::path(s.scenario).is_absolute()) {
    const fs::path beside = fs::path(path).parent_path() / s.scenario;
    if (fs::exists(beside, ec)) s.scenario = beside.string();
  }
  for (auto& patch : s.patches)  // patches likewise
    if (!fs::path(patch).is_absolute()) {
      const fs::path beside = fs::path(path).parent_path() / patch;
      if (fs::exists(beside, ec)) patch = beside.string();
    }
  return s;
}

std::string canonical_scenario_text(const Scenario& loaded, const std::vector<Override>& overrides,
                                    const std::vector<Patch>& patches) {
  detail::Reader reader(loaded.source_name);
  YAML::Node root =
      detail::parse_guarded(detail::strip_bom(loaded.source_text), loaded.source_name);
  for (const Patch& p : patches)
    detail::merge_patch(root, detail::parse_guarded(detail::strip_bom(p.text), p.file), p.file,
                        reader);
  if (!overrides.empty()) detail::apply_overrides(root, overrides, reader);
  YAML::Emitter out;
  out << root;
  return out.c_str();
}

}  // namespace hotline::scenario
