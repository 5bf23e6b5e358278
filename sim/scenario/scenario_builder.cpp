#include "scenario_builder.hpp"

#include "patch.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

#include "hotline/scenario/loader.hpp"

namespace hotline::scenario::detail {

namespace {

constexpr std::array<const char*, 7> kDayNames = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::array<const char*, 7> kDayTitles = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

std::string hhmm(int minute_of_day) {
  return fmt::format("{:02}:{:02}", minute_of_day / 60, minute_of_day % 60);
}

// "Tue 02:00-06:00", "Tue 22:00-Wed 06:00"; `end` exclusive, may exceed the week (wraps).
std::string week_range(int start, int end) {
  constexpr int kDay = 24 * 60, kWeek = 7 * kDay;
  const int d0 = start / kDay;
  if ((end - 1) / kDay == d0)
    return fmt::format("{} {}-{}", kDayTitles[d0], hhmm(start % kDay), hhmm(end - d0 * kDay));
  const int e = end % kWeek;
  return fmt::format("{} {}-{} {}", kDayTitles[d0], hhmm(start % kDay), kDayTitles[e / kDay],
                     hhmm(e % kDay));
}

// Minutes a shift starting at start lasts (end <= start: next day; equal: 24 h).
int shift_length(int start, int end) {
  return end > start ? end - start : end + 24 * 60 - start;
}

std::string join(const std::vector<std::string>& v, std::size_t max = 12) {
  std::string out;
  for (std::size_t i = 0; i < v.size() && i < max; ++i) out += (i ? ", " : "") + v[i];
  if (v.size() > max) out += ", ...";
  return out;
}

// "2021-09-06T14:00", with ":SS" only when the seconds are not zero.
std::string civil_text(const engine::CivilTime& c) {
  std::string s =
      fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}", c.year, c.month, c.day, c.hour, c.minute);
  if (c.second != 0) s += fmt::format(":{:02}", c.second);
  return s;
}

// The key node of `key` in a map, for messages about the key itself.
std::optional<YAML::Node> key_node(const YAML::Node& map, std::string_view key) {
  if (map.IsMap())
    for (const auto& kv : map)
      if (kv.first.Scalar() == key) return kv.first;
  return std::nullopt;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The range the key table declares for a key.
ValueRange range(std::string_view section, std::string_view key) {
  return value_range(key_info(section, key));
}

}  // namespace

double ScenarioBuilder::rate(const YAML::Node& n) {
  const double v = r_.positive(n, "rate_per_day");  // the limit's own message follows
  if (v > kMaxRatePerDay)
    r_.fail(n, fmt::format("rate_per_day {} is above the limit of {:.0f} a day (a national year "
                           "is about 110,000 alerts a day)",
                           v, kMaxRatePerDay));
  return v;
}

Scenario ScenarioBuilder::build() {
  if (!root_.IsDefined() || root_.IsNull()) r_.fail_at_start("the scenario is empty");
  r_.check_map(root_, "root", "the scenario");
  const YAML::Node meta = r_.get(root_, "root", "scenario");
  if (Reader::present(meta)) r_.check_map(meta, "scenario", "scenario");
  s_.name = r_.string(r_.get(meta, "scenario", "name"), "name");
  s_.description = r_.string(r_.get(meta, "scenario", "description"), "description");
  s_.seed = static_cast<std::uint64_t>(r_.get_integer(root_, "root", "seed"));
  s_.split = r_.boolean(r_.get(root_, "root", "split"), "split");
  read_clock();
  read_levels();
  langs_.declare(r_.get(root_, "root", "languages"));
  read_units();
  read_desks();
  read_fraud_types();
  read_call_times();
  read_surges();
  read_inbound();
  read_robot_sms();
  read_dissuasion();
  read_rules();
  read_injects();
  read_reporting();
  read_costs();
  read_training();
  check_total_rate();
  s_.languages = langs_.languages();
  return std::move(s_);
}

void ScenarioBuilder::read_clock() {
  const YAML::Node c = r_.get(root_, "root", "clock");
  r_.check_map(c, "clock", "clock");
  s_.clock.start = r_.civil_time(r_.get(c, "clock", "start"), "start");
  const YAML::Node h = r_.get(c, "clock", "horizon");
  s_.clock.horizon = r_.duration(h, "horizon");
  if (s_.clock.horizon.count() <= 0) r_.fail(h, "'horizon' must be > 0");
  // Outputs write four-digit years: a run must end by 9999-12-31T24:00.
  const engine::Calendar cal(s_.clock.start);
  const engine::CivilTime year_after{kMaxYear + 1, 1, 1, 0, 0, 0};
  if (cal.to_sim(year_after) < engine::kTimeZero + s_.clock.horizon)
    r_.fail(h, fmt::format("the run would end in the year {} ({} + {}); a run must end by "
                           "{}-12-31T24:00, since outputs write four-digit years (shorten "
                           "'horizon' or start earlier)",
                           cal.to_civil(engine::kTimeZero + s_.clock.horizon).year,
                           civil_text(s_.clock.start), h.Scalar(), kMaxYear));
  const YAML::Node w = r_.get(c, "clock", "warmup");
  s_.clock.warmup = r_.duration(w, "warmup");
  if (s_.clock.warmup >= s_.clock.horizon)
    r_.fail(w, fmt::format("warmup ({}) must be shorter than the horizon ({})", w.Scalar(),
                           h.Scalar()));
}

void ScenarioBuilder::read_levels() {
  const YAML::Node n = r_.get(root_, "root", "levels");
  r_.expect_sequence(n, "levels");
  if (n.size() == 0) r_.fail(n, "'levels' must name at least one level");
  for (const YAML::Node& item : n) {
    const std::string name = r_.identifier(item, "levels");
    if (!level_index_.emplace(name, static_cast<int>(s_.levels.size())).second)
      r_.fail(item, fmt::format("level '{}' is listed twice", name));
    s_.levels.push_back(name);
  }
}

std::vector<std::string> ScenarioBuilder::unit_ids_for_hints() const {
  std::vector<std::string> v;  // only for small trees: suggestions would cost too much
  if (s_.units.size() <= 2000)
    for (const auto& u : s_.units) v.push_back(u.id);
  return v;
}

void ScenarioBuilder::read_call_times() {
  const auto types = type_ids();
  for (const auto& [kind, list] : call_time_nodes_) {
    std::vector<HandlingSpec::CallTime> times;
    for (const YAML::Node& n : list) {
      r_.check_map(n, "call_time", "an entry of call_answered_by");
      HandlingSpec::CallTime ct;
      const YAML::Node grades = r_.get(n, "call_time", "grades");
      r_.expect_sequence(grades, "grades");
      for (const YAML::Node& g : grades)
        ct.grades.push_back(
            static_cast<int>(r_.integer(g, "grades", range("call_time", "grades"))));
      const YAML::Node tl = r_.get(n, "call_time", "fraud_types");
      r_.expect_sequence(tl, "fraud_types");
      for (const YAML::Node& t : tl)
        ct.fraud_types.push_back(lookup(type_index_, t, "fraud type", types));
      ct.call_answered =
          r_.distribution(r_.get(n, "call_time", "call_answered"), "call_answered", true);
      times.push_back(std::move(ct));
    }
    for (DeskSpec& d : s_.desks)
      if (d.kind_index == kind) d.handling.call_answered_by = times;
  }
}

std::vector<std::string> ScenarioBuilder::type_ids() const {
  std::vector<std::string> v;
  for (const auto& t : s_.fraud_types) v.push_back(t.id);
  return v;
}

int ScenarioBuilder::lookup(const std::unordered_map<std::string, int>& index,
                            const YAML::Node& ref, std::string_view what,
                            const std::vector<std::string>& names) {
  const std::string id = r_.string(ref, what);
  const auto it = index.find(id);
  if (it != index.end()) return it->second;
  // Suggestions cost an edit distance per candidate: skip them for huge sets (units).
  std::string hint = names.size() <= 2000 ? suggestion(id, names) : "";
  if (hint.empty() && !names.empty() && names.size() <= 12)
    hint = fmt::format(" (known: {})", join(names));
  r_.fail(ref, fmt::format("unknown {} '{}'{}", what, id, hint));
}

// ---------------------------------------------------------------- organisation

void ScenarioBuilder::check_officers_node(const YAML::Node& n) {
  if (Reader::present(n)) r_.check_map(n, "officers", "officers");
}

OfficerSpec ScenarioBuilder::resolve_officers(const OfficerSources& src, const YAML::Node& at,
                                              const std::string& unit_id) {
  // Each field separately: the unit's own, else its generate block's, else community_defaults.
  const auto pick = [&](std::string_view key) {
    for (const YAML::Node* n : {&src.own, &src.generated, &src.defaults}) {
      const YAML::Node v = Reader::find(*n, key);
      if (Reader::present(v)) return v;
    }
    return r_.get(YAML::Node(), "officers", key);
  };
  OfficerSpec o;
  o.count = static_cast<int>(r_.integer(pick("count"), "count", range("officers", "count")));
  o.availability = r_.probability(pick("availability"), "availability");
  o.find_prob = r_.probability(pick("find_prob"), "find_prob");
  if (const YAML::Node cover = pick("cover"); Reader::present(cover)) {
    r_.check_map(cover, "officers_cover", "officers.cover");
    const YAML::Node after = r_.get(cover, "officers_cover", "after");
    o.cover_after = r_.duration(after, "after");
    if (o.cover_after.count() < 0) r_.fail(after, "officers.cover: 'after' must be >= 0");
    o.cover_travel_factor = r_.get_number(cover, "officers_cover", "travel_factor");
  }
  if (const YAML::Node night = pick("night"); Reader::present(night)) {
    r_.check_map(night, "officers_night", "officers.night");
    o.night_from = r_.time_of_day(r_.get(night, "officers_night", "from"), "from");
    o.night_to = r_.time_of_day(r_.get(night, "officers_night", "to"), "to");
    if (o.night_from == o.night_to)
      r_.fail(night,
              "officers.night: 'from' and 'to' are the same time (a night of 0 or 24 h; "
              "set availability instead)");
    o.night_availability =
        r_.probability(r_.get(night, "officers_night", "availability"), "availability");
  }
  for (const char* key : {"travel_time", "visit_duration"}) {
    const YAML::Node v = pick(key);
    if (!Reader::present(v)) {
      if (o.count > 0)
        r_.fail(at,
                fmt::format("unit '{}' has officers (count {}) but no {} (set officers.{} on the "
                            "unit, its generate block or community_defaults)",
                            unit_id, o.count, key, key));
      continue;
    }
    (std::string_view(key) == "travel_time" ? o.travel_time : o.visit_duration) =
        r_.distribution(v, key, true);
  }
  return o;
}

int ScenarioBuilder::register_unit(const std::string& id, const YAML::Node& at) {
  const int index = static_cast<int>(s_.units.size());
  if (index >= kMaxUnits)
    r_.fail(at, fmt::format("the organisation has more than {} units (the limit for the whole "
                            "tree, listed and generated units together)",
                            kMaxUnits));
  const auto [it, fresh] = unit_index_.emplace(id, index);
  if (!fresh) {
    const YAML::Mark m = unit_nodes_[static_cast<std::size_t>(it->second)].Mark();
    r_.fail(at,
            fmt::format("duplicate unit id '{}' (first at {}:{})", id, m.line + 1, m.column + 1));
  }
  return index;
}

void ScenarioBuilder::read_units() {
  community_defaults_.reset(r_.get(root_, "root", "community_defaults"));
  if (Reader::present(community_defaults_)) {
    r_.check_map(community_defaults_, "community_defaults", "community_defaults");
    community_defaults_.reset(r_.get(community_defaults_, "community_defaults", "officers"));
    check_officers_node(community_defaults_);
  }
  add_unit(r_.get(root_, "root", "organisation"), -1, 0);
  for (const UnitSpec& u : s_.units) any_officers_ = any_officers_ || u.officers.count > 0;
}

void ScenarioBuilder::add_unit(const YAML::Node& n, int parent, int level) {
  const YAML::Node id_node = Reader::find(n, "id");
  const std::string what = id_node.IsScalar() ? fmt::format("unit '{}'", id_node.Scalar())
                                              : std::string(parent < 0 ? "organisation" : "unit");
  r_.check_map(n, "unit", what);
  const std::string id = r_.identifier(r_.get(n, "unit", "id"), "id");
  const int index = register_unit(id, id_node);
  unit_nodes_.push_back(n);
  s_.units.emplace_back();
  {
    UnitSpec& u = s_.units.back();
    u.id = id;
    const YAML::Node name = r_.get(n, "unit", "name");
    u.name = Reader::present(name) ? r_.string(name, "name") : id;
    u.level = level;
    u.parent = parent;
    u.weight = r_.get_number(n, "unit", "weight");
    const YAML::Node mix = r_.get(n, "unit", "language_mix");
    if (Reader::present(mix)) {
      double share = 0;
      for (const auto& [code, w] : r_.weight_map(mix, "language_mix", closed(0, 1))) {
        const int lang = language_id(code.Scalar(), code);
        if (std::find(u.language_mix.begin(), u.language_mix.end(), lang) != u.language_mix.end())
          r_.fail(code, fmt::format("language '{}' is listed twice", code.Scalar()));
        u.language_mix.push_back(lang);
        u.language_mix_weights.push_back(w);
        share += w;
      }
      if (u.language_mix.empty()) r_.fail(mix, "'language_mix' must name at least one language");
      if (std::fabs(share - 1) > 1e-6)
        r_.fail(mix, fmt::format("language shares of unit '{}' sum to {:.6g}, not 1", id, share));
    }
  }
  if (parent >= 0) s_.units[static_cast<std::size_t>(parent)].children.push_back(index);

  const YAML::Node children = r_.get(n, "unit", "children");
  const YAML::Node gen = r_.get(n, "unit", "generate");
  const YAML::Node officers = r_.get(n, "unit", "officers");
  check_officers_node(officers);
  const int last = static_cast<int>(s_.levels.size()) - 1;
  if (Reader::present(children) && Reader::present(gen))
    r_.fail(gen, fmt::format("unit '{}' has both children and generate (use one)", id));
  const bool has_children = Reader::present(children) || Reader::present(gen);
  if (has_children && level == last)
    r_.fail(Reader::present(children) ? children : gen,
            fmt::format("unit '{}' is at the last level '{}' and cannot have children (levels: "
                        "{})",
                        id, s_.levels[static_cast<std::size_t>(last)], join(s_.levels)));
  if (!has_children && level != last)
    r_.fail(id_node, fmt::format("unit '{}' is a leaf at level '{}', but leaves must be at the "
                                 "last level '{}' (add children or generate, or change levels)",
                                 id, s_.levels[static_cast<std::size_t>(level)],
                                 s_.levels[static_cast<std::size_t>(last)]));
  if (has_children && Reader::present(officers))
    r_.fail(officers, fmt::format("unit '{}' has children; officers belong to leaf units", id));

  if (Reader::present(children)) {
    r_.expect_sequence(children, "children");
    if (children.size() == 0)
      r_.fail(children, fmt::format("unit '{}' has an empty children list", id));
    for (const YAML::Node& c : children) add_unit(c, index, level + 1);
  } else if (Reader::present(gen)) {
    add_generated(gen, index, level + 1);
  } else {
    s_.units[static_cast<std::size_t>(index)].officers =
        resolve_officers({officers, YAML::Node(), community_defaults_}, id_node, id);
  }
  s_.units[static_cast<std::size_t>(index)].subtree_size =
      static_cast<int>(s_.units.size()) - index;
}

void ScenarioBuilder::add_generated(const YAML::Node& gen, int parent, int level) {
  const std::string parent_id = s_.units[static_cast<std::size_t>(parent)].id;
  const std::string parent_name = s_.units[static_cast<std::size_t>(parent)].name;
  r_.check_map(gen, "generate", fmt::format("generate of unit '{}'", parent_id));
  // Generated units are leaves, so they must land on the last level, like any leaf.
  const int last = static_cast<int>(s_.levels.size()) - 1;
  if (level != last)
    r_.fail(gen, fmt::format("generate under unit '{}' makes leaves at level '{}', but leaves "
                             "must be at the last level '{}' (generate only under units of "
                             "level '{}', or change levels)",
                             parent_id, s_.levels[static_cast<std::size_t>(level)],
                             s_.levels[static_cast<std::size_t>(last)],
                             s_.levels[static_cast<std::size_t>(last - 1)]));
  const int count = static_cast<int>(r_.get_integer(gen, "generate", "count"));
  // The limit holds for the whole tree: checked before the children are made, so that 30
  // blocks of 100,000 cost nothing.
  if (s_.units.size() + static_cast<std::size_t>(count) > static_cast<std::size_t>(kMaxUnits))
    r_.fail(Reader::find(gen, "count"),
            fmt::format("generate of unit '{}' would bring the organisation to {} units, above "
                        "the limit of {} for the whole tree (listed and generated units "
                        "together, over all generate blocks)",
                        parent_id, s_.units.size() + static_cast<std::size_t>(count), kMaxUnits));
  const std::string prefix = r_.identifier(r_.get(gen, "generate", "prefix"), "prefix");
  const std::string name_template = r_.string(r_.get(gen, "generate", "name"), "name");
  std::vector<double> weights(static_cast<std::size_t>(count), 1.0);
  const YAML::Node wn = r_.get(gen, "generate", "weights");
  if (Reader::present(wn)) {
    r_.expect_sequence(wn, "weights");
    if (wn.size() != static_cast<std::size_t>(count))
      r_.fail(wn, fmt::format("generate has count {} but {} weights", count, wn.size()));
    for (std::size_t i = 0; i < wn.size(); ++i)
      weights[i] = r_.number(wn[i], "weights", range("generate", "weights"));
  }
  const YAML::Node officers = r_.get(gen, "generate", "officers");
  check_officers_node(officers);
  const OfficerSpec o =
      resolve_officers({YAML::Node(), officers, community_defaults_}, Reader::find(gen, "count"),
                       parent_id + "/" + prefix + "1");
  // The name template is split once; {n} and {parent} are the only substitutions.
  for (int k = 1; k <= count; ++k) {
    const std::string id = fmt::format("{}/{}{}", parent_id, prefix, k);
    const int index = register_unit(id, gen);
    unit_nodes_.push_back(gen);
    UnitSpec u;
    u.id = id;
    u.name.reserve(name_template.size() + parent_name.size());
    for (std::size_t i = 0; i < name_template.size();) {
      if (name_template.compare(i, 3, "{n}") == 0) {
        u.name += std::to_string(k);
        i += 3;
      } else if (name_template.compare(i, 8, "{parent}") == 0) {
        u.name += parent_name;
        i += 8;
      } else {
        u.name += name_template[i++];
      }
    }
    u.level = level;
    u.parent = parent;
    u.weight = weights[static_cast<std::size_t>(k - 1)];
    u.officers = o;
    s_.units.push_back(std::move(u));
    s_.units[static_cast<std::size_t>(parent)].children.push_back(index);
  }
}

// ---------------------------------------------------------------- desks

std::array<bool, 7> ScenarioBuilder::read_days(const YAML::Node& n) {
  std::array<bool, 7> days{};
  if (n.IsScalar()) {
    const std::string& s = n.Scalar();
    if (s == "all")
      days.fill(true);
    else if (s == "weekdays")
      days = {true, true, true, true, true, false, false};
    else if (s == "weekend")
      days = {false, false, false, false, false, true, true};
    else
      r_.fail(n, fmt::format("expected all, weekdays, weekend or a list of days for 'days', got "
                             "'{}'",
                             s));
    return days;
  }
  r_.expect_sequence(n, "days");
  if (n.size() == 0) r_.fail(n, "'days' is empty (a shift needs at least one day)");
  for (const YAML::Node& d : n) {
    const std::string name = r_.string(d, "days");
    const auto it = std::find(kDayNames.begin(), kDayNames.end(), name);
    if (it == kDayNames.end())
      r_.fail(d, fmt::format("unknown day '{}' (use mon, tue, wed, thu, fri, sat, sun)", name));
    bool& slot = days[static_cast<std::size_t>(it - kDayNames.begin())];
    if (slot) r_.fail(d, fmt::format("day '{}' is listed twice", name));
    slot = true;
  }
  return days;
}

void ScenarioBuilder::read_desks() {
  const YAML::Node list = r_.get(root_, "root", "desks");
  r_.expect_sequence(list, "desks");
  std::vector<int> receiver(s_.units.size(), -1);  // desk kind receiving pushes, per unit
  std::vector<YAML::Node> receiver_node(s_.units.size());
  for (const YAML::Node& n : list) {
    const YAML::Node id_node = Reader::find(n, "id");
    const std::string what =
        id_node.IsScalar() ? fmt::format("desk '{}'", id_node.Scalar()) : std::string("desk");
    r_.check_map(n, "desk", what);
    const std::string kind = r_.identifier(r_.get(n, "desk", "id"), "id");
    const int kind_index = static_cast<int>(s_.desk_kinds.size());
    if (!kind_index_.emplace(kind, kind_index).second)
      r_.fail(id_node, fmt::format("duplicate desk id '{}'", kind));
    s_.desk_kinds.push_back(kind);

    const YAML::Node unit_node = r_.get(n, "desk", "unit");
    const YAML::Node each_node = r_.get(n, "desk", "each");
    if (Reader::present(unit_node) == Reader::present(each_node))
      r_.fail(id_node,
              fmt::format("desk '{}' needs exactly one of 'unit: ID' or 'each: LEVEL'", kind));
    DeskSpec proto;
    proto.kind = kind;
    proto.kind_index = kind_index;
    proto.receives_pushes = r_.boolean(r_.get(n, "desk", "receives_pushes"), "receives_pushes");
    proto.queue_limit = static_cast<int>(r_.get_integer(n, "desk", "queue_limit"));
    const YAML::Node fallback = r_.get(n, "desk", "language_fallback");
    proto.language_fallback = r_.duration(fallback, "language_fallback");
    const YAML::Node langs = r_.get(n, "desk", "languages");
    proto.languages = r_.string_list(langs, "languages");
    if (proto.languages.empty()) r_.fail(langs, "'languages' must name at least one language");
    for (std::size_t i = 0; i < proto.languages.size(); ++i) {
      const std::string& code = proto.languages[i];
      if (std::find(proto.languages.begin(), proto.languages.begin() + static_cast<long>(i),
                    code) != proto.languages.begin() + static_cast<long>(i))
        r_.fail(langs[i], fmt::format("language '{}' is listed twice in desk '{}'", code, kind));
      language_id(code, langs[i]);
    }
    const YAML::Node h = r_.get(n, "desk", "handling");
    r_.check_map(h, "handling", fmt::format("handling of desk '{}'", kind));
    proto.handling.call_answered =
        r_.distribution(r_.get(h, "handling", "call_answered"), "call_answered", true);
    proto.handling.call_unanswered =
        r_.distribution(r_.get(h, "handling", "call_unanswered"), "call_unanswered", true);
    proto.handling.push = r_.distribution(r_.get(h, "handling", "push"), "push", true);
    for (const char* key : {"after_call", "after_push", "after_inbound"}) {
      Distribution& d = std::string_view(key) == "after_call"   ? proto.handling.after_call
                        : std::string_view(key) == "after_push" ? proto.handling.after_push
                                                                : proto.handling.after_inbound;
      d = r_.distribution(r_.get(h, "handling", key), key, true);
    }
    // By grade and fraud type: resolved once the fraud types are known (read_call_times).
    const YAML::Node by = r_.get(h, "handling", "call_answered_by");
    r_.expect_sequence(by, "call_answered_by");
    if (by.size() > 0) call_time_nodes_.emplace_back(kind_index, by);

    const YAML::Node roster = r_.get(n, "desk", "roster");
    KindInfo info{n, roster, std::vector<int>(kWeekMinutes, 0), false, false};
    read_roster(roster, proto, kind, info.staff);
    kinds_.push_back(std::move(info));
    s_.kind_rosters.push_back({proto.shifts, proto.skill_sets});

    std::vector<int> at_units;
    if (Reader::present(unit_node)) {
      at_units.push_back(lookup(unit_index_, unit_node, "unit", {}));
    } else {
      const int level = lookup(level_index_, each_node, "level", s_.levels);
      for (std::size_t u = 0; u < s_.units.size(); ++u)
        if (s_.units[u].level == level) at_units.push_back(static_cast<int>(u));
    }
    if (s_.desks.size() + at_units.size() > static_cast<std::size_t>(kMaxDeskInstances))
      r_.fail(Reader::present(unit_node) ? unit_node : each_node,
              fmt::format("desk '{}' would bring the scenario to {} desk instances, above the "
                          "limit of {} (an `each:` desk has one instance per unit of its level)",
                          kind, s_.desks.size() + at_units.size(), kMaxDeskInstances));
    roster_entries_ += at_units.size() * (proto.shifts.size() + proto.languages.size());
    if (roster_entries_ > static_cast<std::size_t>(kMaxDeskRosterEntries))
      r_.fail(Reader::present(unit_node) ? roster : each_node,
              fmt::format("desk '{}' copies its shifts ({}) and language codes ({}) to each of "
                          "its {} instances: {} shifts and codes over all desk instances, above "
                          "the limit of {} (fewer instances or shorter rosters)",
                          kind, proto.shifts.size(), proto.languages.size(), at_units.size(),
                          roster_entries_, kMaxDeskRosterEntries));
    const auto instances = read_instances(n, kind, at_units, Reader::present(unit_node));
    for (int u : at_units) {
      DeskSpec d = proto;
      const auto inst = instances.find(u);
      if (inst != instances.end()) apply_instance(d, roster, inst->second, kind);
      d.unit = u;
      d.id = Reader::present(unit_node)
                 ? kind
                 : fmt::format("{}:{}", s_.units[static_cast<std::size_t>(u)].id, kind);
      if (d.receives_pushes) {
        int& rec = receiver[static_cast<std::size_t>(u)];
        if (rec >= 0)
          r_.fail(id_node, fmt::format("unit '{}' would have two desks receiving pushes, '{}' "
                                       "and '{}' (set receives_pushes: false on one)",
                                       s_.units[static_cast<std::size_t>(u)].id,
                                       s_.desk_kinds[static_cast<std::size_t>(rec)], kind));
        rec = kind_index;
      }
      s_.desks.push_back(std::move(d));
    }
  }
}

void ScenarioBuilder::require_staff(int kind, const std::string& why) {
  KindInfo& k = kinds_[static_cast<std::size_t>(kind)];
  // Checked once per desk kind: thousands of call steps to one desk cost one check.
  if (k.staffed_checked) return;
  const std::vector<int>& st = k.staff;
  int gap = -1;
  for (int m = 0; m < kWeekMinutes && gap < 0; ++m)
    if (st[static_cast<std::size_t>(m)] == 0 &&
        st[static_cast<std::size_t>((m + kWeekMinutes - 1) % kWeekMinutes)] > 0)
      gap = m;
  const std::string& id = s_.desk_kinds[static_cast<std::size_t>(kind)];
  if (gap < 0) {
    if (st[0] > 0) {
      k.staffed_checked = true;
      return;
    }
    r_.fail(k.roster, fmt::format("desk '{}' has no staff at any time but {}", id, why));
  }
  int end = gap;
  while (st[static_cast<std::size_t>(end % kWeekMinutes)] == 0) ++end;
  r_.fail(k.roster,
          fmt::format("desk '{}' has no staff on {} but {}", id, week_range(gap, end), why));
}

void ScenarioBuilder::require_desk_above_every_leaf(int kind, const YAML::Node& at,
                                                    const std::string& who) {
  // Once per desk kind: O(units) each time would make many call steps quadratic.
  KindInfo& k = kinds_[static_cast<std::size_t>(kind)];
  if (k.covers_checked) return;
  std::vector<char> covered(s_.units.size(), 0);
  for (const DeskSpec& d : s_.desks)
    if (d.kind_index == kind) covered[static_cast<std::size_t>(d.unit)] = 1;
  for (std::size_t u = 0; u < s_.units.size(); ++u) {
    const UnitSpec& unit = s_.units[u];
    if (unit.parent >= 0 && covered[static_cast<std::size_t>(unit.parent)]) covered[u] = 1;
    if (unit.children.empty() && !covered[u])
      r_.fail(at, fmt::format("desk '{}' has no instance at {} '{}' or above it, but {} (put "
                              "the desk at the root or at every unit of a level above the "
                              "leaves)",
                              s_.desk_kinds[static_cast<std::size_t>(kind)],
                              s_.levels[static_cast<std::size_t>(unit.level)], unit.id, who));
  }
  k.covers_checked = true;
}

// ---------------------------------------------------------------- alert sources

void ScenarioBuilder::read_reporting() {
  const YAML::Node rep = r_.get(root_, "root", "reporting");
  if (Reader::present(rep)) r_.check_map(rep, "reporting", "reporting");
  const YAML::Node answer = r_.get(rep, "reporting", "answer_within");
  s_.reporting.answer_within = r_.duration(answer, "answer_within");
  if (s_.reporting.answer_within.count() <= 0) r_.fail(answer, "'answer_within' must be > 0");
  const YAML::Node reach = r_.get(rep, "reporting", "reach_within");
  if (Reader::present(reach)) r_.check_map(reach, "reach_within", "reporting.reach_within");
  for (int g = 0; g < kGrades; ++g) {
    const std::string key = std::to_string(g + 1);
    const YAML::Node n = r_.get(reach, "reach_within", key);
    const Duration d = r_.duration(n, "reach_within " + key);
    if (d.count() <= 0) r_.fail(n, fmt::format("'reach_within {}' must be > 0", key));
    s_.reporting.reach_within[static_cast<std::size_t>(g)] = d;
  }
  const YAML::Node list = r_.get(rep, "reporting", "intervals");
  if (!Reader::present(list)) return;  // the default intervals
  r_.expect_sequence(list, "intervals");
  s_.reporting.intervals.clear();
  if (list.size() == 0) r_.fail(list, "'intervals' is empty (remove it for the default)");
  std::array<int, 24 * 60> owner;
  owner.fill(-1);
  for (const YAML::Node& n : list) {
    r_.check_map(n, "interval", "an interval of reporting.intervals");
    IntervalSpec iv;
    iv.name = r_.identifier(r_.get(n, "interval", "name"), "name");
    for (const IntervalSpec& other : s_.reporting.intervals)
      if (other.name == iv.name)
        r_.fail(n["name"], fmt::format("two intervals are named '{}'", iv.name));
    iv.start_minute = r_.time_of_day(r_.get(n, "interval", "start"), "start");
    iv.end_minute = r_.time_of_day(r_.get(n, "interval", "end"), "end");
    const int me = static_cast<int>(s_.reporting.intervals.size());
    const int len = shift_length(iv.start_minute, iv.end_minute);
    for (int k = 0; k < len; ++k) {
      int& o = owner[static_cast<std::size_t>((iv.start_minute + k) % (24 * 60))];
      if (o >= 0)
        r_.fail(n, fmt::format("intervals '{}' and '{}' overlap",
                               s_.reporting.intervals[static_cast<std::size_t>(o)].name, iv.name));
      o = me;
    }
    s_.reporting.intervals.push_back(std::move(iv));
  }
  for (int m = 0; m < 24 * 60; ++m)
    if (owner[static_cast<std::size_t>(m)] < 0)
      r_.fail(list, fmt::format("the intervals leave {:02}:{:02} uncovered: together they must "
                                "cover the whole day",
                                m / 60, m % 60));
}

// `instances:` of an `each:` desk: unit index -> the instance's node.
std::unordered_map<int, YAML::Node> ScenarioBuilder::read_instances(
    const YAML::Node& n, const std::string& kind, const std::vector<int>& at_units, bool single) {
  std::unordered_map<int, YAML::Node> out;
  const YAML::Node list = r_.get(n, "desk", "instances");
  r_.expect_sequence(list, "instances");
  if (list.size() == 0) return out;
  if (single)
    r_.fail(list, fmt::format("desk '{}' is one desk at one unit: change its own keys; "
                              "'instances' is for a desk with 'each: LEVEL'",
                              kind));
  for (const YAML::Node& in : list) {
    r_.check_map(in, "desk_instance", fmt::format("an instance of desk '{}'", kind));
    const YAML::Node unit_node = r_.get(in, "desk_instance", "unit");
    const int unit = lookup(unit_index_, unit_node, "unit", unit_ids_for_hints());
    if (std::find(at_units.begin(), at_units.end(), unit) == at_units.end())
      r_.fail(unit_node,
              fmt::format("unit '{}' has no instance of desk '{}' (its instances are at level "
                          "'{}', e.g. '{}')",
                          unit_node.Scalar(), kind,
                          s_.levels[static_cast<std::size_t>(
                              s_.units[static_cast<std::size_t>(at_units.front())].level)],
                          s_.units[static_cast<std::size_t>(at_units.front())].id));
    if (!out.emplace(unit, in).second)
      r_.fail(unit_node, fmt::format("unit '{}' has two instance entries in desk '{}' (merge "
                                     "them into one)",
                                     unit_node.Scalar(), kind));
  }
  return out;
}

// One instance's changes over its kind's: queue limit, fallback wait, and shifts merged by name.
void ScenarioBuilder::apply_instance(DeskSpec& d, const YAML::Node& kind_roster,
                                     const YAML::Node& in, const std::string& kind) {
  const YAML::Node ql = r_.get(in, "desk_instance", "queue_limit");
  if (Reader::present(ql))
    d.queue_limit = static_cast<int>(r_.integer(ql, "queue_limit", range("desk", "queue_limit")));
  const YAML::Node fb = r_.get(in, "desk_instance", "language_fallback");
  if (Reader::present(fb)) d.language_fallback = r_.duration(fb, "language_fallback");
  const YAML::Node shifts = r_.get(in, "desk_instance", "roster");
  r_.expect_sequence(shifts, "roster");
  if (shifts.size() == 0) return;
  for (const YAML::Node& is : shifts)
    r_.check_map(is, "instance_shift", fmt::format("a shift of an instance of desk '{}'", kind));
  YAML::Node merged(YAML::NodeType::Sequence);
  std::vector<bool> used(shifts.size(), false);
  for (const YAML::Node& ks : kind_roster) {
    const std::string name = Reader::find(ks, "name").Scalar();
    YAML::Node item = ks;
    for (std::size_t j = 0; j < shifts.size(); ++j) {
      const YAML::Node& is = shifts[j];
      if (Reader::find(is, "name").Scalar() != name) continue;
      if (used[j])
        r_.fail(Reader::find(is, "name"),
                fmt::format("shift '{}' is changed twice in one instance", name));
      used[j] = true;
      item = merged_map(ks, is, r_);
    }
    merged.push_back(item);
  }
  for (std::size_t j = 0; j < shifts.size(); ++j)
    if (!used[j]) merged.push_back(shifts[j]);
  r_.locate_as(merged, shifts);
  d.shifts.clear();
  d.skill_sets.clear();
  d.own_roster = true;
  std::vector<int> staff(kWeekMinutes, 0);
  read_roster(merged, d, kind, staff);
  // The kind's staffing checks hold for every instance: keep the least staff at each minute.
  auto& kind_staff = kinds_.back().staff;
  for (std::size_t m = 0; m < kind_staff.size(); ++m)
    kind_staff[m] = std::min(kind_staff[m], staff[m]);
}

// A desk's roster: its shifts (checked for overlaps), their staff by skill set, breaks,
// shrinkage and handover. `staff` gets the headcount per minute of the week.
void ScenarioBuilder::read_roster(const YAML::Node& roster, DeskSpec& proto,
                                  const std::string& kind, std::vector<int>& staff) {
  r_.expect_sequence(roster, "roster");
  if (roster.size() == 0)
    r_.fail(roster, fmt::format("desk '{}' has an empty roster (add at least one shift)", kind));
  std::vector<int> owner(kWeekMinutes, -1);
  std::set<std::string> shift_names;  // a set: thousands of shifts must not cost n^2
  for (const YAML::Node& sn : roster) {
    r_.check_map(sn, "shift", fmt::format("a shift of desk '{}'", kind));
    ShiftSpec sh;
    sh.name = r_.identifier(r_.get(sn, "shift", "name"), "name");
    if (!shift_names.insert(sh.name).second)
      r_.fail(Reader::find(sn, "name"),
              fmt::format("desk '{}' has two shifts named '{}'", kind, sh.name));
    sh.days = read_days(r_.get(sn, "shift", "days"));
    sh.start_minute = r_.time_of_day(r_.get(sn, "shift", "start"), "start");
    sh.end_minute = r_.time_of_day(r_.get(sn, "shift", "end"), "end");
    read_staff(sn, sh, proto, kind);
    const int me = static_cast<int>(proto.shifts.size());
    const int len = shift_length(sh.start_minute, sh.end_minute);
    const YAML::Node breaks = r_.get(sn, "shift", "breaks");
    r_.expect_sequence(breaks, "breaks");
    for (const YAML::Node& bn : breaks) {
      r_.check_map(bn, "break", fmt::format("a break of shift '{}' of desk '{}'", sh.name, kind));
      BreakSpec b;
      const YAML::Node start = r_.get(bn, "break", "start");
      b.start_minute = r_.time_of_day(start, "start");
      const YAML::Node for_node = r_.get(bn, "break", "for");
      const Duration length = r_.duration(for_node, "for");
      if (length.count() <= 0 || length.count() % 60'000 != 0)
        r_.fail(for_node, "a break lasts a whole number of minutes, more than 0 (e.g. 30min)");
      b.minutes = static_cast<int>(length.count() / 60'000);
      const YAML::Node ops = r_.get(bn, "break", "operators");
      b.operators = static_cast<int>(r_.get_integer(bn, "break", "operators"));
      if (b.operators > sh.headcount)
        r_.fail(ops, fmt::format("the break takes {} operators but shift '{}' has {}", b.operators,
                                 sh.name, sh.headcount));
      const int offset = sh.minutes_in(b.start_minute);
      if (offset + b.minutes > len)
        r_.fail(start, fmt::format("the break ({} for {} min) does not fit inside shift '{}' "
                                   "({:02}:{:02}-{:02}:{:02})",
                                   start.Scalar(), b.minutes, sh.name, sh.start_minute / 60,
                                   sh.start_minute % 60, sh.end_minute / 60, sh.end_minute % 60));
      sh.breaks.push_back(b);
    }
    add_shrinkage(sn, sh, kind);
    for (int d = 0; d < 7; ++d) {
      if (!sh.days[static_cast<std::size_t>(d)]) continue;
      for (int k = 0; k < len; ++k) {
        const int m = (d * 1440 + sh.start_minute + k) % kWeekMinutes;
        if (owner[static_cast<std::size_t>(m)] >= 0) {
          const int other = owner[static_cast<std::size_t>(m)];
          int e = k;
          while (e < len &&
                 owner[static_cast<std::size_t>((d * 1440 + sh.start_minute + e) % kWeekMinutes)] ==
                     other)
            ++e;
          const int start = d * 1440 + sh.start_minute + k;
          r_.fail(sn,
                  fmt::format("shifts '{}' and '{}' of desk '{}' overlap on {}",
                              proto.shifts[static_cast<std::size_t>(other)].name, sh.name, kind,
                              week_range(start % kWeekMinutes, start % kWeekMinutes + (e - k))));
        }
        owner[static_cast<std::size_t>(m)] = me;
        staff[static_cast<std::size_t>(m)] = sh.headcount;
      }
    }
    proto.shifts.push_back(std::move(sh));
  }
  // Skill sets: every shift gives a count for each (a shift without `staff:` has all its
  // headcount in the desk's own languages, skill set 0).
  if (!proto.skill_sets.empty())
    for (ShiftSpec& sh : proto.shifts) {
      if (sh.staff.empty()) sh.staff.push_back(sh.headcount);
      sh.staff.resize(proto.skill_sets.size(), 0);
    }
}

void ScenarioBuilder::read_staff(const YAML::Node& sn, ShiftSpec& sh, DeskSpec& proto,
                                 const std::string& kind) {
  const YAML::Node hc = r_.get(sn, "shift", "headcount");
  const YAML::Node staff = r_.get(sn, "shift", "staff");
  r_.expect_sequence(staff, "staff");
  if (Reader::present(hc))
    sh.headcount = static_cast<int>(r_.integer(hc, "headcount", range("shift", "headcount")));
  if (staff.size() == 0) {
    if (!Reader::present(hc))
      r_.fail(sn, fmt::format("shift '{}' of desk '{}' needs 'headcount: N' or 'staff: [{{count: "
                              "N, languages: [..]}}, ...]'",
                              sh.name, kind));
    return;
  }
  if (proto.skill_sets.empty()) {
    std::vector<int> own;
    for (const auto& code : proto.languages) own.push_back(language_id(code, sn));
    std::sort(own.begin(), own.end());
    proto.skill_sets.push_back(std::move(own));
  }
  int total = 0;
  for (const YAML::Node& e : staff) {
    r_.check_map(e, "staff",
                 fmt::format("a staff entry of shift '{}' of desk '{}'", sh.name, kind));
    const int count = static_cast<int>(r_.get_integer(e, "staff", "count"));
    const YAML::Node langs = r_.get(e, "staff", "languages");
    const std::vector<std::string> codes = r_.string_list(langs, "languages");
    if (codes.empty()) r_.fail(langs, "'languages' must name at least one language");
    std::vector<int> set;
    for (std::size_t i = 0; i < codes.size(); ++i) {
      const int id = language_id(codes[i], langs[i]);
      if (std::find(set.begin(), set.end(), id) != set.end())
        r_.fail(langs[i], fmt::format("language '{}' is listed twice", codes[i]));
      set.push_back(id);
    }
    std::sort(set.begin(), set.end());
    auto it = std::find(proto.skill_sets.begin(), proto.skill_sets.end(), set);
    if (it == proto.skill_sets.end()) {
      proto.skill_sets.push_back(set);
      it = proto.skill_sets.end() - 1;
    }
    const auto k = static_cast<std::size_t>(it - proto.skill_sets.begin());
    if (sh.staff.size() <= k) sh.staff.resize(k + 1, 0);
    if (sh.staff[k] > 0)
      r_.fail(langs, fmt::format("shift '{}' lists the skill set [{}] twice (give one count)",
                                 sh.name, join(codes)));
    sh.staff[k] = count;
    total += count;
  }
  if (total > kMaxCount)
    r_.fail(staff, fmt::format("shift '{}' has {} operators, above the limit of {}", sh.name, total,
                               kMaxCount));
  if (Reader::present(hc) && sh.headcount != total)
    r_.fail(hc, fmt::format("headcount {} of shift '{}' differs from its staff's total {} (give "
                            "one of them, or make them agree)",
                            sh.headcount, sh.name, total));
  sh.headcount = total;
}

// Shrinkage and handover as breaks the model already knows: handover takes the whole incoming
// shift off the floor for its first minutes; shrinkage gives each operator one absence of
// round(share x the rest of the shift) minutes, staggered evenly over the shift.
void ScenarioBuilder::add_shrinkage(const YAML::Node& sn, ShiftSpec& sh, const std::string& kind) {
  const int len = shift_length(sh.start_minute, sh.end_minute);
  const YAML::Node hn = r_.get(sn, "shift", "handover");
  const Duration handover = r_.duration(hn, "handover");
  if (handover.count() % 60'000 != 0)
    r_.fail(hn, "'handover' is a whole number of minutes (e.g. 15min)");
  const int hand = static_cast<int>(handover.count() / 60'000);
  if (hand >= len)
    r_.fail(hn, fmt::format("the handover ({} min) is as long as shift '{}' of desk '{}' ({} min)",
                            hand, sh.name, kind, len));
  if (hand > 0 && sh.headcount > 0) sh.breaks.push_back({sh.start_minute, hand, sh.headcount});
  const YAML::Node shn = r_.get(sn, "shift", "shrinkage");
  const double share = r_.probability(shn, "shrinkage");
  if (share >= 1) r_.fail(shn, "'shrinkage' must be below 1 (a share of the shift)");
  const int rest = len - hand;
  const int off = static_cast<int>(std::lround(share * rest));
  if (off <= 0 || sh.headcount <= 0) return;
  // At most 12 staggered groups, so a large shift does not become thousands of breaks (each
  // one a change point of the weekly roster); operators split over them as evenly as they go.
  const int h = sh.headcount;
  const int groups = std::min(h, 12);
  for (int i = 0; i < groups; ++i) {
    const int at =
        hand + static_cast<int>(static_cast<std::int64_t>(i + 1) * (rest - off) / (groups + 1));
    const int operators = h / groups + (i < h % groups ? 1 : 0);
    sh.breaks.push_back({(sh.start_minute + at) % (24 * 60), off, operators});
  }
}

void ScenarioBuilder::read_costs() {
  CostSpec& c = s_.costs;
  const YAML::Node costs = r_.get(root_, "root", "costs");
  c.given = Reader::present(costs);
  if (c.given) r_.check_map(costs, "costs", "costs");
  const double rate = r_.get_number(costs, "costs", "operator_hour");
  c.desk_kind_hour.assign(s_.desk_kinds.size(), rate);
  const YAML::Node by = r_.get(costs, "costs", "by_desk");
  for (const auto& [kind, value] : r_.weight_map(by, "by_desk", range("costs", "by_desk")))
    c.desk_kind_hour[static_cast<std::size_t>(lookup(kind_index_, kind, "desk", s_.desk_kinds))] =
        value;
  c.officer_hour = r_.get_number(costs, "costs", "officer_hour");
  c.weekend_factor = r_.get_number(costs, "costs", "weekend_factor");
  const YAML::Node night = r_.get(costs, "costs", "night");
  if (!Reader::present(night)) return;
  r_.check_map(night, "costs_night", "costs.night");
  c.night_from = r_.time_of_day(r_.get(night, "costs_night", "from"), "from");
  c.night_to = r_.time_of_day(r_.get(night, "costs_night", "to"), "to");
  if (c.night_from == c.night_to)
    r_.fail(night,
            "costs.night 'from' and 'to' are equal (an empty night: remove it, or give "
            "the hours)");
  c.night_factor = r_.get_number(night, "costs_night", "factor");
}

// A level a push may reach: a level of `levels` below the root.
int ScenarioBuilder::read_push_tier(const YAML::Node& n) {
  const int level = lookup(level_index_, n, "level", s_.levels);
  if (level == 0)
    r_.fail(n, fmt::format("a push cannot go to the root level '{}' (give a level below it: {})",
                           s_.levels[0],
                           join(std::vector<std::string>(s_.levels.begin() + 1, s_.levels.end()))));
  return level;
}

void ScenarioBuilder::read_training() {
  RubricSpec& rb = s_.training.rubric;
  const YAML::Node training = r_.get(root_, "root", "training");
  if (Reader::present(training)) r_.check_map(training, "training", "training");
  const YAML::Node rubric = r_.get(training, "training", "rubric");
  rb.given = Reader::present(rubric);
  if (rb.given) r_.check_map(rubric, "rubric", "training.rubric");
  const YAML::Node first = r_.get(rubric, "rubric", "first_decision_within");
  if (Reader::present(first))
    r_.check_map(first, "rubric_first_decision", "training.rubric.first_decision_within");
  for (int g = 0; g < kGrades; ++g) {
    const std::string key = std::to_string(g + 1);
    const YAML::Node n = r_.get(first, "rubric_first_decision", key);
    const Duration d = r_.duration(n, "first_decision_within " + key);
    if (d.count() <= 0)
      r_.fail(n, fmt::format("'first_decision_within {}' must be > 0 (e.g. 2min)", key));
    rb.first_decision_within[static_cast<std::size_t>(g)] = d;
  }
  const YAML::Node tier = r_.get(rubric, "rubric", "push_tier");
  if (Reader::present(tier)) r_.check_map(tier, "rubric_push_tier", "training.rubric.push_tier");
  for (int g = 0; g < kGrades; ++g)
    if (const YAML::Node n = r_.get(tier, "rubric_push_tier", std::to_string(g + 1));
        Reader::present(n))
      rb.push_level[static_cast<std::size_t>(g)] = read_push_tier(n);
  const YAML::Node by_type = r_.get(rubric, "rubric", "push_tier_by_type");
  r_.expect_sequence(by_type, "push_tier_by_type");
  if (by_type.size() > 0) rb.push_level_by_type.assign(s_.fraud_types.size(), {-1, -1, -1});
  std::vector<bool> seen(s_.fraud_types.size(), false);
  std::vector<std::string> type_ids;
  for (const auto& ft : s_.fraud_types) type_ids.push_back(ft.id);
  for (const YAML::Node& n : by_type) {
    r_.check_map(n, "rubric_type_push_tier", "an entry of training.rubric.push_tier_by_type");
    const YAML::Node type_node = r_.get(n, "rubric_type_push_tier", "type");
    const int type = lookup(type_index_, type_node, "fraud type", type_ids);
    if (seen[static_cast<std::size_t>(type)])
      r_.fail(type_node, fmt::format("fraud type '{}' is given twice in push_tier_by_type (merge "
                                     "the two entries)",
                                     type_ids[static_cast<std::size_t>(type)]));
    seen[static_cast<std::size_t>(type)] = true;
    bool any = false;
    for (int g = 0; g < kGrades; ++g)
      if (const YAML::Node lv = r_.get(n, "rubric_type_push_tier", std::to_string(g + 1));
          Reader::present(lv)) {
        rb.push_level_by_type[static_cast<std::size_t>(type)][static_cast<std::size_t>(g)] =
            read_push_tier(lv);
        any = true;
      }
    if (!any)
      r_.fail(n, fmt::format("the entry for '{}' gives no grade (add e.g. 1: {})",
                             type_ids[static_cast<std::size_t>(type)], s_.levels.back()));
  }
  const YAML::Node esc = r_.get(rubric, "rubric", "escalate_within");
  rb.escalate_within = r_.duration(esc, "escalate_within");
  if (rb.escalate_within.count() <= 0) r_.fail(esc, "'escalate_within' must be > 0 (e.g. 10min)");
}

void ScenarioBuilder::read_fraud_types() {
  const YAML::Node wp_root = r_.get(root_, "root", "would_pay");
  if (Reader::present(wp_root)) r_.check_map(wp_root, "would_pay", "would_pay");
  std::array<double, kGrades> would_pay{};
  for (int g = 0; g < kGrades; ++g) {
    const std::string key = std::to_string(g + 1);
    would_pay[static_cast<std::size_t>(g)] =
        r_.probability(r_.get(wp_root, "would_pay", key), "would_pay " + key);
  }
  const YAML::Node list = r_.get(root_, "root", "fraud_types");
  r_.expect_sequence(list, "fraud_types");
  if (list.size() == 0) r_.fail(list, "'fraud_types' is empty (at least one fraud type)");
  std::vector<std::string> unit_ids;  // only for small trees (suggestions)
  if (s_.units.size() <= 2000)
    for (const auto& u : s_.units) unit_ids.push_back(u.id);
  for (const YAML::Node& n : list) {
    const YAML::Node id_node = Reader::find(n, "id");
    const std::string what = id_node.IsScalar() ? fmt::format("fraud type '{}'", id_node.Scalar())
                                                : std::string("fraud type");
    r_.check_map(n, "fraud_type", what);
    FraudTypeSpec t;
    t.id = r_.identifier(r_.get(n, "fraud_type", "id"), "id");
    if (!type_index_.emplace(t.id, static_cast<int>(s_.fraud_types.size())).second)
      r_.fail(id_node, fmt::format("duplicate fraud type id '{}'", t.id));
    const YAML::Node name = r_.get(n, "fraud_type", "name");
    t.name = Reader::present(name) ? r_.string(name, "name") : t.id;
    const YAML::Node rate_node = r_.get(n, "fraud_type", "rate_per_day");
    t.rate_per_day = rate(rate_node);
    type_rate_nodes_.push_back(rate_node);
    const auto hp = r_.profile(r_.get(n, "fraud_type", "hour_profile"), "hour_profile", 24,
                               range("fraud_type", "hour_profile"));
    std::copy(hp.begin(), hp.end(), t.hour_profile.begin());
    const auto wp = r_.profile(r_.get(n, "fraud_type", "weekday_profile"), "weekday_profile", 7,
                               range("fraud_type", "weekday_profile"));
    std::copy(wp.begin(), wp.end(), t.weekday_profile.begin());
    const YAML::Node where = r_.get(n, "fraud_type", "where");
    if (Reader::present(where)) {
      r_.expect_map(where, "where");
      for (const auto& kv : where) {
        t.where_units.push_back(lookup(unit_index_, kv.first, "unit", unit_ids));
        t.where_weights.push_back(r_.number(kv.second, "where", range("fraud_type", "where")));
      }
    }
    const YAML::Node grades = r_.get(n, "fraud_type", "grades");
    r_.check_map(grades, "grades", fmt::format("grades of fraud type '{}'", t.id));
    double sum = 0;
    for (int g = 0; g < kGrades; ++g) {
      const std::string key = std::to_string(g + 1);
      t.grade_mix[static_cast<std::size_t>(g)] =
          r_.probability(r_.get(grades, "grades", key), "grade " + key);
      sum += t.grade_mix[static_cast<std::size_t>(g)];
    }
    if (std::fabs(sum - 1) > 1e-6)
      r_.fail(grades, fmt::format("grades of fraud type '{}' sum to {:.6g}, not 1", t.id, sum));
    t.amount = r_.distribution(r_.get(n, "fraud_type", "amount"), "amount", false,
                               range("fraud_type", "amount"));
    const YAML::Node ttl = r_.get(n, "fraud_type", "time_to_loss");
    r_.check_map(ttl, "time_to_loss", fmt::format("time_to_loss of fraud type '{}'", t.id));
    for (int g = 0; g < kGrades; ++g) {
      const std::string key = std::to_string(g + 1);
      t.time_to_loss[static_cast<std::size_t>(g)] =
          r_.distribution(r_.get(ttl, "time_to_loss", key), "time_to_loss " + key, true);
    }
    t.answer_prob = r_.probability(r_.get(n, "fraud_type", "answer_prob"), "answer_prob");
    t.engaged_prob = r_.probability(r_.get(n, "fraud_type", "engaged_prob"), "engaged_prob");
    t.family_reach_prob =
        r_.probability(r_.get(n, "fraud_type", "family_reach_prob"), "family_reach_prob");
    const YAML::Node langs = r_.get(n, "fraud_type", "languages");
    r_.expect_map(langs, "languages");
    if (langs.size() == 0) r_.fail(langs, "'languages' must name at least one language");
    double share = 0;
    for (const auto& kv : langs) {
      t.languages.push_back(r_.string(kv.first, "languages"));
      language_id(t.languages.back(), kv.first);
      t.language_weights.push_back(r_.probability(kv.second, "languages"));
      share += t.language_weights.back();
    }
    if (std::fabs(share - 1) > 1e-6)
      r_.fail(langs,
              fmt::format("language shares of fraud type '{}' sum to {:.6g}, not 1", t.id, share));
    t.would_pay = would_pay;
    const YAML::Node type_wp = r_.get(n, "fraud_type", "would_pay");
    if (Reader::present(type_wp)) {
      r_.check_map(type_wp, "type_would_pay", fmt::format("would_pay of fraud type '{}'", t.id));
      for (int g = 0; g < kGrades; ++g) {
        const std::string key = std::to_string(g + 1);
        const YAML::Node v = r_.get(type_wp, "type_would_pay", key);
        if (Reader::present(v))
          t.would_pay[static_cast<std::size_t>(g)] = r_.probability(v, "would_pay " + key);
      }
    }
    s_.fraud_types.push_back(std::move(t));
  }
  check_languages(list);
}

void ScenarioBuilder::check_languages(const YAML::Node& types) {
  // Codes are compared exactly, so "ZH" at a type and "zh" at the desks never match.
  std::set<std::string> spoken;
  for (const DeskSpec& d : s_.desks) {
    spoken.insert(d.languages.begin(), d.languages.end());
    for (const auto& set : d.skill_sets)
      for (const int id : set) spoken.insert(langs_.languages()[static_cast<std::size_t>(id)].code);
  }
  std::map<std::string, std::string> spoken_lower;
  for (const std::string& code : spoken) spoken_lower.emplace(lower(code), code);
  std::size_t t = 0;
  for (const YAML::Node& n : types) {
    const FraudTypeSpec& type = s_.fraud_types[t++];
    const YAML::Node langs = r_.get(n, "fraud_type", "languages");
    // The default {zh: 1} has no place in the file: point at the type instead.
    const bool own = Reader::find(n, "languages").IsDefined();
    for (const auto& kv : langs) {
      const YAML::Node at = own ? kv.first : Reader::find(n, "id");
      const std::string code = kv.first.Scalar();
      if (spoken.count(code) != 0) continue;
      const auto same = spoken_lower.find(lower(code));
      if (same != spoken_lower.end())
        r_.fail(at, fmt::format("language '{}' of fraud type '{}' is spoken by no desk, but "
                                "'{}' is (language codes are case-sensitive: write '{}')",
                                code, type.id, same->second, same->second));
      std::vector<std::string> known(spoken.begin(), spoken.end());
      s_.warnings.push_back(
          r_.warning(at, fmt::format("language '{}' of fraud type '{}' is spoken by no desk (desks "
                                     "speak: {}), so every call to these people has the "
                                     "language_mismatch factor{}",
                                     code, type.id, join(known), suggestion(code, known))));
    }
  }
}

void ScenarioBuilder::read_surges() {
  const YAML::Node list = r_.get(root_, "root", "surges");
  r_.expect_sequence(list, "surges");
  const auto types = type_ids();
  for (const YAML::Node& n : list) {
    r_.check_map(n, "surge", "surge");
    SurgeSpec s;
    s.name = r_.string(r_.get(n, "surge", "name"), "name");
    s.start = r_.civil_time(r_.get(n, "surge", "start"), "start");
    const YAML::Node end = r_.get(n, "surge", "end");
    s.end = r_.civil_time(end, "end");
    const engine::Calendar cal(s.start);
    if (cal.to_sim(s.end) <= engine::kTimeZero)
      r_.fail(end, fmt::format("surge '{}' ends before it starts", s.name));
    const YAML::Node m = r_.get(n, "surge", "multiplier");
    s.multiplier = r_.number(m, "multiplier", range("surge", "multiplier"));
    surge_nodes_.push_back(m);
    // Outside the run it changes nothing: a warning, since shortening the horizon with --set
    // for a quick look legitimately leaves later surges out.
    const engine::Calendar run(s_.clock.start);
    const engine::SimTime end_of_run = engine::kTimeZero + s_.clock.horizon;
    if (run.to_sim(s.end) <= engine::kTimeZero || run.to_sim(s.start) >= end_of_run)
      s_.warnings.push_back(r_.warning(
          r_.get(n, "surge", "start"),
          fmt::format("surge '{}' ({} to {}) lies outside the run ({} to {}), so it changes "
                      "nothing (check its dates, or clock.start and horizon)",
                      s.name, civil_text(s.start), civil_text(s.end), civil_text(s_.clock.start),
                      civil_text(run.to_civil(end_of_run)))));
    const YAML::Node tl = r_.get(n, "surge", "types");
    r_.expect_sequence(tl, "types");
    for (const YAML::Node& t : tl)
      s.fraud_types.push_back(lookup(type_index_, t, "fraud type", types));
    s.inbound = r_.boolean(r_.get(n, "surge", "inbound"), "inbound");
    s_.surges.push_back(std::move(s));
  }
}

void ScenarioBuilder::read_inbound() {
  const YAML::Node list = r_.get(root_, "root", "inbound");
  r_.expect_sequence(list, "inbound");
  std::set<std::string> ids;
  for (const YAML::Node& n : list) {
    r_.check_map(n, "inbound", "inbound source");
    InboundSpec in;
    in.id = r_.identifier(r_.get(n, "inbound", "id"), "id");
    if (!ids.insert(in.id).second)
      r_.fail(Reader::find(n, "id"), fmt::format("duplicate inbound id '{}'", in.id));
    in.desk_kind = lookup(kind_index_, r_.get(n, "inbound", "desk"), "desk", s_.desk_kinds);
    const YAML::Node rate_node = r_.get(n, "inbound", "rate_per_day");
    in.rate_per_day = rate(rate_node);
    inbound_rate_nodes_.push_back(rate_node);
    const auto hp = r_.profile(r_.get(n, "inbound", "hour_profile"), "hour_profile", 24,
                               range("inbound", "hour_profile"));
    std::copy(hp.begin(), hp.end(), in.hour_profile.begin());
    const auto wp = r_.profile(r_.get(n, "inbound", "weekday_profile"), "weekday_profile", 7,
                               range("inbound", "weekday_profile"));
    std::copy(wp.begin(), wp.end(), in.weekday_profile.begin());
    in.handling = r_.distribution(r_.get(n, "inbound", "handling"), "handling", true);
    const YAML::Node patience = r_.get(n, "inbound", "patience");
    if (Reader::present(patience)) {
      in.patience = r_.distribution(patience, "patience", true);
      if (in.patience.is_zero())
        r_.fail(patience, "'patience' must be more than 0 (remove it: callers never hang up)");
    }
    in.priority = static_cast<int>(r_.get_integer(n, "inbound", "priority"));
    require_staff(in.desk_kind, fmt::format("inbound '{}' sends work there", in.id));
    s_.inbound.push_back(std::move(in));
  }
}

void ScenarioBuilder::read_robot_sms() {
  const YAML::Node robot = r_.get(root_, "root", "robot");
  if (Reader::present(robot)) r_.check_map(robot, "robot", "robot");
  robot_node_.reset(robot);
  s_.robot.lines = static_cast<int>(r_.get_integer(robot, "robot", "lines"));
  const YAML::Node per_region = r_.get(robot, "robot", "per_region");
  s_.robot.per_region = r_.boolean(per_region, "per_region");
  if (s_.robot.per_region && std::none_of(s_.units.begin(), s_.units.end(),
                                          [](const UnitSpec& u) { return u.level == 1; }))
    r_.fail(per_region,
            "robot.per_region needs units of level 1 (regions) to give pools to; this "
            "organisation is one unit (write per_region: false)");
  s_.robot.duration = r_.distribution(r_.get(robot, "robot", "duration"), "duration", true);
  const YAML::Node sms = r_.get(root_, "root", "sms");
  if (Reader::present(sms)) r_.check_map(sms, "sms", "sms");
  s_.sms.delay = r_.distribution(r_.get(sms, "sms", "delay"), "delay", true);
}

void ScenarioBuilder::read_dissuasion() {
  const YAML::Node d = r_.get(root_, "root", "dissuasion");
  if (Reader::present(d)) r_.check_map(d, "dissuasion", "dissuasion");
  static constexpr std::array<const char*, kChannels> kKeys = {"sms", "robot_call", "phone",
                                                               "family", "visit"};
  const auto types = type_ids();
  for (std::size_t c = 0; c < kChannels; ++c) {
    const YAML::Node n = r_.get(d, "dissuasion", kKeys[c]);
    auto& probs = s_.dissuasion.prob[c];
    if (!n.IsMap()) {
      probs.assign(s_.fraud_types.size(), r_.probability(n, kKeys[c]));
      continue;
    }
    r_.check_map(n, "channel", fmt::format("dissuasion.{}", kKeys[c]));
    YAML::Node def = r_.get(n, "channel", "default");
    if (!Reader::present(def))
      def.reset(YAML::Load(std::string(find_key("dissuasion", kKeys[c])->default_value)));
    probs.assign(s_.fraud_types.size(), r_.probability(def, "default"));
    const YAML::Node by = r_.get(n, "channel", "by_type");
    r_.expect_map(by, "by_type");
    for (const auto& kv : by) {
      const int t = lookup(type_index_, kv.first, "fraud type", types);
      probs[static_cast<std::size_t>(t)] =
          r_.number(kv.second, "by_type", range("channel", "by_type"));
    }
  }
  s_.dissuasion.language_mismatch =
      r_.probability(r_.get(d, "dissuasion", "language_mismatch"), "language_mismatch");
  const YAML::Node by_delay = r_.get(d, "dissuasion", "by_delay");
  r_.expect_map(by_delay, "by_delay");
  for (const auto& kv : by_delay) {
    const Duration at = r_.duration(kv.first, "by_delay");
    if (!s_.dissuasion.by_delay.empty() && at <= s_.dissuasion.by_delay.back().first)
      r_.fail(kv.first,
              "the delays of 'by_delay' must increase (e.g. {10min: 1, 1h: 0.6, 4h: 0.3})");
    s_.dissuasion.by_delay.emplace_back(at, r_.probability(kv.second, "by_delay"));
  }
  const YAML::Node by_attempt = r_.get(d, "dissuasion", "by_attempt");
  r_.expect_sequence(by_attempt, "by_attempt");
  for (const YAML::Node& v : by_attempt)
    s_.dissuasion.by_attempt.push_back(r_.probability(v, "by_attempt"));
}

// ---------------------------------------------------------------- dispatch

void ScenarioBuilder::read_rules() {
  const YAML::Node dispatch = r_.get(root_, "root", "dispatch");
  r_.check_map(dispatch, "dispatch", "dispatch");
  const YAML::Node rules = r_.get(dispatch, "dispatch", "rules");
  r_.expect_sequence(rules, "rules");
  if (rules.size() == 0) r_.fail(rules, "'rules' is empty (add a catch-all rule with match: {})");
  const auto types = type_ids();
  std::set<std::string> rule_names;
  for (const YAML::Node& n : rules) {
    const YAML::Node name_node = Reader::find(n, "name");
    r_.check_map(n, "rule",
                 name_node.IsScalar() ? fmt::format("rule '{}'", name_node.Scalar()) : "rule");
    RuleSpec rule;
    rule.name = r_.string(r_.get(n, "rule", "name"), "name");
    if (!rule_names.insert(rule.name).second)
      r_.fail(name_node, fmt::format("duplicate rule name '{}'", rule.name));
    const YAML::Node m = r_.get(n, "rule", "match");
    r_.check_map(m, "match", fmt::format("match of rule '{}'", rule.name));
    const YAML::Node grades = r_.get(m, "match", "grades");
    r_.expect_sequence(grades, "grades");
    for (const YAML::Node& g : grades)
      rule.match.grades.push_back(
          static_cast<int>(r_.integer(g, "grades", range("match", "grades"))));
    const YAML::Node tl = r_.get(m, "match", "fraud_types");
    r_.expect_sequence(tl, "fraud_types");
    for (const YAML::Node& t : tl)
      rule.match.fraud_types.push_back(lookup(type_index_, t, "fraud type", types));
    if (const YAML::Node hours = r_.get(m, "match", "hours"); Reader::present(hours)) {
      r_.check_map(hours, "match_hours", "match.hours");
      rule.match.from_minute = r_.time_of_day(r_.get(hours, "match_hours", "from"), "from");
      rule.match.to_minute = r_.time_of_day(r_.get(hours, "match_hours", "to"), "to");
      if (rule.match.from_minute == rule.match.to_minute)
        r_.fail(hours,
                "match.hours: 'from' and 'to' are the same time (remove 'hours' to match "
                "all day)");
    }
    rule.match.days = read_days(r_.get(m, "match", "days"));
    const YAML::Node ul = r_.get(m, "match", "units");
    r_.expect_sequence(ul, "units");
    for (const YAML::Node& u : ul) {
      const int unit = lookup(unit_index_, u, "unit", unit_ids_for_hints());
      rule.match.unit_ranges.emplace_back(
          unit, unit + s_.units[static_cast<std::size_t>(unit)].subtree_size);
    }
    const YAML::Node match_langs = r_.get(m, "match", "languages");
    rule.match.languages = r_.string_list(match_langs, "languages");
    for (std::size_t i = 0; i < rule.match.languages.size(); ++i)
      language_id(rule.match.languages[i], match_langs[i]);
    rule.match.amount_min = r_.get_number(m, "match", "amount_min");
    const YAML::Node amax = r_.get(m, "match", "amount_max");
    if (Reader::present(amax)) {
      rule.match.amount_max = r_.number(amax, "amount_max", range("match", "amount_max"));
      if (!(rule.match.amount_max > rule.match.amount_min))
        r_.fail(amax, fmt::format("amount_max ({}) must be greater than amount_min ({})",
                                  rule.match.amount_max, rule.match.amount_min));
    }
    check_plan(rule, r_.get(n, "rule", "plan"));
    s_.rules.push_back(std::move(rule));
    rule_nodes_.push_back(n);
  }
  check_coverage(rules);
  check_reachable_rules();
}

void ScenarioBuilder::check_plan(RuleSpec& rule, const YAML::Node& plan) {
  r_.expect_sequence(plan, "plan");
  if (plan.size() == 0) r_.fail(plan, fmt::format("rule '{}' has an empty plan", rule.name));
  static const std::map<std::string, StepKind> kKinds = {{"sms", StepKind::sms},
                                                         {"robot_call", StepKind::robot_call},
                                                         {"call", StepKind::call},
                                                         {"push", StepKind::push},
                                                         {"visit", StepKind::visit}};
  std::vector<YAML::Node> step_nodes;
  std::vector<std::string> ids;
  std::set<std::string> seen_ids;
  for (const YAML::Node& n : plan) {
    const YAML::Node id_node = Reader::find(n, "id");
    r_.check_map(n, "step",
                 id_node.IsScalar()
                     ? fmt::format("step '{}' of rule '{}'", id_node.Scalar(), rule.name)
                     : fmt::format("a step of rule '{}'", rule.name));
    StepSpec st;
    st.id = r_.identifier(r_.get(n, "step", "id"), "id");
    if (!seen_ids.insert(st.id).second)
      r_.fail(id_node, fmt::format("rule '{}' has two steps with id '{}'", rule.name, st.id));
    const YAML::Node kind_node = r_.get(n, "step", "step");
    const std::string kind = r_.string(kind_node, "step");
    const auto it = kKinds.find(kind);
    if (it == kKinds.end()) {
      std::string hint = suggestion(kind, {"sms", "robot_call", "call", "push", "visit"});
      if (hint.empty()) hint = " (use sms, robot_call, call, push or visit)";
      r_.fail(kind_node, fmt::format("unknown step kind '{}'{}", kind, hint));
    }
    st.kind = it->second;
    // Keys that only some kinds take.
    static const std::map<std::string, std::vector<std::string>> kOnly = {
        {"desk", {"call"}},     {"attempts", {"call"}}, {"retry_interval", {"call"}},
        {"priority", {"call"}}, {"family", {"call"}},   {"to", {"push"}}};
    for (const auto& kv : n) {
      const auto only = kOnly.find(kv.first.Scalar());
      if (only != kOnly.end() &&
          std::find(only->second.begin(), only->second.end(), kind) == only->second.end())
        r_.fail(kv.first, fmt::format("key '{}' does not apply to {} steps (only {} steps take it)",
                                      kv.first.Scalar(), kind, only->second.front()));
    }
    // An SMS is sent at once and delivered after sms.delay: an SLA on it is always met and
    // would only inflate SLA attainment.
    if (const auto sla_key = key_node(n, "sla"); st.kind == StepKind::sms && sla_key)
      r_.fail(*sla_key, fmt::format("key 'sla' does not apply to sms steps (an SMS is sent at "
                                    "once, so its SLA would always count as met; put the target "
                                    "on the call, push or visit that follows)"));
    if (st.kind == StepKind::robot_call) {
      if (!Reader::present(robot_node_))
        r_.fail(kind_node, fmt::format("step '{}' of rule '{}' is a robot_call, but the scenario "
                                       "has no robot: block, so no robot lines and every robot "
                                       "call would fail at once (add robot: {{lines: N}}; write "
                                       "lines: 0 to model having none)",
                                       st.id, rule.name));
      if (s_.robot.lines == 0)
        s_.warnings.push_back(r_.warning(
            kind_node, fmt::format("step '{}' of rule '{}' is a robot_call, but robot.lines is "
                                   "0: every robot call fails at once",
                                   st.id, rule.name)));
    }
    if (st.kind == StepKind::visit && !any_officers_)
      s_.warnings.push_back(r_.warning(
          kind_node, fmt::format("step '{}' of rule '{}' is a visit, but no community has "
                                 "officers (officers.count is 0 everywhere): every visit fails "
                                 "at once",
                                 st.id, rule.name)));
    const std::string who = fmt::format("rule '{}' step '{}' calls from it", rule.name, st.id);
    if (st.kind == StepKind::call) {
      const YAML::Node desk = r_.get(n, "step", "desk");
      if (!Reader::present(desk))
        r_.fail(id_node, fmt::format("call step '{}' needs 'desk' (a desk id: {})", st.id,
                                     join(s_.desk_kinds)));
      st.desk_kind = lookup(kind_index_, desk, "desk", s_.desk_kinds);
      require_desk_above_every_leaf(st.desk_kind, desk, who);
      require_staff(st.desk_kind, fmt::format("rule '{}' sends calls there", rule.name));
      st.attempts = static_cast<int>(r_.get_integer(n, "step", "attempts"));
      st.retry_interval = r_.duration(r_.get(n, "step", "retry_interval"), "retry_interval");
      st.priority = static_cast<int>(r_.get_integer(n, "step", "priority"));
      st.family = r_.boolean(r_.get(n, "step", "family"), "family");
    } else if (st.kind == StepKind::push) {
      const YAML::Node to = r_.get(n, "step", "to");
      if (!Reader::present(to))
        r_.fail(id_node,
                fmt::format("push step '{}' needs 'to' (a level: {})", st.id, join(s_.levels)));
      st.to_level = lookup(level_index_, to, "level", s_.levels);
      if (st.to_level == 0)
        r_.fail(to, fmt::format("push step '{}' pushes to the root level '{}' (use a level "
                                "below it)",
                                st.id, s_.levels[0]));
    }
    st.sla = r_.duration(r_.get(n, "step", "sla"), "sla");
    if (const YAML::Node late = Reader::find(n, "on_late");
        st.sla.count() == 0 && late.IsSequence() && late.size() > 0)
      s_.warnings.push_back(r_.warning(
          *key_node(n, "on_late"),
          fmt::format("step '{}' of rule '{}' has on_late but no sla, so its on_late steps never "
                      "start in a run (only an Escalate command starts them; add sla: DURATION)",
                      st.id, rule.name)));
    ids.push_back(st.id);
    step_nodes.push_back(n);
    rule.plan.push_back(std::move(st));
  }
  // References, now that every id is known.
  std::map<std::string, int> index;
  for (std::size_t i = 0; i < ids.size(); ++i) index[ids[i]] = static_cast<int>(i);
  for (std::size_t i = 0; i < rule.plan.size(); ++i) {
    for (const char* key : {"next", "on_late"}) {
      const YAML::Node refs = r_.get(step_nodes[i], "step", key);
      r_.expect_sequence(refs, key);
      for (const YAML::Node& ref : refs) {
        const std::string id = r_.string(ref, key);
        const auto it = index.find(id);
        if (it == index.end()) {
          std::string hint = suggestion(id, ids);
          if (hint.empty()) hint = fmt::format(" (steps: {})", join(ids));
          r_.fail(ref,
                  fmt::format("unknown step '{}' in {} of rule '{}'{}", id, key, rule.name, hint));
        }
        (std::string_view(key) == "next" ? rule.plan[i].next : rule.plan[i].on_late)
            .push_back(it->second);
        rule.plan[static_cast<std::size_t>(it->second)].at_arrival = false;
      }
    }
  }
  const int n = static_cast<int>(rule.plan.size());
  // Escalation loops: a step that can trigger itself again.
  std::vector<int> state(static_cast<std::size_t>(n), 0), path;
  const auto successors = [&](int i) {
    std::vector<int> out = rule.plan[static_cast<std::size_t>(i)].next;
    const auto& late = rule.plan[static_cast<std::size_t>(i)].on_late;
    out.insert(out.end(), late.begin(), late.end());
    return out;
  };
  const auto dfs = [&](auto&& self, int i) -> void {
    state[static_cast<std::size_t>(i)] = 1;
    path.push_back(i);
    for (int j : successors(i)) {
      if (state[static_cast<std::size_t>(j)] == 1) {
        std::string cycle;
        auto from = std::find(path.begin(), path.end(), j);
        for (auto p = from; p != path.end(); ++p)
          cycle += rule.plan[static_cast<std::size_t>(*p)].id + " -> ";
        cycle += rule.plan[static_cast<std::size_t>(j)].id;
        r_.fail(step_nodes[static_cast<std::size_t>(j)],
                fmt::format("step '{}' of rule '{}' triggers itself through next/on_late ({}); "
                            "escalation loops never end",
                            rule.plan[static_cast<std::size_t>(j)].id, rule.name, cycle));
      }
      if (state[static_cast<std::size_t>(j)] == 0) self(self, j);
    }
    path.pop_back();
    state[static_cast<std::size_t>(i)] = 2;
  };
  bool any_arrival = false;
  for (int i = 0; i < n; ++i)
    any_arrival = any_arrival || rule.plan[static_cast<std::size_t>(i)].at_arrival;
  if (!any_arrival)
    r_.fail(plan, fmt::format("rule '{}' has no step that starts on arrival (every step is named "
                              "in another step's next/on_late)",
                              rule.name));
  for (int i = 0; i < n; ++i)
    if (state[static_cast<std::size_t>(i)] == 0) dfs(dfs, i);
  // Something reachable from arrival must contact the person.
  std::vector<char> seen(static_cast<std::size_t>(n), 0);
  std::vector<int> stack;
  for (int i = 0; i < n; ++i)
    if (rule.plan[static_cast<std::size_t>(i)].at_arrival)
      stack.push_back(i), seen[static_cast<std::size_t>(i)] = 1;
  bool reaches_person = false;
  while (!stack.empty()) {
    const int i = stack.back();
    stack.pop_back();
    if (rule.plan[static_cast<std::size_t>(i)].kind != StepKind::push) reaches_person = true;
    for (int j : successors(i))
      if (!seen[static_cast<std::size_t>(j)])
        seen[static_cast<std::size_t>(j)] = 1, stack.push_back(j);
  }
  if (!reaches_person)
    r_.fail(plan, fmt::format("the plan of rule '{}' never reaches the person (add an sms, "
                              "robot_call, call or visit step)",
                              rule.name));
}

void ScenarioBuilder::check_coverage(const YAML::Node& rules_node) {
  const double inf = std::numeric_limits<double>::infinity();
  using Spans = std::vector<std::pair<double, double>>;
  // Amount spans per grade: of the rules for every type (sorted once), and of the rules that
  // name types, per type. A type no rule names shares the first list's answer, so thousands
  // of types and rules cost types + rules, not their product.
  std::array<Spans, kGrades> generic;
  std::vector<std::array<Spans, kGrades>> named(s_.fraud_types.size());
  for (const RuleSpec& rule : s_.rules) {
    const auto& m = rule.match;
    if (m.conditional()) continue;  // takes only part of its grades' and types' alerts
    for (int g = 1; g <= kGrades; ++g) {
      if (!m.grades.empty() && std::find(m.grades.begin(), m.grades.end(), g) == m.grades.end())
        continue;
      const auto span = std::pair{m.amount_min, m.amount_max};
      if (m.fraud_types.empty()) generic[static_cast<std::size_t>(g - 1)].push_back(span);
      for (int t : m.fraud_types)
        named[static_cast<std::size_t>(t)][static_cast<std::size_t>(g - 1)].push_back(span);
    }
  }
  for (Spans& sp : generic) std::sort(sp.begin(), sp.end());
  // The first amount not covered by sorted spans: (covered up to, next start or infinity).
  struct Gap {
    bool gap;
    double covered, gap_end;
  };
  const auto first_gap = [inf](const Spans& spans) {
    Gap r{false, 0, inf};
    for (const auto& [lo, hi] : spans) {
      if (lo > r.covered) {
        r.gap = true;
        r.gap_end = lo;
        return r;
      }
      r.covered = std::max(r.covered, hi);
    }
    r.gap = r.covered < inf;
    return r;
  };
  std::array<Gap, kGrades> generic_gap;
  for (std::size_t g = 0; g < generic.size(); ++g) generic_gap[g] = first_gap(generic[g]);
  for (std::size_t t = 0; t < s_.fraud_types.size(); ++t) {
    for (int g = 1; g <= kGrades; ++g) {
      const Spans& common = generic[static_cast<std::size_t>(g - 1)];
      Spans own = named[t][static_cast<std::size_t>(g - 1)];
      Gap found = generic_gap[static_cast<std::size_t>(g - 1)];
      if (!own.empty()) {
        std::sort(own.begin(), own.end());
        Spans merged(common.size() + own.size());
        std::merge(common.begin(), common.end(), own.begin(), own.end(), merged.begin());
        found = first_gap(merged);
      }
      if (!found.gap) continue;
      const double covered = found.covered, gap_end = found.gap_end;
      std::string range;
      if (gap_end < inf)
        range = fmt::format(" with amount in [{}, {})", covered, gap_end);
      else if (covered > 0)
        range = fmt::format(" with amount >= {}", covered);
      const bool conditional = std::any_of(s_.rules.begin(), s_.rules.end(),
                                           [](const RuleSpec& r) { return r.match.conditional(); });
      r_.fail(rules_node,
              fmt::format("no rule matches grade {} alerts of type {}{} (add a catch-all rule "
                          "with match: {{}}{})",
                          g, s_.fraud_types[t].id, range,
                          conditional ? "; rules with hours, days, units or languages take only "
                                        "some of these alerts, so they do not count"
                                      : ""));
    }
  }
}

// ---------------------------------------------------------------- whole-scenario limits

namespace {

// A window [start, end) of simulated ms in which a rate is multiplied (a scenario surge: the
// factors of overlapping ones multiply) or gets extra arrivals (a surge inject: (m - 1) x the
// rate each, added).
struct RateWindow {
  std::int64_t start, end;
  double multiplier;
  bool added;  // a surge inject
  int source;  // index into Scenario::surges, or into the inject surges
};

// Start and end events of windows, in time order; at equal times ends come first, since a
// window is half-open.
struct RateEvent {
  std::int64_t time;
  bool starts;
  const RateWindow* window;
};

std::vector<RateEvent> events_of(const std::vector<const RateWindow*>& windows) {
  std::vector<RateEvent> ev;
  ev.reserve(2 * windows.size());
  for (const RateWindow* w : windows) {
    ev.push_back({w->start, true, w});
    ev.push_back({w->end, false, w});
  }
  std::sort(ev.begin(), ev.end(), [](const RateEvent& a, const RateEvent& b) {
    return a.time != b.time ? a.time < b.time : (!a.starts && b.starts);
  });
  return ev;
}

struct Peak {
  double factor = 1;      // the highest factor on the rate at any moment of the run
  std::int64_t time = 0;  // its first moment
};

// The peak factor over the union of two sorted event lists (the windows of all types and
// those of one type): sum of log multipliers for surges, sum of (m - 1) for injects.
Peak peak_of(const std::vector<RateEvent>& a, const std::vector<RateEvent>& b) {
  Peak best;
  double log_product = 0, added = 0;
  std::size_t i = 0, j = 0;
  const auto before = [](const RateEvent& x, const RateEvent& y) {
    return x.time != y.time ? x.time < y.time : (!x.starts && y.starts);
  };
  while (i < a.size() || j < b.size()) {
    const bool take_a = j == b.size() || (i < a.size() && !before(b[j], a[i]));
    const RateEvent& e = take_a ? a[i++] : b[j++];
    const RateWindow& w = *e.window;
    const double sign = e.starts ? 1 : -1;
    if (w.added)
      added += sign * (w.multiplier - 1);
    else
      log_product += sign * std::log(w.multiplier);
    const bool more_at_this_time =
        (i < a.size() && a[i].time == e.time) || (j < b.size() && b[j].time == e.time);
    // After every group of events at one time: an ending surge below 1 raises the rate too.
    if (more_at_this_time) continue;
    const double factor = std::exp(log_product) * (1 + added);
    if (factor > best.factor) best = {factor, e.time};
  }
  return best;
}

// "12,345,678" for counts people read; "1.2e+15" beyond any plausible one.
std::string per_day(double v) {
  if (!(v < 1e15)) return fmt::format("{:.3g}", v);
  std::string digits = fmt::format("{:.0f}", v);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

void ScenarioBuilder::check_total_rate() {
  // Every source at its own peak, summed: an upper bound of the total at any one moment,
  // exact when the peaks coincide (a surge over every type). Hour and weekday profiles are
  // left out: they move arrivals within the week but keep its mean.
  const engine::Calendar cal(s_.clock.start);
  const std::int64_t horizon = s_.clock.horizon.count();
  std::vector<RateWindow> windows;
  const auto add = [&](std::int64_t start, std::int64_t end, double m, bool added, int source) {
    start = std::max<std::int64_t>(start, 0);
    end = std::min(end, horizon);
    if (start < end) windows.push_back({start, end, m, added, source});
  };
  for (std::size_t i = 0; i < s_.surges.size(); ++i) {
    const SurgeSpec& sg = s_.surges[i];
    add(engine::ticks(cal.to_sim(sg.start)), engine::ticks(cal.to_sim(sg.end)), sg.multiplier,
        false, static_cast<int>(i));
  }
  for (std::size_t i = 0; i < inject_surges_.size(); ++i) {
    const InjectSurge& in = inject_surges_[i];
    const std::int64_t at = engine::ticks(cal.to_sim(in.at));
    add(at, at + in.duration.count(), in.multiplier, true, static_cast<int>(i));
  }
  // Windows of every type are swept once; a type with windows of its own merges them in.
  const auto types_of = [&](const RateWindow& w) -> const std::vector<int>& {
    return w.added ? inject_surges_[static_cast<std::size_t>(w.source)].fraud_types
                   : s_.surges[static_cast<std::size_t>(w.source)].fraud_types;
  };
  std::vector<const RateWindow*> global;
  std::vector<std::vector<const RateWindow*>> own(s_.fraud_types.size());
  for (const RateWindow& w : windows) {
    const std::vector<int>& types = types_of(w);
    if (types.empty()) global.push_back(&w);
    for (int t : types) {
      auto& list = own[static_cast<std::size_t>(t)];
      if (list.empty() || list.back() != &w) list.push_back(&w);  // a type listed twice
    }
  }
  const std::vector<RateEvent> global_events = events_of(global);
  const Peak global_peak = peak_of(global_events, {});

  // Each source's peak, with the node to blame and what to say if it is the largest.
  struct Contribution {
    double per_day;
    YAML::Node node;
    std::string what;
  };
  std::vector<Contribution> sources;
  for (std::size_t t = 0; t < s_.fraud_types.size(); ++t) {
    const FraudTypeSpec& type = s_.fraud_types[t];
    const Peak p = own[t].empty() ? global_peak : peak_of(global_events, events_of(own[t]));
    const double peak = type.rate_per_day * p.factor;
    if (p.factor == 1) {
      sources.push_back({peak, type_rate_nodes_[t],
                         fmt::format("fraud type '{}' at {} a day", type.id, per_day(peak))});
      continue;
    }
    // The largest factor acting at the peak is what to lower.
    const RateWindow* biggest = nullptr;
    for (const RateWindow& w : windows) {
      const auto& types = types_of(w);
      const bool applies = types.empty() || std::find(types.begin(), types.end(),
                                                      static_cast<int>(t)) != types.end();
      if (applies && w.start <= p.time && p.time < w.end &&
          (biggest == nullptr || w.multiplier > biggest->multiplier))
        biggest = &w;
    }
    const std::string head =
        fmt::format("fraud type '{}' reaches {} a day at {} ({} a day x {:.6g})", type.id,
                    per_day(peak), civil_text(cal.to_civil(engine::kTimeZero + Duration{p.time})),
                    per_day(type.rate_per_day), p.factor);
    const auto i = static_cast<std::size_t>(biggest->source);
    // A rate raised with --set is what the user just changed: blame it rather than the file.
    if (r_.is_override(type_rate_nodes_[t]))
      sources.push_back({peak, type_rate_nodes_[t], head});
    else if (biggest->added)
      sources.push_back({peak, inject_surges_[i].multiplier_node,
                         fmt::format("{}, with the surge inject at {} of multiplier {:.6g}", head,
                                     civil_text(inject_surges_[i].at), biggest->multiplier)});
    else
      sources.push_back({peak, surge_nodes_[i],
                         fmt::format("{}, with surge '{}' of multiplier {:.6g}", head,
                                     s_.surges[i].name, biggest->multiplier)});
  }
  std::vector<int> instances(s_.desk_kinds.size(), 0);
  for (const DeskSpec& d : s_.desks) ++instances[static_cast<std::size_t>(d.kind_index)];
  // Surges that also scale inbound calls: all of them at once, an upper bound.
  double inbound_factor = 1;
  for (const SurgeSpec& sg : s_.surges)
    if (sg.inbound) inbound_factor *= sg.multiplier;
  for (std::size_t i = 0; i < s_.inbound.size(); ++i) {
    const InboundSpec& in = s_.inbound[i];
    const int n = instances[static_cast<std::size_t>(in.desk_kind)];
    sources.push_back(
        {in.rate_per_day * n * inbound_factor, inbound_rate_nodes_[i],
         fmt::format("inbound '{}' brings {} a day to each of the {} instances of desk '{}' ({} "
                     "a day)",
                     in.id, per_day(in.rate_per_day), n,
                     s_.desk_kinds[static_cast<std::size_t>(in.desk_kind)],
                     per_day(in.rate_per_day * n))});
  }
  double total = 0;
  const Contribution* largest = nullptr;
  for (const Contribution& c : sources) {
    total += c.per_day;
    if (largest == nullptr || c.per_day > largest->per_day) largest = &c;
  }
  if (total > kMaxRatePerDay)
    r_.fail(largest->node,
            fmt::format("arrivals would reach {} a day, above the limit of {} a day for the whole "
                        "scenario (every fraud type at its peak after surges and surge injects, "
                        "plus inbound calls times desk instances); the largest part: {}",
                        per_day(total), per_day(kMaxRatePerDay), largest->what));
}

void ScenarioBuilder::check_reachable_rules() {
  // A rule "takes everything" of a grade (and fraud type) when it matches any amount. Later
  // rules whose every grade x type is taken that way can never match. Rules that together
  // cover only by splitting amounts are not detected (rare, and never a plain mistake).
  const double inf = std::numeric_limits<double>::infinity();
  std::array<int, kGrades> grade_wide;  // first rule taking all of a grade, any type
  grade_wide.fill(-1);
  std::map<std::pair<int, int>, int> type_wide;  // (grade, type) -> first rule taking it all
  for (std::size_t j = 0; j < s_.rules.size(); ++j) {
    const MatchSpec& m = s_.rules[j].match;
    std::vector<int> grades = m.grades;
    if (grades.empty())
      for (int g = 1; g <= kGrades; ++g) grades.push_back(g);
    std::vector<int> by;  // the earlier rules that take this one's alerts, in rule order
    bool shadowed = true;
    for (int g : grades) {
      if (grade_wide[static_cast<std::size_t>(g - 1)] >= 0) {
        by.push_back(grade_wide[static_cast<std::size_t>(g - 1)]);
        continue;
      }
      if (m.fraud_types.empty()) {
        shadowed = false;
        break;
      }
      for (int t : m.fraud_types) {
        const auto it = type_wide.find({g, t});
        if (it == type_wide.end()) {
          shadowed = false;
          break;
        }
        by.push_back(it->second);
      }
      if (!shadowed) break;
    }
    if (shadowed) {
      std::sort(by.begin(), by.end());
      by.erase(std::unique(by.begin(), by.end()), by.end());
      // One earlier rule alone may take it all, though others come first for some grades.
      const auto covers = [&](const MatchSpec& e) {
        const auto has = [](const std::vector<int>& v, int x) {
          return v.empty() || std::find(v.begin(), v.end(), x) != v.end();
        };
        for (int g : grades)
          if (!has(e.grades, g)) return false;
        if (m.fraud_types.empty()) return e.fraud_types.empty();
        for (int t : m.fraud_types)
          if (!has(e.fraud_types, t)) return false;
        return true;
      };
      if (by.size() > 1)
        for (int i : by)
          if (covers(s_.rules[static_cast<std::size_t>(i)].match)) {
            by = {i};
            break;
          }
      std::vector<std::string> names;
      for (int i : by) names.push_back("'" + s_.rules[static_cast<std::size_t>(i)].name + "'");
      const std::string& name = s_.rules[j].name;
      const YAML::Node at = Reader::find(rule_nodes_[j], "name");
      if (by.size() == 1)
        r_.fail(at, fmt::format("rule '{}' can never match: rule {} before it takes every alert "
                                "it would (rules are tried in order; move '{}' above {}, or "
                                "narrow {})",
                                name, names[0], name, names[0], names[0]));
      s_.warnings.push_back(r_.warning(
          at, fmt::format("rule '{}' can never match: rules {} before it take every alert it "
                          "would (rules are tried in order)",
                          name, join(names))));
    }
    if (m.amount_min != 0 || m.amount_max != inf || m.conditional()) continue;
    for (int g : grades) {
      if (m.fraud_types.empty()) {
        int& w = grade_wide[static_cast<std::size_t>(g - 1)];
        if (w < 0) w = static_cast<int>(j);
        continue;
      }
      for (int t : m.fraud_types) type_wide.emplace(std::pair{g, t}, static_cast<int>(j));
    }
  }
}

// ---------------------------------------------------------------- injects

Duration ScenarioBuilder::inject_window(const YAML::Node& body, std::string_view section) {
  const YAML::Node n = r_.get(body, section, "for");
  const Duration d = r_.duration(n, "for");
  if (d.count() <= 0) r_.fail(n, "'for' must be > 0");
  return d;
}

int ScenarioBuilder::inject_desk(const YAML::Node& ref,
                                 const std::unordered_map<std::string, int>& index,
                                 const std::vector<std::string>& ids) {
  const std::string id = r_.string(ref, "desk");
  const auto it = index.find(id);
  if (it != index.end()) return it->second;
  // The id of an `each:` desk kind names no single desk: point at its instances.
  if (const auto kind = kind_index_.find(id); kind != kind_index_.end())
    for (const DeskSpec& d : s_.desks)
      if (d.kind_index == kind->second)
        r_.fail(ref, fmt::format("'{}' is a desk kind with one desk at every {}; name one of them "
                                 "(e.g. '{}')",
                                 id,
                                 s_.levels[static_cast<std::size_t>(
                                     s_.units[static_cast<std::size_t>(d.unit)].level)],
                                 d.id));
  return lookup(index, ref, "desk instance", ids);
}

void ScenarioBuilder::read_injects() {
  const YAML::Node list = r_.get(root_, "root", "injects");
  r_.expect_sequence(list, "injects");
  if (list.size() == 0) return;
  struct Kind {
    const char* key;
    const char* section;
    InjectKind kind;
  };
  static constexpr std::array<Kind, 5> kKinds = {
      Kind{"surge", "inject_surge", InjectKind::surge},
      Kind{"desk_outage", "inject_desk_outage", InjectKind::desk_outage},
      Kind{"headcount", "inject_headcount", InjectKind::desk_headcount},
      Kind{"officers_unavailable", "inject_officers_unavailable", InjectKind::officers_unavailable},
      Kind{"alert", "inject_alert", InjectKind::alert}};
  constexpr std::string_view kKindList =
      "surge, desk_outage, headcount, officers_unavailable or alert";

  const engine::Calendar cal(s_.clock.start);
  const engine::SimTime end = engine::kTimeZero + s_.clock.horizon;
  const auto types = type_ids();
  // Names for suggestions, only for small sets (as in lookup()).
  std::vector<std::string> unit_ids, desk_ids;
  if (s_.units.size() <= 2000)
    for (const auto& u : s_.units) unit_ids.push_back(u.id);
  std::unordered_map<std::string, int> desk_index;
  for (std::size_t i = 0; i < s_.desks.size(); ++i) {
    desk_index.emplace(s_.desks[i].id, static_cast<int>(i));
    if (s_.desks.size() <= 2000) desk_ids.push_back(s_.desks[i].id);
  }

  std::vector<std::pair<engine::SimTime, InjectSpec>> timed;
  for (const YAML::Node& n : list) {
    r_.check_map(n, "inject", "inject");
    InjectSpec in;
    const YAML::Node at = r_.get(n, "inject", "at");
    in.at = r_.civil_time(at, "at");
    const engine::SimTime t = cal.to_sim(in.at);
    if (t < engine::kTimeZero || t >= end)
      r_.fail(at, fmt::format("inject at {} is outside the run, which starts at {} and ends "
                              "before {}",
                              civil_text(in.at), civil_text(s_.clock.start),
                              civil_text(cal.to_civil(end))));

    const Kind* kind = nullptr;
    for (const auto& kv : n)
      for (const Kind& k : kKinds) {
        if (kv.first.Scalar() != k.key) continue;
        if (kind != nullptr)
          r_.fail(kv.first, fmt::format("inject has both '{}' and '{}' (one kind per entry: {})",
                                        kind->key, k.key, kKindList));
        kind = &k;
      }
    if (kind == nullptr)
      r_.fail(n, fmt::format("inject has no kind (add one of {} besides 'at')", kKindList));
    in.kind = kind->kind;
    const std::string_view sec = kind->section;
    const YAML::Node body = r_.get(n, "inject", kind->key);
    r_.check_map(body, sec, fmt::format("{} inject", kind->key));

    switch (in.kind) {
      case InjectKind::surge: {
        const YAML::Node m = r_.get(body, sec, "multiplier");
        in.multiplier = r_.number(m, "multiplier");
        if (!(in.multiplier > 1))
          r_.fail(m, fmt::format("'multiplier' of a surge inject must be > 1, got {} (it adds "
                                 "(multiplier - 1) x the rate)",
                                 m.Scalar()));
        in.multiplier = r_.number(m, "multiplier", range(sec, "multiplier"));
        const YAML::Node tl = r_.get(body, sec, "types");
        r_.expect_sequence(tl, "types");
        for (const YAML::Node& ty : tl)
          in.fraud_types.push_back(lookup(type_index_, ty, "fraud type", types));
        in.duration = inject_window(body, sec);
        inject_surges_.push_back({in.at, in.duration, in.multiplier, in.fraud_types, m});
        break;
      }
      case InjectKind::desk_outage:
        in.desk = inject_desk(r_.get(body, sec, "desk"), desk_index, desk_ids);
        in.headcount = 0;
        in.duration = inject_window(body, sec);
        break;
      case InjectKind::desk_headcount:
        in.desk = inject_desk(r_.get(body, sec, "desk"), desk_index, desk_ids);
        in.headcount = static_cast<int>(r_.get_integer(body, sec, "headcount"));
        in.duration = inject_window(body, sec);
        break;
      case InjectKind::officers_unavailable: {
        in.unit = lookup(unit_index_, r_.get(body, sec, "unit"), "unit", unit_ids);
        const YAML::Node count = r_.get(body, sec, "count");
        in.count = Reader::present(count)
                       ? static_cast<int>(r_.integer(count, "count", range(sec, "count")))
                       : -1;
        in.duration = inject_window(body, sec);
        break;
      }
      case InjectKind::alert: {
        in.fraud_type = lookup(type_index_, r_.get(body, sec, "type"), "fraud type", types);
        const FraudTypeSpec& type = s_.fraud_types[static_cast<std::size_t>(in.fraud_type)];
        in.grade = static_cast<int>(r_.get_integer(body, sec, "grade"));
        in.amount = r_.get_number(body, sec, "amount");
        const YAML::Node unit = r_.get(body, sec, "unit");
        in.unit = lookup(unit_index_, unit, "unit", unit_ids);
        const UnitSpec* u = &s_.units[static_cast<std::size_t>(in.unit)];
        if (!u->children.empty()) {
          const std::string id = u->id;
          while (!u->children.empty()) u = &s_.units[static_cast<std::size_t>(u->children[0])];
          r_.fail(unit, fmt::format("unit '{}' of an alert inject is not a leaf (alerts happen at "
                                    "level '{}', e.g. '{}')",
                                    id, s_.levels.back(), u->id));
        }
        const YAML::Node ttl = r_.get(body, sec, "time_to_loss");
        in.time_to_loss = r_.duration(ttl, "time_to_loss");
        if (in.time_to_loss.count() <= 0) r_.fail(ttl, "'time_to_loss' must be > 0");
        const YAML::Node lang = r_.get(body, sec, "language");
        // Any language of the scenario (a place's mix may bring one the type does not list).
        in.language = Reader::present(lang) ? language_id(r_.string(lang, "language"), lang)
                                            : language_id(type.languages.front(), body);
        break;
      }
    }
    timed.emplace_back(t, std::move(in));
  }
  std::stable_sort(timed.begin(), timed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  s_.injects.reserve(timed.size());
  for (auto& [t, in] : timed) s_.injects.push_back(std::move(in));
}

}  // namespace hotline::scenario::detail
