// A minimal well-formedness checker for the SVG and HTML the report writers produce, so tests can
// fail on an unclosed tag, an unquoted attribute or a stray '&' without an XML library.
#pragma once

#include <string>
#include <string_view>

namespace gpuplan::report::testing {

// "" when `text` is well-formed XML (one root element, every tag closed in order, attributes
// quoted and not repeated, '&' only in entities, no '<' in attribute values); else the first
// problem and its byte offset.
std::string CheckXml(std::string_view text);

// The same rules for an HTML5 document as our writer emits it: a leading <!DOCTYPE html>, void
// elements (<meta>, <br>, ...) without a closing tag, and <style> content taken as raw text.
std::string CheckHtml(std::string_view text);

}  // namespace gpuplan::report::testing
