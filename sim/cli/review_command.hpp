// `hotline-sim review EXERCISE_DIR [--branch-at HH:MM|SECONDS] --out DIR`: the after-action
// review of a finished exercise (hotline_live's build_review): review.json and review.html
// comparing what the trainees did with the standard rules on the same alerts. Parsing and
// printing only.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace hotline::cli {

struct ReviewArgs {
  std::string exercise;   // the exercise's folder, or its exercise-log.json
  std::string scenario;   // default: the one the log names
  std::string branch_at;  // "" = the standard rules throughout; "HH:MM[:SS]" or seconds
  std::string out_dir = "out/review";
};

CLI::App* add_review_subcommand(CLI::App& app, ReviewArgs& args);
// 0: written; 2: unreadable log, wrong scenario, bad --branch-at; 3: the output folder refused.
int review_command(const ReviewArgs& args);

}  // namespace hotline::cli
