#include "live_client_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "exit_codes.hpp"
#include "hotline/live/ws_client.hpp"

namespace hotline::cli {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kClientFooter =
    R"TXT(Script lines (--script FILE, one JSON object per line; # starts a comment):
  {"type":"take_desk","desk":"96110"}            a protocol message: sent as it is
  {"wait":"alert","match":{"decided_by":"trainee"},"timeout_s":30}
                                                 wait for a message of that type whose
                                                 top-level fields equal `match`; exit 1 on timeout
  {"sleep_s":5}                                  keep receiving (and --auto deciding) for 5 s
--auto ACTION decides every alert sent to this trainee's desk: plan:RULE, call, sms,
robot_call, escalate or close.

Examples:
  hotline-sim live-client "$TRAINER_URL" --send '{"type":"control","action":"start"}' --until ended
  hotline-sim live-client "$TRAINEE_URL&name=ann" --send '{"type":"take_desk","desk":"96110"}' \
      --auto call --until ended --print verdict,ended)TXT";

struct Client {
  live::WsClient ws;
  const LiveClientArgs& args;
  std::set<std::string> print_types;
  bool print_all = false;
  int auto_sent = 0;

  // Prints, auto-decides; returns the message's type.
  std::string on_message(const std::string& text) {
    const json m = json::parse(text, nullptr, false);
    const std::string type = m.is_object() ? m.value("type", "") : "";
    if (print_all || print_types.count(type)) {
      std::fputs(text.c_str(), stdout);
      std::fputc('\n', stdout);
      std::fflush(stdout);
    }
    if (!args.auto_action.empty() && type == "alert" && m.value("decided_by", "") == "trainee") {
      json d = {{"v", 1}, {"type", "decide"}, {"alert", m["alert"]["id"]}, {"id", ++auto_sent}};
      if (args.auto_action.starts_with("plan:")) {
        d["action"] = "plan";
        d["rule"] = args.auto_action.substr(5);
      } else {
        d["action"] = args.auto_action;
      }
      ws.send(d.dump());
    }
    return type;
  }

  // Receives until `want` says yes (true) or the deadline passes (false).
  template <class Want>
  bool receive_until(Want want, Clock::time_point deadline) {
    while (Clock::now() < deadline) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      const auto text = ws.receive(std::max(left, std::chrono::milliseconds(1)));
      if (!text) continue;
      const std::string type = on_message(*text);
      if (want(type, *text)) return true;
    }
    return false;
  }
};

bool matches(const std::string& text, const std::string& type, const json& match) {
  const json m = json::parse(text, nullptr, false);
  if (!m.is_object() || m.value("type", "") != type) return false;
  for (const auto& [k, v] : match.items())
    if (!m.contains(k) || m[k] != v) return false;
  return true;
}

}  // namespace

CLI::App* add_live_client_subcommand(CLI::App& app, LiveClientArgs& a) {
  CLI::App* cmd = app.add_subcommand(
      "live-client",
      "Join a live exercise from the command line: prints every message received as one JSON "
      "line on stdout, sends the --send messages and the --script, optionally decides the "
      "desk's alerts (--auto), and exits when --until's message type arrives.");
  cmd->footer(kClientFooter);
  cmd->add_option("url", a.url, "The trainer's or a trainee's URL as `serve` printed (quote it)")
      ->required()
      ->type_name("URL");
  cmd->add_option("--send", a.sends,
                  "A JSON message to send after the snapshot; repeatable, in order")
      ->type_name("JSON")
      ->allow_extra_args(false);
  cmd->add_option("--script", a.script, "Messages, waits and pauses, one JSON object per line")
      ->type_name("FILE");
  cmd->add_option("--auto", a.auto_action, "Decide each alert of this trainee's desk")
      ->type_name("plan:RULE|call|sms|robot_call|escalate|close");
  cmd->add_option("--until", a.until, "Exit 0 when a message of this type arrives (e.g. ended)")
      ->type_name("TYPE");
  cmd->add_option("--timeout", a.timeout_s, "Give up (exit 1) after this many seconds (default 60)")
      ->type_name("SECONDS");
  cmd->add_option("--print", a.print, "Which messages to print: all (default), none, or TYPE,TYPE")
      ->type_name("WHAT");
  cmd->add_option("--origin", a.origin, "Send this Origin header (what a browser page would)")
      ->type_name("URL");
  return cmd;
}

int live_client_command(const LiveClientArgs& a) {
  std::vector<json> script;
  for (const auto& s : a.sends) {
    json j = json::parse(s, nullptr, false);
    if (!j.is_object()) {
      std::fprintf(stderr, "--send: '%s' is not a JSON object\n", s.c_str());
      return kExitInvalid;
    }
    script.push_back(std::move(j));
  }
  if (!a.script.empty()) {
    std::ifstream in(a.script);
    if (!in) {
      std::fprintf(stderr, "--script: cannot read %s\n", a.script.c_str());
      return kExitInvalid;
    }
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      const auto first = line.find_first_not_of(" \t\r");
      if (first == std::string::npos || line[first] == '#') continue;
      json j = json::parse(line, nullptr, false);
      if (!j.is_object()) {
        std::fprintf(stderr, "%s:%d:1: not a JSON object (one message, wait or sleep per line)\n",
                     a.script.c_str(), n);
        return kExitInvalid;
      }
      script.push_back(std::move(j));
    }
  }
  const auto deadline =
      Clock::now() + std::chrono::milliseconds(static_cast<std::int64_t>(a.timeout_s * 1000));
  try {
    live::ClientOptions o;
    o.origin = a.origin;
    Client c{live::WsClient(a.url, o), a, {}, a.print == "all", 0};
    if (a.print != "all" && a.print != "none") {
      std::stringstream ss(a.print);
      std::string t;
      while (std::getline(ss, t, ',')) c.print_types.insert(t);
    }
    // hello, then the snapshot.
    if (!c.receive_until(
            [](const std::string& type, const std::string&) { return type == "snapshot"; },
            deadline)) {
      std::fprintf(stderr, "hotline-sim live-client: no snapshot within %.0f s\n", a.timeout_s);
      return kExitInternal;
    }
    for (const json& step : script) {
      if (step.contains("wait")) {
        const std::string type = step["wait"].get<std::string>();
        const json match = step.value("match", json::object());
        const auto until = Clock::now() + std::chrono::milliseconds(static_cast<std::int64_t>(
                                              step.value("timeout_s", a.timeout_s) * 1000));
        if (!c.receive_until([&](const std::string&,
                                 const std::string& text) { return matches(text, type, match); },
                             std::min(until, deadline))) {
          std::fprintf(stderr, "hotline-sim live-client: timed out waiting for %s %s\n",
                       type.c_str(), match.dump().c_str());
          return kExitInternal;
        }
      } else if (step.contains("sleep_s")) {
        c.receive_until(
            [](const std::string&, const std::string&) { return false; },
            std::min(deadline, Clock::now() + std::chrono::milliseconds(static_cast<std::int64_t>(
                                                  step["sleep_s"].get<double>() * 1000))));
      } else {
        c.ws.send(step.dump());
      }
    }
    if (!a.until.empty()) {
      if (!c.receive_until(
              [&](const std::string& type, const std::string&) { return type == a.until; },
              deadline)) {
        std::fprintf(stderr, "hotline-sim live-client: no '%s' message within %.0f s\n",
                     a.until.c_str(), a.timeout_s);
        return kExitInternal;
      }
    } else {
      // Let the replies to the last messages arrive; a server that closes now (it ended and
      // stopped) is no failure.
      try {
        c.receive_until([](const std::string&, const std::string&) { return false; },
                        std::min(deadline, Clock::now() + std::chrono::milliseconds(300)));
      } catch (const live::ClientError&) {
        return kExitOk;
      }
    }
    c.ws.close();
    return kExitOk;
  } catch (const live::ClientError& e) {
    std::fprintf(stderr, "hotline-sim live-client: %s\n", e.what());
    return kExitEnvironment;
  } catch (const json::exception& e) {
    std::fprintf(stderr, "hotline-sim live-client: bad script step: %s\n", e.what());
    return kExitInvalid;
  }
}

}  // namespace hotline::cli
