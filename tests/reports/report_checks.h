// Checks shared by the run and plan report tests: reading a rendered report back (the rows of a
// section's tables, the numbers in a cell) and asserting it is self-contained.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/util/json_value.h"

namespace gpuplan::report::testing {

// One table row of the rendered HTML: the cells (<th> and <td>) as plain text, entities decoded.
using HtmlRow = std::vector<std::string>;

// The HTML between <section id="ID"> and its </section>; "" when absent.
std::string HtmlSection(const std::string& html, std::string_view id);
// Every <tr> of `html` (key-value and data tables alike), in order.
std::vector<HtmlRow> HtmlRows(const std::string& html);
// Text of every callout title (<strong> inside div.callout) in `html`.
std::vector<std::string> CalloutTitles(const std::string& html);
// &amp; &lt; &gt; &quot; &#39; back to characters.
std::string DecodeEntities(std::string_view text);

// Numbers printed in `text` ("US$4,076", "209 – 227 ms", "1(8枚)"), as written: the value and the
// digits after the point, so a test can compare with the precision that was printed.
struct PrintedNumber {
  double value = 0;
  int decimals = 0;
};
std::vector<PrintedNumber> NumbersIn(std::string_view text);
// |printed - exact| within half a unit of the last printed digit; a percentage is compared with
// 100 x exact by the caller.
bool Matches(const PrintedNumber& printed, double exact);

// Every key and string value in `json` (recursively): the data a report quotes verbatim
// (descriptions, formulas, price sources), which may be English in any report language.
std::vector<std::string> StringsIn(const JsonValue& json);
// `html` without <pre> blocks and without every occurrence of each of `quoted` (as HTML-escaped
// text): what is left is the report's own words, which must all be in the report's language.
std::string WithoutQuotedData(std::string html, std::vector<std::string> quoted);

// Fails the current test when the page could reach the network or run code: no script, no
// external resource of any kind (src=, <link>, url(), @import), no event handler, and links only
// to in-page anchors. Text may mention a URL (a price source): it is not a reference.
void ExpectNoNetworkReferences(const std::string& html);

// JSON text edits that keep the rest of the text (and its layout) as it is, for tests that build
// a variant of a fixture file: the member `"key": value` is the first one at or after `from`;
// the value's extent is found by matching brackets outside strings. Both fail the current test
// (and return `json` unchanged) when there is no such member.
// `json` with that member's value replaced by `value` (JSON text).
std::string WithJsonMember(std::string json, std::string_view key, std::string_view value,
                           size_t from = 0);
// `json` without that member (and the comma that separated it from its neighbour): what a file
// written before the member existed looks like.
std::string WithoutJsonMember(std::string json, std::string_view key, size_t from = 0);

}  // namespace gpuplan::report::testing
