// A fixed-width text table for the console: aligned columns, a header line, a dashed rule
// under it, optional rules between row groups. Widths are measured in terminal columns
// (UTF-8 aware, CJK counted double), so "¥" and Chinese names line up. Used by the run
// summary and by the study layer's replication tables.
//
//   TextTable t;
//   t.column("grade", TextTable::Align::left).column("alerts").column("lost (¥)");
//   t.add_row({"grade 1", "120", "35,000"});
//   std::cout << t.render(2);
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace hotline::report {

class TextTable {
 public:
  enum class Align { left, right };

  // Adds a column; headers should carry their unit, e.g. "mean wait (s)".
  TextTable& column(std::string header, Align align = Align::right);
  // Throws std::invalid_argument if the row does not have one cell per column.
  void add_row(std::vector<std::string> cells);
  // A dashed line across the table at this point (e.g. before a total row).
  void add_rule();

  std::size_t column_count() const { return columns_.size(); }
  std::size_t row_count() const;  // rules excluded

  // Every line is prefixed by `indent` spaces, columns are separated by two spaces, lines end
  // in '\n' and carry no trailing spaces. An empty table (no columns) renders as "".
  std::string render(std::size_t indent = 0) const;

 private:
  struct Column {
    std::string header;
    Align align;
  };
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;  // an empty row is a rule
};

}  // namespace hotline::report
