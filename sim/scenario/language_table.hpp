// The scenario's language table (Scenario::languages) as the loader builds it. With a
// top-level `languages:` list, every code the scenario uses must be one it declares; without
// one, every code must be an ISO 639-1 code (two lower-case letters), and the table holds the
// codes in order of first use. Either way a code that differs from a known one only in case
// ("ZH") or is close to one ("zn") is an error that names the right code. At most 64 codes
// (the model keeps language sets as 64-bit masks).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "hotline/spec/scenario.hpp"
#include "reader.hpp"

namespace hotline::scenario::detail {

class LanguageTable {
 public:
  static constexpr std::size_t kMaxLanguages = 64;

  explicit LanguageTable(Reader& reader) : r_(reader) {}
  // Reads the top-level `languages:` list (an absent or empty list declares nothing).
  void declare(const YAML::Node& list);
  // The index of `code` in the table (adding it when nothing is declared); `at` locates errors.
  int id(const std::string& code, const YAML::Node& at);
  const std::vector<LanguageSpec>& languages() const { return languages_; }

 private:
  [[noreturn]] void unknown(const std::string& code, const YAML::Node& at,
                            const std::vector<std::string>& known, bool declared) const;
  Reader& r_;
  bool declared_ = false;
  std::vector<LanguageSpec> languages_;
  std::unordered_map<std::string, int> index_;
};

}  // namespace hotline::scenario::detail
