#include "hotline/report/text_table.hpp"

#include <algorithm>
#include <stdexcept>
#include <string_view>

#include "hotline/report/text_format.hpp"

namespace hotline::report {

TextTable& TextTable::column(std::string header, Align align) {
  if (!rows_.empty()) throw std::logic_error("TextTable: add every column before the rows");
  columns_.push_back({std::move(header), align});
  return *this;
}

void TextTable::add_row(std::vector<std::string> cells) {
  if (cells.size() != columns_.size()) {
    throw std::invalid_argument("TextTable: row has " + std::to_string(cells.size()) +
                                " cells, table has " + std::to_string(columns_.size()) +
                                " columns");
  }
  rows_.push_back(std::move(cells));
}

void TextTable::add_rule() {
  rows_.emplace_back();
}

std::size_t TextTable::row_count() const {
  return static_cast<std::size_t>(
      std::count_if(rows_.begin(), rows_.end(), [](const auto& r) { return !r.empty(); }));
}

std::string TextTable::render(std::size_t indent) const {
  if (columns_.empty()) return "";
  std::vector<std::size_t> width(columns_.size());
  for (std::size_t c = 0; c < columns_.size(); ++c) width[c] = display_width(columns_[c].header);
  for (const auto& row : rows_) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      width[c] = std::max(width[c], display_width(row[c]));
    }
  }

  std::string out;
  const auto emit_line = [&](const auto& cell_of) {
    std::string line(indent, ' ');
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      const std::string_view cell = cell_of(c);
      const std::size_t pad = width[c] - std::min(width[c], display_width(cell));
      if (c > 0) line += "  ";
      if (columns_[c].align == Align::right) line.append(pad, ' ');
      line += cell;
      if (columns_[c].align == Align::left) line.append(pad, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line;
    out.push_back('\n');
  };
  const auto rule = [&] {
    std::string line(indent, ' ');
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      if (c > 0) line += "  ";
      line.append(width[c], '-');
    }
    out += line;
    out.push_back('\n');
  };

  emit_line([&](std::size_t c) { return std::string_view(columns_[c].header); });
  rule();
  for (const auto& row : rows_) {
    if (row.empty()) {
      rule();
    } else {
      emit_line([&](std::size_t c) { return std::string_view(row[c]); });
    }
  }
  return out;
}

}  // namespace hotline::report
