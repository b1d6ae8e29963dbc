#include "sim/config/spec_fields.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "sim/core/suggest.h"

namespace gpuplan::detail {

namespace {

const Expect kPositive = Expect::Above(0);
const Expect kNonNegative = Expect::AtLeast(0);
const Expect kAtLeastOne = Expect::AtLeast(1);

template <class Spec, class M>
SpecField<Spec> Field(std::string name, M Spec::*member, Expect expect = {},
                      bool required = false) {
  return SpecField<Spec>{std::move(name), member, std::move(expect), required};
}

template <class Spec, class M>
SpecField<Spec> RequiredField(std::string name, M Spec::*member, Expect expect) {
  return Field<Spec>(std::move(name), member, std::move(expect), true);
}

}  // namespace

const std::vector<SpecField<GpuSpec>>& GpuFields() {
  using G = GpuSpec;
  static const std::vector<SpecField<G>> fields = {
      Field("display_name", &G::display_name),
      RequiredField("memory_gib", &G::memory_gib, kPositive),
      Field("usable_memory_gib", &G::usable_memory_gib, kNonNegative),
      RequiredField("hbm_tbps", &G::hbm_tbps, kPositive),
      RequiredField("bf16_tflops", &G::bf16_tflops, kPositive),
      Field("fp16_tflops", &G::fp16_tflops, kNonNegative),
      Field("fp8_tflops", &G::fp8_tflops, kNonNegative),
      Field("int8_tops", &G::int8_tops, kNonNegative),
      Field("interconnect", &G::interconnect,
            Expect::OneOf({std::begin(kInterconnects), std::end(kInterconnects)})),
      Field("interconnect_gbps", &G::interconnect_gbps, kNonNegative),
      Field("interconnect_latency_us", &G::interconnect_latency_us, kNonNegative),
      Field("pcie_gbps", &G::pcie_gbps, kNonNegative),
      Field("sm_count", &G::sm_count, kNonNegative),
      Field("tdp_w", &G::tdp_w, kNonNegative),
      Field("price_usd_per_gpu_hour", &G::price_usd_per_gpu_hour, kNonNegative),
      Field("price_date", &G::price_date),
      Field("price_source", &G::price_source),
      Field("price_tier", &G::price_tier,
            Expect::OneOf({std::begin(kPriceTiers), std::end(kPriceTiers)})),
      Field("price_region", &G::price_region),
  };
  return fields;
}

const std::vector<SpecField<ModelSpec>>& ModelFields() {
  using M = ModelSpec;
  static const std::vector<SpecField<M>> fields = {
      Field("display_name", &M::display_name),
      Field("hf_repo", &M::hf_repo),
      RequiredField("num_layers", &M::num_layers, kAtLeastOne),
      RequiredField("hidden_size", &M::hidden_size, kAtLeastOne),
      RequiredField("num_attention_heads", &M::num_attention_heads, kAtLeastOne),
      RequiredField("num_kv_heads", &M::num_kv_heads, kAtLeastOne),
      RequiredField("head_dim", &M::head_dim, kAtLeastOne),
      RequiredField("intermediate_size", &M::intermediate_size, kAtLeastOne),
      RequiredField("vocab_size", &M::vocab_size, kAtLeastOne),
      RequiredField("max_context_tokens", &M::max_context_tokens, kAtLeastOne),
      Field("gated_mlp", &M::gated_mlp),
      Field("tie_word_embeddings", &M::tie_word_embeddings),
  };
  return fields;
}

const std::vector<SpecField<EngineSpec>>& EngineFields() {
  using E = EngineSpec;
  static const std::vector<SpecField<E>> fields = {
      Field("display_name", &E::display_name),
      Field("version", &E::version),
      Field("scheduler", &E::scheduler),
      Field("max_num_seqs", &E::max_num_seqs, kAtLeastOne),
      Field("max_num_batched_tokens", &E::max_num_batched_tokens, kAtLeastOne),
      Field("block_size", &E::block_size, kAtLeastOne),
      Field("gpu_memory_utilization", &E::gpu_memory_utilization,
            Expect{.min = 0, .max = 1, .min_exclusive = true}),
      Field("enable_chunked_prefill", &E::enable_chunked_prefill),
      Field("preemption_mode", &E::preemption_mode, Expect::OneOf({"recompute", "swap"})),
      Field("watermark", &E::watermark, Expect{.min = 0, .max = 1, .max_exclusive = true}),
      Field("cpu_overhead_per_step_us", &E::cpu_overhead_per_step_us, kNonNegative),
      Field("cpu_overhead_per_request_us", &E::cpu_overhead_per_request_us, kNonNegative),
      Field("async_scheduling", &E::async_scheduling),
      Field("enable_prefix_caching", &E::enable_prefix_caching),
      Field("activation_reserve_gib", &E::activation_reserve_gib, kNonNegative),
      Field("all_reduce", &E::all_reduce, Expect::OneOf({"custom", "trtllm_auto", "nccl"})),
      Field("cuda_graph_mode", &E::cuda_graph_mode,
            Expect::OneOf({"piecewise", "full_decode_only", "none"})),
      Field("kv_memory_rule", &E::kv_memory_rule,
            Expect::OneOf({"vllm", "trtllm", "sglang", "fixed_reserve"})),
      Field("max_model_len", &E::max_model_len, kNonNegative),
      Field("num_gpu_blocks_override", &E::num_gpu_blocks_override, kNonNegative),
      Field("gpu_defaults", &E::gpu_defaults, Expect::OneOf({"vllm", "sglang", "none"})),
  };
  return fields;
}

template <>
const std::vector<SpecField<GpuSpec>>& FieldsOf<GpuSpec>() {
  return GpuFields();
}
template <>
const std::vector<SpecField<ModelSpec>>& FieldsOf<ModelSpec>() {
  return ModelFields();
}
template <>
const std::vector<SpecField<EngineSpec>>& FieldsOf<EngineSpec>() {
  return EngineFields();
}
template <>
std::string_view EntryNoun<GpuSpec>() {
  return "gpu";
}
template <>
std::string_view EntryNoun<ModelSpec>() {
  return "model";
}
template <>
std::string_view EntryNoun<EngineSpec>() {
  return "engine";
}

template <>
void CheckEntry<ModelSpec>(const ModelSpec& m, const std::string& path, ReadContext& context) {
  if (m.num_kv_heads > 0 && m.num_attention_heads % m.num_kv_heads != 0) {
    const std::string field = JoinPath(path, "num_kv_heads");
    context.diags().Add(
        context.LocationOf(field), field,
        fmt::format("{} does not divide num_attention_heads {}; expected a divisor of {} (each "
                    "KV head serves the same number of query heads)",
                    m.num_kv_heads, m.num_attention_heads, m.num_attention_heads));
  }
}
// A price says what kind of price it is and where it applies, so that a plan never compares a
// community price with an on-demand one unawares. A price overridden on a preset (`{preset:
// h100_sxm, price_usd_per_gpu_hour: 2.1}`) must restate its tier: the preset's would describe
// another price.
template <>
void CheckEntry<GpuSpec>(const GpuSpec& g, const std::string& path, ReadContext& context) {
  if (g.price_usd_per_gpu_hour <= 0) return;
  const auto overridden = [&g](const char* field) {
    const auto it = g.sources.find(field);
    return it != g.sources.end() && it->second.starts_with("override at ");
  };
  const std::string tiers = fmt::format("{}", fmt::join(kPriceTiers, ", "));
  const std::string field = JoinPath(path, "price_tier");
  const std::vector<Diagnostic>& reported = context.diags().items();
  if (std::any_of(reported.begin(), reported.end(),
                  [&](const Diagnostic& d) { return d.path == field; })) {
    return;  // a tier was written but refused: that error says it already
  }
  if (g.price_tier.empty()) {
    context.diags().Add(
        context.LocationOf(JoinPath(path, "price_usd_per_gpu_hour")), field,
        fmt::format("a price of {} $/GPU-hour without its tier; expected price_tier: one of {}",
                    g.price_usd_per_gpu_hour, tiers));
  } else if (overridden("price_usd_per_gpu_hour") && !overridden("price_tier")) {
    context.diags().Add(
        context.LocationOf(JoinPath(path, "price_usd_per_gpu_hour")), field,
        fmt::format("the price is overridden but its tier is the preset's ('{}'), which describes "
                    "the preset's price; expected price_tier beside it: one of {}",
                    g.price_tier, tiers));
  }
}
template <>
void CheckEntry<EngineSpec>(const EngineSpec&, const std::string&, ReadContext&) {}

namespace {

bool Contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

template <class Spec>
std::vector<std::string> NamesOf(const std::map<std::string, Spec>& presets) {
  std::vector<std::string> names;
  for (const auto& [name, spec] : presets) names.push_back(name);
  return names;
}

// Reads one field into `spec`. In override mode a given field also records its source.
template <class Spec>
void ReadField(YamlMap& map, const SpecField<Spec>& field, bool full_definition, Spec& spec) {
  std::visit(
      [&](auto member) {
        using T = std::remove_cvref_t<decltype(spec.*member)>;
        std::optional<YamlNode> child = map.Find(field.name);
        if (!child) {
          if (full_definition && field.required) {
            map.FailMissing(field.name, ExpectedText<T>(field.expect));
          }
          return;
        }
        if (std::optional<T> value = child->template As<T>(field.expect)) spec.*member = *value;
        if (!full_definition) spec.sources[field.name] = "override at " + LocText(child->loc());
      },
      field.member);
}

// `sources:` maps field names to where their values come from; explicit entries win over the
// "override at" notes, so a scenario can cite its own numbers.
template <class Spec>
void ReadSources(YamlMap& map, SourceMap& sources) {
  std::optional<YamlNode> node = map.Find("sources");
  if (!node) return;
  if (!node->IsMap()) {
    node->Fail(fmt::format("got {}; expected a map of field name -> where its value comes from",
                           node->Describe()));
    return;
  }
  YamlMap source_map(*node);
  for (const SpecField<Spec>& field : FieldsOf<Spec>()) {
    if (auto text = source_map.Optional<std::string>(field.name)) sources[field.name] = *text;
  }
  source_map.Finish();
}

template <class Spec>
void ReadFields(YamlMap& map, bool full_definition, const std::vector<std::string>& skip,
                Spec& spec) {
  for (const SpecField<Spec>& field : FieldsOf<Spec>()) {
    if (!Contains(skip, field.name)) ReadField(map, field, full_definition, spec);
  }
  ReadSources<Spec>(map, spec.sources);
}

// "a gpu", "an engine".
std::string WithArticle(std::string_view noun) {
  const bool vowel =
      !noun.empty() && std::string_view("aeiou").find(noun[0]) != std::string_view::npos;
  return fmt::format("{} {}", vowel ? "an" : "a", noun);
}

template <class Spec>
std::string UnknownPreset(const std::string& name, const std::map<std::string, Spec>& presets) {
  const std::vector<std::string> names = NamesOf(presets);
  return fmt::format("unknown {} '{}'{}; expected one of: {}", EntryNoun<Spec>(), name,
                     DidYouMean(name, names),
                     names.empty() ? "(none in the catalog)" : JoinNames(names));
}

std::string ReadName(YamlMap& map, bool required, std::string fallback) {
  std::optional<YamlNode> node = map.Find("name");
  if (!node) {
    if (required) map.FailMissing("name", "a non-empty name");
    return fallback;
  }
  std::optional<std::string> name = node->As<std::string>();
  if (name && name->empty()) node->Fail("empty name; expected a non-empty name");
  return name.value_or(fallback);
}

template <class Spec>
std::optional<Spec> ResolvePreset(YamlMap& map, const std::map<std::string, Spec>& presets,
                                  const std::vector<std::string>& skip) {
  const std::optional<YamlNode> preset_node = map.Find("preset");
  const std::optional<std::string> preset = preset_node->As<std::string>();
  if (!preset) return std::nullopt;
  auto it = presets.find(*preset);
  if (it == presets.end()) {
    preset_node->Fail(UnknownPreset(*preset, presets));
    return std::nullopt;
  }
  Spec spec = it->second;
  spec.name = ReadName(map, false, spec.name);
  ReadFields(map, false, skip, spec);
  CheckEntry(spec, map.path(), map.context());
  return spec;
}

template <class Spec>
std::optional<Spec> ResolveMap(YamlMap& map, const std::map<std::string, Spec>& presets,
                               const std::vector<std::string>& skip) {
  if (map.Has("preset")) return ResolvePreset(map, presets, skip);
  if (map.Has("name")) return ReadFullDefinition<Spec>(map, skip);
  // Most likely a misspelt `preset:`; say so at that key rather than only "neither is given".
  for (const auto& [key, value] : map.TakeRest()) {
    const std::string suggestion = DidYouMean(key, {"preset", "name"});
    if (!suggestion.empty()) {
      map.context().diags().Add(value.key_loc(), value.path(),
                                fmt::format("unknown key '{}'{}", key, suggestion));
      return std::nullopt;
    }
  }
  map.node().Fail(fmt::format(
      "neither 'preset' nor 'name' is given; expected {0} name, {{preset: NAME, <field>: "
      "value, ...}} or a full definition with 'name'",
      WithArticle(EntryNoun<Spec>())));
  return std::nullopt;
}

}  // namespace

template <class Spec>
Spec ReadFullDefinition(YamlMap& map, const std::vector<std::string>& skip) {
  Spec spec;
  spec.name = ReadName(map, true, "");
  ReadFields(map, true, skip, spec);
  CheckEntry(spec, map.path(), map.context());
  return spec;
}

template <class Spec>
std::optional<Spec> ResolveEntry(const YamlNode& node, const std::map<std::string, Spec>& presets,
                                 const std::vector<std::string>& skip,
                                 const std::function<void(YamlMap&)>& extra_keys) {
  if (node.IsScalar()) {
    auto it = presets.find(node.text());
    if (it != presets.end()) return it->second;
    node.Fail(UnknownPreset(node.text(), presets));
    return std::nullopt;
  }
  if (!node.IsMap()) {
    node.Fail(fmt::format("got {}; expected {} name or {{preset: NAME, <field>: value, ...}}",
                          node.Describe(), WithArticle(EntryNoun<Spec>())));
    return std::nullopt;
  }
  YamlMap map(node);
  std::optional<Spec> spec = ResolveMap(map, presets, skip);
  if (!spec) map.MarkAllUsed();  // the entry is unusable: its other keys would only add noise
  if (extra_keys) extra_keys(map);
  map.Finish();
  return spec;
}

template <class Spec>
void EmitEntry(YAML::Emitter& out, const Spec& spec, const std::vector<std::string>& skip,
               const std::function<void(YAML::Emitter&)>& extra) {
  out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << spec.name;
  for (const SpecField<Spec>& field : FieldsOf<Spec>()) {
    if (Contains(skip, field.name)) continue;
    // An unset choice ("", e.g. no price_tier without a price) is left out: "" is not one of the
    // choices, and the reader's default for an absent field is "" again.
    if (const auto* text = std::get_if<std::string Spec::*>(&field.member);
        text != nullptr && !field.expect.choices.empty() && (spec.*(*text)).empty()) {
      continue;
    }
    out << YAML::Key << field.name << YAML::Value;
    std::visit(
        [&](auto member) {
          using T = std::remove_cvref_t<decltype(spec.*member)>;
          if constexpr (std::is_same_v<T, double>) {
            out << NumberText(spec.*member);
          } else {
            out << spec.*member;
          }
        },
        field.member);
  }
  if (extra) extra(out);
  if (!spec.sources.empty()) {
    out << YAML::Key << "sources" << YAML::Value << YAML::BeginMap;
    for (const auto& [field, source] : spec.sources) {
      out << YAML::Key << field << YAML::Value << source;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

std::string NumberText(double value) { return fmt::format("{}", value); }

std::string LocText(const SourceLoc& loc) {
  if (loc.line <= 0) return loc.file;
  return fmt::format("{}:{}:{}", loc.file, loc.line, loc.column);
}

#define GPUPLAN_INSTANTIATE_ENTRY(S)                                                          \
  template S ReadFullDefinition<S>(YamlMap&, const std::vector<std::string>&);                \
  template std::optional<S> ResolveEntry<S>(const YamlNode&, const std::map<std::string, S>&, \
                                            const std::vector<std::string>&,                  \
                                            const std::function<void(YamlMap&)>&);            \
  template void EmitEntry<S>(YAML::Emitter&, const S&, const std::vector<std::string>&,       \
                             const std::function<void(YAML::Emitter&)>&);

GPUPLAN_INSTANTIATE_ENTRY(GpuSpec)
GPUPLAN_INSTANTIATE_ENTRY(ModelSpec)
GPUPLAN_INSTANTIATE_ENTRY(EngineSpec)

#undef GPUPLAN_INSTANTIATE_ENTRY

}  // namespace gpuplan::detail
