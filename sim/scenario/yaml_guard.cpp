#include "yaml_guard.hpp"

#include <fmt/format.h>

#include <map>
#include <string>
#include <vector>

#include "hotline/scenario/loader.hpp"

namespace hotline::scenario::detail {

namespace {

struct Scan {
  std::string_view text;
  const std::string& file;
  int column_offset;
  std::size_t pos = 0;
  int line = 1;
  std::size_t line_start = 0;

  [[noreturn]] void fail(std::size_t at, const std::string& msg) const {
    // Columns count bytes; exact for ASCII, which is what these errors are about.
    throw ScenarioError(file, line, static_cast<int>(at - line_start) + 1 + column_offset, msg);
  }
};

// Length of the UTF-8 sequence starting at s[i], or 0 if invalid.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned c = b(i);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  unsigned min = 0, cp = 0;
  if ((c & 0xE0) == 0xC0)
    n = 2, cp = c & 0x1F, min = 0x80;
  else if ((c & 0xF0) == 0xE0)
    n = 3, cp = c & 0x0F, min = 0x800;
  else if ((c & 0xF8) == 0xF0)
    n = 4, cp = c & 0x07, min = 0x10000;
  else
    return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

void check_encoding(Scan& s) {
  const std::string_view t = s.text;
  for (std::size_t i = 0; i < t.size();) {
    const unsigned char c = static_cast<unsigned char>(t[i]);
    if (c == '\n') {
      ++s.line;
      s.line_start = ++i;
      continue;
    }
    if (c >= 0x80) {
      const std::size_t n = utf8_length(t, i);
      if (n == 0) s.fail(i, fmt::format("invalid UTF-8 byte 0x{:02X} (save the file as UTF-8)", c));
      // An invisible U+FEFF would otherwise end up inside a key ("unknown key 'seed'") or be
      // taken for a second BOM.
      if (t.substr(i, n) == "\xEF\xBB\xBF")
        s.fail(i,
               "byte order mark (U+FEFF) after the start of the file (remove it; only one, at "
               "the very start, is allowed)");
      i += n;
      continue;
    }
    if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F)
      s.fail(i, fmt::format("control character 0x{:02X} is not allowed in a scenario", c));
    ++i;
  }
}

// A light tokenizer that tracks how deeply collections nest, without trusting yaml-cpp with
// the text first. It errs on the side of counting: block levels are the stack of distinct
// indentations (each "- " counts as one), flow levels the open '[' / '{'.
void check_structure(Scan& s) {
  const std::string_view t = s.text;
  s.line = 1;
  s.line_start = 0;
  std::vector<int> indents;  // block indentation stack
  int flow = 0;
  int block_scalar_indent = -1;  // >= 0 while skipping a block scalar's lines
  // yaml-cpp holds every node in ~0.5 KB and takes microseconds per node, so a 4 MiB file of
  // "1,1,1,..." would need gigabytes and tens of seconds: count nodes (over-counting is fine)
  // before parsing.
  long nodes = 0;
  const auto count_node = [&](std::size_t at) {
    if (++nodes > kMaxNodes)
      s.fail(at, fmt::format("document has more than {} values (limit)", kMaxNodes));
  };
  std::size_t i = 0;
  while (i < t.size()) {
    // Start of a line.
    s.line_start = i;
    std::size_t j = i;
    while (j < t.size() && (t[j] == ' ' || t[j] == '\t')) ++j;
    const bool blank = j >= t.size() || t[j] == '\n' || t[j] == '\r' || t[j] == '#';
    int indent = static_cast<int>(j - i);
    if (block_scalar_indent >= 0) {
      if (blank || indent > block_scalar_indent) {
        while (i < t.size() && t[i] != '\n') ++i;
        if (i < t.size()) ++i, ++s.line;
        continue;
      }
      block_scalar_indent = -1;
    }
    if (!blank && flow == 0) {
      for (std::size_t k = i; k < j; ++k)
        if (t[k] == '\t')
          s.fail(k,
                 "tab character in indentation (YAML indents with spaces only; replace tabs "
                 "with spaces)");
    }
    std::size_t k = j;
    bool token_start = true;
    const auto push_block = [&](int col) {
      while (!indents.empty() && indents.back() >= col) indents.pop_back();
      indents.push_back(col);
    };
    if (!blank && flow == 0) {
      push_block(indent);
      // Compact nested sequences: "- - - x".
      while (k + 1 < t.size() && t[k] == '-' && (t[k + 1] == ' ' || t[k + 1] == '\n')) {
        count_node(k);
        k += 1;
        while (k < t.size() && t[k] == ' ') ++k;
        if (k < t.size() && t[k] != '\n' && t[k] != '#') push_block(static_cast<int>(k - i));
      }
    }
    if (static_cast<int>(indents.size()) + flow > kMaxDepth)
      s.fail(k, fmt::format("collections nest deeper than {} levels (limit)", kMaxDepth));
    // Rest of the line.
    while (k < t.size() && t[k] != '\n') {
      const char c = t[k];
      if (c == '#' && (k == s.line_start || t[k - 1] == ' ' || t[k - 1] == '\t')) {
        while (k < t.size() && t[k] != '\n') ++k;
        break;
      }
      if (token_start && (c == '\'' || c == '"')) {
        // Quoted scalar, possibly over several lines.
        count_node(k);
        const char q = c;
        ++k;
        while (k < t.size()) {
          if (t[k] == '\n') {
            ++s.line;
            s.line_start = k + 1;
          } else if (q == '"' && t[k] == '\\') {
            ++k;
          } else if (t[k] == q) {
            if (q == '\'' && k + 1 < t.size() && t[k + 1] == '\'')
              ++k;
            else
              break;
          }
          ++k;
        }
        if (k < t.size()) ++k;
        token_start = false;
        continue;
      }
      if (token_start && (c == '[' || c == '{')) {
        count_node(k);
        ++flow;
        if (static_cast<int>(indents.size()) + flow > kMaxDepth)
          s.fail(k, fmt::format("collections nest deeper than {} levels (limit)", kMaxDepth));
        ++k;
        continue;
      }
      if (flow > 0 && (c == ']' || c == '}')) {
        --flow;
        ++k;
        token_start = false;
        continue;
      }
      if (token_start && flow == 0 && (c == '|' || c == '>')) {
        count_node(k);
        block_scalar_indent = indent;
        while (k < t.size() && t[k] != '\n') ++k;
        break;
      }
      if (c == ' ' || c == '\t') {
        ++k;
        continue;
      }
      if ((c == ',' && flow > 0) || ((c == ':' || c == '-' || c == '?') &&
                                     (k + 1 >= t.size() || t[k + 1] == ' ' || t[k + 1] == '\n'))) {
        // An empty entry (",," or "- " alone) is still a node.
        count_node(k);
        token_start = true;
        ++k;
        continue;
      }
      if (token_start) count_node(k);
      token_start = false;
      ++k;
    }
    i = k;
    if (i < t.size()) ++i, ++s.line;
  }
}

struct TreeCheck {
  const std::string& file;
  int column_offset;
  long visits = 0;

  [[noreturn]] void fail(const YAML::Node& at, const std::string& msg) const {
    const YAML::Mark m = at.Mark();
    if (m.is_null()) throw ScenarioError(file, 0, 0, msg);
    throw ScenarioError(file, m.line + 1, m.column + 1 + column_offset, msg);
  }

  void walk(const YAML::Node& n, int depth) {
    if (++visits > kMaxNodeVisits)
      fail(n, fmt::format("document expands to more than {} nodes through aliases (limit)",
                          kMaxNodeVisits));
    if (depth > kMaxDepth)
      fail(n, fmt::format("collections nest deeper than {} levels through aliases (limit; an "
                          "alias inside its own anchor?)",
                          kMaxDepth));
    if (n.IsSequence()) {
      for (const auto& item : n) walk(item, depth + 1);
    } else if (n.IsMap()) {
      std::map<std::string, YAML::Mark> keys;
      for (const auto& kv : n) {
        if (!kv.first.IsScalar())
          fail(kv.first, "map keys must be plain scalars, not lists or maps");
        const auto [it, fresh] = keys.emplace(kv.first.Scalar(), kv.first.Mark());
        if (!fresh)
          fail(kv.first, fmt::format("duplicate key '{}' (first at {}:{})", kv.first.Scalar(),
                                     it->second.line + 1, it->second.column + 1 + column_offset));
        walk(kv.second, depth + 1);
      }
    }
  }
};

}  // namespace

std::string_view strip_bom(std::string_view text) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

void prescan(std::string_view text, const std::string& file, int column_offset) {
  if (text.size() > kMaxBytes)
    throw ScenarioError(
        file, 0, 0,
        fmt::format("scenario is {} bytes; the limit is {} bytes (4 MiB)", text.size(), kMaxBytes));
  Scan s{text, file, column_offset};
  check_encoding(s);
  check_structure(s);
}

YAML::Node parse_guarded(std::string_view text, const std::string& file, int column_offset) {
  prescan(text, file, column_offset);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    if (e.mark.is_null()) throw ScenarioError(file, 0, 0, "YAML syntax: " + e.msg);
    throw ScenarioError(file, e.mark.line + 1, e.mark.column + 1 + column_offset,
                        "YAML syntax: " + e.msg);
  }
  TreeCheck check{file, column_offset};
  check.walk(root, 0);
  return root;
}

}  // namespace hotline::scenario::detail
