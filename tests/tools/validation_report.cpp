// Prints the validation table of docs/validation.md: each textbook case, its exact value and
// the simulated mean with 95% and 99% confidence intervals.
//   usage: validation_report [REPS]   (default 30)
#include <cstdio>
#include <cstdlib>

#include "../study/validation_cases.hpp"
#include "hotline/study/estimate.hpp"

int main(int argc, char** argv) {
  using namespace hotline;
  const int reps = argc > 1 ? std::atoi(argv[1]) : 30;
  std::printf(
      "| case | parameters | quantity | exact | simulated mean ± 95%% CI | 99%% CI half-width | "
      "inside 99%% CI | reps |\n|---|---|---|---|---|---|---|---|\n");
  for (const auto& v : testing::validation_cases()) {
    const auto set = testing::run_case(v, reps);
    for (const auto& c : v.checks) {
      const int k = set.kpi_index(c.kpi);
      if (k < 0) return 1;
      auto col = set.column(static_cast<std::size_t>(k));
      for (double& x : col) x *= c.scale;
      const auto e95 = study::estimate(col, 0.95);
      const auto e99 = study::estimate(col, 0.99);
      const bool inside =
          e99.mean - e99.half_width <= c.exact && c.exact <= e99.mean + e99.half_width;
      std::printf("| %s | %s | %s | %.4f | %.4f ± %.4f | %.4f | %s | %d |\n", v.name.c_str(),
                  v.parameters.c_str(), c.what.c_str(), c.exact, e95.mean, e95.half_width,
                  e99.half_width, inside ? "yes" : "NO", reps);
    }
  }
  return 0;
}
