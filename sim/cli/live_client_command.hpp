// `hotline-sim live-client URL`: a command-line client of a live exercise (docs/live-protocol.md):
// prints every message it receives as one JSON line, sends messages given on the command line
// or in a script, can decide its desk's alerts automatically, and waits for a message type.
// Parsing and printing only; the WebSocket is hotline_live's WsClient.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace hotline::cli {

struct LiveClientArgs {
  std::string url;
  std::vector<std::string> sends;  // --send JSON, in order, after the snapshot
  std::string script;              // --script FILE: one JSON object per line
  std::string auto_action;         // --auto ACTION: decide each alert of the desk
  std::string until;               // --until TYPE: exit 0 when such a message arrives
  double timeout_s = 60;
  std::string print = "all";  // all, none, or TYPE,TYPE
  std::string origin;
};

CLI::App* add_live_client_subcommand(CLI::App& app, LiveClientArgs& args);
// 0 done; 1 a wait or --until timed out, or the server refused a scripted message; 2 bad
// arguments or script; 3 cannot connect, or the server closed the connection.
int live_client_command(const LiveClientArgs& args);

}  // namespace hotline::cli
