// Document -> Markdown (CommonMark with GitHub-style tables). Figures cannot be inlined in
// Markdown portably, so each becomes its own .svg file referenced by a relative path; the caption
// is repeated as text so a reader without images still knows what the chart shows.
#include <fmt/format.h>

#include <string>

#include "reports/document.h"
#include "reports/text.h"

namespace gpuplan::report {
namespace {

// One table row: "| a | b |", every cell escaped (| inside a cell would split it).
std::string Row(const std::vector<std::string>& cells, size_t columns, bool bold) {
  std::string row = "|";
  for (size_t c = 0; c < columns; ++c) {
    std::string cell = c < cells.size() ? EscapeMarkdown(cells[c]) : "";
    if (bold && !cell.empty()) cell = "**" + cell + "**";
    row += " " + cell + " |";
  }
  return row + "\n";
}

std::string Separator(const std::vector<Align>& align, size_t columns) {
  std::string row = "|";
  for (size_t c = 0; c < columns; ++c) {
    bool right = c < align.size() && align[c] == Align::kRight;
    row += right ? " ---: |" : " --- |";
  }
  return row + "\n";
}

class MarkdownRenderer {
 public:
  MarkdownRenderer(const Document& doc, std::string_view figure_dir)
      : doc_(doc), lang_(doc.lang()), figure_dir_(figure_dir) {}

  MarkdownOutput Render() {
    out_.markdown += fmt::format("# {}\n\n", EscapeMarkdown(doc_.title()));
    if (!doc_.subtitle().empty()) {
      out_.markdown += fmt::format("*{}*\n\n", EscapeMarkdown(doc_.subtitle()));
    }
    int number = 0;
    for (const Section& section : doc_.sections()) {
      out_.markdown += fmt::format("## {}\\. {}\n\n", ++number, EscapeMarkdown(section.title()));
      for (const Block& block : section.blocks()) {
        std::visit([this](const auto& b) { BlockMd(b); }, block);
      }
    }
    if (!doc_.footer().empty()) {
      out_.markdown += fmt::format("---\n\n{}\n", EscapeMarkdown(doc_.footer()));
    }
    return std::move(out_);
  }

 private:
  void BlockMd(const Paragraph& p) { out_.markdown += EscapeMarkdown(p.text) + "\n\n"; }

  void BlockMd(const KeyValueTable& table) {
    if (!table.caption.empty())
      out_.markdown += fmt::format("**{}**\n\n", EscapeMarkdown(table.caption));
    std::string& md = out_.markdown;
    md += Row({std::string(Tr(lang_, Msg::kColItem)), std::string(Tr(lang_, Msg::kColValue))}, 2,
              false);
    md += Separator({}, 2);
    for (const KeyValue& row : table.rows) md += Row({row.key, row.value}, 2, false);
    md += "\n";
  }

  void BlockMd(const DataTable& table) {
    std::string& md = out_.markdown;
    if (!table.caption.empty()) {
      md += fmt::format("**{}** {}\n\n",
                        EscapeMarkdown(TrFormat(lang_, Msg::kTableNumber, ++tables_) + "."),
                        EscapeMarkdown(table.caption));
    }
    size_t columns = table.header.size();
    for (const auto& row : table.rows) columns = std::max(columns, row.size());
    md += Row(table.header, columns, false);
    md += Separator(table.align, columns);
    for (size_t r = 0; r < table.rows.size(); ++r) {
      md += Row(table.rows[r], columns, table.highlight_row && *table.highlight_row == r);
    }
    md += "\n";
  }

  void BlockMd(const Figure& figure) {
    std::string path =
        figure_dir_.empty() ? figure.id + ".svg" : fmt::format("{}/{}.svg", figure_dir_, figure.id);
    std::string label = TrFormat(lang_, Msg::kFigureNumber, ++figures_) + ".";
    out_.markdown += fmt::format("![{} {}]({})\n\n*{}* {}\n\n", EscapeMarkdown(label),
                                 EscapeMarkdown(figure.caption), path, EscapeMarkdown(label),
                                 EscapeMarkdown(figure.caption));
    out_.files.push_back({path, figure.svg});
  }

  void BlockMd(const Callout& callout) {
    out_.markdown +=
        fmt::format("> **{}** {}\n", EscapeMarkdown(VerdictWord(callout.verdict, lang_)),
                    EscapeMarkdown(callout.title));
    if (!callout.text.empty())
      out_.markdown += fmt::format(">\n> {}\n", EscapeMarkdown(callout.text));
    out_.markdown += "\n";
  }

  // A fenced code block whose fence is longer than any run of backticks in the text, so the text
  // can never close it early.
  void BlockMd(const Preformatted& pre) {
    if (!pre.caption.empty())
      out_.markdown += fmt::format("**{}**\n\n", EscapeMarkdown(pre.caption));
    size_t longest = 0;
    size_t run = 0;
    for (char c : pre.text) {
      run = c == '`' ? run + 1 : 0;
      longest = std::max(longest, run);
    }
    std::string fence(std::max<size_t>(3, longest + 1), '`');
    std::string text = pre.text;
    if (!text.empty() && text.back() != '\n') text += '\n';
    out_.markdown += fmt::format("{}text\n{}{}\n\n", fence, text, fence);
  }

  const Document& doc_;
  Lang lang_;
  std::string figure_dir_;
  MarkdownOutput out_;
  int figures_ = 0;
  int tables_ = 0;
};

}  // namespace

MarkdownOutput RenderMarkdown(const Document& doc, std::string_view figure_dir) {
  doc.Validate();
  return MarkdownRenderer(doc, figure_dir).Render();
}

}  // namespace gpuplan::report
