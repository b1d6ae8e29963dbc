#include "sim/latency/calibrated_registry.h"

#include <filesystem>
#include <map>
#include <mutex>

#include "sim/latency/calibrated_model.h"
#include "sim/latency/roofline_options.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;

std::vector<OptionSpec> CalibratedOptionSpecs() {
  std::vector<OptionSpec> specs;
  OptionSpec bundle;
  bundle.name = "bundle";
  bundle.type = OptionType::kString;
  bundle.required = true;
  bundle.help =
      "calibration bundle: a name under configs/calibration/<gpu>/ or a folder path (relative "
      "to the scenario file)";
  specs.push_back(std::move(bundle));
  OptionSpec fallback;
  fallback.name = "fallback";
  fallback.type = OptionType::kEnum;
  fallback.choices = {"roofline"};
  fallback.default_value = "roofline";
  fallback.help = "model for ops and sizes the bundle did not measure (the roofline options below)";
  specs.push_back(std::move(fallback));
  for (OptionSpec& s : RooflineOptionSpecs()) specs.push_back(std::move(s));
  return specs;
}

bool IsBareName(const std::string& bundle) {
  return bundle.find('/') == std::string::npos && !bundle.starts_with(".");
}

// A key that changes when a bundle's files change, so an edited bundle is read again.
std::string FolderStamp(const fs::path& dir) {
  std::string stamp = fs::weakly_canonical(dir).string();
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    if (!e.is_regular_file(ec)) continue;
    stamp += fmt::format("|{}:{}:{}", e.path().filename().string(), e.file_size(ec),
                         e.last_write_time(ec).time_since_epoch().count());
  }
  return stamp;
}

// The bundle the options name, read and shared; nullptr with a diagnostic when it cannot be.
std::shared_ptr<const Bundle> LoadNamedBundle(const std::string& bundle, OptionReporter& reader,
                                              const LatencyContext& c, std::string* dir_out) {
  std::vector<std::string> tried;
  const std::optional<std::string> dir = ResolveBundleDir(
      bundle, c.gpu.name, {.base_dir = c.base_dir, .catalog_root = c.catalog_root}, &tried);
  if (!dir) {
    std::string where;
    for (size_t i = 0; i < tried.size() && i < 4; ++i) where += (i ? ", " : "") + tried[i];
    reader.Fail("bundle", fmt::format("calibration bundle '{}' not found (looked in {}{}); "
                                      "expected a bundle name under configs/calibration/{}/ or "
                                      "a bundle folder",
                                      bundle, where, tried.size() > 4 ? ", ..." : "", c.gpu.name));
    return nullptr;
  }
  try {
    *dir_out = *dir;
    return LoadSharedBundle(*dir);
  } catch (const ConfigError& e) {
    for (const Diagnostic& d : e.diagnostics()) reader.diagnostics().Add(d.loc, d.path, d.message);
    reader.Fail("bundle", fmt::format("calibration bundle '{}' ({}) is malformed (see above); "
                                      "expected a bundle that `gpuplan calibration validate` "
                                      "accepts",
                                      bundle, *dir));
    return nullptr;
  }
}

LatencyModelPtr MakeCalibrated(const CalibratedOptions& options, OptionReporter& reporter,
                               const LatencyContext& c) {
  std::string dir;
  const std::shared_ptr<const Bundle> loaded = LoadNamedBundle(options.bundle, reporter, c, &dir);
  if (loaded == nullptr) return nullptr;
  return std::make_shared<CalibratedLatencyModel>(c.model, c.gpu, c.deployment, c.engine, *loaded,
                                                  options.fallback);
}

}  // namespace

CalibratedOptions ReadCalibratedOptions(OptionReader& reader) {
  CalibratedOptions options;
  options.fallback = ReadRooflineOptions(reader);
  options.bundle = reader.String("bundle");
  reader.String("fallback");  // one choice today; read so a wrong one is reported
  return options;
}

std::optional<std::string> ResolveBundleDir(const std::string& bundle, const std::string& gpu,
                                            const BundleSearch& where,
                                            std::vector<std::string>* tried) {
  auto found = [&](const fs::path& p) {
    tried->push_back(p.lexically_normal().string());
    return fs::is_directory(p);
  };
  if (bundle.empty()) return std::nullopt;
  if (!IsBareName(bundle)) {
    // Lexically first: the scenario's own folder need not exist (an in-memory scenario).
    const fs::path given(bundle);
    const fs::path p =
        (given.is_absolute() || where.base_dir.empty() ? given : fs::path(where.base_dir) / given)
            .lexically_normal();
    if (found(p)) return p.string();
    return std::nullopt;
  }
  const fs::path rel = fs::path("calibration") / gpu / bundle;
  if (!where.catalog_root.empty() && found(fs::path(where.catalog_root) / rel)) {
    return (fs::path(where.catalog_root) / rel).lexically_normal().string();
  }
  if (where.base_dir.empty()) return std::nullopt;
  for (fs::path dir = fs::path(where.base_dir).lexically_normal();; dir = dir.parent_path()) {
    for (const fs::path& p : {dir / rel, dir / "configs" / rel}) {
      if (found(p)) return p.lexically_normal().string();
    }
    if (dir == dir.parent_path() || dir.empty()) break;
  }
  return std::nullopt;
}

std::shared_ptr<const Bundle> LoadSharedBundle(const std::string& dir) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const Bundle>> cache;
  const std::string stamp = FolderStamp(dir);
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (auto it = cache.find(stamp); it != cache.end()) return it->second;
  }
  auto bundle = std::make_shared<const Bundle>(ReadBundle(dir));  // outside the lock: slow
  std::lock_guard<std::mutex> lock(mutex);
  return cache.emplace(stamp, std::move(bundle)).first->second;
}

ServingFitBase ServingFitBaseOf(const std::string& kind, const ParamTable& options,
                                const LatencyContext& c) {
  Diagnostics diags;
  ServingFitBase base;
  if (kind == "roofline") {
    const std::vector<OptionSpec> specs = RooflineOptionSpecs();
    OptionReader reader(options, specs, diags);
    base.fallback = ReadRooflineOptions(reader);
    base.bundle = std::make_shared<const Bundle>();
  } else if (kind == "calibrated") {
    const std::vector<OptionSpec> specs = CalibratedOptionSpecs();
    OptionReader reader(options, specs, diags);
    const CalibratedOptions calibrated = ReadCalibratedOptions(reader);
    base.fallback = calibrated.fallback;
    if (diags.empty())
      base.bundle = LoadNamedBundle(calibrated.bundle, reader, c, &base.bundle_dir);
  } else {
    diags.Add({}, "latency.kind",
              fmt::format("a load-test fit adjusts the roofline or a calibrated model, not '{}'; "
                          "expected latency.kind roofline or calibrated",
                          kind));
  }
  diags.ThrowIfAny();
  return base;
}

void RegisterCalibratedLatencyModel(LatencyRegistry& registry) {
  registry.Add("calibrated",
               "per-op times measured on the GPU (a calibration bundle, interpolated in log "
               "size), the roofline for ops and sizes it lacks (docs/validation.md)",
               CalibratedOptionSpecs(), ReadCalibratedOptions, MakeCalibrated);
}

}  // namespace gpuplan
