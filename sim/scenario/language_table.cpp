#include "language_table.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace hotline::scenario::detail {

namespace {

// ISO 639-1 (the 183 two-letter codes), for scenarios that declare no language table.
constexpr std::string_view kIso6391 =
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv "
    "cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr "
    "ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw "
    "ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv "
    "ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr "
    "ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi "
    "yo za zh zu";

bool is_iso(std::string_view code) {
  if (code.size() != 2) return false;
  for (std::size_t i = 0; i + 2 <= kIso6391.size(); i += 3)
    if (kIso6391.substr(i, 2) == code) return true;
  return false;
}

// The codes most scenarios of the 96110 line use, first in suggestions.
const std::vector<std::string>& common_codes() {
  static const std::vector<std::string> codes = {"zh", "bo", "ug", "mn", "kk", "ko",
                                                 "ii", "za", "en", "ru", "ky", "vi"};
  return codes;
}

// " (did you mean 'zh'?)": the first candidate one edit away (codes are too short for the
// loader's general hint, which needs words of three letters or more).
std::string close_code(const std::string& code, const std::vector<std::string>& candidates) {
  for (const auto& c : candidates)
    if (edit_distance(code, c) == 1) return fmt::format(" (did you mean '{}'?)", c);
  return "";
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

void LanguageTable::declare(const YAML::Node& list) {
  r_.expect_sequence(list, "languages");
  for (const YAML::Node& n : list) {
    r_.check_map(n, "language", "a language");
    const YAML::Node code_node = r_.get(n, "language", "code");
    const std::string code = r_.string(code_node, "code");
    if (code.empty() || std::any_of(code.begin(), code.end(), [](unsigned char c) {
          return std::isspace(c) || c == ',' || c == '"';
        }))
      r_.fail(code_node, "a language code is a non-empty word without spaces (e.g. zh, bo)");
    if (index_.count(code) != 0)
      r_.fail(code_node, fmt::format("language '{}' is declared twice", code));
    if (languages_.size() == kMaxLanguages)
      r_.fail(code_node, fmt::format("more than {} languages declared", kMaxLanguages));
    const YAML::Node name = r_.get(n, "language", "name");
    index_.emplace(code, static_cast<int>(languages_.size()));
    languages_.push_back({code, Reader::present(name) ? r_.string(name, "name") : code});
    declared_ = true;
  }
}

int LanguageTable::id(const std::string& code, const YAML::Node& at) {
  const auto it = index_.find(code);
  if (it != index_.end()) return it->second;
  if (declared_) {
    std::vector<std::string> known;
    for (const auto& l : languages_) known.push_back(l.code);
    unknown(code, at, known, true);
  }
  if (!is_iso(code)) unknown(code, at, common_codes(), false);
  if (languages_.size() == kMaxLanguages)
    r_.fail(at, fmt::format("more than {} distinct language codes in one scenario", kMaxLanguages));
  index_.emplace(code, static_cast<int>(languages_.size()));
  languages_.push_back({code, code});
  return static_cast<int>(languages_.size() - 1);
}

void LanguageTable::unknown(const std::string& code, const YAML::Node& at,
                            const std::vector<std::string>& known, bool declared) const {
  // Case first: "ZH" for "zh" is the commonest slip, and codes are case-sensitive.
  const std::string low = lower(code);
  for (const auto& k : known)
    if (lower(k) == low)
      r_.fail(at, fmt::format("language '{}' is not {}; codes are case-sensitive: write '{}'", code,
                              declared ? "declared" : "an ISO 639-1 code", k));
  if (!declared && is_iso(low))
    r_.fail(at, fmt::format("language '{}' is not an ISO 639-1 code; codes are case-sensitive: "
                            "write '{}'",
                            code, low));
  if (declared)
    r_.fail(at, fmt::format("language '{}' is not declared in the top-level 'languages:' list "
                            "(declared: {}){}",
                            code, fmt::join(known, ", "), close_code(code, known)));
  // Three-letter codes (ISO 639-2/3) of the languages of the line, and common names.
  static constexpr std::pair<std::string_view, std::string_view> kLonger[] = {
      {"tib", "bo"}, {"bod", "bo"}, {"chi", "zh"}, {"zho", "zh"}, {"cmn", "zh"},
      {"uig", "ug"}, {"mon", "mn"}, {"kaz", "kk"}, {"kor", "ko"}, {"eng", "en"},
      {"rus", "ru"}, {"kir", "ky"}, {"iii", "ii"}, {"zha", "za"}, {"yue", "zh"}};
  std::string hint;
  for (const auto& [three, two] : kLonger)
    if (low == three) hint = fmt::format(" (the ISO 639-1 code is '{}')", two);
  if (hint.empty()) hint = close_code(code, known);
  if (hint.empty()) {
    std::vector<std::string> iso;
    for (std::size_t i = 0; i + 2 <= kIso6391.size(); i += 3)
      iso.emplace_back(kIso6391.substr(i, 2));
    hint = close_code(code, iso);
  }
  r_.fail(at, fmt::format("language '{}' is not an ISO 639-1 code{} (to use other codes, "
                          "declare them in a top-level 'languages:' list)",
                          code, hint));
}

}  // namespace hotline::scenario::detail
