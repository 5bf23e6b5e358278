#include "serve_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <thread>

#include "console_output.hpp"
#include "exit_codes.hpp"
#include "hotline/live/server.hpp"
#include "hotline/report/sha256.hpp"
#include "hotline/scenario/loader.hpp"
#include "interrupts.hpp"

namespace hotline::cli {

namespace {

constexpr const char* kServeFooter =
    R"TXT(The server prints the browser console's URLs, each with its own random token (required
on every request), and the same as WebSocket URLs for live-client and scripts:
  trainer  http://127.0.0.1:8080/?exercise=1&token=...   clock, KPIs, injects, end, review
  trainee  http://127.0.0.1:8080/?exercise=1&token=...&name=NAME   take a desk, decide alerts
The console is compiled into the binary: it needs no files and no network (docs/training.md).
Alerts of a desk a trainee holds wait for the trainee's decision; every other desk follows the
scenario's standard rules. The exercise waits, paused, until the trainer starts it. When it
ends (the trainer's end, the horizon, or Ctrl-C), OUT/exercise-N/ holds alerts.csv,
trace.jsonl and exercise-log.json; `hotline-sim replay OUT/exercise-N` reproduces them.
Protocol: docs/live-protocol.md; a trainer's guide: docs/live-exercises.md.

Examples:
  hotline-sim serve xizang --speed 30
  hotline-sim serve xizang --speed 60 --takeover 600 --roles 96110,lhasa:city_command
  hotline-sim live-client 'ws://127.0.0.1:8080/ws?exercise=1&token=...' --send '{"type":"control","action":"start"}')TXT";

}  // namespace

CLI::App* add_serve_subcommand(CLI::App& app, ServeArgs& a) {
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Serve a live exercise: the scenario runs in real time or faster (--speed) while trainees "
      "act as the desks they take and a trainer starts, pauses, steps, injects and ends it. "
      "HTTP + WebSocket, JSON messages; listens on loopback unless --listen names another "
      "address.");
  cmd->footer(kServeFooter);
  cmd->add_option("scenario", a.scenario, "Scenario (as for run; default: the bundled xizang)")
      ->type_name("SCENARIO");
  cmd->add_option("--speed", a.speed, "Simulated seconds per wall second, 0.1 to 3600 (default 30)")
      ->type_name("X");
  cmd->add_option("--listen", a.listen,
                  "Address and port (default 127.0.0.1:8080; port 0: any free)")
      ->type_name("ADDR:PORT");
  cmd->add_option("--seed", a.seed, "Seed of exercise 1 (default: the scenario's)")->type_name("N");
  cmd->add_option("--takeover", a.takeover_s,
                  "Seconds (simulated) after which the standard rules decide an alert a trainee "
                  "left undecided; 0 (default): never")
      ->type_name("SECONDS");
  cmd->add_option("--behind", a.behind,
                  "When the simulation falls behind the clock: catch-up (run faster until back "
                  "on schedule) or slip (give the time up and report it)")
      ->type_name("catch-up|slip");
  cmd->add_option("--roles", a.roles,
                  "Desks trainees may take (desk ids, comma-separated; default: any)")
      ->type_name("DESK,...")
      ->delimiter(',');
  cmd->add_option("--out", a.out_dir, "Exercise N's files go to OUT/exercise-N (default exercises)")
      ->type_name("DIR");
  cmd->add_option("--idle-timeout", a.idle_timeout_s,
                  "Close a connection that answers no ping for this long (default 60)")
      ->type_name("SECONDS");
  cmd->add_option("--handshake-timeout", a.handshake_timeout_s,
                  "Close a connection whose request is not complete in this time (default 10)")
      ->type_name("SECONDS");
  cmd->add_option("--threads", a.threads, "Network and simulation threads (default 2)")
      ->type_name("N");
  cmd->add_flag("--exit-when-ended", a.exit_when_ended,
                "Exit once every exercise has ended (scripts and tests)");
  return cmd;
}

int serve_command(const ServeArgs& a) {
  const auto colon = a.listen.rfind(':');
  int port = -1;
  if (colon != std::string::npos) {
    try {
      port = std::stoi(a.listen.substr(colon + 1));
    } catch (const std::exception&) {
      port = -1;
    }
  }
  if (colon == std::string::npos || port < 0 || port > 65535)
    throw scenario::ScenarioError(
        "--listen", 0, 0, "expected ADDRESS:PORT, e.g. 127.0.0.1:8080, got '" + a.listen + "'");
  if (!(a.speed >= live::PacedRunner::kMinSpeed && a.speed <= live::PacedRunner::kMaxSpeed))
    throw scenario::ScenarioError("--speed", 0, 0, "expected 0.1 to 3600");
  if (a.behind != "catch-up" && a.behind != "slip")
    throw scenario::ScenarioError("--behind", 0, 0,
                                  "expected catch-up or slip, got '" + a.behind + "'");
  if (!(a.takeover_s >= 0) || !(a.idle_timeout_s > 0) || !(a.handshake_timeout_s > 0))
    throw scenario::ScenarioError("--takeover", 0, 0,
                                  "timeouts must be positive numbers of seconds");
  const scenario::Scenario sc = scenario::load_scenario(a.scenario);
  for (const auto& w : sc.warnings) std::fprintf(stderr, "%s\n", w.text().c_str());

  live::ServerOptions o;
  o.address = a.listen.substr(0, colon);
  o.port = static_cast<unsigned short>(port);
  o.threads = a.threads;
  o.out_root = a.out_dir;
  o.idle_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(a.idle_timeout_s * 1000));
  o.handshake_timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(a.handshake_timeout_s * 1000));
  o.exercise.speed = a.speed;
  o.exercise.seed = a.seed.value_or(sc.seed);
  o.exercise.policy = a.behind == "slip" ? live::BehindPolicy::slip : live::BehindPolicy::catch_up;
  o.exercise.takeover = engine::duration_from_ms(a.takeover_s * 1000);
  o.exercise.scenario_sha256 = report::sha256_hex(sc.source_text);
  for (const auto& r : a.roles) {
    bool found = false;
    for (const auto& d : sc.desks) found = found || d.id == r;
    if (!found)
      throw scenario::ScenarioError(
          "--roles", 0, 0,
          "'" + r + "' is not a desk of " + sc.name + " (give desk instance ids, e.g. 96110)");
    o.exercise.takeable.push_back(r);
  }

  live::Server server(sc, o);
  try {
    server.start();
  } catch (const live::ServerError& e) {
    std::fprintf(stderr,
                 "hotline-sim: error: %s (is another server running? try --listen 127.0.0.1:0)\n",
                 e.what());
    return kExitEnvironment;
  }
  const live::ExerciseInfo first = server.create_exercise(o.exercise.seed, o.exercise.speed);
  if (o.address != "127.0.0.1" && o.address != "::1" && o.address != "localhost")
    spdlog::warn("listening on {}, not loopback: anyone who can reach it and has a token can join",
                 o.address);
  write_stdout(fmt::format(
      "hotline-sim serve: exercise {} of {} (seed {}, {}x), paused until the trainer starts it\n"
      "Open in a browser (the console; give each trainee their own NAME):\n"
      "  trainer console: {}\n"
      "  trainee console: {}&name=NAME\n"
      "WebSocket (live-client, scripts):\n"
      "  trainer: {}\n"
      "  trainee: {}&name=NAME\n"
      "  files:   {}/ when it ends\n"
      "Stop with Ctrl-C: every exercise ends and writes its files.\n",
      first.id, sc.name, o.exercise.seed, o.exercise.speed, server.trainer_page_url(first.id),
      server.trainee_page_url(first), server.trainer_url(first.id), server.trainee_url(first),
      first.out_dir));
  while (!study::stop_requested(stop_flag())) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (a.exit_when_ended && server.all_ended()) break;
  }
  server.stop();
  spdlog::info("server stopped; exercise files are in {}/", o.out_root);
  return kExitOk;
}

}  // namespace hotline::cli
