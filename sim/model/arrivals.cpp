#include "arrivals.hpp"

#include <algorithm>
#include <string>

#include "model_core.hpp"

namespace hotline::model::detail {

std::vector<SurgeWindow> Arrivals::surges_for(int fraud_type) const {
  std::vector<SurgeWindow> out;
  for (const auto& sg : m_.s_.surges) {
    if (!sg.fraud_types.empty() &&
        std::find(sg.fraud_types.begin(), sg.fraud_types.end(), fraud_type) == sg.fraud_types.end())
      continue;
    out.push_back({m_.calendar_.to_sim(sg.start), m_.calendar_.to_sim(sg.end), sg.multiplier});
  }
  return out;
}

std::vector<SurgeWindow> Arrivals::inbound_surges() const {
  std::vector<SurgeWindow> out;
  for (const auto& sg : m_.s_.surges)
    if (sg.inbound)
      out.push_back({m_.calendar_.to_sim(sg.start), m_.calendar_.to_sim(sg.end), sg.multiplier});
  return out;
}

void Arrivals::build() {
  const auto& s = m_.s_;
  m_.types_.resize(s.fraud_types.size());
  m_.sources_.resize(s.fraud_types.size());
  for (std::size_t k = 0; k < s.fraud_types.size(); ++k) {
    const auto& ft = s.fraud_types[k];
    AlertSource& src = m_.sources_[k];
    FraudTypeRuntime& rt = m_.types_[k];
    build_places(static_cast<int>(k));
    src.fraud_type = static_cast<int>(k);
    src.profile = RateProfile(ft.rate_per_day * rt.share, ft.hour_profile, ft.weekday_profile,
                              surges_for(static_cast<int>(k)), m_.calendar_);
    src.times = Rng(m_.seed_, m_.rep_, "arrivals/type=" + ft.id);
    src.attributes = Rng(m_.seed_, m_.rep_, "attributes/type=" + ft.id);
    src.alert_seed_base = engine::stream_seed(m_.seed_, m_.rep_, "alert/type=" + ft.id);
    src.end = m_.horizon_;
    rt.grade = engine::Categorical(std::vector<double>(ft.grade_mix.begin(), ft.grade_mix.end()));
    if (ft.language_weights.empty()) {
      rt.language = engine::Categorical(std::vector<double>{1.0});
      rt.language_codes.push_back(m_.language_code("zh"));
    } else {
      rt.language = engine::Categorical(ft.language_weights);
      for (const auto& l : ft.languages) rt.language_codes.push_back(m_.language_code(l));
    }
  }
  for (std::size_t i = 0; i < s.inbound.size(); ++i) {
    const auto& in = s.inbound[i];
    for (std::size_t d = 0; d < s.desks.size(); ++d) {
      if (s.desks[d].kind_index != in.desk_kind || !m_.owns_desk(static_cast<int>(d))) continue;
      InboundProcess p;
      p.profile = RateProfile(in.rate_per_day, in.hour_profile, in.weekday_profile,
                              inbound_surges(), m_.calendar_);
      p.times = Rng(m_.seed_, m_.rep_, "inbound/" + in.id + "/desk=" + s.desks[d].id);
      p.handling = Rng(m_.seed_, m_.rep_, "inbound-handling/" + in.id + "/desk=" + s.desks[d].id);
      p.source = static_cast<int>(i);
      p.desk = static_cast<int>(d);
      m_.inbound_.push_back(std::move(p));
    }
  }
  build_place_languages();
}

// Units in pre-order: a unit without a mix of its own inherits its parent's. Nothing is built
// when no unit declares a mix (the arrival handler then skips the lookup).
void Arrivals::build_place_languages() {
  const auto& s = m_.s_;
  const bool any = std::any_of(s.units.begin(), s.units.end(),
                               [](const scenario::UnitSpec& u) { return !u.language_mix.empty(); });
  if (!any) return;
  m_.unit_languages_.assign(s.units.size(), -1);
  for (std::size_t u = 0; u < s.units.size(); ++u) {
    const auto& unit = s.units[u];
    if (!unit.language_mix.empty()) {
      ModelState::PlaceLanguages place;
      place.mix = engine::Categorical(unit.language_mix_weights);
      for (const int id : unit.language_mix)
        place.codes.push_back(m_.language_code(s.languages[static_cast<std::size_t>(id)].code));
      m_.place_languages_.push_back(std::move(place));
      m_.unit_languages_[u] = static_cast<std::int32_t>(m_.place_languages_.size() - 1);
    } else if (unit.parent >= 0) {
      m_.unit_languages_[u] = m_.unit_languages_[static_cast<std::size_t>(unit.parent)];
    }
  }
}

// The probability of each leaf for a fraud type: `where` units by weight (the root if none),
// then down the tree by the children's weights. One alias table over the leaves makes the
// draw O(1), with one memory read instead of a cache miss per level of the tree. Types with
// the same `where` share one table: in the national scenario six types would otherwise keep
// six identical 440 KB tables, and the draw (a cache miss each) was a tenth of the run.
// A part's model keeps the part's leaves only, and their share of the type's mass.
void Arrivals::build_places(int type) {
  const auto& s = m_.s_;
  const auto& ft = s.fraud_types[type];
  FraudTypeRuntime& rt = m_.types_[type];
  for (int k = 0; k < type; ++k)
    if (s.fraud_types[k].where_units == ft.where_units &&
        s.fraud_types[k].where_weights == ft.where_weights) {
      rt.place = m_.types_[k].place;
      rt.share = m_.types_[k].share;
      return;
    }
  std::vector<double> mass(s.units.size(), 0.0);
  std::vector<int> start = ft.where_units;
  std::vector<double> weight = ft.where_weights;
  if (start.empty()) {
    start = {0};
    weight = {1.0};
  }
  double total = 0;
  for (double w : weight) total += w;
  std::vector<std::pair<int, double>> stack;
  for (std::size_t i = 0; i < start.size(); ++i) stack.emplace_back(start[i], weight[i] / total);
  while (!stack.empty()) {
    const auto [u, mss] = stack.back();
    stack.pop_back();
    const auto& unit = s.units[u];
    if (unit.children.empty()) {
      mass[u] += mss;
      continue;
    }
    double sum = 0;
    for (int c : unit.children) sum += s.units[c].weight;
    for (int c : unit.children) stack.emplace_back(c, mss * s.units[c].weight / sum);
  }
  std::vector<double> p;
  std::vector<std::uint32_t> leaves;
  double kept = 0;
  for (std::size_t u = 0; u < mass.size(); ++u)
    if (mass[u] > 0 && m_.owns_unit(static_cast<int>(u))) {
      leaves.push_back(static_cast<std::uint32_t>(u));
      p.push_back(mass[u]);
      kept += mass[u];
    }
  if (m_.part_) {
    double all = 0;
    for (double x : mass) all += x;
    rt.share = all > 0 ? kept / all : 0.0;
  }
  if (p.empty()) {
    rt.place = -1;  // no alert of this type falls in the part: its sources never start
    return;
  }
  m_.places_.emplace_back(p);
  m_.places_.back().relabel(leaves);
  rt.place = static_cast<int>(m_.places_.size() - 1);
}

void Arrivals::start() {
  for (std::size_t k = 0; k < m_.sources_.size(); ++k) schedule_arrival(static_cast<int>(k));
  for (std::size_t i = 0; i < m_.inbound_.size(); ++i) schedule_inbound(static_cast<int>(i));
}

void Arrivals::schedule_arrival(int k) {
  AlertSource& src = m_.sources_[k];
  if (m_.types_[src.fraud_type].place < 0) return;  // no share in the model's part
  const SimTime t = src.profile.next_arrival(m_.now(), src.times, src.end);
  if (t != engine::kTimeNever) m_.schedule_at(t, ArrivalEv{k}, kPhaseArrival);
}

void Arrivals::schedule_inbound(int i) {
  InboundProcess& p = m_.inbound_[i];
  const SimTime t = p.profile.next_arrival(m_.now(), p.times, m_.horizon_);
  if (t != engine::kTimeNever) m_.schedule_at(t, InboundEv{i}, kPhaseArrival);
}

void Arrivals::handle(ArrivalEv& ev) {
  AlertSource& src = m_.sources_[ev.source];
  const int k = src.fraud_type;
  const auto& ft = m_.s_.fraud_types[k];
  FraudTypeRuntime& rt = m_.types_[k];
  Rng& r = src.attributes;
  // Attribute draws in a fixed order from the source's own stream, so every variant of a
  // scenario sees the same alerts (common random numbers).
  AlertAttributes at;
  at.fraud_type = k;
  at.unit = static_cast<int>(m_.places_[rt.place].sample(r));
  // The community's row is read when the plan's first call or push is queued, after the
  // draws and the dispatcher: start fetching it now (a cache miss in a national run).
  __builtin_prefetch(m_.unit_row(at.unit));
  at.grade = static_cast<int>(rt.grade.sample(r)) + 1;
  at.amount = ft.amount.sample(r);
  at.time_to_loss = engine::duration_from_ms(ft.time_to_loss[at.grade - 1].sample(r));
  at.language = rt.language_codes[rt.language.sample(r)];
  if (!m_.unit_languages_.empty()) {
    // The place's mix replaces the type's; the type's draw above is still made, so the rest
    // of this stream (later alerts) is the same with or without place mixes.
    const std::int32_t p = m_.unit_languages_[static_cast<std::size_t>(at.unit)];
    if (p >= 0) {
      const auto& place = m_.place_languages_[static_cast<std::size_t>(p)];
      at.language = place.codes[place.mix.sample(r)];
    }
  }
  std::uint64_t seed_state = src.alert_seed_base + src.count++ * 0x9e3779b97f4a7c15ULL;
  m_.lifecycle.admit(at, Rng(engine::splitmix64(seed_state)));
  schedule_arrival(ev.source);
}

void Arrivals::handle(InboundEv& ev) {
  InboundProcess& p = m_.inbound_[ev.process];
  const int d = p.desk;
  m_.emit({.time = m_.now(), .kind = TraceKind::inbound_arrival, .desk = d});
  const std::int32_t t = m_.new_task(TaskKind::inbound);
  const auto& spec = m_.s_.inbound[static_cast<std::size_t>(p.source)];
  Task& task = m_.tasks_[t];
  task.where = d;
  task.inbound = ev.process;
  task.duration = engine::duration_from_ms(spec.handling.sample(p.handling));
  if (!spec.patience.is_zero()) {
    // The caller's patience, drawn as they call (after the handling time, so a scenario
    // without patience keeps its draws); if still waiting then, they hang up.
    task.serial = ++m_.task_serial_;
    const Duration patience = engine::duration_from_ms(spec.patience.sample(p.handling));
    m_.schedule_in(patience, InboundPatienceEv{t, task.serial}, kPhaseTimer);
  }
  m_.desks.enqueue_at_desk(d, t, spec.priority);
  schedule_inbound(ev.process);
}

void Arrivals::add_surge(const std::vector<int>& fraud_types, double multiplier, SimTime end,
                         std::uint64_t n) {
  const auto& s = m_.s_;
  const std::string prefix = "inject/" + std::to_string(n) + "/";
  for (std::size_t k = 0; k < s.fraud_types.size(); ++k) {
    if (!fraud_types.empty() &&
        std::find(fraud_types.begin(), fraud_types.end(), static_cast<int>(k)) == fraud_types.end())
      continue;
    const auto& ft = s.fraud_types[k];
    AlertSource src;
    src.fraud_type = static_cast<int>(k);
    const FraudTypeRuntime& rt = m_.types_[k];
    src.profile = RateProfile(ft.rate_per_day * (multiplier - 1) * rt.share, ft.hour_profile,
                              ft.weekday_profile, surges_for(static_cast<int>(k)), m_.calendar_);
    src.times = Rng(m_.seed_, m_.rep_, prefix + "arrivals/type=" + ft.id);
    src.attributes = Rng(m_.seed_, m_.rep_, prefix + "attributes/type=" + ft.id);
    src.alert_seed_base = engine::stream_seed(m_.seed_, m_.rep_, prefix + "alert/type=" + ft.id);
    src.end = std::min(end, m_.horizon_);
    m_.sources_.push_back(std::move(src));
    schedule_arrival(static_cast<int>(m_.sources_.size() - 1));
  }
}

}  // namespace hotline::model::detail
