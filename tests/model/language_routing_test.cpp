// Operators by language (issue 11): skill sets at a desk, routing a call to an operator who
// speaks the person's language with a fallback wait, breaks and headcount injects over skill
// sets, and the language mix of a place. Each case is a hand-built world whose times can be
// worked out from the trace: 4-minute answered calls, alerts injected at given minutes.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "recorder.hpp"
#include "scenario_builder.hpp"

using namespace hotline;
using namespace hotline::testing;
using model::Outcome;
using model::TraceKind;
using scenario::Channel;

namespace {

constexpr int kZh = 0;
constexpr int kBo = 1;

// One desk with two operators: skill set 0 speaks Mandarin only, skill set 1 Tibetan and
// Mandarin. Phone calls are always answered and always dissuade a person in their language;
// one in another language never does (language_mismatch 0), so outcomes show who took a call.
scenario::Scenario two_skill_sets(engine::Duration fallback) {
  auto s = tiny_world(2, 1e-9);  // no random arrivals: only injected alerts
  s.languages = {{"zh", "普通话"}, {"bo", "藏语"}};
  auto& desk = s.desks[0];
  desk.skill_sets = {{kZh}, {kZh, kBo}};
  desk.language_fallback = fallback;
  desk.shifts[0].staff = {1, 1};
  s.dissuasion.prob[static_cast<int>(Channel::phone)] = {1.0};
  s.dissuasion.language_mismatch = 0.0;
  s.rules[0].plan = {call_step("call")};
  return s;
}

const model::TraceRecord& service_start(const Recorder& rec, std::uint64_t alert) {
  const auto it = std::find_if(rec.trace.begin(), rec.trace.end(), [&](const auto& r) {
    return r.kind == TraceKind::service_start && r.alert == alert;
  });
  REQUIRE(it != rec.trace.end());
  return *it;
}

engine::Duration since_start(const model::TraceRecord& r) {
  return r.time - engine::kTimeZero;
}

// Operators on the floor of skill set g after the last skill_roster_change at or before t.
int group_staffed_at(const Recorder& rec, int g, engine::Duration t) {
  int n = -1;
  for (const auto& r : rec.trace)
    if (r.kind == TraceKind::skill_roster_change && r.step == g && since_start(r) <= t) n = r.value;
  return n;
}

}  // namespace

TEST_CASE("a Tibetan-speaking alert waits for the Tibetan-speaking operator until the fallback") {
  // 01:00 a Tibetan alert takes the only Tibetan speaker (busy until 01:04); 01:01 a second
  // Tibetan alert finds only the Mandarin-only operator free.
  SUBCASE("fallback 10 min: served by the Tibetan speaker when free at 01:04, in language") {
    auto s = two_skill_sets(10 * kMinute);
    inject_alert(s, 60, 10 * kHour, kBo);
    inject_alert(s, 61, 10 * kHour, kBo);
    const Recorder rec = record_run(s);
    const auto& first = service_start(rec, 1);
    const auto& second = service_start(rec, 2);
    CHECK(since_start(first) == 60 * kMinute);
    CHECK(first.value == 1);
    CHECK(since_start(second) == 64 * kMinute);
    CHECK(second.wait_ms == engine::ticks(3 * kMinute));
    CHECK(second.value == 1);
    CHECK(rec.alert(2).outcome == Outcome::dissuaded);
  }
  SUBCASE("fallback 2 min: the Mandarin-only operator takes it at 01:03, out of language") {
    auto s = two_skill_sets(2 * kMinute);
    inject_alert(s, 60, 10 * kHour, kBo);
    inject_alert(s, 61, 10 * kHour, kBo);
    const Recorder rec = record_run(s);
    const auto& second = service_start(rec, 2);
    CHECK(since_start(second) == 63 * kMinute);
    CHECK(second.value == 2);
    // language_mismatch 0: the conversation cannot dissuade, the plan's one call ends
    CHECK(rec.alert(2).outcome != Outcome::dissuaded);
  }
  SUBCASE("fallback 0: any free operator at once") {
    auto s = two_skill_sets(engine::Duration{0});
    inject_alert(s, 60, 10 * kHour, kBo);
    inject_alert(s, 61, 10 * kHour, kBo);
    const Recorder rec = record_run(s);
    const auto& second = service_start(rec, 2);
    CHECK(since_start(second) == 61 * kMinute);
    CHECK(second.value == 2);
  }
}

TEST_CASE("a Mandarin call goes to the Mandarin-only operator, keeping the Tibetan speaker free") {
  auto s = two_skill_sets(30 * kMinute);
  inject_alert(s, 60, 10 * kHour, kZh);  // skill set 0 comes first: the Mandarin-only operator
  inject_alert(s, 61, 10 * kHour, kBo);  // the Tibetan speaker is free: no wait at all
  const Recorder rec = record_run(s);
  CHECK(service_start(rec, 1).value == 1);
  const auto& bo = service_start(rec, 2);
  CHECK(since_start(bo) == 61 * kMinute);
  CHECK(bo.wait_ms == 0);
  CHECK(bo.value == 1);
}

TEST_CASE("a Mandarin call takes the bilingual operator when the Mandarin-only one is busy") {
  // A Mandarin alert while the Mandarin-only operator is busy goes to the bilingual one.
  auto s = two_skill_sets(30 * kMinute);
  inject_alert(s, 60, 10 * kHour, kZh);
  inject_alert(s, 61, 10 * kHour, kZh);
  const Recorder rec = record_run(s);
  CHECK(since_start(service_start(rec, 2)) == 61 * kMinute);
  CHECK(service_start(rec, 2).value == 1);
}

TEST_CASE("a break takes its operator from the first skill set, for exactly its length") {
  auto s = two_skill_sets(30 * kMinute);
  s.desks[0].shifts[0].breaks = {{60, 30, 1}};  // 01:00 for 30 min, one operator
  const Recorder rec = record_run(s);
  CHECK(group_staffed_at(rec, 0, 59 * kMinute) == 1);
  CHECK(group_staffed_at(rec, 0, 60 * kMinute) == 0);
  CHECK(group_staffed_at(rec, 0, 89 * kMinute) == 0);
  CHECK(group_staffed_at(rec, 0, 90 * kMinute) == 1);
  for (const int minute : {59, 60, 89, 90}) CHECK(group_staffed_at(rec, 1, minute * kMinute) == 1);
}

TEST_CASE("a headcount inject fills the skill sets in order; extra operators join the first") {
  auto s = two_skill_sets(30 * kMinute);
  scenario::InjectSpec cut;
  cut.at = {2021, 9, 6, 2, 0, 0};
  cut.kind = scenario::InjectKind::desk_headcount;
  cut.desk = 0;
  cut.headcount = 1;
  cut.duration = 1 * kHour;
  scenario::InjectSpec extra = cut;
  extra.at = {2021, 9, 6, 4, 0, 0};
  extra.headcount = 4;
  s.injects = {cut, extra};
  const Recorder rec = record_run(s);
  CHECK(group_staffed_at(rec, 0, 2 * kHour) == 1);
  CHECK(group_staffed_at(rec, 1, 2 * kHour) == 0);
  CHECK(group_staffed_at(rec, 1, 3 * kHour) == 1);  // the window ended: the roster's again
  CHECK(group_staffed_at(rec, 0, 4 * kHour) == 3);
  CHECK(group_staffed_at(rec, 1, 4 * kHour) == 1);
}

TEST_CASE("a shift change that moves operators between skill sets changes them at its time") {
  // 00:00-12:00 two Mandarin-only operators; 12:00-24:00 one of each: the total stays 2.
  auto s = two_skill_sets(30 * kMinute);
  auto day = s.desks[0].shifts[0];
  day.start_minute = 12 * 60;
  day.end_minute = 0;
  day.staff = {1, 1};
  auto night = day;
  night.name = "night";
  night.start_minute = 0;
  night.end_minute = 12 * 60;
  night.staff = {2, 0};
  s.desks[0].shifts = {night, day};
  const Recorder rec = record_run(s);
  CHECK(group_staffed_at(rec, 0, 11 * kHour) == 2);
  CHECK(group_staffed_at(rec, 1, 11 * kHour) == 0);
  CHECK(group_staffed_at(rec, 0, 12 * kHour) == 1);
  CHECK(group_staffed_at(rec, 1, 12 * kHour) == 1);
}

TEST_CASE("a place's language mix replaces the fraud type's and leaves the other draws alone") {
  auto base = tiny_world(2, 200);
  base.languages = {{"zh", "zh"}, {"bo", "bo"}};
  auto mixed = base;
  mixed.units[1].language_mix = {kBo};
  mixed.units[1].language_mix_weights = {1.0};
  const Recorder a = record_run(base);
  const Recorder b = record_run(mixed);
  REQUIRE(a.alerts.size() == b.alerts.size());
  REQUIRE(a.alerts.size() > 100);
  for (std::size_t i = 0; i < a.alerts.size(); ++i) {
    CHECK(a.alerts[i].language == kZh);
    CHECK(b.alerts[i].language == kBo);
    CHECK(a.alerts[i].arrival == b.alerts[i].arrival);
    CHECK(a.alerts[i].amount == b.alerts[i].amount);
    CHECK(a.alerts[i].deadline == b.alerts[i].deadline);
  }
}

TEST_CASE("a desk without skill sets routes exactly as before: any free operator") {
  auto s = tiny_world(2, 1e-9);
  s.languages = {{"zh", "zh"}, {"bo", "bo"}};
  s.rules[0].plan = {call_step("call")};
  inject_alert(s, 60, 10 * kHour, kBo);
  inject_alert(s, 61, 10 * kHour, kBo);
  const Recorder rec = record_run(s);
  CHECK(since_start(service_start(rec, 2)) == 61 * kMinute);
  CHECK(service_start(rec, 2).value == 0);
  CHECK(rec.count(TraceKind::skill_roster_change) == 0);
}
