#include <doctest/doctest.h>

#include <stdexcept>

#include "hotline/report/text_table.hpp"

using hotline::report::TextTable;

TEST_CASE("TextTable aligns columns left or right under a dashed header rule") {
  TextTable t;
  t.column("grade", TextTable::Align::left).column("alerts").column("lost (¥)");
  t.add_row({"grade 1", "7", "35,000"});
  t.add_row({"g2", "120", "0"});
  t.add_rule();
  t.add_row({"all", "127", "35,000"});
  CHECK(t.row_count() == 3);
  CHECK(t.render(2) ==
        "  grade    alerts  lost (¥)\n"
        "  -------  ------  --------\n"
        "  grade 1       7    35,000\n"
        "  g2          120         0\n"
        "  -------  ------  --------\n"
        "  all         127    35,000\n");
}

TEST_CASE("TextTable pads wide characters by display width and trims trailing spaces") {
  TextTable t;
  t.column("unit", TextTable::Align::left).column("note", TextTable::Align::left);
  t.add_row({"拉萨", ""});
  t.add_row({"lhasa", "x"});
  CHECK(t.render() ==
        "unit   note\n"
        "-----  ----\n"
        "拉萨\n"
        "lhasa  x\n");
}

TEST_CASE("TextTable rejects a row with the wrong number of cells") {
  TextTable t;
  t.column("a").column("b");
  CHECK_THROWS_AS(t.add_row({"1"}), std::invalid_argument);
  t.add_row({"1", "2"});
  CHECK_THROWS_AS(t.column("c"), std::logic_error);
  CHECK(TextTable().render().empty());
}
