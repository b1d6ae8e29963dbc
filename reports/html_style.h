// The stylesheet inlined into every HTML report. Screen: one readable column. Print (A4): every
// section starts a new page, figures and tables never split, colours print as shown.
#pragma once

#include <string_view>

namespace gpuplan::report {

inline constexpr std::string_view kReportCss = R"css(:root { color-scheme: light; }
body { margin: 0 auto; max-width: 980px; padding: 24px 28px 48px; background: #ffffff;
  color: #222222; font: 15px/1.6 sans-serif; }
h1 { font-size: 28px; line-height: 1.25; margin: 0 0 6px; }
h2 { font-size: 21px; margin: 40px 0 12px; padding-bottom: 4px; border-bottom: 2px solid #0072B2; }
nav.toc h2 { margin-top: 20px; }
nav.toc ol { margin: 0; padding-left: 1.6em; }
.subtitle { margin: 0 0 12px; color: #555555; font-size: 17px; }
p { margin: 8px 0; }
figure { margin: 22px 0; }
figure svg { display: block; width: 100%; max-width: 820px; height: auto; }
figcaption { margin-top: 6px; color: #444444; font-size: 13.5px; }
figcaption .label, caption { font-weight: bold; }
table { border-collapse: collapse; margin: 14px 0; font-size: 14px; }
caption { caption-side: top; text-align: left; padding-bottom: 6px; }
th, td { border: 1px solid #cccccc; padding: 5px 10px; vertical-align: top; }
thead th { background: #f0f0f0; text-align: left; }
table.kv th { background: #f7f7f7; text-align: left; font-weight: normal; color: #444444; }
table.kv td { font-weight: bold; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
tr.highlight td { background: #fff1cc; font-weight: bold; }
.callout { margin: 14px 0; padding: 8px 14px; border: 1px solid; border-left-width: 6px; }
.callout p { margin: 4px 0; }
.callout .verdict { display: inline-block; margin-right: 10px; padding: 0 6px;
  border: 1px solid currentColor; font-weight: bold; }
.callout.pass { border-color: #009E73; background: #ecf8f3; }
.callout.fail { border-color: #D55E00; background: #fcefe6; }
.callout.warn { border-color: #E69F00; background: #fdf5e2; }
.callout.note { border-color: #0072B2; background: #ebf3fa; }
.pre-caption { margin: 14px 0 4px; font-weight: bold; }
pre { margin: 0 0 14px; padding: 8px 10px; border: 1px solid #cccccc; background: #f7f7f7;
  font: 11.5px/1.45 monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
footer { margin-top: 48px; padding-top: 8px; border-top: 1px solid #cccccc; color: #555555;
  font-size: 12.5px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  section { break-before: page; }
  h2 { break-after: avoid; }
  figure, table, .callout { break-inside: avoid; }
  pre { font-size: 8pt; }
  figure svg { max-width: 100%; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)css";

}  // namespace gpuplan::report
