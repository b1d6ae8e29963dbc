// ReadBundle: meta.txt, then every family file present, checked against
// docs/calibration-format.md section 5. Every problem is collected before throwing.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>

#include "sim/bundle/bundle.h"
#include "sim/bundle/bundle_csv.h"
#include "sim/bundle/serving_terms_csv.h"
#include "sim/core/error.h"
#include "sim/util/options.h"
#include "sim/util/text_file.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;
namespace bs = bundle_schema;

// Statistics may be off by the 3-decimal rounding writers apply.
constexpr double kRoundingUs = 0.001;
// The statistics columns in the order they are checked (TimingStats' fields, then repeats).
constexpr std::string_view kStatsColumns[] = {bs::kMinUs, bs::kMaxUs, bs::kMeanUs, bs::kMedianUs,
                                              bs::kP90Us, bs::kStdUs, bs::kRepeats};

bool ReadText(const fs::path& path, std::string* text) {
  if (InputFileProblem(path.string())) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *text = buffer.str();
  return true;
}

void CheckMetaValues(const std::string& path, Bundle& bundle, Diagnostics& diags) {
  const std::string version_key(bs::kKeySchemaVersion);
  const MetaEntry* version = bundle.FindMeta(version_key);
  if (version == nullptr) {
    diags.Add({path, 0, 0}, version_key,
              fmt::format("missing; expected {}={}", version_key, kBundleSchemaVersion));
  } else if (version->value != std::to_string(kBundleSchemaVersion)) {
    diags.Add({path, version->line, 1}, version_key,
              fmt::format("unknown schema version '{}'; expected {} (this gpuplan reads no other)",
                          version->value, kBundleSchemaVersion));
  }
  const std::string status_key(bs::kKeyStatus);
  const MetaEntry* status = bundle.FindMeta(status_key);
  if (status != nullptr && status->value != bs::kStatusComplete) {
    diags.Add({path, status->line, 1}, status_key,
              fmt::format("'{}'; expected {} (a run that stopped part way cannot be used)",
                          status->value, bs::kStatusComplete));
  } else if (status == nullptr) {
    diags.Add({path, 0, 0}, status_key,
              fmt::format("missing; expected {}={}", status_key, bs::kStatusComplete));
  }
  for (std::string_view key : bs::kRequiredMetaKeys) {
    if (bundle.FindMeta(key) == nullptr) {
      diags.Add({path, 0, 0}, std::string(key),
                "missing; every bundle must record it (format, section 3)");
    }
  }
  std::string shape_fields;
  for (std::string_view field : bs::kModelShapeFields) {
    shape_fields += fmt::format("{}{}=", shape_fields.empty() ? "" : ",", field);
  }
  for (const MetaEntry& e : bundle.meta) {
    if (!e.key.starts_with(bs::kKeyPrefixModel)) continue;
    BundleModel model;
    std::string error;
    if (ParseBundleModel(e.key.substr(bs::kKeyPrefixModel.size()), e.value, &model, &error)) {
      bundle.models.push_back(std::move(model));
    } else {
      diags.Add({path, e.line, 1}, e.key, error + "; expected " + shape_fields);
    }
  }
}

void ReadMeta(const fs::path& dir, Bundle& bundle, Diagnostics& diags) {
  const std::string path = (dir / bs::kMetaFile).string();
  std::string text;
  if (!ReadText(path, &text)) {
    diags.Add({path, 0, 0}, "", "cannot read; expected a bundle folder with meta.txt");
    return;
  }
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const size_t eq = line.find('=');
    const std::string key = line.substr(0, eq);
    if (eq == std::string::npos || !bs::IsValidMetaKey(key)) {
      diags.Add(
          {path, number, 1}, "",
          fmt::format("malformed line '{}'; expected key=value with a key of [a-z0-9_.]", line));
      continue;
    }
    if (const MetaEntry* first = bundle.FindMeta(key); first != nullptr) {
      diags.Add(
          {path, number, 1}, key,
          fmt::format("repeated key (first at line {}); expected each key once", first->line));
      continue;
    }
    bundle.meta.push_back({key, line.substr(eq + 1), number});
  }
  CheckMetaValues(path, bundle, diags);
}

// Column positions of one family file.
struct Columns {
  std::vector<size_t> keys;       // per schema key
  std::array<size_t, 7> stats{};  // per kStatsColumns entry
};

bool FindColumns(const CsvDocument& doc, const FamilySchema& schema, Columns* cols,
                 Diagnostics& diags) {
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < doc.header.cells.size(); ++i) {
    const std::string& name = doc.header.cells[i].text;
    if (!index.emplace(name, i).second) {
      diags.Add(doc.LocOf(doc.header, i), name, "repeated column; expected each column once");
      return false;
    }
  }
  bool ok = true;
  auto find = [&](std::string_view name, size_t* out) {
    auto it = index.find(std::string(name));
    if (it != index.end()) {
      *out = it->second;
      return;
    }
    diags.Add({doc.path, doc.header.line > 0 ? doc.header.line : 1, 1}, std::string(name),
              fmt::format("missing column; expected {}.csv to have it (format, sections 4 and 6)",
                          schema.name));
    ok = false;
  };
  cols->keys.resize(schema.keys.size());
  for (size_t i = 0; i < schema.keys.size(); ++i) find(schema.keys[i], &cols->keys[i]);
  for (size_t i = 0; i < std::size(kStatsColumns); ++i) find(kStatsColumns[i], &cols->stats[i]);
  return ok;
}

// Reads one statistics cell: a non-negative finite number, or empty where allowed.
bool ReadStat(const CsvDocument& doc, const CsvRecord& rec, size_t cell, std::string_view name,
              bool may_be_empty, double* out, Diagnostics& diags) {
  const std::string& text = rec.cells[cell].text;
  if (text.empty() && may_be_empty) return true;
  const std::optional<double> value = ParseDouble(text);
  if (!value || *value < 0) {
    diags.Add(doc.LocOf(rec, cell), std::string(name),
              fmt::format("'{}' is not a non-negative number; expected {}", text,
                          name == bs::kRepeats ? "an integer >= 1" : "microseconds"));
    return false;
  }
  *out = *value;
  return true;
}

bool ReadStats(const CsvDocument& doc, const CsvRecord& rec, const Columns& cols,
               const FamilySchema& schema, TimingStats* s, Diagnostics& diags) {
  double* targets[] = {&s->min_us, &s->max_us, &s->mean_us, &s->median_us, &s->p90_us, &s->std_us};
  bool ok = true;
  for (size_t i = 0; i < std::size(targets); ++i) {
    const bool optional =
        schema.importer_only && (kStatsColumns[i] == bs::kP90Us || kStatsColumns[i] == bs::kStdUs);
    ok &= ReadStat(doc, rec, cols.stats[i], kStatsColumns[i], optional, targets[i], diags);
  }
  const size_t rep = cols.stats[6];
  const std::string& text = rec.cells[rep].text;
  if (!(text.empty() && schema.importer_only)) {
    const std::optional<int64_t> repeats = ParseInt(text);
    if (!repeats || *repeats < 1) {
      diags.Add(doc.LocOf(rec, rep), std::string(bs::kRepeats),
                fmt::format("'{}'; expected an integer >= 1", text));
      ok = false;
    } else {
      s->repeats = *repeats;
    }
  }
  if (!ok) return false;
  const bool ordered =
      s->min_us <= s->median_us + kRoundingUs && s->median_us <= s->max_us + kRoundingUs &&
      s->min_us <= s->mean_us + kRoundingUs && s->mean_us <= s->max_us + kRoundingUs &&
      (std::isnan(s->p90_us) ||
       (s->median_us <= s->p90_us + kRoundingUs && s->p90_us <= s->max_us + kRoundingUs));
  if (!ordered) {
    diags.Add(doc.LocOf(rec, cols.stats[3]), std::string(bs::kMedianUs),
              fmt::format("statistics out of order (min {} median {} mean {} p90 {} max {}); "
                          "expected min <= median <= p90 <= max and min <= mean <= max",
                          s->min_us, s->median_us, s->mean_us, s->p90_us, s->max_us));
  }
  return ordered;
}

bool KnownOp(const FamilySchema& schema, const std::string& op) {
  for (std::string_view known : schema.known_ops) {
    if (known == op) return true;
  }
  return false;
}

// Reads the key cells; false (with a diagnostic) when one is malformed.
bool ReadKey(const CsvDocument& doc, const CsvRecord& rec, const Columns& cols,
             const FamilySchema& schema, BundleRow* row, Diagnostics& diags) {
  bool ok = true;
  for (size_t i = 0; i < schema.keys.size(); ++i) {
    const CsvCell& cell = rec.cells[cols.keys[i]];
    const std::string_view column = schema.keys[i];
    row->key.push_back(cell.text);
    row->numbers.push_back(0);
    if (bs::IsDtypeColumn(column)) {
      if (std::find(bs::kDtypes.begin(), bs::kDtypes.end(), cell.text) == bs::kDtypes.end()) {
        diags.Add(doc.LocOf(rec, cols.keys[i]), std::string(column),
                  fmt::format("'{}'; expected {} or {}", cell.text, bs::kDtypeBf16, bs::kDtypeFp8));
        ok = false;
      }
    } else if (!IsTextKey(column)) {
      const std::optional<int64_t> n = ParseInt(cell.text);
      if (!n || *n < 0) {
        diags.Add(doc.LocOf(rec, cols.keys[i]), std::string(column),
                  fmt::format("'{}'; expected a non-negative integer", cell.text));
        ok = false;
      } else {
        row->numbers.back() = *n;
        row->key.back() = std::to_string(*n);  // canonical, so "064" and "64" are one key
      }
    } else if (cell.text.empty()) {
      diags.Add(doc.LocOf(rec, cols.keys[i]), std::string(column), "empty; expected a name");
      ok = false;
    }
  }
  return ok;
}

std::string JoinKey(const std::vector<std::string>& key) {
  std::string joined;
  for (const std::string& k : key) joined += k + '\x1f';
  return joined;
}

void ReadRows(const CsvDocument& doc, const Columns& cols, const FamilySchema& schema,
              BundleTable& table, Diagnostics& diags) {
  std::unordered_map<std::string, int> first_line;
  const size_t op_column = schema.op_key.empty() ? SIZE_MAX : table.KeyIndex(schema.op_key);
  for (const CsvRecord& rec : doc.rows) {
    if (rec.cells.size() != doc.header.cells.size()) {
      diags.Add({doc.path, rec.line, 1}, "",
                fmt::format("{} cells; expected {} as in the header", rec.cells.size(),
                            doc.header.cells.size()));
      continue;
    }
    BundleRow row;
    row.line = rec.line;
    if (op_column != SIZE_MAX && !KnownOp(schema, rec.cells[cols.keys[op_column]].text)) {
      ++table.ignored_rows;  // a newer writer's op: allowed within schema 1
      continue;
    }
    if (!ReadKey(doc, rec, cols, schema, &row, diags)) continue;
    if (!ReadStats(doc, rec, cols, schema, &row.stats, diags)) continue;
    auto [it, fresh] = first_line.emplace(JoinKey(row.key), rec.line);
    if (!fresh) {
      diags.Add(
          {doc.path, rec.line, 1}, "",
          fmt::format("repeated key (first at line {}); expected one row per key", it->second));
      continue;
    }
    table.rows.push_back(std::move(row));
  }
}

void ReadTable(const fs::path& dir, const FamilySchema& schema, Bundle& bundle,
               Diagnostics& diags) {
  const fs::path path = dir / (std::string(schema.name) + std::string(bs::kCsvSuffix));
  if (!fs::exists(path)) return;
  std::string text;
  BundleTable table;
  table.family = schema.family;
  table.path = path.string();
  if (!ReadText(path, &text)) {
    diags.Add({table.path, 0, 0}, "", "cannot read the file");
    return;
  }
  const CsvDocument doc = ParseCsv(text, table.path, diags);
  if (doc.header.cells.empty()) {
    diags.Add({table.path, 1, 1}, "", "no header line; expected the column names first");
    return;
  }
  Columns cols;
  if (!FindColumns(doc, schema, &cols, diags)) return;
  ReadRows(doc, cols, schema, table, diags);
  bundle.tables.push_back(std::move(table));
}

void ReadServingTerms(const fs::path& dir, Bundle& bundle, Diagnostics& diags) {
  const fs::path path = dir / kServingTermsFile;
  if (!fs::exists(path)) return;
  std::string text;
  if (!ReadText(path, &text)) {
    diags.Add({path.string(), 0, 0}, "", "cannot read the file");
    return;
  }
  ParseServingTermsCsv(text, path.string(), &bundle.serving_terms, diags);
}

// A bundle with thousands of bad rows would bury the first problem; keep the first few per file.
Diagnostics Trimmed(const Diagnostics& all) {
  constexpr size_t kPerFile = 20;
  std::map<std::string, size_t> seen;  // ordered, so messages come out the same every run
  Diagnostics kept;
  for (const Diagnostic& d : all.items()) {
    const size_t n = ++seen[d.loc.file];
    if (n <= kPerFile) kept.Add(d.loc, d.path, d.message);
  }
  for (const auto& [file, n] : seen) {
    if (n > kPerFile) {
      kept.Add({file, 0, 0}, "", fmt::format("{} more problems in this file", n - kPerFile));
    }
  }
  return kept;
}

}  // namespace

Bundle ReadBundle(const std::string& dir) {
  Bundle bundle;
  bundle.dir = dir;
  Diagnostics diags;
  if (!fs::is_directory(dir)) {
    diags.Add({dir, 0, 0}, "", "not a folder; expected a calibration bundle folder");
    diags.ThrowIfAny();
  }
  ReadMeta(dir, bundle, diags);
  for (const FamilySchema& schema : BundleFamilies()) ReadTable(dir, schema, bundle, diags);
  ReadServingTerms(dir, bundle, diags);
  Trimmed(diags).ThrowIfAny();
  return bundle;
}

}  // namespace gpuplan
