#include "reports/charts/svg_writer.h"

#include <fmt/format.h>

#include <cmath>

#include "reports/text.h"
#include "sim/core/error.h"

namespace gpuplan::report {

std::string SvgNum(double value) {
  if (!std::isfinite(value)) return "0";
  std::string text = fmt::format("{:.2f}", value);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  if (text == "-0") text = "0";
  return text;
}

SvgWriter::SvgWriter(double width, double height, std::string_view title) {
  // xmlns makes a standalone .svg file valid; HTML inlining drops it (see document_html.cc).
  out_ = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" "
      "height=\"{1}\" role=\"img\" font-family=\"sans-serif\">\n",
      SvgNum(width), SvgNum(height));
  open_.push_back("svg");
  Indent();
  out_ += fmt::format("<title>{}</title>\n", EscapeXml(title));
  Rect(0, 0, width, height, "#ffffff");  // opaque: charts stay readable on dark viewers
}

void SvgWriter::Indent() { out_.append(2 * open_.size(), ' '); }

void SvgWriter::WriteAttrs(std::initializer_list<SvgAttr> attrs) {
  for (const SvgAttr& attr : attrs) {
    out_ += ' ';
    out_ += attr.name;
    out_ += "=\"";
    out_ += EscapeXml(attr.value);
    out_ += '"';
  }
}

void SvgWriter::Element(std::string_view tag, std::initializer_list<SvgAttr> attrs) {
  Indent();
  out_ += '<';
  out_ += tag;
  WriteAttrs(attrs);
  out_ += "/>\n";
}

void SvgWriter::Open(std::string_view tag, std::initializer_list<SvgAttr> attrs) {
  Indent();
  out_ += '<';
  out_ += tag;
  WriteAttrs(attrs);
  out_ += ">\n";
  open_.emplace_back(tag);
}

void SvgWriter::Close() {
  GPUPLAN_CHECK(open_.size() > 1, "SvgWriter::Close without a matching Open");
  std::string tag = std::move(open_.back());
  open_.pop_back();
  Indent();
  out_ += fmt::format("</{}>\n", tag);
}

void SvgWriter::AppendStroke(const StrokeStyle& stroke, std::string* attrs) {
  *attrs += fmt::format(" stroke=\"{}\" stroke-width=\"{}\"", EscapeXml(stroke.color),
                        SvgNum(stroke.width));
  if (!stroke.dash.empty())
    *attrs += fmt::format(" stroke-dasharray=\"{}\"", EscapeXml(stroke.dash));
}

void SvgWriter::Line(SvgPoint from, SvgPoint to, const StrokeStyle& stroke) {
  std::string attrs;
  AppendStroke(stroke, &attrs);
  Indent();
  out_ += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{}/>\n", SvgNum(from.x),
                      SvgNum(from.y), SvgNum(to.x), SvgNum(to.y), attrs);
}

void SvgWriter::Rect(double x, double y, double w, double h, std::string_view fill,
                     const StrokeStyle* stroke) {
  std::string attrs;
  if (stroke != nullptr) AppendStroke(*stroke, &attrs);
  Indent();
  out_ += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{}/>\n",
                      SvgNum(x), SvgNum(y), SvgNum(std::max(0.0, w)), SvgNum(std::max(0.0, h)),
                      EscapeXml(fill), attrs);
}

namespace {
std::string PointList(const std::vector<SvgPoint>& points) {
  std::string list;
  for (const SvgPoint& p : points) {
    if (!list.empty()) list += ' ';
    list += SvgNum(p.x) + ',' + SvgNum(p.y);
  }
  return list;
}
}  // namespace

void SvgWriter::Polyline(const std::vector<SvgPoint>& points, const StrokeStyle& stroke) {
  if (points.size() < 2) return;
  std::string attrs;
  AppendStroke(stroke, &attrs);
  Indent();
  out_ += fmt::format(
      "<polyline points=\"{}\" fill=\"none\"{} stroke-linejoin=\"round\" "
      "stroke-linecap=\"round\"/>\n",
      PointList(points), attrs);
}

void SvgWriter::Circle(SvgPoint center, double r, std::string_view fill,
                       const StrokeStyle* stroke) {
  std::string attrs;
  if (stroke != nullptr) AppendStroke(*stroke, &attrs);
  Indent();
  out_ += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\"{}/>\n", SvgNum(center.x),
                      SvgNum(center.y), SvgNum(r), EscapeXml(fill), attrs);
}

void SvgWriter::Polygon(const std::vector<SvgPoint>& points, std::string_view fill,
                        const StrokeStyle* stroke) {
  std::string attrs;
  if (stroke != nullptr) AppendStroke(*stroke, &attrs);
  Indent();
  out_ += fmt::format("<polygon points=\"{}\" fill=\"{}\"{}/>\n", PointList(points),
                      EscapeXml(fill), attrs);
}

void SvgWriter::Text(SvgPoint at, std::string_view text, const TextStyle& style) {
  std::string attrs = fmt::format("x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{}\"", SvgNum(at.x),
                                  SvgNum(at.y), SvgNum(style.size), EscapeXml(style.color));
  if (style.anchor != "start") attrs += fmt::format(" text-anchor=\"{}\"", style.anchor);
  if (style.bold) attrs += " font-weight=\"bold\"";
  if (style.rotate != 0) {
    attrs += fmt::format(" transform=\"rotate({} {} {})\"", SvgNum(style.rotate), SvgNum(at.x),
                         SvgNum(at.y));
  }
  if (style.halo) {
    attrs +=
        " stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"";
  }
  Indent();
  out_ += fmt::format("<text {}>{}</text>\n", attrs, EscapeXml(text));
}

std::string SvgWriter::Finish() {
  while (open_.size() > 1) Close();
  open_.clear();
  out_ += "</svg>\n";
  return std::move(out_);
}

}  // namespace gpuplan::report
