// Document -> one self-contained HTML5 page. Everything the page needs is inside it: the CSS in a
// <style> element, the charts as inline <svg>. A Content-Security-Policy forbids every fetch, so
// even a mistake could not make the page reach the network; there is no script at all.
#include <fmt/format.h>

#include <string>

#include "reports/document.h"
#include "reports/html_style.h"
#include "reports/text.h"

namespace gpuplan::report {
namespace {

// The SVG of a figure as HTML content: the HTML parser puts <svg> in the SVG namespace by itself,
// so the xmlns attribute (a namespace name that looks like a URL) is dropped.
std::string InlineSvg(std::string_view svg) {
  static constexpr std::string_view kXmlns = " xmlns=\"http://www.w3.org/2000/svg\"";
  std::string out(svg);
  size_t tag_end = out.find('>');
  size_t at = out.find(kXmlns);
  if (at != std::string::npos && at < tag_end) out.erase(at, kXmlns.size());
  return out;
}

std::string_view VerdictClass(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kFail:
      return "fail";
    case Verdict::kWarn:
      return "warn";
    case Verdict::kNote:
      return "note";
  }
  return "note";
}

class HtmlRenderer {
 public:
  explicit HtmlRenderer(const Document& doc) : doc_(doc), lang_(doc.lang()) {}

  std::string Render() {
    Head();
    out_ += "<body>\n<header>\n";
    out_ += fmt::format("<h1>{}</h1>\n", EscapeXml(doc_.title()));
    if (!doc_.subtitle().empty()) {
      out_ += fmt::format("<p class=\"subtitle\">{}</p>\n", EscapeXml(doc_.subtitle()));
    }
    out_ += "</header>\n";
    Contents();
    out_ += "<main>\n";
    int number = 0;
    for (const Section& section : doc_.sections()) SectionHtml(section, ++number);
    out_ += "</main>\n";
    if (!doc_.footer().empty()) {
      out_ += fmt::format("<footer>\n<p>{}</p>\n</footer>\n", EscapeXml(doc_.footer()));
    }
    out_ += "</body>\n</html>\n";
    return std::move(out_);
  }

 private:
  void Head() {
    out_ += fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n", LangCode(lang_));
    out_ += "<meta charset=\"utf-8\">\n";
    out_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out_ +=
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">\n";
    out_ += "<meta name=\"generator\" content=\"gpuplan\">\n";
    out_ += fmt::format("<title>{}</title>\n", EscapeXml(doc_.title()));
    out_ += fmt::format("<style>\n{}</style>\n</head>\n", kReportCss);
  }

  void Contents() {
    if (doc_.sections().size() < 2) return;
    out_ += fmt::format("<nav class=\"toc\">\n<h2>{}</h2>\n<ol>\n",
                        EscapeXml(Tr(lang_, Msg::kContents)));
    for (const Section& section : doc_.sections()) {
      out_ += fmt::format("<li><a href=\"#{}\">{}</a></li>\n", section.id(),
                          EscapeXml(section.title()));
    }
    out_ += "</ol>\n</nav>\n";
  }

  void SectionHtml(const Section& section, int number) {
    out_ += fmt::format("<section id=\"{}\">\n<h2>{}. {}</h2>\n", section.id(), number,
                        EscapeXml(section.title()));
    for (const Block& block : section.blocks()) {
      std::visit([this](const auto& b) { BlockHtml(b); }, block);
    }
    out_ += "</section>\n";
  }

  void BlockHtml(const Paragraph& p) { out_ += fmt::format("<p>{}</p>\n", EscapeXml(p.text)); }

  void BlockHtml(const KeyValueTable& table) {
    out_ += "<table class=\"kv\">\n";
    if (!table.caption.empty()) {
      out_ += fmt::format("<caption>{}</caption>\n", EscapeXml(table.caption));
    }
    for (const KeyValue& row : table.rows) {
      out_ += fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n", EscapeXml(row.key),
                          EscapeXml(row.value));
    }
    out_ += "</table>\n";
  }

  void BlockHtml(const DataTable& table) {
    out_ += "<table class=\"data\">\n";
    if (!table.caption.empty()) {
      out_ += fmt::format("<caption>{} {}</caption>\n",
                          EscapeXml(TrFormat(lang_, Msg::kTableNumber, ++tables_) + "."),
                          EscapeXml(table.caption));
    }
    out_ += "<thead><tr>";
    for (size_t c = 0; c < table.header.size(); ++c) {
      out_ += fmt::format("<th scope=\"col\"{}>{}</th>", AlignAttr(table, c),
                          EscapeXml(table.header[c]));
    }
    out_ += "</tr></thead>\n<tbody>\n";
    for (size_t r = 0; r < table.rows.size(); ++r) {
      bool highlight = table.highlight_row && *table.highlight_row == r;
      out_ += highlight ? "<tr class=\"highlight\">" : "<tr>";
      for (size_t c = 0; c < std::max(table.header.size(), table.rows[r].size()); ++c) {
        // Both branches string_view: a std::string branch would make the result a temporary copy.
        std::string_view cell =
            c < table.rows[r].size() ? std::string_view(table.rows[r][c]) : std::string_view();
        out_ += fmt::format("<td{}>{}</td>", AlignAttr(table, c), EscapeXml(cell));
      }
      out_ += "</tr>\n";
    }
    out_ += "</tbody>\n</table>\n";
  }

  void BlockHtml(const Figure& figure) {
    out_ += fmt::format("<figure id=\"{}\">\n{}", figure.id, InlineSvg(figure.svg));
    out_ += fmt::format("<figcaption><span class=\"label\">{}</span> {}</figcaption>\n</figure>\n",
                        EscapeXml(TrFormat(lang_, Msg::kFigureNumber, ++figures_) + "."),
                        EscapeXml(figure.caption));
  }

  void BlockHtml(const Callout& callout) {
    out_ += fmt::format(
        "<div class=\"callout {}\" role=\"note\">\n<p><span class=\"verdict\">{}</span>"
        "<strong>{}</strong></p>\n",
        VerdictClass(callout.verdict), EscapeXml(VerdictWord(callout.verdict, lang_)),
        EscapeXml(callout.title));
    if (!callout.text.empty()) out_ += fmt::format("<p>{}</p>\n", EscapeXml(callout.text));
    out_ += "</div>\n";
  }

  void BlockHtml(const Preformatted& pre) {
    out_ += "<div class=\"pre\">\n";
    if (!pre.caption.empty()) {
      out_ += fmt::format("<p class=\"pre-caption\">{}</p>\n", EscapeXml(pre.caption));
    }
    out_ += fmt::format("<pre>{}</pre>\n</div>\n", EscapeXml(pre.text));
  }

  static std::string_view AlignAttr(const DataTable& table, size_t column) {
    bool right = column < table.align.size() && table.align[column] == Align::kRight;
    return right ? " class=\"num\"" : "";
  }

  const Document& doc_;
  Lang lang_;
  std::string out_;
  int figures_ = 0;
  int tables_ = 0;
};

}  // namespace

std::string RenderHtml(const Document& doc) {
  doc.Validate();
  return HtmlRenderer(doc).Render();
}

}  // namespace gpuplan::report
