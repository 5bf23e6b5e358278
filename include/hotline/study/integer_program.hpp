// A small pure integer program, min c.x subject to rows sum_j a_ij x_j >= b_i and integer
// bounds lo_j <= x_j <= hi_j, solved exactly by GLPK's branch and cut (glp_intopt). It is the
// roster optimiser's master problem (roster_optimiser.hpp); GLPK stays behind this interface,
// so no other file includes glpk.h.
//
// Contract:
//  - Deterministic: the same program gives the same solution on every machine and run (GLPK
//    is single-threaded and its search order is fixed); its terminal output is switched off.
//  - feasible is false when no integer point satisfies the rows and bounds (then x is empty).
//  - Among solutions of equal cost, which one is returned is GLPK's choice, but always the same.
//  - Sizes are small (tens of variables, hundreds of rows): no time limit is set.
#pragma once

#include <vector>

namespace hotline::study {

struct IntegerProgram {
  std::vector<double> cost;  // c_j, one per variable
  std::vector<int> lower;    // lo_j
  std::vector<int> upper;    // hi_j >= lo_j
  struct Row {
    std::vector<double> coef;  // a_ij, one per variable
    double at_least = 0;       // b_i
  };
  std::vector<Row> rows;
};

struct IntegerSolution {
  bool feasible = false;
  std::vector<int> x;
  double objective = 0;
};

IntegerSolution solve_integer_program(const IntegerProgram& p);

}  // namespace hotline::study
