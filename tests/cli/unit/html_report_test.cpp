// report.html and its SVG charts, from hand-made structs: every chart is there with its
// numbers, nothing is fetched, text is escaped, and the bytes are deterministic.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <string>

#include "hotline/report/band_chart.hpp"
#include "hotline/report/bar_chart.hpp"
#include "hotline/report/heat_map.hpp"
#include "hotline/report/html_report.hpp"

using namespace hotline;
using namespace hotline::report;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + what.size())) ++n;
  return n;
}

// Self-contained: no script, no external resource, no URL but the SVG namespace.
void check_self_contained(const std::string& html) {
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
  CHECK(html.find("href=") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  std::string rest = html;
  const std::string ns = "http://www.w3.org/2000/svg";
  for (auto p = rest.find(ns); p != std::string::npos; p = rest.find(ns)) rest.erase(p, ns.size());
  CHECK(rest.find("http") == std::string::npos);
}

ReportScenario two_types() {
  ReportScenario s;
  s.name = "测试 <scenario>";
  s.grade_kpis = {"grade1.reached_within_600s", "grade2.reached_within_3600s",
                  "grade3.reached_within_14400s"};
  s.grade_targets = {"10 min", "1 h", "4 h"};
  s.type_ids = {"loan", "brush"};
  s.type_names = {"虚假网络贷款", "刷单返利"};
  s.interval_names = {"night", "day"};
  s.interval_labels = {"night 00:00-12:00", "day 12:00-00:00"};
  return s;
}

ReportKpis kpis(double scale) {
  ReportKpis k;
  const auto add = [&](const std::string& name, double mean, double hw) {
    k.names.push_back(name);
    k.values.push_back({mean, hw, 0.1, 5});
  };
  add("grade1.reached_within_600s", 0.8 * scale, 0.02);
  add("all.reached_within_target", 0.75 * scale, 0.01);
  add("all.lost_yuan", 12345.5, 1000);
  add("all.avoided_yuan", 50000 * scale, 4000);
  add("all.saved_share", 0.4, 0.03);
  add("type.loan.lost_yuan", 10000, 900);
  add("type.loan.avoided_yuan", 30000 * scale, 2000);
  add("type.brush.lost_yuan", 2345.5, 300);
  add("type.brush.avoided_yuan", 20000 * scale, 1500);
  for (int h = 0; h < 24; ++h) add(fmt::format("all.reached_within_target.h{:02}", h), 0.7, 0.05);
  return k;
}

}  // namespace

TEST_CASE("a bar chart has one bar per category and series, with exact values and escaped text") {
  BarChart chart("yuan", "Yuan <lost>");
  chart.categories({"a&b", "刷单返利"})
      .series({"lost", "#c00", {{1.5, 0.25}, {-2, 0}}})
      .series({"avoided", "#0c0", {{3, 1}, {0.1, 0.05}}});
  const std::string svg = chart.svg();
  CHECK(svg.find("data-chart=\"yuan\"") != std::string::npos);
  CHECK(count(svg, "class=\"bar\"") == 4);
  CHECK(svg.find("data-series=\"lost\" data-category=\"a&amp;b\" data-value=\"1.5\" "
                 "data-half-width=\"0.25\"") != std::string::npos);
  CHECK(svg.find("data-value=\"-2\"") != std::string::npos);
  CHECK(svg.find("Yuan &lt;lost&gt;") != std::string::npos);
  CHECK(svg.find("Yuan <lost>") == std::string::npos);
  CHECK(svg.find("刷单返利") != std::string::npos);
  CHECK(count(svg, "class=\"whisker\"") == 3);  // the value without a CI has none
}

TEST_CASE("a band chart draws a band and a point per x for each series") {
  BandChart chart("reach", "Reached");
  chart.x({0, 1, 2}, {"00", "", "02"}).series({"all", "#333", {{0.5, 0.1}, {0.6, 0}, {0.7, 0.2}}});
  const std::string svg = chart.svg();
  CHECK(svg.find("data-chart=\"reach\"") != std::string::npos);
  CHECK(count(svg, "class=\"band\"") == 1);
  CHECK(count(svg, "class=\"point\"") == 3);
  CHECK(svg.find("data-x=\"2\" data-value=\"0.7\" data-half-width=\"0.2\"") != std::string::npos);
}

TEST_CASE("a heat map has a cell per row and column, grey without data") {
  HeatMap map("heat", "Load");
  map.columns({"00", "01"}).row("96110 西藏", {0.25, std::nan("")}).row("b", {1.0, 0.0});
  const std::string svg = map.svg();
  CHECK(map.rows() == 2);
  CHECK(count(svg, "class=\"cell\"") == 4);
  CHECK(svg.find("data-row=\"0\" data-col=\"1\" data-value=\"\"") != std::string::npos);
  CHECK(svg.find("#d9d9d9") != std::string::npos);
  CHECK(svg.find("96110 西藏") != std::string::npos);
}

TEST_CASE("a run page shows every chart and the headline numbers exactly, self-contained") {
  RunPage page;
  page.scenario = two_types();
  page.kpis = kpis(1.0);
  page.replications = 5;
  page.desk_hours.desks = {"96110  西藏自治区"};
  page.desk_hours.utilisation = {std::vector<double>(24, 0.5)};
  page.desk_hours.queue = {std::vector<double>(24, 1.25)};
  page.cost.priced = true;
  page.cost.operator_yuan = 1234.5;
  page.cost.days = 2;
  page.manifest = {{"seed", "7"}};
  const std::string html = run_report_html(page);
  for (const char* id : {"desk-hour-utilisation", "desk-hour-queue", "yuan-by-type",
                         "reached-by-hour", "reached-by-interval"})
    CHECK_MESSAGE(html.find(std::string("data-chart=\"") + id + "\"") != std::string::npos, id);
  CHECK(html.find("data-kpi=\"all.lost_yuan\" data-mean=\"12345.5\" data-half-width=\"1000\"") !=
        std::string::npos);
  CHECK(html.find("data-cost-yuan=\"1234.5\"") != std::string::npos);
  CHECK(html.find("测试 &lt;scenario&gt;") != std::string::npos);
  CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
  CHECK(html.find("Noto Sans CJK SC") != std::string::npos);
  check_self_contained(html);
  CHECK(run_report_html(page) == html);
  CHECK(html.find("id=\"incomplete\"") == std::string::npos);
  page.incomplete = "interrupted by SIGINT after 3 of 10 replications";
  CHECK(run_report_html(page).find("Incomplete 结果不完整: interrupted by SIGINT after 3 of 10") !=
        std::string::npos);
}

TEST_CASE("a sweep page plots each KPI against the parameter and the marginal yuan avoided") {
  SweepPage page;
  page.scenario = two_types();
  page.parameter = "desks.96110.roster.night.headcount";
  for (int n = 2; n <= 4; ++n)
    page.variants.push_back({fmt::format("night {}", n), static_cast<double>(n),
                             kpis(1.0 + 0.1 * (n - 2)), 1000.0 * n});
  page.kpis = {"grade1.reached_within_600s", "all.avoided_yuan"};
  const std::string html = sweep_report_html(page);
  CHECK(html.find("data-chart=\"sweep-grade1-reached_within_600s\"") != std::string::npos);
  CHECK(html.find("data-chart=\"sweep-all-avoided_yuan\"") != std::string::npos);
  CHECK(html.find("data-chart=\"sweep-marginal\"") != std::string::npos);
  // Unpaired: each step is the difference of the variants' means (50000 x 0.1), its
  // half-width the two half-widths in quadrature.
  const std::string step =
      "data-category=\"2 → 3\" data-value=\"" + fmt::format("{}", 55000.0 - 50000.0);
  CHECK(html.find(step) != std::string::npos);
  CHECK(html.find(fmt::format("data-half-width=\"{}\"", std::hypot(4000.0, 4000.0))) !=
        std::string::npos);
  CHECK(html.find("unpaired") != std::string::npos);
  check_self_contained(html);

  // With the sweep's own paired estimates, those are shown instead.
  page.marginal_avoided = {{4800, 300, 0, 5}, {4100, 350, 0, 5}};
  const std::string paired = sweep_report_html(page);
  CHECK(paired.find("data-category=\"3 → 4\" data-value=\"4100\" data-half-width=\"350\"") !=
        std::string::npos);
  CHECK(paired.find("Paired differences") != std::string::npos);
}

TEST_CASE("a comparison page shows the paired differences with their CIs") {
  ComparisonPage page;
  page.scenario = two_types();
  page.base = "xizang";
  page.other = "xizang --vs-set x=1";
  page.change = "+1 night operator";
  page.replications = 5;
  study::KpiComparison k;
  k.name = "all.reached_within_target";
  k.base = {0.75, 0.01, 0.02, 5};
  k.other = {0.8, 0.01, 0.02, 5};
  k.paired = {0.05, 0.004, 0.003, 5};
  page.kpis = {k};
  const std::string html = comparison_report_html(page);
  CHECK(html.find("data-kpi=\"all.reached_within_target\" data-base=\"0.75\" data-other=\"0.8\" "
                  "data-mean=\"0.05\" data-half-width=\"0.004\"") != std::string::npos);
  for (const char* id : {"paired-differences", "yuan-by-type", "reached-by-hour"})
    CHECK_MESSAGE(html.find(std::string("data-chart=\"") + id + "\"") != std::string::npos, id);
  CHECK(html.find("+5.0 ± 0.4 points") != std::string::npos);
  check_self_contained(html);
}
