#include "sim/bundle/bundle_writer.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>

#include "sim/bundle/serving_terms_csv.h"
#include "sim/core/error.h"
#include "sim/util/atomic_file.h"
#include "sim/util/csv_writer.h"

namespace gpuplan {

std::string FormatMicros(double us) {
  std::string text = fmt::format("{:.3f}", us);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text == "-0" ? "0" : text;
}

std::string UtcNowIso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::string FormatMetaText(const Bundle& bundle) {
  std::string text;
  for (const MetaEntry& e : bundle.meta) text += e.key + "=" + e.value + "\n";
  return text;
}

std::string FormatTableCsv(const BundleTable& table) {
  CsvWriter csv;
  for (std::string_view key : table.schema().keys) csv.Text(key);
  for (std::string_view column : bundle_schema::kStatsColumns) csv.Text(column);
  csv.EndRow();
  auto optional = [&csv](double us) {
    if (std::isnan(us)) {
      csv.Empty();
    } else {
      csv.Text(FormatMicros(us));
    }
  };
  for (const BundleRow& row : table.rows) {
    for (const std::string& k : row.key) csv.Text(k);
    const TimingStats& s = row.stats;
    csv.Text(FormatMicros(s.min_us)).Text(FormatMicros(s.median_us)).Text(FormatMicros(s.mean_us));
    optional(s.p90_us);
    csv.Text(FormatMicros(s.max_us));
    optional(s.std_us);
    if (s.repeats > 0) {
      csv.Int(s.repeats);
    } else {
      csv.Empty();
    }
    csv.EndRow();
  }
  return csv.TakeString();
}

void WriteBundle(const Bundle& bundle, const std::string& dir, bool overwrite,
                 const ServingTermValues* term_defaults) {
  namespace fs = std::filesystem;
  if (fs::exists(fs::path(dir) / bundle_schema::kMetaFile) && !overwrite) {
    throw Error(fmt::format("{} already holds a bundle; pass --force to replace it", dir));
  }
  fs::create_directories(dir);
  for (const BundleTable& t : bundle.tables) {
    WriteFileAtomic(
        fs::path(dir) / (std::string(t.schema().name) + std::string(bundle_schema::kCsvSuffix)),
        FormatTableCsv(t));
  }
  if (bundle.HasServingTerms()) {
    WriteFileAtomic(fs::path(dir) / kServingTermsFile,
                    FormatServingTermsCsv(bundle.serving_terms, term_defaults));
  }
  // meta.txt last: a folder without it is not a bundle, so an interrupted write is never used.
  WriteFileAtomic(fs::path(dir) / bundle_schema::kMetaFile, FormatMetaText(bundle));
}

}  // namespace gpuplan
