// Live exercise soak and pacing benchmark: one server (in process, loopback), xizang at a
// given speed, N clients (a trainee at the 96110 desk deciding every alert, a trainer, the
// rest trainees watching and pinging), for a given wall time. Reports the pacing lag the
// trainer was sent (the worst slice's, and the 99th percentile of the sampled slices), the process
// RSS after the warm-up and at the end, messages received, clients dropped, and whether the replay
// of the exercise's log gives the live run's trace fingerprint.
//
//   bench_live [--speed X] [--seconds S] [--clients N] [--check-lag MS] [--check-rss PCT]
// With --check-*, exits 1 when a bound is broken (the CI's short soak and scripts/soak-live).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "hotline/live/exercise_log.hpp"
#include "hotline/live/server.hpp"
#include "hotline/live/ws_client.hpp"
#include "hotline/scenario/loader.hpp"

using namespace hotline;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

long rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  return 0;
}

double arg(int argc, char** argv, const char* name, double fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return std::atof(argv[i + 1]);
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  const double speed = arg(argc, argv, "--speed", 10);
  const double seconds = arg(argc, argv, "--seconds", 30);
  const int clients = static_cast<int>(arg(argc, argv, "--clients", 50));
  const double check_lag = arg(argc, argv, "--check-lag", 0);
  const double check_rss = arg(argc, argv, "--check-rss", 0);

  const scenario::Scenario sc = scenario::load_scenario("bundled:xizang");
  const auto out =
      std::filesystem::temp_directory_path() / ("hotline-bench-live-" + std::to_string(::getpid()));
  std::filesystem::remove_all(out);
  live::ServerOptions o;
  o.port = 0;
  o.out_root = out.string();
  o.exercise.speed = speed;
  live::Server server(sc, o);
  server.start();
  const live::ExerciseInfo ex = server.create_exercise(sc.seed, speed);

  std::atomic<bool> stop{false};
  std::atomic<long> received{0}, dropped{0}, decided{0};
  std::mutex lag_mutex;
  std::vector<double> lags;  // lag_ms of each clock message: the last slice's
  double worst = 0;          // the largest max_lag_ms: every slice's
  std::string fingerprint;

  // Each thread drives a share of the clients, polling them in turn.
  auto worker = [&](int first, int count) {
    std::vector<std::unique_ptr<live::WsClient>> cs;
    for (int i = first; i < first + count; ++i) {
      const std::string url = i == 0 ? server.trainer_url(ex.id)
                                     : server.trainee_url(ex) + "&name=c" + std::to_string(i);
      cs.push_back(std::make_unique<live::WsClient>(url));
      if (i == 1) cs.back()->send(R"({"type":"take_desk","desk":"96110"})");
      if (i == 0) cs.back()->send(R"({"type":"control","action":"start"})");
    }
    std::vector<bool> alive(cs.size(), true);
    auto last_ping = Clock::now();
    while (!stop) {
      const bool ping = Clock::now() - last_ping > 1s;
      if (ping) last_ping = Clock::now();
      for (std::size_t k = 0; k < cs.size(); ++k) {
        if (!alive[k]) continue;
        try {
          if (ping) cs[k]->send(R"({"type":"ping"})");
          while (auto t = cs[k]->receive(0ms)) {
            ++received;
            if (t->find("\"type\":\"clock\"") != std::string::npos &&
                first + static_cast<int>(k) == 0) {
              const auto j = nlohmann::json::parse(*t);
              if (j["state"] == "running") {
                std::lock_guard l(lag_mutex);
                lags.push_back(j["lag_ms"].get<double>());
                worst = std::max(worst, j["max_lag_ms"].get<double>());
              }
            } else if (t->find("\"decided_by\":\"trainee\"") != std::string::npos) {
              const auto j = nlohmann::json::parse(*t);
              cs[k]->send(nlohmann::json{
                  {"type", "decide"}, {"alert", j["alert"]["id"]}, {"action", "call"}}
                              .dump());
              ++decided;
            } else if (t->find("\"type\":\"ended\"") != std::string::npos &&
                       first + static_cast<int>(k) == 0) {
              std::lock_guard l(lag_mutex);
              fingerprint = nlohmann::json::parse(*t)["result"]["trace_fingerprint"];
            }
          }
        } catch (const live::ClientError&) {
          alive[k] = false;
          ++dropped;
        }
      }
      std::this_thread::sleep_for(2ms);
    }
    // The trainer ends the exercise and waits for `ended`.
    if (first == 0) {
      cs[0]->send(R"({"type":"control","action":"end"})");
      const auto end = Clock::now() + 10s;
      while (Clock::now() < end) {
        const auto t = cs[0]->receive(100ms);
        if (t && t->find("\"type\":\"ended\"") != std::string::npos) {
          std::lock_guard l(lag_mutex);
          fingerprint = nlohmann::json::parse(*t)["result"]["trace_fingerprint"];
          break;
        }
      }
    }
  };
  const int threads = 2;
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; ++t) {
    const int first = t * clients / threads, last = (t + 1) * clients / threads;
    ts.emplace_back(worker, first, last - first);
  }
  const auto start = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds * 0.2));
  const long rss_warm = rss_kib();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds * 0.8));
  const long rss_end = rss_kib();
  stop = true;
  for (auto& t : ts) t.join();
  server.stop();
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();

  // The replay of the log the exercise wrote.
  std::ifstream in(out / "exercise-1" / "exercise-log.json");
  std::stringstream text;
  text << in.rdbuf();
  std::string replayed = "(no log)";
  if (!text.str().empty()) {
    const auto log = live::exercise_log_from_json(text.str());
    replayed = live::replay_exercise(sc, log, {}).trace_fingerprint;
  }
  std::sort(lags.begin(), lags.end());
  const double max_lag = std::max(worst, lags.empty() ? 0.0 : lags.back());
  const double p99 =
      lags.empty() ? 0
                   : lags[static_cast<std::size_t>(0.99 * static_cast<double>(lags.size() - 1))];
  const double growth =
      rss_warm > 0 ? 100.0 * static_cast<double>(rss_end - rss_warm) / static_cast<double>(rss_warm)
                   : 0;
  std::printf(
      "speed %.1fx, %d clients, %.0f s wall: lag max %.1f ms, p99 %.1f ms (%zu clock samples)\n",
      speed, clients, wall, max_lag, p99, lags.size());
  std::printf(
      "RSS %ld KiB after warm-up, %ld KiB at the end (%+.1f%%); %ld messages received, %ld "
      "decisions, %ld clients dropped\n",
      rss_warm, rss_end, growth, received.load(), decided.load(), dropped.load());
  std::printf("trace fingerprint live %s, replay %s: %s\n", fingerprint.c_str(), replayed.c_str(),
              fingerprint == replayed ? "equal" : "DIFFERENT");
  std::filesystem::remove_all(out);
  bool ok = fingerprint == replayed && dropped == 0;
  if (check_lag > 0 && max_lag > check_lag) ok = false;
  if (check_rss > 0 && growth > check_rss) ok = false;
  if ((check_lag > 0 || check_rss > 0) && !ok) {
    std::printf(
        "FAILED a bound (lag <= %.0f ms, RSS growth <= %.0f%%, replay equal, nobody dropped)\n",
        check_lag, check_rss);
    return 1;
  }
  return 0;
}
