// `hotline-sim replay LOG --out DIR`: reproduces a served exercise from its exercise-log.json
// at full speed, without the server (hotline_live's replay_exercise), writing the same files
// the exercise wrote, and checks the trace fingerprint against the log's. Parsing and
// printing only.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace hotline::cli {

struct ReplayArgs {
  std::string log;       // exercise-log.json, or the exercise's folder
  std::string scenario;  // default: the one the log names
  std::string out_dir = "out/replay";
};

CLI::App* add_replay_subcommand(CLI::App& app, ReplayArgs& args);
// 0: reproduced (same fingerprint); 1: it differs (a bug); 2: unreadable log, wrong scenario;
// 3: the output folder refused.
int replay_command(const ReplayArgs& args);

}  // namespace hotline::cli
