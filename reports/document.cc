#include "reports/document.h"

#include <set>

#include "sim/core/error.h"
#include "sim/util/atomic_file.h"

namespace gpuplan::report {
namespace {

// Ids become URL fragments and file names: keep them to a portable alphabet.
bool IsValidId(std::string_view id) {
  if (id.empty()) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string_view VerdictWord(Verdict verdict, Lang lang) {
  switch (verdict) {
    case Verdict::kPass:
      return Tr(lang, Msg::kVerdictPass);
    case Verdict::kFail:
      return Tr(lang, Msg::kVerdictFail);
    case Verdict::kWarn:
      return Tr(lang, Msg::kVerdictWarn);
    case Verdict::kNote:
      return Tr(lang, Msg::kVerdictNote);
  }
  return Tr(lang, Msg::kVerdictNote);
}

Section::Section(std::string id, std::string title) : id_(std::move(id)), title_(std::move(title)) {
  GPUPLAN_CHECK(IsValidId(id_), "section id '{}' must be [a-z0-9-]+", id_);
}

Section& Section::AddParagraph(std::string text) {
  blocks_.emplace_back(Paragraph{std::move(text)});
  return *this;
}

Section& Section::AddKeyValues(std::vector<KeyValue> rows, std::string caption) {
  blocks_.emplace_back(KeyValueTable{std::move(caption), std::move(rows)});
  return *this;
}

Section& Section::AddTable(DataTable table) {
  GPUPLAN_CHECK(!table.highlight_row || *table.highlight_row < table.rows.size(),
                "highlight_row {} is past the {} rows of table '{}'", *table.highlight_row,
                table.rows.size(), table.caption);
  blocks_.emplace_back(std::move(table));
  return *this;
}

Section& Section::AddFigure(std::string id, std::string svg, std::string caption) {
  GPUPLAN_CHECK(IsValidId(id), "figure id '{}' must be [a-z0-9-]+", id);
  GPUPLAN_CHECK(svg.starts_with("<svg") && svg.find("</svg>") != std::string::npos,
                "figure '{}' is not an SVG document", id);
  blocks_.emplace_back(Figure{std::move(id), std::move(svg), std::move(caption)});
  return *this;
}

Section& Section::AddCallout(Verdict verdict, std::string title, std::string text) {
  blocks_.emplace_back(Callout{verdict, std::move(title), std::move(text)});
  return *this;
}

Section& Section::AddPreformatted(std::string text, std::string caption) {
  blocks_.emplace_back(Preformatted{std::move(caption), std::move(text)});
  return *this;
}

Document::Document(Lang lang, std::string title) : lang_(lang), title_(std::move(title)) {}

Section& Document::AddSection(std::string id, std::string title) {
  for (const Section& section : sections_) {
    GPUPLAN_CHECK(section.id() != id, "two sections with id '{}'", id);
  }
  return sections_.emplace_back(std::move(id), std::move(title));
}

void Document::Validate() const {
  std::set<std::string_view> ids;
  for (const Section& section : sections_) ids.insert(section.id());
  for (const Section& section : sections_) {
    for (const Block& block : section.blocks()) {
      const auto* figure = std::get_if<Figure>(&block);
      if (figure == nullptr) continue;
      GPUPLAN_CHECK(ids.insert(figure->id).second, "figure id '{}' is used twice (or by a section)",
                    figure->id);
    }
  }
}

std::vector<std::filesystem::path> WriteReport(const Document& doc,
                                               const std::filesystem::path& dir,
                                               std::string_view stem) {
  std::string html = RenderHtml(doc);
  MarkdownOutput markdown = RenderMarkdown(doc);
  std::filesystem::create_directories(dir);
  std::vector<std::filesystem::path> written;
  auto write = [&](const std::filesystem::path& relative, std::string_view contents) {
    std::filesystem::path path = dir / relative;
    std::filesystem::create_directories(path.parent_path());
    WriteFileAtomic(path, contents);
    written.push_back(path);
  };
  // Figures first: a reader who sees report.md already finds its figures.
  for (const OutputFile& file : markdown.files) write(file.path, file.contents);
  write(std::string(stem) + ".md", markdown.markdown);
  write(std::string(stem) + ".html", html);
  return written;
}

}  // namespace gpuplan::report
