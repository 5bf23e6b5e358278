#include "include_checker.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>

namespace hotline::testing {
namespace fs = std::filesystem;

namespace {

bool is_source_file(const fs::path& p) {
  static const std::set<std::string> kExtensions = {".h",   ".hh",  ".hpp", ".hxx", ".c",  ".cc",
                                                    ".cpp", ".cxx", ".ipp", ".inl", ".tpp"};
  return kExtensions.count(p.extension().string()) > 0;
}

std::vector<std::string> split_path(const std::string& generic) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(generic);
  while (std::getline(in, part, '/')) parts.push_back(part);
  return parts;
}

// include/hotline/<layer>/... and sim/<layer>/... name a layer; nothing else does.
std::string layer_of(const std::string& relative) {
  const auto parts = split_path(relative);
  if (parts.size() >= 4 && parts[0] == "include" && parts[1] == "hotline") return parts[2];
  if (parts.size() >= 3 && parts[0] == "sim") return parts[1];
  return "";
}

// "hotline/<layer>/..." as written in an include; "" for "hotline/x.hpp".
std::string layer_of_include_text(const std::string& text) {
  const auto parts = split_path(text);
  return parts.size() >= 3 ? parts[1] : "";
}

// The line without its comments. `in_block` carries an open /* ... */ across lines. String
// and character literals are skipped so a "/*" inside one does not open a comment.
std::string strip_comments(const std::string& line, bool& in_block) {
  std::string code;
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    const char next = i + 1 < line.size() ? line[i + 1] : '\0';
    if (in_block) {
      if (c == '*' && next == '/') {
        in_block = false;
        ++i;
      }
      continue;
    }
    if (quote != 0) {
      code += c;
      if (c == '\\' && next != '\0') {
        code += next;
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '/' && next == '/') break;
    if (c == '/' && next == '*') {
      in_block = true;
      ++i;
      code += ' ';
      continue;
    }
    if (c == '"' || c == '\'') quote = c;
    code += c;
  }
  return code;
}

// The target of an #include directive and whether it is quoted; an empty target if the line
// is no such directive (or is #include_next, or includes a macro).
struct Directive {
  std::string target;
  bool quoted = false;
};

Directive parse_include(const std::string& code) {
  std::size_t i = code.find_first_not_of(" \t");
  if (i == std::string::npos || code[i] != '#') return {};
  i = code.find_first_not_of(" \t", i + 1);
  constexpr std::string_view kInclude = "include";
  if (i == std::string::npos || code.compare(i, kInclude.size(), kInclude) != 0) return {};
  i += kInclude.size();
  if (i < code.size() && code[i] != ' ' && code[i] != '\t' && code[i] != '"' && code[i] != '<') {
    return {};  // #include_next and friends
  }
  i = code.find_first_not_of(" \t", i);
  if (i == std::string::npos || (code[i] != '"' && code[i] != '<')) return {};
  const char close = code[i] == '"' ? '"' : '>';
  const std::size_t end = code.find(close, i + 1);
  if (end == std::string::npos) return {};
  return {code.substr(i + 1, end - i - 1), close == '"'};
}

std::string join(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

const LayerEdges* find_layer(const LayerGraph& graph, const std::string& name) {
  for (const auto& l : graph) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

std::string unknown_layer_reason(const std::string& layer, const char* what) {
  if (layer.empty()) {
    return std::string(what) +
           " is in no layer directory (include/hotline/<layer>/ or sim/<layer>/)";
  }
  return std::string(what) + " is in layer '" + layer +
         "', which the layer graph does not know: add it to the table in "
         "tests/layers/include_graph_test.cpp and to CMakeLists.txt";
}

}  // namespace

std::vector<LayerInclude> scan_layer_includes(const fs::path& root) {
  std::vector<fs::path> files;
  for (const char* top : {"include", "sim"}) {
    if (!fs::is_directory(root / top)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
      if (entry.is_regular_file() && is_source_file(entry.path())) files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());

  std::vector<LayerInclude> includes;
  for (const auto& path : files) {
    const std::string relative = path.lexically_relative(root).generic_string();
    const std::string from = layer_of(relative);
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::string line;
    bool in_block = false;
    for (int number = 1; std::getline(in, line); ++number) {
      const Directive d = parse_include(strip_comments(line, in_block));
      if (d.target.empty()) continue;
      LayerInclude inc{relative, number, d.target, from, "", relative.rfind("include/", 0) == 0};
      const fs::path beside = (path.parent_path() / d.target).lexically_normal();
      if (d.quoted && fs::exists(beside)) {
        const std::string target = beside.lexically_relative(root).generic_string();
        inc.to = layer_of(target);  // "" if it escapes the layers (e.g. "../../fuzz/x.hpp")
      } else if (d.target.rfind("hotline/", 0) == 0) {
        inc.to = layer_of_include_text(d.target);
      } else {
        continue;  // the standard library or a third-party header
      }
      includes.push_back(std::move(inc));
    }
  }
  return includes;
}

std::set<std::string> reachable_layers(const LayerGraph& graph, const std::string& layer,
                                       bool public_only) {
  std::set<std::string> seen;
  if (find_layer(graph, layer) == nullptr) return seen;
  std::vector<std::string> to_visit = {layer};
  while (!to_visit.empty()) {
    const std::string name = to_visit.back();
    to_visit.pop_back();
    if (!seen.insert(name).second) continue;
    const LayerEdges* l = find_layer(graph, name);
    if (l == nullptr) continue;
    for (const auto& u : l->public_uses) to_visit.push_back(u);
    if (!public_only) {
      for (const auto& u : l->private_uses) to_visit.push_back(u);
    }
  }
  return seen;
}

std::string LayerViolation::describe() const {
  return file + ":" + std::to_string(line) + ": " + (from.empty() ? "(no layer)" : from) + " -> " +
         (to.empty() ? "(no layer)" : to) + " (#include \"" + text + "\"): " + reason;
}

std::vector<LayerViolation> check_layer_includes(const LayerGraph& graph,
                                                 const std::vector<LayerInclude>& includes) {
  std::vector<LayerViolation> out;
  for (const auto& inc : includes) {
    std::string reason;
    if (find_layer(graph, inc.from) == nullptr) {
      reason = unknown_layer_reason(inc.from, "the including file");
    } else if (find_layer(graph, inc.to) == nullptr) {
      reason = unknown_layer_reason(inc.to, "the included file");
    } else if (const auto all = reachable_layers(graph, inc.from, false); !all.count(inc.to)) {
      reason = inc.from + " may include only " + join(all);
    } else if (inc.from_public_header && !reachable_layers(graph, inc.from, true).count(inc.to)) {
      reason = "a public header of " + inc.from + " needs " + inc.to + ", which " + inc.from +
               " reaches only over a PRIVATE edge: make the edge PUBLIC (CMakeLists.txt and "
               "the layer table) or move the include into sim/" +
               inc.from + "/";
    }
    if (!reason.empty()) {
      out.push_back({inc.file, inc.line, inc.from, inc.to, inc.text, std::move(reason)});
    }
  }
  return out;
}

LayerGraph read_layer_graph(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  LayerGraph graph;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) throw std::runtime_error("no ':' in \"" + line + "\"");
    LayerEdges l{line.substr(0, colon), {}, {}};
    std::istringstream words(line.substr(colon + 1));
    std::vector<std::string>* uses = nullptr;
    for (std::string w; words >> w;) {
      if (w == "PUBLIC") {
        uses = &l.public_uses;
      } else if (w == "PRIVATE") {
        uses = &l.private_uses;
      } else if (uses == nullptr) {
        throw std::runtime_error("no PUBLIC or PRIVATE before \"" + w + "\" in \"" + line + "\"");
      } else {
        uses->push_back(w);
      }
    }
    graph.push_back(std::move(l));
  }
  return graph;
}

}  // namespace hotline::testing
