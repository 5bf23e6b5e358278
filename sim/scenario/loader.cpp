#include "hotline/scenario/loader.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "hotline/scenario/embedded.hpp"
#include "overrides.hpp"
#include "patch.hpp"
#include "reader.hpp"
#include "scenario_builder.hpp"
#include "yaml_guard.hpp"

namespace hotline::scenario {

Override parse_override(std::string_view text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos)
    throw ScenarioError("--set", 1, 1,
                        fmt::format("expected KEY=VALUE, got '{}' (e.g. clock.horizon=30d)", text));
  if (eq == 0) throw ScenarioError("--set", 1, 1, "missing KEY before '='");
  return Override{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

Scenario load_scenario_text(std::string_view text, std::string_view display_name,
                            const std::vector<Override>& overrides,
                            const std::vector<Patch>& patches) {
  const std::string file(display_name);
  try {
    detail::Reader reader(file);
    YAML::Node root = detail::parse_guarded(detail::strip_bom(text), file);
    for (const Patch& p : patches) {
      const YAML::Node patch = detail::parse_guarded(detail::strip_bom(p.text), p.file);
      detail::merge_patch(root, patch, p.file, reader);
    }
    if (!overrides.empty()) detail::apply_overrides(root, overrides, reader);
    detail::ScenarioBuilder builder(reader, root);
    Scenario s = builder.build();
    s.source_name = file;
    s.source_text = std::string(text);
    return s;
  } catch (const ScenarioError&) {
    throw;
  } catch (const YAML::Exception& e) {
    // yaml-cpp misuse deep inside a conversion; still reported as a scenario error.
    throw ScenarioError(file, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.column + 1,
                        "YAML: " + e.msg);
  }
}

namespace {

// A file's text, size-limited; errors name the path.
std::string read_limited(const std::string& path, const char* what) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw ScenarioError(path, 0, 0, fmt::format("cannot read file: {}", ec.message()));
  if (size > detail::kMaxBytes)
    throw ScenarioError(path, 0, 0,
                        fmt::format("{} is {} bytes; the limit is {} bytes (4 MiB)", what, size,
                                    detail::kMaxBytes));
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ScenarioError(path, 0, 0, fmt::format("cannot open file: {}", std::strerror(errno)));
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

}  // namespace

Patch read_patch_file(const std::string& path) {
  return Patch{path, read_limited(path, "patch")};
}

Scenario load_scenario_file(const std::string& path, const std::vector<Override>& overrides,
                            const std::vector<Patch>& patches) {
  return load_scenario_text(read_limited(path, "scenario"), path, overrides, patches);
}

namespace {

std::string bundled_names() {
  std::string names;
  for (const EmbeddedScenario& e : embedded_scenarios())
    names += (names.empty() ? "" : ", ") + std::string(e.file_name);
  return names.empty() ? "none" : names;
}

const EmbeddedScenario* find_bundled(std::string_view name) {
  const std::string file =
      name.ends_with(".yaml") ? std::string(name) : std::string(name) + ".yaml";
  for (const EmbeddedScenario& e : embedded_scenarios())
    if (e.file_name == file) return &e;
  return nullptr;
}

// Errors (a bad --set on a bundled scenario) name "<embedded:NAME.yaml>", never a path a user
// might have a file at.
Scenario load_bundled(const EmbeddedScenario& e, const std::vector<Override>& overrides,
                      const std::vector<Patch>& patches) {
  return load_scenario_text(e.text, fmt::format("<embedded:{}>", e.file_name), overrides, patches);
}

}  // namespace

Scenario load_scenario(const std::string& path_or_name, const std::vector<Override>& overrides,
                       const std::vector<Patch>& patches) {
  const std::string& arg = path_or_name;
  constexpr std::string_view kBundled = "bundled:";
  if (arg.empty())
    throw ScenarioError("\"\"", 0, 0,
                        "the scenario argument is empty (give a scenario file, a bundled name "
                        "such as xizang or bundled:xizang, or leave the argument out for the "
                        "bundled default)");
  if (arg.starts_with(kBundled)) {
    const std::string_view name = std::string_view(arg).substr(kBundled.size());
    if (const EmbeddedScenario* e = find_bundled(name)) return load_bundled(*e, overrides, patches);
    throw ScenarioError(
        arg, 0, 0, fmt::format("no bundled scenario '{}' (bundled: {})", name, bundled_names()));
  }
  std::error_code ec;
  const auto status = std::filesystem::status(arg, ec);
  if (std::filesystem::exists(status)) {
    if (std::filesystem::is_directory(status))
      throw ScenarioError(arg, 0, 0, "is a directory, not a scenario file");
    return load_scenario_file(arg, overrides, patches);  // the user's file, whatever its name
  }
  if (arg.find('/') == std::string::npos)
    if (const EmbeddedScenario* e = find_bundled(arg)) return load_bundled(*e, overrides, patches);
  throw ScenarioError(arg, 0, 0,
                      fmt::format("no such file, and no bundled scenario of that name "
                                  "(bundled: {})",
                                  bundled_names()));
}

}  // namespace hotline::scenario
