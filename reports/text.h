// Text helpers shared by the SVG, HTML and Markdown writers: escaping for each output language and
// an estimate of how wide a label will be drawn, which chart layout needs without a font engine.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gpuplan::report {

// Escapes & < > " ' for XML/HTML text and attribute values. Control characters other than tab and
// newline (not allowed in XML 1.0) are dropped, and invalid UTF-8 bytes become U+FFFD, so the
// result is always well-formed.
std::string EscapeXml(std::string_view text);

// Escapes the characters Markdown would read as markup (\ ` * _ [ ] < > # | and friends) so text
// appears literally. Newlines become spaces: a paragraph is one Markdown line.
std::string EscapeMarkdown(std::string_view text);

// Estimated drawn width, in px, of UTF-8 `text` in a generic sans-serif face at `font_size` px.
// Per-glyph classes (narrow, digit, wide, CJK) keep the estimate within ~15% for Latin text and
// on the safe (wide) side for Japanese, which is what keeps labels from overlapping.
double EstimateTextWidth(std::string_view text, double font_size);

// Splits `text` into lines whose estimated width fits `max_width`: at spaces in Latin text,
// between any two characters in Japanese (which has no spaces), never before 、。), and the like.
// A single word wider than the limit stays whole on its own line.
std::vector<std::string> WrapText(std::string_view text, double font_size, double max_width);

// Decodes one code point starting at text[*pos] and advances *pos; invalid bytes give U+FFFD.
char32_t NextCodePoint(std::string_view text, size_t* pos);

}  // namespace gpuplan::report
