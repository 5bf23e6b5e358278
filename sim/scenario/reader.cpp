#include "reader.hpp"

#include "hotline/scenario/spelling.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "hotline/scenario/loader.hpp"

namespace hotline::scenario::detail {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

enum class Parsed { ok, not_a_number, out_of_range };

// Strict decimal number: [-+]digits[.digits][e[-+]digits]; no inf, nan or hex. A number too
// large (or too small) for a double, like 1e309, is out_of_range rather than not a number.
Parsed parse_double(std::string_view s, double& out) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return Parsed::not_a_number;
  const char c0 = s.front();
  if (!(std::isdigit(static_cast<unsigned char>(c0)) || c0 == '-' || c0 == '.'))
    return Parsed::not_a_number;
  for (char c : s)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.' ||
          c == 'e' || c == 'E'))
      return Parsed::not_a_number;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (end != s.data() + s.size()) return Parsed::not_a_number;
  if (ec == std::errc::result_out_of_range) return Parsed::out_of_range;
  if (ec != std::errc()) return Parsed::not_a_number;
  return std::isfinite(out) ? Parsed::ok : Parsed::out_of_range;
}

// "010", "-007", "01.5": digits after a leading zero. YAML 1.1 tools (PyYAML, older editors)
// read 010 as octal 8 where this loader would read 10, so the file would mean two things.
bool leading_zero(std::string_view s) {
  s = trim(s);
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) s.remove_prefix(1);
  return s.size() >= 2 && s[0] == '0' && std::isdigit(static_cast<unsigned char>(s[1]));
}

std::string leading_zero_hint(std::string_view text) {
  std::string_view s = trim(text);
  std::string sign;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    if (s.front() == '-') sign = "-";
    s.remove_prefix(1);
  }
  std::string_view digits = s;
  while (digits.size() > 1 && digits[0] == '0' &&
         std::isdigit(static_cast<unsigned char>(digits[1])))
    digits.remove_prefix(1);
  std::string hint = fmt::format("write {}{}", sign, digits);
  const bool octal = s.find_first_not_of("01234567") == std::string_view::npos;
  if (octal) {
    long long v = 0;
    for (char c : s) v = v * 8 + (c - '0');
    if (s.size() <= 20)
      hint += fmt::format("; YAML 1.1 tools read {} as octal {}{}", text, sign, v);
  }
  return hint;
}

}  // namespace

std::string suggestion(std::string_view word, const std::vector<std::string>& candidates) {
  std::size_t best = std::numeric_limits<std::size_t>::max();
  std::string best_word;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best) best = d, best_word = c;  // first of equals wins: table order, deterministic
  }
  // Short words are too easily "close" to anything; hint only when the word is long enough.
  const std::size_t limit = std::min<std::size_t>(3, word.size() / 3);
  if (best_word.empty() || best > limit || word.size() < 3) return "";
  return fmt::format(" (did you mean '{}'?)", best_word);
}

void Reader::mark_override(const YAML::Node& value, int column) {
  override_nodes_.emplace_back(value, column);
  if (value.IsSequence() || value.IsMap())
    for (const auto& item : value) {
      if (value.IsMap()) {
        mark_override(item.first, column);
        mark_override(item.second, column);
      } else {
        mark_override(item, column);
      }
    }
}

void Reader::mark_patch(const YAML::Node& root, const std::string& file) {
  const YAML::Mark m = root.Mark();
  placed_.emplace_back(root,
                       m.is_null() ? Place{file, 0, 0} : Place{file, m.line + 1, m.column + 1});
  if (root.IsMap())
    for (const auto& kv : root) {
      mark_patch(kv.first, file);
      mark_patch(kv.second, file);
    }
  else if (root.IsSequence())
    for (const auto& item : root) mark_patch(item, file);
}

void Reader::locate_as(const YAML::Node& made, const YAML::Node& like) {
  placed_.emplace_back(made, place_of(like));
}

Reader::Place Reader::place_of(const YAML::Node& at) const {
  // Latest first: a node placed again (a patch over a patch) reports its last place.
  for (auto it = placed_.rbegin(); it != placed_.rend(); ++it)
    if (at.is(it->first)) return it->second;
  const YAML::Mark m = at.Mark();
  for (const auto& [node, column] : override_nodes_)
    if (at.is(node)) return {"--set", 1, column + (m.is_null() ? 0 : m.column) + 1};
  if (m.is_null()) return {file_, 0, 0};
  return {file_, m.line + 1, m.column + 1};
}

bool Reader::is_override(const YAML::Node& n) const {
  for (const auto& entry : override_nodes_)
    if (n.is(entry.first)) return true;
  return false;
}

void Reader::fail(const YAML::Node& at, const std::string& message) const {
  const Place p = place_of(at);
  throw ScenarioError(p.file, p.line, p.column, message);
}

ScenarioWarning Reader::warning(const YAML::Node& at, const std::string& message) const {
  const Place p = place_of(at);
  // Built through ScenarioError so that the text is one line, like an error's.
  const ScenarioError e(p.file, p.line, p.column, message);
  return ScenarioWarning{e.file(), e.line(), e.column(), e.message()};
}

void Reader::fail_unplaced(const std::string& message) const {
  throw ScenarioError(file_, 0, 0, message);
}

void Reader::fail_at_start(const std::string& message) const {
  throw ScenarioError(file_, 1, 1, message);
}

std::string Reader::describe(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return "nothing";
  if (n.IsSequence()) return "a list";
  if (n.IsMap()) return "a map";
  std::string s = n.Scalar();
  if (s.size() > 40) {
    std::size_t cut = 37;  // not inside a UTF-8 character
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    s = s.substr(0, cut) + "...";
  }
  return "'" + s + "'";
}

YAML::Node Reader::find(const YAML::Node& map, std::string_view key) {
  if (map.IsDefined() && map.IsMap())
    for (const auto& kv : map)
      if (kv.first.Scalar() == key) return kv.second;
  return YAML::Node();
}

void Reader::check_map(const YAML::Node& node, std::string_view section,
                       std::string_view what) const {
  if (!node.IsMap()) fail(node, fmt::format("expected a map for {}, got {}", what, describe(node)));
  std::vector<std::string> allowed;
  for (const KeyInfo& k : scenario_keys())
    if (k.section == section) allowed.emplace_back(k.key);
  for (const auto& kv : node) {
    const std::string& key = kv.first.Scalar();
    if (key == "<<")
      fail(kv.first, fmt::format("YAML merge keys ('<<') are not supported, in {} or anywhere "
                                 "(write the keys out in full; --set changes values for a run)",
                                 what));
    if (find_key(section, key) == nullptr) {
      std::string hint = suggestion(key, allowed);
      if (hint.empty()) {
        hint = " (allowed: ";
        for (std::size_t i = 0; i < allowed.size(); ++i) hint += (i ? ", " : "") + allowed[i];
        hint += ")";
      }
      fail(kv.first, fmt::format("unknown key '{}' in {}{}", key, what, hint));
    }
  }
  for (const KeyInfo& k : scenario_keys()) {
    if (k.section != section || !k.required) continue;
    const YAML::Node v = find(node, k.key);
    if (v.IsNull() && v.Mark().is_null())
      fail(node, fmt::format("missing required key '{}' in {}", k.key, what));
    if (v.IsNull()) fail(v, fmt::format("missing value for '{}' in {}", k.key, what));
  }
}

YAML::Node Reader::get(const YAML::Node& map, std::string_view section, std::string_view key) {
  const KeyInfo* info = find_key(section, key);
  if (info == nullptr)
    throw std::logic_error(fmt::format("scenario key {}.{} is not declared", section, key));
  YAML::Node n = find(map, key);
  if (n.IsDefined() && !n.Mark().is_null()) {
    if (n.IsNull())
      fail(n, fmt::format("missing value for '{}' (write a value or remove the key)", key));
    return n;
  }
  if (n.IsDefined() && !n.IsNull()) return n;  // created by --set without a mark
  if (info->default_value.empty() || info->default_value == "flat") return YAML::Node();
  auto it = defaults_.find(info);
  if (it == defaults_.end())
    it = defaults_.emplace(info, YAML::Load(std::string(info->default_value))).first;
  return it->second;
}

std::string Reader::string(const YAML::Node& n, std::string_view what) const {
  if (!n.IsScalar()) fail(n, fmt::format("expected a string for '{}', got {}", what, describe(n)));
  return n.Scalar();
}

std::string Reader::identifier(const YAML::Node& n, std::string_view what) const {
  std::string s = string(n, what);
  if (s.empty()) fail(n, fmt::format("'{}' must not be empty", what));
  for (char c : s)
    if (c == ' ' || c == '.' || c == '/' || c == ':' || c == '=')
      fail(n, fmt::format("'{}' value '{}' contains '{}' (ids may not contain spaces, '.', '/', "
                          "':' or '=')",
                          what, s, c));
  return s;
}

double Reader::number(const YAML::Node& n, std::string_view what) const {
  return number(n, what, ValueRange{});
}

namespace {
// "'what' must be in [0, 1e12]", "'what' must be > 0".
std::string must_be(std::string_view what, const ValueRange& range) {
  const std::string text = range.text();
  const bool interval = !text.empty() && (text[0] == '[' || text[0] == '(');
  return fmt::format("'{}' must be {}{}", what, interval ? "in " : "", text);
}
}  // namespace

void Reader::fail_range(const YAML::Node& n, std::string_view what, const ValueRange& range) const {
  const std::string got = n.IsScalar() ? n.Scalar() : describe(n);
  if (range.min == 0 && range.max == 1 && !range.min_open && !range.max_open)
    fail(n, fmt::format("'{}' is a probability and must be in [0, 1], got {}", what, got));
  fail(n, fmt::format("{}, got {}", must_be(what, range), got));
}

double Reader::number(const YAML::Node& n, std::string_view what, const ValueRange& range) const {
  double v = 0;
  const Parsed p = n.IsScalar() ? parse_double(n.Scalar(), v) : Parsed::not_a_number;
  if (p == Parsed::out_of_range)
    fail(n, fmt::format("'{}' value {} is out of range: numbers must be finite, at most about "
                        "1.8e308{}",
                        what, describe(n),
                        range.bounded() ? ", and " + must_be(what, range) : std::string()));
  if (p != Parsed::ok)
    fail(n, fmt::format("expected a number for '{}', got {}", what, describe(n)));
  if (leading_zero(n.Scalar()))
    fail(n, fmt::format("'{}' value {} has a leading zero ({})", what, describe(n),
                        leading_zero_hint(n.Scalar())));
  if (!range.contains(v)) fail_range(n, what, range);
  return v;
}

double Reader::positive(const YAML::Node& n, std::string_view what) const {
  return number(n, what, above(0));
}

double Reader::non_negative(const YAML::Node& n, std::string_view what) const {
  return number(n, what, at_least(0));
}

double Reader::probability(const YAML::Node& n, std::string_view what) const {
  return number(n, what, closed(0, 1));
}

std::int64_t Reader::integer(const YAML::Node& n, std::string_view what,
                             const ValueRange& range) const {
  std::int64_t v = 0;
  bool ok = n.IsScalar();
  if (ok) {
    std::string_view s = trim(n.Scalar());
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    ok = !s.empty() && ec == std::errc() && end == s.data() + s.size();
    if (!ok && ec == std::errc::result_out_of_range && end == s.data() + s.size()) {
      if (range.max < 1e18 && !s.starts_with('-')) fail_range(n, what, range);
      fail(n, fmt::format("'{}' value {} is out of range for an integer ({} .. {}{})", what,
                          describe(n), std::numeric_limits<std::int64_t>::min(),
                          std::numeric_limits<std::int64_t>::max(),
                          range.bounded() ? ", and " + must_be(what, range) : std::string()));
    }
  }
  if (!ok) fail(n, fmt::format("expected an integer for '{}', got {}", what, describe(n)));
  if (leading_zero(n.Scalar()))
    fail(n, fmt::format("'{}' value {} has a leading zero ({})", what, describe(n),
                        leading_zero_hint(n.Scalar())));
  const bool below = range.min > -1e19 && (static_cast<double>(v) < range.min ||
                                           (range.min_open && static_cast<double>(v) == range.min));
  const bool beyond = range.max < 1e19 && (static_cast<double>(v) > range.max ||
                                           (range.max_open && static_cast<double>(v) == range.max));
  if (below || beyond) fail_range(n, what, range);
  return v;
}

double Reader::get_number(const YAML::Node& map, std::string_view section, std::string_view key) {
  const KeyInfo& info = key_info(section, key);
  return number(get(map, section, key), key, value_range(info));
}

std::int64_t Reader::get_integer(const YAML::Node& map, std::string_view section,
                                 std::string_view key) {
  const KeyInfo& info = key_info(section, key);
  return integer(get(map, section, key), key, info.range);
}

bool Reader::boolean(const YAML::Node& n, std::string_view what) const {
  if (n.IsScalar()) {
    const std::string& s = n.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  fail(n, fmt::format("expected true or false for '{}', got {}", what, describe(n)));
}

double Reader::duration_ms(const YAML::Node& n, std::string_view what) const {
  if (!n.IsScalar())
    fail(n, fmt::format("expected a duration for '{}', got {} (write e.g. 30s, 5min, 2h)", what,
                        describe(n)));
  const std::string_view s = trim(n.Scalar());
  // The number ends at the first letter, except an exponent's 'e' followed by a digit or sign
  // (1e3s; 'e' is no unit).
  std::size_t u = 0;
  while (u < s.size()) {
    const auto c = static_cast<unsigned char>(s[u]);
    if ((c == 'e' || c == 'E') && u > 0 && u + 1 < s.size() &&
        (std::isdigit(static_cast<unsigned char>(s[u + 1])) || s[u + 1] == '-' ||
         s[u + 1] == '+')) {
      u += 2;
      continue;
    }
    if (std::isalpha(c)) break;
    ++u;
  }
  const std::string_view num = trim(s.substr(0, u));
  const std::string_view unit = s.substr(u);
  double v = 0;
  if (parse_double(num, v) != Parsed::ok) {
    if (num.empty() && unit.empty())
      fail(n, fmt::format("expected a duration for '{}', got nothing", what));
    fail(n, fmt::format("expected a duration for '{}', got {} (write e.g. 30s, 5min, 2h)", what,
                        describe(n)));
  }
  if (unit.empty())
    fail(n, fmt::format("duration '{}' for '{}' has no unit (add a unit, e.g. {}s)", s, what, num));
  double scale = 0;
  if (unit == "ms")
    scale = 1;
  else if (unit == "s")
    scale = 1e3;
  else if (unit == "min")
    scale = 60e3;
  else if (unit == "h")
    scale = 3600e3;
  else if (unit == "d")
    scale = 86400e3;
  else if (unit == "w")
    scale = 7 * 86400e3;
  else if (unit == "m")
    fail(n, fmt::format("duration '{}' for '{}': unit 'm' is ambiguous (write {}min for minutes)",
                        s, what, num));
  else {
    // Spelled-out units are the usual slip; name the one meant.
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 15> kSpelled = {{
        {"mins", "min"},
        {"minute", "min"},
        {"minutes", "min"},
        {"sec", "s"},
        {"secs", "s"},
        {"second", "s"},
        {"seconds", "s"},
        {"hr", "h"},
        {"hrs", "h"},
        {"hour", "h"},
        {"hours", "h"},
        {"day", "d"},
        {"days", "d"},
        {"week", "w"},
        {"weeks", "w"},
    }};
    std::string hint = " (use ms, s, min, h, d or w)";
    for (const auto& [spelled, meant] : kSpelled)
      if (unit == spelled) hint = fmt::format(" (write {}{})", num, meant);
    fail(n, fmt::format("duration '{}' for '{}' has unknown unit '{}'{}", s, what, unit, hint));
  }
  if (v < 0) fail(n, fmt::format("duration '{}' for '{}' must not be negative", s, what));
  const double ms = v * scale;
  if (!(ms <= 1e15))  // about 31,000 years: beyond any run, and safe in int64
    fail(n, fmt::format("duration '{}' for '{}' is too long", s, what));
  return ms;
}

engine::Duration Reader::duration(const YAML::Node& n, std::string_view what) const {
  return engine::Duration{static_cast<std::int64_t>(std::llround(duration_ms(n, what)))};
}

namespace {
// Parses exactly `width` digits (or 1..2 when width == 0) at s[i]; advances i.
bool digits(std::string_view s, std::size_t& i, int width, int& out) {
  const std::size_t start = i;
  out = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) &&
         (width == 0 ? i - start < 2 : i - start < static_cast<std::size_t>(width)))
    out = out * 10 + (s[i++] - '0');
  return width == 0 ? i > start : i - start == static_cast<std::size_t>(width);
}
}  // namespace

int Reader::time_of_day(const YAML::Node& n, std::string_view what) const {
  int h = 0, m = 0;
  bool ok = n.IsScalar();
  if (ok) {
    const std::string_view s = trim(n.Scalar());
    std::size_t i = 0;
    ok = digits(s, i, 0, h) && i < s.size() && s[i++] == ':' && digits(s, i, 2, m) && i == s.size();
  }
  if (!ok)
    fail(n, fmt::format("expected a time of day \"HH:MM\" for '{}', got {}", what, describe(n)));
  if (h == 24 && m == 0)
    fail(n, fmt::format("time of day '24:00' for '{}' is out of range (write 00:00 for midnight: "
                        "a shift whose end is at or before its start ends the next day)",
                        what));
  if (h > 23 || m > 59)
    fail(n, fmt::format("time of day '{}' for '{}' is out of range (00:00 .. 23:59)", n.Scalar(),
                        what));
  return h * 60 + m;
}

engine::CivilTime Reader::civil_time(const YAML::Node& n, std::string_view what) const {
  engine::CivilTime c;
  bool ok = n.IsScalar();
  if (ok) {
    const std::string_view s = trim(n.Scalar());
    std::size_t i = 0;
    ok = digits(s, i, 4, c.year) && i < s.size() && s[i++] == '-' && digits(s, i, 2, c.month) &&
         i < s.size() && s[i++] == '-' && digits(s, i, 2, c.day) && i < s.size() && s[i++] == 'T' &&
         digits(s, i, 2, c.hour) && i < s.size() && s[i++] == ':' && digits(s, i, 2, c.minute);
    if (ok && i < s.size()) ok = s[i++] == ':' && digits(s, i, 2, c.second);
    ok = ok && i == s.size();
  }
  if (!ok)
    fail(n, fmt::format("expected a date-time \"YYYY-MM-DDTHH:MM\" for '{}', got {} (no time "
                        "zone; quote it)",
                        what, describe(n)));
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (c.year % 4 == 0 && c.year % 100 != 0) || c.year % 400 == 0;
  const bool date_ok = c.year >= 1900 && c.month >= 1 && c.month <= 12 && c.day >= 1 &&
                       c.day <= kDays[c.month - 1] && !(c.month == 2 && c.day == 29 && !leap);
  if (!date_ok || c.hour > 23 || c.minute > 59 || c.second > 59)
    fail(n, fmt::format("date-time '{}' for '{}' does not exist", n.Scalar(), what));
  return c;
}

engine::Distribution Reader::distribution(const YAML::Node& n, std::string_view what,
                                          bool durations, const ValueRange& range) {
  const auto value = [&](const YAML::Node& v, std::string_view key) {
    return durations ? duration_ms(v, key) : number(v, key, range);
  };
  if (n.IsScalar()) return engine::Distribution::constant(value(n, what));
  if (!n.IsMap())
    fail(n, fmt::format("expected {} or a distribution map {{dist: ...}} for '{}', got {}",
                        durations ? "a duration" : "a number", what, describe(n)));
  check_map(n, "distribution", fmt::format("distribution '{}'", what));
  const YAML::Node dist_node = get(n, "distribution", "dist");
  const std::string dist = string(dist_node, "dist");
  struct Family {
    std::string_view name;
    std::vector<std::string_view> keys;
  };
  static const std::vector<Family> kFamilies = {{"constant", {"value"}},
                                                {"exponential", {"mean"}},
                                                {"uniform", {"min", "max"}},
                                                {"lognormal", {"mean", "sd"}},
                                                {"gamma", {"mean", "sd", "shape", "scale"}},
                                                {"erlang", {"k", "mean"}},
                                                {"triangular", {"min", "mode", "max"}},
                                                {"empirical", {"points"}}};
  const Family* fam = nullptr;
  std::vector<std::string> names;
  for (const Family& f : kFamilies) {
    names.emplace_back(f.name);
    if (f.name == dist) fam = &f;
  }
  if (fam == nullptr) {
    std::string hint = suggestion(dist, names);
    if (hint.empty())
      hint =
          " (use constant, exponential, uniform, lognormal, gamma, erlang, triangular or "
          "empirical)";
    fail(dist_node, fmt::format("unknown distribution '{}'{}", dist, hint));
  }
  std::string takes;
  for (std::string_view k : fam->keys) takes += (takes.empty() ? "" : ", ") + std::string(k);
  if (dist == "gamma") takes = "mean, sd or shape, scale";
  for (const auto& kv : n) {
    const std::string& key = kv.first.Scalar();
    if (key == "dist") continue;
    if (std::find(fam->keys.begin(), fam->keys.end(), key) == fam->keys.end())
      fail(kv.first, fmt::format("key '{}' does not apply to a {} distribution ({} takes {})", key,
                                 dist, dist, takes));
  }
  const auto need = [&](std::string_view key) {
    const YAML::Node v = get(n, "distribution", key);
    if (!present(v))
      fail(n, fmt::format("{} distribution for '{}' needs '{}' ({} takes {})", dist, what, key,
                          dist, takes));
    return v;
  };
  const auto pos = [&](std::string_view key) {
    const YAML::Node v = need(key);
    const double x = value(v, key);
    if (!(x > 0)) fail(v, fmt::format("{} distribution needs '{}' > 0", dist, key));
    return x;
  };
  if (dist == "constant") return engine::Distribution::constant(value(need("value"), "value"));
  if (dist == "exponential") return engine::Distribution::exponential(pos("mean"));
  if (dist == "uniform") {
    const double lo = value(need("min"), "min");
    const YAML::Node hi_node = need("max");
    const double hi = value(hi_node, "max");
    if (hi < lo) fail(hi_node, "uniform distribution has max < min");
    return engine::Distribution::uniform(lo, hi);
  }
  if (dist == "lognormal") {
    const double mean = pos("mean");
    return engine::Distribution::lognormal(mean, value(need("sd"), "sd"));
  }
  if (dist == "gamma") {
    const bool by_moments = present(find(n, "mean")) || present(find(n, "sd"));
    const bool by_shape = present(find(n, "shape")) || present(find(n, "scale"));
    if (by_moments && by_shape)
      fail(n, "gamma distribution takes either mean, sd or shape, scale, not both");
    if (by_shape) {
      const YAML::Node shape_node = need("shape");
      const double shape = positive(shape_node, "shape");
      return engine::Distribution::gamma(shape, pos("scale"));
    }
    const double mean = pos("mean");
    const double sd = pos("sd");
    return engine::Distribution::gamma((mean / sd) * (mean / sd), sd * sd / mean);
  }
  if (dist == "erlang") {
    const int k = static_cast<int>(integer(need("k"), "k", key_info("distribution", "k").range));
    return engine::Distribution::erlang(k, pos("mean"));
  }
  if (dist == "triangular") {
    const double lo = value(need("min"), "min");
    const YAML::Node mode_node = need("mode");
    const double mode = value(mode_node, "mode");
    const YAML::Node hi_node = need("max");
    const double hi = value(hi_node, "max");
    if (mode < lo || mode > hi) fail(mode_node, "triangular distribution needs min <= mode <= max");
    if (!(hi > lo)) fail(hi_node, "triangular distribution needs max > min");
    return engine::Distribution::triangular(lo, mode, hi);
  }
  // empirical
  const YAML::Node points = need("points");
  expect_sequence(points, "points");
  if (points.size() < 2) fail(points, "empirical distribution needs at least 2 points");
  std::vector<double> values, cum;
  for (const YAML::Node& p : points) {
    if (!p.IsSequence() || p.size() != 2)
      fail(p, fmt::format("each empirical point is [value, cumulative], got {}", describe(p)));
    const double v = value(p[0], "value");
    const double c = probability(p[1], "cumulative");
    if (!values.empty() && v < values.back()) fail(p[0], "empirical values must be non-decreasing");
    if (!cum.empty() && c < cum.back())
      fail(p[1], "empirical cumulative probabilities must be non-decreasing");
    if (cum.empty() && c != 0) fail(p[1], "the first empirical cumulative probability must be 0");
    values.push_back(v);
    cum.push_back(c);
  }
  if (cum.back() != 1)
    fail(points[points.size() - 1][1], "the last empirical cumulative probability must be 1");
  return engine::Distribution::empirical(std::move(values), std::move(cum));
}

void Reader::expect_sequence(const YAML::Node& n, std::string_view what) const {
  if (!n.IsSequence()) fail(n, fmt::format("expected a list for '{}', got {}", what, describe(n)));
}

void Reader::expect_map(const YAML::Node& n, std::string_view what) const {
  if (!n.IsMap()) fail(n, fmt::format("expected a map for '{}', got {}", what, describe(n)));
}

std::vector<std::string> Reader::string_list(const YAML::Node& n, std::string_view what) const {
  expect_sequence(n, what);
  std::vector<std::string> out;
  out.reserve(n.size());
  for (const YAML::Node& item : n) out.push_back(string(item, what));
  return out;
}

std::vector<double> Reader::number_list(const YAML::Node& n, std::string_view what,
                                        const ValueRange& range) const {
  expect_sequence(n, what);
  std::vector<double> out;
  out.reserve(n.size());
  for (const YAML::Node& item : n) out.push_back(number(item, what, range));
  return out;
}

std::vector<double> Reader::profile(const YAML::Node& n, std::string_view what, std::size_t size,
                                    const ValueRange& range) const {
  std::vector<double> out(size, 1.0);
  if (!present(n)) return out;
  expect_sequence(n, what);
  if (n.size() != size) fail(n, fmt::format("'{}' needs {} values, got {}", what, size, n.size()));
  double sum = 0;
  for (std::size_t i = 0; i < size; ++i) {
    out[i] = number(n[i], what, range);
    sum += out[i];
  }
  if (!(sum > 0)) fail(n, fmt::format("'{}' is all zeros (at least one value must be > 0)", what));
  // The range keeps the sum finite; this guards the normalisation if a range ever grows.
  if (!std::isfinite(sum)) fail(n, fmt::format("the values of '{}' sum to infinity", what));
  for (double& x : out) x *= static_cast<double>(size) / sum;
  return out;
}

std::vector<std::pair<YAML::Node, double>> Reader::weight_map(const YAML::Node& n,
                                                              std::string_view what,
                                                              const ValueRange& range) const {
  std::vector<std::pair<YAML::Node, double>> out;
  if (!present(n)) return out;
  expect_map(n, what);
  for (const auto& kv : n) out.emplace_back(kv.first, number(kv.second, what, range));
  return out;
}

}  // namespace hotline::scenario::detail

namespace hotline::scenario {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace hotline::scenario
