#include "hotline/report/review_page.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <nlohmann/json.hpp>

#include "hotline/report/band_chart.hpp"
#include "hotline/report/bar_chart.hpp"
#include "hotline/report/text_format.hpp"
#include "html_text.hpp"

namespace hotline::report {

using detail::data_num;
using detail::html_escape;
using Json = nlohmann::ordered_json;

namespace {

constexpr const char* kTraineesColour = "#2c6fbb";
constexpr const char* kStandardColour = "#7f8c8d";
constexpr std::array<const char*, 3> kZhGrade = {"一级预警", "二级预警", "三级预警"};

double share(std::int64_t hit, std::int64_t n) {
  return n > 0 ? static_cast<double>(hit) / static_cast<double>(n) : std::nan("");
}

Json totals_json(const ReviewTotals& t) {
  Json j;
  j["alerts"] = t.alerts;
  j["dissuaded"] = t.dissuaded;
  j["lost"] = t.lost;
  j["not_paid"] = t.not_paid;
  j["open"] = t.open;
  j["reach_eligible"] = t.reach_eligible;
  j["reached_within_target"] = t.reached_within_target;
  const double sh = share(t.reached_within_target, t.reach_eligible);
  j["reached_within_target_share"] = std::isfinite(sh) ? Json(sh) : Json();
  j["lost_yuan"] = t.lost_yuan;
  j["avoided_yuan"] = t.avoided_yuan;
  j["escalations"] = t.escalations;
  return j;
}

Json side_json(const ReviewSide& x) {
  Json j;
  j["outcome"] = x.outcome;
  j["reach"] = x.reach;
  j["lost_yuan"] = x.lost_yuan;
  j["avoided_yuan"] = x.avoided_yuan;
  j["escalations"] = x.escalations;
  j["first_contact_ms"] = x.first_contact_ms >= 0 ? Json(x.first_contact_ms) : Json();
  j["closed_ms"] = x.closed_ms >= 0 ? Json(x.closed_ms) : Json();
  j["channel"] = x.channel.empty() ? Json() : Json(x.channel);
  j["decided_by"] = x.decided_by;
  j["decided_ms"] = x.decided_ms >= 0 ? Json(x.decided_ms) : Json();
  j["decision"] = x.decision;
  return j;
}

std::string yuan(double v) {
  return "¥" + format_money(v);
}

std::string percent(double v) {
  return std::isfinite(v) ? format_percent(v) : "-";
}

std::string table(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows, const std::string& id = "",
                  const std::vector<std::string>& row_attrs = {}) {
  std::string out = id.empty() ? "<table class=\"review\">\n<tr>"
                               : fmt::format("<table class=\"review\" id=\"{}\">\n<tr>", id);
  for (const auto& h : header) out += "<th>" + html_escape(h) + "</th>";
  out += "</tr>\n";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    out += r < row_attrs.size() && !row_attrs[r].empty() ? "<tr " + row_attrs[r] + ">" : "<tr>";
    // The last column is the one in words (a cause, a detail): it wraps.
    for (std::size_t c = 0; c < rows[r].size(); ++c)
      out += (c + 1 == rows[r].size() ? "<td class=\"why\">" : "<td>") + html_escape(rows[r][c]) +
             "</td>";
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

// A card with both runs' values of one total.
std::string total_card(const std::string& name, const std::string& label, const std::string& zh,
                       double trainees, double standard, const std::string& shown_t,
                       const std::string& shown_s) {
  return fmt::format(
      "<div class=\"kpi\" data-total=\"{}\" data-trainees=\"{}\" data-standard=\"{}\">"
      "<div class=\"label\">{}</div><div class=\"zh\">{}</div><div class=\"value\">{}</div>"
      "<div class=\"ci\">standard rules 标准规则: {}</div></div>\n",
      html_escape(name), data_num(trainees), data_num(standard), html_escape(label),
      html_escape(zh), html_escape(shown_t), html_escape(shown_s));
}

// Yuan lost so far, by hour, in one run: a step series sampled at every whole hour.
std::vector<ChartValue> lost_by_hour(const ReviewPage& p, bool trainees, std::int64_t hours) {
  std::vector<ChartValue> out(static_cast<std::size_t>(hours + 1), ChartValue{0, 0});
  for (const auto& row : p.alerts) {
    const ReviewSide& x = trainees ? row.trainees : row.standard;
    if (x.lost_yuan <= 0 || x.closed_ms < 0) continue;
    const auto from = static_cast<std::size_t>((x.closed_ms + 3'599'999) / 3'600'000);
    for (std::size_t h = from; h < out.size(); ++h) out[h].mean += x.lost_yuan;
  }
  return out;
}

}  // namespace

std::string review_json(const ReviewPage& p) {
  Json j;
  j["format"] = "hotline-sim after-action review";
  j["version"] = 1;
  j["scenario"] = {{"name", p.scenario}, {"sha256", p.scenario_sha256}};
  j["seed"] = p.seed;
  j["start_clock"] = p.start_clock;
  j["until_ms"] = p.until_ms;
  j["until_clock"] = p.until_clock;
  j["ended"] = p.ended;
  Json cf;
  cf["kind"] = p.branch_at_ms >= 0 ? "branch" : "standard_rules_throughout";
  cf["branch_at_ms"] = p.branch_at_ms >= 0 ? Json(p.branch_at_ms) : Json();
  cf["branch_clock"] = p.branch_at_ms >= 0 ? Json(p.branch_clock) : Json();
  j["counterfactual"] = std::move(cf);
  j["trainees_fingerprint"] = p.trainees_fingerprint;
  j["alert_stream"] = {{"identical", p.alert_stream_identical}, {"note", p.alert_stream_note}};
  j["rubric"] = {{"from_scenario", p.rubric_from_scenario}};
  std::int64_t differences = 0;
  for (const auto& r : p.alerts) differences += r.differs;
  j["differences"] = differences;
  j["totals"] = {{"trainees", totals_json(p.trainees)}, {"standard", totals_json(p.standard)}};
  Json by_grade = Json::array();
  for (std::size_t g = 0; g < p.trainees_by_grade.size(); ++g)
    by_grade.push_back({{"grade", g + 1},
                        {"reach_within", g < p.grade_targets.size() ? p.grade_targets[g] : ""},
                        {"trainees", totals_json(p.trainees_by_grade[g])},
                        {"standard", totals_json(p.standard_by_grade[g])}});
  j["by_grade"] = std::move(by_grade);
  Json alerts = Json::array();
  for (const auto& r : p.alerts) {
    Json a;
    a["id"] = r.id;
    a["arrival_ms"] = r.arrival_ms;
    a["clock"] = r.clock;
    a["type"] = r.type;
    a["type_name"] = r.type_name;
    a["grade"] = r.grade;
    a["amount"] = r.amount;
    a["unit"] = r.unit;
    a["unit_name"] = r.unit_name;
    a["desk"] = r.desk.empty() ? Json() : Json(r.desk);
    a["differs"] = r.differs;
    a["cause_kind"] = r.cause_kind.empty() ? Json() : Json(r.cause_kind);
    a["cause"] = r.cause.empty() ? Json() : Json(r.cause);
    a["trainees"] = side_json(r.trainees);
    a["standard"] = side_json(r.standard);
    alerts.push_back(std::move(a));
  }
  j["alerts"] = std::move(alerts);
  Json timeline = Json::array();
  for (const auto& e : p.timeline)
    timeline.push_back({{"t_ms", e.t_ms},
                        {"clock", e.clock},
                        {"kind", e.kind},
                        {"by", e.by},
                        {"alert", e.alert ? Json(e.alert) : Json()},
                        {"text", e.text}});
  j["timeline"] = std::move(timeline);
  Json scores = Json::array();
  for (const auto& t : p.scores) {
    Json criteria = Json::array();
    for (const auto& c : t.criteria)
      criteria.push_back({{"id", c.id},
                          {"label", c.label},
                          {"limit", c.limit},
                          {"scored", c.scored},
                          {"met", c.met},
                          {"mean_s", c.mean_s >= 0 ? Json(c.mean_s) : Json()}});
    Json items = Json::array();
    for (const auto& i : t.items)
      items.push_back(
          {{"alert", i.alert}, {"criterion", i.criterion}, {"met", i.met}, {"text", i.text}});
    const double sh = share(t.met, t.scored);
    scores.push_back({{"name", t.name},
                      {"desks", t.desks},
                      {"alerts", t.alerts},
                      {"decisions", t.decisions},
                      {"scored", t.scored},
                      {"met", t.met},
                      {"score", std::isfinite(sh) ? Json(sh) : Json()},
                      {"criteria", std::move(criteria)},
                      {"items", std::move(items)}});
  }
  j["trainees"] = std::move(scores);
  Json pacing;
  double max_lag = 0, sum = 0;
  Json series = Json::array();
  for (const auto& x : p.pacing) {
    max_lag = std::max(max_lag, x.lag_s);
    sum += x.lag_s;
    series.push_back({x.t_ms, x.lag_s});
  }
  pacing["samples"] = p.pacing.size();
  pacing["max_lag_s"] = p.pacing.empty() ? Json() : Json(max_lag);
  pacing["mean_lag_s"] =
      p.pacing.empty() ? Json() : Json(sum / static_cast<double>(p.pacing.size()));
  pacing["series"] = std::move(series);
  j["pacing"] = std::move(pacing);
  return j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string review_html(const ReviewPage& p) {
  // Review tables: short cells stay on one line, the long explanation wraps at words.
  std::string out =
      detail::page_head(p.scenario + " · after-action review 复盘",
                        "table.review td{text-align:left}"
                        "table.review td.why{min-width:300px}"
                        "table.review th{text-align:left}h3{font-size:16px;margin:20px 0 4px}\n");
  out += fmt::format("<h1>After-action review 演练复盘: {}</h1>\n", html_escape(p.scenario));
  out += fmt::format(
      "<p class=\"lead\">{} to {}{} · seed {} · {}</p>\n", html_escape(p.start_clock),
      html_escape(p.until_clock),
      p.ended ? " (the end of the exercise)" : " (exercise still running)", p.seed,
      p.branch_at_ms >= 0
          ? html_escape("counterfactual: what the trainees did until " + p.branch_clock +
                        ", then the standard rules (every desk released) 自" + p.branch_clock +
                        "起由标准规则接管")
          : html_escape("counterfactual: the standard rules throughout 全程标准规则"));
  out += p.alert_stream_identical
             ? "<p class=\"note\" data-alert-stream=\"identical\">Both runs saw the same alerts "
               "(arrival times, attributes, hidden time to loss): every row compares one alert "
               "with itself. 两次运行的预警流完全相同。</p>\n"
             : fmt::format(
                   "<p class=\"incomplete\" data-alert-stream=\"differs\">The runs saw "
                   "different alerts ({}): rows are not comparable (a bug).</p>\n",
                   html_escape(p.alert_stream_note));

  // Totals.
  out += "<h2>Totals 总计</h2>\n<div class=\"cards\">\n";
  const double st = share(p.trainees.reached_within_target, p.trainees.reach_eligible);
  const double ss = share(p.standard.reached_within_target, p.standard.reach_eligible);
  out += total_card("reached_within_target", "reached within target", "目标时间内触达", st, ss,
                    percent(st), percent(ss));
  out += total_card("lost_yuan", "yuan lost", "被骗损失 (元)", p.trainees.lost_yuan,
                    p.standard.lost_yuan, yuan(p.trainees.lost_yuan), yuan(p.standard.lost_yuan));
  out += total_card("avoided_yuan", "yuan avoided", "避免损失 (元)", p.trainees.avoided_yuan,
                    p.standard.avoided_yuan, yuan(p.trainees.avoided_yuan),
                    yuan(p.standard.avoided_yuan));
  out += total_card("escalations", "escalations", "升级处置",
                    static_cast<double>(p.trainees.escalations),
                    static_cast<double>(p.standard.escalations),
                    format_count(p.trainees.escalations), format_count(p.standard.escalations));
  out += total_card("lost", "alerts lost", "被骗预警数", static_cast<double>(p.trainees.lost),
                    static_cast<double>(p.standard.lost), format_count(p.trainees.lost),
                    format_count(p.standard.lost));
  out += total_card("dissuaded", "alerts dissuaded", "成功劝阻",
                    static_cast<double>(p.trainees.dissuaded),
                    static_cast<double>(p.standard.dissuaded), format_count(p.trainees.dissuaded),
                    format_count(p.standard.dissuaded));
  out += "</div>\n";

  std::vector<std::string> grades;
  std::vector<ChartValue> reach_t, reach_s, lost_t, lost_s;
  for (std::size_t g = 0; g < p.trainees_by_grade.size(); ++g) {
    grades.push_back(fmt::format("{} grade {} ({})", g < kZhGrade.size() ? kZhGrade[g] : "", g + 1,
                                 g < p.grade_targets.size() ? p.grade_targets[g] : ""));
    reach_t.push_back(
        {share(p.trainees_by_grade[g].reached_within_target, p.trainees_by_grade[g].reach_eligible),
         0});
    reach_s.push_back(
        {share(p.standard_by_grade[g].reached_within_target, p.standard_by_grade[g].reach_eligible),
         0});
    lost_t.push_back({p.trainees_by_grade[g].lost_yuan, 0});
    lost_s.push_back({p.standard_by_grade[g].lost_yuan, 0});
  }
  out += BarChart("reach_by_grade", "Reached within target, by grade 分级目标时间内触达率")
             .categories(grades)
             .series({"trainees 学员", kTraineesColour, reach_t})
             .series({"standard rules 标准规则", kStandardColour, reach_s})
             .y_label("share")
             .y_range(0, 1)
             .format([](double v) { return fmt::format("{:.0f}%", 100 * v); })
             .svg();
  out += BarChart("lost_by_grade", "Yuan lost, by grade 分级损失金额")
             .categories(grades)
             .series({"trainees 学员", kTraineesColour, lost_t})
             .series({"standard rules 标准规则", kStandardColour, lost_s})
             .y_label("yuan")
             .format([](double v) { return yuan(v); })
             .svg();
  const std::int64_t hours = std::max<std::int64_t>(1, (p.until_ms + 3'599'999) / 3'600'000);
  std::vector<double> xs;
  std::vector<std::string> labels;
  for (std::int64_t h = 0; h <= hours; ++h) {
    xs.push_back(static_cast<double>(h));
    labels.push_back(hours <= 24 || h % 6 == 0 ? fmt::format("{}h", h) : "");
  }
  out += BandChart("lost_over_time", "Yuan lost so far 累计损失")
             .x(xs, labels)
             .series({"trainees 学员", kTraineesColour, lost_by_hour(p, true, hours)})
             .series({"standard rules 标准规则", kStandardColour, lost_by_hour(p, false, hours)})
             .x_label("hours since the start")
             .y_label("yuan")
             .format([](double v) { return yuan(v); })
             .svg();

  // Alerts whose outcome differed.
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> attrs;
  for (const auto& r : p.alerts) {
    if (!r.differs) continue;
    rows.push_back({std::to_string(r.id), r.clock,
                    (r.type_name.empty() ? r.type : r.type_name + " (" + r.type + ")"),
                    std::to_string(r.grade), yuan(r.amount),
                    r.unit_name.empty() ? r.unit : r.unit_name,
                    r.trainees.outcome + " · " + r.trainees.reach,
                    r.standard.outcome + " · " + r.standard.reach, r.cause});
    attrs.push_back(
        fmt::format("data-alert=\"{}\" data-cause=\"{}\"", r.id, html_escape(r.cause_kind)));
  }
  out += fmt::format("<h2>Alerts whose outcome differed 结果不同的预警 ({})</h2>\n", rows.size());
  out +=
      "<p class=\"note\">outcome · reached within target (hit / miss / undecided), with the "
      "trainees and under the standard rules, and the decision that made the difference: a "
      "trainee's decision, no decision in time, or a knock-on of decisions on other alerts "
      "(queues, officers, lines).</p>\n";
  out += rows.empty() ? "<p>None: every alert ended as it would have under the standard rules. "
                        "所有预警结果与标准规则相同。</p>\n"
                      : table({"alert 预警", "arrival 到达", "type 类型", "grade 等级",
                               "amount 金额", "community 社区", "trainees 学员",
                               "standard rules 标准规则", "what made the difference 原因"},
                              rows, "differences", attrs);

  // Trainees' scores.
  out += fmt::format("<h2>Scores against the rubric 评分{}</h2>\n",
                     p.rubric_from_scenario ? "" : " (default rubric 默认评分标准)");
  if (p.scores.empty()) out += "<p>No trainee took a desk. 无学员参与。</p>\n";
  for (const auto& t : p.scores) {
    out += fmt::format(
        "<h3 data-trainee=\"{}\" data-scored=\"{}\" data-met=\"{}\">{} · desks {} · {} alerts, {} "
        "decisions · {} of {} met ({})</h3>\n",
        html_escape(t.name), t.scored, t.met, html_escape(t.name),
        html_escape(t.desks.empty() ? std::string("-")
                                    : fmt::format("{}", fmt::join(t.desks, ", "))),
        t.alerts, t.decisions, t.met, t.scored, percent(share(t.met, t.scored)));
    std::vector<std::vector<std::string>> crit;
    for (const auto& c : t.criteria)
      crit.push_back({c.label, c.limit, std::to_string(c.scored), std::to_string(c.met),
                      percent(share(c.met, c.scored)),
                      c.mean_s >= 0 ? format_duration(c.mean_s) : "-"});
    out += table({"criterion 评分项", "limit 标准", "scored 计分", "met 达标", "share 达标率",
                  "mean time to decide 平均决策时间"},
                 crit);
    std::vector<std::vector<std::string>> missed;
    for (const auto& i : t.items)
      if (!i.met) missed.push_back({i.criterion, i.text});
    if (!missed.empty())
      out +=
          "<p class=\"note\">Missed 未达标:</p>\n" + table({"criterion", "what happened"}, missed);
  }

  // Pacing.
  out += "<h2>Pacing lag 节奏延迟</h2>\n";
  if (p.pacing.empty()) {
    out += "<p>No pacing samples in the log (a replayed or an older exercise).</p>\n";
  } else {
    std::vector<double> px;
    std::vector<std::string> pl;
    std::vector<ChartValue> pv;
    double max_lag = 0;
    const std::size_t step = std::max<std::size_t>(1, p.pacing.size() / 600);
    for (std::size_t i = 0; i < p.pacing.size(); i += step) {
      px.push_back(static_cast<double>(p.pacing[i].t_ms) / 3.6e6);
      pl.push_back("");
      pv.push_back({p.pacing[i].lag_s, 0});
    }
    for (const auto& x : p.pacing) max_lag = std::max(max_lag, x.lag_s);
    if (!pl.empty()) pl.front() = fmt::format("{:.1f}h", px.front());
    if (pl.size() > 1) pl.back() = fmt::format("{:.1f}h", px.back());
    out += fmt::format(
        "<p data-max-lag-s=\"{}\">How far the simulation ran behind the wall clock, "
        "over the session: at most {:.2f} s ({} samples).</p>\n",
        data_num(max_lag), max_lag, p.pacing.size());
    out += BandChart("pacing_lag", "Pacing lag 节奏延迟 (s)")
               .x(px, pl)
               .series({"lag", kTraineesColour, pv})
               .x_label("simulated hours")
               .y_label("seconds")
               .svg();
  }

  // Timeline.
  std::vector<std::vector<std::string>> events;
  for (const auto& e : p.timeline)
    events.push_back({e.clock, e.kind, e.by, e.alert ? std::to_string(e.alert) : "", e.text});
  out += fmt::format("<h2>Timeline 时间线 ({} events)</h2>\n", events.size());
  out += table({"time 时间", "what 事件", "by 操作者", "alert 预警", "detail 说明"}, events,
               "timeline");
  out +=
      "<p class=\"note\">Written by hotline-sim from the exercise log: the same log gives the "
      "same page. See docs/after-action-review.md.</p>\n</body>\n</html>\n";
  return out;
}

}  // namespace hotline::report
