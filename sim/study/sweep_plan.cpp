#include "hotline/study/sweep_plan.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <numeric>
#include <set>

#include "hotline/engine/random.hpp"

namespace hotline::study {

namespace {

constexpr std::size_t kMaxVariants = 100000;

std::string file_of(const scenario::SweepStudy& s) {
  return s.source.empty() ? "--vary" : s.source;
}

// Shortest text that reads back as the value: 2 -> "2", 0.1 * 3 -> "0.3".
std::string number_text(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{:.0f}", v);
  return fmt::format("{:.12g}", v);
}

bool as_number(const std::string& s, double& out) {
  const char* end = s.data() + s.size();
  const auto [p, ec] = std::from_chars(s.data(), end, out);
  return !s.empty() && ec == std::errc() && p == end;
}

std::vector<std::string> grid_values(const scenario::Factor& f) {
  if (!f.range) return f.values;
  const double step = f.range->step.value_or(1.0);
  std::vector<std::string> v;
  for (long i = 0;; ++i) {
    const double x = f.range->min + static_cast<double>(i) * step;
    if (x > f.range->max + 1e-9 * step) break;
    v.push_back(number_text(x));
  }
  return v;
}

std::vector<std::vector<std::string>> grid(const scenario::SweepStudy& s) {
  std::vector<std::vector<std::string>> axes;
  double total = 1;
  for (const auto& f : s.factors) {
    axes.push_back(grid_values(f));
    total *= static_cast<double>(axes.back().size());
  }
  if (total > static_cast<double>(kMaxVariants))
    throw scenario::ScenarioError(file_of(s), 0, 0,
                                  fmt::format("the grid has {:.0f} variants; the limit is {} "
                                              "(use larger steps, fewer values or design: lhs)",
                                              total, kMaxVariants));
  std::vector<std::vector<std::string>> out(1);
  for (const auto& axis : axes) {
    std::vector<std::vector<std::string>> next;
    for (const auto& prefix : out)
      for (const auto& v : axis) {
        next.push_back(prefix);
        next.back().push_back(v);
      }
    out = std::move(next);
  }
  return out;
}

std::vector<std::vector<std::string>> latin_hypercube(const scenario::SweepStudy& s) {
  const int n = s.lhs_samples;
  engine::Rng rng(s.lhs_seed, 0, "sweep/lhs");
  std::vector<std::vector<std::string>> out(static_cast<std::size_t>(n));
  for (const auto& f : s.factors) {
    std::vector<int> strata(static_cast<std::size_t>(n));
    std::iota(strata.begin(), strata.end(), 0);
    for (int i = n - 1; i > 0; --i)  // Fisher-Yates
      std::swap(strata[static_cast<std::size_t>(i)],
                strata[static_cast<std::size_t>(rng.below(static_cast<std::uint64_t>(i) + 1))]);
    const auto& r = *f.range;
    for (int i = 0; i < n; ++i) {
      const double u = engine::sample_uniform(rng, 0.0, 1.0);
      double x = r.min + (strata[static_cast<std::size_t>(i)] + u) / n * (r.max - r.min);
      if (r.step) {
        x = r.min + std::round((x - r.min) / *r.step) * *r.step;
        while (x > r.max + 1e-9 * *r.step) x -= *r.step;
      }
      out[static_cast<std::size_t>(i)].push_back(number_text(x));
    }
  }
  return out;
}

int factor_index(const scenario::SweepStudy& s, const std::string& name) {
  for (std::size_t i = 0; i < s.factors.size(); ++i)
    if (s.factors[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace

bool satisfies(const scenario::SweepStudy& s, const scenario::Constraint& c,
               const std::vector<std::string>& values) {
  const int li = factor_index(s, c.left);
  if (li < 0) return true;
  const std::string& left = values[static_cast<std::size_t>(li)];
  std::string right = c.right;
  if (!c.right_is_number) {
    const int ri = factor_index(s, c.right);
    if (ri >= 0) right = values[static_cast<std::size_t>(ri)];
  }
  double a = 0, b = 0;
  if (as_number(left, a) && as_number(right, b)) {
    if (c.op == "<") return a < b;
    if (c.op == "<=") return a <= b;
    if (c.op == ">") return a > b;
    if (c.op == ">=") return a >= b;
    if (c.op == "==") return a == b;
    return a != b;
  }
  if (c.op == "==") return left == right;
  if (c.op == "!=") return left != right;
  return false;  // an order between words: never true
}

std::vector<std::vector<std::string>> expand_design(const scenario::SweepStudy& s) {
  if (s.factors.empty())
    throw scenario::ScenarioError(file_of(s), 0, 0,
                                  "a sweep needs at least one factor (--vary KEY=LIST|A..B)");
  std::vector<std::vector<std::string>> raw;
  switch (s.design) {
    case scenario::Design::grid:
      raw = grid(s);
      break;
    case scenario::Design::list:
      raw = s.variants;
      break;
    case scenario::Design::lhs:
      raw = latin_hypercube(s);
      break;
  }
  std::vector<std::vector<std::string>> out;
  std::set<std::vector<std::string>> seen;
  for (auto& v : raw) {
    bool ok = true;
    for (const auto& c : s.constraints) ok = ok && satisfies(s, c, v);
    if (ok && seen.insert(v).second) out.push_back(std::move(v));
  }
  if (out.empty())
    throw scenario::ScenarioError(
        file_of(s), 0, 0, "the constraints leave no variant to run (check their directions)");
  return out;
}

std::string SweepVariant::label() const {
  return fmt::format("v{}", index + 1);
}

SweepPlan make_sweep_plan(const scenario::SweepStudy& study) {
  SweepPlan plan;
  plan.study = study;
  std::vector<scenario::Override> base;
  for (const auto& s : study.sets) base.push_back(scenario::parse_override(s));
  std::vector<scenario::Patch> patches;
  for (const auto& f : study.patches) patches.push_back(scenario::read_patch_file(f));
  const auto tuples = expand_design(study);
  for (std::size_t i = 0; i < tuples.size(); ++i) {
    SweepVariant v;
    v.index = static_cast<int>(i);
    v.values = tuples[i];
    v.overrides = base;
    for (std::size_t f = 0; f < study.factors.size(); ++f)
      v.overrides.push_back({study.factors[f].key, v.values[f]});
    v.scenario = scenario::load_scenario(study.scenario, v.overrides, patches);
    v.canonical = scenario::canonical_scenario_text(v.scenario, v.overrides, patches);
    plan.variants.push_back(std::move(v));
  }
  plan.seed = study.seed.value_or(plan.variants.front().scenario.seed);
  return plan;
}

}  // namespace hotline::study
