#include "sim/calibration/vidur_import.h"

#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "sim/bundle/bundle_writer.h"
#include "sim/calibration/reference_data.h"
#include "sim/core/error.h"

namespace gpuplan {
namespace {

constexpr double kUsPerMs = 1000.0;

TimingStats ToMicros(const VidurStats& s) {
  TimingStats t;
  t.min_us = s.min_ms * kUsPerMs;
  t.median_us = s.median_ms * kUsPerMs;
  t.mean_us = s.mean_ms * kUsPerMs;
  t.max_us = s.max_ms * kUsPerMs;
  t.std_us = s.std_ms * kUsPerMs;
  return t;  // Vidur publishes no p90 and no repeat count: left unrecorded
}

BundleRow Row(std::vector<std::string> key, std::vector<int64_t> numbers, const VidurStats& s) {
  BundleRow row;
  row.key = std::move(key);
  row.numbers = std::move(numbers);
  row.stats = ToMicros(s);
  return row;
}

// Vidur's folders name the GPU generation; its profiles come from DGX (SXM, 80 GB) nodes.
std::string VidurGpuName(const std::string& key) {
  if (key == "h100") return "NVIDIA H100 SXM 80GB";
  if (key == "a100") return "NVIDIA A100 SXM 80GB";
  return key;
}

}  // namespace

BundleTable VidurMlpTable(const VidurMlpProfile& profile, const std::string& model,
                          const std::vector<bool>* keep, size_t* dropped) {
  BundleTable table;
  table.family = BundleFamily::kMlpOps;
  std::set<std::pair<int64_t, int>> seen;
  for (size_t i = 0; i < profile.rows.size(); ++i) {
    const VidurMlpRow& r = profile.rows[i];
    if (keep != nullptr && !(*keep)[i]) continue;
    if (!seen.emplace(r.num_tokens, r.tp).second) {
      ++*dropped;
      continue;
    }
    for (size_t k = 0; k < kVidurOps.size(); ++k) {
      table.rows.push_back(Row({model, std::string(kVidurOps[k]), std::to_string(r.num_tokens),
                                std::to_string(r.tp), "bf16"},
                               {0, 0, r.num_tokens, r.tp, 0}, r.ops[k]));
    }
  }
  return table;
}

BundleTable VidurNetworkTable(BundleFamily family, const std::vector<VidurNetworkRow>& rows,
                              const std::string& link, size_t* dropped) {
  BundleTable table;
  table.family = family;
  std::set<std::tuple<int64_t, int, int>> seen;
  for (const VidurNetworkRow& r : rows) {
    if (r.rank != 0) continue;  // every rank times the same collective; rank 0 speaks for them
    if (!seen.emplace(r.bytes, r.num_gpus, r.gpus_per_node).second) {
      ++*dropped;
      continue;
    }
    table.rows.push_back(Row({std::to_string(r.bytes), std::to_string(r.num_gpus),
                              std::to_string(r.gpus_per_node), link},
                             {r.bytes, r.num_gpus, r.gpus_per_node, 0}, r.stats));
  }
  return table;
}

std::string BundleModelName(std::string_view folder) {
  std::string name;
  for (char c : folder) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_';
    name += ok ? c : '_';
  }
  return name;
}

namespace {

struct ImportCounts {
  size_t dropped_mlp = 0, dropped_network = 0;
};

void AddImportMeta(const VidurImportRequest& request, const VidurMlpProfile& profile,
                   const std::string& compute, const std::string& network,
                   const ImportCounts& counts, Bundle& bundle) {
  auto add = [&bundle](std::string key, std::string value) {
    bundle.meta.push_back({std::move(key), std::move(value), 0});
  };
  const std::string source = fmt::format("{}@{} data/profiling/", kVidurRepo, kVidurCommit);
  const BundleModel& s = bundle.models.front();
  add("schema_version", std::to_string(kBundleSchemaVersion));
  add("status", "complete");
  add("tool", "vidur-import");
  add("tool_version", request.tool_version);
  add("created_utc", request.created_utc.empty() ? UtcNowIso8601() : request.created_utc);
  add("gpu.name", fmt::format("{} (Vidur's '{}' profiles; network measured on {}_dgx nodes)",
                              VidurGpuName(request.gpu), request.gpu, request.gpu));
  add("source.repo", kVidurRepo);
  add("source.commit", kVidurCommit);
  add("source.license", kVidurLicense);
  add("source.compute", source + compute);
  add("source.network", source + network + "{all_reduce,send_recv}.csv");
  add("source.units", "milliseconds in the source; multiplied by 1000 here");
  add("source.statistics",
      "Vidur's min/median/mean/max/std over its repeats; no p90 or repeat count published");
  add("model." + s.name,
      fmt::format("hidden={},heads={},kv_heads={},head_dim={},intermediate={},vocab={},gated={},"
                  "source={}{}",
                  s.hidden, s.heads, s.kv_heads, s.head_dim, s.intermediate, s.vocab,
                  profile.gated_mlp ? 1 : 0, source, compute));
  add("collectives", "imported from Vidur's NCCL profiles (rank 0 rows)");
  add("ceilings", "not_measured (Vidur publishes per-op times only)");
  for (const BundleTable& t : bundle.tables) {
    add("rows." + std::string(t.schema().name), std::to_string(t.rows.size()));
  }
  int note = 0;
  if (counts.dropped_mlp > 0) {
    add(fmt::format("note.{}", ++note),
        fmt::format("mlp.csv measures {} (num_tokens, tp) pairs twice; the first row of each is "
                    "kept",
                    counts.dropped_mlp));
  }
  if (counts.dropped_network > 0) {
    add(fmt::format("note.{}", ++note),
        fmt::format("the network files measure {} (size, workers, devices per node) keys twice; "
                    "the first row of each is kept",
                    counts.dropped_network));
  }
}

}  // namespace

Bundle ImportVidur(const VidurImportRequest& request) {
  const std::string root = request.vidur_dir + "/";
  const std::string folder = std::filesystem::path(request.model).filename().string();
  const std::string compute = "compute/" + request.gpu + "/" + request.model + "/mlp.csv";
  const std::string link = request.gpu + "_dgx";
  const std::string network = "network/" + link + "/";
  const VidurMlpProfile profile = ReadVidurMlp(root + compute, folder);
  Bundle bundle;
  bundle.models.push_back(profile.shape);
  bundle.models.back().name = BundleModelName(folder);
  ImportCounts counts;
  bundle.tables.push_back(
      VidurMlpTable(profile, bundle.models.back().name, nullptr, &counts.dropped_mlp));
  for (const auto& [family, file] : {std::pair{BundleFamily::kAllReduce, "all_reduce"},
                                     {BundleFamily::kSendRecv, "send_recv"}}) {
    bundle.tables.push_back(
        VidurNetworkTable(family, ReadVidurNetwork(root + network + file + ".csv", file), link,
                          &counts.dropped_network));
  }
  AddImportMeta(request, profile, compute, network, counts, bundle);
  return bundle;
}

}  // namespace gpuplan
