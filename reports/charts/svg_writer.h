// SvgWriter: emits SVG 1.1 text element by element. Every attribute value and every text node is
// escaped here, so chart code cannot forget to; every number goes through SvgNum, so the same
// chart always gives the same bytes.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace gpuplan::report {

// A coordinate or length with at most two decimals and no trailing zeros ("12.5", "3", "-0.25");
// never "-0", and non-finite values print as "0" so a bad input cannot break the document.
std::string SvgNum(double value);

struct SvgAttr {
  std::string_view name;
  std::string value;  // raw text; escaped when written
};

struct SvgPoint {
  double x = 0;
  double y = 0;
};

struct StrokeStyle {
  std::string_view color = "#000000";
  double width = 1;
  std::string_view dash;  // SVG dasharray, e.g. "6 3"; empty for solid
};

struct TextStyle {
  double size = 12;
  std::string_view anchor = "start";  // start | middle | end
  std::string_view color = "#222222";
  bool bold = false;
  double rotate = 0;  // degrees about (x, y)
  bool halo = false;  // white outline behind the glyphs, for labels drawn over data
};

class SvgWriter {
 public:
  // Opens the root element: a fixed viewBox of width x height so the chart scales as a whole,
  // a generic font family, and a <title> for screen readers and tooltips.
  SvgWriter(double width, double height, std::string_view title);

  // <tag attrs.../>
  void Element(std::string_view tag, std::initializer_list<SvgAttr> attrs);
  // <tag attrs...> ... Close()
  void Open(std::string_view tag, std::initializer_list<SvgAttr> attrs);
  void Close();

  void Line(SvgPoint from, SvgPoint to, const StrokeStyle& stroke);
  void Rect(double x, double y, double w, double h, std::string_view fill,
            const StrokeStyle* stroke = nullptr);
  void Polyline(const std::vector<SvgPoint>& points, const StrokeStyle& stroke);
  void Circle(SvgPoint center, double r, std::string_view fill, const StrokeStyle* stroke);
  // A closed polygon, used for marker shapes.
  void Polygon(const std::vector<SvgPoint>& points, std::string_view fill,
               const StrokeStyle* stroke);
  void Text(SvgPoint at, std::string_view text, const TextStyle& style);

  // Closes every open element and returns the document. The writer is spent afterwards.
  std::string Finish();

 private:
  void Indent();
  void WriteAttrs(std::initializer_list<SvgAttr> attrs);
  static void AppendStroke(const StrokeStyle& stroke, std::string* attrs);

  std::string out_;
  std::vector<std::string> open_;  // tags awaiting Close()
};

}  // namespace gpuplan::report
