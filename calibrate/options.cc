#include "calibrate/options.h"

#include <algorithm>
#include <charconv>

#include "calibrate/errors.h"
#include "calibrate/harness/bundle_schema.h"

namespace gpuplan::calibrate {
namespace {

std::vector<std::string_view> SplitList(std::string_view flag, std::string_view text) {
  std::vector<std::string_view> items;
  while (true) {
    const size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    if (item.empty()) throw UsageError(std::string(flag) + ": empty item in list");
    items.push_back(item);
    if (comma == std::string_view::npos) break;
    text = text.substr(comma + 1);
  }
  return items;
}

template <typename T>
T ParseInteger(std::string_view flag, std::string_view text) {
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw UsageError(std::string(flag) + ": '" + std::string(text) + "' is not an integer");
  }
  return value;
}

std::vector<int> ParseTps(std::string_view text) {
  std::vector<int> tps;
  for (std::string_view item : SplitList("--tp", text)) {
    const int tp = ParseInteger<int>("--tp", item);
    if (tp <= 0 || tp > 64) throw UsageError("--tp: " + std::string(item) + " is not in 1..64");
    if (std::find(tps.begin(), tps.end(), tp) != tps.end()) {
      throw UsageError("--tp: " + std::string(item) + " given twice");
    }
    tps.push_back(tp);
  }
  return tps;
}

std::vector<Dtype> ParseDtypes(std::string_view text) {
  std::vector<Dtype> dtypes;
  for (std::string_view item : SplitList("--dtype", text)) {
    const auto dtype = ParseDtype(item);
    if (!dtype) throw UsageError("--dtype: unknown '" + std::string(item) + "' (known: bf16, fp8)");
    if (std::find(dtypes.begin(), dtypes.end(), *dtype) != dtypes.end()) {
      throw UsageError("--dtype: " + std::string(item) + " given twice");
    }
    dtypes.push_back(*dtype);
  }
  return dtypes;
}

std::vector<Family> ParseFamilies(std::string_view text) {
  std::vector<Family> families;
  for (std::string_view item : SplitList("--families", text)) {
    std::string_view name = item;
    if (name == "prefill") name = "prefill_attention";
    if (name == "decode") name = "decode_attention";
    bool found = false;
    for (Family family : AllFamilies()) {
      if (FamilyName(family) == name) {
        if (std::find(families.begin(), families.end(), family) == families.end()) {
          families.push_back(family);
        }
        found = true;
      }
    }
    if (!found) {
      throw UsageError("--families: unknown '" + std::string(item) +
                       "' (known: launch, gemm, prefill_attention, decode_attention, elementwise)");
    }
  }
  return families;
}

void AddModels(std::string_view text, std::vector<ModelShape>& models) {
  for (std::string_view name : SplitList("--model", text)) {
    const ModelShape* model = FindBuiltinModel(name);
    if (model == nullptr) {
      throw UsageError("--model: unknown '" + std::string(name) +
                       "' (built in: " + BuiltinModelNames() + "; use --shape for others)");
    }
    models.push_back(*model);
  }
}

bool IsBoolFlag(std::string_view flag) {
  return flag == "--quick" || flag == "--force" || flag == "--self-test" ||
         flag == "--list-models" || flag == "--help" || flag == "-h";
}

}  // namespace

std::string_view FamilyName(Family family) {
  switch (family) {
    case Family::kLaunch:
      return bundle_schema::kLaunch.stem;
    case Family::kGemm:
      return bundle_schema::kGemm.stem;
    case Family::kPrefillAttention:
      return bundle_schema::kPrefillAttention.stem;
    case Family::kDecodeAttention:
      return bundle_schema::kDecodeAttention.stem;
    case Family::kElementwise:
      return bundle_schema::kElementwise.stem;
  }
  return "unknown";
}

std::vector<Family> AllFamilies() {
  return {Family::kLaunch, Family::kGemm, Family::kPrefillAttention, Family::kDecodeAttention,
          Family::kElementwise};
}

Options ParseArgs(std::span<const std::string> args) {
  Options options;
  for (const std::string& arg : args) {
    if (!options.command_line.empty()) options.command_line += ' ';
    options.command_line += arg;
  }
  bool tp_given = false;
  bool dtype_given = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view flag = args[i];
    std::string_view value;
    bool has_value = false;
    if (const size_t equals = flag.find('='); flag.starts_with("--") && equals != flag.npos) {
      value = flag.substr(equals + 1);
      flag = flag.substr(0, equals);
      has_value = true;
    }
    if (IsBoolFlag(flag)) {
      if (has_value) throw UsageError(std::string(flag) + " takes no value");
      if (flag == "--quick") options.quick = true;
      if (flag == "--force") options.force = true;
      if (flag == "--self-test") options.self_test = true;
      if (flag == "--list-models") options.list_models = true;
      if (flag == "--help" || flag == "-h") options.help = true;
      continue;
    }
    const bool known = flag == "--model" || flag == "--shape" || flag == "--tp" ||
                       flag == "--dtype" || flag == "--out" || flag == "--families" ||
                       flag == "--device" || flag == "--seed";
    if (!known) throw UsageError("unknown argument '" + std::string(args[i]) + "'");
    if (!has_value) {
      if (i + 1 >= args.size()) throw UsageError(std::string(flag) + " needs a value");
      value = args[++i];
    }
    if (value.empty()) throw UsageError(std::string(flag) + " needs a value");
    if (flag == "--model") AddModels(value, options.models);
    if (flag == "--shape") options.models.push_back(ParseShapeSpec(value));
    if (flag == "--tp") {
      if (tp_given) throw UsageError("--tp given twice (use a list: --tp 1,2)");
      options.tps = ParseTps(value);
      tp_given = true;
    }
    if (flag == "--dtype") {
      if (dtype_given) throw UsageError("--dtype given twice (use a list: --dtype bf16,fp8)");
      options.dtypes = ParseDtypes(value);
      dtype_given = true;
    }
    if (flag == "--out") options.out_dir = std::string(value);
    if (flag == "--families") options.families = ParseFamilies(value);
    if (flag == "--device") {
      options.device = ParseInteger<int>("--device", value);
      if (options.device < 0) throw UsageError("--device must be >= 0");
    }
    if (flag == "--seed") options.seed = ParseInteger<uint64_t>("--seed", value);
  }
  if (options.families.empty()) options.families = AllFamilies();
  if (options.help || options.list_models || options.self_test) return options;
  if (options.out_dir.empty()) throw UsageError("--out DIR is required");
  if (options.models.empty()) throw UsageError("give at least one --model or --shape");
  for (size_t a = 0; a < options.models.size(); ++a) {
    for (size_t b = a + 1; b < options.models.size(); ++b) {
      if (options.models[a].name == options.models[b].name) {
        throw UsageError("model '" + options.models[a].name + "' given twice");
      }
    }
    for (int tp : options.tps) ShardForTp(options.models[a], tp);  // throws when tp doesn't fit
  }
  return options;
}

std::string UsageText() {
  return R"(gpuplan-calibrate: measure CUDA kernels on this GPU and write a calibration bundle.

Usage:
  gpuplan-calibrate --model NAME[,NAME...] [--shape SPEC]... --out DIR [options]
  gpuplan-calibrate --self-test [--device N]
  gpuplan-calibrate --list-models | --help

Options:
  --model LIST      built-in models (see --list-models), comma separated
  --shape SPEC      another model: hidden=4096,heads=32,kv_heads=8,head_dim=128,
                    intermediate=14336,vocab=128256[,name=my-model][,layers=32]; repeatable
  --tp LIST         tensor-parallel sizes whose per-GPU shapes to measure (default 1)
  --dtype LIST      bf16 and/or fp8 (e4m3, per-tensor scales; also fp8 KV cache) (default bf16)
  --out DIR         bundle directory (created; must be empty unless --force)
  --quick           fewer shapes and repeats (under 2 minutes on an H100)
  --families LIST   launch,gemm,prefill_attention,decode_attention,elementwise (default all;
                    the copy-bandwidth and peak-GEMM ceilings are always measured)
  --device N        CUDA device ordinal (default 0)
  --seed N          seed of the random inputs (default: from the clock; recorded in meta.txt)
  --self-test       check every kernel against its CPU reference on many shapes; time nothing;
                    exit code 1 when any check fails
  --force           allow writing into a non-empty --out
  --list-models     print the built-in model shapes
  --help            this text

Exit codes: 0 success, 1 failure (CUDA error, failed check), 2 bad command line.
)";
}

std::string ListModelsText() {
  std::string text = "name hidden heads kv_heads head_dim intermediate vocab layers source\n";
  for (const ModelShape& m : BuiltinModels()) {
    text += m.name + " " + std::to_string(m.hidden) + " " + std::to_string(m.heads) + " " +
            std::to_string(m.kv_heads) + " " + std::to_string(m.head_dim) + " " +
            std::to_string(m.intermediate) + " " + std::to_string(m.vocab) + " " +
            std::to_string(m.layers) + " " + m.source + "\n";
  }
  return text;
}

}  // namespace gpuplan::calibrate
