// The include-graph checker behind tests/layers/: finds every #include that crosses a layer in
// a source tree laid out like this repository (include/hotline/<layer>/ for public headers,
// sim/<layer>/ for sources and private headers) and checks it against a layer graph.
// Plain std::filesystem and string scanning; no compiler, no build tree.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace hotline::testing {

// One row of the layer graph: the layers `name` uses directly. PUBLIC edges are the ones its
// public headers may need (CMake passes them on to users of the layer), PRIVATE edges only
// its sources in sim/<name>/ may use.
struct LayerEdges {
  std::string name;
  std::vector<std::string> public_uses;
  std::vector<std::string> private_uses;
};
using LayerGraph = std::vector<LayerEdges>;

// One #include whose target could be placed in a layer.
struct LayerInclude {
  std::string file;  // relative to the scanned root, with '/' separators
  int line = 0;      // 1-based
  std::string text;  // the include as written, e.g. "hotline/model/records.hpp"
  std::string from;  // the including file's layer ("" if it is in no layer directory)
  std::string to;    // the included file's layer ("" if it is in no layer directory)
  bool from_public_header = false;  // the including file is under include/
};

// The includes of every file under root/include and root/sim, in path order, then line order.
// A quoted include is first resolved next to the including file (as the compiler does), so
// "../dispatch/x.hpp" inside sim/model/ counts as model -> dispatch; otherwise an include of
// "hotline/<layer>/..." (quoted or angled) counts as that layer. Other includes (the standard
// library, third-party headers) are not returned. Line and block comments are skipped.
std::vector<LayerInclude> scan_layer_includes(const std::filesystem::path& root);

// Everything `layer` may include: itself and every layer reachable over any edge (sources), or
// over PUBLIC edges only (public headers). Empty if `layer` is not in the graph.
std::set<std::string> reachable_layers(const LayerGraph& graph, const std::string& layer,
                                       bool public_only);

// One include the graph does not allow, with what it breaks.
struct LayerViolation {
  std::string file;
  int line = 0;
  std::string from;
  std::string to;
  std::string text;
  std::string reason;
  // "include/hotline/engine/x.hpp:7: engine -> model (#include "hotline/model/y.hpp"): ..."
  std::string describe() const;
};

// The includes in `includes` that `graph` does not allow: files or targets in a directory that
// names no layer of the graph, an edge that is not reachable, and a public header that needs a
// layer reachable only over a PRIVATE edge.
std::vector<LayerViolation> check_layer_includes(const LayerGraph& graph,
                                                 const std::vector<LayerInclude>& includes);

// A graph as CMakeLists.txt writes it to <build>/layer_graph.txt, one line per layer:
//   "study: PUBLIC model metrics PRIVATE dispatch scenario"
// Throws std::runtime_error on a line it cannot read.
LayerGraph read_layer_graph(const std::filesystem::path& file);

}  // namespace hotline::testing
