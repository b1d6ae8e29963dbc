#include "sim/calibration/reference_data.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include "sim/bundle/bundle_csv.h"
#include "sim/core/error.h"
#include "sim/util/options.h"
#include "sim/util/text_file.h"

namespace gpuplan {
namespace {

// A CSV file read whole, with columns found by name and cells parsed strictly.
class ReferenceCsv {
 public:
  explicit ReferenceCsv(const std::string& path) {
    if (const std::optional<std::string> problem = InputFileProblem(path)) {
      throw ConfigError(fmt::format("{}: {}; expected the published file", path, *problem));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(fmt::format("{}: cannot read; expected the published file", path));
    std::ostringstream text;
    text << in.rdbuf();
    doc_ = ParseCsv(text.str(), path, diags_);
    diags_.ThrowIfAny();
    for (size_t i = 0; i < doc_.header.cells.size(); ++i) index_[doc_.header.cells[i].text] = i;
  }

  size_t Column(const std::string& name) const {
    auto it = index_.find(name);
    if (it == index_.end()) {
      Diagnostics missing;
      missing.Add({doc_.path, 1, 1}, name, "missing column; expected the published schema");
      missing.ThrowIfAny();
    }
    return it->second;
  }
  const std::vector<CsvRecord>& rows() const { return doc_.rows; }

  const std::string& Text(const CsvRecord& r, size_t column) {
    if (column >= r.cells.size()) {
      Fail(r, column,
           fmt::format("{} cells; expected {}", r.cells.size(), doc_.header.cells.size()));
      static const std::string empty;
      return empty;
    }
    return r.cells[column].text;
  }
  double Number(const CsvRecord& r, size_t column) {
    const std::string& text = Text(r, column);
    const std::optional<double> v = ParseDouble(text);
    if (!v) Fail(r, column, fmt::format("'{}'; expected a number", text));
    return v.value_or(0);
  }
  int64_t Integer(const CsvRecord& r, size_t column) {
    const double v = Number(r, column);
    if (v != static_cast<double>(static_cast<int64_t>(v))) {
      Fail(r, column, fmt::format("'{}'; expected an integer", Text(r, column)));
    }
    return static_cast<int64_t>(v);
  }
  // Throws every problem found so far.
  void Finish() const { diags_.ThrowIfAny(); }

 private:
  void Fail(const CsvRecord& r, size_t column, const std::string& message) {
    if (diags_.size() < 20) diags_.Add(doc_.LocOf(r, column), "", message);
  }

  CsvDocument doc_;
  Diagnostics diags_;
  std::unordered_map<std::string, size_t> index_;
};

VidurStats ReadStats(ReferenceCsv& csv, const CsvRecord& r, const std::string& prefix) {
  VidurStats s;
  s.min_ms = csv.Number(r, csv.Column(prefix + ".min"));
  s.max_ms = csv.Number(r, csv.Column(prefix + ".max"));
  s.mean_ms = csv.Number(r, csv.Column(prefix + ".mean"));
  s.median_ms = csv.Number(r, csv.Column(prefix + ".median"));
  s.std_ms = csv.Number(r, csv.Column(prefix + ".std"));
  return s;
}

double MedianOf(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace

size_t VidurOpIndex(std::string_view op) {
  for (size_t i = 0; i < kVidurOps.size(); ++i) {
    if (kVidurOps[i] == op) return i;
  }
  GPUPLAN_CHECK(false, "unknown Vidur op '{}'", op);
  return 0;
}

VidurMlpProfile ReadVidurMlp(const std::string& path, const std::string& model_name) {
  ReferenceCsv csv(path);
  VidurMlpProfile p;
  p.path = path;
  p.shape.name = model_name;
  p.shape.source = path;
  for (const CsvRecord& r : csv.rows()) {
    VidurMlpRow row;
    row.line = r.line;
    row.num_tokens = csv.Integer(r, csv.Column("num_tokens"));
    row.tp = static_cast<int>(csv.Integer(r, csv.Column("num_tensor_parallel_workers")));
    for (size_t k = 0; k < kVidurOps.size(); ++k) {
      row.ops[k] = ReadStats(csv, r, "time_stats." + std::string(kVidurOps[k]));
    }
    if (p.rows.empty()) {
      p.shape.heads = static_cast<int>(csv.Integer(r, csv.Column("n_head")));
      p.shape.kv_heads = static_cast<int>(csv.Integer(r, csv.Column("n_kv_head")));
      p.shape.hidden = static_cast<int>(csv.Integer(r, csv.Column("n_embd")));
      p.shape.intermediate = static_cast<int>(csv.Integer(r, csv.Column("n_expanded_embd")));
      p.shape.vocab = static_cast<int>(csv.Integer(r, csv.Column("vocab_size")));
      p.shape.head_dim = p.shape.heads > 0 ? p.shape.hidden / p.shape.heads : 0;
      p.gated_mlp = csv.Text(r, csv.Column("use_gated_mlp")) == "True";
    }
    p.rows.push_back(row);
  }
  csv.Finish();
  return p;
}

std::vector<VidurNetworkRow> ReadVidurNetwork(const std::string& path,
                                              const std::string& collective) {
  ReferenceCsv csv(path);
  std::vector<VidurNetworkRow> rows;
  for (const CsvRecord& r : csv.rows()) {
    VidurNetworkRow row;
    row.line = r.line;
    row.bytes = csv.Integer(r, csv.Column("size"));
    row.num_gpus = static_cast<int>(csv.Integer(r, csv.Column("num_workers")));
    row.gpus_per_node = static_cast<int>(csv.Integer(r, csv.Column("devices_per_node")));
    row.rank = static_cast<int>(csv.Integer(r, csv.Column("rank")));
    row.stats = ReadStats(csv, r, "time_stats." + collective);
    rows.push_back(row);
  }
  csv.Finish();
  return rows;
}

std::vector<SplitwiseRow> ReadSplitwise(const std::string& path) {
  ReferenceCsv csv(path);
  using Key = std::tuple<std::string, std::string, int, int, int, int>;
  std::map<Key, std::pair<std::vector<double>, std::vector<double>>> groups;
  for (const CsvRecord& r : csv.rows()) {
    const Key key{csv.Text(r, csv.Column("model")),
                  csv.Text(r, csv.Column("hardware")),
                  static_cast<int>(csv.Integer(r, csv.Column("tensor_parallel"))),
                  static_cast<int>(csv.Integer(r, csv.Column("prompt_size"))),
                  static_cast<int>(csv.Integer(r, csv.Column("batch_size"))),
                  static_cast<int>(csv.Integer(r, csv.Column("token_size")))};
    groups[key].first.push_back(csv.Number(r, csv.Column("prompt_time")));
    groups[key].second.push_back(csv.Number(r, csv.Column("token_time")));
  }
  csv.Finish();
  std::vector<SplitwiseRow> rows;
  for (const auto& [key, times] : groups) {
    const auto& [model, hardware, tp, prompt, batch, output] = key;
    rows.push_back({model, hardware, tp, prompt, batch, output, MedianOf(times.first),
                    MedianOf(times.second), static_cast<int>(times.first.size())});
  }
  return rows;
}

}  // namespace gpuplan
