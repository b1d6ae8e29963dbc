// Writes a Bundle in the format docs/calibration-format.md describes: meta.txt in entry order,
// then one CSV per table with its key columns, the seven statistics columns (empty cells for
// statistics an importer's source did not publish) and times with at most 3 decimals.
#pragma once

#include <string>

#include "sim/bundle/bundle.h"

namespace gpuplan {

// Microseconds with 3 decimals, trailing zeros dropped: 247.00000000000003 -> "247".
std::string FormatMicros(double us);

std::string FormatMetaText(const Bundle& bundle);

// The current time as meta.txt's created_utc writes it: 2026-11-21T10:11:31Z.
std::string UtcNowIso8601();
std::string FormatTableCsv(const BundleTable& table);

// Writes meta.txt, every table and the serving terms (with the values a fit started from when
// `term_defaults` is given) into `dir` (created when missing). Refuses a folder that already
// holds a meta.txt unless `overwrite`. Throws gpuplan::Error on I/O problems.
void WriteBundle(const Bundle& bundle, const std::string& dir, bool overwrite,
                 const ServingTermValues* term_defaults = nullptr);

}  // namespace gpuplan
