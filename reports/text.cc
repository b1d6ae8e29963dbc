#include "reports/text.h"

namespace gpuplan::report {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Width of one glyph in ems; coarse classes of a typical sans-serif face.
double GlyphEms(char32_t cp) {
  if (cp >= 0x2E80) return 1.0;  // CJK, kana, full-width forms
  if (cp >= 0x80) return 0.6;
  switch (cp) {
    case 'i':
    case 'j':
    case 'l':
    case 'I':
    case '.':
    case ',':
    case ':':
    case ';':
    case '\'':
    case '|':
    case '!':
    case ' ':
      return 0.3;
    case 'f':
    case 't':
    case 'r':
    case '(':
    case ')':
    case '[':
    case ']':
    case '/':
    case '-':
      return 0.38;
    case 'm':
    case 'w':
    case 'M':
    case 'W':
    case '%':
    case '@':
      return 0.88;
    default:
      break;
  }
  if (cp >= 'A' && cp <= 'Z') return 0.68;
  if (cp >= '0' && cp <= '9') return 0.56;
  return 0.54;
}

bool IsWide(char32_t cp) { return cp >= 0x2E80; }

// Closing punctuation that Japanese typesetting keeps off the start of a line (kinsoku).
bool NoBreakBefore(char32_t cp) {
  switch (cp) {
    case U'、':
    case U'。':
    case U'，':
    case U'．':
    case U'）':
    case U'」':
    case U'』':
    case U'：':
    case U'ー':
    case U')':
      return true;
    default:
      return false;
  }
}

// Breakable pieces of `text`: words (with their trailing spaces) and single wide characters.
std::vector<std::string> Tokens(std::string_view text) {
  std::vector<std::string> tokens;
  bool may_break = false;
  for (size_t pos = 0; pos < text.size();) {
    size_t start = pos;
    char32_t cp = NextCodePoint(text, &pos);
    std::string_view piece = text.substr(start, pos - start);
    bool glue = !tokens.empty() && (NoBreakBefore(cp) || cp == ' ');
    if (!glue && (tokens.empty() || may_break || IsWide(cp))) {
      tokens.emplace_back(piece);
    } else {
      tokens.back() += piece;
    }
    // A break may follow a space or a wide character (but spaces stay with their word).
    may_break = cp == ' ' || IsWide(cp);
  }
  return tokens;
}

}  // namespace

std::vector<std::string> WrapText(std::string_view text, double font_size, double max_width) {
  std::vector<std::string> lines;
  std::string line;
  for (const std::string& token : Tokens(text)) {
    std::string candidate = line + token;
    size_t end = candidate.find_last_not_of(' ');
    double width = EstimateTextWidth(candidate.substr(0, end + 1), font_size);
    if (!line.empty() && width > max_width) {
      lines.push_back(line.substr(0, line.find_last_not_of(' ') + 1));
      line = token;
    } else {
      line = std::move(candidate);
    }
  }
  size_t end = line.find_last_not_of(' ');
  if (end != std::string::npos) lines.push_back(line.substr(0, end + 1));
  return lines;
}

char32_t NextCodePoint(std::string_view text, size_t* pos) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(*pos);
  if (lead < 0x80) {
    ++*pos;
    return lead;
  }
  int extra = (lead >> 5) == 0x6 ? 1 : (lead >> 4) == 0xE ? 2 : (lead >> 3) == 0x1E ? 3 : -1;
  if (extra < 0 || *pos + extra >= text.size()) {
    ++*pos;
    return kReplacement;
  }
  char32_t cp = lead & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    unsigned char next = byte(*pos + k);
    if ((next & 0xC0) != 0x80) {
      ++*pos;
      return kReplacement;
    }
    cp = (cp << 6) | (next & 0x3F);
  }
  *pos += extra + 1;
  bool overlong =
      (extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000);
  if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kReplacement;
  return cp;
}

std::string EscapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t pos = 0; pos < text.size();) {
    char32_t cp = NextCodePoint(text, &pos);
    switch (cp) {
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
        if (cp < 0x20 && cp != '\t' && cp != '\n') break;  // not allowed in XML 1.0
        AppendUtf8(cp, &out);
    }
  }
  return out;
}

std::string EscapeMarkdown(std::string_view text) {
  // Escaped anywhere: characters that open emphasis, code, links, HTML, tables or entities.
  static constexpr std::string_view kInline = "\\`*_[]<>|~&";
  // Escaped only where a line starts: they would make a heading, list or rule there.
  static constexpr std::string_view kLineStart = "#+-=";
  std::string out;
  out.reserve(text.size() + 8);
  size_t digits = 0;  // leading digits: "1." or "1)" would start an ordered list
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n' || c == '\r') c = ' ';
    bool list_number = digits == i && (c == '.' || c == ')') && i > 0;
    if (c >= '0' && c <= '9' && digits == i) ++digits;
    bool at_start = i == 0 && kLineStart.find(c) != std::string_view::npos;
    if (kInline.find(c) != std::string_view::npos || at_start || list_number) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

double EstimateTextWidth(std::string_view text, double font_size) {
  double ems = 0;
  for (size_t pos = 0; pos < text.size();) ems += GlyphEms(NextCodePoint(text, &pos));
  return ems * font_size;
}

}  // namespace gpuplan::report
