#include "hotline/study/integer_program.hpp"

#include <glpk.h>

#include <cassert>
#include <cmath>
#include <memory>

namespace hotline::study {

namespace {

struct ProblemDeleter {
  void operator()(glp_prob* p) const { glp_delete_prob(p); }
};

}  // namespace

IntegerSolution solve_integer_program(const IntegerProgram& p) {
  const int n = static_cast<int>(p.cost.size());
  assert(p.lower.size() == p.cost.size() && p.upper.size() == p.cost.size());
  glp_term_out(GLP_OFF);  // GLPK would print its progress on stdout
  std::unique_ptr<glp_prob, ProblemDeleter> lp(glp_create_prob());
  glp_set_obj_dir(lp.get(), GLP_MIN);
  glp_add_cols(lp.get(), n);
  for (int j = 0; j < n; ++j) {
    const int col = j + 1;  // GLPK counts from 1
    glp_set_col_kind(lp.get(), col, GLP_IV);
    if (p.lower[j] == p.upper[j])
      glp_set_col_bnds(lp.get(), col, GLP_FX, p.lower[j], p.upper[j]);
    else
      glp_set_col_bnds(lp.get(), col, GLP_DB, p.lower[j], p.upper[j]);
    glp_set_obj_coef(lp.get(), col, p.cost[j]);
  }
  // GLPK's sparse triplets, 1-based with an unused element 0.
  std::vector<int> ia{0}, ja{0};
  std::vector<double> ar{0.0};
  if (!p.rows.empty()) {
    glp_add_rows(lp.get(), static_cast<int>(p.rows.size()));
    for (std::size_t i = 0; i < p.rows.size(); ++i) {
      const auto& row = p.rows[i];
      assert(row.coef.size() == p.cost.size());
      glp_set_row_bnds(lp.get(), static_cast<int>(i) + 1, GLP_LO, row.at_least, 0.0);
      for (int j = 0; j < n; ++j) {
        if (row.coef[j] == 0.0) continue;
        ia.push_back(static_cast<int>(i) + 1);
        ja.push_back(j + 1);
        ar.push_back(row.coef[j]);
      }
    }
    glp_load_matrix(lp.get(), static_cast<int>(ar.size()) - 1, ia.data(), ja.data(), ar.data());
  }
  glp_iocp parm;
  glp_init_iocp(&parm);
  parm.presolve = GLP_ON;  // solves the LP relaxation itself; reports infeasibility as ENOPFS
  parm.msg_lev = GLP_MSG_OFF;
  const int rc = glp_intopt(lp.get(), &parm);
  IntegerSolution out;
  if (rc != 0) return out;  // GLP_ENOPFS / GLP_ENODFS: no feasible point
  const int status = glp_mip_status(lp.get());
  if (status != GLP_OPT && status != GLP_FEAS) return out;
  out.feasible = true;
  out.objective = glp_mip_obj_val(lp.get());
  for (int j = 0; j < n; ++j)
    out.x.push_back(static_cast<int>(std::lround(glp_mip_col_val(lp.get(), j + 1))));
  return out;
}

}  // namespace hotline::study
