// `hotline-sim serve`: a live exercise server (hotline_live's Server) for one scenario; prints
// the trainer's and trainees' URLs and serves until Ctrl-C (or, with --exit-when-ended, until
// every exercise has ended). Parsing and printing only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace hotline::cli {

struct ServeArgs {
  std::string scenario = "bundled:xizang";
  double speed = 30;
  std::string listen = "127.0.0.1:8080";
  std::optional<std::uint64_t> seed;
  double takeover_s = 0;
  std::string behind = "catch-up";
  std::string out_dir = "exercises";
  double idle_timeout_s = 60;
  double handshake_timeout_s = 10;
  std::vector<std::string> roles;  // desks trainees may take; empty: any
  int threads = 2;
  bool exit_when_ended = false;
};

CLI::App* add_serve_subcommand(CLI::App& app, ServeArgs& args);
int serve_command(const ServeArgs& args);

}  // namespace hotline::cli
