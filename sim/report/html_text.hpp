// Text helpers of the HTML report and its SVG charts. Internal to the report layer.
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <string>
#include <string_view>

namespace hotline::report::detail {

// `text` with &, <, >, " and ' escaped, for element content and attribute values alike.
inline std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A coordinate for SVG: two decimals, no exponent, "0" for non-finite input.
inline std::string svg_num(double v) {
  if (!std::isfinite(v)) return "0";
  return fmt::format("{:.2f}", v);
}

// A value as a data attribute, exactly (shortest round-trip form), so a test can compare the
// page with summary.json; "" for non-finite.
inline std::string data_num(double v) {
  return std::isfinite(v) ? fmt::format("{}", v) : "";
}

// The pages' shared head: doctype, charset, viewport, title and the inline CSS.
// Inline CSS. The font stack names CJK faces first so Chinese display names render (Debian:
// fonts-noto-cjk); Latin text falls back to the same face's Latin glyphs.
inline constexpr const char* kCss = R"(
:root{--ink:#1f2d3a;--muted:#5d6d7e;--rule:#d5dbe1;--card:#f6f8fa}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1100px;padding:24px 28px 48px;color:var(--ink);
font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC",
"Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;font-size:15px;line-height:1.45}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px;border-bottom:1px solid var(--rule);padding-bottom:4px}
p.lead{color:var(--muted);margin:0 0 12px}p.note{color:var(--muted);font-size:13px;margin:4px 0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:10px}
.kpi{background:var(--card);border:1px solid var(--rule);border-radius:6px;padding:10px 12px}
.kpi .label{font-size:13px;color:var(--muted)}.kpi .zh{font-size:12px;color:var(--muted)}
.kpi .value{font-size:22px;font-weight:600}.kpi .ci{font-size:13px;color:var(--muted)}
table{border-collapse:collapse;font-size:13px;margin:6px 0}
th,td{border-bottom:1px solid var(--rule);padding:4px 10px;text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}td.text{text-align:left;word-break:break-all}
svg.chart{display:block;max-width:100%;height:auto;margin:8px 0 16px}
svg text{font-family:inherit;fill:var(--ink)}
.chart-title{font-size:15px;font-weight:600}.tick,.legend{font-size:12px}.category,.row-label{font-size:12px}
.axis-label{font-size:12px;fill:var(--muted)}
.grid{stroke:#eef1f4}.axis{stroke:#7f8c8d}.whisker{stroke:#1f2d3a;stroke-width:1.2;fill:none}
.yes{color:#1e8449;font-weight:600}.no{color:var(--muted)}
.incomplete{background:#fdecea;border:1px solid #c0392b;border-radius:6px;padding:8px 12px;font-weight:600}
)";

// `extra_css`: a page's own rules, after the shared ones.
inline std::string page_head(const std::string& title, std::string_view extra_css = "") {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{}</title>\n<style>{}{}</style>\n</head>\n<body>\n",
      html_escape(title), kCss, extra_css);
}

}  // namespace hotline::report::detail
