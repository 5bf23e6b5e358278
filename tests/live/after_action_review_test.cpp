// The after-action review (after_action_review.hpp) on hand-made exercise logs of xizang:
// the counterfactual's alert stream, differences and the decision named for them, the branch,
// totals as sums of rows, the rubric's scores, and the files published with an exercise.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "hotline/live/after_action_review.hpp"
#include "hotline/live/exercise_outputs.hpp"
#include "hotline/live/live_dispatcher.hpp"
#include "hotline/model/hotline_model.hpp"
#include "live_test_support.hpp"

using namespace hotline;
using nlohmann::json;

namespace {

const scenario::Scenario& xz() {
  return live_test::xizang();
}

// The index in one of xizang's tables of the entry whose `key` (its id or name) is `want`.
template <class Table, class Key>
int index_in(const Table& table, Key key, const std::string& want, const char* what) {
  for (std::size_t i = 0; i < table.size(); ++i)
    if (table[i].*key == want) return static_cast<int>(i);
  FAIL("no " << what << " " << want);
  return -1;
}
int desk_index(const std::string& id) {
  return index_in(xz().desks, &scenario::DeskSpec::id, id, "desk");
}
int unit_index(const std::string& id) {
  return index_in(xz().units, &scenario::UnitSpec::id, id, "unit");
}
int rule_index(const std::string& name) {
  return index_in(xz().rules, &scenario::RuleSpec::name, name, "rule");
}
int type_index(const std::string& id) {
  return index_in(xz().fraud_types, &scenario::FraudTypeSpec::id, id, "fraud type");
}

// Writes an exercise log the way an exercise does: a real model (LiveDispatcher) is driven to
// each entry's time and the entry applied, so commands get their true sequence numbers and
// injected alerts their ids.
class LogBuilder {
 public:
  LogBuilder() : dispatcher_(xz()), model_(xz(), xz().seed, 0, dispatcher_) {
    log_.scenario_source = xz().source_name;
    log_.scenario_name = xz().name;
    log_.seed = xz().seed;
  }
  void take(engine::SimTime t, const std::string& desk, const std::string& by) {
    hold(t, desk, by, true);
  }
  void release(engine::SimTime t, const std::string& desk, const std::string& by) {
    hold(t, desk, by, false);
  }
  void command(engine::SimTime t, const std::string& by, const model::Command& c) {
    advance(t);
    const model::Verdict v = model_.submit(c);
    REQUIRE_MESSAGE(v.accepted, v.reason);
    live::LogEntry e;
    e.time = t;
    e.kind = live::LogEntry::Kind::command;
    e.sequence = v.sequence;
    e.by = by;
    e.command = c;
    log_.entries.push_back(std::move(e));
  }
  // A trainer's injected alert at t; returns its id (the model runs to t + 1 ms for it).
  std::uint64_t inject_alert(engine::SimTime t, const model::InjectAlert& a) {
    command(t, "trainer", a);
    advance(t + engine::Duration{1});
    REQUIRE(!arrivals_.empty());
    const auto& v = arrivals_.back();
    REQUIRE(v.view.arrival == t);
    REQUIRE(v.view.grade == a.grade);
    return v.view.id;
  }
  // Alerts still awaiting a decision at t (the model runs to t).
  std::vector<model::AlertView> awaiting(engine::SimTime t) {
    advance(t);
    std::vector<model::AlertView> out;
    for (const auto& a : model_.snapshot().alerts)
      if (a.state == model::AlertState::awaiting_decision) out.push_back(a.view);
    return out;
  }
  int standard_rule(const model::AlertView& v) const { return dispatcher_.standard_rule(v); }
  live::ExerciseLog end(engine::SimTime t) {
    advance(t);
    log_.end = t;
    return log_;
  }

 private:
  void advance(engine::SimTime t) {
    REQUIRE_MESSAGE(t >= model_.now(), "entries must come in time order");
    model_.run_until(t);
    for (const auto& a : dispatcher_.arrivals()) arrivals_.push_back(a);
    dispatcher_.clear_arrivals();
  }
  void hold(engine::SimTime t, const std::string& desk, const std::string& by, bool take) {
    advance(t);
    const int d = desk_index(desk);
    dispatcher_.hold(d, take);
    log_.entries.push_back(
        {t, take ? live::LogEntry::Kind::take : live::LogEntry::Kind::release, 0, by, d, {}});
  }
  live::LiveDispatcher dispatcher_;
  model::HotlineModel model_;
  live::ExerciseLog log_;
  std::vector<live::LiveDispatcher::Arrival> arrivals_;
};

engine::SimTime at_min(double minutes) {
  return engine::at_ms(static_cast<std::int64_t>(minutes * 60'000));
}

json review_of(const live::ExerciseLog& log, const live::ReviewOptions& o = {}) {
  return json::parse(live::build_review(xz(), log, *log.end, o).json);
}

const json& row(const json& review, std::uint64_t id) {
  for (const json& a : review.at("alerts"))
    if (a.at("id") == id) return a;
  FAIL("no alert " << id);
  static const json none;
  return none;
}

// The trainee sits on the whole region: li holds the 96110 desk (the root's) from the start.
live::ExerciseLog sat_on_everything(engine::SimTime end) {
  LogBuilder b;
  b.take(engine::kTimeZero, "96110", "trainee:li");
  return b.end(end);
}

}  // namespace

TEST_CASE("a log with no trainee decisions shows zero differences against the standard rules") {
  LogBuilder b;
  // A trainer's surge and outage are kept in the counterfactual: still no difference.
  b.command(at_min(30), "trainer", model::Surge{{}, 3.0, engine::kHour});
  b.command(at_min(60), "trainer",
            model::DeskHeadcount{desk_index("96110"), 0, at_min(20) - engine::kTimeZero});
  const live::ExerciseLog log = b.end(at_min(6 * 60));
  const json r = review_of(log);
  CHECK(r.at("alert_stream").at("identical") == true);
  CHECK(r.at("differences") == 0);
  REQUIRE(r.at("alerts").size() > 20);
  for (const json& a : r.at("alerts")) {
    CHECK(a.at("differs") == false);
    CHECK(a.at("trainees") == a.at("standard"));
  }
  CHECK(r.at("totals").at("trainees") == r.at("totals").at("standard"));
  CHECK(r.at("trainees").empty());
  CHECK(r.at("ended") == true);
}

TEST_CASE("the counterfactual sees the same alert stream as the trainees, hidden times included") {
  // A trainee who sits on every alert changes every outcome, but not which alerts arrive:
  // arrival times, attributes and hidden time to loss come from streams no decision touches.
  const json r = review_of(sat_on_everything(at_min(8 * 60)));
  CHECK(r.at("alert_stream").at("identical") == true);
  CHECK(r.at("alert_stream").at("note") == "");
  CHECK(r.at("differences").get<int>() > 0);
  for (const json& a : r.at("alerts")) {
    CHECK(a.at("trainees").at("decided_by") == "none");
    CHECK(a.at("standard").at("decided_by") == "standard_rules");
  }
}

TEST_CASE(
    "a trainee who sat on a grade-1 alert sees it lost or reached late, that decision named") {
  LogBuilder b;
  b.take(engine::kTimeZero, "96110", "trainee:li");
  // A grade-1 loan alert with 40 minutes to loss, nobody decides it.
  model::InjectAlert a;
  a.fraud_type = type_index("loan");
  a.grade = 1;
  a.amount = 80000;
  a.unit = unit_index("lhasa-chengguan/c1");
  a.time_to_loss = engine::Duration{40 * 60'000};
  const std::uint64_t id = b.inject_alert(at_min(20), a);
  const json r = review_of(b.end(at_min(3 * 60)));
  const json& x = row(r, id);
  CHECK(x.at("grade") == 1);
  CHECK(x.at("desk") == "96110");
  // Under the standard rules the grade-1 plan reaches the person within the target.
  CHECK(x.at("standard").at("reach") == "hit");
  CHECK(x.at("standard").at("decided_by") == "standard_rules");
  CHECK(x.at("standard").at("decision") == "plan 'grade 1, large amount'");
  // With the trainee nobody calls: it is lost (would pay) or passes unreached.
  CHECK(x.at("trainees").at("reach") == "miss");
  CHECK(x.at("trainees").at("outcome") != "dissuaded");
  CHECK(x.at("trainees").at("decided_by") == "none");
  REQUIRE(x.at("differs") == true);
  CHECK(x.at("cause_kind") == "no_decision");
  const std::string cause = x.at("cause");
  CHECK(cause.find("96110") != std::string::npos);
  CHECK(cause.find("trainee:li") != std::string::npos);
  CHECK(cause.find("never decided") != std::string::npos);
  CHECK(cause.find("grade 1, large amount") != std::string::npos);
  // The timeline shows where the outcomes parted.
  bool shown = false;
  for (const json& e : r.at("timeline"))
    shown |= e.at("kind") == "outcome_differs" && e.at("alert") == id;
  CHECK(shown);
}

TEST_CASE("a trainee's late decision is the decision named for the difference") {
  LogBuilder b;
  b.take(engine::kTimeZero, "96110", "trainee:li");
  model::InjectAlert a;
  a.fraud_type = type_index("loan");
  a.grade = 1;
  a.amount = 80000;
  a.unit = unit_index("lhasa-chengguan/c1");
  a.time_to_loss = engine::Duration{3 * 3600'000};
  const std::uint64_t id = b.inject_alert(at_min(20), a);
  // 50 minutes later, an SMS only.
  model::AssignStep sms;
  sms.alert = id;
  sms.kind = scenario::StepKind::sms;
  b.command(at_min(70), "trainee:li", sms);
  const json r = review_of(b.end(at_min(5 * 60)));
  const json& x = row(r, id);
  CHECK(x.at("trainees").at("decided_by") == "trainee:li");
  CHECK(x.at("trainees").at("decided_ms") == 70 * 60'000);
  CHECK(x.at("trainees").at("decision") == "SMS");
  if (x.at("differs") == true) {
    CHECK(x.at("cause_kind") == "decision");
    const std::string cause = x.at("cause");
    CHECK(cause.find("trainee:li") != std::string::npos);
    CHECK(cause.find("SMS") != std::string::npos);
    CHECK(cause.find("+50m00s") != std::string::npos);
  }
  CHECK(x.at("trainees").at("reach") == "miss");  // 50 min > the 10 min target, SMS or not
  CHECK(x.at("standard").at("reach") == "hit");
  CHECK(x.at("differs") == true);
}

TEST_CASE("branch-at T keeps the entries before T, then the standard rules decide") {
  LogBuilder b;
  b.take(engine::kTimeZero, "96110", "trainee:li");
  // At 1 h the trainee decides everything waiting with the standard rules' own plan.
  std::vector<std::uint64_t> decided;
  for (const auto& v : b.awaiting(at_min(60))) {
    b.command(at_min(60), "trainee:li", model::AssignRule{v.id, b.standard_rule(v)});
    decided.push_back(v.id);
  }
  REQUIRE(decided.size() >= 3);
  const engine::SimTime branch = at_min(150);
  const live::ExerciseLog log = b.end(at_min(5 * 60));
  live::ReviewOptions o;
  o.branch_at = branch;
  const json r = review_of(log, o);
  CHECK(r.at("counterfactual").at("kind") == "branch");
  CHECK(r.at("counterfactual").at("branch_at_ms") == engine::ticks(branch));
  CHECK(r.at("alert_stream").at("identical") == true);
  int kept = 0, taken_over = 0, after = 0;
  for (const json& a : r.at("alerts")) {
    const std::int64_t arrival = a.at("arrival_ms");
    const json& s = a.at("standard");
    const json& t = a.at("trainees");
    if (std::find(decided.begin(), decided.end(), a.at("id").get<std::uint64_t>()) !=
        decided.end()) {
      // The trainee's decision before T is in the counterfactual too.
      CHECK(s.at("decided_by") == "trainee:li");
      CHECK(s.at("decided_ms") == 60 * 60'000);
      ++kept;
    } else if (arrival < engine::ticks(branch)) {
      // Deferred to the trainee as in the log: undecided at T, the branch gives the plan.
      CHECK(a.at("desk") == "96110");
      const bool open_at_t =
          t.at("closed_ms").is_null() || t.at("closed_ms") >= engine::ticks(branch);
      if (open_at_t) {
        CHECK(s.at("decided_by") == "branch");
        CHECK(s.at("decided_ms") == engine::ticks(branch));
        ++taken_over;
      } else {
        // Closed before T: the same in both runs, it never saw the branch.
        CHECK(s == t);
      }
    } else {
      CHECK(s.at("decided_by") == "standard_rules");
      CHECK(t.at("decided_by") != "standard_rules");  // still li's desk in the trainees' run
      ++after;
    }
  }
  CHECK(kept == static_cast<int>(decided.size()));
  CHECK(taken_over > 0);
  CHECK(after > 0);
  bool branch_event = false;
  for (const json& e : r.at("timeline"))
    branch_event |= e.at("kind") == "branch" && e.at("t_ms") == engine::ticks(branch);
  CHECK(branch_event);
  // Without the branch the trainee's decisions at 1 h are not in the counterfactual.
  const json whole = review_of(log);
  CHECK(row(whole, decided.front()).at("standard").at("decided_by") == "standard_rules");
}

TEST_CASE("the totals in review.json are the sums of its per-alert rows") {
  const json r = review_of(sat_on_everything(at_min(10 * 60)));
  for (const char* side : {"trainees", "standard"}) {
    CAPTURE(side);
    std::int64_t alerts = 0, dissuaded = 0, lost = 0, not_paid = 0, open = 0, eligible = 0, hit = 0,
                 escalations = 0;
    double lost_yuan = 0, avoided_yuan = 0;
    for (const json& a : r.at("alerts")) {
      const json& x = a.at(side);
      ++alerts;
      dissuaded += x.at("outcome") == "dissuaded";
      lost += x.at("outcome") == "lost";
      not_paid += x.at("outcome") == "not_paid";
      open += x.at("outcome") == "open";
      eligible += x.at("reach") != "undecided";
      hit += x.at("reach") == "hit";
      escalations += x.at("escalations").get<std::int64_t>();
      lost_yuan += x.at("lost_yuan").get<double>();
      avoided_yuan += x.at("avoided_yuan").get<double>();
    }
    const json& t = r.at("totals").at(side);
    CHECK(t.at("alerts") == alerts);
    CHECK(t.at("dissuaded") == dissuaded);
    CHECK(t.at("lost") == lost);
    CHECK(t.at("not_paid") == not_paid);
    CHECK(t.at("open") == open);
    CHECK(t.at("reach_eligible") == eligible);
    CHECK(t.at("reached_within_target") == hit);
    CHECK(t.at("escalations") == escalations);
    CHECK(t.at("lost_yuan").get<double>() == doctest::Approx(lost_yuan));
    CHECK(t.at("avoided_yuan").get<double>() == doctest::Approx(avoided_yuan));
    // And the grades add up to the whole.
    std::int64_t by_grade = 0;
    for (const json& g : r.at("by_grade")) by_grade += g.at(side).at("alerts").get<std::int64_t>();
    CHECK(by_grade == alerts);
  }
  // Sitting on everything loses more than the standard rules do, and reaches nobody in time.
  CHECK(r.at("totals").at("trainees").at("reached_within_target") == 0);
  CHECK(r.at("totals").at("standard").at("reached_within_target").get<int>() > 0);
  CHECK(r.at("totals").at("trainees").at("lost_yuan").get<double>() >=
        r.at("totals").at("standard").at("lost_yuan").get<double>());
}

TEST_CASE("rubric scores on a hand-made log: first decision, push tier and escalation") {
  // xizang's rubric: first decision within 2 min (grade 1), 10 min (grade 2); push tier grade 1
  // community, grade 2 county; escalation within 5 min.
  const auto& rb = xz().training.rubric;
  REQUIRE(rb.given);
  REQUIRE(rb.first_decision_within[0] == engine::Duration{2 * 60'000});
  REQUIRE(rb.escalate_within == engine::Duration{5 * 60'000});
  LogBuilder b;
  b.take(engine::kTimeZero, "96110", "trainee:li");
  model::InjectAlert a;
  a.fraud_type = type_index("loan");
  a.unit = unit_index("lhasa-chengguan/c1");
  a.amount = 20000;
  a.time_to_loss = engine::Duration{4 * 3600'000};
  a.grade = 1;
  const int county = xz().units[static_cast<std::size_t>(a.unit)].parent;
  model::AssignStep to_county;
  to_county.kind = scenario::StepKind::push;
  to_county.unit = county;
  const std::uint64_t fast = b.inject_alert(at_min(10), a);  // decided after 1 min
  to_county.alert = fast;
  b.command(at_min(11), "trainee:li", to_county);  // grade 1 to the county: the wrong tier
  const std::uint64_t never = b.inject_alert(at_min(11) + engine::Duration{1}, a);  // never
  a.grade = 2;
  const std::uint64_t slow = b.inject_alert(at_min(12), a);  // decided after 15 min
  a.grade = 3;
  const std::uint64_t pushed = b.inject_alert(at_min(13), a);  // push, SLA missed, re-planned
  // Grade 3, 30 min limit: pushes with a 1 s SLA (delivery takes longer, so it passes).
  to_county.sla = engine::Duration{1000};
  to_county.alert = pushed;
  b.command(at_min(14), "trainee:li", to_county);
  const std::uint64_t ignored = b.inject_alert(at_min(14) + engine::Duration{1}, a);
  to_county.alert = ignored;
  b.command(at_min(15), "trainee:li", to_county);  // push, SLA missed, nothing after it
  // 3 min after its SLA passed, a new plan (an escalate is refused: a push step has no on_late).
  b.command(at_min(17), "trainee:li",
            model::AssignRule{pushed, rule_index("grade 3 and everything else")});
  b.command(at_min(27), "trainee:li", model::AssignRule{slow, rule_index("grade 2")});  // county
  const json r = review_of(b.end(at_min(3 * 60)));
  REQUIRE(r.at("trainees").size() == 1);
  const json& li = r.at("trainees").at(0);
  CHECK(li.at("name") == "li");
  CHECK(li.at("desks") == json::array({"96110"}));
  const auto item = [&](std::uint64_t alert, const std::string& criterion) -> const json* {
    for (const json& i : li.at("items"))
      if (i.at("alert") == alert && i.at("criterion") == criterion) return &i;
    return nullptr;
  };
  REQUIRE(item(fast, "first_decision_grade1"));
  CHECK(item(fast, "first_decision_grade1")->at("met") == true);
  REQUIRE(item(never, "first_decision_grade1"));
  CHECK(item(never, "first_decision_grade1")->at("met") == false);
  REQUIRE(item(slow, "first_decision_grade2"));
  CHECK(item(slow, "first_decision_grade2")->at("met") == false);
  REQUIRE(item(pushed, "first_decision_grade3"));
  CHECK(item(pushed, "first_decision_grade3")->at("met") == true);
  REQUIRE(item(fast, "push_tier"));
  CHECK(item(fast, "push_tier")->at("met") == false);  // county, the rubric says community
  REQUIRE(item(slow, "push_tier"));
  CHECK(item(slow, "push_tier")->at("met") == true);  // rule 'grade 2' pushes to the county
  REQUIRE(item(pushed, "push_tier"));
  CHECK(item(pushed, "push_tier")->at("met") == true);  // grade 3: county
  REQUIRE(item(pushed, "escalation"));
  CHECK(item(pushed, "escalation")->at("met") == true);
  REQUIRE(item(ignored, "escalation"));
  CHECK(item(ignored, "escalation")->at("met") == false);
  // The criteria add up to the items, and the overall score to the criteria.
  int scored = 0, met = 0;
  for (const json& c : li.at("criteria")) {
    int n = 0, m = 0;
    for (const json& i : li.at("items"))
      if (i.at("criterion") == c.at("id")) {
        ++n;
        m += i.at("met").get<bool>();
      }
    CHECK(c.at("scored") == n);
    CHECK(c.at("met") == m);
    scored += n;
    met += m;
  }
  CHECK(li.at("scored") == scored);
  CHECK(li.at("met") == met);
  // The mean time to a grade-1 first decision counts li's own decisions only: 1 min.
  CHECK(li.at("criteria").at(0).at("id") == "first_decision_grade1");
  CHECK(li.at("criteria").at(0).at("mean_s") == 60.0);
}

TEST_CASE("the review is deterministic and charts both runs in a self-contained page") {
  live::ExerciseLog log = sat_on_everything(at_min(4 * 60));
  log.pacing = {{at_min(1), 0.01}, {at_min(2), 0.35}, {at_min(3), 0.02}};
  const live::ReviewFiles a = live::build_review(xz(), log, *log.end);
  const live::ReviewFiles b = live::build_review(xz(), log, *log.end);
  CHECK(a.json == b.json);
  CHECK(a.html == b.html);
  const json r = json::parse(a.json);
  CHECK(r.at("pacing").at("samples") == 3);
  CHECK(r.at("pacing").at("max_lag_s") == 0.35);
  for (const char* chart : {"reach_by_grade", "lost_by_grade", "lost_over_time", "pacing_lag"})
    CHECK_MESSAGE(a.html.find(std::string("data-chart=\"") + chart + "\"") != std::string::npos,
                  chart);
  CHECK(a.html.find("<script") == std::string::npos);
  CHECK(a.html.find("src=\"http") == std::string::npos);  // nothing fetched
  CHECK(a.html.find("href=\"http") == std::string::npos);
  CHECK(a.html.find("城关区") != std::string::npos);  // display names in Chinese
  CHECK(a.html.find("data-total=\"lost_yuan\"") != std::string::npos);
  // Every differing alert is a row of the page.
  for (const json& x : r.at("alerts"))
    if (x.at("differs") == true)
      CHECK(a.html.find("data-alert=\"" + std::to_string(x.at("id").get<int>()) + "\"") !=
            std::string::npos);
}

TEST_CASE("an ended exercise's folder holds the review, and a replay writes the same bytes") {
  const live::ExerciseLog log = sat_on_everything(at_min(3 * 60));
  std::string first_json, first_html;
  for (int pass = 0; pass < 2; ++pass) {
    const auto dir = live_test::fresh_dir("review-" + std::to_string(pass));
    {
      live::ExerciseOutputs outputs(xz(), dir.string());
      live::replay_exercise(xz(), log, outputs.observers());
      const auto names = outputs.publish(log);
      CHECK(std::find(names.begin(), names.end(), "review.json") != names.end());
      CHECK(std::find(names.begin(), names.end(), "review.html") != names.end());
    }
    std::ifstream j(dir / "review.json"), h(dir / "review.html");
    std::stringstream js, hs;
    js << j.rdbuf();
    hs << h.rdbuf();
    if (pass == 0) {
      first_json = js.str();
      first_html = hs.str();
      CHECK(first_json == live::build_review(xz(), log, *log.end).json);
    } else {
      CHECK(js.str() == first_json);
      CHECK(hs.str() == first_html);
    }
    std::filesystem::remove_all(dir);
  }
}

TEST_CASE("reviewed to its end, the trainees' run must reproduce the log's result") {
  live::ExerciseLog log = sat_on_everything(at_min(2 * 60));
  log.result = live::replay_exercise(xz(), log, {});
  const json r = review_of(log);  // the exercise's own result: accepted
  CHECK(r.at("trainees_fingerprint") == log.result->trace_fingerprint);
  log.result->trace_fingerprint = "0123456789abcdef";
  CHECK_THROWS_WITH_AS(live::build_review(xz(), log, *log.end),
                       doctest::Contains("differs from it"), live::LogError);
  // A review of part of the exercise cannot be checked against the end's result.
  CHECK_NOTHROW(live::build_review(xz(), log, at_min(60)));
}

TEST_CASE("a log that does not apply to the scenario is refused by the review") {
  live::ExerciseLog log;
  log.seed = xz().seed;
  log.end = at_min(30);
  live::LogEntry e;
  e.time = at_min(1);
  e.sequence = 1;
  e.by = "trainee:li";
  e.command = model::CloseAlert{999999};
  log.entries.push_back(e);
  CHECK_THROWS_WITH_AS(live::build_review(xz(), log, *log.end), doctest::Contains("entry 1"),
                       live::LogError);
}

TEST_CASE("pacing samples round-trip through the log's JSON, and old logs without them load") {
  live::ExerciseLog log = sat_on_everything(at_min(30));
  log.pacing = {{at_min(1), 0.125}, {at_min(2), 1.5}};
  const std::string text = live::to_json(log);
  const live::ExerciseLog back = live::exercise_log_from_json(text);
  REQUIRE(back.pacing.size() == 2);
  CHECK(back.pacing[1].time == at_min(2));
  CHECK(back.pacing[1].lag_s == 1.5);
  CHECK(live::to_json(back) == text);
  log.pacing.clear();
  const std::string old = live::to_json(log);
  CHECK(old.find("pacing") == std::string::npos);
  CHECK(live::exercise_log_from_json(old).pacing.empty());
}

TEST_CASE("an alert decided alike in both runs whose outcome still changed is a knock-on") {
  // li holds one city command and decides nothing: her city's alerts wait; the rest of the
  // region follows the standard rules in both runs, but shares desks and officers with them.
  LogBuilder b;
  b.take(engine::kTimeZero, "lhasa:city_command", "trainee:li");
  const json r = review_of(b.end(at_min(3 * 24 * 60)));
  int knock_on = 0;
  for (const json& a : r.at("alerts")) {
    if (a.at("cause_kind") != "knock_on") continue;
    ++knock_on;
    CHECK(a.at("desk").is_null());
    CHECK(a.at("trainees").at("decided_by") == "standard_rules");
    CHECK(a.at("trainees").at("decision") == a.at("standard").at("decision"));
    CHECK(a.at("cause").get<std::string>().find("decided alike") != std::string::npos);
  }
  CHECK(knock_on > 0);
}

TEST_CASE("a review that cannot be built does not cost the exercise its other files") {
  live::ExerciseLog log = sat_on_everything(at_min(60));
  log.result = live::ExerciseResult{};  // not what the log reproduces
  log.result->trace_fingerprint = "0000000000000000";
  const auto dir = live_test::fresh_dir("review-fails");
  {
    live::ExerciseOutputs outputs(xz(), dir.string());
    live::replay_exercise(xz(), log, outputs.observers());
    CHECK_THROWS_WITH_AS(outputs.publish(log), doctest::Contains("published without review"),
                         live::LogError);
  }
  CHECK(std::filesystem::exists(dir / "exercise-log.json"));
  CHECK(std::filesystem::exists(dir / "alerts.csv"));
  CHECK(std::filesystem::exists(dir / "manifest.json"));
  CHECK_FALSE(std::filesystem::exists(dir / "review.json"));
  std::filesystem::remove_all(dir);
}
