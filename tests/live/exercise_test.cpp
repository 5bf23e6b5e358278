// One exercise without the network: roles, decisions, refusals that change nothing, takeover,
// stepping, ending, and the replay of its log reproducing the files byte for byte.
#include <doctest/doctest.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>

#include "hotline/live/exercise.hpp"
#include "hotline/live/exercise_outputs.hpp"
#include "live_test_support.hpp"

using namespace hotline;
using namespace std::chrono_literals;
using live::Exercise;
using live::Participant;
using live::Role;
using live_test::of_type;
using live_test::parse;

namespace {

const Participant kTrainer{Role::trainer, "trainer"};
const Participant kAnn{Role::trainee, "ann"};
const Participant kBob{Role::trainee, "bob"};

// Runs the exercise by `wall` of fake wall time in 20 ms ticks; returns everything sent.
std::vector<live::Outgoing> run_for(Exercise& ex, Exercise::Clock::time_point& now,
                                    std::chrono::milliseconds wall) {
  std::vector<live::Outgoing> all;
  for (auto left = wall; left > 0ms; left -= 20ms) {
    now += 20ms;
    ex.tick(now);
    for (auto& o : ex.take_outbox()) all.push_back(std::move(o));
  }
  return all;
}

std::vector<std::string> texts_for(const std::vector<live::Outgoing>& out, const Participant& who) {
  std::vector<std::string> t;
  for (const auto& o : out) {
    const bool to =
        o.to == live::Outgoing::To::everyone ||
        (o.to == live::Outgoing::To::trainer && who.role == Role::trainer) ||
        (o.to == live::Outgoing::To::trainee && who.role == Role::trainee && o.trainee == who.name);
    if (to) t.push_back(*o.text);
  }
  return t;
}

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

live::ExerciseOptions options(const std::string& out = "") {
  live::ExerciseOptions o;
  o.seed = 7;
  o.speed = 3600;
  o.out_dir = out;
  o.scenario_sha256 = "test";
  return o;
}

}  // namespace

TEST_CASE("a trainee at the 96110 desk decides its alerts and sees no hidden attribute") {
  Exercise ex(1, live_test::xizang(), options());
  auto now = Exercise::Clock::now();
  const auto hello = ex.join(kAnn);
  REQUIRE(hello.size() == 2);
  CHECK(parse(hello[0])["type"] == "hello");
  CHECK(parse(hello[1])["type"] == "snapshot");
  auto r = ex.handle(kAnn, R"({"v":1,"type":"take_desk","desk":"96110","id":"t1"})", now);
  CHECK(of_type(r, "desk").at(0)["desk"] == "96110");
  CHECK(of_type(r, "desk").at(0)["id"] == "t1");
  r = ex.handle(kTrainer, R"({"type":"control","action":"start"})", now);
  CHECK(of_type(r, "control").at(0)["state"] == "running");
  const auto out = run_for(ex, now, 2000ms);  // 2 simulated hours
  const auto ann = texts_for(out, kAnn);
  const auto alerts = of_type(ann, "alert");
  REQUIRE(alerts.size() >= 3);
  for (const auto& t : ann) CHECK_MESSAGE(!live_test::leaks_hidden(t), t);
  for (const auto& a : alerts) CHECK(a["decided_by"] == "trainee");
  // Decide every one: a call from the desk.
  int accepted = 0;
  for (const auto& a : alerts) {
    const auto v = of_type(
        ex.handle(
            kAnn,
            nlohmann::json{{"type", "decide"}, {"alert", a["alert"]["id"]}, {"action", "call"}}
                .dump(),
            now),
        "verdict");
    if (!v.empty() && v[0]["accepted"] == true) ++accepted;
  }
  CHECK(accepted >= 1);
  CHECK(ex.log().entries.size() == 1 + static_cast<std::size_t>(accepted));
}

TEST_CASE(
    "roles hold: trainees cannot control, inject, decide others' alerts or take a held desk") {
  Exercise ex(1, live_test::xizang(), options());
  auto now = Exercise::Clock::now();
  ex.handle(kAnn, R"({"type":"take_desk","desk":"96110"})", now);
  ex.handle(kTrainer, R"({"type":"control","action":"start"})", now);
  const auto alerts = of_type(texts_for(run_for(ex, now, 2000ms), kAnn), "alert");
  REQUIRE(!alerts.empty());
  const auto id = alerts[0]["alert"]["id"];
  const auto entries = ex.log().entries.size();
  auto code = [&](const Participant& who, const std::string& text) {
    const auto e = of_type(ex.handle(who, text, now), "error");
    return e.empty() ? std::string("none") : e[0]["code"].get<std::string>();
  };
  for (const char* m :
       {R"({"type":"control","action":"pause"})", R"({"type":"control","action":"end"})",
        R"({"type":"inject","kind":"surge","multiplier":3})"})
    CHECK(code(kAnn, m) == "forbidden");
  CHECK(code(kBob, R"({"type":"take_desk","desk":"96110"})") == "desk_taken");
  CHECK(code(kBob, nlohmann::json{{"type", "decide"}, {"alert", id}, {"action", "sms"}}.dump()) ==
        "forbidden");
  CHECK(code(kTrainer, R"({"type":"take_desk","desk":"lhasa:city_command"})") == "forbidden");
  // Every type from every role: nothing a refusal changes reaches the log.
  for (const auto* who : {&kAnn, &kBob})
    for (const char* type : {"control", "inject", "create"})
      code(*who, std::string(R"({"type":")") + type + "\"}");
  CHECK(ex.log().entries.size() == entries);
  CHECK(ex.state() == live::ExerciseState::running);
}

TEST_CASE("malformed JSON, unknown types and bad fields get a clear error and change nothing") {
  Exercise ex(1, live_test::xizang(), options());
  const auto now = Exercise::Clock::now();
  for (const char* bad :
       {"{not json", "[1,2]", R"({"type":"launch"})", R"({"v":2,"type":"ping"})",
        R"({"type":"take_desk","desk":"nowhere"})",
        R"({"type":"control","action":"speed","speed":99999})",
        R"({"type":"inject","kind":"alert","fraud_type":"loan","unit":"nowhere"})"}) {
    const auto r = ex.handle(kTrainer, bad, now);
    REQUIRE(r.size() == 1);
    const auto e = parse(r[0]);
    CHECK(e["type"] == "error");
    CHECK_FALSE(e["message"].get<std::string>().empty());
  }
  // 30,000 levels of nesting (under 64 KiB): parsed without recursion, refused, no crash.
  const std::string deep = std::string(30000, '[') + std::string(30000, ']');
  CHECK(parse(ex.handle(kTrainer, deep, now).at(0))["code"] == "malformed");
  CHECK(parse(ex.handle(kTrainer, R"({"type":"ping","x":)" + deep + "}", now).at(0))["type"] ==
        "pong");
  CHECK(ex.log().entries.empty());
  CHECK(ex.state() == live::ExerciseState::created);
  CHECK(ex.runner().speed() == 3600);
}

TEST_CASE("an alert left undecided past the takeover is decided by the standard rules") {
  auto o = options();
  o.takeover = engine::kMinute * 5;
  Exercise ex(1, live_test::xizang(), o);
  auto now = Exercise::Clock::now();
  ex.handle(kAnn, R"({"type":"take_desk","desk":"96110"})", now);
  ex.handle(kTrainer, R"({"type":"control","action":"start"})", now);
  run_for(ex, now, 3000ms);
  std::size_t takeovers = 0;
  for (const auto& e : ex.log().entries) takeovers += e.by == "takeover";
  CHECK(takeovers >= 1);
}

TEST_CASE("the trainer steps a paused exercise to its next event and ends it early") {
  Exercise ex(1, live_test::xizang(), options());
  auto now = Exercise::Clock::now();
  const auto before = ex.now();
  auto r = ex.handle(kTrainer, R"({"type":"control","action":"step"})", now);
  CHECK(of_type(r, "control").at(0)["state"] == "paused");
  CHECK(ex.now() > before);
  r = ex.handle(kTrainer, R"({"type":"control","action":"end"})", now);
  CHECK(ex.state() == live::ExerciseState::ended);
  const auto ended = of_type(texts_for(ex.take_outbox(), kAnn), "ended");
  REQUIRE(ended.size() == 1);
  CHECK(ended[0]["result"]["trace_fingerprint"].get<std::string>().size() == 16);
  CHECK(ex.log().end.has_value());
}

TEST_CASE("the replay of an exercise's log writes the same files, byte for byte") {
  const auto live_dir = live_test::fresh_dir("live");
  const auto replay_dir = live_test::fresh_dir("replay");
  std::string log_text;
  {
    Exercise ex(1, live_test::xizang(), options(live_dir.string()));
    auto now = Exercise::Clock::now();
    ex.handle(kAnn, R"({"type":"take_desk","desk":"96110"})", now);
    ex.handle(kBob, R"({"type":"take_desk","desk":"lhasa:city_command"})", now);
    ex.handle(kTrainer, R"({"type":"control","action":"start"})", now);
    auto out = run_for(ex, now, 1000ms);
    for (const auto& a : of_type(texts_for(out, kAnn), "alert"))
      ex.handle(
          kAnn,
          nlohmann::json{
              {"type", "decide"}, {"alert", a["alert"]["id"]}, {"action", "plan"}, {"rule", 1}}
              .dump(),
          now);
    ex.handle(kTrainer, R"({"type":"inject","kind":"surge","multiplier":4,"duration_s":3600})",
              now);
    ex.handle(kTrainer, R"({"type":"inject","kind":"desk_outage","desk":"96110","duration_s":600})",
              now);
    ex.handle(
        kTrainer,
        R"({"type":"inject","kind":"alert","fraud_type":"loan","unit":"lhasa-chengguan/c1","grade":1,"amount":50000,"time_to_loss_s":1800})",
        now);
    out = run_for(ex, now, 1000ms);
    for (const auto& a : of_type(texts_for(out, kBob), "alert"))
      ex.handle(
          kBob,
          nlohmann::json{{"type", "decide"}, {"alert", a["alert"]["id"]}, {"action", "escalate"}}
              .dump(),
          now);
    // Paused, stepped event by event, at another speed: none of it may show in the replay.
    ex.handle(kTrainer, R"({"type":"control","action":"pause"})", now);
    for (int i = 0; i < 5; ++i) ex.handle(kTrainer, R"({"type":"control","action":"step"})", now);
    ex.handle(kTrainer, R"({"type":"control","action":"speed","speed":600})", now);
    ex.handle(kTrainer, R"({"type":"control","action":"resume"})", now);
    run_for(ex, now, 300ms);
    ex.handle(kAnn, R"({"type":"release_desk"})", now);
    run_for(ex, now, 500ms);
    ex.handle(kTrainer, R"({"type":"control","action":"end"})", now);
    CHECK(ex.log().entries.size() >= 6);
  }
  log_text = read(live_dir / "exercise-log.json");
  const auto log = live::exercise_log_from_json(log_text);
  CHECK(live::to_json(log) == log_text);  // the log reads back exactly
  {
    live::ExerciseOutputs outputs(live_test::xizang(), replay_dir.string());
    const auto result = live::replay_exercise(live_test::xizang(), log, outputs.observers());
    REQUIRE(log.result.has_value());
    CHECK(result == *log.result);
    auto replayed = log;
    replayed.result = result;
    outputs.publish(replayed);
  }
  for (const char* f : {"alerts.csv", "trace.jsonl", "exercise-log.json", "manifest.json"})
    CHECK_MESSAGE(read(live_dir / f) == read(replay_dir / f), f);
  std::filesystem::remove_all(live_dir);
  std::filesystem::remove_all(replay_dir);
}

TEST_CASE("a log that does not belong to the scenario is refused with the entry that failed") {
  live::ExerciseLog log;
  log.seed = 7;
  log.end = engine::at_ms(1000);
  live::LogEntry e;
  e.time = engine::at_ms(10);
  e.sequence = 1;
  e.command = model::CloseAlert{999999};
  log.entries.push_back(e);
  CHECK_THROWS_WITH_AS(live::replay_exercise(live_test::xizang(), log, {}),
                       doctest::Contains("entry 1"), live::LogError);
  CHECK_THROWS_AS(live::exercise_log_from_json("{\"format\":\"other\"}"), live::LogError);
}

TEST_CASE("every message type with every role gets the answer its role allows") {
  Exercise ex(1, live_test::xizang(), options());
  auto now = Exercise::Clock::now();
  ex.handle(kAnn, R"({"type":"take_desk","desk":"96110"})", now);
  ex.handle(
      kTrainer,
      R"({"type":"inject","kind":"alert","fraud_type":"loan","unit":"lhasa-chengguan/c1","grade":1,"amount":5000,"time_to_loss_s":7200})",
      now);
  ex.handle(kTrainer, R"({"type":"control","action":"start"})", now);
  run_for(ex, now, 200ms);
  const auto alert = ex.log().entries.size();  // take + inject
  REQUIRE(alert == 2);
  const std::string decide = R"({"type":"decide","alert":1,"action":"sms"})";
  // type -> the first reply's type (or error code) for trainer, ann (holds 96110), bob (no desk).
  struct Row {
    std::string message, trainer, ann, bob;
  };
  const std::vector<Row> rows = {
      {R"({"type":"ping"})", "pong", "pong", "pong"},
      {R"({"type":"snapshot"})", "snapshot", "snapshot", "snapshot"},
      {R"({"type":"take_desk","desk":"96110"})", "forbidden", "desk", "desk_taken"},
      {R"({"type":"release_desk"})", "forbidden", "desk", "desk"},
      {decide, "verdict", "verdict", "forbidden"},  // alert 1 is of ann's desk
      {R"({"type":"inject","kind":"surge","multiplier":2,"duration_s":60})", "verdict", "forbidden",
       "forbidden"},
      {R"({"type":"control","action":"pause"})", "control", "forbidden", "forbidden"},
      // The server answers a trainer's create itself; an exercise never gets one.
      {R"({"type":"create"})", "state", "forbidden", "forbidden"},
      {R"({"type":"launch"})", "unknown_type", "unknown_type", "unknown_type"},
  };
  auto answer = [&](const Participant& who, const std::string& m) {
    const auto r = ex.handle(who, m, now);
    REQUIRE(!r.empty());
    const auto j = parse(r[0]);
    for (const auto& t : r) {
      const bool ok = who.role == Role::trainer || !live_test::leaks_hidden(t);
      CHECK_MESSAGE(ok, t);
    }
    return j["type"] == "error" ? j["code"].get<std::string>() : j["type"].get<std::string>();
  };
  for (const auto& row : rows) {
    CAPTURE(row.message);
    // Trainees first: the trainer's decide and pause would change what they can do.
    CHECK(answer(kBob, row.message) == row.bob);
    CHECK(answer(kAnn, row.message) == row.ann);
    if (row.ann == "desk") ex.handle(kAnn, R"({"type":"take_desk","desk":"96110"})", now);
    CHECK(answer(kTrainer, row.message) == row.trainer);
  }
}

TEST_CASE("a trainee who reconnects finds her desk and its undecided alerts in the snapshot") {
  Exercise ex(1, live_test::xizang(), options());
  auto now = Exercise::Clock::now();
  ex.handle(kAnn, R"({"type":"take_desk","desk":"96110"})", now);
  ex.handle(kTrainer, R"({"type":"control","action":"start"})", now);
  const auto alerts = of_type(texts_for(run_for(ex, now, 2000ms), kAnn), "alert");
  REQUIRE(!alerts.empty());
  const auto snap = parse(ex.join(kAnn).at(1));  // hello, snapshot
  CHECK(snap["your_desk"] == "96110");
  std::size_t awaiting = 0;
  for (const auto& a : snap["alerts"]) {
    CHECK(a["desk"] == "96110");
    awaiting += a["state"] == "awaiting_decision";
  }
  CHECK(awaiting >= 1);
  // Bob, without a desk, sees none of them.
  CHECK(parse(ex.join(kBob).at(1))["alerts"].empty());
}

TEST_CASE("serve --roles: a desk not open to trainees is refused") {
  auto o = options();
  o.takeable = {"96110"};
  Exercise ex(1, live_test::xizang(), o);
  const auto now = Exercise::Clock::now();
  const auto r = ex.handle(kBob, R"({"type":"take_desk","desk":"lhasa:city_command"})", now);
  CHECK(parse(r.at(0))["code"] == "not_a_role");
  CHECK(of_type(ex.handle(kAnn, R"({"type":"take_desk","desk":"96110"})", now), "desk").size() ==
        1);
}

TEST_CASE("the console's view: unit tree, officers, reached within target, trainees' decisions") {
  Exercise ex(1, live_test::xizang(), options());
  const auto& sc = live_test::xizang();
  auto now = Exercise::Clock::now();
  const auto snap = parse(ex.join(kAnn)[1]);
  // The whole tree in pre-order: every parent comes before its children and exists.
  REQUIRE(snap["units"].size() == sc.units.size());
  std::set<std::string> seen;
  for (const auto& u : snap["units"]) {
    if (u["parent"].is_null()) {
      CHECK(u["level"] == 0);
    } else {
      CHECK(seen.count(u["parent"].get<std::string>()) == 1);
    }
    seen.insert(u["id"].get<std::string>());
  }
  CHECK(snap["levels"].size() == sc.levels.size());
  CHECK(snap["fraud_types"].size() == sc.fraud_types.size());
  CHECK(!snap["officers"].empty());
  for (const auto& o : snap["officers"]) CHECK(seen.count(o["unit"].get<std::string>()) == 1);
  // Trainees get neither the totals nor reached; the trainer gets both.
  CHECK(!snap.contains("totals"));
  CHECK(!snap.contains("reached"));
  CHECK(parse(ex.join(kTrainer)[1])["reached"].size() == 3);

  ex.handle(kAnn, R"({"type":"take_desk","desk":"96110"})", now);
  ex.handle(kTrainer, R"({"type":"control","action":"start"})", now);
  auto out = run_for(ex, now, 2000ms);
  const auto alerts = of_type(texts_for(out, kAnn), "alert");
  REQUIRE(!alerts.empty());
  for (const auto& t : texts_for(out, kAnn)) CHECK_MESSAGE(!live_test::leaks_hidden(t), t);
  const auto loads = of_type(texts_for(out, kAnn), "desk_load");
  REQUIRE(!loads.empty());
  CHECK(loads.back()["officers"].size() == snap["officers"].size());
  // Ann calls her latest alert and pushes it to the region: the trainer sees both.
  const auto first = alerts.back()["alert"]["id"].get<std::uint64_t>();  // still open
  ex.handle(kAnn, nlohmann::json{{"type", "decide"}, {"alert", first}, {"action", "call"}}.dump(),
            now);
  ex.handle(kAnn,
            nlohmann::json{{"type", "decide"}, {"alert", first}, {"action", "push"}, {"unit", "xz"}}
                .dump(),
            now);
  out = run_for(ex, now, 40ms);  // the commands apply
  // The snapshot after a trainee's own plan (a call, a push: no scenario rule) names no rule.
  for (const Participant& who : {kTrainer, kAnn}) {
    const auto again = parse(ex.handle(who, R"({"type":"snapshot"})", now).at(0));
    bool found = false;
    for (const auto& a : again["alerts"])
      if (a["id"] == first) {
        found = true;
        CHECK(a["rule"].is_null());
      }
    CHECK(found);
  }
  for (auto& o : run_for(ex, now, 4000ms)) out.push_back(std::move(o));
  const auto decisions = of_type(texts_for(out, kTrainer), "decision");
  REQUIRE(decisions.size() == 2);
  CHECK(decisions[0]["by"] == "trainee:ann");
  CHECK(decisions[0]["alert"] == first);
  CHECK(decisions[0]["accepted"] == true);
  CHECK(decisions[0]["command"] == "assign_step");
  CHECK(decisions[0]["action"] == "call");
  CHECK(decisions[1]["action"] == "push");
  CHECK(of_type(texts_for(out, kAnn), "decision").empty());  // the trainer's only
  // reached: the entered count per grade adds up to the totals; reached never exceeds it.
  const auto kpis = of_type(texts_for(out, kTrainer), "kpis").back();
  std::uint64_t entered = 0;
  for (const auto& r : kpis["reached"]) {
    CHECK(r["reached"].get<std::uint64_t>() <= r["eligible"].get<std::uint64_t>());
    CHECK(r["eligible"].get<std::uint64_t>() <= r["entered"].get<std::uint64_t>());
    entered += r["entered"].get<std::uint64_t>();
  }
  CHECK(entered == kpis["totals"]["entered"].get<std::uint64_t>());
  CHECK(kpis["reached"][0]["target_s"] ==
        std::chrono::duration_cast<std::chrono::seconds>(sc.reporting.reach_within[0]).count());
}

TEST_CASE("review: the trainer's only, of the log so far or from a branch; pacing is sampled") {
  Exercise ex(1, live_test::xizang(), options());
  auto now = Exercise::Clock::now();
  ex.join(kAnn);
  ex.handle(kAnn, R"({"type":"take_desk","desk":"96110"})", now);
  ex.handle(kTrainer, R"({"type":"control","action":"start"})", now);
  run_for(ex, now, 3000ms);  // 3 simulated hours, 3 wall seconds (fake clock)
  // Forbidden to trainees, refused beyond now: nothing built.
  CHECK(of_type(ex.handle(kAnn, R"({"type":"review"})", now), "error").at(0)["code"] ==
        "forbidden");
  CHECK(of_type(ex.handle(kTrainer, R"({"type":"review","branch_at_s":999999})", now), "error")
            .at(0)["code"] == "bad_field");
  CHECK(ex.latest_review() == nullptr);

  const auto r = of_type(ex.handle(kTrainer, R"({"type":"review","id":"r1"})", now), "review");
  REQUIRE(r.size() == 1);
  CHECK(r[0]["id"] == "r1");
  CHECK(r[0]["until_ms"] == engine::ticks(ex.now()));
  CHECK(r[0]["branch_at_ms"].is_null());
  CHECK(r[0]["html"] == "/review.html?exercise=1");
  const auto first = ex.latest_review();
  REQUIRE(first);
  const auto j = parse(first->json);
  CHECK(j["format"] == "hotline-sim after-action review");
  CHECK(j["ended"] == false);
  CHECK(j["until_ms"] == engine::ticks(ex.now()));
  CHECK(first->html.find("<html") != std::string::npos);

  const auto b =
      of_type(ex.handle(kTrainer, R"({"type":"review","branch_at_s":3600})", now), "review");
  REQUIRE(b.size() == 1);
  CHECK(b[0]["branch_at_ms"] == 3600000);
  REQUIRE(ex.latest_review() != first);  // the latest is kept
  CHECK(parse(ex.latest_review()->json)["counterfactual"]["branch_at_ms"] == 3600000);

  // About one pacing sample per wall second, in order.
  const auto& pacing = ex.log().pacing;
  CHECK(pacing.size() >= 2);
  CHECK(pacing.size() <= 4);
  for (std::size_t i = 1; i < pacing.size(); ++i) CHECK(pacing[i - 1].time <= pacing[i].time);
}
